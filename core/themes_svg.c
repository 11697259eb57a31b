/*
 * themes_svg.c - the partners' common themes as a bubble chart, after the
 * figure in section 4.1 of the ambition: one bubble per theme, its size
 * and shade by how many organisations work with it (1, 2, 3 or more), the
 * number written inside, the title and the organisations under it.
 *
 * Readable in grey-scale and without colour at all: size, shade and the
 * printed number all carry the count.  Self-contained: no fonts, scripts,
 * styles or images from outside; every bubble has a <title>.
 */
#include "config.h"

#include <string.h>

#include "themes.h"

#define COLS 5
#define CELL_W 200
#define CELL_H 178
#define TOP 78
#define MARGIN 20
#define LINE_CHARS 24      /* characters per label line */

/* Write s XML-escaped. */
static void xml_text(FILE *fp, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        case '\'': fputs("&#39;", fp); break;
        default: fputc(*s, fp);
        }
    }
}

/* The size class of a count: 0 none, 1, 2, 3 (three or more). */
static int size_class(size_t count)
{
    return count >= 3 ? 3 : (int)count;
}

static const int radius[4] = {9, 22, 33, 46};
static const char *const fill[4] = {"#ffffff", "#d9d9d9", "#8c8c8c",
                                    "#303030"};
static const char *const ink[4] = {"#000000", "#000000", "#000000",
                                   "#ffffff"};

/* Characters (not bytes) in s[0..n). */
static size_t chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Write the title centred at x from y down, wrapped at word boundaries to
 * LINE_CHARS; returns the lines used. */
static int label(FILE *fp, const char *title, int x, int y)
{
    int lines = 0;
    const char *p = title;
    while (*p && lines < 4) {
        const char *end = p, *best = NULL;
        while (*end) {
            const char *w = end;
            while (*w && *w != ' ' && *w != '/')
                w++;
            if (*w == '/')
                w++;
            if (best && chars(p, (size_t)(w - p)) > LINE_CHARS)
                break;
            best = w;
            end = *w == ' ' ? w + 1 : w;
            if (!*w)
                break;
        }
        if (!best)
            best = end;
        fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
                "font-size=\"12\">", x, y + 14 * lines);
        size_t n = (size_t)(best - p);
        char buf[256];
        if (n >= sizeof buf)
            n = sizeof buf - 1;
        memcpy(buf, p, n);
        buf[n] = '\0';
        xml_text(fp, buf);
        fputs("</text>\n", fp);
        lines++;
        p = best;
        while (*p == ' ')
            p++;
    }
    return lines;
}

/* The organisations working with theme t, joined by ", ". */
static void orgs_text(const amb_themes_result *r, size_t t, char *out,
                      size_t outlen)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t o = 0; o < r->norgs && used + 40 < outlen; o++)
        if (amb_themes_works(r, t, o))
            used += (size_t)snprintf(out + used, outlen - used, "%s%s",
                                     used ? ", " : "", r->orgs[o]);
}

static const char *count_words(size_t count)
{
    return count == 1 ? "organisation" : "organisationer";
}

/* One theme's group: <title>, circle by size class, the count inside,
 * the wrapped title and the organisations under it, centred at cx, cy. */
static void bubble(FILE *fp, const amb_themes_result *r, size_t t, int cx,
                   int cy)
{
    const amb_theme *th = &r->lx->themes[t];
    size_t count = r->count[t];
    int c = size_class(count);
    char orgs[512];
    orgs_text(r, t, orgs, sizeof orgs);
    fputs("<g>\n<title>", fp);
    xml_text(fp, th->title);
    fprintf(fp, ": %zu %s", count, count_words(count));
    if (*orgs) {
        fputs(" (", fp);
        xml_text(fp, orgs);
        fputc(')', fp);
    }
    fputs("</title>\n", fp);
    fprintf(fp, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"%s\" "
            "stroke=\"#000000\" stroke-width=\"1.5\"%s/>\n", cx, cy,
            radius[c], fill[c], c ? "" : " stroke-dasharray=\"3 3\"");
    if (c)
        fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
                "font-size=\"%d\" font-weight=\"bold\" fill=\"%s\">%zu"
                "</text>\n", cx, cy + (c == 1 ? 5 : 7), c == 1 ? 14 : 20,
                ink[c], count);
    int lines = label(fp, th->title, cx, cy + 46 + 18);
    if (*orgs) {
        fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
                "font-size=\"10\" fill=\"#333333\">", cx,
                cy + 46 + 18 + 14 * lines);
        xml_text(fp, orgs);
        fputs("</text>\n", fp);
    }
    fputs("</g>\n", fp);
}

int amb_themes_write_svg(FILE *fp, const amb_themes_result *r)
{
    size_t n = r->lx->nthemes;
    int rows = (int)((n + COLS - 1) / COLS);
    int width = 2 * MARGIN + COLS * CELL_W;
    int height = TOP + rows * CELL_H + 70;
    size_t most = 0;
    for (size_t t = 0; t < n; t++)
        most = r->count[t] > most ? r->count[t] : most;
    fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
            "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
            "aria-labelledby=\"themes-title themes-desc\" "
            "font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\">\n",
            width, height, width, height);
    fputs("<title id=\"themes-title\">Partnernes fælles temaer</title>\n",
          fp);
    fprintf(fp, "<desc id=\"themes-desc\">Antal organisationer, der arbejder "
            "med hvert tema i deres strategidokumenter (mindst %u fund). "
            "Organisationer: ", r->min_hits);
    for (size_t o = 0; o < r->norgs; o++) {
        fputs(o ? ", " : "", fp);
        xml_text(fp, r->orgs[o]);
    }
    fputs(".</desc>\n", fp);
    fprintf(fp, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" "
            "fill=\"#ffffff\"/>\n", width, height);
    fprintf(fp, "<text x=\"%d\" y=\"30\" font-size=\"20\" "
            "font-weight=\"bold\">Partnernes fælles temaer</text>\n", MARGIN);
    fprintf(fp, "<text x=\"%d\" y=\"52\" font-size=\"12\">Boblens størrelse "
            "og tal: antal organisationer, der arbejder med temaet (mindst "
            "%u fund i deres dokumenter).</text>\n", MARGIN, r->min_hits);
    for (size_t t = 0; t < n; t++) {
        int col = (int)(t % COLS), row = (int)(t / COLS);
        bubble(fp, r, t, MARGIN + col * CELL_W + CELL_W / 2,
               TOP + row * CELL_H + 50);
    }
    /* The legend, in the figure's classes. */
    static const char *const legend[4] = {"ingen", "1 organisation",
                                          "2 organisationer",
                                          "3-4 organisationer"};
    int ly = TOP + rows * CELL_H + 30;
    int lx = MARGIN + 10;
    fputs("<g>\n<title>Forklaring</title>\n", fp);
    for (int c = 0; c < 4; c++) {
        int rr = c == 3 ? 18 : c == 2 ? 14 : c == 1 ? 10 : 6;
        const char *text = c == 3 && most > 4 ? "3 eller flere organisationer"
                                              : legend[c];
        fprintf(fp, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"%s\" "
                "stroke=\"#000000\" stroke-width=\"1.5\"%s/>\n", lx + 18, ly,
                rr, fill[c], c ? "" : " stroke-dasharray=\"3 3\"");
        fprintf(fp, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>\n",
                lx + 42, ly + 4, text);
        lx += 230;
    }
    fputs("</g>\n</svg>\n", fp);
    return ferror(fp) ? AMB_EIO : 0;
}
