/*
** Writing the index: files, documents, passages and their FTS5 entries.
**
** The FTS5 tables are external-content tables, so deleting a passage means
** telling FTS5 the exact values it indexed ('delete' command) before the
** row goes away; the analyzer version recorded in meta guarantees they
** tokenize as they did at insert time.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/rc.h"
#include "store_int.h"

static int step_done(warta_store *st, sqlite3_stmt *s) {
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  return rc == SQLITE_DONE ? WARTA_OK : warta_store_fail(st, rc);
}

int warta_store_add_file(warta_store *st, const char *path, int64_t size, int64_t mtime_ns,
                         uint64_t hash, int64_t *id) {
  sqlite3_stmt *s = warta_store_stmt(st, STMT_ADD_FILE,
                                     "INSERT INTO files(path, size, mtime_ns, hash, indexed_at)"
                                     " VALUES(?1, ?2, ?3, ?4, ?5)");
  if (!s) return WARTA_ERROR;
  sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 2, size);
  sqlite3_bind_int64(s, 3, mtime_ns);
  sqlite3_bind_int64(s, 4, (sqlite3_int64)hash);
  sqlite3_bind_int64(s, 5, (sqlite3_int64)time(NULL));
  int rc = step_done(st, s);
  if (rc == WARTA_OK) *id = sqlite3_last_insert_rowid(st->db);
  return rc;
}

int warta_store_update_file(warta_store *st, int64_t id, int64_t size, int64_t mtime_ns,
                            uint64_t hash) {
  sqlite3_stmt *s = warta_store_stmt(st, STMT_UPDATE_FILE,
                                     "UPDATE files SET size = ?2, mtime_ns = ?3, hash = ?4,"
                                     " indexed_at = ?5 WHERE id = ?1");
  if (!s) return WARTA_ERROR;
  sqlite3_bind_int64(s, 1, id);
  sqlite3_bind_int64(s, 2, size);
  sqlite3_bind_int64(s, 3, mtime_ns);
  sqlite3_bind_int64(s, 4, (sqlite3_int64)hash);
  sqlite3_bind_int64(s, 5, (sqlite3_int64)time(NULL));
  return step_done(st, s);
}

static void bind_opt(sqlite3_stmt *s, int i, const char *v) {
  if (v && *v)
    sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(s, i);
}

int warta_store_add_document(warta_store *st, const warta_doc *d, int64_t *id) {
  int rc = warta_store_ensure_lang(st, d->lang);
  if (rc) return rc;
  sqlite3_stmt *s = warta_store_stmt(
      st, STMT_ADD_DOC,
      "INSERT INTO documents(file_id, key, line, hash, lang, title, date, source, url)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!s) return WARTA_ERROR;
  sqlite3_bind_int64(s, 1, d->file_id);
  bind_opt(s, 2, d->key);
  if (d->line > 0) sqlite3_bind_int64(s, 3, d->line);
  sqlite3_bind_int64(s, 4, (sqlite3_int64)d->hash);
  sqlite3_bind_text(s, 5, d->lang, -1, SQLITE_STATIC);
  bind_opt(s, 6, d->title);
  bind_opt(s, 7, d->date);
  bind_opt(s, 8, d->source);
  bind_opt(s, 9, d->url);
  rc = step_done(st, s);
  if (rc == WARTA_OK) *id = sqlite3_last_insert_rowid(st->db);
  return rc;
}

/* The cached statement inserting into (cmd NULL) or deleting from
** ('delete') fts_<lang>; NULL on error. */
static sqlite3_stmt *fts_stmt(warta_store *st, const char *lang, const char *cmd) {
  int i;
  for (i = 0; i < st->nfts && strcmp(st->fts[i].lang, lang); i++) {
  }
  if (i == st->nfts) {
    if (i == WARTA_MAX_LANGS) {
      warta_store_failf(st, WARTA_TOOBIG, "too many languages (at most %d)", WARTA_MAX_LANGS);
      return NULL;
    }
    snprintf(st->fts[i].lang, sizeof st->fts[i].lang, "%s", lang);
    st->nfts++;
  }
  sqlite3_stmt **ps = cmd ? &st->fts[i].del : &st->fts[i].ins;
  if (*ps) {
    sqlite3_reset(*ps);
    return *ps;
  }
  warta_buf_reset(&st->sql);
  if (cmd) {
    warta_buf_printf(
        &st->sql,
        "INSERT INTO fts_%s(fts_%s, rowid, title, body, ordinal) VALUES('%s', ?1, ?2, ?3, ?4)",
        lang, lang, cmd);
  } else {
    warta_buf_printf(
        &st->sql, "INSERT INTO fts_%s(rowid, title, body, ordinal) VALUES(?1, ?2, ?3, ?4)", lang);
  }
  if (st->sql.err) return NULL;
  int rc = sqlite3_prepare_v3(st->db, st->sql.p, -1, SQLITE_PREPARE_PERSISTENT, ps, NULL);
  if (rc) {
    warta_store_fail(st, rc);
    return NULL;
  }
  return *ps;
}

/* Index (cmd NULL) or un-index (cmd "delete") one passage in fts_<lang>. */
static int fts_write(warta_store *st, const char *lang, const char *cmd, int64_t rowid,
                     const char *title, const char *text, int ntext, int ordinal) {
  sqlite3_stmt *s = fts_stmt(st, lang, cmd);
  if (!s) return WARTA_ERROR;
  sqlite3_bind_int64(s, 1, rowid);
  bind_opt(s, 2, title);
  sqlite3_bind_text(s, 3, text, ntext, SQLITE_STATIC);
  sqlite3_bind_int(s, 4, ordinal);
  return step_done(st, s);
}

int warta_store_add_passage(warta_store *st, int64_t doc_id, int ordinal, const char *lang,
                            const char *title, const char *text, size_t n) {
  sqlite3_stmt *s = warta_store_stmt(
      st, STMT_ADD_PASSAGE, "INSERT INTO passages(doc_id, ordinal, text) VALUES(?1, ?2, ?3)");
  if (!s) return WARTA_ERROR;
  if (n > 0x7fffffff) return WARTA_TOOBIG;
  sqlite3_bind_int64(s, 1, doc_id);
  sqlite3_bind_int(s, 2, ordinal);
  sqlite3_bind_text(s, 3, text, (int)n, SQLITE_STATIC);
  int rc = step_done(st, s);
  if (rc) return rc;
  return fts_write(st, lang, NULL, sqlite3_last_insert_rowid(st->db), title, text, (int)n, ordinal);
}

int warta_store_delete_document(warta_store *st, int64_t doc_id) {
  sqlite3_stmt *s =
      warta_store_stmt(st, STMT_DOC_LANG, "SELECT lang, title FROM documents WHERE id = ?1");
  char lang[16] = "";
  char *title = NULL;
  int rc = WARTA_OK;
  if (!s) return WARTA_ERROR;
  sqlite3_bind_int64(s, 1, doc_id);
  if (sqlite3_step(s) == SQLITE_ROW) {
    snprintf(lang, sizeof lang, "%s", (const char *)sqlite3_column_text(s, 0));
    if (sqlite3_column_type(s, 1) != SQLITE_NULL)
      title = strdup((const char *)sqlite3_column_text(s, 1));
  }
  sqlite3_reset(s);
  if (!*lang) return WARTA_OK; /* already gone */
  s = warta_store_stmt(st, STMT_DOC_PASSAGES,
                       "SELECT id, text, ordinal FROM passages WHERE doc_id = ?1");
  if (!s) rc = WARTA_ERROR;
  if (rc == WARTA_OK) {
    sqlite3_bind_int64(s, 1, doc_id);
    int r;
    while (rc == WARTA_OK && (r = sqlite3_step(s)) == SQLITE_ROW) {
      rc = fts_write(st, lang, "delete", sqlite3_column_int64(s, 0), title,
                     (const char *)sqlite3_column_text(s, 1), sqlite3_column_bytes(s, 1),
                     sqlite3_column_int(s, 2));
    }
    if (rc == WARTA_OK && r != SQLITE_DONE) rc = warta_store_fail(st, r);
    sqlite3_reset(s);
  }
  free(title);
  if (rc == WARTA_OK) {
    s = warta_store_stmt(st, STMT_DEL_PASSAGES, "DELETE FROM passages WHERE doc_id = ?1");
    if (!s) return WARTA_ERROR;
    sqlite3_bind_int64(s, 1, doc_id);
    rc = step_done(st, s);
  }
  if (rc == WARTA_OK) {
    s = warta_store_stmt(st, STMT_DEL_DOC, "DELETE FROM documents WHERE id = ?1");
    if (!s) return WARTA_ERROR;
    sqlite3_bind_int64(s, 1, doc_id);
    rc = step_done(st, s);
  }
  return rc;
}

int warta_store_delete_file(warta_store *st, int64_t file_id, int drop_file) {
  sqlite3_stmt *s =
      warta_store_stmt(st, STMT_FILE_DOCS, "SELECT id FROM documents WHERE file_id = ?1");
  int64_t *ids = NULL;
  size_t n = 0, cap = 0;
  int rc = WARTA_OK, r;
  if (!s) return WARTA_ERROR;
  sqlite3_bind_int64(s, 1, file_id);
  while ((r = sqlite3_step(s)) == SQLITE_ROW) {
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      int64_t *x = realloc(ids, cap * sizeof *x);
      if (!x) {
        rc = WARTA_NOMEM;
        break;
      }
      ids = x;
    }
    ids[n++] = sqlite3_column_int64(s, 0);
  }
  if (rc == WARTA_OK && r != SQLITE_DONE) rc = warta_store_fail(st, r);
  sqlite3_reset(s);
  for (size_t i = 0; rc == WARTA_OK && i < n; i++)
    rc = warta_store_delete_document(st, ids[i]);
  free(ids);
  if (rc == WARTA_OK && drop_file) {
    s = warta_store_stmt(st, STMT_DEL_FILE, "DELETE FROM files WHERE id = ?1");
    if (!s) return WARTA_ERROR;
    sqlite3_bind_int64(s, 1, file_id);
    rc = step_done(st, s);
  }
  return rc;
}
