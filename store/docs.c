/*
** Building the Xapian documents of an article (schema.h).
**
** An article is one document. It holds every searchable term: the title's
** and the passages' terms with their positions, the title's terms again
** with prefix S, the surface forms with prefix U, and the boolean terms
** for filters; and, in its data, what a hit shows: the article's fields
** and passages as JSON, then the byte ranges of the positions of its title
** and of each passage (see docs/index-format.md).
*/
#include "docs.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "common/rc.h"
#include "common/utf8.h"
#include "store.h"

void aid_of(const char *path, const char *key, char out[AID_LEN + 1]) {
  warta_buf b = WARTA_BUF_INIT;
  warta_buf_puts(&b, path);
  warta_buf_putc(&b, '\n');
  warta_buf_puts(&b, key);
  /* out of memory: the hash of nothing, and the caller's next allocation
  ** fails too */
  snprintf(out, AID_LEN + 1, "%016llx",
           (unsigned long long)XXH3_64bits(b.err ? "" : b.p, b.err ? 0 : b.n));
  warta_buf_free(&b);
}

void key_term(warta_buf *b, const char *key) {
  /* a hash: keys are often long URLs, and the term is only looked up */
  warta_buf_printf(b, "%s%016llx", P_KEY, (unsigned long long)XXH3_64bits(key, strlen(key)));
}

size_t source_fold(const char *s, size_t len, char *out, size_t n) {
  size_t k = 0;
  while (len && (*s == ' ' || *s == '\t'))
    s++, len--;
  while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '/'))
    len--;
  if (len > 4 && (memcmp(s, "www.", 4) == 0 || memcmp(s, "WWW.", 4) == 0)) s += 4, len -= 4;
  for (size_t i = 0; i < len && k + 1 < n; i++) {
    char c = s[i];
    out[k++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
  }
  if (n) out[k] = 0;
  return k;
}

int schema_version_check(const char *v, const char *where, char *msg, size_t n) {
  char mine[16];
  snprintf(mine, sizeof mine, "%d", WARTA_SCHEMA_VERSION);
  if (v && strcmp(v, mine) == 0) return WARTA_OK;
  size_t digits = v ? strspn(v, "0123456789") : 0;
  if (!v) {
    snprintf(msg, n, "damaged index: %s records no schema version", where);
    return WARTA_CORRUPT;
  }
  if (digits == 0 || digits != strlen(v) || digits > 9) {
    snprintf(msg, n, "damaged index: %s records schema version '%.40s', which is no version", where,
             v);
    return WARTA_CORRUPT;
  }
  if (atoi(v) > WARTA_SCHEMA_VERSION) {
    snprintf(msg, n,
             "written by a newer warta (index schema %s in %s); this warta knows schema %d: "
             "upgrade warta, or build the index anew with warta-index --rebuild",
             v, where, WARTA_SCHEMA_VERSION);
    return WARTA_TOONEW;
  }
  snprintf(msg, n,
           "written with index schema %s, this warta knows schema %d: run warta-index --rebuild", v,
           WARTA_SCHEMA_VERSION);
  return WARTA_MISMATCH;
}

void varint_put(warta_buf *b, uint64_t v) {
  unsigned char x[10];
  int k = 0;
  do {
    x[k] = (unsigned char)(v & 0x7f);
    v >>= 7;
    if (v) x[k] |= 0x80;
    k++;
  } while (v);
  warta_buf_append(b, x, (size_t)k);
}

int varint_get(const unsigned char **p, const unsigned char *end, uint64_t *v) {
  uint64_t r = 0;
  for (int shift = 0; *p < end && shift < 64; shift += 7) {
    unsigned char c = *(*p)++;
    r |= (uint64_t)(c & 0x7f) << shift;
    if (!(c & 0x80)) {
      *v = r;
      return 0;
    }
  }
  return -1;
}

int layout_of(const uint32_t *pos, int n, art_layout *l) {
  memset(l, 0, sizeof l[0]);
  if (n < 2 || pos[0] < POS_GAP + 1) return n == 0 ? 0 : -1;
  l->title = pos[0] - POS_GAP - 1;
  l->first = malloc(sizeof(uint32_t) * (size_t)(n - 1));
  l->len = malloc(sizeof(uint32_t) * (size_t)(n - 1));
  if (!l->first || !l->len) {
    layout_free(l);
    return -1;
  }
  for (int i = 0; i + 1 < n; i++) {
    if (pos[i + 1] < pos[i] + POS_GAP) {
      layout_free(l);
      return -1;
    }
    l->first[i] = pos[i];
    l->len[i] = pos[i + 1] - pos[i] - POS_GAP;
  }
  l->n = n - 1;
  return 0;
}

void layout_free(art_layout *l) {
  free(l->first);
  free(l->len);
  memset(l, 0, sizeof *l);
}

/**************************************************************************
** building
*/
/* Sticky error over a sequence of xdoc calls. */
typedef struct builder {
  int rc;        /* the first error */
  warta_buf t;   /* scratch for terms */
  warta_buf off; /* scratch for offsets */
} builder;

static void posting_wdf(builder *b, xdoc *d, const char *prefix, const char *t, int n, uint32_t pos,
                        unsigned wdf) {
  if (b->rc || n <= 0) return;
  warta_buf_reset(&b->t);
  warta_buf_puts(&b->t, prefix);
  warta_buf_append(&b->t, t, (size_t)n);
  if (b->t.err) {
    b->rc = WARTA_NOMEM;
    return;
  }
  if (b->t.n > DOCS_MAX_TERM) return; /* the engine refuses such terms */
  b->rc = xdoc_posting(d, b->t.p, b->t.n, pos, wdf);
}

static void posting(builder *b, xdoc *d, const char *prefix, const char *t, int n, uint32_t pos) {
  posting_wdf(b, d, prefix, t, n, pos, 1);
}

static void boolean(builder *b, xdoc *d, const char *prefix, const char *v, size_t n) {
  if (b->rc || !n) return;
  warta_buf_reset(&b->t);
  warta_buf_puts(&b->t, prefix);
  warta_buf_append(&b->t, v, n);
  if (b->t.err) {
    b->rc = WARTA_NOMEM;
    return;
  }
  if (b->t.n > DOCS_MAX_TERM) return;
  b->rc = xdoc_boolean(d, b->t.p, b->t.n);
}

static void value(builder *b, xdoc *d, unsigned slot, const void *v, size_t n) {
  if (b->rc || !n) return;
  b->rc = xdoc_value(d, slot, v, n);
}

void offsets_put(warta_buf *b, int start, int end, int *prev_end) {
  int gap = start - *prev_end, len = end - start;
  if (gap >= 0 && gap < 4 && len >= 0 && len < 32) {
    warta_buf_putc(b, (char)(gap << 5 | len));
  } else {
    warta_buf_putc(b, (char)0x80);
    /* zigzag: 0, -1, 1, -2, ... as 0, 1, 2, 3, ... */
    uint64_t zz = gap < 0 ? ((uint64_t)(-(int64_t)gap) << 1) - 1 : (uint64_t)gap << 1;
    varint_put(b, zz);
    varint_put(b, (uint64_t)(len < 0 ? 0 : len));
  }
  *prev_end = end;
}

int offsets_get(const unsigned char **p, const unsigned char *end, int *prev_end, int *start,
                int *stop) {
  if (*p >= end) return -1;
  unsigned char c = *(*p)++;
  int gap, len;
  if (c < 0x80) {
    gap = c >> 5;
    len = c & 31;
  } else {
    uint64_t zz, l;
    if (varint_get(p, end, &zz) || varint_get(p, end, &l) || l > 1u << 30) return -1;
    gap = (int)((int64_t)(zz >> 1) ^ -(int64_t)(zz & 1));
    len = (int)l;
  }
  *start = *prev_end + gap;
  *stop = *start + len;
  *prev_end = *stop;
  return 0;
}

/* Positions and offsets of tokens tok[0..n) from position first; the byte
** ranges of the positions go to b->off. Returns the positions used. */
static uint32_t add_tokens(builder *b, xdoc *d, const warta_tok *tok, int n, uint32_t first,
                           int title) {
  uint32_t pos = first - 1;
  int start = 0, end = 0, prev_end = 0, have = 0;
  warta_buf_reset(&b->off);
  for (int i = 0; i < n && !b->rc; i++) {
    const warta_tok *t = &tok[i];
    if (!t->colocated || !have) {
      if (have) offsets_put(&b->off, start, end, &prev_end); /* the finished position */
      pos++;
      start = t->start;
      end = t->end;
      have = 1;
    } else {
      if (t->start < start) start = t->start;
      if (t->end > end) end = t->end;
    }
    posting(b, d, "", t->term, t->n, pos);
    if (title) posting(b, d, P_TITLE, t->term, t->n, pos);
    /* the word as written at each of its positions (a quoted phrase
    ** matches these); its wdf is the surface list's (docs_build) */
    int same = i > 0 && t->colocated && tok[i - 1].n_surface == t->n_surface && t->n_surface &&
               memcmp(tok[i - 1].surface, t->surface, (size_t)t->n_surface) == 0;
    if (t->n_surface && !same) posting_wdf(b, d, P_SURFACE, t->surface, t->n_surface, pos, 0);
  }
  if (have) offsets_put(&b->off, start, end, &prev_end);
  if (b->off.err) b->rc = WARTA_NOMEM;
  return have ? pos - first + 1 : 0;
}

/* A JSON string of s (NULL: null); invalid UTF-8 is replaced, never lost
** silently: U+FFFD marks it. */
static json_t *jstr(const char *s) {
  if (!s) return json_null();
  size_t n = strlen(s);
  if (warta_utf8_invalid(s, n) == n) return json_stringn(s, n);
  warta_buf b = WARTA_BUF_INIT;
  warta_utf8_repair(&b, s, n);
  json_t *j = b.err ? NULL : json_stringn(b.p ? b.p : "", b.n);
  warta_buf_free(&b);
  return j;
}

static int set(json_t *o, const char *k, json_t *v) {
  return v ? json_object_set_new(o, k, v) : -1;
}

/* The article's data: what a hit shows of it. */
static char *article_data(const warta_article_in *a) {
  json_t *o = json_object();
  int bad = !o;
  bad |= set(o, "key", *a->key ? jstr(a->key) : json_null());
  bad |= set(o, "title", jstr(a->title));
  bad |= set(o, "url", jstr(a->url));
  bad |= set(o, "path", jstr(a->path));
  bad |= set(o, "line", a->line > 0 ? json_integer(a->line) : json_null());
  bad |= set(o, "date", jstr(a->date));
  bad |= set(o, "source", jstr(a->source));
  bad |= set(o, "lang", jstr(a->lang));
  json_t *texts = json_array();
  bad |= set(o, "passages", texts);
  for (int i = 0; texts && i < a->npassage && !bad; i++) {
    const warta_passage_in *p = &a->passage[i];
    json_t *t;
    if (warta_utf8_invalid(p->text, p->n) == p->n) {
      t = json_stringn(p->text, p->n);
    } else {
      warta_buf b = WARTA_BUF_INIT;
      warta_utf8_repair(&b, p->text, p->n);
      t = b.err ? NULL : json_stringn(b.p ? b.p : "", b.n);
      warta_buf_free(&b);
    }
    bad |= !t || json_array_append_new(texts, t);
  }
  char *s = bad ? NULL : json_dumps(o, JSON_COMPACT);
  json_decref(o);
  return s;
}

/* Boolean terms of the date, and its values. */
static void date_terms(builder *b, xdoc *d, const char *date) {
  char ymd[9];
  int valid = date && strlen(date) >= 10 && date[4] == '-' && date[7] == '-';
  for (int i = 0; valid && i < 10; i++) {
    if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9')) valid = 0;
  }
  if (!valid) {
    value(b, d, V_OLDEST, "~", 1); /* undated: after every date */
    return;
  }
  memcpy(ymd, date, 4);
  memcpy(ymd + 4, date + 5, 2);
  memcpy(ymd + 6, date + 8, 2);
  ymd[8] = 0;
  boolean(b, d, P_YEAR, ymd, 4);
  boolean(b, d, P_MONTH, ymd, 6);
  boolean(b, d, P_DAY, ymd, 8);
  value(b, d, V_DATE, ymd, 8);
  value(b, d, V_OLDEST, ymd, 8);
  value(b, d, V_MONTH, date, 7);
}

/* The host of a URL (after "scheme://", before '/', ':', '?' or '#'). */
static size_t url_host(const char *url, const char **host) {
  const char *p = url ? strstr(url, "://") : NULL;
  if (!p) return 0;
  p += 3;
  *host = p;
  return strcspn(p, "/:?#");
}

/* XS terms: the source as named, the URL's host, and the first label of
** each domain ("kompas.com" -> "kompas"), folded. */
static void source_terms(builder *b, xdoc *d, const char *source, const char *url) {
  const char *names[2] = {source, NULL};
  size_t lens[2] = {source ? strlen(source) : 0, 0};
  lens[1] = url_host(url, &names[1]);
  char seen[4][128];
  int nseen = 0;
  for (int i = 0; i < 2; i++) {
    char f[128];
    if (!names[i] || !lens[i]) continue;
    size_t n = source_fold(names[i], lens[i], f, sizeof f);
    for (int variant = 0; variant < 2 && n; variant++) {
      if (variant == 1) {
        const char *dot = memchr(f, '.', n);
        if (!dot) break;
        n = (size_t)(dot - f);
        f[n] = 0;
      }
      int dup = 0;
      for (int k = 0; k < nseen; k++)
        dup |= strcmp(seen[k], f) == 0;
      if (dup || nseen == 4) continue;
      snprintf(seen[nseen++], sizeof seen[0], "%s", f);
      boolean(b, d, P_SOURCE, f, n);
    }
  }
  const char *shown = source && *source ? source : NULL;
  char host[128];
  if (!shown && lens[1]) {
    source_fold(names[1], lens[1], host, sizeof host);
    shown = host;
  }
  if (shown) value(b, d, V_SOURCE, shown, strlen(shown));
}

/* A text's byte ranges as one segment of the data's tail: their length,
** then them. */
static void segment(builder *b, warta_buf *tail) {
  varint_put(tail, (uint64_t)b->off.n);
  warta_buf_append(tail, b->off.p, b->off.n);
}

int docs_build(const warta_article_in *a, const char *aid, docs_out *out) {
  builder b = {0, WARTA_BUF_INIT, WARTA_BUF_INIT};
  warta_buf tail = WARTA_BUF_INIT;
  const char *key = *a->key ? a->key : a->path;
  memset(out, 0, sizeof *out);
  xdoc *d = out->article = xdoc_new();
  if (!d) return WARTA_NOMEM;
  b.rc = xdoc_boolean(d, T_ARTICLE, strlen(T_ARTICLE));
  boolean(&b, d, P_ID, aid, AID_LEN);
  if (!b.rc) {
    warta_buf_reset(&b.t);
    key_term(&b.t, key);
    b.rc = b.t.err ? WARTA_NOMEM : xdoc_boolean(d, b.t.p, b.t.n);
  }
  if (a->lang) boolean(&b, d, P_LANG, a->lang, strlen(a->lang));
  source_terms(&b, d, a->source, a->url);
  date_terms(&b, d, a->date);
  if (a->lang) value(&b, d, V_LANG, a->lang, strlen(a->lang));

  uint32_t title = add_tokens(&b, d, a->title_tok, a->ntitle, 1, 1);
  segment(&b, &tail);
  uint32_t pos = title + POS_GAP + 1;
  for (int i = 0; i < a->npassage && !b.rc; i++) {
    const warta_passage_in *p = &a->passage[i];
    uint32_t used = add_tokens(&b, d, p->tok, p->ntok, pos, 0);
    if (!b.rc) b.rc = xdoc_posting(d, T_PASSAGES, strlen(T_PASSAGES), pos, 0);
    segment(&b, &tail);
    pos += used + POS_GAP;
  }
  /* where a passage after the last would begin: the last one's end */
  if (!b.rc && a->npassage) b.rc = xdoc_posting(d, T_PASSAGES, strlen(T_PASSAGES), pos, 0);
  for (int i = 0; i < a->nsurface && !b.rc; i++) {
    const warta_surface *s = &a->surface[i];
    warta_buf_reset(&b.t);
    warta_buf_puts(&b.t, P_SURFACE);
    warta_buf_append(&b.t, s->word, (size_t)s->n);
    if (b.t.err)
      b.rc = WARTA_NOMEM;
    else if (b.t.n <= DOCS_MAX_TERM)
      b.rc = xdoc_term(d, b.t.p, b.t.n, s->wdf);
  }
  /* the data: the JSON, a NUL (JSON never holds one), the byte ranges */
  char *json = b.rc ? NULL : article_data(a);
  if (!b.rc && !json) b.rc = WARTA_NOMEM;
  if (!b.rc) {
    warta_buf_reset(&b.t);
    warta_buf_puts(&b.t, json);
    warta_buf_putc(&b.t, 0);
    warta_buf_append(&b.t, tail.p, tail.n);
    b.rc = b.t.err || tail.err ? WARTA_NOMEM : xdoc_data(d, b.t.p, b.t.n);
  }
  free(json);
  warta_buf_free(&tail);
  warta_buf_free(&b.t);
  warta_buf_free(&b.off);
  if (b.rc) docs_free(out);
  return b.rc;
}

void docs_free(docs_out *o) {
  xdoc_free(o->article);
  memset(o, 0, sizeof *o);
}

int data_split(const char *data, size_t n, size_t *json_len, const unsigned char **tail,
               size_t *tail_len) {
  const char *nul = memchr(data, 0, n);
  if (!nul) return -1;
  *json_len = (size_t)(nul - data);
  *tail = (const unsigned char *)nul + 1;
  *tail_len = n - *json_len - 1;
  return 0;
}

int data_segment(const unsigned char *tail, size_t n, int k, const unsigned char **seg,
                 size_t *len) {
  const unsigned char *p = tail, *end = tail + n;
  for (int i = 0; i <= k; i++) {
    uint64_t l;
    if (varint_get(&p, end, &l) || l > (uint64_t)(end - p)) return -1;
    if (i == k) {
      *seg = p;
      *len = (size_t)l;
      return 0;
    }
    p += l;
  }
  return -1;
}

static char *field(const json_t *j, const char *k) {
  const char *v = json_string_value(json_object_get(j, k));
  return v ? strdup(v) : NULL;
}

void data_fields(const json_t *j, char **key, char **title, char **url, char **path, char **date,
                 char **source, char **lang, long *line) {
  *key = field(j, "key");
  *title = field(j, "title");
  *url = field(j, "url");
  *path = field(j, "path");
  *date = field(j, "date");
  *source = field(j, "source");
  *lang = field(j, "lang");
  json_t *l = json_object_get(j, "line");
  *line = json_is_integer(l) ? (long)json_integer_value(l) : 0;
}
