/*
** Files and their documents: what incremental runs compare against.
*/
#include <string.h>

#include "common/rc.h"
#include "store_int.h"

/* Step a prepared query to the end, calling each(row) per row. */
static int each_row(warta_store *st, sqlite3_stmt *s, int (*each)(sqlite3_stmt *, void *),
                    void *ctx) {
  int rc, r = WARTA_OK;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    if ((r = each(s, ctx)) != 0) break;
  }
  if (r == WARTA_OK && rc != SQLITE_DONE) r = warta_store_fail(st, rc);
  sqlite3_finalize(s);
  return r;
}

int warta_store_file_get(warta_store *st, const char *path, warta_file_rec *r) {
  sqlite3_stmt *s = warta_store_stmt(st, STMT_FILE_GET,
                                     "SELECT id, size, mtime_ns, hash FROM files WHERE path = ?1");
  if (!s) return WARTA_ERROR;
  sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    r->id = sqlite3_column_int64(s, 0);
    r->size = sqlite3_column_int64(s, 1);
    r->mtime_ns = sqlite3_column_int64(s, 2);
    r->hash = (uint64_t)sqlite3_column_int64(s, 3);
  }
  sqlite3_reset(s);
  if (rc == SQLITE_ROW) return WARTA_OK;
  return rc == SQLITE_DONE ? WARTA_NOTFOUND : warta_store_fail(st, rc);
}

typedef struct path_cb {
  int (*fn)(void *ctx, int64_t id, const char *path); /* caller's callback */
  void *ctx;                                          /* its context */
} path_cb;

static int path_row(sqlite3_stmt *s, void *p) {
  path_cb *c = p;
  return c->fn(c->ctx, sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1));
}

int warta_store_files_by_hash(warta_store *st, uint64_t hash,
                              int (*fn)(void *ctx, int64_t id, const char *path), void *ctx) {
  sqlite3_stmt *s = NULL;
  path_cb c = {fn, ctx};
  int rc = sqlite3_prepare_v2(st->db, "SELECT id, path FROM files WHERE hash = ?1 ORDER BY id", -1,
                              &s, NULL);
  if (rc) return warta_store_fail(st, rc);
  sqlite3_bind_int64(s, 1, (sqlite3_int64)hash);
  return each_row(st, s, path_row, &c);
}

int warta_store_files_under(warta_store *st, const char *root,
                            int (*fn)(void *ctx, int64_t id, const char *path), void *ctx) {
  sqlite3_stmt *s = NULL;
  path_cb c = {fn, ctx};
  /* root/ and below: the half-open range [root "/", root "0") of paths, as
  ** '0' follows '/' in byte order; plus root itself */
  int rc = sqlite3_prepare_v2(st->db,
                              "SELECT id, path FROM files WHERE path = ?1"
                              " OR (path >= ?1 || '/' AND path < ?1 || '0') ORDER BY path",
                              -1, &s, NULL);
  if (rc) return warta_store_fail(st, rc);
  size_t n = strlen(root);
  while (n > 1 && root[n - 1] == '/')
    n--; /* "/data/" -> "/data" */
  sqlite3_bind_text(s, 1, root, (int)n, SQLITE_TRANSIENT);
  return each_row(st, s, path_row, &c);
}

int warta_store_rename_file(warta_store *st, int64_t id, const char *path) {
  sqlite3_stmt *s =
      warta_store_stmt(st, STMT_RENAME_FILE, "UPDATE files SET path = ?2 WHERE id = ?1");
  if (!s) return WARTA_ERROR;
  sqlite3_bind_int64(s, 1, id);
  sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  return rc == SQLITE_DONE ? WARTA_OK : warta_store_fail(st, rc);
}

typedef struct doc_cb {
  int (*fn)(void *ctx, const char *key, int64_t id, uint64_t hash); /* caller's */
  void *ctx;                                                        /* its context */
} doc_cb;

static int doc_row(sqlite3_stmt *s, void *p) {
  doc_cb *c = p;
  const char *key = (const char *)sqlite3_column_text(s, 0);
  return c->fn(c->ctx, key ? key : "", sqlite3_column_int64(s, 1),
               (uint64_t)sqlite3_column_int64(s, 2));
}

int warta_store_file_documents(warta_store *st, int64_t file_id,
                               int (*fn)(void *ctx, const char *key, int64_t id, uint64_t hash),
                               void *ctx) {
  sqlite3_stmt *s = NULL;
  doc_cb c = {fn, ctx};
  int rc = sqlite3_prepare_v2(
      st->db, "SELECT key, id, hash FROM documents WHERE file_id = ?1 ORDER BY id", -1, &s, NULL);
  if (rc) return warta_store_fail(st, rc);
  sqlite3_bind_int64(s, 1, file_id);
  return each_row(st, s, doc_row, &c);
}

int warta_store_file_doc_count(warta_store *st, int64_t file_id, long *n) {
  sqlite3_stmt *s = warta_store_stmt(st, STMT_FILE_DOC_COUNT,
                                     "SELECT count(*) FROM documents WHERE file_id = ?1");
  if (!s) return WARTA_ERROR;
  sqlite3_bind_int64(s, 1, file_id);
  int rc = sqlite3_step(s);
  *n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
  sqlite3_reset(s);
  return rc == SQLITE_ROW ? WARTA_OK : warta_store_fail(st, rc);
}
