/*
** The query language (parse.h). A hand-written scanner over the bytes:
** every input has a parse, and anything that is not the syntax is text.
*/
#include "parse.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/clock.h"
#include "common/grow.h"
#include "common/rc.h"

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static char *dupn(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (d) {
    memcpy(d, s, n);
    d[n] = 0;
  }
  return d;
}

static int digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
  }
  return n > 0;
}

int qdate_range(const char *s, size_t n, char lo[9], char hi[9]) {
  int y, m = 0, d = 0;
  if (n < 4 || !digits(s, 4)) return 0;
  y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  if (n == 4) {
    memcpy(lo, s, 4), memcpy(lo + 4, "0101", 5);
    memcpy(hi, s, 4), memcpy(hi + 4, "1231", 5);
    return 1;
  }
  if (n < 7 || s[4] != '-' || !digits(s + 5, 2)) return 0;
  m = (s[5] - '0') * 10 + (s[6] - '0');
  if (m < 1 || m > 12) return 0;
  if (n == 7) {
    memcpy(lo, s, 4), memcpy(lo + 4, s + 5, 2), memcpy(lo + 6, "01", 3);
    memcpy(hi, lo, 6);
    hi[6] = (char)('0' + warta_days_in_month(y, m) / 10);
    hi[7] = (char)('0' + warta_days_in_month(y, m) % 10);
    hi[8] = 0;
    return 1;
  }
  if (n != 10 || s[7] != '-' || !digits(s + 8, 2)) return 0;
  d = (s[8] - '0') * 10 + (s[9] - '0');
  if (d < 1 || d > warta_days_in_month(y, m)) return 0;
  memcpy(lo, s, 4), memcpy(lo + 4, s + 5, 2), memcpy(lo + 6, s + 8, 2);
  lo[8] = 0;
  memcpy(hi, lo, 9);
  return 1;
}

/* date:SPEC — a day, month or year, or a range of them with "..", with an
** open end on either side. Returns QF_NONE, QF_DATE or QF_RANGE. */
static qfault date_spec(const char *s, size_t n, qitem *it) {
  const char *dots = NULL;
  char lo[9], hi[9];
  for (size_t i = 0; i + 1 < n; i++) {
    if (s[i] == '.' && s[i + 1] == '.') {
      dots = s + i;
      break;
    }
  }
  if (!dots) {
    if (!qdate_range(s, n, lo, hi)) return QF_DATE;
    memcpy(it->lo, lo, 9);
    memcpy(it->hi, hi, 9);
    return QF_NONE;
  }
  size_t na = (size_t)(dots - s), nb = n - na - 2;
  if (na == 0 && nb == 0) return QF_DATE;
  it->lo[0] = it->hi[0] = 0;
  if (na && !qdate_range(s, na, it->lo, hi)) return QF_DATE;
  if (nb && !qdate_range(dots + 2, nb, lo, it->hi)) return QF_DATE;
  if (na && nb && strcmp(it->lo, it->hi) > 0) return QF_RANGE;
  return QF_NONE;
}

/* Keep the first fault: what, and the item as written. */
static int fault(qsyntax *q, qfault f, const char *s, size_t n) {
  if (q->fault) return WARTA_OK;
  q->fault = f;
  q->fault_text = dupn(s, n);
  return q->fault_text ? WARTA_OK : WARTA_NOMEM;
}

/* An operator word (OR, AND, NOT) at s[i], followed by white space and
** more: where the next item begins, or 0. */
static size_t operator_at(const char *s, size_t i, size_t n, const char *op) {
  size_t k = strlen(op), j = i + k;
  if (i + k > n || memcmp(s + i, op, k) != 0 || j == n || !is_space(s[j])) return 0;
  while (j < n && is_space(s[j]))
    j++;
  return j < n ? j : 0;
}

/* Does field:... name a field we know? Returns its length, or 0. */
static size_t field_name(const char *s, size_t n, const char **name) {
  static const char *const fields[] = {"title", "source", "lang", "date"};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
    size_t k = strlen(fields[i]);
    if (n > k + 1 && s[k] == ':' && strncasecmp(s, fields[i], k) == 0) {
      *name = fields[i];
      return k;
    }
  }
  return 0;
}

/* The items grow by doubling (WARTA_GROW), so that a long query parses
** in linear time whatever the allocator: growing by one item at a time
** copies the array at every item under ASan, and a 1 MB query took
** minutes. */
static int push(qsyntax *q, const qitem *it) {
  if (WARTA_GROW(q->item, q->cap, (size_t)q->n + 1)) return WARTA_NOMEM;
  q->item[q->n++] = *it;
  return WARTA_OK;
}

/* The end of a quoted run starting at s[i] == '"' (the closing quote, or
** n when it stays open). */
static size_t close_quote(const char *s, size_t i, size_t n) {
  const char *c = memchr(s + i + 1, '"', n - i - 1);
  return c ? (size_t)(c - s) : n;
}

/* A source or language value: letters, digits, '.', '-', '_'. */
static int name_ok(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '-' || c == '_'))
      return 0;
  }
  return n > 0;
}

static int count_words(const char *s, size_t n) {
  int w = 0, in = 0;
  for (size_t i = 0; i < n; i++) {
    if (is_space(s[i]))
      in = 0;
    else if (!in)
      in = 1, w++;
  }
  return w;
}

/* An operator at query[i]: OR and AND between two items, NOT before one.
** Where the next item begins, or 0 when there is no operator here. */
static size_t operator_next(qsyntax *q, const char *query, size_t i, size_t n, int *and_next,
                            int *not_next) {
  size_t j;
  if (q->n > 0 && (j = operator_at(query, i, n, "OR"))) {
    q->item[q->n - 1].or_next = 1;
    return j;
  }
  if (q->n > 0 && (j = operator_at(query, i, n, "AND"))) {
    q->item[q->n - 1].required = !q->item[q->n - 1].negated;
    *and_next = 1;
    return j;
  }
  if ((j = operator_at(query, i, n, "NOT"))) {
    *not_next = 1;
    return j;
  }
  return 0;
}

/* A sign before the item at query[i]: - excludes it, + requires it.
** Where the item itself begins. */
static size_t item_sign(const char *query, size_t i, size_t n, qitem *it) {
  if (query[i] == '-' && i + 1 < n && !is_space(query[i + 1]) && query[i + 1] != '-') {
    it->negated = 1;
    it->required = 0;
    return i + 1;
  }
  if (query[i] == '+' && i + 1 < n && !is_space(query[i + 1]) && query[i + 1] != '+') {
    it->required = !it->negated;
    return i + 1;
  }
  return i;
}

/* The value at query[v] of a source:, lang: or date: field fname, whose
** item began at query[start]: pushed as it, or refused as a fault (a
** field that names nothing is never searched as text). *end: where the
** value ends. WARTA_OK or WARTA_NOMEM. */
static int field_item(qsyntax *q, const char *query, size_t n, size_t start, size_t v,
                      const char *fname, qitem *it, size_t *end) {
  size_t e = v;
  while (e < n && !is_space(query[e]))
    e++;
  *end = e;
  qfault f = QF_NONE;
  if (strcmp(fname, "date") == 0) {
    f = date_spec(query + v, e - v, it);
    it->kind = QI_DATE;
  } else if (name_ok(query + v, e - v)) {
    it->kind = strcmp(fname, "source") == 0 ? QI_SOURCE : QI_LANG;
    it->text = dupn(query + v, e - v);
    if (!it->text) return WARTA_NOMEM;
  } else {
    f = QF_NAME;
  }
  if (f ? fault(q, f, query + start, e - start) : push(q, it)) {
    free(it->text);
    return WARTA_NOMEM;
  }
  return WARTA_OK;
}

/* The phrase, prefix or word at query[*at] (the item began at
** query[start]) into it; *at moves past it. 1 when it holds an item to
** push, 0 when there is none (an empty word, or a prefix too short to
** expand: a fault told), -1 when out of memory. */
static int text_item(qsyntax *q, const char *query, size_t n, size_t start, qitem *it, size_t *at) {
  size_t i = *at;
  if (i < n && query[i] == '"') {
    size_t e = close_quote(query, i, n);
    if (e == n) q->unbalanced = 1;
    it->kind = QI_PHRASE;
    it->text = dupn(query + i + 1, e - i - 1);
    *at = e < n ? e + 1 : n;
    return it->text ? 1 : -1;
  }
  size_t e = i;
  while (e < n && !is_space(query[e]) && query[e] != '"')
    e++;
  size_t len = e - i;
  *at = e;
  if (len >= 2 && len < 4 && query[e - 1] == '*' && query[e - 2] != '*') {
    /* ko*: a prefix too short to expand */
    return fault(q, QF_PREFIX, query + start, e - start) ? -1 : 0;
  }
  if (len >= 4 && query[e - 1] == '*' && query[e - 2] != '*') {
    it->kind = QI_PREFIX;
    it->text = dupn(query + i, len - 1);
  } else {
    it->kind = QI_WORD;
    /* a lone '-' or an option-looking word: text, kept as typed */
    if (len == 0) {
      *at = e + 1;
      return 0;
    }
    it->text = dupn(query + i, len);
  }
  return it->text ? 1 : -1;
}

int qsyntax_parse(const char *query, qsyntax *q) {
  size_t n = strlen(query), i = 0, j;
  int and_next = 0, not_next = 0;
  memset(q, 0, sizeof *q);
  q->words = count_words(query, n);
  while (i < n) {
    if (is_space(query[i])) {
      i++;
      continue;
    }
    if ((j = operator_next(q, query, i, n, &and_next, &not_next))) {
      i = j;
      continue;
    }
    size_t start = i;
    qitem it;
    memset(&it, 0, sizeof it);
    it.negated = not_next;
    it.required = and_next && !not_next;
    and_next = not_next = 0;
    i = item_sign(query, i, n, &it);
    const char *fname = NULL;
    size_t flen = field_name(query + i, n - i, &fname);
    if (flen && it.negated && strcmp(fname, "title") != 0) flen = 0; /* -source:x is text */
    if (flen && strcmp(fname, "title") == 0) {
      it.title = 1;
      i += flen + 1;
    } else if (flen) {
      if (field_item(q, query, n, start, i + flen + 1, fname, &it, &i)) return WARTA_NOMEM;
      continue;
    }
    int got = text_item(q, query, n, start, &it, &i);
    if (got < 0) return WARTA_NOMEM;
    if (got && push(q, &it)) {
      free(it.text);
      return WARTA_NOMEM;
    }
  }
  if (q->n > 0) q->item[q->n - 1].or_next = 0;
  return WARTA_OK;
}

void qsyntax_free(qsyntax *q) {
  for (int i = 0; i < q->n; i++)
    free(q->item[i].text);
  free(q->item);
  free(q->fault_text);
  memset(q, 0, sizeof *q);
}
