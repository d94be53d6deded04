/*
** The 'warta' FTS5 tokenizer: FTS5 v1 glue around an analysis/ analyzer.
**
**   tokenize = 'warta LANG [STEMMING]'
**
** LANG is a language code (id, en, ms, ...; "und" or an unknown code folds
** without stemming) and STEMMING one of full (default), rules, none.
*/
#include "sqlite.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "common/rc.h"
#include "store_int.h"

typedef struct WartaTokenizer {
  warta_analyzer *analyzer; /* the analysis for this table's language */
} WartaTokenizer;

typedef struct TokenCtx {
  void *pCtx;                                              /* FTS5's context for xToken */
  int (*xToken)(void *, int, const char *, int, int, int); /* FTS5's callback */
} TokenCtx;

static void wartaDelete(Fts5Tokenizer *pTok) {
  WartaTokenizer *p = (WartaTokenizer *)pTok;
  if (p) {
    warta_analyzer_free(p->analyzer);
    sqlite3_free(p);
  }
}

static int wartaCreate(void *pUnused, const char **azArg, int nArg, Fts5Tokenizer **ppOut) {
  WartaTokenizer *p;
  int stemming = WARTA_STEM_FULL;
  const char *lang = nArg > 0 ? azArg[0] : "und";
  (void)pUnused;
  *ppOut = NULL;
  if (nArg > 2) return SQLITE_ERROR;
  if (nArg > 1 && (stemming = warta_stemming_parse(azArg[1])) < 0) return SQLITE_ERROR;
  p = sqlite3_malloc(sizeof *p);
  if (!p) return SQLITE_NOMEM;
  memset(p, 0, sizeof *p);
  char *err = NULL;
  int rc = warta_analyzer_new(lang, (warta_stemming)stemming, &p->analyzer, &err);
  if (rc) {
    /* FTS5 v1 has no way to pass the message on; keep it in the log */
    sqlite3_log(SQLITE_ERROR, "warta tokenizer: %s", err ? err : "cannot create analyzer");
    free(err);
    wartaDelete((Fts5Tokenizer *)p);
    return rc == WARTA_NOMEM ? SQLITE_NOMEM : SQLITE_ERROR;
  }
  *ppOut = (Fts5Tokenizer *)p;
  return SQLITE_OK;
}

static int onToken(void *ctx, const warta_token *t) {
  TokenCtx *c = ctx;
  return c->xToken(c->pCtx, t->colocated ? FTS5_TOKEN_COLOCATED : 0, t->term, t->n_term, t->start,
                   t->end);
}

static int wartaTokenize(Fts5Tokenizer *pTok, void *pCtx, int flags, const char *pText, int nText,
                         int (*xToken)(void *, int, const char *, int, int, int)) {
  WartaTokenizer *p = (WartaTokenizer *)pTok;
  TokenCtx c = {pCtx, xToken};
  int rc = warta_analyze(p->analyzer, pText, nText,
                         (flags & FTS5_TOKENIZE_QUERY) ? WARTA_ANALYZE_QUERY : 0, onToken, &c);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int warta_fts_register_tokenizer(sqlite3 *db, void *api) {
  fts5_api *fts = api;
  fts5_tokenizer t = {wartaCreate, wartaDelete, wartaTokenize};
  (void)db;
  return fts->xCreateTokenizer(fts, "warta", NULL, &t, NULL);
}
