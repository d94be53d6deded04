/*
** What an index holds, for warta-index --status: counts by language,
** source and month, the date range and the last run, from the state of the
** current generation, opened read-only (another user's index, or one on a
** read-only mount, can be described).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rc.h"
#include "dir.h"
#include "schema.h"
#include "state.h"

static char *dup_col(sqlite3_stmt *s, int i) {
  const unsigned char *t = sqlite3_column_text(s, i);
  return t ? strdup((const char *)t) : NULL;
}

/* Run a one-row query into *n (an integer) and *a / *b (texts). */
static int one_row(wstate *st, const char *sql, long *n, char **a, char **b) {
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
  if (rc) return state_fail(st, rc);
  rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    if (n) *n = (long)sqlite3_column_int64(s, 0);
    if (a) *a = dup_col(s, 1);
    if (b) *b = dup_col(s, 2);
    rc = SQLITE_DONE;
  }
  sqlite3_finalize(s);
  return rc == SQLITE_DONE ? WARTA_OK : state_fail(st, rc);
}

/* Run a (name, count) query into a list. */
static int counts(wstate *st, const char *sql, warta_count **out, int *nout) {
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), n = 0;
  warta_count *v = NULL;
  if (rc) return state_fail(st, rc);
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
  return rc == SQLITE_DONE ? WARTA_OK : state_fail(st, rc);
}

#define LIVE " FROM articles WHERE state <> 2"

/* The period shards and their articles, when the index is sharded. */
static int shard_counts(wstate *st, warta_stats *o) {
  char *by = state_meta_get(st, "shard_by");
  if (!by || !*by || strcmp(by, "none") == 0) {
    free(by);
    return WARTA_OK;
  }
  o->shard_by = by;
  warta_count *v = NULL;
  int n = 0;
  int rc = counts(st, "SELECT shard, count(*)" LIVE " GROUP BY 1 ORDER BY 1", &v, &n);
  if (!rc && n) {
    o->shards = calloc((size_t)n, sizeof *o->shards);
    if (!o->shards) rc = WARTA_NOMEM;
  }
  for (int i = 0; i < n; i++) {
    if (o->shards) {
      o->shards[i].name = v[i].name; /* moved */
      o->shards[i].articles = v[i].n;
    } else {
      free(v[i].name);
    }
  }
  if (o->shards) o->nshards = n;
  free(v);
  return rc;
}

static int fill(wstate *st, warta_stats *o) {
  int rc;
  o->schema_version = state_meta_get(st, "schema_version");
  o->analysis_version = state_meta_get(st, "analysis_version");
  o->stemming = state_meta_get(st, "stemming");
  o->last_run = state_meta_get(st, "last_run");
  rc = one_row(st, "SELECT count(*) FROM files", &o->files, NULL, NULL);
  if (!rc) rc = one_row(st, "SELECT count(*), 0, 0" LIVE, &o->articles, NULL, NULL);
  if (!rc)
    rc = one_row(st, "SELECT coalesce(sum(passages), 0), 0, 0" LIVE, &o->passages, NULL, NULL);
  if (!rc) {
    rc = one_row(st,
                 "SELECT count(*), min(date), max(date)" LIVE
                 " AND date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'",
                 &o->dated, &o->date_min, &o->date_max);
  }
  if (!rc) {
    rc = counts(st, "SELECT coalesce(lang, '?'), count(*)" LIVE " GROUP BY 1 ORDER BY 2 DESC, 1",
                &o->langs, &o->nlangs);
  }
  if (!rc) {
    rc = counts(st,
                "SELECT coalesce(source, '(none)'), count(*)" LIVE " GROUP BY 1"
                " ORDER BY 2 DESC, 1",
                &o->sources, &o->nsources);
  }
  if (!rc) {
    rc = counts(st,
                "SELECT substr(date, 1, 7), count(*)" LIVE
                " AND date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' GROUP BY 1 ORDER BY 1",
                &o->months, &o->nmonths);
  }
  if (!rc) rc = shard_counts(st, o);
  return rc;
}

int warta_store_stats(const char *dir, warta_stats *o, char **err) {
  char p[4096];
  wstate st;
  memset(o, 0, sizeof *o);
  if (err) *err = NULL;
  dir_kind kind = dir_kind_of(dir);
  if (kind == DIR_V1) {
    if (err) *err = strdup("written by warta 1 (a single SQLite file): run warta-index --rebuild");
    return WARTA_MISMATCH;
  }
  int gen = kind == DIR_INDEX ? dir_current(dir) : 0;
  if (gen <= 0 || dir_path(p, sizeof p, dir, gen, DIR_STATE)) {
    if (err) *err = strdup(kind == DIR_MISSING ? "no such index" : "not a warta index");
    return WARTA_NOTFOUND;
  }
  int rc = state_open(&st, p, 0, STATE_READ_REPAIR);
  char msg[300] = "";
  if (rc == WARTA_OK) {
    char *v = state_meta_get(&st, "schema_version");
    rc = schema_version_check(v, "the state", msg, sizeof msg);
    free(v);
  }
  if (rc == WARTA_OK) rc = fill(&st, o);
  if (rc && err) *err = strdup(*msg ? msg : state_errmsg(&st));
  state_close(&st);
  if (rc) {
    warta_stats_free(o);
    return rc;
  }
  o->bytes = dir_bytes(dir);
  for (int i = 0; i < o->nshards; i++) {
    char link[4096], *real;
    /* DIR/live/NAME names the shard's current database */
    if (snprintf(link, sizeof link, "%s/%s/%s", dir, DIR_LIVE, o->shards[i].name) >=
        (int)sizeof link)
      continue;
    if ((real = realpath(link, NULL)) != NULL) {
      o->shards[i].bytes = dir_bytes(real);
      free(real);
    }
  }
  return WARTA_OK;
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
  free(o->shard_by);
  for (int i = 0; i < o->nshards; i++)
    free(o->shards[i].name);
  free(o->shards);
  memset(o, 0, sizeof *o);
}
