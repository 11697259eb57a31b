/*
 * statbank_request.c - the statbank plugin's options and the two requests
 * it makes: GET {base}/tableinfo/{table}?format=JSON&lang=L and POST
 * {base}/data with a JSON body built with jansson (UTF-8 variable ids such
 * as "OMRÅDE" are sent as UTF-8).
 */
#include "config.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "statbank.h"

static int errf(char *err, size_t errlen, int rc, const char *fmt, ...)
    AMB_PRINTF(4, 5);

/* Format a message into err; returns rc. */
static int errf(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

const char *statbank_format_name(statbank_format f)
{
    return f == STATBANK_CSV ? "CSV" : f == STATBANK_JSONSTAT ? "JSONSTAT"
                                                              : "BULK";
}

/* ------------------------------------------------------------ options */

/* An optional non-empty string option into *out (NULL when absent). */
static int opt_str(const amb_opt *options, const char *key, const char **out,
                   char *err, size_t errlen)
{
    const amb_opt *v = amb_opt_get(options, key);
    *out = NULL;
    if (!v || v->type == AMB_OPT_NIL)
        return 0;
    if (v->type != AMB_OPT_STRING || !*v->string)
        return errf(err, errlen, AMB_ECONFIG,
                    "statbank: option '%s' must be a non-empty string", key);
    *out = v->string;
    return 0;
}

/* Every key of the option table must be known; timeOrder gets a reason. */
static int check_keys(const amb_opt *options, char *err, size_t errlen)
{
    static const char *const known[] = {
        "plugin", "schedule", "table", "variables", "lang", "format",
        "base_url", "dataset", "title", "unit", NULL};
    for (size_t i = 0; i < options->count; i++) {
        const char *k = options->items[i].key ? options->items[i].key : "?";
        if (strcasecmp(k, "timeOrder") == 0)
            return errf(err, errlen, AMB_ECONFIG,
                        "statbank: option '%s' is not supported: BULK "
                        "output cannot be ordered, and ambit stores periods "
                        "as keys, so the order is never needed", k);
        size_t j = 0;
        while (known[j] && strcmp(known[j], k) != 0)
            j++;
        if (!known[j])
            return errf(err, errlen, AMB_ECONFIG,
                        "statbank: unknown option '%s' (known: table, "
                        "variables, lang, format, base_url, dataset, title, "
                        "unit)", k);
    }
    return 0;
}

/* 1 if s is valid UTF-8 (no overlong forms, surrogates or code points
 * past U+10FFFF), as JSON strings must be. */
static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p++;
        int more = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2
                 : (c >> 3) == 30 ? 3 : -1;
        if (more < 0)
            return 0;
        unsigned cp = more == 0 ? c : c & (0x3Fu >> more);
        for (int i = 0; i < more; i++, p++) {
            if ((*p & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (*p & 0x3Fu);
        }
        static const unsigned min[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min[more] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
    }
    return 1;
}

/* option variables: { ["OMRÅDE"] = { "081", "851" }, Tid = "(-n+5)" }. */
static int check_variables(const amb_opt *v, char *err, size_t errlen)
{
    if (v->type == AMB_OPT_LIST && v->count == 0)
        return 0;
    if (v->type != AMB_OPT_MAP)
        return errf(err, errlen, AMB_ECONFIG,
                    "statbank: option 'variables' must be a table of "
                    "variable = { values }");
    for (size_t i = 0; i < v->count; i++) {
        const amb_opt *sel = &v->items[i];
        const char *k = sel->key ? sel->key : "?";
        if (!*k)
            return errf(err, errlen, AMB_ECONFIG,
                        "statbank: variables has an empty variable id");
        if (!valid_utf8(k))
            return errf(err, errlen, AMB_ECONFIG,
                        "statbank: a variable id in 'variables' is not "
                        "valid UTF-8");
        if (sel->type == AMB_OPT_STRING && *sel->string &&
            valid_utf8(sel->string))
            continue;
        if (sel->type != AMB_OPT_LIST || sel->count == 0)
            return errf(err, errlen, AMB_ECONFIG,
                        "statbank: variables['%s'] must be a non-empty list "
                        "of value codes or selectors (UTF-8 strings)", k);
        for (size_t j = 0; j < sel->count; j++) {
            const amb_opt *s = &sel->items[j];
            if (s->type == AMB_OPT_NUMBER)
                return errf(err, errlen, AMB_ECONFIG,
                            "statbank: variables['%s'][%zu] is a number: "
                            "write codes as strings (\"081\", not 081)", k,
                            j + 1);
            if (s->type != AMB_OPT_STRING || !*s->string ||
                !valid_utf8(s->string))
                return errf(err, errlen, AMB_ECONFIG,
                            "statbank: variables['%s'][%zu] must be a "
                            "non-empty UTF-8 string", k, j + 1);
        }
    }
    return 0;
}

/* table: letters, digits, '_' and '-' (it goes into a URL path). */
static int valid_table(const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

/* lang, format and base_url into o. */
static int parse_choices(const amb_opt *options, statbank_opts *o, char *err,
                         size_t errlen)
{
    const char *format = NULL;
    int rc;
    if ((rc = opt_str(options, "lang", &o->lang, err, errlen)) ||
        (rc = opt_str(options, "format", &format, err, errlen)) ||
        (rc = opt_str(options, "base_url", &o->base_url, err, errlen)))
        return rc;
    if (!o->lang)
        o->lang = "da";
    if (strcmp(o->lang, "da") != 0 && strcmp(o->lang, "en") != 0)
        return errf(err, errlen, AMB_ECONFIG,
                    "statbank: option 'lang' must be \"da\" or \"en\"");
    o->format = STATBANK_BULK;
    if (format && strcasecmp(format, "csv") == 0)
        o->format = STATBANK_CSV;
    else if (format && strcasecmp(format, "jsonstat") == 0)
        o->format = STATBANK_JSONSTAT;
    else if (format && strcasecmp(format, "bulk") != 0)
        return errf(err, errlen, AMB_ECONFIG,
                    "statbank: option 'format' must be \"BULK\", \"CSV\" or "
                    "\"JSONSTAT\"");
    if (!o->base_url)
        o->base_url = STATBANK_DEFAULT_BASE;
    if (strncmp(o->base_url, "http://", 7) != 0 &&
        strncmp(o->base_url, "https://", 8) != 0)
        return errf(err, errlen, AMB_ECONFIG,
                    "statbank: option 'base_url' must start with http:// or "
                    "https://");
    if (strpbrk(o->base_url, "?# \t\r\n"))
        return errf(err, errlen, AMB_ECONFIG,
                    "statbank: option 'base_url' must not hold a query, a "
                    "fragment or spaces");
    o->base_len = strlen(o->base_url);
    while (o->base_len > 8 && o->base_url[o->base_len - 1] == '/')
        o->base_len--;
    return 0;
}

int statbank_parse_options(const amb_opt *options, statbank_opts *o,
                           char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    if (!options || options->type != AMB_OPT_MAP)
        return errf(err, errlen, AMB_ECONFIG,
                    "statbank: options must be a table");
    int rc;
    if ((rc = check_keys(options, err, errlen)) ||
        (rc = opt_str(options, "table", &o->table, err, errlen)) ||
        (rc = opt_str(options, "dataset", &o->dataset, err, errlen)) ||
        (rc = opt_str(options, "title", &o->title, err, errlen)) ||
        (rc = opt_str(options, "unit", &o->unit, err, errlen)) ||
        (rc = parse_choices(options, o, err, errlen)))
        return rc;
    if (!o->table)
        return errf(err, errlen, AMB_ECONFIG,
                    "statbank: option 'table' is required (a StatBank table "
                    "id such as \"FOLK1A\")");
    if (!valid_table(o->table))
        return errf(err, errlen, AMB_ECONFIG,
                    "statbank: option 'table' must be a table id of letters, "
                    "digits, '_' and '-' (got '%.40s')", o->table);
    if (!o->dataset)
        o->dataset = o->table;
    const amb_opt *v = amb_opt_get(options, "variables");
    if (v && v->type != AMB_OPT_NIL) {
        if ((rc = check_variables(v, err, errlen)))
            return rc;
        if (v->type == AMB_OPT_MAP)
            o->variables = v;
    }
    return 0;
}

/* ------------------------------------------------------------ URLs */

/* FNV-1a over n bytes, continuing from h. */
static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

/* Mix a string with its length, so that ("ab","c") and ("a","bc")
 * differ. */
static uint64_t fnv_str(uint64_t h, const char *s)
{
    size_t n = s ? strlen(s) : (size_t)-1;
    h = fnv(h, &n, sizeof n);
    return s ? fnv(h, s, n) : h;
}

/* Mix an option node and everything below it. */
static uint64_t fnv_opt(uint64_t h, const amb_opt *o)
{
    unsigned char t = (unsigned char)o->type;
    h = fnv(h, &t, 1);
    h = fnv_str(h, o->key);
    switch (o->type) {
    case AMB_OPT_BOOL:
        h = fnv(h, &o->boolean, sizeof o->boolean);
        break;
    case AMB_OPT_NUMBER:
        h = fnv(h, &o->number, sizeof o->number);
        break;
    case AMB_OPT_STRING:
        h = fnv_str(h, o->string);
        break;
    case AMB_OPT_LIST:
    case AMB_OPT_MAP:
        for (size_t i = 0; i < o->count; i++) {
            const amb_opt *c = &o->items[i];
            if (o->type == AMB_OPT_MAP && c->key &&
                strcmp(c->key, "schedule") == 0 && o->key == NULL)
                continue;
            h = fnv(h, "\x01", 1);   /* an item starts */
            h = fnv_opt(h, c);
        }
        h = fnv(h, "\x02", 1);       /* the table ends */
        break;
    default:
        break;
    }
    return h;
}

uint64_t statbank_fingerprint(const char *source, const amb_opt *options)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    h = fnv_str(h, source);
    return options ? fnv_opt(h, options) : h;
}

char *statbank_tableinfo_url(const statbank_opts *o, uint64_t fp)
{
    size_t n = o->base_len + strlen(o->table) * 2 + 80;
    char *url = malloc(n);
    if (url)
        snprintf(url, n, "%.*s/tableinfo/%s?format=JSON&lang=%s#%s-%016llx",
                 (int)o->base_len, o->base_url, o->table, o->lang, o->table,
                 (unsigned long long)fp);
    return url;
}

char *statbank_data_url(const statbank_opts *o)
{
    size_t n = o->base_len + strlen(o->table) + 16;
    char *url = malloc(n);
    if (url)
        snprintf(url, n, "%.*s/data#%s", (int)o->base_len, o->base_url,
                 o->table);
    return url;
}

/* ------------------------------------------------------------ the body */

/* The selectors of option entry sel (["*"] for NULL) as a JSON array (a
 * new reference), or NULL when out of memory. */
static json_t *selectors(const amb_opt *sel)
{
    json_t *a = json_array();
    int bad = !a;
    if (!sel) {
        bad |= json_array_append_new(a, json_string("*")) != 0;
    } else if (sel->type == AMB_OPT_STRING) {
        bad |= json_array_append_new(a, json_string(sel->string)) != 0;
    } else {
        for (size_t j = 0; j < sel->count; j++)
            bad |= json_array_append_new(a, json_string(sel->items[j].string))
                   != 0;
    }
    if (bad) {
        json_decref(a);
        return NULL;
    }
    return a;
}

/* For each tableinfo variable, the option entry that lists it (or NULL).
 * Every option entry must name a distinct variable. */
static int match_variables(const statbank_opts *o, const statbank_info *info,
                           const amb_opt **chosen, char *err, size_t errlen)
{
    for (size_t i = 0; o->variables && i < o->variables->count; i++) {
        const amb_opt *sel = &o->variables->items[i];
        long v = statbank_info_find(info, sel->key);
        if (v < 0) {
            char list[512];
            statbank_info_var_list(info, list, sizeof list);
            return errf(err, errlen, AMB_ECONFIG,
                        "statbank %s: variable '%s' is not in the table "
                        "(variables: %s)", o->table, sel->key, list);
        }
        if (chosen[v])
            return errf(err, errlen, AMB_ECONFIG,
                        "statbank %s: variables '%s' and '%s' are both "
                        "variable %s", o->table, chosen[v]->key, sel->key,
                        info->vars[v].id);
        chosen[v] = sel;
    }
    return 0;
}

char *statbank_data_body(const statbank_opts *o, const statbank_info *info,
                         size_t *len, char *err, size_t errlen)
{
    const amb_opt **chosen = calloc(info->nvars, sizeof *chosen);
    if (!chosen) {
        errf(err, errlen, AMB_ENOMEM, "statbank %s: out of memory", o->table);
        return NULL;
    }
    if (match_variables(o, info, chosen, err, errlen)) {
        free(chosen);
        return NULL;
    }
    json_t *vars = json_array();
    for (size_t i = 0; vars && i < info->nvars; i++) {
        int send = o->format == STATBANK_BULK || chosen[i] ||
                   i == info->time_var;
        if (!send)
            continue;
        json_t *v = json_pack("{s:s, s:o}", "code", info->vars[i].id,
                              "values", selectors(chosen[i]));
        if (!v || json_array_append_new(vars, v) != 0) {
            json_decref(vars);
            vars = NULL;
        }
    }
    free(chosen);
    json_t *body = vars ? json_pack("{s:s, s:s, s:s, s:s}", "table", o->table,
                                    "format", statbank_format_name(o->format),
                                    "lang", o->lang, "valuePresentation",
                                    "Code")
                        : NULL;
    if (body && o->format == STATBANK_CSV)
        json_object_set_new(body, "delimiter", json_string("Semicolon"));
    char *text = NULL;
    if (!body)
        json_decref(vars);  /* (set_new takes vars over, also on failure) */
    else if (json_object_set_new(body, "variables", vars) == 0)
        text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(body);
    if (!text) {
        errf(err, errlen, AMB_ENOMEM, "statbank %s: out of memory", o->table);
        return NULL;
    }
    *len = strlen(text);
    return text;
}
