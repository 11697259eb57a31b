/*
 * themes.h - the theme lexicon and the tagging of stored strategy
 * documents: which partner works with which theme of "Det kompetente
 * Nordjylland", with evidence sentences, the theme x organisation matrix
 * and the sub-goals the documents address (`ambit themes`).
 *
 * The lexicon is Lua (lua/themes.lua, extended or overridden by
 * WORKSPACE/themes.lua; syntax in doc/plugins/documents.md), run in the
 * sandbox.  Tagging happens when asked, on the text the documents plugin
 * stored, so a changed lexicon needs no re-collection.
 *
 * Ownership: a lexicon, a result and every string in them belong to the
 * object and go with its _free(); results borrow their lexicon, which must
 * outlive them.
 */
#ifndef AMB_THEMES_H
#define AMB_THEMES_H

#include <stdio.h>
#include <jansson.h>

#include "lua_host.h"
#include "store.h"
#include "themes_match.h"
#include "util.h"
#include "workspace.h"

/* ------------------------------------------------------------ lexicon */

typedef struct amb_theme {
    char *id;                /* [a-z0-9_]{1,40} */
    char *title;             /* as printed in the ambition's figure */
    char **subgoals;         /* "4.2", "5.1.3" ... */
    size_t nsubgoals;
    char **terms;            /* term syntax: themes_match.h */
    size_t nterms;
    char *file;              /* where it was defined */
    int line;
} amb_theme;

typedef struct amb_themes_lexicon {
    amb_theme *themes;       /* in definition order */
    size_t nthemes;
    char **partners;         /* preferred organisation order */
    size_t npartners;
    char **files;            /* the files loaded, in order */
    size_t nfiles;
} amb_themes_lexicon;

/* Run the lexicon files in order in one sandbox (limits may be NULL).
 * Errors carry "file:line: ..." and are AMB_ECONFIG (AMB_EIO when a file
 * cannot be read). */
int amb_themes_lexicon_load(const char *const *files, size_t nfiles,
                            const amb_lua_limits *limits,
                            amb_themes_lexicon **out, amb_error *err);
/* The shipped lexicon (amb_data_path("lua/themes.lua")), then
 * workspace_dir/themes.lua when that file exists (workspace_dir may be
 * NULL). */
int amb_themes_lexicon_load_default(const char *workspace_dir,
                                    const amb_lua_limits *limits,
                                    amb_themes_lexicon **out,
                                    amb_error *err);
void amb_themes_lexicon_free(amb_themes_lexicon *lx);   /* NULL is fine */
/* A matcher with every term; a term's id is its theme's index.  Caller
 * frees with amb_themes_matcher_free(). */
int amb_themes_lexicon_matcher(const amb_themes_lexicon *lx,
                               amb_themes_matcher **out, amb_error *err);

/* ------------------------------------------------------------ tagging */

#define AMB_THEMES_MIN_HITS 2     /* default threshold per organisation */
#define AMB_THEMES_EVIDENCE 3     /* default evidence per document/theme */
#define AMB_THEMES_EXCERPT 400    /* longest evidence text, in bytes */

typedef struct amb_themes_evidence {
    size_t position;         /* byte offset of sentence in the text */
    char *sentence;          /* text[position..position+strlen) */
} amb_themes_evidence;

/* One document's hits.  hits[t] and nev[t]/ev[t] per theme t. */
typedef struct amb_themes_doc {
    int64_t id;
    char *source, *organisation, *url, *period, *title, *format;
    int64_t pages;
    size_t bytes;            /* of the stored text */
    size_t *hits;
    size_t *nev;
    amb_themes_evidence **ev;
} amb_themes_doc;

typedef struct amb_themes_opts {
    unsigned min_hits;       /* 0: AMB_THEMES_MIN_HITS */
    size_t evidence;         /* 0: AMB_THEMES_EVIDENCE */
} amb_themes_opts;

typedef struct amb_themes_result {
    const amb_themes_lexicon *lx;  /* borrowed */
    unsigned min_hits;
    amb_themes_doc *docs;
    size_t ndocs;
    char **orgs;             /* the lexicon's partners first, then A-Z */
    size_t norgs;
    size_t *org_hits;        /* [theme * norgs + org] */
    size_t *count;           /* per theme: organisations at min_hits */
} amb_themes_result;

/* Tag one text: hits[t] gets theme t's hit count (overlapping matches of
 * one theme count once) and, when ev is not NULL, ev[t]/nev[t] up to
 * max_ev distinct evidence sentences in text order (caller frees with
 * amb_themes_evidence_free()).  hits, nev and ev have lx->nthemes
 * entries.  Returns 0 or AMB_ENOMEM. */
int amb_themes_tag(const amb_themes_matcher *m, size_t nthemes,
                   const char *text, size_t len, size_t max_ev,
                   size_t *hits, size_t *nev, amb_themes_evidence **ev);
void amb_themes_evidence_free(amb_themes_evidence *ev, size_t n);

/* Tag every stored document. */
int amb_themes_analyse(amb_store *st, const amb_themes_lexicon *lx,
                       const amb_themes_opts *opts,
                       amb_themes_result **out, amb_error *err);
void amb_themes_result_free(amb_themes_result *r);    /* NULL is fine */
/* Does organisation o work with theme t (hits >= min_hits)? */
int amb_themes_works(const amb_themes_result *r, size_t t, size_t o);

/* ------------------------------------------------------------ output */

/* The whole analysis as JSON (new reference); with_evidence adds each
 * document's evidence.  Shape in doc/plugins/documents.md. */
json_t *amb_themes_result_json(const amb_themes_result *r, int with_evidence);
/* The matrix and the sub-goals as text tables, evidence after them. */
int amb_themes_print_table(FILE *fp, const amb_themes_result *r,
                           int with_evidence);
/* One CSV row per theme and organisation, or per evidence sentence. */
int amb_themes_print_csv(FILE *fp, const amb_themes_result *r,
                         int with_evidence);
/* The bubble chart of common themes as a self-contained SVG document. */
int amb_themes_write_svg(FILE *fp, const amb_themes_result *r);
/* The lexicon itself: table, "json" or "csv" (theme_id,term). */
int amb_themes_print_lexicon(FILE *fp, const amb_themes_lexicon *lx,
                             const char *format);

/* The report's "themes" value for a workspace: the default lexicon (with
 * the workspace's themes.lua), default threshold, and
 *   {"themes": [{"id", "title", "organisations": [...], "count",
 *                "subgoals": [...], "evidence": [{"org", "document",
 *                "sentence", "position"}]}],
 *    "organisations": [...]}
 * with at most two evidence sentences per organisation and theme, from
 * organisations that work with it.  *out is NULL (and 0 returned) when the
 * store holds no documents, so the report can leave the section out. */
int amb_themes_json(amb_workspace *ws, json_t **out, amb_error *err);

#endif
