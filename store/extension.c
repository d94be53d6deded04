/*
** The loadable SQLite extension: the warta tokenizer and the warta_rank() and
** warta_highlights() functions, for sqlite3's .load, Python's sqlite3 and any
** other SQLite client:
**
**   sqlite3 news.db ".load /usr/lib/warta/warta" \
**     "SELECT rowid FROM fts_id WHERE fts_id MATCH 'undangan'"
*/
#include "sqlite.h"

#include "store_int.h"

SQLITE_EXTENSION_INIT1

__attribute__((visibility("default"))) int sqlite3_warta_init(sqlite3 *db, char **pzErrMsg,
                                                              const sqlite3_api_routines *pApi);

int sqlite3_warta_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  SQLITE_EXTENSION_INIT2(pApi);
  int rc = warta_store_register(db);
  if (rc != SQLITE_OK && pzErrMsg) {
    *pzErrMsg = sqlite3_mprintf("warta: cannot register with FTS5 (is FTS5 compiled in?)");
  }
  return rc;
}
