/*
 * sdmx_emit.c - what both syntaxes hand to the host: dataset ids and their
 * numbering, dataset_begin with the labels the options give, observations
 * with their OBS_VALUE parsed, and the end-of-message checks.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sdmx.h"

void sdmx_emit_init(sdmx_emit *e, amb_ctx *ctx, const amb_host *host,
                    const sdmx_opts *opts, const char *file,
                    const char *origin)
{
    memset(e, 0, sizeof *e);
    e->ctx = ctx;
    e->host = host;
    e->opts = opts;
    e->file = file;
    e->origin = origin;
}

void sdmx_emit_free(sdmx_emit *e)
{
    free(e->id);
    for (size_t i = 0; i < e->nused; i++)
        free(e->used[i]);
    free(e->used);
    free(e->label_used);
    e->id = NULL;
    e->used = NULL;
    e->label_used = NULL;
    e->nused = 0;
}

amb_rc sdmx_fail(const sdmx_emit *e, amb_rc rc, long line, const char *fmt,
                 ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0)
        return e->host->fail(e->ctx, rc, "%s:%ld: %s", e->file, line, msg);
    return e->host->fail(e->ctx, rc, "%s: %s", e->file, msg);
}

void sdmx_excerpt(const char *s, char *out, size_t max)
{
    size_t n = strlen(s);
    if (n < max) {
        memcpy(out, s, n + 1);
        return;
    }
    /* cut before max-4 bytes, backing off to a UTF-8 character start */
    size_t cut = max > 4 ? max - 4 : 0;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    memcpy(out, s, cut);
    memcpy(out + cut, "...", 4);
}

/* ------------------------------------------------------------ values */

/* Whether s[0..n) is "NaN" in any letter case. */
static int is_nan_text(const char *s, size_t n)
{
    return n == 3 && (s[0] == 'N' || s[0] == 'n') &&
           (s[1] == 'A' || s[1] == 'a') && (s[2] == 'N' || s[2] == 'n');
}

/* Convert the validated decimal s[0..n) with strtod, whose decimal mark
 * follows LC_NUMERIC: '.' is replaced by the locale's mark. */
static int convert_slow(const char *s, size_t n, double *out)
{
    char buf[512];
    const char *dp = localeconv()->decimal_point;
    size_t dplen = dp && *dp ? strlen(dp) : 1, len = 0;
    for (size_t i = 0; i < n; i++) {
        const char *add = &s[i];
        size_t addlen = 1;
        if (s[i] == '.') {
            add = dp && *dp ? dp : ".";
            addlen = dplen;
        }
        if (len + addlen >= sizeof buf)
            return -1;
        memcpy(buf + len, add, addlen);
        len += addlen;
    }
    buf[len] = '\0';
    char *end;
    double d = strtod(buf, &end);
    if (end != buf + len || !isfinite(d))
        return -1;
    *out = d;
    return 1;
}

int sdmx_parse_value(const char *s, double *out)
{
    if (!s)
        return 0;
    size_t a = 0, b = strlen(s);
    while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' ||
                     s[a] == '\n'))
        a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' ||
                     s[b - 1] == '\r' || s[b - 1] == '\n'))
        b--;
    if (a == b || is_nan_text(s + a, b - a))
        return 0;
    /* xs:decimal or xs:double: sign, digits, '.', digits, exponent.  Up to
     * 15 significant digits and a decimal exponent within +-22 convert
     * exactly as mantissa * or / a power of ten (both exact doubles, one
     * correctly rounded operation); anything else goes through strtod. */
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                                 1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
                                 1e18, 1e19, 1e20, 1e21, 1e22};
    size_t i = a, digits = 0, sig = 0;
    int neg = 0;
    long scale = 0, exp10 = 0;
    uint64_t mant = 0;
    if (s[i] == '+' || s[i] == '-')
        neg = s[i++] == '-';
    for (int frac = 0; frac < 2; frac++) {
        if (frac) {
            if (i >= b || s[i] != '.')
                break;
            i++;
        }
        for (; i < b && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
            if (mant == 0 && s[i] == '0') {
                scale -= frac;           /* a leading zero */
                continue;
            }
            if (sig < 16) {
                mant = mant * 10 + (uint64_t)(s[i] - '0');
                sig++;
                scale -= frac;
            } else {
                scale += !frac;          /* dropped: only the slow path */
            }
        }
    }
    if (digits == 0)
        return -1;
    if (i < b && (s[i] == 'e' || s[i] == 'E')) {
        int eneg = 0;
        size_t edigits = 0;
        i++;
        if (i < b && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        for (; i < b && s[i] >= '0' && s[i] <= '9'; i++, edigits++)
            if (exp10 < 100000)
                exp10 = exp10 * 10 + (s[i] - '0');
        if (edigits == 0)
            return -1;
        if (eneg)
            exp10 = -exp10;
    }
    if (i != b)
        return -1;
    long e = exp10 + scale;
    if (sig <= 15 && e >= -22 && e <= 22) {
        double v = (double)mant;
        v = e < 0 ? v / p10[-e] : v * p10[e];
        *out = neg && mant ? -v : v;
        return 1;
    }
    return convert_slow(s + a, b - a, out);
}

/* ------------------------------------------------------------ datasets */

static int id_used(const sdmx_emit *e, const char *id)
{
    for (size_t i = 0; i < e->nused; i++)
        if (strcmp(e->used[i], id) == 0)
            return 1;
    return 0;
}

amb_rc sdmx_emit_dataset_id(sdmx_emit *e, const char *derived, long line,
                            char **out)
{
    *out = NULL;
    e->position++;
    const char *base = e->opts->dataset ? e->opts->dataset : derived;
    if (!base || !*base)
        return sdmx_fail(e, AMB_EPARSE, line,
                         "DataSet %u has no id (no datasetID, setID, "
                         "structureRef or keyFamilyURI, and no DataSetID in "
                         "the header): set the option 'dataset'",
                         e->position);
    int numbered = (e->opts->dataset && e->group) || id_used(e, base);
    size_t n = strlen(base) + 16;
    char *id = malloc(n);
    if (!id)
        return sdmx_fail(e, AMB_ENOMEM, line, "out of memory");
    if (numbered)
        snprintf(id, n, "%s-%u", base, e->position);
    else
        memcpy(id, base, strlen(base) + 1);
    *out = id;
    return AMB_OK;
}

/* Store the labels of dimension dim (index, or AMB_DIM_TIME) named name. */
static amb_rc store_labels(sdmx_emit *e, size_t dim, const char *name)
{
    const amb_opt *labels = e->opts->labels;
    for (size_t j = 0; labels && j < labels->count; j++) {
        const amb_opt *m = &labels->items[j];
        if (!m->key || strcmp(m->key, name) != 0)
            continue;
        e->label_used[j] = 1;
        for (size_t c = 0; c < m->count; c++) {
            amb_rc rc = e->host->dim_label(e->ctx, dim, m->items[c].key,
                                           NULL, m->items[c].string);
            if (rc < 0)
                return rc;
        }
    }
    return AMB_OK;
}

amb_rc sdmx_emit_begin(sdmx_emit *e, char *id, size_t ndims,
                       const char *const *dims, const char *time_id)
{
    sdmx_emit_end(e);
    e->id = id;
    amb_dim d[AMB_MAX_DIMS];
    for (size_t i = 0; i < ndims; i++) {
        d[i].id = dims[i];
        d[i].label = NULL;
    }
    amb_dataset_desc desc = {
        .id = id, .title = e->opts->title, .unit = e->opts->unit,
        .ndims = ndims, .dims = d, .time_id = time_id,
        .origin = e->origin};
    amb_rc rc = e->host->dataset_begin(e->ctx, &desc);
    if (rc < 0)
        return rc;
    e->open = 1;
    e->ds_obs = 0;
    e->datasets++;
    char **grown = realloc(e->used, (e->nused + 1) * sizeof *grown);
    char *copy = malloc(strlen(id) + 1);
    if (grown)
        e->used = grown;
    if (!grown || !copy) {
        free(copy);
        return sdmx_fail(e, AMB_ENOMEM, 0, "out of memory");
    }
    memcpy(copy, id, strlen(id) + 1);
    e->used[e->nused++] = copy;
    if (e->opts->labels && !e->label_used) {
        e->label_used = calloc(e->opts->labels->count + 1, 1);
        if (!e->label_used)
            return sdmx_fail(e, AMB_ENOMEM, 0, "out of memory");
    }
    for (size_t i = 0; i < ndims; i++)
        if ((rc = store_labels(e, i, dims[i])) < 0)
            return rc;
    return store_labels(e, AMB_DIM_TIME, time_id);
}

amb_rc sdmx_emit_observe(sdmx_emit *e, const char *const *codes,
                         const char *period, const char *value,
                         const char *flag, long line)
{
    double v = 0;
    int got = sdmx_parse_value(value, &v);
    if (got < 0) {
        char shown[48];
        sdmx_excerpt(value, shown, sizeof shown);
        return sdmx_fail(e, AMB_EPARSE, line, "OBS_VALUE '%s' is not a number",
                         shown);
    }
    amb_rc rc = e->host->observe(e->ctx, codes, period, v, got,
                                 flag && *flag ? flag : NULL);
    if (rc < 0)
        return rc;
    e->ds_obs++;
    e->obs++;
    return AMB_OK;
}

void sdmx_emit_end(sdmx_emit *e)
{
    if (e->open && e->host->log)
        e->host->log(e->ctx, AMB_LOG_INFO, "sdmx: dataset %s: %llu "
                     "observations from %s", e->id,
                     (unsigned long long)e->ds_obs, e->file);
    e->open = 0;
    free(e->id);
    e->id = NULL;
}

amb_rc sdmx_emit_finish(sdmx_emit *e)
{
    sdmx_emit_end(e);
    if (e->obs == 0)
        return sdmx_fail(e, AMB_EPARSE, 0,
                         "the message holds no observations (nothing stored)");
    const amb_opt *labels = e->opts->labels;
    for (size_t j = 0; labels && e->host->log && j < labels->count; j++)
        if (!e->label_used || !e->label_used[j])
            e->host->log(e->ctx, AMB_LOG_WARNING,
                         "sdmx: labels.%s matches no dimension of %s",
                         labels->items[j].key, e->file);
    return AMB_OK;
}
