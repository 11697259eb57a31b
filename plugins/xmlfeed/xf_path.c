/*
 * xf_path.c - the streamable subset of XPath that the streaming reader
 * matches element by element (grammar in xf_xml.h).  Its meaning is
 * XPath's: a name without a prefix matches an element in no namespace, a
 * prefixed name the URI the namespaces option gives that prefix.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xf_xml.h"

static int errf(char *err, size_t errlen, const char *fmt, ...)
    AMB_PRINTF(3, 4);

static int errf(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static void name_free(xf_name *n)
{
    free(n->local);
    free(n->ns);
    n->local = n->ns = NULL;
}

void xf_path_free(xf_path *p)
{
    for (size_t i = 0; i < p->nsteps; i++) {
        name_free(&p->steps[i].name);
        for (size_t k = 0; k < p->steps[i].npreds; k++) {
            name_free(&p->steps[i].preds[k].attr);
            free(p->steps[i].preds[k].value);
        }
    }
    name_free(&p->attr);
    memset(p, 0, sizeof *p);
}

static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
           (unsigned char)c >= 0x80;
}

/* A QName (or '*' when star_ok) at *s into out; advances *s. */
static int parse_name(const char **s, const amb_opt *namespaces, int star_ok,
                      xf_name *out, char *err, size_t errlen)
{
    const char *p = *s;
    memset(out, 0, sizeof *out);
    if (star_ok && *p == '*') {
        out->any = 1;
        *s = p + 1;
        return 0;
    }
    const char *start = p;
    while (name_char(*p))
        p++;
    if (p == start || (*start >= '0' && *start <= '9') || *start == '-' ||
        *start == '.')
        return errf(err, errlen, "'%.20s' is outside the streamable subset "
                    "(a name was expected)", start);
    const char *local = start;
    size_t plen = 0;
    if (*p == ':') {
        plen = (size_t)(p - start);
        local = ++p;
        while (name_char(*p))
            p++;
        if (p == local)
            return errf(err, errlen, "'%.20s' is outside the streamable "
                        "subset (a name was expected after the prefix)",
                        start);
        char prefix[64];
        if (plen >= sizeof prefix)
            return errf(err, errlen, "prefix too long");
        memcpy(prefix, start, plen);
        prefix[plen] = '\0';
        const char *uri = amb_opt_string(namespaces, prefix, NULL);
        if (!uri)
            return errf(err, errlen, "prefix '%s' is not declared in option "
                        "'namespaces'", prefix);
        out->ns = strdup(uri);
        if (!out->ns)
            return errf(err, errlen, "out of memory");
    }
    out->local = strndup(local, (size_t)(p - local));
    if (!out->local)
        return errf(err, errlen, "out of memory");
    *s = p;
    return 0;
}

/* [@name='value'] predicates at *s into step. */
static int parse_preds(const char **s, const amb_opt *namespaces,
                       xf_step *step, char *err, size_t errlen)
{
    const char *p = *s;
    while (*p == '[') {
        if (step->npreds == XF_PATH_MAX_PREDS)
            return errf(err, errlen, "more than %d predicates",
                        XF_PATH_MAX_PREDS);
        xf_pred *pr = &step->preds[step->npreds];
        if (p[1] != '@')
            return errf(err, errlen, "only [@attribute='value'] predicates "
                        "stream");
        p += 2;
        if (parse_name(&p, namespaces, 0, &pr->attr, err, errlen))
            return -1;
        step->npreds++;
        if (*p != '=' || (p[1] != '\'' && p[1] != '"'))
            return errf(err, errlen, "only [@attribute='value'] predicates "
                        "stream");
        char q = p[1];
        const char *v = p + 2, *end = strchr(v, q);
        if (!end || end[1] != ']')
            return errf(err, errlen, "unterminated predicate");
        pr->value = strndup(v, (size_t)(end - v));
        if (!pr->value)
            return errf(err, errlen, "out of memory");
        p = end + 2;
    }
    *s = p;
    return 0;
}

int xf_path_parse(const char *expr, const amb_opt *namespaces,
                  int allow_target, xf_path *p, char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    const char *s = expr;
    if (s[0] == '/' && s[1] == '/') {
        p->anywhere = 1;
        s += 2;
    } else if (s[0] == '/') {
        s += 1;
    } else {
        /* relative: from the root element, whatever it is called */
        p->steps[0].name.any = 1;
        p->nsteps = 1;
    }
    for (;;) {
        if (allow_target && *s == '@') {
            s++;
            if (parse_name(&s, namespaces, 0, &p->attr, err, errlen))
                return -1;
            p->target = XF_PATH_ATTRIBUTE;
            break;
        }
        if (allow_target && strncmp(s, "text()", 6) == 0) {
            s += 6;
            p->target = XF_PATH_TEXT;
            break;
        }
        if (p->nsteps == XF_PATH_MAX_STEPS)
            return errf(err, errlen, "more than %d steps", XF_PATH_MAX_STEPS);
        xf_step *st = &p->steps[p->nsteps];
        if (parse_name(&s, namespaces, 1, &st->name, err, errlen))
            return -1;
        p->nsteps++;
        if (parse_preds(&s, namespaces, st, err, errlen))
            return -1;
        if (*s != '/')
            break;
        if (st->npreds && !(allow_target && (s[1] == '@' ||
                                             strncmp(s + 1, "text()", 6) == 0)))
            return errf(err, errlen, "predicates stream on the last step "
                        "only");
        s++;
        if (*s == '/')
            return errf(err, errlen, "'//' streams only at the start");
    }
    if (*s)
        return errf(err, errlen, "'%.20s' is outside the streamable subset",
                    s);
    if (p->nsteps == 0)
        return errf(err, errlen, "the path names no element");
    return 0;
}

static int name_match(const xf_name *n, const char *local, const char *ns)
{
    if (n->any)
        return 1;
    if (strcmp(n->local, local) != 0)
        return 0;
    if (!n->ns || !ns)
        return !n->ns && (!ns || !*ns);
    return strcmp(n->ns, ns) == 0;
}

int xf_path_match(const xf_path *p, const char *const *locals,
                  const char *const *nss, size_t n, xf_attr_fn attr,
                  void *ud)
{
    if (n < p->nsteps || (!p->anywhere && n != p->nsteps))
        return 0;
    size_t off = n - p->nsteps;
    for (size_t i = 0; i < p->nsteps; i++)
        if (!name_match(&p->steps[i].name, locals[off + i], nss[off + i]))
            return 0;
    const xf_step *last = &p->steps[p->nsteps - 1];
    for (size_t k = 0; k < last->npreds; k++) {
        const xf_pred *pr = &last->preds[k];
        char *v = attr(ud, pr->attr.local, pr->attr.ns);
        int ok = v && strcmp(v, pr->value) == 0;
        free(v);
        if (!ok)
            return 0;
    }
    return 1;
}
