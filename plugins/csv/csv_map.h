/*
 * csv_map.h - the csv plugin's options, column map and value parsing.
 *
 * The plugin (csv_plugin.c) reads the source's option tree into a csv_opts,
 * borrowing strings from the tree; csv_map_init() resolves that against the
 * header (or, with header = false, the first record's width) into column
 * indexes, dimension ids and labels; csv_map_row() turns one record into one
 * observation.  Messages are one line, naming the option or FILE:LINE.
 *
 * Column inference (for whatever the `columns` table leaves out): the period
 * is the first column named TID, time, time_period, period, year, år, aar,
 * quarter or month; the value is the first named INDHOLD, value, obs_value
 * or værdi, else the last column; the dimensions are all other columns
 * (minus the flag column).  Names compare case-insensitively (ASCII and
 * Latin-1 letters such as Æ/æ).  Without a header, columns are referred to
 * by 1-based number and column N's id is "colN".
 */
#ifndef CSV_MAP_H
#define CSV_MAP_H

#include <stddef.h>

#include "ambit/plugin.h"
#include "csv_parse.h"

/* A column named in the options: by name, or by 1-based index. */
typedef struct csv_colref {
    const char *name;       /* borrowed from the options, or NULL */
    unsigned long index;    /* 1-based when name is NULL; 0: not given */
} csv_colref;

/* The source's options, validated. */
typedef struct csv_opts {
    const char *dataset, *title, *unit, *time_label;  /* NULL when absent */
    const char *url, *path;
    char delimiter;         /* ',', ';', '\t'; 0 detects it */
    char decimal;           /* '.' or ',' */
    char thousands;         /* 0: none */
    int header;             /* first record names the columns */
    unsigned long skip;     /* records to skip before the header */
    int has_dims;           /* columns.dims was given (maybe empty) */
    size_t ndims;
    csv_colref dims[AMB_MAX_DIMS];
    csv_colref period, value, flag;   /* index 0 and no name: not given */
    const amb_opt *labels;  /* MAP dimension id -> label, or NULL */
    const amb_opt *missing; /* LIST of markers, or NULL for the defaults */
} csv_opts;

typedef struct csv_map {
    const csv_opts *opts;   /* borrowed */
    size_t ncols;           /* fields every record must have */
    size_t ndims;
    size_t dim_col[AMB_MAX_DIMS];   /* 0-based column indexes */
    size_t period_col, value_col, flag_col;
    int has_flag;
    amb_dim dims[AMB_MAX_DIMS];     /* ids owned, labels borrowed */
    char *time_id;          /* owned: the period column's id */
    char *value_name;       /* owned: the value column's id */
    const char *time_label; /* borrowed */
} csv_map;

/* Resolve the map from the first record: the header when o->header (its
 * fields get trimmed in place), else the first data record (only its width
 * is used).  file names the input in
 * messages.  Returns 0, or AMB_ECONFIG / AMB_EPARSE with a reason in err;
 * free with csv_map_free() in every case. */
int csv_map_init(csv_map *m, const csv_opts *o, csv_record *first,
                 const char *file, char *err, size_t errlen);
void csv_map_free(csv_map *m);

/* One observation; strings borrow from the record that made it. */
typedef struct csv_obs {
    const char *codes[AMB_MAX_DIMS];
    const char *period;
    double value;
    int has_value;
    const char *flag;
} csv_obs;

/* Map one record (trimming its fields in place).  Returns 0 or AMB_EPARSE
 * with "FILE:LINE: ..." in err. */
int csv_map_row(const csv_map *m, csv_record *rec, const char *file,
                csv_obs *obs, char *err, size_t errlen);

/* Parse s[0..len) as a number: optional sign, digits (thousands separators,
 * when given, only between groups of three integer digits), optional
 * decimal mark with digits, optional exponent.  No spaces.  Returns 0 with
 * *out set, or -1 when s is not a finite number. */
int csv_parse_number(const char *s, size_t len, char decimal, char thousands,
                     double *out);

#endif
