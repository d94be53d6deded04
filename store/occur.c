#include "occur.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "common/grow.h"
#include "common/rc.h"

/* The longest term the table holds: the writer's limit (DOCS_MAX_TERM)
** with room to spare. */
#define OCC_MAX_TERM 255

/* Terms between restarts (a term written whole) in a table. */
#define OCC_RESTART 16

/**************************************************************************
** writing
*/
static int rec_cmp(const void *a, const void *b) {
  const occ_rec *x = a, *y = b;
  uint32_t n = x->n < y->n ? x->n : y->n;
  int c = memcmp(x->t, y->t, n);
  if (c) return c;
  if (x->n != y->n) return x->n < y->n ? -1 : 1;
  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static uint32_t shared_prefix(const occ_rec *a, const occ_rec *b) {
  uint32_t n = a->n < b->n ? a->n : b->n, i = 0;
  while (i < n && a->t[i] == b->t[i])
    i++;
  return i;
}

static void put_le32(warta_buf *b, uint32_t v) {
  unsigned char le[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                         (unsigned char)(v >> 24)};
  warta_buf_append(b, le, 4);
}

static uint32_t get_le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void occ_table_put(warta_buf *b, uint32_t title, const uint32_t *len, int npassage, occ_rec *rec,
                   size_t nrec) {
  warta_buf pos = WARTA_BUF_INIT, restarts = WARTA_BUF_INIT;
  varint_put(b, title);
  varint_put(b, (uint64_t)npassage);
  for (int i = 0; i < npassage; i++)
    varint_put(b, len[i]);
  if (nrec > 1) qsort(rec, nrec, sizeof *rec, rec_cmp);
  /* the distinct terms, each once */
  uint64_t nterms = 0;
  for (size_t i = 0; i < nrec; i++)
    nterms += i == 0 || rec[i].n != rec[i - 1].n || memcmp(rec[i].t, rec[i - 1].t, rec[i].n) != 0;
  varint_put(b, nterms);
  size_t base = b->n;
  /* each: its bytes after those it shares with the previous term (all of
  ** them at a restart, every OCC_RESTART terms: a reader looks a term up
  ** by bisecting the restarts), then its positions as gaps, prefixed by
  ** their length in bytes (a reader skips the terms it does not want) */
  const occ_rec *prev = NULL;
  uint32_t k = 0, nrestart = 0;
  for (size_t i = 0; i < nrec; k++) {
    size_t j = i;
    uint32_t last = 0;
    warta_buf_reset(&pos);
    for (; j < nrec && rec[j].n == rec[i].n && memcmp(rec[j].t, rec[i].t, rec[i].n) == 0; j++) {
      if (j > i && rec[j].pos == last) continue;
      varint_put(&pos, rec[j].pos - last);
      last = rec[j].pos;
    }
    if (k % OCC_RESTART == 0) {
      put_le32(&restarts, (uint32_t)(b->n - base));
      nrestart++;
      prev = NULL;
    }
    uint32_t sh = prev ? shared_prefix(prev, &rec[i]) : 0;
    varint_put(b, sh);
    varint_put(b, rec[i].n - sh);
    warta_buf_append(b, rec[i].t + sh, rec[i].n - sh);
    varint_put(b, pos.n);
    warta_buf_append(b, pos.p, pos.n);
    prev = &rec[i];
    i = j;
  }
  warta_buf_append(b, restarts.p, restarts.n);
  put_le32(b, nrestart);
  if (pos.err || restarts.err) b->err = 1;
  warta_buf_free(&pos);
  warta_buf_free(&restarts);
}

/**************************************************************************
** reading
*/
static int get_u32(const unsigned char **p, const unsigned char *end, uint32_t *v) {
  uint64_t x;
  if (varint_get(p, end, &x) || x > UINT32_MAX) return -1;
  *v = (uint32_t)x;
  return 0;
}

void occ_table_free(occ_table *t) {
  layout_free(&t->l);
  memset(t, 0, sizeof *t);
}

int occ_table_read(const unsigned char *v, size_t n, occ_table *t) {
  memset(t, 0, sizeof *t);
  if (n < 4) return WARTA_CORRUPT;
  uint32_t nrestart = get_le32(v + n - 4);
  if (nrestart > (n - 4) / 4) return WARTA_CORRUPT;
  const unsigned char *p = v, *end = v + n - 4 - 4 * (size_t)nrestart;
  uint32_t np = 0;
  if (get_u32(&p, end, &t->l.title) || get_u32(&p, end, &np) || np > (size_t)(end - p))
    return WARTA_CORRUPT;
  if (np > 0) {
    t->l.first = malloc(sizeof(uint32_t) * np);
    t->l.len = malloc(sizeof(uint32_t) * np);
    if (!t->l.first || !t->l.len) {
      occ_table_free(t);
      return WARTA_NOMEM;
    }
  }
  /* the title at 1.., each passage POS_GAP after the previous text */
  uint64_t first = (uint64_t)t->l.title + POS_GAP + 1;
  for (uint32_t i = 0; i < np; i++) {
    if (get_u32(&p, end, &t->l.len[i]) || first > UINT32_MAX) {
      occ_table_free(t);
      return WARTA_CORRUPT;
    }
    t->l.first[i] = (uint32_t)first;
    t->l.n++;
    first += (uint64_t)t->l.len[i] + POS_GAP;
  }
  if (get_u32(&p, end, &t->nterms) || (t->nterms > 0) != (nrestart > 0) ||
      nrestart != (t->nterms + OCC_RESTART - 1) / OCC_RESTART) {
    occ_table_free(t);
    return WARTA_CORRUPT;
  }
  t->terms = p;
  t->end = end;
  t->restarts = end;
  t->nrestart = nrestart;
  return WARTA_OK;
}

/* Decode the gaps g[0..n) into a malloc'ed ascending list. */
static int decode_positions(const unsigned char *g, size_t n, uint32_t **out, int *nout) {
  const unsigned char *p = g, *end = g + n;
  uint32_t *v = malloc(sizeof *v * (n ? n : 1)); /* a gap takes a byte or more */
  if (!v) return WARTA_NOMEM;
  int k = 0;
  uint64_t at = 0;
  while (p < end) {
    uint32_t gap;
    if (get_u32(&p, end, &gap) || (k > 0 && gap == 0) || (at += gap) > UINT32_MAX) {
      free(v);
      return WARTA_CORRUPT;
    }
    v[k++] = (uint32_t)at;
  }
  *out = v;
  *nout = k;
  return WARTA_OK;
}

/* One entry at *p: its term into cur[0..*ncur) (sharing the previous
** term's first bytes), its positions' bytes at *g, *ng. 0, or -1 when
** malformed. */
static int next_entry(const unsigned char **p, const unsigned char *end, char *cur, uint32_t *ncur,
                      const unsigned char **g, uint32_t *ng) {
  uint32_t sh, ns;
  if (get_u32(p, end, &sh) || sh > *ncur || get_u32(p, end, &ns) || ns > OCC_MAX_TERM - sh ||
      ns > (size_t)(end - *p))
    return -1;
  memcpy(cur + sh, *p, ns);
  *ncur = sh + ns;
  *p += ns;
  if (get_u32(p, end, ng) || *ng > (size_t)(end - *p)) return -1;
  *g = *p;
  *p += *ng;
  return 0;
}

static int term_cmp(const char *a, uint32_t na, const char *b, uint32_t nb) {
  int c = memcmp(a, b, na < nb ? na : nb);
  return c ? c : na < nb ? -1 : na > nb;
}

/* The positions' bytes of term w[0..nw) in t: 1 and *g, *ng; 0 when it
** has none; -1 when the table is malformed. */
static int lookup(const occ_table *t, const char *w, uint32_t nw, const unsigned char **g,
                  uint32_t *ng) {
  char cur[OCC_MAX_TERM + 1];
  uint32_t ncur = 0;
  size_t span = (size_t)(t->restarts - t->terms);
  /* the last restart whose term is not after w */
  uint32_t lo = 0, hi = t->nrestart;
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2, off = get_le32(t->restarts + 4 * (size_t)mid);
    const unsigned char *p = t->terms + off;
    ncur = 0;
    if (off >= span || next_entry(&p, t->end, cur, &ncur, g, ng)) return -1;
    if (term_cmp(cur, ncur, w, nw) <= 0)
      lo = mid;
    else
      hi = mid;
  }
  if (t->nrestart == 0) return 0;
  uint32_t off = get_le32(t->restarts + 4 * (size_t)lo);
  if (off >= span) return -1;
  const unsigned char *p = t->terms + off;
  ncur = 0;
  for (uint32_t k = 0; k < OCC_RESTART && p < t->end; k++) {
    if (next_entry(&p, t->end, cur, &ncur, g, ng)) return -1;
    int c = term_cmp(cur, ncur, w, nw);
    if (c == 0) return 1;
    if (c > 0) break;
  }
  return 0;
}

int occ_table_positions(const occ_table *t, const char *const *term, const int *term_len, int nterm,
                        uint32_t **pos, int *npos) {
  int rc = WARTA_OK;
  for (int i = 0; i < nterm; i++)
    pos[i] = NULL, npos[i] = 0;
  for (int i = 0; i < nterm && rc == WARTA_OK; i++) {
    const unsigned char *g = NULL;
    uint32_t ng = 0;
    if (term_len[i] <= 0 || term_len[i] > OCC_MAX_TERM) continue;
    int found = lookup(t, term[i], (uint32_t)term_len[i], &g, &ng);
    if (found < 0) rc = WARTA_CORRUPT;
    if (found > 0) rc = decode_positions(g, ng, &pos[i], &npos[i]);
  }
  if (rc) {
    for (int i = 0; i < nterm; i++) {
      free(pos[i]);
      pos[i] = NULL;
      npos[i] = 0;
    }
  }
  return rc;
}

int occ_table_each(const occ_table *t, occ_term_fn fn, void *ctx) {
  char cur[OCC_MAX_TERM + 1];
  uint32_t ncur = 0;
  const unsigned char *p = t->terms;
  for (uint32_t k = 0; k < t->nterms; k++) {
    const unsigned char *g;
    uint32_t ng, npos = 0;
    if (k % OCC_RESTART == 0) ncur = 0; /* a restart: the term whole */
    if (!p || next_entry(&p, t->end, cur, &ncur, &g, &ng)) return WARTA_CORRUPT;
    for (uint32_t i = 0; i < ng; i++)
      npos += g[i] < 0x80; /* a varint's last byte */
    int rc = fn(ctx, cur, ncur, npos);
    if (rc) return rc;
  }
  return WARTA_OK;
}

/**************************************************************************
** sequences
*/
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

static int occ_add(occ_list *o, uint32_t s, uint32_t e, int seq) {
  if (WARTA_GROW(o->v, o->cap, (size_t)o->n + 1)) return WARTA_NOMEM;
  o->v[o->n++] = (occ){s, e, seq};
  return WARTA_OK;
}

int occ_sequence(uint32_t *const *pos, const int *npos, int n, int seq, occ_list *out) {
  for (int i = 0; n > 0 && i < npos[0]; i++) {
    uint32_t at = pos[0][i];
    int ok = 1;
    for (int j = 1; ok && j < n; j++)
      ok = has_pos(pos[j], npos[j], at + (uint32_t)j);
    if (ok && occ_add(out, at, at + (uint32_t)n - 1, seq)) return WARTA_NOMEM;
  }
  return WARTA_OK;
}

static int occ_cmp(const void *a, const void *b) {
  const occ *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return x->seq - y->seq;
}

void occ_sort(occ_list *o) {
  if (o->n > 1) qsort(o->v, (size_t)o->n, sizeof *o->v, occ_cmp);
}

void occ_in_range(const occ_list *o, uint32_t lo, uint32_t hi, int *from, int *to) {
  int i = 0;
  while (i < o->n && o->v[i].start < lo)
    i++;
  *from = i;
  while (i < o->n && o->v[i].start < hi)
    i++;
  *to = i;
}

/**************************************************************************
** highlights
*/
int spanv_add(spanv *sv, int s, int e) {
  if (sv->nomem) return WARTA_NOMEM;
  if (e <= s) return WARTA_OK;
  if (WARTA_GROW(sv->v, sv->cap, (size_t)sv->n + 1)) {
    sv->nomem = 1;
    return WARTA_NOMEM;
  }
  sv->v[sv->n].start = s;
  sv->v[sv->n].end = e;
  sv->n++;
  return WARTA_OK;
}

static int span_cmp(const void *a, const void *b) {
  const warta_span *x = a, *y = b;
  return x->start != y->start ? x->start - y->start : x->end - y->end;
}

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* [s, e) clamped to text[0..n) and widened to whole UTF-8 characters;
** 0 when nothing of it is left. */
static int fit(const char *text, size_t n, warta_span *r) {
  long s = r->start < 0 ? 0 : r->start, e = r->end > (long)n ? (long)n : r->end;
  if (s >= e) return 0;
  while (s > 0 && ((unsigned char)text[s] & 0xC0) == 0x80)
    s--;
  while (e < (long)n && ((unsigned char)text[e] & 0xC0) == 0x80)
    e++;
  r->start = (int)s;
  r->end = (int)e;
  return 1;
}

/* Whether only white space of text lies in [from, to). */
static int blank(const char *text, int from, int to) {
  for (int j = from; j < to; j++)
    if (!is_space(text[j])) return 0;
  return 1;
}

void spanv_finish(spanv *sv, const char *text, size_t ntext) {
  int k = 0;
  for (int i = 0; i < sv->n; i++)
    if (!text || fit(text, ntext, &sv->v[i])) sv->v[k++] = sv->v[i];
  sv->n = k;
  if (sv->n < 2) return;
  qsort(sv->v, (size_t)sv->n, sizeof *sv->v, span_cmp);
  k = 0;
  for (int i = 1; i < sv->n; i++) {
    warta_span *last = &sv->v[k], *r = &sv->v[i];
    if (r->start <= last->end || (text && blank(text, last->end, r->start))) {
      if (r->end > last->end) last->end = r->end;
    } else {
      sv->v[++k] = *r;
    }
  }
  sv->n = k + 1;
}

int occ_spans(const occ_list *o, int nlist, uint32_t lo, uint32_t len, const unsigned char *seg,
              size_t nseg, spanv *out) {
  /* the byte ranges of the text's positions, in order */
  warta_span *off = NULL;
  size_t cap = 0;
  int noff = 0, prev = 0, a, b, rc = WARTA_OK;
  const unsigned char *p = seg, *end = seg + nseg;
  while (p < end) {
    if (offsets_get(&p, end, &prev, &a, &b)) {
      rc = WARTA_CORRUPT;
      break;
    }
    if (WARTA_GROW(off, cap, (size_t)noff + 1)) {
      free(off);
      return WARTA_NOMEM;
    }
    off[noff++] = (warta_span){a, b};
  }
  for (int l = 0; l < nlist; l++) {
    int from, to;
    occ_in_range(&o[l], lo, lo + len, &from, &to);
    for (int i = from; i < to; i++) {
      uint32_t s = o[l].v[i].start - lo, e = o[l].v[i].end - lo;
      if (e >= (uint32_t)noff || e >= len) continue; /* ends past the text */
      if (spanv_add(out, off[s].start, off[e].end)) {
        free(off);
        return WARTA_NOMEM;
      }
    }
  }
  free(off);
  return rc;
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

int occ_prefix_spans(warta_analyzer **scanner, const char *const *prefix, int nprefix,
                     const char *text, size_t n, spanv *out) {
  for (int i = 0; i < nprefix; i++) {
    if (!*scanner && warta_analyzer_new("", WARTA_STEM_NONE, scanner, NULL)) return WARTA_NOMEM;
    scan_ctx c = {prefix[i], strlen(prefix[i]), out};
    int rc = warta_analyze(*scanner, text, (int)n, 0, scan_token, &c);
    if (rc) return rc;
  }
  return out->nomem ? WARTA_NOMEM : WARTA_OK;
}

int occ_highlights(const occ_list *o, int nlist, uint32_t lo, uint32_t len,
                   const unsigned char *seg, size_t nseg, warta_analyzer **scanner,
                   const char *const *prefix, int nprefix, const char *text, size_t ntext,
                   spanv *sv, warta_span **hl, int *nhl) {
  int rc = seg ? occ_spans(o, nlist, lo, len, seg, nseg, sv) : WARTA_OK;
  if (rc == WARTA_CORRUPT) rc = WARTA_OK; /* the highlights found stand */
  if (rc == WARTA_OK && text) rc = occ_prefix_spans(scanner, prefix, nprefix, text, ntext, sv);
  spanv_finish(sv, text, ntext);
  *hl = sv->v;
  *nhl = sv->n;
  memset(sv, 0, sizeof *sv);
  return rc;
}
