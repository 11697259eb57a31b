/*
 * progress.h - a one-line progress bar on stderr for long work, drawn only
 * when stderr is a terminal and the user did not ask for quiet.
 */
#ifndef AMB_PROGRESS_H
#define AMB_PROGRESS_H

#include <stdint.h>

typedef struct amb_progress {
    int enabled;          /* draw at all */
    const char *label;    /* borrowed, e.g. the source name */
    uint64_t last_ms;     /* last draw, for throttling */
    int drawn;            /* something is on the line */
} amb_progress;

/* enabled is normally isatty(2) && !quiet. */
void amb_progress_init(amb_progress *p, int enabled, const char *label);
/* Redraw at most ten times a second; total 0 = unknown (shows a count). */
void amb_progress_update(amb_progress *p, uint64_t done, uint64_t total);
/* Erase the bar so the next output starts on a clean line. */
void amb_progress_done(amb_progress *p);

#endif
