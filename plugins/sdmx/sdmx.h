/*
 * sdmx.h - the sdmx plugin's internal interfaces.
 *
 * The plugin reads SDMX data messages in two syntaxes: SDMX-ML (XML, read
 * by sdmx_xml.c with libxml2's streaming reader) and SDMX-CSV 1.0 (read by
 * sdmx_csv.c with the csv plugin's tokenizer).  Both end in the same place:
 *
 *   sdmx_input  bytes from a file or memory, with the first bytes peeked
 *               so that the syntax can be detected (sdmx_input.c);
 *   sdmx_emit   datasets and observations handed to the host: dataset ids,
 *               labels from the options, OBS_VALUE parsing, counts
 *               (sdmx_emit.c);
 *   sdmx_key    for SDMX-ML: assembles each observation's key from series-
 *               and observation-level concepts, fixes a dataset's dimensions
 *               from its first series and checks every later key against
 *               them (sdmx_key.c).
 *
 * Nothing here keeps global state; every parse owns its structures, and
 * memory is bounded by the largest key or element, never by the input.
 */
#ifndef SDMX_H
#define SDMX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ambit/plugin.h"

/* ------------------------------------------------------------ options */

enum { SDMX_FMT_AUTO = 0, SDMX_FMT_XML, SDMX_FMT_CSV };

/* A source's options, validated; strings are borrowed from the tree. */
typedef struct sdmx_opts {
    const char *url, *path;     /* one of them for collect */
    const char *dataset;        /* NULL: ids come from the message */
    const char *title, *unit;
    const char *flag;           /* NULL: OBS_STATUS, else OBS_FLAG */
    const char *time;           /* NULL: TIME_PERIOD, else TIME */
    int format;                 /* SDMX_FMT_* */
    size_t ndims;               /* > 0: the dimensions, given */
    const char *dims[AMB_MAX_DIMS];
    const amb_opt *labels;      /* MAP dim -> MAP code -> label, or NULL */
} sdmx_opts;

/* Read and validate the option tree; returns 0 or AMB_ECONFIG with a
 * one-line reason in err.  Requires nothing: callers check url/path. */
int sdmx_opts_parse(const amb_opt *options, sdmx_opts *o, char *err,
                    size_t errlen);

/* Whether name is the time concept under these options (the option `time`,
 * else TIME_PERIOD or TIME). */
int sdmx_is_time_name(const sdmx_opts *o, const char *name);
/* Whether name is a dimension listed in the option `dims`. */
int sdmx_is_listed_dim(const sdmx_opts *o, const char *name);
/* Whether name is a well-known SDMX attribute concept (TIME_FORMAT,
 * UNIT_MULT, OBS_STATUS...), which is never taken for a dimension when
 * `dims` is not given. */
int sdmx_is_known_attribute(const char *name);

/* ------------------------------------------------------------ input */

#define SDMX_HEAD 4096

/* A byte source: a FILE (not owned) or a memory block (borrowed). */
typedef struct sdmx_input {
    FILE *fp;
    const char *mem;
    size_t mem_len, mem_pos;
    char head[SDMX_HEAD];       /* the peeked first bytes */
    size_t head_len, head_pos;
    int err;                    /* errno of a failed read, else 0 */
} sdmx_input;

void sdmx_input_file(sdmx_input *in, FILE *fp);
void sdmx_input_mem(sdmx_input *in, const char *data, size_t len);
/* Read up to len bytes (peeked ones first): the count, 0 at the end, -1 on
 * error (in->err set).  ud is the sdmx_input. */
long sdmx_input_read(void *ud, char *buf, size_t len);
/* Peek the first bytes into head; 0 or -1 on a read error. */
int sdmx_input_peek(sdmx_input *in);
/* The syntax of the peeked bytes: SDMX_FMT_XML, SDMX_FMT_CSV, or
 * SDMX_FMT_AUTO when it is neither. */
int sdmx_detect(const sdmx_input *in);

/* ------------------------------------------------------------ emit */

/* Where observations go: the host plus what a parse has done so far. */
typedef struct sdmx_emit {
    amb_ctx *ctx;
    const amb_host *host;
    const sdmx_opts *opts;
    const char *file;           /* the input's name in messages */
    const char *origin;         /* URL or path stored with datasets */
    int group;                  /* a MessageGroup: option ids get -k */
    unsigned position;          /* DataSet elements seen (1-based) */
    char *id;                   /* the open dataset's id (owned) */
    int open;                   /* a dataset was begun and not ended */
    uint64_t ds_obs, obs;       /* observations: this dataset, in total */
    unsigned datasets;          /* datasets stored */
    char **used;                /* ids stored so far (owned) */
    size_t nused;
    unsigned char *label_used;  /* per labels entry: matched a dimension */
} sdmx_emit;

void sdmx_emit_init(sdmx_emit *e, amb_ctx *ctx, const amb_host *host,
                    const sdmx_opts *opts, const char *file,
                    const char *origin);
void sdmx_emit_free(sdmx_emit *e);

/* The id for the DataSet at e->position whose own id (from the message)
 * is derived (may be NULL): the option `dataset` or derived, numbered
 * "-k" in a MessageGroup or when already used.  Malloc'd into *out;
 * returns 0, or a failure recorded through the host (line names where). */
amb_rc sdmx_emit_dataset_id(sdmx_emit *e, const char *derived, long line,
                            char **out);
/* Begin dataset id (taken over by e) with these dimensions and time id,
 * then store the labels the option `labels` gives for them. */
amb_rc sdmx_emit_begin(sdmx_emit *e, char *id, size_t ndims,
                       const char *const *dims, const char *time_id);
/* One observation of the open dataset: value is the OBS_VALUE text (NULL,
 * empty or NaN store no value), flag may be NULL or empty (no flag). */
amb_rc sdmx_emit_observe(sdmx_emit *e, const char *const *codes,
                         const char *period, const char *value,
                         const char *flag, long line);
/* End the open dataset (if any): log its count. */
void sdmx_emit_end(sdmx_emit *e);
/* The end of the message: an error when nothing was observed, a warning
 * for labels that matched no dimension. */
amb_rc sdmx_emit_finish(sdmx_emit *e);

/* A failure "FILE:LINE: message" (line <= 0: "FILE: message"). */
amb_rc sdmx_fail(const sdmx_emit *e, amb_rc rc, long line, const char *fmt,
                 ...) AMB_PRINTF(4, 5);

/* Parse an OBS_VALUE: 1 with *out set for a number, 0 for a missing value
 * (NULL, empty, NaN), -1 when it is not a number. */
int sdmx_parse_value(const char *s, double *out);

/* Copy at most max bytes of s for a message, with "..." when cut. */
void sdmx_excerpt(const char *s, char *out, size_t max);

/* ------------------------------------------------------------ keys */

#define SDMX_MAX_PARTS 16   /* concepts one level of a key may carry */

/* One level of a key (series or observation): concept/value pairs whose
 * strings live in buf. */
typedef struct sdmx_level {
    size_t n;
    size_t name[SDMX_MAX_PARTS], value[SDMX_MAX_PARTS];  /* offsets */
    char *buf;
    size_t len, cap;
} sdmx_level;

/* Key assembly for one message.  The XML reader calls, in document order:
 * dataset_start, (series_start, series_part..., series_done,
 * (obs_start, obs_part/obs_value/obs_flag..., obs_done)..., series_end)...,
 * dataset_end; observations may also come outside series. */
typedef struct sdmx_key {
    sdmx_emit *emit;
    const sdmx_opts *opts;
    char *pending_id;           /* the dataset id, until it is begun */
    int in_dataset, schema;     /* a dataset is open / its dims are fixed */
    size_t ndims;
    char *dims[AMB_MAX_DIMS];   /* owned */
    char *time_id;              /* owned */
    size_t nseries_set;         /* concepts of the first series (owned) */
    char *series_set[SDMX_MAX_PARTS];
    int have_series_set;
    size_t nobs_set;            /* concepts of the first observation */
    char *obs_set[SDMX_MAX_PARTS];
    sdmx_level series, obs;
    int series_open, series_checked, series_mapped;
    long series_line;
    int series_map[SDMX_MAX_PARTS];  /* part -> dim index, -1 time, -2 none */
    size_t value, flag_main, flag_alt;  /* offsets+1 into obs.buf; 0 none */
} sdmx_key;

void sdmx_key_init(sdmx_key *k, sdmx_emit *emit);
void sdmx_key_free(sdmx_key *k);
/* A DataSet starts; derived is its id from the message (may be NULL). */
amb_rc sdmx_key_dataset_start(sdmx_key *k, const char *derived, long line);
amb_rc sdmx_key_dataset_end(sdmx_key *k);
void sdmx_key_series_start(sdmx_key *k, long line);
amb_rc sdmx_key_series_part(sdmx_key *k, const char *name, const char *value,
                            long line);
/* The series key is complete: check its concepts against the first
 * series'.  Idempotent. */
amb_rc sdmx_key_series_done(sdmx_key *k);
void sdmx_key_series_end(sdmx_key *k);
void sdmx_key_obs_start(sdmx_key *k);
amb_rc sdmx_key_obs_part(sdmx_key *k, const char *name, const char *value,
                         long line);
amb_rc sdmx_key_obs_value(sdmx_key *k, const char *value, long line);
/* An attribute of the observation; kept when it is the flag. */
amb_rc sdmx_key_obs_attribute(sdmx_key *k, const char *name,
                              const char *value, long line);
amb_rc sdmx_key_obs_done(sdmx_key *k, long line);

/* ------------------------------------------------------------ parsers */

/* Parse the message in in with the syntax format (SDMX_FMT_AUTO detects
 * it from the first bytes); total is its size for progress (0: unknown).
 * Returns AMB_OK with every observation handed to e's host, or the first
 * failure, recorded through the host. */
amb_rc sdmx_parse(sdmx_emit *e, sdmx_input *in, int format, uint64_t total);

/* Parse an SDMX-ML message from in (peeked or not); total is its size in
 * bytes for progress (0: unknown). */
amb_rc sdmx_xml_parse(sdmx_emit *e, sdmx_input *in, uint64_t total);
/* Parse an SDMX-CSV 1.0 file from in. */
amb_rc sdmx_csv_parse(sdmx_emit *e, sdmx_input *in, uint64_t total);

#endif
