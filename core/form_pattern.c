/*
 * form_pattern.c - the pattern language of form questions: a subset of Lua
 * patterns that means the same as a regular expression, so that the server
 * (string.find in the sandbox) and an XForm (regex()) agree.
 *
 *   pattern = ['^'] { atom [quantifier] } ['$']
 *   atom    = literal | '.' | '%' class | '%' punctuation | '[' ['^'] set ']'
 *   class   = a d l s u w x        quantifier = '*' | '+' | '?'
 *   set     = { literal | literal '-' literal | '%' class | '%' punct }
 *
 * Captures, back references, %b, %f, the lazy '-' and upper-case
 * (complement) classes are refused; so are patterns longer than
 * FORM_PATTERN_MAX bytes.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "form_internal.h"

#define FORM_PATTERN_MAX 256

static const char *class_regex(char c, int in_set)
{
    switch (c) {
    case 'a': return in_set ? "A-Za-z" : "[A-Za-z]";
    case 'd': return in_set ? "0-9" : "[0-9]";
    case 'l': return in_set ? "a-z" : "[a-z]";
    case 's': return "\\s";
    case 'u': return in_set ? "A-Z" : "[A-Z]";
    case 'w': return in_set ? "A-Za-z0-9" : "[A-Za-z0-9]";
    case 'x': return in_set ? "0-9A-Fa-f" : "[0-9A-Fa-f]";
    default: return NULL;
    }
}

/* Check (out NULL) or translate (out set) one pattern. */
static int walk_pattern(const char *s, amb_buf *out, amb_error *why)
{
    size_t n = strlen(s);
    if (n == 0 || n > FORM_PATTERN_MAX)
        return amb_error_set(why, -1, "must have 1 to %d bytes",
                             FORM_PATTERN_MAX);
    size_t i = 0;
    if (s[0] == '^') {
        if (out)
            amb_buf_putc(out, '^');
        i = 1;
    }
    int have_atom = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == '$' && i == n - 1) {
            if (out)
                amb_buf_putc(out, '$');
            break;
        }
        if (c == '*' || c == '+' || c == '?') {
            if (!have_atom)
                return amb_error_set(why, -1, "'%c' at %zu follows nothing "
                                     "it could repeat", c, i + 1);
            if (out)
                amb_buf_putc(out, (char)c);
            have_atom = 0;
            i++;
            continue;
        }
        if (c == '%') {
            unsigned char k = (unsigned char)s[i + 1];
            if (k && class_regex((char)k, 0)) {
                if (out)
                    amb_buf_puts(out, class_regex((char)k, 0));
            } else if (k && ispunct(k)) {
                if (out) {
                    amb_buf_putc(out, '\\');
                    amb_buf_putc(out, (char)k);
                }
            } else {
                return amb_error_set(why, -1, "'%%%c' at %zu is not one of "
                                     "%%a %%d %%l %%s %%u %%w %%x or an "
                                     "escaped punctuation", k ? k : ' ',
                                     i + 1);
            }
            i += 2;
        } else if (c == '[') {
            size_t j = i + 1;
            if (out)
                amb_buf_putc(out, '[');
            if (s[j] == '^') {
                if (out)
                    amb_buf_putc(out, '^');
                j++;
            }
            size_t start = j;
            while (j < n && (s[j] != ']' || j == start)) {
                unsigned char k = (unsigned char)s[j];
                if (k == '%') {
                    unsigned char e = (unsigned char)s[j + 1];
                    if (e && class_regex((char)e, 1)) {
                        if (out)
                            amb_buf_puts(out, class_regex((char)e, 1));
                    } else if (e && ispunct(e)) {
                        if (out) {
                            amb_buf_putc(out, '\\');
                            amb_buf_putc(out, (char)e);
                        }
                    } else {
                        return amb_error_set(why, -1, "bad '%%' in a set at "
                                             "%zu", j + 1);
                    }
                    j += 2;
                    continue;
                }
                if (k == '[' || k == '\\')
                    return amb_error_set(why, -1, "'%c' in a set at %zu must "
                                         "be escaped with %%", k, j + 1);
                if (out) {
                    if (k == ']' || k == '^')
                        amb_buf_putc(out, '\\');
                    amb_buf_putc(out, (char)k);
                }
                j++;
            }
            if (j >= n)
                return amb_error_set(why, -1, "'[' at %zu is not closed",
                                     i + 1);
            if (out)
                amb_buf_putc(out, ']');
            i = j + 1;
        } else if (c == '.') {
            if (out)
                amb_buf_putc(out, '.');
            i++;
        } else if (strchr("^$()-]", c)) {
            return amb_error_set(why, -1, "'%c' at %zu must be escaped with "
                                 "%% (captures, anchors inside and the lazy "
                                 "'-' are not supported)", c, i + 1);
        } else if (c < 0x20 || c == 0x7f) {
            return amb_error_set(why, -1, "control character at %zu", i + 1);
        } else {
            if (out) {
                if (strchr("\\|{}", c))
                    amb_buf_putc(out, '\\');
                amb_buf_putc(out, (char)c);
            }
            i++;
        }
        have_atom = 1;
    }
    return 0;
}

int amb_form_pattern_check(const char *s, amb_error *why)
{
    return walk_pattern(s, NULL, why);
}

char *amb_form_pattern_regex(const char *s)
{
    amb_buf b = {0};
    amb_error why;
    amb_buf_puts(&b, "");
    if (walk_pattern(s, &b, &why) != 0) {
        amb_buf_free(&b);
        return amb_xstrdup("^$");
    }
    return b.data;
}
