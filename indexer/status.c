#include "status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
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

static void print_json(const index_opts *o, const warta_stats *s, long long bytes) {
  warta_buf b = WARTA_BUF_INIT;
  warta_buf_puts(&b, "{\"index\":");
  warta_buf_json_value(&b, o->db);
  warta_buf_printf(&b, ",\"bytes\":%lld,\"schema_version\":", bytes);
  warta_buf_json_value(&b, s->schema_version);
  warta_buf_puts(&b, ",\"analysis_version\":");
  warta_buf_json_value(&b, s->analysis_version);
  warta_buf_puts(&b, ",\"stemming\":");
  warta_buf_json_value(&b, s->stemming);
  warta_buf_printf(
      &b, ",\"files\":%ld,\"documents\":%ld,\"passages\":%ld,\"dated\":%ld,\"date_min\":", s->files,
      s->documents, s->passages, s->dated);
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

static void print_text(const index_opts *o, const warta_stats *s, long long bytes) {
  printf("index     %s (%.1f MB)\n", o->db, (double)bytes / 1e6);
  printf("format    schema %s, %s, stemming %s\n", s->schema_version ? s->schema_version : "?",
         s->analysis_version ? s->analysis_version : "?", s->stemming ? s->stemming : "?");
  printf("holds     %ld files, %ld documents, %ld passages\n", s->files, s->documents, s->passages);
  print_counts("languages", s->langs, s->nlangs, 10);
  print_counts("sources", s->sources, s->nsources, 10);
  if (s->dated) {
    printf("dates     %s to %s (%ld documents dated)\n", s->date_min, s->date_max, s->dated);
    print_counts("months", s->months, s->nmonths, 24);
  } else {
    printf("dates     none\n");
  }
  printf("last run  %s\n", s->last_run ? s->last_run : "none recorded");
}

int index_status(const index_opts *o) {
  warta_store *st = NULL;
  warta_stats s;
  char *err = NULL;
  struct stat sb;
  long long bytes = 0;
  if (access(o->db, F_OK) != 0) {
    fprintf(stderr, "warta-index: %s: no such index\n", o->db);
    return WARTA_EXIT_DB;
  }
  int rc = warta_store_open(o->db, WARTA_STORE_READONLY, WARTA_STEM_FULL, &st, &err);
  if (rc) {
    fprintf(stderr, "warta-index: %s: %s\n", o->db, err ? err : "cannot open the index");
    free(err);
    return rc == WARTA_MISMATCH ? WARTA_EXIT_REBUILD : WARTA_EXIT_DB;
  }
  if (warta_store_stats(st, &s)) {
    fprintf(stderr, "warta-index: %s: %s\n", o->db, warta_store_errmsg(st));
    warta_store_close(st);
    return WARTA_EXIT_DB;
  }
  if (stat(o->db, &sb) == 0) bytes = (long long)sb.st_size;
  if (o->json)
    print_json(o, &s, bytes);
  else
    print_text(o, &s, bytes);
  warta_stats_free(&s);
  warta_store_close(st);
  return WARTA_EXIT_OK;
}
