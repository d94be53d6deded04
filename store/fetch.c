/*
** One article read whole: its data, every passage in order, and where the
** words of a query occur in them (store.h: warta_article_fetch). Also the
** index's generation and revision, for a server's health check.
**
** The article document is found by its key term (K<hash> of the record's
** key, or of the file's path for a whole-file article), and read once: its
** data holds its passages, the byte ranges of their words and its
** occurrence table. Highlights come from that table as a hit's do
** (occur.h): every alternative of every group of the query is looked for
** as a sequence of positions, and each occurrence is mapped to bytes
** through the byte ranges of the title or of the passage whose range of
** positions holds it.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "common/rc.h"
#include "dir.h"
#include "occur.h"
#include "search_int.h"

#define MAX_TRIES 5 /* reopen-and-retry when the index changes */

/**************************************************************************
** where the query occurs
*/
/* The occurrences of a query in an article: those of title-only groups
** (highlighted in the title alone) and the others. */
enum { OCC_ANY, OCC_TITLE, OCC_LISTS };

/* Occurrences of alt (its terms, with prefix, at consecutive positions)
** in the article of table t, into *o. */
static int alt_occurrences(const occ_table *t, const warta_qalt *alt, const char *prefix,
                           occ_list *o) {
  uint32_t *pos[16] = {NULL};
  int npos[16] = {0}, lens[16] = {0}, n = alt->nterm < 16 ? alt->nterm : 16, rc = WARTA_OK;
  warta_buf b[16];
  const char *terms[16] = {NULL};
  for (int j = 0; j < n; j++) {
    b[j] = (warta_buf)WARTA_BUF_INIT;
    warta_buf_puts(&b[j], prefix);
    warta_buf_puts(&b[j], alt->term[j]);
    if (b[j].err) rc = WARTA_NOMEM;
    terms[j] = b[j].p ? b[j].p : "";
    lens[j] = (int)b[j].n;
  }
  if (rc == WARTA_OK) rc = occ_table_positions(t, terms, lens, n, pos, npos);
  if (rc == WARTA_OK) rc = occ_sequence(pos, npos, n, 0, o);
  for (int j = 0; j < n; j++) {
    free(pos[j]);
    warta_buf_free(&b[j]);
  }
  return rc;
}

static int lang_in(char *const *langs, const char *lang) {
  if (!langs || !lang) return 1;
  for (int i = 0; langs[i]; i++) {
    if (strcmp(langs[i], lang) == 0) return 1;
  }
  return 0;
}

/* Occurrences of every group of q that is not excluded, with the forms
** that apply to the article's language, into o[OCC_LISTS]. */
static int occurrences(const occ_table *t, const warta_query *q, const char *lang, occ_list *o) {
  int rc = WARTA_OK;
  for (int i = 0; rc == WARTA_OK && i < q->ngroup; i++) {
    const warta_qgroup *g = &q->group[i];
    if (g->excluded) continue;
    occ_list *to = &o[g->field == WARTA_QF_TITLE ? OCC_TITLE : OCC_ANY];
    for (int f = 0; rc == WARTA_OK && f < g->nform; f++) {
      if (!lang_in(g->form[f].langs, lang)) continue;
      for (int a = 0; rc == WARTA_OK && a < g->form[f].nalt; a++)
        rc = alt_occurrences(t, &g->form[f].alt[a], qgroup_prefix(g), to);
    }
    /* the names standing for it are marked too */
    for (int e = 0; rc == WARTA_OK && q->rank.expand > 0 && e < g->nexp; e++) {
      const warta_qexp *x = &g->exp[e];
      for (int f = 0; rc == WARTA_OK && f < x->nform; f++) {
        if (!lang_in(x->form[f].langs, lang)) continue;
        for (int a = 0; rc == WARTA_OK && a < x->form[f].nalt; a++)
          rc = alt_occurrences(t, &x->form[f].alt[a], "", &o[OCC_ANY]);
      }
    }
  }
  for (int l = 0; l < OCC_LISTS; l++)
    occ_sort(&o[l]);
  return rc;
}

/* The highlights of one text (title: the title, whose words title-only
** groups mark too): its positions [lo, lo + len), its byte ranges
** seg[0..nseg), its words beginning with a wildcard group's prefix; final
** (merged) into *hl, *nhl. */
static int highlight(warta_searcher *s, const warta_query *q, const occ_list *o, uint32_t lo,
                     uint32_t len, int title, const unsigned char *seg, size_t nseg,
                     const char *text, size_t ntext, warta_span **hl, int *nhl) {
  spanv out = {NULL, 0, 0, 0};
  const char *prefix[64];
  int np = 0;
  for (int i = 0; i < q->ngroup && np < 64; i++) {
    const warta_qgroup *g = &q->group[i];
    if (g->prefix && !g->excluded && (g->field != WARTA_QF_TITLE || title))
      prefix[np++] = g->prefix;
  }
  return occ_highlights(o, title ? OCC_LISTS : 1, lo, len, seg, nseg, &s->scanner, prefix, np, text,
                        ntext, &out, hl, nhl);
}

/**************************************************************************
** the article
*/
static int first_doc(void *ctx, xdocid did) {
  *(xdocid *)ctx = did;
  return 1;
}

/* A callback's own code (it stopped the walk) or the engine's error. */
static int walk_rc(warta_searcher *s, int rc) {
  if (rc == 0 || (rc > 0 && !*xdb_errmsg(s->x))) return rc;
  return searcher_xfail(s, rc);
}

int searcher_article(warta_searcher *s, const char *key, xdocid *did) {
  warta_buf b = WARTA_BUF_INIT;
  *did = 0;
  key_term(&b, key);
  if (b.err) return WARTA_NOMEM;
  int rc = xdb_postings(s->x, b.p, b.n, first_doc, did);
  warta_buf_free(&b);
  rc = walk_rc(s, rc);
  if (rc != 1 && rc != WARTA_OK) return rc;
  if (*did) return WARTA_OK;
  free(s->err);
  s->err = warta_strdupf("no article with key or path %s", key);
  return WARTA_NOTFOUND;
}

static int damaged(warta_searcher *s) {
  free(s->err);
  s->err = strdup("damaged index: an article's data cannot be read");
  return WARTA_CORRUPT;
}

/* Its fields and passages from its data (the JSON, then the byte ranges
** of the title and of each passage), with their highlights from its
** occurrence table occv[0..nocc) when q is given. */
static int read_article(warta_searcher *s, const char *data, size_t nd, const char *occv,
                        size_t nocc, const warta_query *q, warta_full_article *a) {
  size_t nj = 0, nt = 0, ns = 0;
  const unsigned char *tail = NULL, *seg = NULL;
  occ_table t = {0};
  occ_list o[OCC_LISTS] = {{0}};
  json_t *j = NULL;
  if (data_split(data, nd, &nj, &tail, &nt) == 0) j = json_loadb(data, nj, 0, NULL);
  if (!j) return damaged(s);
  data_fields(j, &a->key, &a->title, &a->url, &a->path, &a->date, &a->source, &a->lang, &a->line);
  int rc = WARTA_OK;
  if (q) {
    rc = occ_table_read((const unsigned char *)occv, nocc, &t);
    if (rc == WARTA_OK) rc = occurrences(&t, q, a->lang, o);
    if (rc == WARTA_CORRUPT) rc = damaged(s);
  }
  if (rc == WARTA_OK && q && a->title && data_segment(tail, nt, 0, &seg, &ns) == 0)
    rc = highlight(s, q, o, 1, t.l.title, 1, seg, ns, a->title, strlen(a->title), &a->title_hl,
                   &a->ntitle_hl);
  json_t *texts = json_object_get(j, "passages");
  size_t n = json_array_size(texts);
  if (rc == WARTA_OK && n && !(a->passage = calloc(n, sizeof *a->passage))) rc = WARTA_NOMEM;
  for (size_t i = 0; rc == WARTA_OK && i < n; i++) {
    warta_full_passage *p = &a->passage[a->npassage++];
    json_t *pt = json_array_get(texts, i);
    size_t len = json_string_length(pt);
    p->ordinal = (int)i;
    if (!(p->text = malloc(len + 1))) {
      rc = WARTA_NOMEM;
      break;
    }
    if (len) memcpy(p->text, json_string_value(pt), len);
    p->text[len] = 0;
    p->ntext = len;
    if (q && (int)i < t.l.n && data_segment(tail, nt, 1 + (int)i, &seg, &ns) == 0)
      rc = highlight(s, q, o, t.l.first[i], t.l.len[i], 0, seg, ns, p->text, p->ntext, &p->hl,
                     &p->nhl);
  }
  for (int l = 0; l < OCC_LISTS; l++)
    free(o[l].v);
  occ_table_free(&t);
  json_decref(j);
  return rc;
}

static int fetch_once(warta_searcher *s, const char *key, const warta_query *q,
                      warta_full_article *a) {
  xdocid did = 0;
  xread *doc = NULL;
  char *data = NULL, *occv = NULL;
  size_t nd = 0, nocc = 0;
  int rc = searcher_article(s, key, &did);
  if (rc) return rc;
  /* its data and its occurrence table: one read */
  rc = xdb_read(s->x, did, &doc);
  if (rc == WARTA_OK) rc = xread_data(s->x, doc, &data, &nd);
  if (rc == WARTA_OK) rc = xread_value(s->x, doc, V_OCC, &occv, &nocc);
  xread_free(doc);
  if (rc == WARTA_OK)
    rc = read_article(s, data, nd, occv, nocc, q, a);
  else if (rc != WARTA_NOMEM)
    rc = searcher_xfail(s, rc);
  free(data);
  free(occv);
  return rc;
}

int warta_article_fetch(warta_searcher *s, const char *key, const warta_query *q,
                        warta_full_article *a) {
  int rc = WARTA_OK;
  memset(a, 0, sizeof *a);
  /* the newest committed state, as warta_search() reads */
  warta_searcher_refresh(s, NULL);
  for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
    rc = fetch_once(s, key, q, a);
    if (rc == WARTA_OK || rc == WARTA_NOMEM || rc == WARTA_NOTFOUND) break;
    warta_full_article_free(a);
    if (!searcher_try_again(s, rc)) break;
  }
  if (rc) warta_full_article_free(a);
  return rc;
}

void warta_full_article_free(warta_full_article *a) {
  if (!a) return;
  free(a->key);
  free(a->title);
  free(a->url);
  free(a->path);
  free(a->date);
  free(a->source);
  free(a->lang);
  free(a->title_hl);
  for (int i = 0; i < a->npassage; i++) {
    free(a->passage[i].text);
    free(a->passage[i].hl);
  }
  free(a->passage);
  memset(a, 0, sizeof *a);
}

/**************************************************************************
** the index's version
*/
int warta_searcher_version(warta_searcher *s, int *generation, unsigned long long *revision) {
  uint64_t rev = 0;
  *generation = s->is_dir ? dir_current(s->path) : 0;
  *revision = 0;
  int rc = xdb_open_revision(s->x, &rev);
  if (rc) return rc == WARTA_NOMEM ? rc : searcher_xfail(s, rc);
  *revision = (unsigned long long)rev;
  return WARTA_OK;
}
