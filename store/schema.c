/*
** Opening the index, its schema, meta data and transactions.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rc.h"
#include "store_int.h"

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value TEXT\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS files(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  path TEXT NOT NULL UNIQUE,\n"  /* absolute path as walked */
    "  size INTEGER NOT NULL,\n"      /* bytes on disk */
    "  mtime_ns INTEGER NOT NULL,\n"  /* modification time, ns since epoch */
    "  hash INTEGER NOT NULL,\n"      /* xxh3-64 of the (decompressed) bytes */
    "  indexed_at INTEGER NOT NULL\n" /* unix time of the last (re)index */
    ");\n"
    "CREATE TABLE IF NOT EXISTS documents(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  file_id INTEGER NOT NULL REFERENCES files(id),\n"
    "  key TEXT,\n"              /* record key in the file, or NULL */
    "  line INTEGER,\n"          /* line of the record, or NULL */
    "  hash INTEGER NOT NULL,\n" /* xxh3-64 of the record (or file) */
    "  lang TEXT NOT NULL,\n"
    "  title TEXT,\n"
    "  date TEXT,\n" /* ISO 8601 when it could be parsed */
    "  source TEXT,\n"
    "  url TEXT\n"
    ");\n"
    "CREATE INDEX IF NOT EXISTS documents_file ON documents(file_id, key);\n"
    "CREATE INDEX IF NOT EXISTS files_hash ON files(hash);\n"
    "CREATE TABLE IF NOT EXISTS passages(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  doc_id INTEGER NOT NULL REFERENCES documents(id),\n"
    "  ordinal INTEGER NOT NULL,\n" /* 0, 1, ... within the document */
    "  text TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id, ordinal);\n"
    "CREATE TABLE IF NOT EXISTS compounds(\n" /* mined, see compounds.c */
    "  lang TEXT NOT NULL,\n"
    "  closed TEXT NOT NULL,\n" /* the closed term: sepakbola */
    "  parts TEXT NOT NULL,\n"  /* its parts: sepak bola */
    "  PRIMARY KEY(lang, closed)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS compounds_parts ON compounds(parts);\n";

sqlite3_stmt *warta_store_stmt(warta_store *st, int i, const char *sql) {
  sqlite3_stmt *s = st->stmt[i];
  if (s) {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
  }
  if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[i], NULL)) {
    warta_store_fail(st, SQLITE_ERROR);
    return NULL;
  }
  return st->stmt[i];
}

int warta_store_rc(int rc) {
  switch (rc & 0xff) {
  case SQLITE_OK:
  case SQLITE_DONE:
  case SQLITE_ROW: return WARTA_OK;
  case SQLITE_NOMEM: return WARTA_NOMEM;
  case SQLITE_IOERR:
  case SQLITE_FULL:
  case SQLITE_CANTOPEN: return WARTA_IOERR;
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB: return WARTA_CORRUPT;
  default: return WARTA_ERROR;
  }
}

int warta_store_fail(warta_store *st, int rc) {
  free(st->errmsg);
  st->errmsg = strdup(sqlite3_errmsg(st->db));
  return warta_store_rc(rc) ? warta_store_rc(rc) : WARTA_ERROR;
}

int warta_store_failf(warta_store *st, int rc, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  free(st->errmsg);
  st->errmsg = strdup(msg);
  return rc;
}

const char *warta_store_errmsg(warta_store *st) {
  return st && st->errmsg ? st->errmsg : "unknown error";
}

static int exec(warta_store *st, const char *sql) {
  int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
  return rc ? warta_store_fail(st, rc) : WARTA_OK;
}

char *warta_store_meta_get(warta_store *st, const char *key) {
  sqlite3_stmt *s = warta_store_stmt(st, STMT_META_GET, "SELECT value FROM meta WHERE key = ?1");
  char *v = NULL;
  if (!s) return NULL;
  sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
    v = strdup((const char *)sqlite3_column_text(s, 0));
  }
  sqlite3_reset(s);
  return v;
}

int warta_store_meta_set(warta_store *st, const char *key, const char *value) {
  sqlite3_stmt *s =
      warta_store_stmt(st, STMT_META_SET, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
  if (!s) return WARTA_ERROR;
  sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  return rc == SQLITE_DONE ? WARTA_OK : warta_store_fail(st, rc);
}

int warta_store_begin(warta_store *st) { return exec(st, "BEGIN IMMEDIATE"); }
int warta_store_commit(warta_store *st) { return exec(st, "COMMIT"); }
int warta_store_rollback(warta_store *st) {
  if (sqlite3_get_autocommit(st->db)) return WARTA_OK;
  return exec(st, "ROLLBACK");
}

int warta_store_lang_ok(const char *lang) {
  size_t n = lang ? strlen(lang) : 0;
  if (n < 2 || n > 8) return 0;
  for (size_t i = 0; i < n; i++) {
    if (!(lang[i] >= 'a' && lang[i] <= 'z')) return 0;
  }
  return 1;
}

void warta_store_free_list(char **list) {
  if (!list) return;
  for (char **p = list; *p; p++)
    free(*p);
  free(list);
}

int warta_store_languages(warta_store *st, char ***out) {
  sqlite3_stmt *s = NULL;
  char **list = NULL;
  int n = 0, rc;
  *out = NULL;
  rc = sqlite3_prepare_v2(st->db,
                          "SELECT substr(name, 5) FROM sqlite_master WHERE type = 'table'"
                          " AND name GLOB 'fts_[a-z]*' AND name NOT GLOB 'fts_*_*'"
                          " AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
                          -1, &s, NULL);
  if (rc) return warta_store_fail(st, rc);
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    char **l = realloc(list, (size_t)(n + 2) * sizeof *l);
    if (!l) {
      rc = SQLITE_NOMEM;
      break;
    }
    list = l;
    list[n] = strdup((const char *)sqlite3_column_text(s, 0));
    list[++n] = NULL;
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) {
    warta_store_free_list(list);
    return warta_store_rc(rc) ? warta_store_rc(rc) : WARTA_ERROR;
  }
  if (!list && !(list = calloc(1, sizeof *list))) return WARTA_NOMEM;
  *out = list;
  return WARTA_OK;
}

int warta_store_ensure_lang(warta_store *st, const char *lang) {
  if (st->langs) {
    for (char **p = st->langs; *p; p++) {
      if (strcmp(*p, lang) == 0) return WARTA_OK;
    }
  }
  if (!warta_store_lang_ok(lang))
    return warta_store_failf(st, WARTA_ERROR, "invalid language code '%s'", lang);
  warta_buf_reset(&st->sql);
  warta_buf_printf(&st->sql,
                   "CREATE VIEW IF NOT EXISTS content_%s(id, title, body, ordinal) AS"
                   " SELECT p.id, d.title, p.text, p.ordinal FROM passages p"
                   " JOIN documents d ON d.id = p.doc_id WHERE d.lang = '%s';\n"
                   "CREATE VIRTUAL TABLE IF NOT EXISTS fts_%s USING fts5("
                   "title, body, ordinal UNINDEXED, content='content_%s', content_rowid='id',"
                   " tokenize='warta %s %s');\n",
                   lang, lang, lang, lang, lang, warta_stemming_name(st->stemming));
  if (st->sql.err) return WARTA_NOMEM;
  int rc = exec(st, st->sql.p);
  if (rc) return rc;
  warta_store_free_list(st->langs);
  return warta_store_languages(st, &st->langs);
}

static int check_versions(warta_store *st, int create, char **err) {
  char *schema = warta_store_meta_get(st, "schema_version");
  char *stem = warta_store_meta_get(st, "stemming");
  int rc = WARTA_OK;
  if (!schema && create) {
    char v[16];
    snprintf(v, sizeof v, "%d", WARTA_SCHEMA_VERSION);
    rc = warta_store_meta_set(st, "schema_version", v);
    if (!rc) rc = warta_store_meta_set(st, "analysis_version", warta_analysis_version());
    if (!rc) rc = warta_store_meta_set(st, "stemming", warta_stemming_name(st->stemming));
    if (rc && err) *err = strdup(warta_store_errmsg(st));
  } else if (!schema) {
    rc = WARTA_MISMATCH;
    if (err) *err = strdup("not a warta index (no schema version)");
  } else if (atoi(schema) != WARTA_SCHEMA_VERSION) {
    rc = WARTA_MISMATCH;
    if (err) {
      char m[128];
      snprintf(m, sizeof m, "index schema version %s, this warta reads version %d; rebuild it",
               schema, WARTA_SCHEMA_VERSION);
      *err = strdup(m);
    }
  } else if (stem && warta_stemming_parse(stem) >= 0) {
    st->stemming = (warta_stemming)warta_stemming_parse(stem);
  }
  free(schema);
  free(stem);
  return rc;
}

int warta_store_open(const char *path, int flags, warta_stemming stemming, warta_store **out,
                     char **err) {
  int create = (flags & WARTA_STORE_CREATE) != 0;
  int oflags = (flags & WARTA_STORE_READONLY)
                   ? SQLITE_OPEN_READONLY
                   : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  warta_store *st = calloc(1, sizeof *st);
  int rc;
  *out = NULL;
  if (err) *err = NULL;
  if (!st) return WARTA_NOMEM;
  st->stemming = stemming;
  rc = sqlite3_open_v2(path, &st->db, oflags, NULL);
  if (rc == SQLITE_OK) rc = warta_store_register(st->db);
  if (rc == SQLITE_OK) sqlite3_busy_timeout(st->db, 10000);
  if (rc == SQLITE_OK && !(flags & WARTA_STORE_READONLY)) {
    rc = sqlite3_exec(st->db,
                      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                      " PRAGMA foreign_keys=OFF;",
                      NULL, NULL, NULL);
  }
  if (rc == SQLITE_OK) {
    /* a file that is not a database fails here, on the first read */
    rc = sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
  }
  /* a new index appears whole, schema and versions in one transaction, so
  ** that a reader never meets half of it */
  if (rc == SQLITE_OK && create) rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc == SQLITE_OK && create) rc = sqlite3_exec(st->db, schema_sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK) {
    if (err) *err = strdup(st->db ? sqlite3_errmsg(st->db) : "out of memory");
    warta_store_close(st);
    return warta_store_rc(rc) ? warta_store_rc(rc) : WARTA_ERROR;
  }
  rc = check_versions(st, create, err);
  if (create && rc == WARTA_OK) rc = exec(st, "COMMIT");
  if (rc == WARTA_OK) rc = warta_store_languages(st, &st->langs);
  if (rc) {
    if (err && !*err) *err = strdup(warta_store_errmsg(st));
    warta_store_close(st);
    return rc;
  }
  *out = st;
  return WARTA_OK;
}

void warta_store_close(warta_store *st) {
  if (!st) return;
  for (int i = 0; i < STMT_COUNT; i++)
    sqlite3_finalize(st->stmt[i]);
  for (int i = 0; i < st->nfts; i++) {
    sqlite3_finalize(st->fts[i].ins);
    sqlite3_finalize(st->fts[i].del);
  }
  if (st->db) {
    if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close_v2(st->db);
  }
  warta_store_free_list(st->langs);
  warta_buf_free(&st->sql);
  free(st->errmsg);
  free(st);
}

sqlite3 *warta_store_db(warta_store *st) { return st->db; }

warta_stemming warta_store_stemming(const warta_store *st) { return st->stemming; }
