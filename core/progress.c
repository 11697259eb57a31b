/*
 * progress.c - the terminal progress bar.
 */
#include "config.h"

#include <stdio.h>

#include "progress.h"
#include "util.h"

void amb_progress_init(amb_progress *p, int enabled, const char *label)
{
    p->enabled = enabled;
    p->label = label ? label : "";
    p->last_ms = 0;
    p->drawn = 0;
}

/* Human-readable byte count into out. */
static void human_bytes(uint64_t n, char out[32])
{
    static const char *const units[] = {"B", "KB", "MB", "GB", "TB"};
    double v = (double)n;
    int u = 0;
    while (v >= 1000.0 && u < 4) {
        v /= 1000.0;
        u++;
    }
    snprintf(out, 32, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

void amb_progress_update(amb_progress *p, uint64_t done, uint64_t total)
{
    if (!p->enabled)
        return;
    uint64_t now = amb_monotonic_ms();
    if (p->drawn && now - p->last_ms < 100 && done < total)
        return;
    p->last_ms = now;
    char d[32], t[32];
    human_bytes(done, d);
    if (total > 0) {
        int width = 30;
        uint64_t capped = done > total ? total : done;
        int fill = (int)((double)capped / (double)total * width);
        char bar[31];
        for (int i = 0; i < width; i++)
            bar[i] = i < fill ? '=' : ' ';
        bar[width] = '\0';
        human_bytes(total, t);
        fprintf(stderr, "\r%-20.20s [%s] %3d%% %s / %s\033[K", p->label, bar,
                (int)((double)capped * 100.0 / (double)total), d, t);
    } else {
        fprintf(stderr, "\r%-20.20s %s\033[K", p->label, d);
    }
    fflush(stderr);
    p->drawn = 1;
}

void amb_progress_done(amb_progress *p)
{
    if (p->enabled && p->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->drawn = 0;
}
