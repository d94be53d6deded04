/*
** What an index holds: counts by language, source and month, the date range
** and the last run, for warta-index --status.
*/
#include <stdlib.h>
#include <string.h>

#include "common/rc.h"
#include "store_int.h"

static char *dup_col(sqlite3_stmt *s, int i) {
  const unsigned char *t = sqlite3_column_text(s, i);
  return t ? strdup((const char *)t) : NULL;
}

/* Run a one-row query into *n (an integer) or *a / *b (texts). */
static int one_row(warta_store *st, const char *sql, long *n, char **a, char **b) {
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
  if (rc) return warta_store_fail(st, rc);
  rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    if (n) *n = (long)sqlite3_column_int64(s, 0);
    if (a) *a = dup_col(s, n ? 1 : 0);
    if (b) *b = dup_col(s, n ? 2 : 1);
    rc = SQLITE_DONE;
  }
  sqlite3_finalize(s);
  return rc == SQLITE_DONE ? WARTA_OK : warta_store_fail(st, rc);
}

/* Run a (name, count) query into a list. */
static int counts(warta_store *st, const char *sql, warta_count **out, int *nout) {
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), n = 0;
  warta_count *v = NULL;
  if (rc) return warta_store_fail(st, rc);
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    warta_count *x = realloc(v, (size_t)(n + 1) * sizeof *x);
    if (!x) {
      rc = SQLITE_NOMEM;
      break;
    }
    v = x;
    v[n].name = dup_col(s, 0);
    v[n].n = (long)sqlite3_column_int64(s, 1);
    n++;
  }
  sqlite3_finalize(s);
  *out = v;
  *nout = n;
  return rc == SQLITE_DONE ? WARTA_OK : warta_store_fail(st, rc);
}

int warta_store_stats(warta_store *st, warta_stats *o) {
  int rc;
  memset(o, 0, sizeof *o);
  o->schema_version = warta_store_meta_get(st, "schema_version");
  o->analysis_version = warta_store_meta_get(st, "analysis_version");
  o->stemming = warta_store_meta_get(st, "stemming");
  o->last_run = warta_store_meta_get(st, "last_run");
  rc = one_row(st, "SELECT count(*) FROM files", &o->files, NULL, NULL);
  if (!rc) rc = one_row(st, "SELECT count(*) FROM documents", &o->documents, NULL, NULL);
  if (!rc) rc = one_row(st, "SELECT count(*) FROM passages", &o->passages, NULL, NULL);
  if (!rc) {
    rc = one_row(st,
                 "SELECT count(*), min(date), max(date) FROM documents"
                 " WHERE date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'",
                 &o->dated, &o->date_min, &o->date_max);
  }
  if (!rc) {
    rc = counts(st, "SELECT lang, count(*) FROM documents GROUP BY lang ORDER BY 2 DESC, 1",
                &o->langs, &o->nlangs);
  }
  if (!rc) {
    rc = counts(st,
                "SELECT coalesce(source, '(none)'), count(*) FROM documents GROUP BY 1"
                " ORDER BY 2 DESC, 1",
                &o->sources, &o->nsources);
  }
  if (!rc) {
    rc = counts(st,
                "SELECT substr(date, 1, 7), count(*) FROM documents"
                " WHERE date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' GROUP BY 1 ORDER BY 1",
                &o->months, &o->nmonths);
  }
  if (rc) warta_stats_free(o);
  return rc;
}

static void free_counts(warta_count *v, int n) {
  for (int i = 0; i < n; i++)
    free(v[i].name);
  free(v);
}

void warta_stats_free(warta_stats *o) {
  if (!o) return;
  free(o->schema_version);
  free(o->analysis_version);
  free(o->stemming);
  free(o->last_run);
  free(o->date_min);
  free(o->date_max);
  free_counts(o->langs, o->nlangs);
  free_counts(o->sources, o->nsources);
  free_counts(o->months, o->nmonths);
  memset(o, 0, sizeof *o);
}
