#include "status.h"

#include <jansson.h>
#include <stdarg.h>
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
  warta_buf_puts(&b, ",\"shard_by\":");
  if (s->shard_by)
    warta_buf_json_value(&b, s->shard_by);
  else
    warta_buf_puts(&b, "null");
  warta_buf_puts(&b, ",\"shards\":[");
  for (int i = 0; i < s->nshards; i++) {
    warta_buf_puts(&b, i ? ",{\"name\":" : "{\"name\":");
    warta_buf_json_value(&b, s->shards[i].name ? s->shards[i].name : "");
    warta_buf_printf(&b, ",\"documents\":%ld,\"bytes\":%lld}", s->shards[i].articles,
                     s->shards[i].bytes);
  }
  warta_buf_putc(&b, ']');
  warta_buf_printf(&b, ",\"last_run\":%s}\n", s->last_run ? s->last_run : "null");
  if (!b.err) fwrite(b.p, 1, b.n, stdout);
  warta_buf_free(&b);
}

/* Labels and values in two columns: every value starts at LABEL_W. */
#define LABEL_W 11

/* One line "label   value", the value escaped (names come from the corpus). */
static void line(const char *label, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(const char *label, const char *fmt, ...) {
  warta_buf v = WARTA_BUF_INIT, e = WARTA_BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  warta_buf_vprintf(&v, fmt, ap);
  va_end(ap);
  warta_escape(&e, v.p ? v.p : "", v.n, 0);
  printf("%-*s%s\n", LABEL_W, label, e.err ? "(out of memory)" : e.p ? e.p : "");
  warta_buf_free(&v);
  warta_buf_free(&e);
}

static void print_counts(const char *label, const warta_count *v, int n, int most) {
  warta_buf b = WARTA_BUF_INIT;
  for (int i = 0; i < n && i < most; i++)
    warta_buf_printf(&b, "%s%s %ld", i ? ", " : "", v[i].name ? v[i].name : "?", v[i].n);
  if (n > most) warta_buf_printf(&b, ", ... (%d more)", n - most);
  line(label, "%s", n == 0 ? "none" : b.err ? "(out of memory)" : b.p);
  warta_buf_free(&b);
}

static json_int_t run_int(json_t *run, const char *key) {
  return json_integer_value(json_object_get(run, key));
}

/* The last run's summary (JSON, as warta-index recorded it) as fields. */
static void print_last_run(const char *summary) {
  json_error_t jerr;
  json_t *run = summary ? json_loads(summary, 0, &jerr) : NULL;
  if (!json_is_object(run)) {
    line("last run", "%s", summary ? "(unreadable)" : "none recorded");
    json_decref(run);
    return;
  }
  const char *at = json_string_value(json_object_get(run, "at"));
  char when[32] = "?";
  if (at && strlen(at) == 20 && at[10] == 'T' && at[19] == 'Z')
    snprintf(when, sizeof when, "%.10s %.8s UTC", at, at + 11);
  json_t *secs = json_object_get(run, "seconds");
  line("last run", "%s, %.2f s%s", when, json_number_value(secs),
       json_is_true(json_object_get(run, "interrupted")) ? ", interrupted" : "");
  line("", "%lld added, %lld updated, %lld unchanged, %lld deleted",
       (long long)run_int(run, "added"), (long long)run_int(run, "updated"),
       (long long)run_int(run, "unchanged"), (long long)run_int(run, "deleted"));
  json_int_t failed = run_int(run, "failed"), refused = run_int(run, "refused");
  line("", "%lld error%s, %lld skipped, %.1f MB read", (long long)failed, failed == 1 ? "" : "s",
       (long long)run_int(run, "skipped"), (double)run_int(run, "bytes") / 1e6);
  if (refused)
    line("", "%lld documents of vanished files kept (deleting them was refused)",
         (long long)refused);
  json_decref(run);
}

/* One line per period shard, the most recent 24 at most. */
static void print_shards(const warta_stats *s) {
  if (!s->shard_by) return;
  line("shards", "by %s, %d holding articles", s->shard_by, s->nshards);
  int first = s->nshards > 24 ? s->nshards - 24 : 0;
  if (first) line("", "... (%d earlier)", first);
  for (int i = first; i < s->nshards; i++)
    line("", "%-8s %ld articles, %.1f MB", s->shards[i].name ? s->shards[i].name : "?",
         s->shards[i].articles, (double)s->shards[i].bytes / 1e6);
}

static void print_text(const index_opts *o, const warta_stats *s) {
  line("index", "%s (%.1f MB)", o->db, (double)s->bytes / 1e6);
  line("format", "schema %s, %s, stemming %s", s->schema_version ? s->schema_version : "?",
       s->analysis_version ? s->analysis_version : "?", s->stemming ? s->stemming : "?");
  line("holds", "%ld files, %ld articles, %ld passages", s->files, s->articles, s->passages);
  print_counts("languages", s->langs, s->nlangs, 10);
  print_counts("sources", s->sources, s->nsources, 10);
  if (s->dated) {
    line("dates", "%s to %s (%ld articles dated)", s->date_min, s->date_max, s->dated);
    print_counts("months", s->months, s->nmonths, 24);
  } else {
    line("dates", "none");
  }
  print_shards(s);
  print_last_run(s->last_run);
}

int index_status(const index_opts *o) {
  warta_stats s;
  char *err = NULL;
  int rc = warta_store_stats(o->db, &s, &err);
  if (rc) {
    warta_say("warta-index", "%s: %s", o->db, err ? err : "cannot read the index");
    free(err);
    return rc == WARTA_MISMATCH || rc == WARTA_TOONEW ? WARTA_EXIT_REBUILD : WARTA_EXIT_DB;
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
  warta_say("warta-index", "%s: %s", o->db, msg);
}

/* "DB: " on stdout, the name escaped as in every diagnostic. */
static void put_db(const index_opts *o) {
  warta_escape_write(stdout, o->db, strlen(o->db), 0);
  fputs(": ", stdout);
}

int index_check(const index_opts *o) {
  long problems = 0;
  int rc = warta_store_check(o->db, on_problem, (void *)o, &problems);
  put_db(o);
  if (rc == WARTA_OK) {
    printf("ok\n");
    return WARTA_EXIT_OK;
  }
  if (rc != WARTA_CORRUPT && rc != WARTA_MISMATCH && rc != WARTA_TOONEW) {
    printf("not checked\n");
    return WARTA_EXIT_DB;
  }
  printf("%ld problem%s\n", problems, problems == 1 ? "" : "s");
  return rc == WARTA_MISMATCH || rc == WARTA_TOONEW ? WARTA_EXIT_REBUILD : WARTA_EXIT_DB;
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
    warta_say("warta-index", "%s: %s", o->db, err ? err : "cannot compact the index");
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
