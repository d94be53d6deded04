/*
** Compounds mined from the index's own vocabulary.
**
** Indonesian writes many compounds both open and closed: sepak bola and
** sepakbola, terima kasih and terimakasih, anti korupsi and antikorupsi. The
** analyzer knows a curated list; the rest are found here, after each run: a
** term T that splits into two terms A + B, where the phrase "A B" also
** occurs, is a compound. The query planner then searches both forms. Mined
** compounds live in a table and change only query expansion, never the
** terms of the index, so the index stays consistent as the list grows.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rc.h"
#include "store_int.h"

#define MIN_PART 3 /* bytes in each part */
#define MIN_DOCS 2 /* rows the closed form, each part, and the open form need */

typedef struct vocab {
  char **term;   /* terms (malloc'ed) */
  size_t n, cap; /* used / allocated */
  size_t *slot;  /* open addressing: index + 1, 0 = empty */
  size_t nslot;  /* slots, a power of two */
} vocab;

static size_t hash_n(const char *s, size_t n) {
  size_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

static int vocab_has(const vocab *v, const char *s, size_t n) {
  for (size_t j = hash_n(s, n) & (v->nslot - 1); v->slot[j]; j = (j + 1) & (v->nslot - 1)) {
    const char *t = v->term[v->slot[j] - 1];
    if (strncmp(t, s, n) == 0 && t[n] == 0) return 1;
  }
  return 0;
}

static int vocab_build_slots(vocab *v) {
  v->nslot = 16;
  while (v->nslot < v->n * 2 + 1)
    v->nslot *= 2;
  v->slot = calloc(v->nslot, sizeof *v->slot);
  if (!v->slot) return WARTA_NOMEM;
  for (size_t i = 0; i < v->n; i++) {
    size_t j = hash_n(v->term[i], strlen(v->term[i])) & (v->nslot - 1);
    while (v->slot[j])
      j = (j + 1) & (v->nslot - 1);
    v->slot[j] = i + 1;
  }
  return WARTA_OK;
}

static void vocab_free(vocab *v) {
  for (size_t i = 0; i < v->n; i++)
    free(v->term[i]);
  free(v->term);
  free(v->slot);
}

static int letters_only(const char *s) {
  for (; *s; s++) {
    if (*s < 'a' || *s > 'z') return 0;
  }
  return 1;
}

/* The terms of fts_<lang> found in at least MIN_DOCS rows. */
static int load_vocab(warta_store *st, const char *lang, vocab *v) {
  sqlite3_stmt *s = NULL;
  char sql[256];
  int rc;
  snprintf(sql, sizeof sql,
           "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab_%s USING fts5vocab(main, fts_%s, 'row')",
           lang, lang);
  if ((rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL))) return warta_store_fail(st, rc);
  snprintf(sql, sizeof sql, "SELECT term FROM temp.vocab_%s WHERE doc >= %d", lang, MIN_DOCS);
  if ((rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL))) return warta_store_fail(st, rc);
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    const char *t = (const char *)sqlite3_column_text(s, 0);
    if (!t || !letters_only(t)) continue;
    if (v->n == v->cap) {
      size_t cap = v->cap ? v->cap * 2 : 4096;
      char **x = realloc(v->term, cap * sizeof *x);
      if (!x) break;
      v->term = x;
      v->cap = cap;
    }
    if (!(v->term[v->n] = strdup(t))) break;
    v->n++;
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) return rc == SQLITE_ROW ? WARTA_NOMEM : warta_store_fail(st, rc);
  return vocab_build_slots(v);
}

/* Rows of fts_<lang> holding the phrase "a b". */
static long phrase_rows(warta_store *st, sqlite3_stmt *count, const char *a, size_t na,
                        const char *b) {
  warta_buf_reset(&st->sql);
  warta_buf_putc(&st->sql, '"');
  warta_buf_append(&st->sql, a, na);
  warta_buf_putc(&st->sql, ' ');
  warta_buf_puts(&st->sql, b);
  warta_buf_putc(&st->sql, '"');
  if (st->sql.err) return 0;
  sqlite3_reset(count);
  sqlite3_bind_text(count, 1, st->sql.p, (int)st->sql.n, SQLITE_STATIC);
  return sqlite3_step(count) == SQLITE_ROW ? (long)sqlite3_column_int64(count, 0) : 0;
}

int warta_store_mine_compounds(warta_store *st, const char *lang, long *found) {
  vocab v;
  sqlite3_stmt *count = NULL, *ins = NULL;
  char sql[256];
  int rc;
  memset(&v, 0, sizeof v);
  *found = 0;
  if (!warta_store_lang_ok(lang)) return WARTA_ERROR;
  if ((rc = load_vocab(st, lang, &v))) goto done;
  snprintf(sql, sizeof sql, "SELECT count(*) FROM fts_%s WHERE fts_%s MATCH ?1", lang, lang);
  rc = sqlite3_prepare_v2(st->db, sql, -1, &count, NULL);
  if (rc == SQLITE_OK) {
    rc = sqlite3_prepare_v2(
        st->db, "INSERT OR REPLACE INTO compounds(lang, closed, parts) VALUES(?1, ?2, ?3)", -1,
        &ins, NULL);
  }
  if (rc == SQLITE_OK) {
    snprintf(sql, sizeof sql, "DELETE FROM compounds WHERE lang = '%s'", lang);
    rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
  }
  if (rc) {
    rc = warta_store_fail(st, rc);
    goto done;
  }
  for (size_t i = 0; rc == WARTA_OK && i < v.n; i++) {
    const char *t = v.term[i];
    size_t n = strlen(t);
    for (size_t k = MIN_PART; k + MIN_PART <= n; k++) {
      if (!vocab_has(&v, t, k) || !vocab_has(&v, t + k, n - k)) continue;
      if (phrase_rows(st, count, t, k, t + k) < MIN_DOCS) continue;
      char parts[512];
      snprintf(parts, sizeof parts, "%.*s %s", (int)k, t, t + k);
      sqlite3_reset(ins);
      sqlite3_bind_text(ins, 1, lang, -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, 2, t, -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, 3, parts, -1, SQLITE_TRANSIENT);
      if (sqlite3_step(ins) != SQLITE_DONE) {
        rc = warta_store_fail(st, SQLITE_ERROR);
        break;
      }
      (*found)++;
      break; /* one split per term: the first that occurs open */
    }
  }
done:
  sqlite3_finalize(count);
  sqlite3_finalize(ins);
  vocab_free(&v);
  return rc;
}

char *warta_store_compound_parts(warta_store *st, const char *term) {
  sqlite3_stmt *s = warta_store_stmt(st, STMT_COMPOUND_PARTS,
                                     "SELECT parts FROM compounds WHERE closed = ?1 LIMIT 1");
  char *r = NULL;
  if (!s) return NULL;
  sqlite3_bind_text(s, 1, term, -1, SQLITE_STATIC);
  if (sqlite3_step(s) == SQLITE_ROW) r = strdup((const char *)sqlite3_column_text(s, 0));
  sqlite3_reset(s);
  return r;
}

char *warta_store_compound_closed(warta_store *st, const char *a, const char *b) {
  sqlite3_stmt *s =
      warta_store_stmt(st, STMT_COMPOUND_CLOSED,
                       "SELECT closed FROM compounds WHERE parts = ?1 || ' ' || ?2 LIMIT 1");
  char *r = NULL;
  if (!s) return NULL;
  sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
  if (sqlite3_step(s) == SQLITE_ROW) r = strdup((const char *)sqlite3_column_text(s, 0));
  sqlite3_reset(s);
  return r;
}
