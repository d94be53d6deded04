/*
** Names that stand for one another (names.h).
**
** A table is its names, each with its group; once filled, names_index()
** sorts a view by name (lookups by binary search) and one by group (a
** group's other names).
*/
#include "names.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/rc.h"

typedef struct member {
  char *text;        /* folded words joined by spaces */
  int group;         /* its group */
  uint32_t articles; /* the group's count (0: from a file) */
} member;

struct names_table {
  member *m; /* the names, in the order added */
  int n, cap;
  int ngroups;
  member **by_name;  /* the names sorted by text (names_index()) */
  member **by_group; /* the names sorted by group */
  int indexed;       /* the views are those of m[0..indexed) */
};

names_table *names_new(void) { return calloc(1, sizeof(names_table)); }

void names_free(names_table *t) {
  if (!t) return;
  for (int i = 0; i < t->n; i++)
    free(t->m[i].text);
  free(t->m);
  free(t->by_name);
  free(t->by_group);
  free(t);
}

int names_count(const names_table *t) { return t ? t->ngroups : 0; }

/* Take text (malloc'ed) as a name of group g. */
static int add_member(names_table *t, char *text, int g, uint32_t articles) {
  if (!text) return WARTA_NOMEM;
  if (t->n == t->cap) {
    int cap = t->cap ? t->cap * 2 : 64;
    member *v = realloc(t->m, sizeof *v * (size_t)cap);
    if (!v) {
      free(text);
      return WARTA_NOMEM;
    }
    t->m = v;
    t->cap = cap;
  }
  t->m[t->n++] = (member){text, g, articles};
  return WARTA_OK;
}

int names_add_pair(names_table *t, const char *a, size_t na, const char *b, size_t nb,
                   uint32_t articles) {
  int g = t->ngroups++;
  int rc = add_member(t, strndup(a, na), g, articles);
  if (rc == WARTA_OK) rc = add_member(t, strndup(b, nb), g, articles);
  return rc;
}

/**************************************************************************
** the views
*/
static int cmp_name(const void *a, const void *b) {
  const member *x = *(member *const *)a, *y = *(member *const *)b;
  int c = strcmp(x->text, y->text);
  return c ? c : x->group - y->group;
}

static int cmp_group(const void *a, const void *b) {
  const member *x = *(member *const *)a, *y = *(member *const *)b;
  if (x->group != y->group) return x->group - y->group;
  return x < y ? -1 : x > y;
}

/* Sort the views once the names are in. Returns WARTA_OK or WARTA_NOMEM. */
static int names_index(names_table *t) {
  size_t n = (size_t)(t->n ? t->n : 1);
  free(t->by_name);
  free(t->by_group);
  t->by_name = malloc(sizeof *t->by_name * n);
  t->by_group = malloc(sizeof *t->by_group * n);
  t->indexed = 0;
  if (!t->by_name || !t->by_group) return WARTA_NOMEM;
  for (int i = 0; i < t->n; i++)
    t->by_name[i] = t->by_group[i] = &t->m[i];
  qsort(t->by_name, (size_t)t->n, sizeof *t->by_name, cmp_name);
  qsort(t->by_group, (size_t)t->n, sizeof *t->by_group, cmp_group);
  t->indexed = t->n;
  return WARTA_OK;
}

int names_ready(names_table *t) { return t->indexed == t->n ? WARTA_OK : names_index(t); }

/* The first position in by_name whose name is >= s. */
static int lower_bound(const names_table *t, const char *s) {
  int lo = 0, hi = t->indexed;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (strcmp(t->by_name[mid]->text, s) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* The first position in by_group of group g. */
static int group_start(const names_table *t, int g) {
  int lo = 0, hi = t->indexed;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (t->by_group[mid]->group < g)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

int names_others(const names_table *t, const char *name, uint32_t min, names_fn fn, void *ctx) {
  int told = 0;
  if (!t || !t->indexed || t->indexed != t->n) return 0; /* names_ready() first */
  for (int i = lower_bound(t, name); i < t->indexed; i++) {
    const member *m = t->by_name[i];
    if (strcmp(m->text, name) != 0) break;
    if (m->articles && m->articles < min) continue;
    for (int k = group_start(t, m->group); k < t->indexed; k++) {
      const member *o = t->by_group[k];
      if (o->group != m->group) break;
      if (strcmp(o->text, name) == 0) continue;
      int rc = fn(ctx, o->text, m->articles);
      if (rc < 0) return rc;
      told++;
    }
  }
  return told;
}

/**************************************************************************
** synonyms files
*/
typedef struct fold_ctx {
  warta_buf *b;
  int words;
} fold_ctx;

static int fold_word(void *ctx, const warta_token *t) {
  fold_ctx *c = ctx;
  if (t->colocated) return 0;
  if (c->words++) warta_buf_putc(c->b, ' ');
  warta_buf_append(c->b, t->surface, (size_t)t->n_surface);
  return c->b->err ? WARTA_NOMEM : 0;
}

static int line_error(char **err, const char *origin, int line, const char *why) {
  if (err) *err = warta_strdupf("%s:%d: %s", origin, line, why);
  return WARTA_ERROR;
}

/* One line s[0..n) (comment removed): its names as a group of t. */
static int parse_line(names_table *t, warta_analyzer *folder, const char *origin, int line,
                      const char *s, size_t n, char **err) {
  size_t k = 0;
  while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
    k++;
  if (k == n) return WARTA_OK; /* blank */
  if (!memchr(s, '=', n))
    return line_error(err, origin, line, "a group needs two names or more, separated by '='");
  int g = t->ngroups, rc = WARTA_OK;
  for (size_t a = 0; rc == WARTA_OK && a <= n;) {
    const char *eq = memchr(s + a, '=', n - a);
    size_t e = eq ? (size_t)(eq - s) : n;
    warta_buf b = WARTA_BUF_INIT;
    fold_ctx c = {&b, 0};
    rc = warta_analyze(folder, s + a, (int)(e - a), 0, fold_word, &c);
    if (rc == WARTA_OK && c.words == 0)
      rc = line_error(err, origin, line, "a name with no word in it");
    else if (rc == WARTA_OK && c.words > NAMES_MAX_WORDS)
      rc = line_error(err, origin, line, "a name of more than 10 words");
    if (rc == WARTA_OK) {
      rc = add_member(t, warta_buf_take(&b), g, 0);
    }
    warta_buf_free(&b);
    a = e + 1;
  }
  if (rc == WARTA_OK) t->ngroups++;
  return rc;
}

int names_parse(names_table *t, warta_analyzer *folder, const char *origin, const char *text,
                size_t n, char **err) {
  int rc = WARTA_OK, line = 0;
  if (err) *err = NULL;
  for (size_t i = 0; rc == WARTA_OK && i < n; line++) {
    size_t end = i;
    while (end < n && text[end] != '\n')
      end++;
    const char *hash = memchr(text + i, '#', end - i);
    size_t len = (hash ? (size_t)(hash - text) : end) - i;
    if (memchr(text + i, 0, end - i))
      rc = line_error(err, origin, line + 1, "a NUL byte");
    else
      rc = parse_line(t, folder, origin, line + 1, text + i, len, err);
    i = end + 1;
  }
  if (rc == WARTA_OK) rc = names_ready(t);
  return rc;
}

#define NAMES_FILE_MAX (16 << 20) /* bytes of a synonyms file, at most */

int names_load(names_table *t, warta_analyzer *folder, const char *path, char **err) {
  if (err) *err = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) {
    if (err) *err = warta_strdupf("%s: %s", path, strerror(errno));
    return WARTA_IOERR;
  }
  warta_buf b = WARTA_BUF_INIT;
  char chunk[65536];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && b.n <= NAMES_FILE_MAX)
    warta_buf_append(&b, chunk, got);
  int bad = ferror(f);
  fclose(f);
  int rc;
  if (b.err) {
    rc = WARTA_NOMEM;
  } else if (bad || b.n > NAMES_FILE_MAX) {
    if (err) *err = warta_strdupf("%s: %s", path, bad ? "cannot read it" : "larger than 16 MiB");
    rc = WARTA_IOERR;
  } else {
    rc = names_parse(t, folder, path, b.p ? b.p : "", b.n, err);
  }
  warta_buf_free(&b);
  return rc;
}

int names_open(const char *path, names_table **out, char **err) {
  warta_analyzer *folder = NULL;
  *out = NULL;
  if (err) *err = NULL;
  names_table *t = names_new();
  if (!t) return WARTA_NOMEM;
  int rc = warta_analyzer_new("", WARTA_STEM_NONE, &folder, err);
  if (rc == WARTA_OK)
    rc = path ? names_load(t, folder, path, err)
              : names_parse(t, folder, NAMES_DEFAULT_ORIGIN, names_default_text,
                            strlen(names_default_text), err);
  warta_analyzer_free(folder);
  if (rc) {
    names_free(t);
    return rc;
  }
  *out = t;
  return WARTA_OK;
}
