#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
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

static void vsay(report *r, const char *path, long line, const char *fmt, va_list ap) {
  report_clear(r);
  if (path && !r->cwd_known) {
    if (!getcwd(r->cwd, sizeof r->cwd)) r->cwd[0] = 0;
    r->cwd_known = 1;
  }
  if (path) path = warta_relpath(path, r->cwd);
  fputs("warta-index: ", stderr);
  if (path && line > 0)
    fprintf(stderr, "%s:%ld: ", path, line);
  else if (path)
    fprintf(stderr, "%s: ", path);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
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

void report_progress(report *r, const index_stats *s, int force) {
  double now;
  if (!r->progress) return;
  now = report_now();
  if (!force && now - r->last_draw < 0.1) return;
  r->last_draw = now;
  fprintf(stderr, "\r\033[Kwarta-index: %ld files, %ld documents (%ld new, %ld changed), %.1f MB",
          s->files, s->added + s->updated + s->unchanged, s->added, s->updated,
          (double)s->bytes / 1e6);
  r->drawn = 1;
}

void report_summary(const report *r, const index_opts *o, const index_stats *s) {
  double mbs = s->seconds > 0 ? (double)s->bytes / 1e6 / s->seconds : 0;
  if (o->json) {
    printf("{\"added\":%ld,\"updated\":%ld,\"unchanged\":%ld,\"deleted\":%ld,"
           "\"failed\":%ld,\"skipped\":%ld,\"files\":%ld,\"files_read\":%ld,"
           "\"renamed\":%ld,\"passages\":%ld,\"bytes\":%lld,\"seconds\":%.3f,"
           "\"dry_run\":%s}\n",
           s->added, s->updated, s->unchanged, s->deleted, s->failed, s->skipped, s->files,
           s->files_read, s->renamed, s->passages, (long long)s->bytes, s->seconds,
           o->dry_run ? "true" : "false");
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
  if (r->verbosity > 0)
    printf("CPU: %.2f s reading and analysis, %.2f s writing the index\n", s->cpu_main,
           s->cpu_engine);
}
