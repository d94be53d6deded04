/*
** The indexer's state in SQLite (state.h). A rollback journal rather than
** WAL: only the indexer writes it, and readers of a read-only mount or of
** another user's index must be able to open it without creating files.
*/
#include "state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/rc.h"
#include "story.h"

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value TEXT\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS files(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  path TEXT NOT NULL UNIQUE,\n"  /* absolute path as walked */
    "  size INTEGER NOT NULL,\n"      /* bytes on disk; -1: not finished */
    "  mtime_ns INTEGER NOT NULL,\n"  /* modification time, ns since epoch */
    "  hash INTEGER NOT NULL,\n"      /* xxh3-64 of the (decompressed) bytes */
    "  indexed_at INTEGER NOT NULL\n" /* unix time of the last (re)index */
    ");\n"
    "CREATE INDEX IF NOT EXISTS files_hash ON files(hash);\n"
    "CREATE TABLE IF NOT EXISTS articles(\n"
    "  file_id INTEGER NOT NULL,\n"
    "  key TEXT NOT NULL,\n"     /* record key in the file; '' for a whole file */
    "  aid TEXT NOT NULL,\n"     /* the engine's article id: Q<aid> */
    "  hash INTEGER NOT NULL,\n" /* xxh3-64 of the record; 0: index again */
    "  line INTEGER,\n"          /* line of the record, or NULL */
    "  lang TEXT,\n"
    "  date TEXT,\n" /* ISO 8601 when understood */
    "  source TEXT,\n"
    "  passages INTEGER NOT NULL,\n"
    "  state INTEGER NOT NULL,\n"         /* 0 committed; 1 written, 2 deleted, engine
                                          ** commit not confirmed yet */
    "  shard TEXT NOT NULL DEFAULT '',\n" /* its period shard; '' unsharded */
    "  print BLOB,\n"                     /* its fingerprint's minima (story.h), or NULL */
    "  story TEXT,\n"                     /* the story it is a copy in */
    "  added TEXT,\n"                     /* when it entered the index (UTC, ISO 8601); NULL:
                                           ** before warta recorded it */
    "  changed TEXT,\n"                   /* when its record last changed, likewise */
    "  PRIMARY KEY(file_id, key)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS articles_state ON articles(state) WHERE state <> 0;\n"
    "CREATE TABLE IF NOT EXISTS runs(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  summary TEXT NOT NULL\n" /* the run's summary, JSON */
    ");\n";

/* The bands of the articles' fingerprints, by which copies are found: one
** row per band of each article with a fingerprint, band i of value v as
** i << 32 | v, the article by its aid's 64 bits. Rows of an article that
** is gone find no article (state_story_candidates joins them), so a row
** left behind is never a wrong answer. Sixteen indexes of band columns
** in the articles table, each entry repeating the article's key (a URL),
** took 47.5 MB of click-id's 60.6 MB state (bench/README.md). */
static const char bands_sql[] = "CREATE TABLE IF NOT EXISTS bands(\n"
                                "  band INTEGER NOT NULL,\n"
                                "  aid INTEGER NOT NULL,\n"
                                "  PRIMARY KEY(band, aid)\n"
                                ") WITHOUT ROWID;\n"
                                "CREATE INDEX IF NOT EXISTS articles_aid ON articles(aid);\n";

int state_fail(wstate *s, int rc) {
  free(s->err);
  s->err = strdup(s->db ? sqlite3_errmsg(s->db) : "cannot open the state file");
  switch (rc & 0xff) {
  case SQLITE_NOMEM: return WARTA_NOMEM;
  case SQLITE_BUSY:
  case SQLITE_LOCKED: return WARTA_BUSY;
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB: return WARTA_CORRUPT;
  case SQLITE_CANTOPEN: return WARTA_NOTFOUND;
  case SQLITE_IOERR:
  case SQLITE_FULL:
  case SQLITE_READONLY: return WARTA_IOERR;
  default: return WARTA_ERROR;
  }
}

const char *state_errmsg(const wstate *s) { return s->err ? s->err : "unknown error"; }

static int exec(wstate *s, const char *sql) {
  int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
  return rc ? state_fail(s, rc) : WARTA_OK;
}

/* Whether the articles table has column name: 1, 0, or -1 (an error). */
static int has_column(wstate *s, const char *name) {
  sqlite3_stmt *q = NULL;
  int rc = sqlite3_prepare_v2(s->db, "SELECT 1 FROM pragma_table_info('articles') WHERE name = ?1",
                              -1, &q, NULL);
  if (rc) return state_fail(s, rc), -1;
  sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step(q);
  sqlite3_finalize(q);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return state_fail(s, rc), -1;
  return rc == SQLITE_ROW;
}

int state_has_times(wstate *s) {
  int a = has_column(s, "added"), c = a > 0 ? has_column(s, "changed") : a;
  return a < 0 || c < 0 ? -1 : a && c;
}

/* A state written before shards, or before the articles' times, gets
** their columns (the times of its articles stay NULL: unknown). */
static int add_columns(wstate *s) {
  static const char *const cols[][2] = {
      {"shard", "ALTER TABLE articles ADD COLUMN shard TEXT NOT NULL DEFAULT ''"},
      {"added", "ALTER TABLE articles ADD COLUMN added TEXT"},
      {"changed", "ALTER TABLE articles ADD COLUMN changed TEXT"},
  };
  for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
    int have = has_column(s, cols[i][0]), rc;
    if (have < 0) return WARTA_ERROR;
    if (!have && (rc = exec(s, cols[i][1]))) return rc;
  }
  return WARTA_OK;
}

static int bands_from_columns(wstate *s);

int state_open(wstate *s, const char *path, int create, int readonly) {
  int flags =
      readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  if (readonly == STATE_READ_REPAIR) {
    /* read-write when allowed, so that SQLite can roll back the journal
    ** of a run killed in the middle of a commit; nothing else is written */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
    if (access(path, W_OK) == 0 && access(slash ? dir : ".", W_OK) == 0)
      flags = SQLITE_OPEN_READWRITE;
  }
  memset(s, 0, sizeof *s);
  int rc = sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc) return state_fail(s, rc);
  sqlite3_busy_timeout(s->db, 30000);
  if (readonly) return WARTA_OK;
  rc = exec(s, "PRAGMA journal_mode = TRUNCATE; PRAGMA synchronous = FULL;");
  if (rc == WARTA_OK && create) rc = exec(s, schema_sql);
  if (rc == WARTA_OK && !create) rc = add_columns(s);
  if (rc == WARTA_OK) rc = exec(s, bands_sql);
  if (rc == WARTA_OK) rc = bands_from_columns(s);
  return rc;
}

void state_close(wstate *s) {
  for (int i = 0; i < SQ_COUNT; i++)
    sqlite3_finalize(s->st[i]);
  if (s->in_txn) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close(s->db);
  free(s->err);
  memset(s, 0, sizeof *s);
}

/* The statement for purpose i, prepared from sql on first use, reset. */
static sqlite3_stmt *stmt(wstate *s, int i, const char *sql) {
  if (s->st[i]) {
    sqlite3_reset(s->st[i]);
    sqlite3_clear_bindings(s->st[i]);
    return s->st[i];
  }
  int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL);
  if (rc) {
    state_fail(s, rc);
    return NULL;
  }
  return s->st[i];
}

/* Step a statement that returns no row. */
static int run(wstate *s, sqlite3_stmt *q) {
  if (!q) return WARTA_ERROR;
  int rc = sqlite3_step(q);
  sqlite3_reset(q);
  return rc == SQLITE_DONE ? WARTA_OK : state_fail(s, rc);
}

int state_begin(wstate *s) {
  if (s->in_txn) return WARTA_OK;
  int rc = exec(s, "BEGIN IMMEDIATE");
  if (rc == WARTA_OK) s->in_txn = 1;
  return rc;
}

int state_commit(wstate *s) {
  if (!s->in_txn) return WARTA_OK;
  int rc = exec(s, "COMMIT");
  if (rc == WARTA_OK) s->in_txn = 0;
  return rc;
}

void state_rollback(wstate *s) {
  if (!s->in_txn) return;
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  s->in_txn = 0;
}

/**************************************************************************
** meta
*/
char *state_meta_get(wstate *s, const char *key) {
  sqlite3_stmt *q = stmt(s, SQ_META_GET, "SELECT value FROM meta WHERE key = ?1");
  char *v = NULL;
  if (!q) return NULL;
  sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
    v = strdup((const char *)sqlite3_column_text(q, 0));
  sqlite3_reset(q);
  return v;
}

int state_meta_set(wstate *s, const char *key, const char *value) {
  sqlite3_stmt *q = stmt(s, SQ_META_SET, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)");
  if (!q) return WARTA_ERROR;
  sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
  return run(s, q);
}

/**************************************************************************
** files
*/
int state_file_get(wstate *s, const char *path, warta_file_rec *r) {
  sqlite3_stmt *q =
      stmt(s, SQ_FILE_GET, "SELECT id, size, mtime_ns, hash FROM files WHERE path = ?1");
  if (!q) return WARTA_ERROR;
  sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    r->id = sqlite3_column_int64(q, 0);
    r->size = sqlite3_column_int64(q, 1);
    r->mtime_ns = sqlite3_column_int64(q, 2);
    r->hash = (uint64_t)sqlite3_column_int64(q, 3);
  }
  sqlite3_reset(q);
  if (rc == SQLITE_ROW) return WARTA_OK;
  return rc == SQLITE_DONE ? WARTA_NOTFOUND : state_fail(s, rc);
}

int state_file_add(wstate *s, const char *path, int64_t *id) {
  sqlite3_stmt *q = stmt(s, SQ_FILE_ADD,
                         "INSERT INTO files(path, size, mtime_ns, hash, indexed_at)"
                         " VALUES (?1, -1, 0, 0, ?2)");
  if (!q) return WARTA_ERROR;
  sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 2, (sqlite3_int64)time(NULL));
  int rc = run(s, q);
  if (rc == WARTA_OK) *id = sqlite3_last_insert_rowid(s->db);
  return rc;
}

int state_file_done(wstate *s, int64_t id, int64_t size, int64_t mtime_ns, uint64_t hash) {
  sqlite3_stmt *q = stmt(s, SQ_FILE_DONE,
                         "UPDATE files SET size = ?2, mtime_ns = ?3, hash = ?4, indexed_at = ?5"
                         " WHERE id = ?1");
  if (!q) return WARTA_ERROR;
  sqlite3_bind_int64(q, 1, id);
  sqlite3_bind_int64(q, 2, size);
  sqlite3_bind_int64(q, 3, mtime_ns);
  sqlite3_bind_int64(q, 4, (sqlite3_int64)hash);
  sqlite3_bind_int64(q, 5, (sqlite3_int64)time(NULL));
  return run(s, q);
}

int state_file_path(wstate *s, int64_t id, const char *path) {
  sqlite3_stmt *q = stmt(s, SQ_FILE_PATH, "UPDATE files SET path = ?2 WHERE id = ?1");
  if (!q) return WARTA_ERROR;
  sqlite3_bind_int64(q, 1, id);
  sqlite3_bind_text(q, 2, path, -1, SQLITE_STATIC);
  return run(s, q);
}

char *state_file_path_of(wstate *s, int64_t id) {
  sqlite3_stmt *q = stmt(s, SQ_FILE_PATH_OF, "SELECT path FROM files WHERE id = ?1");
  char *v = NULL;
  if (!q) return NULL;
  sqlite3_bind_int64(q, 1, id);
  if (sqlite3_step(q) == SQLITE_ROW) v = strdup((const char *)sqlite3_column_text(q, 0));
  sqlite3_reset(q);
  return v;
}

int state_file_drop(wstate *s, int64_t id) {
  sqlite3_stmt *q = stmt(s, SQ_FILE_DROP, "DELETE FROM files WHERE id = ?1");
  if (!q) return WARTA_ERROR;
  sqlite3_bind_int64(q, 1, id);
  return run(s, q);
}

typedef struct path_cb {
  int (*fn)(void *ctx, int64_t id, const char *path); /* caller's callback */
  void *ctx;                                          /* its context */
} path_cb;

/* Run a one-off query (the callbacks may use the cached statements) and
** call each(row) per row until it returns non-zero. */
static int each_row(wstate *s, const char *sql, int (*bind)(sqlite3_stmt *, const void *),
                    const void *arg, int (*each)(sqlite3_stmt *, void *), void *ctx) {
  sqlite3_stmt *q = NULL;
  int rc = sqlite3_prepare_v2(s->db, sql, -1, &q, NULL), r = WARTA_OK;
  if (rc) return state_fail(s, rc);
  if (bind) bind(q, arg);
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    if ((r = each(q, ctx)) != 0) break;
  }
  if (r == WARTA_OK && rc != SQLITE_DONE) r = state_fail(s, rc);
  sqlite3_finalize(q);
  return r;
}

/* Whether a fingerprint of n bytes is one the state keeps: the minima and
** the lede's, or the minima alone (written before the lede). */
static int print_size(int n) {
  return n == (int)(STORY_PRINT * sizeof(uint32_t)) ||
         n == (int)(WARTA_PRINT_MINS * sizeof(uint32_t));
}

static int64_t aid_number(const char *aid) { return (int64_t)strtoull(aid, NULL, 16); }

/* Add (add = 1) or remove the band rows of the article aid whose
** fingerprint is print (n bytes; none unless it holds the minima: the
** lede's after them, when there, have no bands). */
static int bands_change(wstate *s, const char *aid, const void *print, int n, int add) {
  uint32_t min[STORY_BANDS * STORY_ROWS], band[STORY_BANDS];
  if (!print || !print_size(n)) return WARTA_OK;
  memcpy(min, print, sizeof min);
  story_bands(min, band);
  sqlite3_stmt *q =
      add ? stmt(s, SQ_BAND_ADD, "INSERT OR IGNORE INTO bands(band, aid) VALUES (?1, ?2)")
          : stmt(s, SQ_BAND_DROP, "DELETE FROM bands WHERE band = ?1 AND aid = ?2");
  int rc = q ? WARTA_OK : WARTA_ERROR;
  for (int i = 0; i < STORY_BANDS && rc == WARTA_OK; i++) {
    sqlite3_bind_int64(q, 1, (sqlite3_int64)i << 32 | band[i]);
    sqlite3_bind_int64(q, 2, aid_number(aid));
    rc = run(s, q);
  }
  return rc;
}

/* The band rows of each article of a query's rows (aid, print), removed. */
static int bands_drop_row(sqlite3_stmt *q, void *p) {
  return bands_change(p, (const char *)sqlite3_column_text(q, 0), sqlite3_column_blob(q, 1),
                      sqlite3_column_bytes(q, 1), 0);
}

static int bands_add_row(sqlite3_stmt *q, void *p) {
  return bands_change(p, (const char *)sqlite3_column_text(q, 0), sqlite3_column_blob(q, 1),
                      sqlite3_column_bytes(q, 1), 1);
}

/* A state written with the bands as sixteen indexed columns of the
** articles gets the bands table instead, in one transaction, and is
** vacuumed. */
static int bands_from_columns(wstate *s) {
  int have = has_column(s, "b0"), rc;
  if (have <= 0) return have < 0 ? WARTA_ERROR : WARTA_OK;
  if ((rc = exec(s, "BEGIN IMMEDIATE"))) return rc;
  rc = each_row(s, "SELECT aid, print FROM articles WHERE print IS NOT NULL", NULL, NULL,
                bands_add_row, s);
  for (int i = 0; i < STORY_BANDS && rc == WARTA_OK; i++) {
    char sql[96];
    snprintf(sql, sizeof sql,
             "DROP INDEX IF EXISTS articles_b%d; ALTER TABLE articles DROP COLUMN b%d", i, i);
    rc = exec(s, sql);
  }
  /* the file shrinks by what the indexes held (on click-id, 60.9 MB to
  ** 21.3 MB) */
  if (rc == WARTA_OK && (rc = exec(s, "COMMIT")) == WARTA_OK) return exec(s, "VACUUM");
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return rc;
}

static int path_row(sqlite3_stmt *q, void *p) {
  path_cb *c = p;
  return c->fn(c->ctx, sqlite3_column_int64(q, 0), (const char *)sqlite3_column_text(q, 1));
}

static int bind_hash(sqlite3_stmt *q, const void *arg) {
  return sqlite3_bind_int64(q, 1, (sqlite3_int64) * (const uint64_t *)arg);
}

int state_files_by_hash(wstate *s, uint64_t hash, int (*fn)(void *, int64_t, const char *),
                        void *ctx) {
  path_cb c = {fn, ctx};
  return each_row(s, "SELECT id, path FROM files WHERE hash = ?1 ORDER BY id", bind_hash, &hash,
                  path_row, &c);
}

static int bind_root(sqlite3_stmt *q, const void *arg) {
  const char *root = arg;
  size_t n = strlen(root);
  while (n > 1 && root[n - 1] == '/')
    n--; /* "/data/" -> "/data" */
  return sqlite3_bind_text(q, 1, root, (int)n, SQLITE_TRANSIENT);
}

int state_files_under(wstate *s, const char *root, int (*fn)(void *, int64_t, const char *),
                      void *ctx) {
  path_cb c = {fn, ctx};
  /* root/ and below: the half-open range [root "/", root "0") of paths, as
  ** '0' follows '/' in byte order; plus root itself */
  return each_row(s,
                  "SELECT id, path FROM files WHERE path = ?1"
                  " OR (path >= ?1 || '/' AND path < ?1 || '0') ORDER BY path",
                  bind_root, root, path_row, &c);
}

/**************************************************************************
** articles
*/
int state_article_span(wstate *s, long *sure, long *all) {
  sqlite3_stmt *q = NULL;
  *sure = *all = 0;
  int rc = sqlite3_prepare_v2(
      s->db, "SELECT count(*), coalesce(sum(hash <> 0), 0) FROM articles WHERE state <> 2", -1, &q,
      NULL);
  if (rc) return state_fail(s, rc);
  rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    *all = (long)sqlite3_column_int64(q, 0);
    *sure = (long)sqlite3_column_int64(q, 1);
  }
  sqlite3_finalize(q);
  return rc == SQLITE_ROW ? WARTA_OK : state_fail(s, rc);
}

int state_article_count(wstate *s, int64_t file_id, long *n) {
  sqlite3_stmt *q = file_id
                        ? stmt(s, SQ_ART_COUNT_FILE,
                               "SELECT count(*) FROM articles WHERE file_id = ?1 AND state <> 2")
                        : stmt(s, SQ_ART_COUNT, "SELECT count(*) FROM articles WHERE state <> 2");
  *n = 0;
  if (!q) return WARTA_ERROR;
  if (file_id) sqlite3_bind_int64(q, 1, file_id);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) *n = (long)sqlite3_column_int64(q, 0);
  sqlite3_reset(q);
  return rc == SQLITE_ROW ? WARTA_OK : state_fail(s, rc);
}

typedef struct art_cb {
  int (*fn)(void *, const char *, const char *, uint64_t, long, int); /* caller's */
  void *ctx;
} art_cb;

static int art_row(sqlite3_stmt *q, void *p) {
  art_cb *c = p;
  return c->fn(c->ctx, (const char *)sqlite3_column_text(q, 0),
               (const char *)sqlite3_column_text(q, 1), (uint64_t)sqlite3_column_int64(q, 2),
               (long)sqlite3_column_int64(q, 4), sqlite3_column_int(q, 3));
}

static int bind_id(sqlite3_stmt *q, const void *arg) {
  return sqlite3_bind_int64(q, 1, *(const int64_t *)arg);
}

int state_file_articles(wstate *s, int64_t file_id,
                        int (*fn)(void *, const char *, const char *, uint64_t, long, int),
                        void *ctx) {
  art_cb c = {fn, ctx};
  return each_row(
      s, "SELECT key, aid, hash, state, line FROM articles WHERE file_id = ?1 ORDER BY key",
      bind_id, &file_id, art_row, &c);
}

typedef struct all_cb {
  int (*fn)(void *, const char *, const char *, uint64_t, int, int64_t, int);
  void *ctx;
} all_cb;

static int all_row(sqlite3_stmt *q, void *p) {
  all_cb *c = p;
  return c->fn(c->ctx, (const char *)sqlite3_column_text(q, 0),
               (const char *)sqlite3_column_text(q, 1), (uint64_t)sqlite3_column_int64(q, 2),
               sqlite3_column_int(q, 3), sqlite3_column_int64(q, 4), sqlite3_column_int(q, 5));
}

int state_all_articles(wstate *s,
                       int (*fn)(void *, const char *, const char *, uint64_t, int, int64_t, int),
                       void *ctx) {
  all_cb c = {fn, ctx};
  return each_row(s, "SELECT key, aid, hash, state, file_id, passages FROM articles", NULL, NULL,
                  all_row, &c);
}

static void bind_opt(sqlite3_stmt *q, int i, const char *v) {
  if (v)
    sqlite3_bind_text(q, i, v, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(q, i);
}

int state_article_put(wstate *s, int64_t file_id, const char *key, const char *aid, uint64_t hash,
                      long line, const char *lang, const char *date, const char *source,
                      int passages, const char *shard, const state_story *ss, const char *added,
                      const char *changed) {
  /* the bands of the row it replaces go first */
  sqlite3_stmt *q =
      stmt(s, SQ_ART_PRINT, "SELECT aid, print FROM articles WHERE file_id = ?1 AND key = ?2");
  if (!q) return WARTA_ERROR;
  sqlite3_bind_int64(q, 1, file_id);
  sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q), r = rc == SQLITE_ROW ? bands_drop_row(q, s) : WARTA_OK;
  sqlite3_reset(q);
  if (r) return r;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return state_fail(s, rc);
  q = stmt(s, SQ_ART_PUT,
           "INSERT OR REPLACE INTO articles(file_id, key, aid, hash, line, lang,"
           " date, source, passages, state, shard, print, story, added, changed)"
           " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,1,?10,?11,?12,?13,?14)");
  if (!q) return WARTA_ERROR;
  sqlite3_bind_int64(q, 1, file_id);
  sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 3, aid, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 4, (sqlite3_int64)hash);
  if (line > 0)
    sqlite3_bind_int64(q, 5, line);
  else
    sqlite3_bind_null(q, 5);
  bind_opt(q, 6, lang);
  bind_opt(q, 7, date);
  bind_opt(q, 8, source);
  sqlite3_bind_int(q, 9, passages);
  sqlite3_bind_text(q, 10, shard ? shard : "", -1, SQLITE_STATIC);
  const int nprint = STORY_PRINT * sizeof(uint32_t);
  if (ss) {
    bind_opt(q, 12, ss->story);
    if (ss->min) sqlite3_bind_blob(q, 11, ss->min, nprint, SQLITE_STATIC);
  }
  bind_opt(q, 13, added && *added ? added : NULL);
  bind_opt(q, 14, changed && *changed ? changed : NULL);
  rc = run(s, q);
  if (rc == WARTA_OK && ss && ss->min) rc = bands_change(s, aid, ss->min, nprint, 1);
  return rc;
}

int state_story_candidates(wstate *s, const uint32_t *band,
                           int (*fn)(void *, const char *, const uint32_t *, const char *,
                                     const char *),
                           void *ctx) {
  sqlite3_stmt *q = stmt(s, SQ_STORY_CAND,
                         "SELECT aid, print, story, date FROM articles WHERE state <> 2 AND aid IN"
                         " (SELECT printf('%016x', aid) FROM bands WHERE band IN (?1, ?2, ?3, ?4,"
                         " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16))");
  if (!q) return WARTA_ERROR;
  for (int i = 0; i < STORY_BANDS; i++)
    sqlite3_bind_int64(q, 1 + i, (sqlite3_int64)i << 32 | band[i]);
  int rc, r = WARTA_OK;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    const char *story = (const char *)sqlite3_column_text(q, 2);
    uint32_t min[STORY_PRINT];
    int n = sqlite3_column_bytes(q, 1);
    if (!story || !print_size(n)) continue;
    memset(min, 0xff, sizeof min); /* a lede not kept: unknown */
    memcpy(min, sqlite3_column_blob(q, 1), (size_t)n);
    r = fn(ctx, (const char *)sqlite3_column_text(q, 0), min, story,
           (const char *)sqlite3_column_text(q, 3));
    if (r) break;
  }
  if (r == WARTA_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) r = state_fail(s, rc);
  sqlite3_reset(q);
  return r;
}

/* A row's times (columns i and i + 1) into t. */
static void times_of(sqlite3_stmt *q, int i, art_times *t) {
  for (int k = 0; k < 2; k++) {
    const unsigned char *v = sqlite3_column_text(q, i + k);
    snprintf(k ? t->changed : t->added, sizeof t->added, "%s", v ? (const char *)v : "");
  }
}

int state_article_times(wstate *s, int64_t file_id, const char *path, const char *key,
                        art_times *t) {
  /* by path: another generation's state (a rebuild), whose file ids differ;
  ** one written before the times has no columns for them: none is known */
  sqlite3_stmt *q = NULL;
  if (path && s->no_times)
    q = stmt(s, SQ_ART_TIMES_PATH,
             "SELECT a.hash, NULL, NULL FROM articles a JOIN files f"
             " ON f.id = a.file_id WHERE f.path = ?1 AND a.key = ?2");
  else if (path)
    q = stmt(s, SQ_ART_TIMES_PATH,
             "SELECT a.hash, a.added, a.changed FROM articles a JOIN files f"
             " ON f.id = a.file_id WHERE f.path = ?1 AND a.key = ?2");
  else
    q = stmt(s, SQ_ART_TIMES,
             "SELECT hash, added, changed FROM articles WHERE file_id = ?1 AND key = ?2");
  memset(t, 0, sizeof *t);
  if (!q) return WARTA_ERROR;
  if (path)
    sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64(q, 1, file_id);
  sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    t->hash = (uint64_t)sqlite3_column_int64(q, 0);
    times_of(q, 1, t);
  }
  sqlite3_reset(q);
  if (rc == SQLITE_ROW) return WARTA_OK;
  return rc == SQLITE_DONE ? WARTA_NOTFOUND : state_fail(s, rc);
}

int state_article_shard(wstate *s, int64_t file_id, const char *key, char *out, size_t n) {
  sqlite3_stmt *q =
      stmt(s, SQ_ART_SHARD, "SELECT shard FROM articles WHERE file_id = ?1 AND key = ?2");
  out[0] = 0;
  if (!q) return WARTA_ERROR;
  sqlite3_bind_int64(q, 1, file_id);
  sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) snprintf(out, n, "%s", (const char *)sqlite3_column_text(q, 0));
  sqlite3_reset(q);
  if (rc == SQLITE_ROW) return WARTA_OK;
  return rc == SQLITE_DONE ? WARTA_NOTFOUND : state_fail(s, rc);
}

int state_article_delete(wstate *s, int64_t file_id, const char *key) {
  sqlite3_stmt *q =
      stmt(s, SQ_ART_DELETE, "UPDATE articles SET state = 2 WHERE file_id = ?1 AND key = ?2");
  if (!q) return WARTA_ERROR;
  sqlite3_bind_int64(q, 1, file_id);
  sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
  return run(s, q);
}

/* An article (file_id, key) whose aid becomes aid. */
typedef struct aid_move {
  wstate *s;
  int64_t file_id;
  const char *key, *aid;
} aid_move;

static int bind_row(sqlite3_stmt *q, const void *arg) {
  const aid_move *r = arg;
  sqlite3_bind_int64(q, 1, r->file_id);
  return sqlite3_bind_text(q, 2, r->key, -1, SQLITE_STATIC);
}

/* The band rows of the article named (aid, print) by q's row, moved to
** the new aid of *p. */
static int bands_move_row(sqlite3_stmt *q, void *p) {
  aid_move *r = p;
  const void *print = sqlite3_column_blob(q, 1);
  int n = sqlite3_column_bytes(q, 1), rc = bands_drop_row(q, r->s);
  return rc ? rc : bands_change(r->s, r->aid, print, n, 1);
}

int state_article_set_aid(wstate *s, int64_t file_id, const char *key, const char *aid) {
  aid_move r = {s, file_id, key, aid};
  int rc = each_row(s, "SELECT aid, print FROM articles WHERE file_id = ?1 AND key = ?2", bind_row,
                    &r, bands_move_row, &r);
  if (rc) return rc;
  sqlite3_stmt *q =
      stmt(s, SQ_ART_SETAID, "UPDATE articles SET aid = ?3 WHERE file_id = ?1 AND key = ?2");
  if (!q) return WARTA_ERROR;
  sqlite3_bind_int64(q, 1, file_id);
  sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 3, aid, -1, SQLITE_STATIC);
  return run(s, q);
}

/* The deleted articles (state 2) and their bands go; not the bands of an
** aid that a live article holds too (the same path and key written again
** under another file id). */
static int drop_deleted(wstate *s) {
  int rc = each_row(s,
                    "SELECT aid, print FROM articles a WHERE state = 2 AND NOT EXISTS"
                    " (SELECT 1 FROM articles b WHERE b.aid = a.aid AND b.state <> 2)",
                    NULL, NULL, bands_drop_row, s);
  return rc ? rc : exec(s, "DELETE FROM articles WHERE state = 2");
}

int state_confirm(wstate *s) {
  int rc = drop_deleted(s);
  return rc ? rc : exec(s, "UPDATE articles SET state = 0 WHERE state = 1;");
}

typedef struct aid_cb {
  int (*fn)(void *, const char *); /* caller's */
  void *ctx;
} aid_cb;

static int aid_row(sqlite3_stmt *q, void *p) {
  aid_cb *c = p;
  return c->fn(c->ctx, (const char *)sqlite3_column_text(q, 0));
}

int state_deleted(wstate *s, int (*fn)(void *, const char *), void *ctx) {
  aid_cb c = {fn, ctx};
  return each_row(s, "SELECT aid FROM articles WHERE state = 2", NULL, NULL, aid_row, &c);
}

int state_unconfirmed(wstate *s, int (*fn)(void *, const char *), void *ctx) {
  aid_cb c = {fn, ctx};
  return each_row(s, "SELECT aid FROM articles WHERE state <> 0", NULL, NULL, aid_row, &c);
}

int state_repair(wstate *s, long *repaired) {
  int rc = exec(s, "UPDATE files SET size = -1 WHERE id IN"
                   " (SELECT file_id FROM articles WHERE state = 1);"
                   "UPDATE articles SET hash = 0, state = 0 WHERE state = 1;");
  *repaired = rc == WARTA_OK ? (long)sqlite3_changes(s->db) : 0;
  if (rc == WARTA_OK) rc = drop_deleted(s);
  if (rc == WARTA_OK) *repaired += (long)sqlite3_changes(s->db);
  return rc;
}

int state_run_add(wstate *s, const char *json) {
  sqlite3_stmt *q = stmt(s, SQ_RUN_ADD, "INSERT INTO runs(summary) VALUES (?1)");
  if (!q) return WARTA_ERROR;
  sqlite3_bind_text(q, 1, json, -1, SQLITE_STATIC);
  return run(s, q);
}
