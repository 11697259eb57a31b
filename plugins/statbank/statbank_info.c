/*
 * statbank_info.c - StatBank's tableinfo answer: the table's id, text,
 * unit and "updated" stamp, and its variables (id, text, "time": true for
 * the time variable, values [{id, text}]).  Parsed whole with jansson (the
 * document is small); strings stay in the parsed document.
 */
#include "config.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "statbank.h"

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
    AMB_PRINTF(4, 5);

/* Format a message into err; returns rc. */
static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* An optional string member: 0 with *out (NULL when absent or null), or
 * -1 when it is something else. */
static int opt_member(json_t *obj, const char *key, const char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = json_string_value(v);
    return (!v || json_is_null(v) || *out) ? 0 : -1;
}

/* The values list of one variable into var. */
static int read_values(json_t *list, statbank_var *var, const char *where,
                       char *err, size_t errlen)
{
    if (!json_is_array(list))
        return fail(err, errlen, AMB_EPARSE,
                    "%s: variable %s has no values list", where, var->id);
    size_t n = json_array_size(list);
    var->values = calloc(n ? n : 1, sizeof *var->values);
    if (!var->values)
        return fail(err, errlen, AMB_ENOMEM, "%s: out of memory", where);
    var->nvalues = n;
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(list, i);
        statbank_value *val = &var->values[i];
        val->id = json_string_value(json_object_get(v, "id"));
        if (!json_is_object(v) || !val->id ||
            opt_member(v, "text", &val->text) < 0)
            return fail(err, errlen, AMB_EPARSE,
                        "%s: variable %s: values[%zu] needs a string id and "
                        "a string text", where, var->id, i);
    }
    return 0;
}

/* Every variable of the variables list into info. */
static int read_vars(json_t *list, statbank_info *info, const char *where,
                     char *err, size_t errlen)
{
    if (!json_is_array(list) || json_array_size(list) == 0)
        return fail(err, errlen, AMB_EPARSE,
                    "%s: no variables list (is this a tableinfo answer in "
                    "format JSON?)", where);
    size_t n = json_array_size(list);
    info->vars = calloc(n, sizeof *info->vars);
    if (!info->vars)
        return fail(err, errlen, AMB_ENOMEM, "%s: out of memory", where);
    info->nvars = n;
    int have_time = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(list, i);
        statbank_var *var = &info->vars[i];
        var->id = json_string_value(json_object_get(v, "id"));
        if (!json_is_object(v) || !var->id || !*var->id ||
            opt_member(v, "text", &var->text) < 0)
            return fail(err, errlen, AMB_EPARSE,
                        "%s: variables[%zu] needs a non-empty string id and "
                        "a string text", where, i);
        for (size_t j = 0; j < i; j++)
            if (strcmp(info->vars[j].id, var->id) == 0)
                return fail(err, errlen, AMB_EPARSE,
                            "%s: variable %s appears twice", where, var->id);
        json_t *t = json_object_get(v, "time");
        if (t && !json_is_boolean(t))
            return fail(err, errlen, AMB_EPARSE,
                        "%s: variable %s: time must be true or false", where,
                        var->id);
        var->time = json_is_true(t);
        if (var->time && !have_time) {
            info->time_var = i;
            have_time = 1;
        }
        int rc = read_values(json_object_get(v, "values"), var, where, err,
                             errlen);
        if (rc)
            return rc;
    }
    if (!have_time)
        return fail(err, errlen, AMB_EPARSE,
                    "%s: no variable is marked \"time\": true", where);
    return 0;
}

/* Build info from a parsed document (taken over, also on failure). */
static int read_root(json_t *root, statbank_info *info, const char *where,
                     char *err, size_t errlen)
{
    info->root = root;
    if (!json_is_object(root))
        return fail(err, errlen, AMB_EPARSE,
                    "%s: a tableinfo answer is a JSON object", where);
    if (opt_member(root, "id", &info->id) < 0 ||
        opt_member(root, "text", &info->text) < 0 ||
        opt_member(root, "unit", &info->unit) < 0 ||
        opt_member(root, "updated", &info->updated) < 0)
        return fail(err, errlen, AMB_EPARSE,
                    "%s: id, text, unit and updated must be strings", where);
    return read_vars(json_object_get(root, "variables"), info, where, err,
                     errlen);
}

int statbank_info_load_mem(const char *data, size_t len, const char *where,
                           statbank_info *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (len > STATBANK_MAX_INFO_BYTES)
        return fail(err, errlen, AMB_ELIMIT,
                    "%s: larger than %zu bytes", where,
                    STATBANK_MAX_INFO_BYTES);
    json_error_t jerr;
    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return fail(err, errlen, AMB_EPARSE, "%s:%d:%d: %s", where, jerr.line,
                    jerr.column, jerr.text);
    int rc = read_root(root, out, where, err, errlen);
    if (rc)
        statbank_info_free(out);
    return rc;
}

int statbank_info_load_file(const char *path, const char *where,
                            statbank_info *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return fail(err, errlen, AMB_EIO, "%s: cannot open %s", where, path);
    size_t cap = 1 << 16, len = 0;
    char *data = malloc(cap);
    int rc = data ? 0 : AMB_ENOMEM;
    while (rc == 0) {
        if (len == cap) {
            char *grown = cap <= STATBANK_MAX_INFO_BYTES
                              ? realloc(data, cap * 2) : NULL;
            if (!grown) {
                rc = cap > STATBANK_MAX_INFO_BYTES ? AMB_ELIMIT : AMB_ENOMEM;
                break;
            }
            data = grown;
            cap *= 2;
        }
        size_t n = fread(data + len, 1, cap - len, fp);
        len += n;
        if (n == 0)
            rc = ferror(fp) ? AMB_EIO : 1;
    }
    fclose(fp);
    if (rc == 1)
        rc = statbank_info_load_mem(data, len, where, out, err, errlen);
    else if (rc == AMB_ELIMIT)
        fail(err, errlen, rc, "%s: larger than %zu bytes", where,
             STATBANK_MAX_INFO_BYTES);
    else
        fail(err, errlen, rc, "%s: cannot read %s", where, path);
    free(data);
    return rc;
}

void statbank_info_free(statbank_info *info)
{
    for (size_t i = 0; i < info->nvars; i++)
        free(info->vars[i].values);
    free(info->vars);
    json_decref(info->root);
    memset(info, 0, sizeof *info);
}

/* ------------------------------------------------------------ lookups */

int statbank_same_folded(const char *a, const char *b)
{
    for (;;) {
        unsigned char x = (unsigned char)*a++, y = (unsigned char)*b++;
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return 0;
        if (!x)
            return 1;
        if (x != 0xC3)
            continue;
        /* U+00C0..U+00DE but U+00D7 (0xC3 0x80..0x9E) fold to the small
         * letters (0xC3 0xA0..0xBE): Å å, Æ æ, Ø ø */
        unsigned char p = (unsigned char)*a++, q = (unsigned char)*b++;
        if (p >= 0x80 && p <= 0x9E && p != 0x97)
            p = (unsigned char)(p + 0x20);
        if (q >= 0x80 && q <= 0x9E && q != 0x97)
            q = (unsigned char)(q + 0x20);
        if (p != q || !p)
            return 0;
    }
}

long statbank_info_find(const statbank_info *info, const char *name)
{
    for (size_t i = 0; i < info->nvars; i++)
        if (strcmp(info->vars[i].id, name) == 0)
            return (long)i;
    for (size_t i = 0; i < info->nvars; i++)
        if (statbank_same_folded(info->vars[i].id, name))
            return (long)i;
    for (size_t i = 0; i < info->nvars; i++)
        if (info->vars[i].text &&
            statbank_same_folded(info->vars[i].text, name))
            return (long)i;
    return -1;
}

void statbank_info_var_list(const statbank_info *info, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < info->nvars && used < len; i++) {
        int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
                         info->vars[i].id);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}
