#include "report.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/escape.h"
#include "common/path.h"

double report_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void report_clear(report *r) {
  if (r->drawn) {
    fputs("\r\033[K", stderr);
    r->drawn = 0;
  }
}

/* One diagnostic, written with one call so that it is one line even when
** names or messages hold newlines or escape sequences. */
static void vsay(report *r, const char *path, long line, const char *fmt, va_list ap) {
  warta_buf msg = WARTA_BUF_INIT, out = WARTA_BUF_INIT;
  report_clear(r);
  if (path && !r->cwd_known) {
    if (!getcwd(r->cwd, sizeof r->cwd)) r->cwd[0] = 0;
    r->cwd_known = 1;
  }
  warta_buf_vprintf(&msg, fmt, ap);
  warta_buf_puts(&out, "warta-index: ");
  if (path) {
    path = warta_relpath(path, r->cwd);
    warta_escape(&out, path, strlen(path), WARTA_ESC_BACKSLASH);
    if (line > 0) warta_buf_printf(&out, ":%ld", line);
    warta_buf_puts(&out, ": ");
  }
  warta_escape(&out, msg.p ? msg.p : "", msg.n, 0);
  warta_buf_putc(&out, '\n');
  if (msg.err || out.err)
    fputs("warta-index: out of memory\n", stderr);
  else
    fwrite(out.p, 1, out.n, stderr);
  warta_buf_free(&msg);
  warta_buf_free(&out);
}

void report_error(report *r, const char *path, long line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsay(r, path, line, fmt, ap);
  va_end(ap);
}

void report_warn(report *r, const char *path, long line, const char *fmt, ...) {
  va_list ap;
  if (r->verbosity < 0) return;
  va_start(ap, fmt);
  vsay(r, path, line, fmt, ap);
  va_end(ap);
}

void report_info(report *r, const char *path, const char *fmt, ...) {
  va_list ap;
  if (r->verbosity < 1) return;
  va_start(ap, fmt);
  vsay(r, path, 0, fmt, ap);
  va_end(ap);
}

/* Columns of the terminal on stderr: its window size, else $COLUMNS, else 80. */
static int term_width(void) {
  struct winsize ws;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  const char *c = getenv("COLUMNS");
  int n = c ? atoi(c) : 0;
  return n > 0 ? n : 80;
}

void report_progress(report *r, const index_stats *s, int force) {
  char line[256];
  double now;
  if (!r->progress) return;
  now = report_now();
  if (!force && now - r->last_draw < 0.1) return;
  r->last_draw = now;
  int n = snprintf(
      line, sizeof line, "warta-index: %ld files, %ld documents (%ld new, %ld changed), %.1f MB",
      s->files, s->added + s->updated + s->unchanged, s->added, s->updated, (double)s->bytes / 1e6);
  /* one line that never wraps: a wrapped line is not redrawn in place, and
  ** a narrow terminal would scroll with every update; the last column is
  ** left free, where some terminals wrap at once */
  int width = term_width() - 1;
  if (n < 0) return;
  if (n > (int)sizeof line - 1) n = (int)sizeof line - 1;
  if (n > width) n = width > 0 ? width : 0;
  fprintf(stderr, "\r\033[K%.*s", n, line);
  r->drawn = 1;
}

/* The summary as one JSON object, built with jansson. */
static void summary_json(const index_opts *o, const index_stats *s) {
  json_t *j = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:f,s:b}", "added",
                        (json_int_t)s->added, "updated", (json_int_t)s->updated, "unchanged",
                        (json_int_t)s->unchanged, "deleted", (json_int_t)s->deleted, "refused",
                        (json_int_t)s->refused, "failed", (json_int_t)s->failed, "skipped",
                        (json_int_t)s->skipped, "files", (json_int_t)s->files, "files_read",
                        (json_int_t)s->files_read, "renamed", (json_int_t)s->renamed, "passages",
                        (json_int_t)s->passages, "bytes", (json_int_t)s->bytes, "seconds",
                        (double)(long long)(s->seconds * 1000) / 1000, "dry_run", o->dry_run);
  if (j) json_object_set_new(j, "interrupted", json_boolean(s->interrupted));
  if (j) json_object_set_new(j, "dates_corrected", json_integer(s->dates_corrected));
  if (!j || json_dumpf(j, stdout, JSON_COMPACT | JSON_REAL_PRECISION(9)) != 0)
    fputs("warta-index: out of memory\n", stderr);
  else
    putchar('\n');
  json_decref(j);
}

void report_summary(const report *r, const index_opts *o, const index_stats *s) {
  double mbs = s->seconds > 0 ? (double)s->bytes / 1e6 / s->seconds : 0;
  if (o->json) {
    summary_json(o, s);
    return;
  }
  if (r->verbosity < 0) return;
  printf("%s%ld documents: %ld added, %ld updated, %ld unchanged, %ld deleted\n",
         o->dry_run ? "dry run, would index " : "", s->added + s->updated + s->unchanged, s->added,
         s->updated, s->unchanged, s->deleted);
  printf("%ld files (%ld read, %ld renamed, %ld skipped), %ld passages, %.1f MB in %.2f s (%.1f "
         "MB/s)\n",
         s->files, s->files_read, s->renamed, s->skipped, s->passages, (double)s->bytes / 1e6,
         s->seconds, mbs);
  printf("%ld error%s\n", s->failed, s->failed == 1 ? "" : "s");
  if (s->dates_corrected)
    printf("%ld date%s corrected to the date in the URL (day and month were swapped)\n",
           s->dates_corrected, s->dates_corrected == 1 ? "" : "s");
  if (s->interrupted)
    printf("interrupted: the work done so far is kept, the next run goes on from there\n");
  if (s->refused)
    printf("%ld documents of vanished files kept: deleting them was refused "
           "(--allow-mass-delete)\n",
           s->refused);
  if (r->verbosity > 0)
    printf("CPU: %.2f s reading and analysis, %.2f s writing the index\n", s->cpu_main,
           s->cpu_engine);
}
