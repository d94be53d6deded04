/*
** Internal interfaces of store/.
*/
#ifndef WARTA_STORE_INT_H
#define WARTA_STORE_INT_H

#include "store.h"
#include "common/buf.h"

/* Prepared statements kept for the life of the store, by purpose. */
enum {
  STMT_META_GET,
  STMT_META_SET,
  STMT_ADD_FILE,
  STMT_UPDATE_FILE,
  STMT_ADD_DOC,
  STMT_ADD_PASSAGE,
  STMT_DOC_PASSAGES,
  STMT_DOC_LANG,
  STMT_DEL_PASSAGES,
  STMT_DEL_DOC,
  STMT_FILE_DOCS,
  STMT_DEL_FILE,
  STMT_FILE_GET,
  STMT_RENAME_FILE,
  STMT_FILE_DOC_COUNT,
  STMT_HIT_INFO,
  STMT_COMPOUND_PARTS,
  STMT_COMPOUND_CLOSED,
  STMT_COUNT
};

#define WARTA_MAX_LANGS 32 /* language tables one index may hold */

struct warta_store {
  sqlite3 *db;                    /* the connection */
  warta_stemming stemming;        /* the index's stemming */
  sqlite3_stmt *stmt[STMT_COUNT]; /* prepared on first use */
  char *errmsg;                   /* last error, or NULL */
  char **langs;                   /* languages with tables (cache) */
  warta_buf sql;                  /* scratch for dynamic SQL */
  struct {
    char lang[16];           /* language of the table */
    sqlite3_stmt *ins, *del; /* insert and 'delete' statements */
  } fts[WARTA_MAX_LANGS];    /* per-language FTS writers */
  int nfts;                  /* entries used in fts[] */
};

/**************************************************************************
** Interface to code in schema.c
*/
/* The statement for purpose i, prepared from sql on first use; reset and
** with bindings cleared. NULL on error (message in st->errmsg). */
sqlite3_stmt *warta_store_stmt(warta_store *st, int i, const char *sql);
/* Remember the connection's error message; returns rc. */
int warta_store_fail(warta_store *st, int rc);
/* Remember a message of our own; returns rc. */
int warta_store_failf(warta_store *st, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Make sure the tables of language lang exist. */
int warta_store_ensure_lang(warta_store *st, const char *lang);
/* Map an SQLite result code to a WARTA_ code. */
int warta_store_rc(int sqlite_rc);

/**************************************************************************
** Interface to code in tokenizer.c
*/
/* Register the 'warta' FTS5 tokenizer with the fts5_api of db. */
int warta_fts_register_tokenizer(sqlite3 *db, void *fts5api);

/**************************************************************************
** Interface to code in rank.c
*/
/* Register warta_rank() and warta_highlights() with the fts5_api. */
int warta_fts_register_functions(void *fts5api);

#endif
