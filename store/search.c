/*
** Searching: one ranked query per language table, merged.
**
** Each language's FTS table analyzes the MATCH expression with its own
** tokenizer, so a query meets every document in the form that document was
** indexed in. Scores from different tables are comparable enough to merge:
** the same BM25 formula over similar passages.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rc.h"
#include "store_int.h"

#define TIER 1000.0 /* see rank.c */

typedef struct hitvec {
  warta_hit *v; /* hits */
  int n, cap;   /* used / allocated */
} hitvec;

static int push(hitvec *h, const warta_hit *x) {
  if (h->n == h->cap) {
    int cap = h->cap ? h->cap * 2 : 64;
    warta_hit *v = realloc(h->v, (size_t)cap * sizeof *v);
    if (!v) return WARTA_NOMEM;
    h->v = v;
    h->cap = cap;
  }
  h->v[h->n++] = *x;
  return WARTA_OK;
}

static int by_rank(const void *a, const void *b) {
  const warta_hit *x = a, *y = b;
  if (x->rank != y->rank) return x->rank > y->rank ? -1 : 1;
  if (x->passage_id != y->passage_id) return x->passage_id < y->passage_id ? -1 : 1;
  return 0;
}

/* Top `fetch` candidates of one language table. */
static int search_lang(warta_store *st, const char *lang, const warta_search *q, int fetch,
                       hitvec *out) {
  sqlite3_stmt *s = NULL, *doc = NULL;
  char sql[256];
  int rc;
  snprintf(sql, sizeof sql,
           "SELECT rowid, warta_rank(fts_%s, ?2) AS r FROM fts_%s WHERE fts_%s MATCH ?1"
           " ORDER BY r DESC, rowid LIMIT ?3",
           lang, lang, lang);
  rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(st->db, "SELECT doc_id FROM passages WHERE id = ?1", -1, &doc, NULL);
  if (rc != SQLITE_OK) {
    rc = warta_store_fail(st, rc);
    goto done;
  }
  sqlite3_bind_text(s, 1, q->match, -1, SQLITE_STATIC);
  if (q->spec) sqlite3_bind_text(s, 2, q->spec, -1, SQLITE_STATIC);
  sqlite3_bind_int(s, 3, fetch);
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    warta_hit h;
    memset(&h, 0, sizeof h);
    double r = sqlite3_column_double(s, 1);
    int tier = (int)(r / TIER);
    h.passage_id = sqlite3_column_int64(s, 0);
    h.rank = r;
    h.phrase = tier % 2; /* matched: see warta_store_highlights() */
    h.score = r - tier * TIER;
    snprintf(h.lang, sizeof h.lang, "%s", lang);
    sqlite3_reset(doc);
    sqlite3_bind_int64(doc, 1, h.passage_id);
    if (sqlite3_step(doc) == SQLITE_ROW) h.doc_id = sqlite3_column_int64(doc, 0);
    if (push(out, &h)) {
      rc = SQLITE_NOMEM;
      break;
    }
  }
  rc = rc == SQLITE_DONE ? WARTA_OK : warta_store_fail(st, rc);
done:
  sqlite3_finalize(s);
  sqlite3_finalize(doc);
  return rc;
}

/* Keep at most per_doc passages of each document, in rank order. */
static int cap_per_doc(hitvec *h, int per_doc, int limit) {
  int k = 0;
  for (int i = 0; i < h->n && k < limit; i++) {
    int seen = 0;
    for (int j = 0; j < k; j++)
      seen += h->v[j].doc_id == h->v[i].doc_id;
    if (per_doc > 0 && seen >= per_doc) continue;
    h->v[k++] = h->v[i];
  }
  return k;
}

int warta_store_search(warta_store *st, const warta_search *q, warta_hit **hits, int *nhits) {
  hitvec h = {NULL, 0, 0};
  int rc = WARTA_OK;
  int limit = q->limit > 0 ? q->limit : 10;
  /* room for the passages that the per-document cap will drop */
  int fetch = q->per_doc > 0 ? limit * 4 + 32 : limit;
  *hits = NULL;
  *nhits = 0;
  for (char **l = st->langs; rc == WARTA_OK && l && *l; l++) {
    if (q->lang && strcmp(q->lang, *l) != 0) continue;
    rc = search_lang(st, *l, q, fetch, &h);
  }
  if (rc) {
    free(h.v);
    return rc;
  }
  if (h.n > 1) qsort(h.v, (size_t)h.n, sizeof *h.v, by_rank);
  *nhits = cap_per_doc(&h, q->per_doc, limit);
  *hits = h.v;
  return WARTA_OK;
}

int warta_store_highlights(warta_store *st, const warta_search *q, warta_hit *hit, int **ranges,
                           int *n) {
  sqlite3_stmt *s = NULL;
  char sql[400];
  int rc, cap = 0;
  *ranges = NULL;
  *n = 0;
  if (!warta_store_lang_ok(hit->lang)) return WARTA_ERROR;
  snprintf(sql, sizeof sql,
           "SELECT warta_highlights(fts_%s, 1), warta_rank(fts_%s, ?3, 'matched'),"
           " warta_rank(fts_%s, ?3, 'phrase') FROM fts_%s WHERE fts_%s MATCH ?1 AND rowid = ?2",
           hit->lang, hit->lang, hit->lang, hit->lang, hit->lang);
  rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
  if (rc) return warta_store_fail(st, rc);
  sqlite3_bind_text(s, 1, q->match, -1, SQLITE_STATIC);
  sqlite3_bind_int64(s, 2, hit->passage_id);
  if (q->spec) sqlite3_bind_text(s, 3, q->spec, -1, SQLITE_STATIC);
  rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    hit->matched = sqlite3_column_int(s, 1);
    hit->phrase = sqlite3_column_int(s, 2);
    const char *p = (const char *)sqlite3_column_text(s, 0);
    while (p && *p) {
      int a, b, used = 0;
      if (sscanf(p, "%d-%d%n", &a, &b, &used) != 2) break;
      if (*n == cap) {
        cap = cap ? cap * 2 : 16;
        int *r = realloc(*ranges, sizeof(int) * 2 * (size_t)cap);
        if (!r) {
          rc = SQLITE_NOMEM;
          break;
        }
        *ranges = r;
      }
      (*ranges)[2 * *n] = a;
      (*ranges)[2 * *n + 1] = b;
      (*n)++;
      p += used;
      if (*p == ',') p++;
    }
    if (rc == SQLITE_ROW) rc = SQLITE_DONE;
  }
  int ret = rc == SQLITE_DONE ? WARTA_OK : warta_store_fail(st, rc);
  sqlite3_finalize(s);
  if (ret) {
    free(*ranges);
    *ranges = NULL;
    *n = 0;
  }
  return ret;
}

static char *col_dup(sqlite3_stmt *s, int i) {
  const unsigned char *t = sqlite3_column_text(s, i);
  return t ? strdup((const char *)t) : NULL;
}

int warta_store_hit_info(warta_store *st, int64_t passage_id, warta_hit_info *out) {
  sqlite3_stmt *s = warta_store_stmt(
      st, STMT_HIT_INFO,
      "SELECT p.text, p.ordinal, d.title, d.date, d.source, d.url, d.key, d.lang, f.path, d.line"
      " FROM passages p JOIN documents d ON d.id = p.doc_id JOIN files f ON f.id = d.file_id"
      " WHERE p.id = ?1");
  memset(out, 0, sizeof *out);
  if (!s) return WARTA_ERROR;
  sqlite3_bind_int64(s, 1, passage_id);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    out->text = col_dup(s, 0);
    out->ordinal = sqlite3_column_int(s, 1);
    out->title = col_dup(s, 2);
    out->date = col_dup(s, 3);
    out->source = col_dup(s, 4);
    out->url = col_dup(s, 5);
    out->key = col_dup(s, 6);
    out->lang = col_dup(s, 7);
    out->path = col_dup(s, 8);
    out->line = (long)sqlite3_column_int64(s, 9);
  }
  sqlite3_reset(s);
  if (rc == SQLITE_ROW) return out->text ? WARTA_OK : WARTA_NOMEM;
  return rc == SQLITE_DONE ? WARTA_NOTFOUND : warta_store_fail(st, rc);
}

void warta_hit_info_free(warta_hit_info *h) {
  if (!h) return;
  free(h->text);
  free(h->title);
  free(h->date);
  free(h->source);
  free(h->url);
  free(h->key);
  free(h->lang);
  free(h->path);
  memset(h, 0, sizeof *h);
}
