/*
** JSON Lines: one article per line, parsed strictly with jansson so that a
** malformed line is reported with its line and column and skipped.
**
** Scraped archives often lose paragraph breaks: some join paragraphs with a
** bare comma right after the closing punctuation ("...Riau.,Penangkapan").
** Such a comma followed at once by the next paragraph's first character never
** occurs in edited text, so it is read as a paragraph break.
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/rc.h"
#include "common/utf8.h"
#include "charset.h"
#include "reader.h"
#include "source.h"

typedef struct jl_state {
  const warta_read_opts *o; /* options */
  struct warta_source *src; /* the feed */
  warta_article_fn fn;      /* article callback */
  warta_problem_fn problem; /* problem callback */
  void *ctx;                /* their context */
  warta_buf body;           /* normalized body, when it differs from the field */
  json_t *bodyv;            /* the body's field, while its record is handed out */
  warta_buf clean;          /* a line with its NUL bytes as spaces */
  warta_buf conv;           /* a line that was not UTF-8, converted */
  int nomem;                /* an allocation failed in the current line */
  long line;                /* the current line */
  char date[11];            /* normalized date */
  char key[32];             /* a numeric key as text */
} jl_state;

/* The text of a JSON string, whose \u0000 escapes (JSON_ALLOW_NUL) are
** spaces from now on, as NUL bytes are in every reader. */
static const char *string_value(jl_state *st, json_t *v) {
  const char *s = json_string_value(v);
  size_t n = json_string_length(v);
  if (!memchr(s, 0, n)) return s;
  char *copy = malloc(n);
  if (!copy) {
    st->nomem = 1;
    return NULL;
  }
  for (size_t i = 0; i < n; i++)
    copy[i] = s[i] ? s[i] : ' ';
  int rc = json_string_setn(v, copy, n);
  free(copy);
  if (rc) st->nomem = 1;
  return rc == 0 ? json_string_value(v) : NULL;
}

/* What a JSON value is, for a message. */
static const char *kind_of(const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT: return "an object";
  case JSON_ARRAY: return "an array";
  case JSON_INTEGER:
  case JSON_REAL: return "a number";
  case JSON_TRUE:
  case JSON_FALSE: return "true or false";
  default: return "null";
  }
}

/* The first of the comma-separated names in spec that obj has as a string
** (or, with numbers_ok, a whole number, formatted into buf); *val (when
** not NULL) is its value. A field of another type is not read as text:
** when no name gives one, the first such field is reported (a warning on
** the record's line). */
static const char *field_of(jl_state *st, json_t *obj, const char *spec, int numbers_ok, char *buf,
                            size_t nbuf, json_t **val) {
  char name[64], msg[192];
  const char *wrong = NULL;
  for (const char *p = spec; p && *p;) {
    size_t len = strcspn(p, ",");
    if (len > 0 && len < sizeof name) {
      memcpy(name, p, len);
      name[len] = 0;
      json_t *v = json_object_get(obj, name);
      if (json_is_string(v) && json_string_length(v) > 0) {
        if (val) *val = v;
        return string_value(st, v);
      }
      if (numbers_ok && json_is_integer(v)) {
        snprintf(buf, nbuf, "%lld", (long long)json_integer_value(v));
        return buf;
      }
      if (v && !json_is_string(v) && !json_is_null(v) && !wrong) {
        snprintf(msg, sizeof msg, "field '%s' is %s, not %s: left out", name, kind_of(v),
                 numbers_ok ? "a string or a whole number" : "a string");
        wrong = msg;
      }
    }
    p += len + (p[len] == ',');
  }
  if (wrong && st->o->warn) st->o->warn(st->ctx, st->line, wrong);
  return NULL;
}

static const char *field(jl_state *st, json_t *obj, const char *spec, int numbers_ok, char *buf,
                         size_t nbuf) {
  return field_of(st, obj, spec, numbers_ok, buf, nbuf, NULL);
}

static int closing(char c) { return c == '.' || c == '!' || c == '?' || c == '"' || c == '\''; }

/* What text t needs at byte i: 1 for a CRLF (to become LF), 2 for a
** scraped ".,Next" comma (to become a paragraph break), else 0. */
static int change_at(const char *t, size_t i) {
  if (t[i] == '\r' && t[i + 1] == '\n') return 1;
  if (t[i] == ',' && i > 0 && closing(t[i - 1]) && t[i + 1] && t[i + 1] != ' ' && t[i + 1] != ',' &&
      t[i + 1] != '\n' && !(t[i + 1] >= '0' && t[i + 1] <= '9'))
    return 2;
  return 0;
}

/* The bytes of t when no change is needed (*n set), else NULL. */
static const char *as_is(const char *t, size_t *n) {
  size_t i = 0;
  for (; t[i]; i++) {
    if (change_at(t, i)) return NULL;
  }
  *n = i;
  return t;
}

/* Copy text into b: CRLF to LF, and scraped ".,Next" to ".\n\nNext". */
static void paragraphs(warta_buf *b, const char *t) {
  warta_buf_reset(b);
  size_t run = 0, i = 0;
  for (; t[i]; i++) {
    int c = change_at(t, i);
    if (c) warta_buf_append(b, t + run, i - run);
    if (c == 1) {
      run = i + 1;
    } else if (c == 2) {
      warta_buf_puts(b, "\n\n");
      run = i + 1;
    }
  }
  warta_buf_append(b, t + run, i - run);
}

/* The body's text, and the reader's copy of the record, go (see
** warta_article.drop): a huge record is not held twice. */
static void drop_text(void *ctx) {
  jl_state *st = ctx;
  warta_buf_free(&st->body);
  if (st->bodyv) json_string_setn(st->bodyv, "", 0);
  st->bodyv = NULL;
  if (st->src) warta_source_release(st->src);
}

/* The body's field is another field too (--field names it twice): it
** stays as it is. */
static int shared(const warta_article *a, const char *body) {
  return body == a->title || body == a->date || body == a->url || body == a->source ||
         body == a->key || body == a->lang;
}

/* Scratch grown for one huge record is given back after it. */
#define SCRATCH_KEPT (1 << 20)

static void trim(warta_buf *b) {
  if (b->cap > SCRATCH_KEPT) warta_buf_free(b);
}

/* A line that is not UTF-8 (JSON must be), read in its legacy charset
** when it has one (see charset.h), with a warning; else as it is, for
** jansson to report. NULL when out of memory. */
static const char *legacy_line(jl_state *st, const char *text, size_t *n, long lineno) {
  const char *from;
  size_t stray, bad = warta_utf8_invalid(text, *n);
  char msg[160];
  int rc = warta_to_utf8(text, *n, 0, &st->conv, &from, &stray);
  if (rc == WARTA_NOMEM) return NULL;
  if (rc) return text;
  if (st->o->warn) {
    int k =
        snprintf(msg, sizeof msg,
                 "invalid UTF-8 (byte 0x%02x at column %zu): ", (unsigned char)text[bad], bad + 1);
    if (stray)
      snprintf(msg + k, sizeof msg - (size_t)k, "%zu stray byte%s read as %s", stray,
               stray == 1 ? "" : "s", from);
    else
      snprintf(msg + k, sizeof msg - (size_t)k, "read as %s", from);
    st->o->warn(st->ctx, lineno, msg);
  }
  *n = st->conv.n;
  return st->conv.p;
}

static int one_line(jl_state *st, const char *line, size_t len, long lineno) {
  json_error_t err;
  char msg[256];
  /* a raw NUL byte is white space, as in every reader: the JSON around it
  ** stays valid (inside a string it would be a control character) */
  const char *text = warta_without_nul(line, len, &st->clean);
  size_t n = len;
  st->nomem = 0;
  st->line = lineno;
  if (!text) return WARTA_NOMEM;
  if (warta_utf8_invalid(text, n) != n && (text = legacy_line(st, text, &n, lineno)) == NULL)
    return WARTA_NOMEM;
  json_t *obj = json_loadb(text, n, JSON_ALLOW_NUL, &err);
  trim(&st->clean);
  trim(&st->conv);
  if (!obj) {
    snprintf(msg, sizeof msg, "malformed JSON at column %d: %s", err.column, err.text);
    st->problem(st->ctx, lineno, msg);
    return WARTA_OK;
  }
  if (!json_is_object(obj)) {
    st->problem(st->ctx, lineno, "not a JSON object");
    json_decref(obj);
    return WARTA_OK;
  }
  const warta_fields *f = &st->o->fields;
  warta_article a;
  memset(&a, 0, sizeof a);
  json_t *bodyv = NULL;
  a.title = field(st, obj, f->title ? f->title : "title,headline", 0, NULL, 0);
  const char *body = field_of(st, obj, f->body ? f->body : "content,body,text", 0, NULL, 0, &bodyv);
  const char *date = field(st, obj, f->date ? f->date : "date,published,published_at", 0, NULL, 0);
  a.url = field(st, obj, f->url ? f->url : "url,link", 0, NULL, 0);
  a.source = field(st, obj, f->source ? f->source : "source,outlet,publisher", 0, NULL, 0);
  a.key = field(st, obj, f->key ? f->key : "id,url", 1, st->key, sizeof st->key);
  a.lang = field(st, obj, f->lang ? f->lang : "lang,language", 0, NULL, 0);
  a.raw = line;
  a.n_raw = len;
  a.line = lineno;
  a.drop = drop_text;
  a.drop_ctx = st;
  int rc = st->nomem ? WARTA_NOMEM : WARTA_OK;
  if (rc == WARTA_OK && !a.title && !body) {
    st->problem(st->ctx, lineno, "record has neither a title nor a text field");
  } else if (rc == WARTA_OK) {
    a.date = date && warta_date_iso(date, st->date) ? st->date : date;
    /* the field itself when it needs no change (no copy of a huge text) */
    if (!(a.body = as_is(body ? body : "", &a.n_body))) {
      paragraphs(&st->body, body);
      if (st->body.err) rc = WARTA_NOMEM;
      a.body = st->body.p ? st->body.p : "";
      a.n_body = st->body.n;
      if (bodyv && !shared(&a, body)) json_string_setn(bodyv, "", 0); /* the copy is the text */
      bodyv = NULL;
    }
    st->bodyv = bodyv && !shared(&a, body) ? bodyv : NULL;
    if (rc == WARTA_OK) rc = st->fn(st->ctx, &a);
  }
  st->bodyv = NULL;
  trim(&st->body);
  json_decref(obj);
  if (st->src) warta_source_release(st->src);
  return rc;
}

/* A line of the feed without surrounding blanks (and a BOM on line 1). */
static const char *trim_line(const char *p, size_t *n, long lineno) {
  size_t s = 0, e = *n;
  while (e > 0 && (p[e - 1] == '\r' || p[e - 1] == ' ' || p[e - 1] == '\t'))
    e--;
  if (lineno == 1 && e >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) s = 3;
  while (s < e && (p[s] == ' ' || p[s] == '\t'))
    s++;
  *n = e - s;
  return p + s;
}

/* The source failed: say why, and where the feed stopped. */
static int source_failed(jl_state *st, warta_source *src, int rc, long lineno) {
  char msg[320];
  if (rc == WARTA_NOMEM) return rc;
  if (lineno > 0)
    snprintf(msg, sizeof msg, "%s (after line %ld)", warta_source_errmsg(src), lineno);
  else
    snprintf(msg, sizeof msg, "%s", warta_source_errmsg(src));
  st->problem(st->ctx, 0, msg);
  return WARTA_CORRUPT;
}

int warta_read_jsonl_source(warta_source *src, const warta_read_opts *o, warta_article_fn fn,
                            warta_problem_fn problem, void *ctx) {
  static const warta_read_opts defaults;
  jl_state st;
  memset(&st, 0, sizeof st);
  st.o = o ? o : &defaults;
  st.src = src;
  st.fn = fn;
  st.problem = problem;
  st.ctx = ctx;
  int rc = WARTA_OK, any = 0;
  long lineno = 0;
  while (rc == WARTA_OK) {
    const char *line;
    size_t len;
    int r = warta_source_line(src, &line, &len, &lineno);
    if (r == WARTA_DONE) break;
    if (r == WARTA_TOOBIG) {
      any = 1;
      problem(ctx, lineno, warta_source_errmsg(src));
      continue;
    }
    if (r) {
      rc = source_failed(&st, src, r, lineno);
      break;
    }
    line = trim_line(line, &len, lineno);
    if (len > 0) {
      any = 1;
      rc = one_line(&st, line, len, lineno);
    }
  }
  warta_buf_free(&st.body);
  warta_buf_free(&st.clean);
  warta_buf_free(&st.conv);
  if (rc == WARTA_OK && !any) {
    problem(ctx, 0, "empty file");
    return WARTA_CORRUPT;
  }
  return rc;
}

int warta_read_jsonl(const char *data, size_t n, const warta_read_opts *o, warta_article_fn fn,
                     warta_problem_fn problem, void *ctx) {
  static const warta_source_opts so = {0, 0, 1, NULL, 0};
  warta_source *src;
  int rc = warta_source_open_mem(data, n, 0, &so, &src);
  if (rc == WARTA_OK) rc = warta_read_jsonl_source(src, o, fn, problem, ctx);
  warta_source_close(src);
  return rc;
}
