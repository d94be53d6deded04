/*
** Markdown: one article per file. Front matter (YAML between "---" lines or
** TOML between "+++" lines) gives the metadata; the text is the Markdown
** with its light markup taken out, so that words and not asterisks reach
** the index. Exactness is not the aim: a construct we do not know stays as
** it is, which costs a stray character in a passage, never a lost word.
*/
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/rc.h"
#include "reader.h"

/* Metadata of the article; index into md_state.field. */
enum { F_TITLE, F_DATE, F_SOURCE, F_URL, F_LANG, F_KEY, F_N };

/* Front matter keys (case-insensitive); an earlier key for the same field
** wins over a later one ("date" over "published"). */
static const struct {
  const char *key; /* as written in the front matter */
  int field;       /* F_* */
} fm_keys[] = {
    {"title", F_TITLE},   {"date", F_DATE},        {"published", F_DATE}, {"pubdate", F_DATE},
    {"source", F_SOURCE}, {"publisher", F_SOURCE}, {"outlet", F_SOURCE},  {"url", F_URL},
    {"link", F_URL},      {"canonical", F_URL},    {"lang", F_LANG},      {"language", F_LANG},
    {"id", F_KEY},        {"slug", F_KEY},
};

/* A few entities that Markdown writers type; others stay as they are. */
static const struct {
  const char *name; /* "&amp;" */
  const char *text; /* "&" */
} entities[] = {
    {"&amp;", "&"},
    {"&lt;", "<"},
    {"&gt;", ">"},
    {"&quot;", "\""},
    {"&apos;", "'"},
    {"&#39;", "'"},
    {"&nbsp;", " "},
    {"&mdash;", "\xe2\x80\x94"},
    {"&ndash;", "\xe2\x80\x93"},
};

typedef struct md_state {
  warta_buf field[F_N]; /* metadata, NUL-terminated */
  size_t rank[F_N];     /* fm_keys index that set each field + 1, 0 = unset */
  int title_from_fm;    /* the title came from the front matter */
  warta_buf body;       /* text without markup */
  warta_buf line;       /* one line without markup */
  int brk;              /* a paragraph break is due before the next line */
  int para;             /* lines in the current paragraph */
  int headings;         /* headings met so far */
  char fence;           /* '`' or '~' inside a fenced code block, else 0 */
  size_t fence_len;     /* length of its opening fence */
  int in_comment;       /* inside a <!-- comment --> that spans lines */
  char date[11];        /* normalized date */
} md_state;

static int is_space(char c) { return c == ' ' || c == '\t'; }

static int is_punct(char c) { return c && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) != NULL; }

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* s[0..*n) without leading and trailing blanks. */
static const char *trim(const char *s, size_t *n) {
  while (*n && (is_space(*s) || *s == '\r'))
    s++, (*n)--;
  while (*n && (is_space(s[*n - 1]) || s[*n - 1] == '\r'))
    (*n)--;
  return s;
}

/* Up to three spaces of indentation, as Markdown allows before a marker. */
static size_t indent(const char *s, size_t n) {
  size_t i = 0;
  while (i < n && i < 3 && s[i] == ' ')
    i++;
  return i;
}

/* Length of the run of c at s[i..n). */
static size_t run_of(const char *s, size_t n, size_t i, char c) {
  size_t k = 0;
  while (i + k < n && s[i + k] == c)
    k++;
  return k;
}

/* 1 when s[0..n) is only c (at least min times), blanks around it allowed. */
static int only(const char *s, size_t n, char c, size_t min) {
  s = trim(s, &n);
  return n >= min && run_of(s, n, 0, c) == n;
}

static int is_blank(const char *s, size_t n) { return trim(s, &n), n == 0; }

/* A thematic break: three or more of - * _, spaces between allowed. */
static int is_rule(const char *s, size_t n) {
  size_t marks = 0;
  char c = 0;
  for (size_t i = 0; i < n; i++) {
    if (is_space(s[i]) || s[i] == '\r') continue;
    if ((s[i] != '-' && s[i] != '*' && s[i] != '_') || (c && s[i] != c)) return 0;
    c = s[i], marks++;
  }
  return marks >= 3;
}

/*************************************************************************
** Front matter
*/

static void set_field(md_state *st, size_t k, const char *v, size_t n) {
  int f = fm_keys[k].field;
  if (st->rank[f] && st->rank[f] <= k + 1) return;
  v = trim(v, &n);
  const char *close = n >= 2 && (v[0] == '"' || v[0] == '\'') ? memchr(v + 1, v[0], n - 1) : NULL;
  if (close) {
    /* "a "quoted" word" keeps its inner quotes; "value" # note loses the note */
    if (v[n - 1] != v[0]) n = (size_t)(close - v) + 1;
    v++, n -= 2;
  } else {
    /* an unquoted value ends at a " #" comment */
    for (size_t i = 1; i < n; i++) {
      if (v[i] == '#' && is_space(v[i - 1])) n = i;
    }
    v = trim(v, &n);
  }
  /* block scalars and nested values are beyond "simple key: value" */
  if (!n || v[0] == '|' || v[0] == '>') return;
  warta_buf_reset(&st->field[f]);
  warta_buf_append(&st->field[f], v, n);
  st->rank[f] = k + 1;
}

/* One "key: value" (YAML) or "key = value" (TOML) line. */
static void fm_line(md_state *st, const char *s, size_t n, char sep) {
  size_t k = 0;
  while (k < n && !is_space(s[k]) && s[k] != sep)
    k++;
  size_t v = k;
  while (v < n && is_space(s[v]))
    v++;
  if (k == 0 || v >= n || s[v] != sep) return;
  for (size_t i = 0; i < sizeof fm_keys / sizeof fm_keys[0]; i++) {
    if (strlen(fm_keys[i].key) == k && strncasecmp(fm_keys[i].key, s, k) == 0) {
      set_field(st, i, s + v + 1, n - v - 1);
    }
  }
}

/* End of the line that starts at at. */
static size_t eol(const char *d, size_t n, size_t at) {
  const char *nl = memchr(d + at, '\n', n - at);
  return nl ? (size_t)(nl - d) : n;
}

/* Read the front matter at d[0..n) if there is one; returns where the text
** begins. Unclosed front matter is reported and read as text. */
static size_t front_matter(md_state *st, const char *d, size_t n, warta_warning_fn warn,
                           void *ctx) {
  size_t e = eol(d, n, 0), len = e;
  if (trim(d, &len) != d || len != 3 || (memcmp(d, "---", 3) != 0 && memcmp(d, "+++", 3) != 0)) {
    return 0;
  }
  char open = d[0];
  int toml = open == '+', top = 1; /* top: not inside a [table] or an indented map */
  for (size_t at = e + 1; at < n;) {
    size_t end = eol(d, n, at), m = end - at;
    const char *s = d + at;
    if (only(s, m, open, 3) || (!toml && only(s, m, '.', 3))) {
      st->title_from_fm = st->rank[F_TITLE] != 0;
      return end < n ? end + 1 : n;
    }
    if (toml && m && s[0] == '[') top = 0;
    if (top && m && !is_space(s[0]) && s[0] != '#') fm_line(st, s, m, toml ? '=' : ':');
    at = end + 1;
  }
  if (warn) {
    warn(ctx, 1,
         open == '-' ? "front matter is not closed (no second '---' line): read as text"
                     : "front matter is not closed (no second '+++' line): read as text");
  }
  for (int f = 0; f < F_N; f++) {
    warta_buf_reset(&st->field[f]);
    st->rank[f] = 0;
  }
  return 0;
}

/*************************************************************************
** Inline markup
*/

/* The index of the bracket that closes the one at s[i], or 0. */
static size_t closing(const char *s, size_t n, size_t i, char open, char close) {
  int depth = 0;
  for (; i < n; i++) {
    if (s[i] == '\\' && i + 1 < n)
      i++;
    else if (s[i] == open)
      depth++;
    else if (s[i] == close && --depth == 0)
      return i;
  }
  return 0;
}

/* For "[text](url)" or "[text][ref]" at s[i]: sets *close to the index of
** "]" and returns the index after the link; 0 when it is not a link. */
static size_t link_span(const char *s, size_t n, size_t i, size_t *close) {
  size_t c = closing(s, n, i, '[', ']');
  if (!c || c + 1 >= n) return 0;
  size_t end = s[c + 1] == '('   ? closing(s, n, c + 1, '(', ')')
               : s[c + 1] == '[' ? closing(s, n, c + 1, '[', ']')
                                 : 0;
  *close = c;
  return end ? end + 1 : 0;
}

/* An inline code span at s[i]: its text goes out without the backticks.
** Returns the index after it. */
static size_t code_span(warta_buf *out, const char *s, size_t n, size_t i) {
  size_t k = run_of(s, n, i, '`');
  for (size_t j = i + k; j < n;) {
    size_t r = run_of(s, n, j, '`');
    if (r == k) {
      warta_buf_append(out, s + i + k, j - i - k);
      return j + k;
    }
    j += r ? r : 1;
  }
  warta_buf_append(out, s + i, k); /* unmatched: literal */
  return i + k;
}

/* An HTML tag, comment or autolink at s[i] ('<'): tags and comments go,
** an autolink's address stays. Returns the index after it, or 0. */
static size_t tag_span(md_state *st, warta_buf *out, const char *s, size_t n, size_t i) {
  if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
    for (size_t j = i + 4; j + 3 <= n; j++) {
      if (memcmp(s + j, "-->", 3) == 0) return j + 3;
    }
    st->in_comment = 1;
    return n;
  }
  size_t j = i + 1;
  if (j >= n || !(is_alpha(s[j]) || s[j] == '/' || s[j] == '!' || s[j] == '?')) return 0;
  while (j < n && s[j] != '>' && s[j] != '<')
    j++;
  if (j >= n || s[j] != '>') return 0;
  const char *colon = memchr(s + i, ':', j - i), *sp = memchr(s + i, ' ', j - i);
  if ((colon || memchr(s + i, '@', j - i)) && !sp)
    warta_buf_append(out, s + i + 1, j - i - 1);
  else if (n - i >= 3 && strncasecmp(s + i, "<br", 3) == 0)
    warta_buf_putc(out, ' ');
  return j + 1;
}

/* Whether the run of emphasis marks s[i..i+k) touches a word's edge:
** "**kata**" and "_kata_" lose them, snake_case and 2 * 3 keep them. */
static int emphasis(const char *s, size_t n, size_t i, size_t k) {
  char before = i ? s[i - 1] : ' ', after = i + k < n ? s[i + k] : ' ';
  if (s[i] == '~' && k < 2) return 0;
  int left = !is_space(after) && (is_space(before) || is_punct(before));
  int right = !is_space(before) && (is_space(after) || is_punct(after));
  return left || right;
}

static size_t entity(warta_buf *out, const char *s, size_t n, size_t i) {
  for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++) {
    size_t len = strlen(entities[k].name);
    if (n - i >= len && memcmp(s + i, entities[k].name, len) == 0) {
      warta_buf_puts(out, entities[k].text);
      return i + len;
    }
  }
  warta_buf_putc(out, '&');
  return i + 1;
}

/* Markup at s[i] other than a link: writes what stays of it and returns
** the index after it, or returns i when s[i] is an ordinary character. */
static size_t markup(md_state *st, warta_buf *out, const char *s, size_t n, size_t i) {
  size_t end, img;
  char c = s[i];
  if (c == '\\' && i + 1 < n && is_punct(s[i + 1])) {
    warta_buf_putc(out, s[i + 1]);
    return i + 2;
  }
  if (c == '`') return code_span(out, s, n, i);
  /* images go, alt text too: it describes a picture, not the news */
  if (c == '!' && i + 1 < n && s[i + 1] == '[' && (end = link_span(s, n, i + 1, &img))) return end;
  if (c == '[' && i + 1 < n && s[i + 1] == '^' && (end = closing(s, n, i, '[', ']'))) {
    return end + 1 + (end + 1 < n && s[end + 1] == ':'); /* a footnote mark [^1] */
  }
  if (c == '<' && (end = tag_span(st, out, s, n, i))) return end;
  if (c == '&') return entity(out, s, n, i);
  if (c == '*' || c == '_' || c == '~') {
    size_t k = run_of(s, n, i, c);
    if (!emphasis(s, n, i, k)) warta_buf_append(out, s + i, k);
    return i + k;
  }
  return i;
}

/* Write s[0..n) to out without inline markup. */
static void inline_text(md_state *st, warta_buf *out, const char *s, size_t n) {
  size_t i = 0, close = 0, after = 0; /* of the link we are in: its "]", the end */
  while (i < n) {
    if (after && i >= close) {
      i = i < after ? after : i; /* skip "](address)" */
      after = 0;
    } else if (s[i] == '[' && !after && (after = link_span(s, n, i, &close))) {
      i++; /* the text of a link stays */
    } else {
      size_t next = markup(st, out, s, n, i);
      if (next == i)
        warta_buf_putc(out, s[i++]);
      else
        i = next;
    }
  }
}

/*************************************************************************
** Blocks
*/

static void emit(md_state *st, const char *s, size_t n) {
  s = trim(s, &n);
  if (!n) return;
  if (st->body.n) warta_buf_puts(&st->body, st->brk ? "\n\n" : "\n");
  st->brk = 0;
  st->para++;
  warta_buf_append(&st->body, s, n);
}

static void paragraph_end(md_state *st) {
  st->brk = 1;
  st->para = 0;
}

/* A heading: the title when there is none yet and it is the first block
** or of level 1; else a paragraph of its own unless it repeats the title. */
static void heading(md_state *st, const char *s, size_t n, int level) {
  warta_buf_reset(&st->line);
  inline_text(st, &st->line, s, n);
  size_t len = st->line.n;
  const char *t = trim(st->line.p ? st->line.p : "", &len);
  int first = st->headings++ == 0 && st->body.n == 0;
  paragraph_end(st);
  if (!st->rank[F_TITLE] && len && (first || level == 1)) {
    warta_buf_append(&st->field[F_TITLE], t, len);
    st->rank[F_TITLE] = sizeof fm_keys / sizeof fm_keys[0] + 1;
    return;
  }
  if (first && st->title_from_fm && st->field[F_TITLE].n == len &&
      memcmp(st->field[F_TITLE].p, t, len) == 0) {
    return;
  }
  emit(st, t, len);
  paragraph_end(st);
}

/* An ATX heading "## text ##": returns its level and its text, else 0. */
static int atx(const char *s, size_t n, const char **text, size_t *len) {
  size_t i = indent(s, n), k = run_of(s, n, i, '#');
  if (k < 1 || k > 6 || (i + k < n && !is_space(s[i + k]) && s[i + k] != '\r')) return 0;
  size_t m = n - i - k;
  const char *t = trim(s + i + k, &m);
  size_t h = 0;
  while (h < m && t[m - 1 - h] == '#')
    h++;
  if (h == m || is_space(t[m - 1 - h])) m -= h; /* closing sequence */
  *text = t, *len = m;
  return (int)k;
}

/* A fence ``` or ~~~ opening s: sets *c and *k to its mark and length and
** returns the index after it, else 0. */
static size_t fence(const char *s, size_t n, char *c, size_t *k) {
  size_t i = indent(s, n);
  if (i >= n || (s[i] != '`' && s[i] != '~')) return 0;
  *c = s[i];
  *k = run_of(s, n, i, s[i]);
  return *k >= 3 ? i + *k : 0;
}

/* Length of a list marker ("-", "*", "+", "12." or "3)") when a blank or
** the end of the line follows it, else 0. */
static size_t list_marker(const char *s, size_t n) {
  size_t i = 0;
  if (n && (s[0] == '-' || s[0] == '*' || s[0] == '+')) {
    i = 1;
  } else {
    /* three digits at most: "2023. Tahun itu ..." starts a sentence, not a list */
    while (i < n && i < 4 && is_digit(s[i]))
      i++;
    if (i == 0 || i == 4 || i == n || (s[i] != '.' && s[i] != ')')) return 0;
    i++;
  }
  return i == n || is_space(s[i]) ? i : 0;
}

/* The line without blockquote marks, a list marker and a task box. */
static const char *strip_prefix(const char *s, size_t *n) {
  for (s = trim(s, n); *n && s[0] == '>'; s = trim(s + 1, n))
    (*n)--;
  size_t m = list_marker(s, *n);
  *n -= m;
  s = trim(s + m, n);
  if (*n >= 3 && s[0] == '[' && s[2] == ']' && (s[1] == ' ' || s[1] == 'x' || s[1] == 'X')) {
    *n -= 3; /* a task box */
    s = trim(s + 3, n);
  }
  return s;
}

/* "[label]: address" defines a reference link and is not text. */
static int is_definition(const char *s, size_t n) {
  size_t i = indent(s, n);
  if (i + 1 >= n || s[i] != '[' || s[i + 1] == '^') return 0; /* [^1]: a footnote is text */
  size_t c = closing(s, n, i, '[', ']');
  return c && c + 1 < n && s[c + 1] == ':';
}

/* A line of ordinary text. */
static void text_line(md_state *st, const char *s, size_t n) {
  if (st->in_comment) {
    const char *end = NULL;
    for (size_t j = 0; j + 3 <= n && !end; j++) {
      if (memcmp(s + j, "-->", 3) == 0) end = s + j + 3;
    }
    if (!end) return;
    st->in_comment = 0;
    n -= (size_t)(end - s), s = end;
  }
  if (is_rule(s, n)) {
    paragraph_end(st);
    return;
  }
  if (is_definition(s, n)) return;
  s = strip_prefix(s, &n);
  if (!n) {
    paragraph_end(st); /* a ">" line separates paragraphs of a quote */
    return;
  }
  warta_buf_reset(&st->line);
  inline_text(st, &st->line, s, n);
  emit(st, st->line.p, st->line.n);
}

/* A setext heading: s underlined by nx ("===" level 1, "---" level 2). */
static int setext(md_state *st, const char *s, size_t n, const char *nx, size_t nn) {
  if (!nx || st->para != 0 || is_rule(s, n)) return 0;
  return only(nx, nn, '=', 2) ? 1 : only(nx, nn, '-', 2) ? 2 : 0;
}

/* A line inside a fenced code block: code stays as it is. */
static void code_line(md_state *st, const char *s, size_t n, int closes) {
  if (closes) st->fence = 0;
  if (closes || is_blank(s, n))
    paragraph_end(st);
  else
    emit(st, s, n);
}

/* One line s, with the line after it (nx, or NULL at the end) for setext
** headings. Returns 1 when it used the next line too. */
static int one_line(md_state *st, const char *s, size_t n, const char *nx, size_t nn) {
  const char *t;
  size_t len = n, k;
  char c;
  size_t f = fence(s, n, &c, &k);
  int level;
  if (st->fence) {
    code_line(st, s, n, f && c == st->fence && k >= st->fence_len && is_blank(s + f, n - f));
  } else if (st->in_comment) {
    text_line(st, s, n);
  } else if (f && !(c == '`' && memchr(s + f, '`', n - f))) {
    st->fence = c, st->fence_len = k;
    paragraph_end(st);
  } else if (is_blank(s, n)) {
    paragraph_end(st);
  } else if ((level = atx(s, n, &t, &len))) {
    heading(st, t, len, level);
  } else if ((level = setext(st, s, n, nx, nn))) {
    t = trim(s, &len);
    heading(st, t, len, level);
    return 1;
  } else {
    text_line(st, s, n);
  }
  return 0;
}

static void body(md_state *st, const char *d, size_t n, size_t at) {
  while (at < n && !st->body.err && !st->line.err) {
    size_t end = eol(d, n, at), nx = end < n ? end + 1 : n, nend = nx < n ? eol(d, n, nx) : n;
    int both = one_line(st, d + at, end - at, nx < n ? d + nx : NULL, nend - nx);
    at = both ? (nend < n ? nend + 1 : n) : nx;
  }
}

/*************************************************************************
** The reader
*/

static int deliver(md_state *st, const warta_read_opts *o, warta_article_fn fn,
                   warta_problem_fn problem, void *ctx) {
  warta_article a;
  const char *f[F_N];
  for (int i = 0; i < F_N; i++) {
    if (st->field[i].err) return WARTA_NOMEM;
    f[i] = st->field[i].n ? st->field[i].p : NULL;
  }
  if (st->body.err || st->line.err) return WARTA_NOMEM;
  if (!f[F_TITLE] && !st->body.n) {
    problem(ctx, 0, "no text found in Markdown");
    return WARTA_CORRUPT;
  }
  memset(&a, 0, sizeof a);
  a.title = f[F_TITLE];
  a.body = st->body.p ? st->body.p : "";
  a.n_body = st->body.n;
  a.date = f[F_DATE];
  if (a.date && warta_date_iso(a.date, st->date)) a.date = st->date;
  if (!a.date && o && warta_name_date(o->name, st->date)) a.date = st->date;
  a.source = f[F_SOURCE];
  a.url = f[F_URL];
  a.key = f[F_KEY];
  a.lang = f[F_LANG];
  return fn(ctx, &a);
}

static int read_markdown(const char *data, size_t n, const warta_read_opts *o, warta_article_fn fn,
                         warta_problem_fn problem, void *ctx) {
  md_state st;
  if (n >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) data += 3, n -= 3; /* BOM */
  size_t sp = 0;
  while (sp < n && (is_space(data[sp]) || data[sp] == '\r' || data[sp] == '\n'))
    sp++;
  if (sp == n) {
    problem(ctx, 0, "empty file");
    return WARTA_CORRUPT;
  }
  memset(&st, 0, sizeof st);
  body(&st, data, n, front_matter(&st, data, n, o ? o->warn : NULL, ctx));
  int rc = deliver(&st, o, fn, problem, ctx);
  for (int i = 0; i < F_N; i++)
    warta_buf_free(&st.field[i]);
  warta_buf_free(&st.body);
  warta_buf_free(&st.line);
  return rc;
}

int warta_read_markdown(const char *data, size_t n, const warta_read_opts *o, warta_article_fn fn,
                        warta_problem_fn problem, void *ctx) {
  warta_buf prepared = WARTA_BUF_INIT;
  int rc = warta_text_prepare(data, n, o, problem, ctx, &prepared, &data, &n);
  if (rc == WARTA_OK) rc = read_markdown(data, n, o, fn, problem, ctx);
  warta_buf_free(&prepared);
  return rc;
}
