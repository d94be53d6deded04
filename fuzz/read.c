/*
** What every reader must give, whatever the bytes: readable strings (the
** sanitizers see a string that runs past its memory), a body of exactly
** n_body bytes of UTF-8 with no NUL byte in it (a NUL is white space, so a
** C string of the body is all of it), a title in UTF-8, lines in order, a reason for every unusable
** file, and the callback's code returned verbatim. The formats that hand
** out pointers into the input (UTF-8 text without NUL bytes) or a normalized
** copy (JSON Lines) are held to that, and a plain text article takes its
** date from its file name.
**
** The readers are called through warta_read() so that a change in one
** reader's own signature does not touch the targets.
*/
#include "read.h"

#include <string.h>

#include "common/rc.h"
#include "common/utf8.h"

#define STOP 4242 /* a callback code no reader returns of its own */

typedef struct seen {
  warta_format f;   /* format read */
  const char *data; /* the input */
  size_t size;      /* its bytes */
  long lines;       /* lines in the input */
  long last_line;   /* line of the previous record */
  int articles;     /* articles so far */
  int problems;     /* problems so far */
  int stop;         /* 1: stop at the first article */
  int copied;       /* the input holds a NUL byte or is not UTF-8: text
                    ** is read from a copy */
  const char *date; /* the date a text article takes from its file name */
  char sink;        /* bytes read by touch(), for the optimizer to keep */
} seen;

static int inside(const seen *s, const char *p, size_t n) {
  return p >= s->data && n <= s->size && (size_t)(p - s->data) <= s->size - n;
}

/* Read every byte of p[0..n), for the sanitizers to see. */
static char touch(const char *p, size_t n) {
  char x = 0;
  for (size_t i = 0; i < n; i++)
    x ^= p[i];
  return x;
}

/* Read all of the NUL-terminated string p, if any. */
static char touch_str(const char *p) { return p ? touch(p, strlen(p)) : 0; }

static int on_article(void *ctx, const warta_article *a) {
  seen *s = ctx;
  s->sink ^= touch_str(a->title) ^ touch_str(a->date) ^ touch_str(a->source);
  s->sink ^= touch_str(a->url) ^ touch_str(a->key) ^ touch_str(a->lang);
  FUZZ_CHECK(a->body || a->n_body == 0);
  FUZZ_CHECK(a->raw || a->n_raw == 0);
  if (a->body) s->sink ^= touch(a->body, a->n_body);
  FUZZ_CHECK(!a->body || !memchr(a->body, 0, a->n_body));
  FUZZ_CHECK(!a->body || warta_utf8_invalid(a->body, a->n_body) == a->n_body);
  FUZZ_CHECK(!a->title || warta_utf8_invalid(a->title, strlen(a->title)) == strlen(a->title));
  if (a->raw) s->sink ^= touch(a->raw, a->n_raw);
  switch (s->f) {
  case WARTA_FORMAT_TEXT:
    FUZZ_CHECK(a->body && (s->copied || inside(s, a->body, a->n_body)));
    FUZZ_CHECK(!a->title || !strchr(a->title, '\n'));
    FUZZ_CHECK(a->line == 0 && s->articles == 0);
    FUZZ_CHECK(!s->date || (a->date && strcmp(a->date, s->date) == 0));
    break;
  case WARTA_FORMAT_JSONL:
    /* a normalized copy of a JSON string: NUL-terminated, no NUL inside */
    FUZZ_CHECK(a->body && strlen(a->body) == a->n_body);
    FUZZ_CHECK(a->raw && a->n_raw > 0 && inside(s, a->raw, a->n_raw));
    FUZZ_CHECK(!memchr(a->raw, '\n', a->n_raw));
    FUZZ_CHECK(a->line > s->last_line && a->line <= s->lines);
    break;
  default: /* HTML, Markdown: the checks above */ break;
  }
  s->last_line = a->line;
  s->articles++;
  return s->stop ? STOP : 0;
}

static void on_problem(void *ctx, long line, const char *msg) {
  seen *s = ctx;
  FUZZ_CHECK(msg && msg[0] && strlen(msg) < 4096);
  FUZZ_CHECK(line >= 0 && line <= s->lines);
  s->problems++;
}

void fuzz_read(warta_format f, const uint8_t *data, size_t size) {
  seen s;
  memset(&s, 0, sizeof s);
  s.f = f;
  s.data = (const char *)data;
  s.size = size;
  s.lines = 1;
  for (size_t i = 0; i < size; i++)
    s.lines += data[i] == '\n';
  s.copied = memchr(data, 0, size) || warta_utf8_invalid(s.data, size) != size;
  int rc = warta_read(f, s.data, size, NULL, on_article, on_problem, &s);
  FUZZ_CHECK(rc == WARTA_OK || rc == WARTA_CORRUPT);
  FUZZ_CHECK(rc != WARTA_CORRUPT || s.problems > 0);
  FUZZ_CHECK(rc != WARTA_OK || s.articles > 0 || s.problems > 0);
  if (s.articles == 0) return;
  /* again, as a file with a date in its name, stopping at the first
  ** article: the callback's code comes back verbatim */
  static const warta_read_opts named = {.name = "berita/2023-09-13-banjir.txt"};
  s.articles = s.problems = 0;
  s.last_line = 0;
  s.stop = 1;
  s.date = f == WARTA_FORMAT_TEXT ? "2023-09-13" : NULL;
  rc = warta_read(f, s.data, size, &named, on_article, on_problem, &s);
  FUZZ_CHECK(rc == STOP && s.articles == 1);
}
