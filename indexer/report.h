/*
** What warta-index says: diagnostics on stderr (beginning with the program
** name, naming the file and line), a progress line on a terminal, and the
** summary on stdout, for people or as JSON.
*/
#ifndef WARTA_REPORT_H
#define WARTA_REPORT_H

#include "index.h"

typedef struct report {
  int verbosity;    /* -1 quiet, 0 normal, 1 verbose */
  int progress;     /* draw the progress line */
  int drawn;        /* a progress line is on screen */
  double last_draw; /* when it was drawn (seconds) */
  char cwd[4096];   /* the current directory, for showing paths */
  int cwd_known;    /* cwd[] is filled */
} report;

/* Seconds from a monotonic clock. */
double report_now(void);

/* An error about path (line > 0: that line); always shown. */
void report_error(report *r, const char *path, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A warning; shown unless quiet. */
void report_warn(report *r, const char *path, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A note; shown when verbose. */
void report_info(report *r, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Redraw the progress line (at most ten times a second unless force). */
void report_progress(report *r, const index_stats *s, int force);
/* Erase the progress line. */
void report_clear(report *r);

/* Print the summary of a run on stdout. */
void report_summary(const report *r, const index_opts *o, const index_stats *s);

#endif
