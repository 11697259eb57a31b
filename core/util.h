/*
 * util.h - small shared helpers: the error buffer every layer fills, a
 * growable string buffer, checked allocation and time stamps.
 */
#ifndef AMB_UTIL_H
#define AMB_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ambit/plugin.h"

/* An error message that travels up to the CLI.  Layers write "what: why"
 * and callers may prefix their context with amb_error_prefix(). */
typedef struct amb_error {
    char msg[1024];
} amb_error;

/* Set err (if not NULL) from a format; returns rc for `return amb_error_set(...)`. */
int amb_error_set(amb_error *err, int rc, const char *fmt, ...) AMB_PRINTF(3, 4);
int amb_error_vset(amb_error *err, int rc, const char *fmt, va_list ap);
/* Put "prefix: " in front of the message already in err. */
void amb_error_prefix(amb_error *err, const char *fmt, ...) AMB_PRINTF(2, 3);
void amb_error_clear(amb_error *err);

/* Allocation that aborts on out-of-memory with a message (the CLI cannot do
 * anything useful after malloc fails, and checking every small strdup
 * obscures the code).  Large, input-driven allocations use plain malloc
 * and report AMB_ENOMEM instead. */
void *amb_xmalloc(size_t n);
void *amb_xcalloc(size_t n, size_t size);
void *amb_xrealloc(void *p, size_t n);
char *amb_xstrdup(const char *s);             /* NULL stays NULL */
char *amb_xstrndup(const char *s, size_t n);
char *amb_xasprintf(const char *fmt, ...) AMB_PRINTF(1, 2); /* caller frees */

/* Growable NUL-terminated byte buffer.  Zero-initialise, append, then
 * amb_buf_free() (or take ownership of .data and set it to NULL). */
typedef struct amb_buf {
    char *data;
    size_t len;
    size_t cap;
} amb_buf;

void amb_buf_append(amb_buf *b, const char *s, size_t n);
void amb_buf_puts(amb_buf *b, const char *s);
void amb_buf_putc(amb_buf *b, char c);
void amb_buf_printf(amb_buf *b, const char *fmt, ...) AMB_PRINTF(2, 3);
void amb_buf_reset(amb_buf *b);   /* len = 0, keeps memory */
void amb_buf_free(amb_buf *b);

/* Current UTC time as ISO 8601 "2026-11-26T06:53:26Z" into out[21+]. */
void amb_now_iso(char out[32]);
void amb_time_iso(time_t t, char out[32]);
/* Fill buf with n bytes from the kernel's CSPRNG (getrandom); 0, or -1
 * when none can be had. */
int amb_random_bytes(void *buf, size_t n);
/* Monotonic milliseconds, for durations. */
uint64_t amb_monotonic_ms(void);

/* Read a whole file into a malloc'd NUL-terminated buffer (caller frees);
 * *len gets its size.  Refuses files larger than max bytes. */
int amb_read_file(const char *path, size_t max, char **out, size_t *len,
                  amb_error *err);

/* Join dir and name with one '/', caller frees.  An absolute name or a
 * NULL/empty dir returns a copy of name. */
char *amb_path_join(const char *dir, const char *name);
/* mkdir -p; returns 0 or an error. */
int amb_mkdirs(const char *path, amb_error *err);

/* Hex SHA-256 of a buffer or of a file's contents into out[65]. */
int amb_sha256_hex(const void *data, size_t len, char out[65]);
int amb_sha256_file(const char *path, char out[65], uint64_t *size,
                    amb_error *err);


/* The build tree's absolute path when the running executable lives in it
 * (an uninstalled ambit), else NULL.  Caller frees. */
char *amb_build_tree(void);
/* Where ambit's shipped files (samples, lua/, forms/) are: the source tree
 * for an uninstalled binary, else the installed data directory.  Returns
 * a malloc'd "BASE/rel". */
char *amb_data_path(const char *rel);

#endif
