/*
** Registration of the tokenizer and the auxiliary functions on a connection;
** shared by warta_store_open() and the loadable extension.
*/
#include "sqlite.h"

#include "store_int.h"

/* The fts5_api of db (owned by SQLite), or NULL when FTS5 is missing. */
static fts5_api *fts5_api_of(sqlite3 *db) {
  fts5_api *api = NULL;
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) == SQLITE_OK) {
    sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(s);
  }
  sqlite3_finalize(s);
  return api;
}

int warta_store_register(sqlite3 *db) {
  fts5_api *api = fts5_api_of(db);
  /* xCreateFunction and xCreateTokenizer (v1 signature) exist from v2 on */
  if (!api || api->iVersion < 2) return SQLITE_ERROR;
  int rc = warta_fts_register_tokenizer(db, api);
  if (rc == SQLITE_OK) rc = warta_fts_register_functions(api);
  return rc;
}
