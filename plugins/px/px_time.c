/*
 * px_time.c - TIMEVAL and the choice of the time variable.
 *
 * TIMEVAL("var") comes in three forms:
 *     TLIST(A1),"1994","1995","1996"        a list of periods
 *     TLIST(A1, "1994"-"1996")              a range
 *     "1994","1995","1996"                  older files: a list, no scale
 * with the time scales A1 (yyyy), H1 (yyyyh), Q1 (yyyyq), M1 (yyyymm) and
 * W1 (yyyyww, ISO weeks).  Every period must fit the scale, and the list
 * or the range must have as many periods as the variable has values.  The
 * stored periods are the variable's codes (CODES, else VALUES), which is
 * what other sources of the same table use ("2024K1" rather than "20241").
 *
 * The time variable is the TIMEVAL one, else the one option time names
 * (by code or by name in any language, ignoring case), else the first
 * variable called tid, time, år or year.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "px_internal.h"

/* The value tokens of e: kinds and texts. */
typedef struct toks {
    const px_tok *t;
    const char *const *s;
    size_t n;
} toks;

static int is_punct(const toks *v, size_t i, char c)
{
    return i < v->n && v->t[i].kind == PX_T_PUNCT && v->s[i][0] == c;
}

static int is_kind(const toks *v, size_t i, int kind)
{
    return i < v->n && v->t[i].kind == kind;
}

/* The day number (0 = Monday 0001-01-01, proleptic Gregorian) of the
 * Monday that starts ISO week 1 of year y >= 1: the week with 4 January. */
static long week1_monday(long y)
{
    long jan4 = 365 * (y - 1) + (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400 + 3;
    return jan4 - jan4 % 7;
}

/* The period s of scale as a count of periods since year 0; -1 when s is
 * not a period of that scale. */
static long ordinal(const char *scale, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return -1;
    if (n < 4)
        return -1;
    long y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
             (s[3] - '0');
    long sub = n > 4 ? s[4] - '0' : 0;
    if (n == 6)
        sub = sub * 10 + (s[5] - '0');
    switch (scale[0]) {
    case 'A':
        return n == 4 ? y : -1;
    case 'H':
        return n == 5 && sub >= 1 && sub <= 2 ? y * 2 + sub - 1 : -1;
    case 'Q':
        return n == 5 && sub >= 1 && sub <= 4 ? y * 4 + sub - 1 : -1;
    case 'M':
        return n == 6 && sub >= 1 && sub <= 12 ? y * 12 + sub - 1 : -1;
    default: /* W: 52 or 53 weeks a year */
        if (n != 6 || y < 1 || sub < 1 ||
            sub > (week1_monday(y + 1) - week1_monday(y)) / 7)
            return -1;
        return week1_monday(y) / 7 + sub - 1;
    }
}

static int check_scale(px_parser *p, const px_entry *e, const char *var,
                       const char *scale)
{
    static const char *const scales[] = {"A1", "H1", "Q1", "M1", "W1", NULL};
    for (size_t i = 0; scales[i]; i++)
        if (strcmp(scale, scales[i]) == 0) {
            p->table.timescale = scales[i];
            return 0;
        }
    return px_fail(p, PX_EPARSE, e->line,
                   "TIMEVAL(\"%s\"): unknown time scale \"%s\" (A1, H1, Q1, "
                   "M1 or W1)", var, scale);
}

/* Check TIMEVAL entry e of variable v. */
static int check_timeval(px_parser *p, const px_entry *e, const px_var *v)
{
    const char *var = v->names[0];
    toks t = {&p->toks[e->tok + e->nsub], &p->text[e->tok + e->nsub], e->nval};
    size_t i = 0, count = 0;
    const char *scale = NULL;
    if (is_kind(&t, 0, PX_T_WORD)) {
        if (strcmp(t.s[0], "TLIST") != 0 || !is_punct(&t, 1, '(') ||
            !is_kind(&t, 2, PX_T_WORD))
            goto syntax;
        scale = t.s[2];
        int rc = check_scale(p, e, var, scale);
        if (rc)
            return rc;
        if (is_punct(&t, 3, ',')) {
            /* TLIST(A1, "first"-"last") */
            if (!is_kind(&t, 4, PX_T_STRING) || !is_kind(&t, 5, PX_T_WORD) ||
                strcmp(t.s[5], "-") != 0 || !is_kind(&t, 6, PX_T_STRING) ||
                !is_punct(&t, 7, ')') || t.n != 8)
                goto syntax;
            for (size_t k = 4; k <= 6; k += 2)
                if (ordinal(scale, t.s[k]) < 0)
                    return px_fail(p, PX_EPARSE, e->line,
                                   "TIMEVAL(\"%s\"): \"%s\" is not a period "
                                   "of TLIST(%s)", var, t.s[k], scale);
            long a = ordinal(scale, t.s[4]), b = ordinal(scale, t.s[6]);
            if (b < a)
                return px_fail(p, PX_EPARSE, e->line,
                               "TIMEVAL(\"%s\"): the range \"%s\"-\"%s\" runs "
                               "backwards", var, t.s[4], t.s[6]);
            count = (size_t)(b - a + 1);
            goto counted;
        }
        if (!is_punct(&t, 3, ')'))
            goto syntax;
        i = 4;
        if (i == t.n)
            return px_fail(p, PX_EPARSE, e->line,
                           "TIMEVAL(\"%s\"): TLIST(%s) lists no periods", var,
                           scale);
        if (!is_punct(&t, i++, ','))
            goto syntax;
    }
    /* "p1","p2",... */
    for (;;) {
        if (!is_kind(&t, i, PX_T_STRING))
            goto syntax;
        if (scale && ordinal(scale, t.s[i]) < 0)
            return px_fail(p, PX_EPARSE, e->line,
                           "TIMEVAL(\"%s\"): \"%s\" is not a period of "
                           "TLIST(%s)", var, t.s[i], scale);
        count++;
        if (++i == t.n)
            break;
        if (!is_punct(&t, i++, ','))
            goto syntax;
    }
counted:
    if (count != v->nvalues)
        return px_fail(p, PX_EPARSE, e->line,
                       "TIMEVAL(\"%s\") has %zu periods but VALUES(\"%s\") "
                       "has %zu", var, count, var, v->nvalues);
    return 0;
syntax:
    return px_fail(p, PX_EPARSE, e->line,
                   "TIMEVAL(\"%s\"): expected TLIST(scale),\"period\",... or "
                   "TLIST(scale, \"first\"-\"last\")", var);
}

/* The variable whose code or name in any language is name, ignoring case;
 * PX_NO_VAR when none is. */
static size_t var_named(const px_table *t, const char *name)
{
    for (size_t i = 0; i < t->nvars; i++) {
        const px_var *v = &t->vars[i];
        if (px_casecmp(v->id, name) == 0)
            return i;
        for (size_t l = 0; l < t->nlang; l++)
            if (px_casecmp(v->names[l], name) == 0)
                return i;
    }
    return PX_NO_VAR;
}

/* The TIMEVAL entry of the default language and its variable. */
static int find_timeval(px_parser *p, const px_entry **out, size_t *var)
{
    const px_table *t = &p->table;
    *out = NULL;
    *var = PX_NO_VAR;
    for (size_t i = 0; i < p->nents; i++) {
        const px_entry *e = &p->ents[i];
        if (strcmp(p->arena.data + e->kw, "TIMEVAL") != 0)
            continue;
        if (e->lang != PX_NONE &&
            !(t->langs[0] &&
              px_casecmp(p->arena.data + e->lang, t->langs[0]) == 0))
            continue;
        char name[160];
        if (e->nsub != 1)
            return px_fail(p, PX_EPARSE, e->line,
                           "%s: expected one variable name in parentheses",
                           px_entry_name(p, e, name, sizeof name));
        const char *sub = p->text[e->tok];
        size_t v = PX_NO_VAR;
        for (size_t k = 0; k < t->nvars; k++)
            if (strcmp(t->vars[k].names[0], sub) == 0)
                v = k;
        if (v == PX_NO_VAR)
            return px_fail(p, PX_EPARSE, e->line,
                           "TIMEVAL(\"%s\") names no variable of STUB or "
                           "HEADING", sub);
        if (*out && *var == v)
            return px_fail(p, PX_EPARSE, e->line,
                           "%s is given twice (first at line %lu)",
                           px_entry_name(p, e, name, sizeof name),
                           (unsigned long)(*out)->line);
        if (*out)
            return px_fail(p, PX_EPARSE, e->line,
                           "TIMEVAL is given for both \"%s\" and \"%s\"",
                           t->vars[*var].names[0], sub);
        *out = e;
        *var = v;
    }
    return 0;
}

int px_resolve_time(px_parser *p, const px_options *o)
{
    static const char *const usual[] = {"tid", "time", "år", "year", NULL};
    px_table *t = &p->table;
    const px_entry *tv;
    size_t tvar;
    int rc = find_timeval(p, &tv, &tvar);
    if (rc || (tv && (rc = check_timeval(p, tv, &t->vars[tvar]))))
        return rc;
    if (o && o->time) {
        size_t v = var_named(t, o->time);
        if (v == PX_NO_VAR) {
            char have[256] = "";
            size_t k = 0;
            for (size_t i = 0; i < t->nvars && k < sizeof have; i++)
                k += (size_t)snprintf(have + k, sizeof have - k, "%s\"%s\"",
                                      i ? ", " : "", t->vars[i].names[0]);
            return px_fail(p, PX_ECONFIG, 0,
                           "option time = \"%s\" names no variable (the "
                           "variables are %s)", o->time, have);
        }
        if (tv && v != tvar)
            return px_fail(p, PX_ECONFIG, 0,
                           "option time = \"%s\", but TIMEVAL makes \"%s\" "
                           "the time variable", o->time,
                           t->vars[tvar].names[0]);
        t->time_var = v;
        return 0;
    }
    if (tv) {
        t->time_var = tvar;
        return 0;
    }
    for (size_t i = 0; i < t->nvars; i++)
        for (size_t k = 0; usual[k]; k++)
            if (px_casecmp(t->vars[i].id, usual[k]) == 0 ||
                px_casecmp(t->vars[i].names[0], usual[k]) == 0) {
                t->time_var = i;
                return 0;
            }
    return 0;
}
