/*
** One article read whole: its data, every passage in order, and where the
** words of a query occur in them (store.h: warta_article_fetch). Also the
** index's generation and revision, for a server's health check.
**
** The article document is found by its key term (K<hash> of the record's
** key, or of the file's path for a whole-file article); its data holds
** its passages. Highlights come from the article's own positions, as a
** hit's do: every alternative of every group of the query is looked for as
** a sequence of positions, and each occurrence is mapped to bytes through
** the byte ranges (in the data) of the title or of the passage whose range
** of positions holds it.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "common/rc.h"
#include "dir.h"
#include "search_int.h"
#include "spans.h"

#define MAX_TRIES 5 /* reopen-and-retry when the index changes */

/**************************************************************************
** where the query occurs
*/
/* An occurrence of a group: positions [start, end]; title: a title-only
** group. */
typedef struct occ {
  uint32_t start, end;
  int title;
} occ;

typedef struct occv {
  occ *v;
  int n, cap;
  int nomem;
} occv;

static void occ_add(occv *o, uint32_t s, uint32_t e, int title) {
  if (o->nomem) return;
  if (o->n == o->cap) {
    int cap = o->cap ? o->cap * 2 : 32;
    occ *v = realloc(o->v, sizeof *v * (size_t)cap);
    if (!v) {
      o->nomem = 1;
      return;
    }
    o->v = v;
    o->cap = cap;
  }
  o->v[o->n].start = s;
  o->v[o->n].end = e;
  o->v[o->n].title = title;
  o->n++;
}

static int has_pos(const uint32_t *pos, int n, uint32_t p) {
  int lo = 0, hi = n - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (pos[mid] == p) return 1;
    if (pos[mid] < p)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return 0;
}

/* Occurrences of alt (its terms at consecutive positions) in article did. */
static int alt_occurrences(warta_searcher *s, xdocid did, const warta_qalt *alt, const char *prefix,
                           int title, occv *o) {
  uint32_t *pos[16] = {NULL};
  int npos[16] = {0}, n = alt->nterm < 16 ? alt->nterm : 16, rc = WARTA_OK;
  warta_buf t = WARTA_BUF_INIT;
  for (int j = 0; j < n && rc == WARTA_OK; j++) {
    warta_buf_reset(&t);
    warta_buf_puts(&t, prefix);
    warta_buf_puts(&t, alt->term[j]);
    rc = t.err ? WARTA_NOMEM : xdb_positions(s->x, did, t.p, t.n, &pos[j], &npos[j]);
    if (rc && rc != WARTA_NOMEM) rc = searcher_xfail(s, rc);
  }
  warta_buf_free(&t);
  for (int i = 0; rc == WARTA_OK && n > 0 && i < npos[0]; i++) {
    uint32_t at = pos[0][i];
    int ok = 1;
    for (int j = 1; ok && j < n; j++)
      ok = has_pos(pos[j], npos[j], at + (uint32_t)j);
    if (ok) occ_add(o, at, at + (uint32_t)n - 1, title);
  }
  for (int j = 0; j < n; j++)
    free(pos[j]);
  return rc ? rc : o->nomem ? WARTA_NOMEM : WARTA_OK;
}

static int lang_in(char *const *langs, const char *lang) {
  if (!langs || !lang) return 1;
  for (int i = 0; langs[i]; i++) {
    if (strcmp(langs[i], lang) == 0) return 1;
  }
  return 0;
}

/* Occurrences of every group of q that is not excluded, with the forms
** that apply to the article's language. */
static int occurrences(warta_searcher *s, xdocid did, const warta_query *q, const char *lang,
                       occv *o) {
  int rc = WARTA_OK;
  for (int i = 0; rc == WARTA_OK && i < q->ngroup; i++) {
    const warta_qgroup *g = &q->group[i];
    if (g->excluded) continue;
    for (int f = 0; rc == WARTA_OK && f < g->nform; f++) {
      if (!lang_in(g->form[f].langs, lang)) continue;
      for (int a = 0; rc == WARTA_OK && a < g->form[f].nalt; a++)
        rc = alt_occurrences(s, did, &g->form[f].alt[a], qgroup_prefix(g),
                             g->field == WARTA_QF_TITLE, o);
    }
    /* the names standing for it are marked too */
    for (int e = 0; rc == WARTA_OK && q->rank.expand > 0 && e < g->nexp; e++) {
      const warta_qexp *x = &g->exp[e];
      for (int f = 0; rc == WARTA_OK && f < x->nform; f++) {
        if (!lang_in(x->form[f].langs, lang)) continue;
        for (int a = 0; rc == WARTA_OK && a < x->form[f].nalt; a++)
          rc = alt_occurrences(s, did, &x->form[f].alt[a], "", 0, o);
      }
    }
  }
  return rc;
}

/* Spans of the occurrences inside the positions [lo, lo + len), given the
** byte ranges of those positions. */
static void spans_in(const occv *o, uint32_t lo, uint32_t len, int title, const spanv *off,
                     spanv *out) {
  for (int i = 0; i < o->n; i++) {
    const occ *c = &o->v[i];
    if (c->title && !title) continue;
    if (c->start < lo || c->end >= lo + len) continue;
    int a = (int)(c->start - lo), b = (int)(c->end - lo);
    if (b >= off->n) continue;
    spanv_add(out, off->v[a].start, off->v[b].end);
  }
}

typedef struct scan_ctx {
  const char *prefix;
  size_t n;
  spanv *out;
} scan_ctx;

static int scan_token(void *ctx, const warta_token *t) {
  scan_ctx *c = ctx;
  if ((size_t)t->n_term >= c->n && memcmp(t->term, c->prefix, c->n) == 0)
    spanv_add(c->out, t->start, t->end);
  return c->out->nomem ? WARTA_NOMEM : 0;
}

/* Words of text beginning with a wildcard group's prefix. */
static int prefix_spans(warta_searcher *s, const warta_query *q, int title, const char *text,
                        size_t n, spanv *out) {
  for (int i = 0; i < q->ngroup; i++) {
    const warta_qgroup *g = &q->group[i];
    if (!g->prefix || g->excluded || (g->field == WARTA_QF_TITLE && !title)) continue;
    if (!s->scanner && warta_analyzer_new("", WARTA_STEM_NONE, &s->scanner, NULL))
      return WARTA_NOMEM;
    scan_ctx c = {g->prefix, strlen(g->prefix), out};
    int rc = warta_analyze(s->scanner, text, (int)n, 0, scan_token, &c);
    if (rc) return rc;
  }
  return WARTA_OK;
}

/* The highlights of one text: its positions [lo, lo + len), its byte
** ranges off_v[0..off_n). */
static int highlight(warta_searcher *s, const warta_query *q, const occv *o, uint32_t lo,
                     uint32_t len, int title, const char *offv, size_t noff, const char *text,
                     size_t ntext, warta_span **hl, int *nhl) {
  spanv off = {NULL, 0, 0, 0}, out = {NULL, 0, 0, 0};
  int rc = spanv_offsets(&off, offv, noff);
  if (rc == WARTA_OK) spans_in(o, lo, len, title, &off, &out);
  if (rc == WARTA_OK && text) rc = prefix_spans(s, q, title, text, ntext, &out);
  if (rc == WARTA_OK && out.nomem) rc = WARTA_NOMEM;
  spanv_merge(&out);
  free(off.v);
  if (rc) {
    free(out.v);
    return rc;
  }
  *hl = out.v;
  *nhl = out.n;
  return WARTA_OK;
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

/* Its fields and passages (from the data: the JSON, then the byte ranges
** of the title and of each passage), with their highlights when q is
** given. */
static int read_article(warta_searcher *s, xdocid did, const warta_query *q, const occv *o,
                        warta_full_article *a) {
  char *data = NULL;
  size_t nd = 0, nj = 0, nt = 0, ns = 0;
  const unsigned char *tail = NULL, *seg = NULL;
  uint32_t *xp = NULL;
  int nxp = 0;
  art_layout l = {0};
  int rc = xdb_document(s->x, did, &data, &nd, -1, NULL, NULL);
  if (rc) return rc == WARTA_NOMEM ? rc : searcher_xfail(s, rc);
  json_t *j = NULL;
  if (data_split(data, nd, &nj, &tail, &nt) == 0) j = json_loadb(data, nj, 0, NULL);
  if (!j) {
    free(data);
    free(s->err);
    s->err = strdup("damaged index: an article's data cannot be read");
    return WARTA_CORRUPT;
  }
  data_fields(j, &a->key, &a->title, &a->url, &a->path, &a->date, &a->source, &a->lang, &a->line);
  if (q && a->title && data_segment(tail, nt, 0, &seg, &ns) == 0)
    rc = highlight(s, q, o, 1, UINT32_MAX - 1, 1, (const char *)seg, ns, a->title, strlen(a->title),
                   &a->title_hl, &a->ntitle_hl);
  json_t *texts = json_object_get(j, "passages");
  size_t n = json_array_size(texts);
  if (rc == WARTA_OK && q) {
    rc = xdb_positions(s->x, did, T_PASSAGES, strlen(T_PASSAGES), &xp, &nxp);
    if (rc && rc != WARTA_NOMEM) rc = searcher_xfail(s, rc);
    if (rc == WARTA_OK && layout_of(xp, nxp, &l)) memset(&l, 0, sizeof l); /* no highlights */
  }
  if (rc == WARTA_OK && n && !(a->passage = calloc(n, sizeof *a->passage))) rc = WARTA_NOMEM;
  for (size_t i = 0; rc == WARTA_OK && i < n; i++) {
    warta_full_passage *p = &a->passage[a->npassage++];
    json_t *t = json_array_get(texts, i);
    size_t len = json_string_length(t);
    p->ordinal = (int)i;
    if (!(p->text = malloc(len + 1))) {
      rc = WARTA_NOMEM;
      break;
    }
    if (len) memcpy(p->text, json_string_value(t), len);
    p->text[len] = 0;
    p->ntext = len;
    if (q && (int)i < l.n && data_segment(tail, nt, 1 + (int)i, &seg, &ns) == 0)
      rc = highlight(s, q, o, l.first[i], l.len[i], 0, (const char *)seg, ns, p->text, p->ntext,
                     &p->hl, &p->nhl);
  }
  layout_free(&l);
  free(xp);
  json_decref(j);
  free(data);
  return rc;
}

static int fetch_once(warta_searcher *s, const char *key, const warta_query *q,
                      warta_full_article *a) {
  xdocid did = 0;
  occv o = {NULL, 0, 0, 0};
  int rc = searcher_article(s, key, &did);
  if (rc) return rc;
  if (q) {
    char *lang = NULL;
    size_t nl = 0;
    rc = xdb_value(s->x, did, V_LANG, &lang, &nl);
    if (rc) rc = rc == WARTA_NOMEM ? rc : searcher_xfail(s, rc);
    if (rc == WARTA_OK) rc = occurrences(s, did, q, lang, &o);
    free(lang);
  }
  if (rc == WARTA_OK) rc = read_article(s, did, q, &o, a);
  free(o.v);
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
