/*
 * px_header.c - from header entries to a px_table: languages, the STUB and
 * HEADING variables with their values, codes and labels per language, and
 * the table's texts.
 *
 * Languages: langs[0] is LANGUAGE (else the first of LANGUAGES), then the
 * other LANGUAGES, then any language an entry uses that neither names.  An
 * entry without [lang], or with the default language's code, belongs to
 * langs[0].  A variable is known by its default-language name; in language
 * L its name is the one at the same place in STUB[L]/HEADING[L] (the
 * default name when L does not rename it), which is how VALUES[L]("name
 * in L") finds it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "px_internal.h"

#define PX_MAX_LANGS 16

/* The language index of entry e, or PX_NO_VAR for a language the table
 * does not have. */
static size_t entry_lang(const px_parser *p, const px_entry *e)
{
    if (e->lang == PX_NONE)
        return 0;
    const char *l = p->arena.data + e->lang;
    for (size_t i = 0; i < p->table.nlang; i++)
        if (p->table.langs[i] && px_casecmp(l, p->table.langs[i]) == 0)
            return i;
    return PX_NO_VAR;
}

const char *px_entry_name(px_parser *p, const px_entry *e, char *buf,
                          size_t len)
{
    size_t o = (size_t)snprintf(buf, len, "%s", p->arena.data + e->kw);
    if (e->lang != PX_NONE && o < len)
        o += (size_t)snprintf(buf + o, len - o, "[%s]",
                              p->arena.data + e->lang);
    for (size_t i = 0; i < e->nsub && o < len; i++)
        o += (size_t)snprintf(buf + o, len - o, "%s\"%.80s\"%s",
                              i ? "," : "(", p->text[e->tok + i],
                              i + 1 == e->nsub ? ")" : "");
    return buf;
}

const px_entry *px_find(px_parser *p, const char *kw, size_t lang,
                        const char *const *subs, size_t nsub, int *rc)
{
    const px_entry *found = NULL;
    *rc = 0;
    for (size_t i = 0; i < p->nents; i++) {
        const px_entry *e = &p->ents[i];
        if (e->nsub != nsub || strcmp(p->arena.data + e->kw, kw) != 0 ||
            entry_lang(p, e) != lang)
            continue;
        size_t k = 0;
        while (k < nsub && strcmp(p->text[e->tok + k], subs[k]) == 0)
            k++;
        if (k < nsub)
            continue;
        if (found) {
            char name[160];
            *rc = px_fail(p, PX_EPARSE, e->line,
                          "%s is given twice (first at line %lu)",
                          px_entry_name(p, e, name, sizeof name),
                          (unsigned long)found->line);
            return NULL;
        }
        found = e;
    }
    return found;
}

int px_string_list(px_parser *p, const px_entry *e, const char *what,
                   const char ***out, size_t *n)
{
    const px_tok *t = &p->toks[e->tok + e->nsub];
    size_t count = (e->nval + 1) / 2;
    int ok = e->nval % 2 == 1;
    for (size_t i = 0; ok && i < e->nval; i++)
        ok = i % 2 ? t[i].kind == PX_T_PUNCT && t[i].len == 1 &&
                         p->text[e->tok + e->nsub + i][0] == ','
                   : t[i].kind == PX_T_STRING;
    if (!ok)
        return px_fail(p, PX_EPARSE, e->line,
                       "%s: expected a list of quoted strings", what);
    const char **list = px_alloc(p, count, sizeof *list);
    if (!list)
        return p->err.code;
    for (size_t i = 0; i < count; i++)
        list[i] = p->text[e->tok + e->nsub + 2 * i];
    *out = list;
    *n = count;
    return 0;
}

/* A one-string (or one-word) value: MATRIX, TITLE...; NULL when absent
 * or empty. */
static const char *single(const px_parser *p, const px_entry *e)
{
    if (!e || e->nval == 0)
        return NULL;
    const px_tok *t = &p->toks[e->tok + e->nsub];
    const char *s = p->text[e->tok + e->nsub];
    return t->kind == PX_T_PUNCT || !*s ? NULL : s;
}

/* ------------------------------------------------------------ languages */

static int add_lang(px_parser *p, const char ***langs, size_t *n,
                    const char *code, unsigned long line)
{
    for (size_t i = 0; i < *n; i++)
        if ((*langs)[i] && px_casecmp((*langs)[i], code) == 0)
            return 0;
    if (*n == PX_MAX_LANGS)
        return px_fail(p, PX_ELIMIT, line, "more than %d languages",
                       PX_MAX_LANGS);
    (*langs)[(*n)++] = code;
    return 0;
}

static int read_languages(px_parser *p, const px_options *o)
{
    px_table *t = &p->table;
    const char **langs = px_alloc(p, PX_MAX_LANGS, sizeof *langs);
    const char **list = NULL;
    size_t n = 0, nlist = 0;
    int rc = 0;
    if (!langs)
        return p->err.code;
    t->langs = langs;
    t->nlang = 1;
    /* entry_lang() before the languages are known: only [lang] matters */
    const px_entry *lang = NULL, *all = NULL;
    for (size_t i = 0; i < p->nents; i++) {
        const px_entry *e = &p->ents[i];
        if (e->lang != PX_NONE || e->nsub)
            continue;
        if (!lang && strcmp(p->arena.data + e->kw, "LANGUAGE") == 0)
            lang = e;
        if (!all && strcmp(p->arena.data + e->kw, "LANGUAGES") == 0)
            all = e;
    }
    if (all && (rc = px_string_list(p, all, "LANGUAGES", &list, &nlist)))
        return rc;
    langs[n++] = lang ? single(p, lang) : nlist ? list[0] : NULL;
    for (size_t i = 0; i < nlist && rc == 0; i++)
        rc = add_lang(p, &langs, &n, list[i], all->line);
    for (size_t i = 0; i < p->nents && rc == 0; i++)
        if (p->ents[i].lang != PX_NONE)
            rc = add_lang(p, &langs, &n, p->arena.data + p->ents[i].lang,
                          p->ents[i].line);
    if (rc)
        return rc;
    t->nlang = n;
    t->main_lang = 0;
    if (o && o->lang) {
        for (size_t i = 0; i < n; i++)
            if (langs[i] && px_casecmp(langs[i], o->lang) == 0) {
                t->main_lang = i;
                return 0;
            }
        char have[160] = "";
        for (size_t i = 0, k = 0; i < n && k < sizeof have; i++)
            if (langs[i])
                k += (size_t)snprintf(have + k, sizeof have - k, "%s%s",
                                      k ? ", " : "", langs[i]);
        return px_fail(p, PX_ECONFIG, 0,
                       "option lang = \"%s\", but the file's languages are "
                       "%s", o->lang, have[0] ? have : "not named");
    }
    return 0;
}

/* ------------------------------------------------------------ variables */

/* STUB or HEADING of language l into names (count n), or 0 names. */
static int axis(px_parser *p, const char *kw, size_t l, const char ***names,
                size_t *n, unsigned long *line)
{
    int rc;
    *n = 0;
    const px_entry *e = px_find(p, kw, l, NULL, 0, &rc);
    if (rc || !e)
        return rc;
    *line = e->line;
    return px_string_list(p, e, kw, names, n);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The first value that is in list twice, or NULL. */
static const char *duplicate(px_parser *p, const char **list, size_t n)
{
    const char **s = malloc((n ? n : 1) * sizeof *s);
    if (!s) {
        px_fail(p, PX_ENOMEM, 0, "out of memory");
        return NULL;
    }
    memcpy(s, list, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_str);
    const char *dup = NULL;
    for (size_t i = 1; i < n && !dup; i++)
        if (strcmp(s[i - 1], s[i]) == 0)
            dup = s[i];
    free(s);
    return dup;
}

/* VALUES, CODES, VARIABLECODE and ELIMINATION of variable v. */
static int read_var(px_parser *p, const px_options *o, px_var *v,
                    unsigned long axis_line)
{
    px_table *t = &p->table;
    const char *name = v->names[0];
    char what[200];
    int rc;
    const px_entry *e = px_find(p, "VALUES", 0, &name, 1, &rc);
    if (rc)
        return rc;
    if (!e)
        return px_fail(p, PX_EPARSE, axis_line,
                       "variable \"%s\" has no VALUES", name);
    snprintf(what, sizeof what, "VALUES(\"%.80s\")", name);
    if ((rc = px_string_list(p, e, what, &v->labels[0], &v->nvalues)))
        return rc;
    unsigned long values_line = e->line;
    v->codes = v->labels[0];
    if (!(e = px_find(p, "CODES", 0, &name, 1, &rc)) && rc)
        return rc;
    if (e) {
        size_t n;
        snprintf(what, sizeof what, "CODES(\"%.80s\")", name);
        if ((rc = px_string_list(p, e, what, &v->codes, &n)))
            return rc;
        if (n != v->nvalues)
            return px_fail(p, PX_EPARSE, e->line,
                           "CODES(\"%s\") has %zu codes but VALUES(\"%s\") "
                           "has %zu values", name, n, name, v->nvalues);
        v->has_codes = 1;
    }
    const char *dup = duplicate(p, v->codes, v->nvalues);
    if (dup)
        return px_fail(p, PX_EPARSE, e ? e->line : values_line,
                       "%s(\"%s\") lists \"%s\" twice",
                       e ? "CODES" : "VALUES", name, dup);
    if (p->state == PX_S_FAILED)
        return p->err.code;
    for (size_t l = 1; l < t->nlang; l++) {
        const char *nl = v->names[l];
        if (!(e = px_find(p, "VALUES", l, &nl, 1, &rc))) {
            if (rc)
                return rc;
            continue;
        }
        size_t n;
        snprintf(what, sizeof what, "VALUES[%s](\"%.80s\")", t->langs[l], nl);
        if ((rc = px_string_list(p, e, what, &v->labels[l], &n)))
            return rc;
        if (n != v->nvalues)
            return px_fail(p, PX_EPARSE, e->line,
                           "%s has %zu values but VALUES(\"%s\") has %zu",
                           what, n, name, v->nvalues);
    }
    v->id = name;
    if (!(e = px_find(p, "VARIABLECODE", 0, &name, 1, &rc)) && rc)
        return rc;
    if (single(p, e))
        v->id = single(p, e);
    if (!(e = px_find(p, "ELIMINATION", 0, &name, 1, &rc)) && rc)
        return rc;
    const char *el = single(p, e);
    if (el && p->toks[e->tok + e->nsub].kind == PX_T_WORD) {
        v->elimination =
            px_casecmp(el, "YES") == 0 ? PX_ELIM_YES : PX_ELIM_NONE;
    } else if (el) {
        for (size_t i = 0; i < v->nvalues; i++)
            if (strcmp(v->labels[0][i], el) == 0) {
                v->elimination = PX_ELIM_VALUE;
                v->elim_value = i;
            }
        if (v->elimination != PX_ELIM_VALUE)
            px_warn(p, o, e->line,
                    "ELIMINATION(\"%s\") names \"%s\", which is not one of "
                    "its values", name, el);
    }
    return 0;
}

/* STUB and HEADING in every language, then each variable. */
static int read_vars(px_parser *p, const px_options *o)
{
    px_table *t = &p->table;
    const char **stub, **head;
    size_t ns, nh;
    unsigned long sline = 0, hline = 0;
    int rc;
    if ((rc = axis(p, "STUB", 0, &stub, &ns, &sline)) ||
        (rc = axis(p, "HEADING", 0, &head, &nh, &hline)))
        return rc;
    if (ns + nh == 0)
        return px_fail(p, PX_EPARSE, 0, "no STUB or HEADING keyword");
    if (ns + nh > PX_MAX_VARS)
        return px_fail(p, PX_ELIMIT, sline ? sline : hline,
                       "%zu variables in STUB and HEADING; at most %d", ns + nh,
                       PX_MAX_VARS);
    t->nvars = ns + nh;
    t->nstub = ns;
    if (!(t->vars = px_alloc(p, t->nvars, sizeof *t->vars)))
        return p->err.code;
    for (size_t i = 0; i < t->nvars; i++) {
        px_var *v = &t->vars[i];
        if (!(v->names = px_alloc(p, t->nlang, sizeof *v->names)) ||
            !(v->labels = px_alloc(p, t->nlang, sizeof *v->labels)))
            return p->err.code;
        v->names[0] = i < ns ? stub[i] : head[i - ns];
        for (size_t k = 0; k < i; k++)
            if (strcmp(t->vars[k].names[0], v->names[0]) == 0)
                return px_fail(p, PX_EPARSE, i < ns ? sline : hline,
                               "variable \"%s\" is named twice in STUB and "
                               "HEADING", v->names[0]);
    }
    for (size_t l = 1; l < t->nlang; l++) {
        const char **ls, **lh;
        size_t nls, nlh;
        unsigned long lsl = 0, lhl = 0;
        if ((rc = axis(p, "STUB", l, &ls, &nls, &lsl)) ||
            (rc = axis(p, "HEADING", l, &lh, &nlh, &lhl)))
            return rc;
        if (lsl && nls != ns)
            return px_fail(p, PX_EPARSE, lsl,
                           "STUB[%s] names %zu variables but STUB names %zu",
                           t->langs[l], nls, ns);
        if (lhl && nlh != nh)
            return px_fail(p, PX_EPARSE, lhl,
                           "HEADING[%s] names %zu variables but HEADING "
                           "names %zu", t->langs[l], nlh, nh);
        for (size_t i = 0; i < t->nvars; i++) {
            const char *n = i < ns ? (lsl ? ls[i] : NULL)
                                   : (lhl ? lh[i - ns] : NULL);
            t->vars[i].names[l] = n ? n : t->vars[i].names[0];
        }
    }
    t->stub_cells = t->heading_cells = 1;
    for (size_t i = 0; i < t->nvars; i++) {
        px_var *v = &t->vars[i];
        if ((rc = read_var(p, o, v, i < ns ? sline : hline)))
            return rc;
        for (size_t k = 0; k < i; k++)
            if (strcmp(t->vars[k].id, v->id) == 0)
                return px_fail(p, PX_EPARSE, 0,
                               "variables \"%s\" and \"%s\" have the same "
                               "code \"%s\"", t->vars[k].names[0],
                               v->names[0], v->id);
        uint64_t *prod = i < ns ? &t->stub_cells : &t->heading_cells;
        if (*prod > (UINT64_MAX >> 2) / v->nvalues)
            return px_fail(p, PX_ELIMIT, 0, "the table has too many cells");
        *prod *= v->nvalues;
    }
    if (t->stub_cells > (UINT64_MAX >> 2) / t->heading_cells)
        return px_fail(p, PX_ELIMIT, 0, "the table has too many cells");
    t->ncells = t->stub_cells * t->heading_cells;
    return 0;
}

/* ------------------------------------------------------------ texts */

/* Keyword kw (no subkeys) in the main language, else the default one. */
static int text(px_parser *p, const char *kw, const char **out)
{
    int rc;
    const px_entry *e = px_find(p, kw, p->table.main_lang, NULL, 0, &rc);
    if (!e && !rc && p->table.main_lang)
        e = px_find(p, kw, 0, NULL, 0, &rc);
    *out = single(p, e);
    return rc;
}

/* LAST-UPDATED, else the latest LAST-UPDATED("content"). */
static int last_updated(px_parser *p)
{
    int rc = text(p, "LAST-UPDATED", &p->table.updated);
    if (rc || p->table.updated)
        return rc;
    for (size_t i = 0; i < p->nents; i++) {
        const px_entry *e = &p->ents[i];
        const char *s = single(p, e);
        if (e->nsub == 1 && entry_lang(p, e) == 0 && s &&
            strcmp(p->arena.data + e->kw, "LAST-UPDATED") == 0 &&
            (!p->table.updated || strcmp(s, p->table.updated) > 0))
            p->table.updated = s;
    }
    return 0;
}

static int read_texts(px_parser *p)
{
    px_table *t = &p->table;
    int rc;
    const px_entry *e = px_find(p, "MATRIX", 0, NULL, 0, &rc);
    t->matrix = single(p, e);
    if (rc || (rc = text(p, "TITLE", &t->title)) ||
        (rc = text(p, "CONTENTS", &t->contents)) ||
        (rc = text(p, "UNITS", &t->units)) || (rc = last_updated(p)))
        return rc;
    if (!t->title)
        t->title = t->contents;
    if (!t->title && (rc = text(p, "DESCRIPTION", &t->title)))
        return rc;
    if ((e = px_find(p, "DECIMALS", 0, NULL, 0, &rc))) {
        const char *d = single(p, e);
        char *end = NULL;
        long n = d ? strtol(d, &end, 10) : -1;
        if (!d || end == d || *end || n < 0 || n > 15)
            return px_fail(p, PX_EPARSE, e->line,
                           "DECIMALS must be a whole number from 0 to 15");
        t->decimals = (int)n;
    }
    if (rc)
        return rc;
    if ((e = px_find(p, "CONTVARIABLE", 0, NULL, 0, &rc))) {
        const char *c = single(p, e);
        for (size_t i = 0; c && i < t->nvars; i++)
            if (strcmp(t->vars[i].names[0], c) == 0)
                t->content_var = i;
        if (t->content_var == PX_NO_VAR)
            return px_fail(p, PX_EPARSE, e->line,
                           "CONTVARIABLE \"%s\" is not a variable of STUB or "
                           "HEADING", c ? c : "");
    }
    for (size_t i = 0; i < p->nents && rc == 0; i++)
        if (strcmp(p->arena.data + p->ents[i].kw, "KEYS") == 0)
            rc = px_fail(p, PX_EPARSE, p->ents[i].line,
                         "KEYS (sparse data with keys in DATA) is not "
                         "supported");
    return rc;
}

int px_build_table(px_parser *p, const px_options *o)
{
    int rc;
    if ((rc = px_decode_header(p, o)) || (rc = read_languages(p, o)) ||
        (rc = read_vars(p, o)) || (rc = read_texts(p)) ||
        (rc = px_resolve_time(p, o)))
        return rc;
    return 0;
}
