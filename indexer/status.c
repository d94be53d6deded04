#include "status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/escape.h"
#include "common/exitcode.h"
#include "common/rc.h"
#include "store/store.h"

static void json_counts(warta_buf *b, const char *key, const warta_count *v, int n) {
  warta_buf_printf(b, ",\"%s\":{", key);
  for (int i = 0; i < n; i++) {
    if (i) warta_buf_putc(b, ',');
    warta_buf_json_value(b, v[i].name ? v[i].name : "");
    warta_buf_printf(b, ":%ld", v[i].n);
  }
  warta_buf_putc(b, '}');
}

static void print_json(const index_opts *o, const warta_stats *s) {
  warta_buf b = WARTA_BUF_INIT;
  warta_buf_puts(&b, "{\"index\":");
  warta_buf_json_value(&b, o->db);
  warta_buf_printf(&b, ",\"bytes\":%lld,\"schema_version\":", (long long)s->bytes);
  warta_buf_json_value(&b, s->schema_version);
  warta_buf_puts(&b, ",\"analysis_version\":");
  warta_buf_json_value(&b, s->analysis_version);
  warta_buf_puts(&b, ",\"stemming\":");
  warta_buf_json_value(&b, s->stemming);
  warta_buf_printf(
      &b, ",\"files\":%ld,\"documents\":%ld,\"passages\":%ld,\"dated\":%ld,\"date_min\":", s->files,
      s->articles, s->passages, s->dated);
  warta_buf_json_value(&b, s->date_min);
  warta_buf_puts(&b, ",\"date_max\":");
  warta_buf_json_value(&b, s->date_max);
  json_counts(&b, "languages", s->langs, s->nlangs);
  json_counts(&b, "sources", s->sources, s->nsources);
  json_counts(&b, "months", s->months, s->nmonths);
  warta_buf_printf(&b, ",\"last_run\":%s}\n", s->last_run ? s->last_run : "null");
  if (!b.err) fwrite(b.p, 1, b.n, stdout);
  warta_buf_free(&b);
}

static void print_counts(const char *label, const warta_count *v, int n, int most) {
  printf("%-10s", label);
  for (int i = 0; i < n && i < most; i++)
    printf("%s %s %ld", i ? "," : "", v[i].name, v[i].n);
  if (n > most) printf(", ... (%d more)", n - most);
  printf("%s\n", n ? "" : " none");
}

static void print_text(const index_opts *o, const warta_stats *s) {
  printf("index     %s (%.1f MB)\n", o->db, (double)s->bytes / 1e6);
  printf("format    schema %s, %s, stemming %s\n", s->schema_version ? s->schema_version : "?",
         s->analysis_version ? s->analysis_version : "?", s->stemming ? s->stemming : "?");
  printf("holds     %ld files, %ld articles, %ld passages\n", s->files, s->articles, s->passages);
  print_counts("languages", s->langs, s->nlangs, 10);
  print_counts("sources", s->sources, s->nsources, 10);
  if (s->dated) {
    printf("dates     %s to %s (%ld articles dated)\n", s->date_min, s->date_max, s->dated);
    print_counts("months", s->months, s->nmonths, 24);
  } else {
    printf("dates     none\n");
  }
  printf("last run  %s\n", s->last_run ? s->last_run : "none recorded");
}

int index_status(const index_opts *o) {
  warta_stats s;
  char *err = NULL;
  int rc = warta_store_stats(o->db, &s, &err);
  if (rc) {
    fprintf(stderr, "warta-index: %s: %s\n", o->db, err ? err : "cannot read the index");
    free(err);
    return rc == WARTA_MISMATCH ? WARTA_EXIT_REBUILD : WARTA_EXIT_DB;
  }
  if (o->json)
    print_json(o, &s);
  else
    print_text(o, &s);
  warta_stats_free(&s);
  return WARTA_EXIT_OK;
}

static void on_problem(void *ctx, const char *msg) {
  const index_opts *o = ctx;
  fprintf(stderr, "warta-index: %s: %s\n", o->db, msg);
}

int index_check(const index_opts *o) {
  long problems = 0;
  int rc = warta_store_check(o->db, on_problem, (void *)o, &problems);
  if (rc == WARTA_OK) {
    printf("%s: ok\n", o->db);
    return WARTA_EXIT_OK;
  }
  printf("%s: %ld problem%s\n", o->db, problems, problems == 1 ? "" : "s");
  return WARTA_EXIT_DB;
}

typedef struct compact_ctx {
  const index_opts *o;
  long long before, after;
  int done, skipped;
} compact_ctx;

static void on_compacted(void *ctx, const char *shard, long long before, long long after,
                         int skipped) {
  compact_ctx *c = ctx;
  c->before += before;
  c->after += after;
  if (skipped)
    c->skipped++;
  else
    c->done++;
  if (c->o->verbosity < 0) return;
  warta_buf b = WARTA_BUF_INIT;
  warta_escape(&b, *shard ? shard : "the database", strlen(*shard ? shard : "the database"), 0);
  if (skipped)
    printf("%s: compacted already\n", b.p ? b.p : "?");
  else
    printf("%s: %.1f MB -> %.1f MB\n", b.p ? b.p : "?", (double)before / 1e6, (double)after / 1e6);
  warta_buf_free(&b);
}

int index_compact(const index_opts *o) {
  compact_ctx c = {o, 0, 0, 0, 0};
  char *err = NULL;
  int rc = warta_store_compact(o->db, on_compacted, &c, &err);
  if (rc) {
    warta_buf b = WARTA_BUF_INIT;
    warta_escape(&b, o->db, strlen(o->db), 0);
    warta_buf_puts(&b, ": ");
    const char *m = err ? err : "cannot compact the index";
    warta_escape(&b, m, strlen(m), 0);
    fprintf(stderr, "warta-index: %s\n", b.p ? b.p : "out of memory");
    warta_buf_free(&b);
    free(err);
    return rc == WARTA_BUSY       ? WARTA_EXIT_LOCKED
           : rc == WARTA_MISMATCH ? WARTA_EXIT_REBUILD
                                  : WARTA_EXIT_DB;
  }
  if (o->verbosity >= 0 && c.done + c.skipped == 0)
    printf("nothing to compact: no period is closed yet\n");
  else if (o->verbosity >= 0)
    printf("%d compacted, %d already compact: %.1f MB -> %.1f MB\n", c.done, c.skipped,
           (double)c.before / 1e6, (double)c.after / 1e6);
  if (fflush(stdout) != 0) return WARTA_EXIT_INTERNAL;
  return WARTA_EXIT_OK;
}
