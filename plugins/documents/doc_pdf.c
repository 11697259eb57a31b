/*
 * doc_pdf.c - the text of a PDF through poppler-glib: every page's text in
 * reading order (poppler_page_get_text), pages separated by form feeds so
 * that the clean-up can find running headers, footers and page numbers.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <poppler.h>

#include "ambit/plugin.h"
#include "doc_extract.h"

#define TITLE_MAX 300

/* A copy of a PDF's title with white space collapsed, or NULL. */
static char *pdf_title(PopplerDocument *doc)
{
    gchar *t = poppler_document_get_title(doc);
    if (!t)
        return NULL;
    size_t n = strlen(t), o = 0;
    char *s = malloc(n + 1);
    if (s) {
        int cut = 0;
        for (size_t i = 0; i < n && !cut; i++) {
            char c = t[i] == '\n' || t[i] == '\r' || t[i] == '\t' ? ' ' : t[i];
            if (c == ' ' && (o == 0 || s[o - 1] == ' '))
                continue;
            if (o == TITLE_MAX)
                cut = 1;
            else
                s[o++] = c;
        }
        /* A cut may split a character: drop the last one whole. */
        while (cut && o > 0 && ((unsigned char)s[o - 1] & 0xC0) == 0x80)
            o--;
        if (cut && o > 0 && ((unsigned char)s[o - 1] & 0xC0) == 0xC0)
            o--;
        while (o > 0 && s[o - 1] == ' ')
            o--;
        s[o] = '\0';
        if (o == 0 || !g_utf8_validate(s, (gssize)o, NULL)) {
            free(s);
            s = NULL;
        }
    }
    g_free(t);
    return s;
}

int amb_doc_pdf_text(const char *path, const char *name, char **text,
                     size_t *len, unsigned *pages, char **title, char *err,
                     size_t errlen)
{
    *text = NULL;
    *len = 0;
    *pages = 0;
    *title = NULL;
    char *abs = realpath(path, NULL);
    if (!abs) {
        snprintf(err, errlen, "documents: %s: cannot resolve the path", name);
        return AMB_EIO;
    }
    GError *gerr = NULL;
    gchar *uri = g_filename_to_uri(abs, NULL, &gerr);
    free(abs);
    if (!uri) {
        snprintf(err, errlen, "documents: %s: %s", name,
                 gerr ? gerr->message : "bad file name");
        g_clear_error(&gerr);
        return AMB_EIO;
    }
    PopplerDocument *doc = poppler_document_new_from_file(uri, NULL, &gerr);
    g_free(uri);
    if (!doc) {
        snprintf(err, errlen, "documents: %s: not a readable PDF (%s)", name,
                 gerr ? gerr->message : "poppler gave no reason");
        g_clear_error(&gerr);
        return AMB_EPARSE;
    }
    int n = poppler_document_get_n_pages(doc);
    GString *out = g_string_new(NULL);
    for (int i = 0; i < n; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        if (!page)
            continue;
        gchar *t = poppler_page_get_text(page);
        if (i > 0)
            g_string_append_c(out, '\f');
        if (t)
            g_string_append(out, t);
        g_free(t);
        g_object_unref(page);
    }
    *title = pdf_title(doc);
    g_object_unref(doc);
    *len = out->len;
    *text = malloc(out->len + 1);
    if (*text)
        memcpy(*text, out->str, out->len + 1);
    g_string_free(out, TRUE);
    if (!*text) {
        free(*title);
        *title = NULL;
        snprintf(err, errlen, "documents: %s: out of memory", name);
        return AMB_ENOMEM;
    }
    *pages = n > 0 ? (unsigned)n : 0;
    return 0;
}
