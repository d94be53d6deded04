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

#include "common/clock.h"
#include "common/grow.h"
#include "common/rc.h"
#include "common/utf8.h"
#include "occur.h"
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

void days_block_term(char *out, size_t n, int y, int m, int first, int len) {
  snprintf(out, n, "%s%04d%02d%02d%02d", P_DAYS, y % 10000, m % 100, first % 100, len % 100);
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

void layout_free(art_layout *l) {
  free(l->first);
  free(l->len);
  memset(l, 0, sizeof *l);
}

/**************************************************************************
** building
*/
/* The calls below share docs_stream's sticky error: each does nothing
** once a call failed. */

static int add_known(void *ctx, const char *t, size_t n) {
  docs_stream *b = ctx;
  return warta_hmap_put(&b->known, t, n, NULL) < 0 ? WARTA_NOMEM : 0;
}

/* May term t get a posting? Every term may until the document has
** max_terms; from then on, only those it has. */
static int term_allowed(docs_stream *b, const char *t, size_t n) {
  if (!b->max_terms) return 1;
  if (!b->full) {
    if (xdoc_termcount(b->d) < b->max_terms) return 1;
    b->full = 1;
    int rc = xdoc_terms(b->d, add_known, b);
    if (rc) {
      b->rc = rc;
      return 0;
    }
  }
  return warta_hmap_get(&b->known, t, n) != WARTA_HMAP_NONE;
}

/* Record that the term in b->t has a position at pos. */
static void occ_record(docs_stream *b, uint32_t pos) {
  if (WARTA_GROW(b->occ, b->capocc, b->nocc + 1)) {
    b->rc = WARTA_NOMEM;
    return;
  }
  b->occ[b->nocc++] = (struct docs_occ){b->occ_bytes.n, (uint32_t)b->t.n, pos};
  warta_buf_append(&b->occ_bytes, b->t.p, b->t.n);
  if (b->occ_bytes.err) b->rc = WARTA_NOMEM;
}

static void posting_wdf(docs_stream *b, const char *prefix, const char *t, int n, uint32_t pos,
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
  if (!term_allowed(b, b->t.p, b->t.n)) {
    b->left_out += !b->rc && !*prefix; /* a token, counted once */
    return;
  }
  b->rc = xdoc_posting(b->d, b->t.p, b->t.n, pos, wdf);
  b->postings++;
  /* the passage stage reads the text terms and the surface forms from the
  ** occurrence table (occur.h), not from the engine's positions */
  if (!b->rc && (!*prefix || strcmp(prefix, P_SURFACE) == 0)) occ_record(b, pos);
}

static void posting(docs_stream *b, const char *prefix, const char *t, int n, uint32_t pos) {
  posting_wdf(b, prefix, t, n, pos, 1);
}

static void boolean(docs_stream *b, const char *prefix, const char *v, size_t n) {
  if (b->rc || !n) return;
  warta_buf_reset(&b->t);
  warta_buf_puts(&b->t, prefix);
  warta_buf_append(&b->t, v, n);
  if (b->t.err) {
    b->rc = WARTA_NOMEM;
    return;
  }
  if (b->t.n > DOCS_MAX_TERM) return;
  b->rc = xdoc_boolean(b->d, b->t.p, b->t.n);
}

static void value(docs_stream *b, unsigned slot, const void *v, size_t n) {
  if (b->rc || !n) return;
  b->rc = xdoc_value(b->d, slot, v, n);
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

/* Append s[0..n) (UTF-8) to b as a quoted JSON string, byte for byte as
** jansson's json_dumps() writes it (JSON_COMPACT), so that the data is
** what it was when jansson wrote it whole: '"', '\\' and the C0 controls
** escaped (\b \f \n \r \t, else \u00XX), everything else as it is.
** Returns 0, or -1 when s is not valid UTF-8 (nothing appended). */
static int put_json_string(warta_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789ABCDEF";
  size_t run = 0;
  if (warta_utf8_invalid(s, n) != n) return -1;
  warta_buf_putc(b, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue; /* UTF-8 bytes are >= 0x80 */
    warta_buf_append(b, s + run, i - run);
    run = i + 1;
    switch (c) {
    case '"': warta_buf_puts(b, "\\\""); break;
    case '\\': warta_buf_puts(b, "\\\\"); break;
    case '\b': warta_buf_puts(b, "\\b"); break;
    case '\f': warta_buf_puts(b, "\\f"); break;
    case '\n': warta_buf_puts(b, "\\n"); break;
    case '\r': warta_buf_puts(b, "\\r"); break;
    case '\t': warta_buf_puts(b, "\\t"); break;
    default: {
      char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      warta_buf_append(b, e, sizeof e);
    }
    }
  }
  warta_buf_append(b, s + run, n - run);
  warta_buf_putc(b, '"');
  return 0;
}

/* A passage's text as a JSON string, after the data's JSON so far;
** invalid UTF-8 is replaced, never lost silently: U+FFFD marks it. */
static void passage_json(docs_stream *b, const char *text, size_t n) {
  if (put_json_string(&b->json, text, n) == 0) return;
  warta_buf fixed = WARTA_BUF_INIT;
  warta_utf8_repair(&fixed, text, n);
  if (fixed.err || put_json_string(&b->json, fixed.p ? fixed.p : "", fixed.n)) b->rc = WARTA_NOMEM;
  warta_buf_free(&fixed);
}

/* A JSON string of s (NULL: null); invalid UTF-8 is replaced, as in
** passage_json(). */
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

/* The article's data begins: what a hit shows of it, as JSON whose last
** member, the passages, stays open; each passage's text is added to it
** as it comes (docs_passage()), and docs_end() closes it. The bytes are
** those json_dumps(JSON_COMPACT) writes for the whole object. */
static void data_begin(docs_stream *b, const warta_article_in *a) {
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
  char *s = bad ? NULL : json_dumps(o, JSON_COMPACT);
  json_decref(o);
  if (!s) {
    b->rc = WARTA_NOMEM;
    return;
  }
  /* {"key":...,"lang":...} less its '}' */
  warta_buf_append(&b->json, s, strlen(s) - 1);
  warta_buf_puts(&b->json, ",\"passages\":[");
  free(s);
}

/* Boolean terms of the date, and its values. */
static void date_terms(docs_stream *b, const char *date) {
  char ymd[9];
  int valid = date && strlen(date) >= 10 && date[4] == '-' && date[7] == '-';
  for (int i = 0; valid && i < 10; i++) {
    if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9')) valid = 0;
  }
  if (!valid) {
    value(b, V_OLDEST, "~", 1); /* undated: after every date */
    return;
  }
  memcpy(ymd, date, 4);
  memcpy(ymd + 4, date + 5, 2);
  memcpy(ymd + 6, date + 8, 2);
  ymd[8] = 0;
  boolean(b, P_YEAR, ymd, 4);
  boolean(b, P_MONTH, ymd, 6);
  boolean(b, P_DAY, ymd, 8);
  int year = atoi(ymd) / 10000, month = (ymd[4] - '0') * 10 + (ymd[5] - '0');
  int day = (ymd[6] - '0') * 10 + (ymd[7] - '0');
  /* blocks of calendar days only (a date such as 2019-09-31 has none) */
  int calendar = month >= 1 && month <= 12 && day >= 1 && day <= warta_days_in_month(year, month);
  for (int k = 0, len = 2; calendar && k < DAYS_BLOCKS; k++, len *= 2) {
    char t[24];
    days_block_term(t, sizeof t, year, month, (day - 1) / len * len + 1, len);
    boolean(b, "", t, strlen(t));
  }
  value(b, V_DATE, ymd, 8);
  value(b, V_OLDEST, ymd, 8);
  value(b, V_MONTH, date, 7);
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
static void source_terms(docs_stream *b, const char *source, const char *url) {
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
      boolean(b, P_SOURCE, f, n);
    }
  }
  const char *shown = source && *source ? source : NULL;
  char host[128];
  if (!shown && lens[1]) {
    source_fold(names[1], lens[1], host, sizeof host);
    shown = host;
  }
  if (shown) value(b, V_SOURCE, shown, strlen(shown));
}

/* A text (the title or a passage) begins at position first. */
static void text_begin(docs_stream *b, uint32_t first) {
  b->first = first;
  b->pos = first - 1;
  b->start = b->end = b->prev_end = 0;
  warta_buf_reset(&b->off);
}

/* The current text ends: its byte ranges become a segment of the data's
** tail (their length, then them). Returns the positions it used. */
static uint32_t text_end(docs_stream *b) {
  int have = b->pos >= b->first;
  if (have) offsets_put(&b->off, b->start, b->end, &b->prev_end); /* the last position */
  varint_put(&b->tail, (uint64_t)b->off.n);
  warta_buf_append(&b->tail, b->off.p, b->off.n);
  if (b->off.err || b->tail.err) b->rc = WARTA_NOMEM;
  return have ? b->pos - b->first + 1 : 0;
}

int docs_begin(docs_stream *b, const warta_article_in *a, const char *aid, const art_times *t,
               size_t max_terms) {
  const char *key = *a->key ? a->key : a->path;
  memset(b, 0, sizeof *b);
  warta_print_init(&b->print);
  b->max_terms = max_terms;
  if (!(b->d = xdoc_new())) return b->rc = WARTA_NOMEM;
  b->rc = xdoc_boolean(b->d, T_ARTICLE, strlen(T_ARTICLE));
  boolean(b, P_ID, aid, AID_LEN);
  if (!b->rc) {
    warta_buf_reset(&b->t);
    key_term(&b->t, key);
    b->rc = b->t.err ? WARTA_NOMEM : xdoc_boolean(b->d, b->t.p, b->t.n);
  }
  if (a->lang) boolean(b, P_LANG, a->lang, strlen(a->lang));
  source_terms(b, a->source, a->url);
  date_terms(b, a->date);
  if (a->lang) value(b, V_LANG, a->lang, strlen(a->lang));
  value(b, V_ADDED, t->added, strlen(t->added));
  value(b, V_CHANGED, t->changed, strlen(t->changed));
  if (!b->rc) data_begin(b, a);
  text_begin(b, 1); /* the title's */
  return b->rc;
}

void docs_token(docs_stream *b, const warta_tok *t) {
  if (b->rc) return;
  int prev = b->pos >= b->first; /* a token of the current text came before */
  if (!t->colocated || !prev) {
    /* a new position; the previous one's byte range is complete */
    if (prev) offsets_put(&b->off, b->start, b->end, &b->prev_end);
    b->pos++;
    b->start = t->start;
    b->end = t->end;
    /* the passages' words as written make the fingerprint: an edited
    ** title or a stemmer's choice does not separate copies */
    if (b->npassage > 0) {
      if (t->n_surface > 0)
        warta_print_word(&b->print, t->surface, (size_t)t->n_surface);
      else
        warta_print_word(&b->print, t->term, (size_t)t->n);
    }
  } else {
    if (t->start < b->start) b->start = t->start;
    if (t->end > b->end) b->end = t->end;
  }
  posting(b, "", t->term, t->n, b->pos);
  if (b->npassage == 0) posting(b, P_TITLE, t->term, t->n, b->pos);
  /* the word as written at each of its positions (a quoted phrase
  ** matches these), once where colocated tokens repeat it; its wdf is
  ** the surface list's (docs_end) */
  int same = prev && t->colocated && t->n_surface && b->surface.n == (size_t)t->n_surface &&
             memcmp(b->surface.p, t->surface, b->surface.n) == 0;
  if (t->n_surface && !same) posting_wdf(b, P_SURFACE, t->surface, t->n_surface, b->pos, 0);
  warta_buf_reset(&b->surface);
  if (t->n_surface > 0) warta_buf_append(&b->surface, t->surface, (size_t)t->n_surface);
  if (b->surface.err) b->rc = WARTA_NOMEM;
}

/* Where a passage after the current text begins; the current text's
** positions go to the layout. */
static uint32_t next_first(docs_stream *b) {
  uint32_t used = text_end(b);
  if (b->npassage == 0) {
    b->title = used;
    return used + POS_GAP + 1;
  }
  if (WARTA_GROW(b->plen, b->capplen, (size_t)b->nplen + 1)) {
    b->rc = WARTA_NOMEM;
    return b->first + used + POS_GAP;
  }
  b->plen[b->nplen++] = used;
  return b->first + used + POS_GAP;
}

/* The occurrence table: value V_OCC. */
static void occ_end(docs_stream *b) {
  occ_rec *rec = malloc(sizeof *rec * (b->nocc ? b->nocc : 1));
  warta_buf v = WARTA_BUF_INIT;
  if (!rec) {
    b->rc = WARTA_NOMEM;
    return;
  }
  for (size_t i = 0; i < b->nocc; i++)
    rec[i] = (occ_rec){b->occ_bytes.p + b->occ[i].off, b->occ[i].n, b->occ[i].pos};
  occ_table_put(&v, b->title, b->plen, b->nplen, rec, b->nocc);
  free(rec);
  if (v.err)
    b->rc = WARTA_NOMEM;
  else
    value(b, V_OCC, v.p, v.n);
  warta_buf_free(&v);
}

void docs_passage(docs_stream *b, const char *text, size_t n) {
  if (b->rc) return;
  uint32_t first = next_first(b);
  if (b->npassage) warta_buf_putc(&b->json, ',');
  passage_json(b, text, n);
  b->npassage++;
  text_begin(b, first);
}

void docs_name(docs_stream *b, const char *acr, size_t na, const char *name, size_t nn) {
  if (b->rc) return;
  warta_buf_reset(&b->t);
  warta_buf_puts(&b->t, P_NAME);
  warta_buf_append(&b->t, acr, na);
  warta_buf_putc(&b->t, NAME_SEP);
  warta_buf_append(&b->t, name, nn);
  if (b->t.err) {
    b->rc = WARTA_NOMEM;
    return;
  }
  /* a pair longer than a term may be is no name */
  if (b->t.n <= DOCS_MAX_TERM) b->rc = xdoc_boolean(b->d, b->t.p, b->t.n);
}

int docs_end(docs_stream *b, const warta_surface *sf, int nsf, docs_out *out) {
  memset(out, 0, sizeof *out);
  if (b->rc) return b->rc;
  next_first(b); /* the last text's layout */
  for (int i = 0; i < nsf && !b->rc; i++) {
    const warta_surface *s = &sf[i];
    warta_buf_reset(&b->t);
    warta_buf_puts(&b->t, P_SURFACE);
    warta_buf_append(&b->t, s->word, (size_t)s->n);
    if (b->t.err)
      b->rc = WARTA_NOMEM;
    else if (b->t.n <= DOCS_MAX_TERM)
      b->rc = xdoc_term(b->d, b->t.p, b->t.n, s->wdf);
  }
  if (!b->rc) occ_end(b);
  /* the data: the JSON, a NUL (JSON never holds one), the byte ranges */
  warta_buf_puts(&b->json, "]}");
  warta_buf_putc(&b->json, 0);
  warta_buf_append(&b->json, b->tail.p, b->tail.n);
  if (!b->rc && (b->json.err || b->tail.err)) b->rc = WARTA_NOMEM;
  if (b->rc) return b->rc;
  out->ndata = b->json.n;
  out->data = warta_buf_take(&b->json);
  out->article = b->d;
  b->d = NULL;
  /* a term's position costs the engine's document about 4 bytes, and as
  ** much again while it is written */
  out->bytes = out->ndata + 8 * b->postings;
  return WARTA_OK;
}

void docs_stream_free(docs_stream *b) {
  xdoc_free(b->d);
  warta_hmap_free(&b->known);
  warta_buf_free(&b->t);
  warta_buf_free(&b->off);
  warta_buf_free(&b->json);
  warta_buf_free(&b->tail);
  warta_buf_free(&b->surface);
  warta_buf_free(&b->occ_bytes);
  free(b->occ);
  free(b->plen);
  memset(b, 0, sizeof *b);
}

void docs_free(docs_out *o) {
  xdoc_free(o->article);
  free(o->data);
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

/* The end of the JSON string that opens at s[0] ('"'), within s[0..n):
** the offset of its closing quote, or 0 when it does not close. */
static size_t string_end(const char *s, size_t n) {
  for (size_t i = 1; i < n; i++) {
    if (s[i] == '\\')
      i++;
    else if (s[i] == '"')
      return i;
  }
  return 0;
}

int data_parts(const char *j, size_t n, int k, json_t **fields, json_t **passage) {
  /* the member that data_begin() opens last, after members that are
  ** strings, numbers or null: a quote inside a string is always escaped,
  ** so its first match is that member */
  static const char member[] = ",\"passages\":[";
  const size_t nm = sizeof member - 1;
  const char *at = NULL;
  *fields = *passage = NULL;
  for (const char *c = j; !at && (c = memchr(c, ',', n - (size_t)(c - j))); c++)
    if ((size_t)(j + n - c) >= nm && memcmp(c, member, nm) == 0) at = c;
  if (!at) return -1;
  size_t nf = (size_t)(at - j);
  char *obj = malloc(nf + 1);
  if (!obj) return -2;
  memcpy(obj, j, nf);
  obj[nf] = '}';
  *fields = json_loadb(obj, nf + 1, 0, NULL);
  free(obj);
  if (!json_is_object(*fields)) goto bad;
  if (k < 0) return 0;
  /* passage k: the k strings before it skipped, it alone decoded */
  size_t i = nf + nm;
  for (int p = 0; i < n && j[i] == '"'; p++) {
    size_t e = string_end(j + i, n - i);
    if (!e) goto bad;
    if (p == k) {
      *passage = json_loadb(j + i, e + 1, JSON_DECODE_ANY, NULL);
      if (!json_is_string(*passage)) goto bad;
      return 0;
    }
    i += e + 1;
    if (i >= n || j[i] != ',') break;
    i++;
  }
  if (i < n && j[i] == ']') return 0; /* there is no passage k */
bad:
  json_decref(*fields);
  json_decref(*passage);
  *fields = *passage = NULL;
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
