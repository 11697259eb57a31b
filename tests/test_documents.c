/*
 * test_documents.c - the documents plugin's readers (format sniffing, HTML
 * through libxml2, PDF through poppler on a PDF written here by hand), the
 * store's documents table (migration 3, replace, clear, list) and the
 * plugin itself through real runs: single and list form, unchanged
 * sources, a broken PDF rolled back, option errors.
 *
 * `test_documents mkpdf FILE [broken]` writes the test PDF for
 * tests/documents.test.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc_extract.h"
#include "run.h"
#include "store_internal.h"
#include "testutil.h"
#include "text_clean.h"
#include "workspace.h"

/* ------------------------------------------------------------ the PDF */

/* One page's content stream: a running header, body lines (PDF string
 * syntax, WinAnsi octal escapes for æ ø å) and a page-number footer. */
static void pdf_page(amb_buf *b, const char *const *lines, size_t n, int num)
{
    amb_buf_printf(b, "BT /F1 10 Tf 72 800 Td (RAR Nordjylland \\226 Strategi "
                   "2018-2022) Tj ET\n");
    for (size_t i = 0; i < n; i++)
        amb_buf_printf(b, "BT /F1 12 Tf 72 %zu Td (%s) Tj ET\n", 740 - 16 * i,
                       lines[i]);
    amb_buf_printf(b, "BT /F1 10 Tf 290 40 Td (Side %d af 2) Tj ET", num);
}

/* A valid two-page PDF 1.4 with Helvetica text: a word hyphenated across
 * the page break, the same header and a page number on both pages, and a
 * title in the document information.  broken: the same file cut short
 * with its cross-reference table replaced by garbage. */
static char *make_pdf(size_t *len, int broken)
{
    static const char *const page1[] = {
        "Vi vil styrke de unges uddannelsesvalg og",
        "arbejde for flere erhvervsuddannel-"};
    static const char *const page2[] = {
        "ser i hele regionen.", "Ledige skal have et kompetencel\\370ft,",
        "s\\345 de kommer i job, og vi vil",
        "styrke voksen- og efteruddannelse."};
    amb_buf c1 = {0}, c2 = {0}, out = {0};
    pdf_page(&c1, page1, 2, 1);
    pdf_page(&c2, page2, 4, 2);
    const char *page_dict = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 "
                            "842] /Resources << /Font << /F1 7 0 R >> >> "
                            "/Contents %d 0 R >>";
    char *objs[8];
    objs[0] = amb_xasprintf("<< /Type /Catalog /Pages 2 0 R >>");
    objs[1] = amb_xasprintf("<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>");
    objs[2] = amb_xasprintf(page_dict, 4);
    objs[3] = amb_xasprintf("<< /Length %zu >>\nstream\n%s\nendstream", c1.len,
                            c1.data);
    objs[4] = amb_xasprintf(page_dict, 6);
    objs[5] = amb_xasprintf("<< /Length %zu >>\nstream\n%s\nendstream", c2.len,
                            c2.data);
    objs[6] = amb_xasprintf("<< /Type /Font /Subtype /Type1 /BaseFont "
                            "/Helvetica /Encoding /WinAnsiEncoding >>");
    objs[7] = amb_xasprintf("<< /Title (RAR Nordjylland strategi) >>");
    size_t offs[8];
    amb_buf_puts(&out, "%PDF-1.4\n");
    for (int i = 0; i < 8; i++) {
        offs[i] = out.len;
        amb_buf_printf(&out, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
        free(objs[i]);
    }
    size_t xref = out.len;
    amb_buf_puts(&out, "xref\n0 9\n0000000000 65535 f \n");
    for (int i = 0; i < 8; i++)
        amb_buf_printf(&out, "%010zu 00000 n \n", offs[i]);
    amb_buf_printf(&out, "trailer\n<< /Size 9 /Root 1 0 R /Info 8 0 R >>\n"
                   "startxref\n%zu\n%%%%EOF\n", xref);
    amb_buf_free(&c1);
    amb_buf_free(&c2);
    if (broken) {
        /* Keep the header, lose the objects' ends and the table. */
        out.len = offs[3] + 40;
        out.data[out.len] = '\0';
        amb_buf_puts(&out, "\nxref garbage\ntrailer <<>>\n%%EOF\n");
    }
    *len = out.len;
    return out.data;
}

static const char pdf_text[] =
    "Vi vil styrke de unges uddannelsesvalg og arbejde for flere "
    "erhvervsuddannelser i hele regionen. Ledige skal have et "
    "kompetencel\xC3\xB8" "ft, s\xC3\xA5 de kommer i job, og vi vil styrke "
    "voksen- og efteruddannelse.\n";

/* ------------------------------------------------------------ readers */

static void test_sniff(void)
{
    CU_ASSERT_EQUAL(amb_doc_sniff("%PDF-1.7\n", 9, "a.txt", NULL), AMB_DOC_PDF);
    CU_ASSERT_EQUAL(amb_doc_sniff("\r\n%PDF-1.4", 10, NULL, NULL), AMB_DOC_PDF);
    CU_ASSERT_EQUAL(amb_doc_sniff("x", 1, NULL, "text/html; charset=utf-8"),
                    AMB_DOC_HTML);
    CU_ASSERT_EQUAL(amb_doc_sniff("x", 1, "s/A.HTM", NULL), AMB_DOC_HTML);
    CU_ASSERT_EQUAL(amb_doc_sniff("\xEF\xBB\xBF  <!DOCTYPE html><p>", 23,
                                  "page", NULL), AMB_DOC_HTML);
    CU_ASSERT_EQUAL(amb_doc_sniff("<body>hej", 9, NULL, NULL), AMB_DOC_HTML);
    CU_ASSERT_EQUAL(amb_doc_sniff("Vi vil <b>", 10, "a.txt", "text/plain"),
                    AMB_DOC_TEXT);
    CU_ASSERT_EQUAL(amb_doc_format_parse("pdf"), AMB_DOC_PDF);
    CU_ASSERT_EQUAL(amb_doc_format_parse("docx"), -1);
    CU_ASSERT_STRING_EQUAL(amb_doc_format_name(AMB_DOC_HTML), "html");
}

static void test_html(void)
{
    static const char page[] =
        "<!DOCTYPE html><html><head><title> Strategi\n for  BRN </title>"
        "<style>p { color: red } .ledige { }</style>"
        "<script>var ledige = 'FGU FGU';</script></head>"
        "<body><nav>Forside</nav><h1>Vækst &amp; viden</h1>"
        "<p>Vi vil styrke <b>rekrutteringen</b> af\n   faglærte.</p>"
        "<noscript>Slå JavaScript til</noscript>"
        "<ul><li>Første punkt</li><li>Andet<br>punkt</li></ul>"
        "<p>uddan&shy;nelse</p><template><p>skjult</p></template>"
        "<script>document.write('ledige')</script></body></html>";
    char *text, *title, err[256];
    size_t len;
    CU_ASSERT_EQUAL_FATAL(amb_doc_html_text(page, sizeof page - 1, "p.html",
                                            &text, &len, &title, err,
                                            sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(title, "Strategi for BRN");
    char *clean;
    size_t clen;
    CU_ASSERT_EQUAL_FATAL(amb_text_clean(text, len, &clean, &clen, NULL), 0);
    CU_ASSERT_STRING_EQUAL(clean, "Forside\n\nV\xC3\xA6kst & viden\n\n"
                           "Vi vil styrke rekrutteringen af faglærte.\n\n"
                           "F\xC3\xB8rste punkt\n\nAndet punkt\n\n"
                           "uddannelse\n");
    CU_ASSERT_PTR_NULL(strstr(clean, "ledige"));
    CU_ASSERT_PTR_NULL(strstr(clean, "FGU"));
    CU_ASSERT_PTR_NULL(strstr(clean, "color"));
    CU_ASSERT_PTR_NULL(strstr(clean, "skjult"));
    CU_ASSERT_PTR_NULL(strstr(clean, "JavaScript"));
    free(clean);
    free(text);
    free(title);
    /* Windows-1252 declared by the page. */
    static const char latin[] = "<html><head><meta charset=\"windows-1252\">"
                                "</head><body><p>F\xE6lles m\xE5l</p></body>"
                                "</html>";
    CU_ASSERT_EQUAL_FATAL(amb_doc_html_text(latin, sizeof latin - 1, "l.html",
                                            &text, &len, &title, err,
                                            sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "F\xC3\xA6lles m\xC3\xA5l"));
    CU_ASSERT_PTR_NULL(title);
    free(text);
}

static void test_pdf(void)
{
    char *dir = amb_test_tmpdir("doc-pdf");
    size_t n;
    char *pdf = make_pdf(&n, 0);
    char *path = amb_test_write(dir, "rar.pdf", pdf, n);
    free(pdf);
    char err[512];
    char *raw, *title;
    size_t len;
    unsigned pages;
    CU_ASSERT_EQUAL_FATAL(amb_doc_pdf_text(path, "rar.pdf", &raw, &len, &pages,
                                           &title, err, sizeof err), 0);
    CU_ASSERT_EQUAL(pages, 2);
    CU_ASSERT_STRING_EQUAL(title, "RAR Nordjylland strategi");
    /* Poppler gives both headers, both page numbers and the split word. */
    CU_ASSERT_PTR_NOT_NULL(strstr(raw, "Side 1 af 2"));
    CU_ASSERT_PTR_NOT_NULL(strstr(raw, "Side 2 af 2"));
    CU_ASSERT_PTR_NOT_NULL(strstr(raw, "erhvervsuddannel-"));
    CU_ASSERT_PTR_NOT_NULL(strchr(raw, '\f'));
    free(raw);
    free(title);
    /* Extracted and cleaned: header, footers gone; the word joined over
     * the page break; the title from the PDF. */
    amb_doc_text t;
    CU_ASSERT_EQUAL_FATAL(amb_doc_extract(path, "docs/rar.pdf", NULL,
                                          AMB_DOC_AUTO, &t, err, sizeof err),
                          0);
    CU_ASSERT_EQUAL(t.format, AMB_DOC_PDF);
    CU_ASSERT_EQUAL(t.pages, 2);
    CU_ASSERT_STRING_EQUAL(t.text, pdf_text);
    CU_ASSERT_STRING_EQUAL(t.title, "RAR Nordjylland strategi");
    amb_doc_text_clear(&t);
    free(path);

    pdf = make_pdf(&n, 1);
    path = amb_test_write(dir, "broken.pdf", pdf, n);
    free(pdf);
    CU_ASSERT_EQUAL(amb_doc_extract(path, "docs/broken.pdf", NULL,
                                    AMB_DOC_AUTO, &t, err, sizeof err),
                    AMB_EPARSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "docs/broken.pdf: not a readable PDF"));
    CU_ASSERT_PTR_NULL(t.text);
    /* A text file forced through the PDF reader. */
    char *txt = amb_test_write(dir, "plain.txt", "hej\n", 4);
    CU_ASSERT_EQUAL(amb_doc_extract(txt, NULL, NULL, AMB_DOC_PDF, &t, err,
                                    sizeof err), AMB_EPARSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "plain.txt: not a readable PDF"));
    CU_ASSERT_EQUAL(amb_doc_extract(txt, NULL, NULL, AMB_DOC_AUTO, &t, err,
                                    sizeof err), 0);
    CU_ASSERT_STRING_EQUAL(t.text, "hej\n");
    CU_ASSERT_EQUAL(t.format, AMB_DOC_TEXT);
    amb_doc_text_clear(&t);
    char *missing = amb_path_join(dir, "nope.txt");
    CU_ASSERT_EQUAL(amb_doc_extract(missing, "nope.txt", NULL, AMB_DOC_AUTO,
                                    &t, err, sizeof err), AMB_EIO);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "nope.txt"));
    free(missing);
    free(txt);
    free(path);
    amb_test_rmtree(dir);
    free(dir);
}

/* ------------------------------------------------------------ store */

static void test_migration_3(void)
{
    char *dir = amb_test_tmpdir("doc-mig");
    char *path = amb_path_join(dir, "ambit.db");
    amb_store *st = NULL;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_store_open_at_version(path, 2, &st, &err), 0);
    CU_ASSERT_EQUAL(amb_store_schema_version(st), 2);
    CU_ASSERT_EQUAL(sql_int(st, "SELECT COUNT(*) FROM sqlite_schema WHERE name "
                          "= 'documents'"), 0);
    CU_ASSERT_EQUAL(sqlite3_exec(amb_store_db(st),
                                 "INSERT INTO sources VALUES(1, 'dst', 'csv', "
                                 "'2024-01-01T00:00:00Z');"
                                 "INSERT INTO runs(id, source_id, started_at, "
                                 "status) VALUES(1, 1, 'x', 'ok');",
                                 NULL, NULL, NULL), SQLITE_OK);
    amb_store_close(st);
    CU_ASSERT_EQUAL_FATAL(amb_store_open(path, &st, &err), 0);
    CU_ASSERT_EQUAL(amb_store_schema_version(st), AMB_STORE_SCHEMA);
    CU_ASSERT_EQUAL(sql_int(st, "PRAGMA user_version"), AMB_STORE_SCHEMA);
    CU_ASSERT_EQUAL(sql_int(st, "SELECT COUNT(*) FROM sqlite_schema WHERE name "
                          "IN ('documents', 'documents_by_source')"), 2);
    CU_ASSERT_EQUAL(sql_int(st, "SELECT COUNT(*) FROM documents"), 0);
    CU_ASSERT_EQUAL(sql_int(st, "SELECT COUNT(*) FROM runs WHERE status = 'ok'"),
                    1);
    amb_store_close(st);
    /* Reopening a current store changes nothing. */
    CU_ASSERT_EQUAL_FATAL(amb_store_open(path, &st, &err), 0);
    CU_ASSERT_EQUAL(sql_int(st, "PRAGMA user_version"), AMB_STORE_SCHEMA);
    amb_store_close(st);
    free(path);
    amb_test_rmtree(dir);
    free(dir);
}

typedef struct listed {
    char rows[2048];
    size_t n;
} listed;

static int list_cb(void *ud, const amb_document_row *r)
{
    listed *l = ud;
    size_t used = strlen(l->rows);
    snprintf(l->rows + used, sizeof l->rows - used, "%s|%s|%s|%s|%s|%.8s|%s\n",
             r->source, r->organisation, r->url, r->period ? r->period : "-",
             r->title ? r->title : "-", r->content_hash, r->text);
    l->n++;
    return 0;
}

static amb_document_desc doc(const char *org, const char *url,
                             const char *text)
{
    amb_document_desc d = {.struct_size = sizeof d, .organisation = org,
                           .url = url, .text = text, .text_len = strlen(text),
                           .period = "2018-2022", .format = "text"};
    return d;
}

static void test_store_documents(void)
{
    char *dir = amb_test_tmpdir("doc-store");
    char *path = amb_path_join(dir, "ambit.db");
    amb_store *st;
    amb_error err;
    CU_ASSERT_EQUAL_FATAL(amb_store_open(path, &st, &err), 0);
    int64_t src_a, src_b, run;
    CU_ASSERT_EQUAL(amb_store_source_id(st, "a", "documents", &src_a, &err), 0);
    CU_ASSERT_EQUAL(amb_store_source_id(st, "b", "documents", &src_b, &err), 0);
    amb_document_desc d = doc("KKR", "kkr.txt", "Ledige i job.\n");
    /* Outside a run: refused. */
    CU_ASSERT_EQUAL(amb_store_document_put(st, 1, src_a, &d, NULL, &err),
                    AMB_EUSAGE);
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(st, src_a, &run, &err), 0);
    int64_t id1 = 0, id2 = 0;
    CU_ASSERT_EQUAL(amb_store_document_put(st, run, src_a, &d, &id1, &err), 0);
    d = doc("RAR", "rar.txt", "VEU og AMU.\n");
    d.content_hash = "00112233445566778899";
    CU_ASSERT_EQUAL(amb_store_document_put(st, run, src_a, &d, &id2, &err), 0);
    /* Bad organisation, missing url, a NUL in the text, a short struct. */
    d = doc("K K R", "x.txt", "x");
    CU_ASSERT_EQUAL(amb_store_document_put(st, run, src_a, &d, NULL, &err),
                    AMB_EUSAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "organisation"));
    d = doc("KKR", "", "x");
    CU_ASSERT_EQUAL(amb_store_document_put(st, run, src_a, &d, NULL, &err),
                    AMB_EUSAGE);
    d = doc("KKR", "n.txt", "x");
    d.text = "a\0b";
    d.text_len = 3;
    CU_ASSERT_EQUAL(amb_store_document_put(st, run, src_a, &d, NULL, &err),
                    AMB_EUSAGE);
    d = doc("KKR", "s.txt", "x");
    d.struct_size = 8;
    CU_ASSERT_EQUAL(amb_store_document_put(st, run, src_a, &d, NULL, &err),
                    AMB_EUSAGE);
    CU_ASSERT_EQUAL(amb_store_run_finish(st, run, "ok", 2, 0, &err), 0);

    listed l = {"", 0};
    CU_ASSERT_EQUAL(amb_store_list_documents(st, list_cb, &l, &err), 0);
    char hash[65];
    amb_sha256_hex("Ledige i job.\n", 14, hash);
    char *want = amb_xasprintf("a|KKR|kkr.txt|2018-2022|-|%.8s|Ledige i job.\n"
                               "\na|RAR|rar.txt|2018-2022|-|00112233|VEU og "
                               "AMU.\n\n", hash);
    CU_ASSERT_STRING_EQUAL(l.rows, want);
    free(want);

    /* Source b stores the same organisation and url: the row moves (same
     * id); a later run of a that clears first leaves b's row alone. */
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(st, src_b, &run, &err), 0);
    d = doc("KKR", "kkr.txt", "Ny tekst.\n");
    d.title = "KKR strategi";
    int64_t id3 = 0;
    CU_ASSERT_EQUAL(amb_store_document_put(st, run, src_b, &d, &id3, &err), 0);
    CU_ASSERT_EQUAL(id3, id1);
    CU_ASSERT_EQUAL(amb_store_run_finish(st, run, "ok", 1, 0, &err), 0);
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(st, src_a, &run, &err), 0);
    CU_ASSERT_EQUAL(amb_store_documents_clear(st, run, src_a, &err), 0);
    CU_ASSERT_EQUAL(amb_store_run_finish(st, run, "ok", 0, 0, &err), 0);
    memset(&l, 0, sizeof l);
    CU_ASSERT_EQUAL(amb_store_list_documents(st, list_cb, &l, &err), 0);
    amb_sha256_hex("Ny tekst.\n", 10, hash);
    want = amb_xasprintf("b|KKR|kkr.txt|2018-2022|KKR strategi|%.8s|Ny tekst."
                         "\n\n", hash);
    CU_ASSERT_STRING_EQUAL(l.rows, want);
    free(want);

    /* An aborted run leaves the documents as they were. */
    CU_ASSERT_EQUAL_FATAL(amb_store_run_begin(st, src_b, &run, &err), 0);
    CU_ASSERT_EQUAL(amb_store_documents_clear(st, run, src_b, &err), 0);
    CU_ASSERT_EQUAL(amb_store_run_abort(st, run, "broken", 0, &err), 0);
    CU_ASSERT_EQUAL(sql_int(st, "SELECT COUNT(*) FROM documents"), 1);
    amb_store_close(st);
    free(path);
    amb_test_rmtree(dir);
    free(dir);
}

/* ------------------------------------------------------------ runs */

typedef struct fixture {
    char *dir;
    amb_registry *reg;
    amb_workspace *ws;
    amb_run_env env;
    volatile int stop;
} fixture;

static void fx_open(fixture *fx, const char *config)
{
    memset(fx, 0, sizeof *fx);
    fx->dir = amb_test_tmpdir("doc-run");
    free(amb_test_write(fx->dir, "ambit.lua", config, strlen(config)));
    size_t n;
    char *pdf = make_pdf(&n, 0);
    free(amb_test_write(fx->dir, "rar.pdf", pdf, n));
    free(pdf);
    pdf = make_pdf(&n, 1);
    free(amb_test_write(fx->dir, "broken.pdf", pdf, n));
    free(pdf);
    static const char kkr[] = "Ledige skal i job.\nVi vil hjælpe ledige.\n";
    free(amb_test_write(fx->dir, "kkr.txt", kkr, sizeof kkr - 1));
    static const char brn[] = "<html><body><p>Højtuddannede og "
                              "iværksættere.</p></body></html>";
    free(amb_test_write(fx->dir, "brn.html", brn, sizeof brn - 1));
    fx->reg = amb_registry_new();
    char *so = amb_path_join(amb_test_builddir(), "plugins/.libs/documents.so");
    CU_ASSERT_EQUAL_FATAL(amb_registry_load_file(fx->reg, so), 0);
    free(so);
    amb_error err;
    int rc = amb_workspace_open(fx->dir, fx->reg, &fx->ws, &err);
    if (rc)
        fprintf(stderr, "workspace: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    fx->env = (amb_run_env){fx->ws->store, fx->ws->fetcher, fx->reg, 0,
                            &fx->stop};
}

static void fx_close(fixture *fx)
{
    amb_workspace_close(fx->ws);
    amb_registry_free(fx->reg);
    amb_test_rmtree(fx->dir);
    free(fx->dir);
}

static int collect(fixture *fx, const char *name, amb_run_outcome *out,
                   amb_error *err)
{
    const amb_source_cfg *src = amb_config_source(fx->ws->cfg, name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    return amb_run_collect(&fx->env, src, out, err);
}

static void test_plugin_runs(void)
{
    fixture fx;
    fx_open(&fx,
            "source \"rar\" { plugin = \"documents\", path = \"rar.pdf\", "
            "organisation = \"RAR\", period = \"2018-2022\" }\n"
            "source \"two\" { plugin = \"documents\", period = \"2019\", "
            "organisation = \"KKR\",\n"
            "  documents = { { path = \"kkr.txt\", title = \"KKR\" },\n"
            "                { path = \"brn.html\", organisation = \"BRN\", "
            "period = \"2020\" } } }\n"
            "source \"bad\" { plugin = \"documents\", path = \"broken.pdf\", "
            "organisation = \"RAR\" }\n");
    amb_run_outcome out;
    amb_error err;
    CU_ASSERT_EQUAL(collect(&fx, "rar", &out, &err), 0);
    CU_ASSERT_EQUAL(out.rc, AMB_OK);
    CU_ASSERT_EQUAL(out.rows, 1);
    CU_ASSERT_EQUAL(collect(&fx, "two", &out, &err), 0);
    CU_ASSERT_EQUAL(out.rows, 2);
    listed l = {"", 0};
    CU_ASSERT_EQUAL(amb_store_list_documents(fx.ws->store, list_cb, &l, &err),
                    0);
    CU_ASSERT_EQUAL(l.n, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(l.rows, "two|BRN|brn.html|2020|-|"));
    CU_ASSERT_PTR_NOT_NULL(strstr(l.rows, "|Højtuddannede og iværksættere."));
    CU_ASSERT_PTR_NOT_NULL(strstr(l.rows, "two|KKR|kkr.txt|2019|KKR|"));
    CU_ASSERT_PTR_NOT_NULL(strstr(l.rows, "rar|RAR|rar.pdf|2018-2022|RAR "
                                  "Nordjylland strategi|"));
    CU_ASSERT_PTR_NOT_NULL(strstr(l.rows, pdf_text));

    /* Nothing changed: the run is 'unchanged' and stores nothing. */
    CU_ASSERT_EQUAL(collect(&fx, "two", &out, &err), 0);
    CU_ASSERT_EQUAL(out.rc, AMB_UNCHANGED);

    /* A broken PDF fails the run, names the file, stores nothing. */
    CU_ASSERT_EQUAL(collect(&fx, "bad", &out, &err), AMB_EPARSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "broken.pdf: not a readable PDF"));
    CU_ASSERT_EQUAL(sql_int(fx.ws->store, "SELECT COUNT(*) FROM documents"), 3);
    fx_close(&fx);
}

static void test_plugin_options(void)
{
    fixture fx;
    fx_open(&fx,
            "source \"noorg\" { plugin = \"documents\", path = \"kkr.txt\" }\n"
            "source \"both\" { plugin = \"documents\", path = \"a\", url = "
            "\"b\", organisation = \"KKR\" }\n"
            "source \"item\" { plugin = \"documents\", documents = { { path = "
            "\"kkr.txt\", organisation = \"KKR\" }, { path = \"x.txt\" } } }\n"
            "source \"typo\" { plugin = \"documents\", path = \"kkr.txt\", "
            "organisation = \"KKR\", perod = \"2019\" }\n"
            "source \"fmt\" { plugin = \"documents\", path = \"kkr.txt\", "
            "organisation = \"KKR\", format = \"docx\" }\n"
            "source \"org\" { plugin = \"documents\", path = \"kkr.txt\", "
            "organisation = \"K K R\" }\n"
            "source \"missing\" { plugin = \"documents\", path = \"nope.pdf\", "
            "organisation = \"RR\" }\n");
    static const struct {
        const char *source, *msg;
        int rc;
    } cases[] = {
        {"noorg", "ambit.lua:1: source 'noorg': documents: option "
                  "'organisation' is required", AMB_ECONFIG},
        {"both", "ambit.lua:2: source 'both': documents: give option 'path' "
                 "or option 'url', not both", AMB_ECONFIG},
        {"item", "ambit.lua:3: source 'item': documents: documents[2]: option "
                 "'organisation' is required", AMB_ECONFIG},
        {"typo", "ambit.lua:4: source 'typo': documents: unknown option "
                 "'perod'", AMB_ECONFIG},
        {"fmt", "ambit.lua:5: source 'fmt': documents: option 'format' must "
                "be", AMB_ECONFIG},
        {"org", "ambit.lua:6: source 'org': documents: option 'organisation' "
                "must be 1 to 32 characters", AMB_ECONFIG},
        {"missing", "nope.pdf", AMB_EIO},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        amb_run_outcome out;
        amb_error err;
        int rc = collect(&fx, cases[i].source, &out, &err);
        CU_ASSERT_EQUAL(rc, cases[i].rc);
        if (!strstr(err.msg, cases[i].msg))
            fprintf(stderr, "\n%s: got [%s]\n", cases[i].source, err.msg);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, cases[i].msg));
    }
    CU_ASSERT_EQUAL(sql_int(fx.ws->store, "SELECT COUNT(*) FROM documents"), 0);
    fx_close(&fx);
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "mkpdf") == 0) {
        size_t n;
        char *pdf = make_pdf(&n, argc > 3 && strcmp(argv[3], "broken") == 0);
        FILE *fp = fopen(argv[2], "wb");
        int ok = fp && fwrite(pdf, 1, n, fp) == n;
        if (fp && fclose(fp) != 0)
            ok = 0;
        free(pdf);
        if (!ok)
            perror(argv[2]);
        return ok ? 0 : 1;
    }
    AMB_TEST_SUITE("readers",
                   {"sniff", test_sniff},
                   {"html", test_html},
                   {"pdf", test_pdf});
    AMB_TEST_SUITE("store",
                   {"migration 3", test_migration_3},
                   {"documents", test_store_documents});
    AMB_TEST_SUITE("plugin",
                   {"runs", test_plugin_runs},
                   {"options", test_plugin_options});
    return amb_test_run();
}
