/*
** HTML: one article per page, parsed with libxml2's forgiving HTML parser,
** which also finds the page's charset (meta charset, else UTF-8).
**
** The metadata comes from the tags news sites fill for social media and
** search engines (og:*, article:published_time, canonical), which are more
** reliable than anything visible on the page. The text comes from the
** page's <article> (else <main>, else <body>) without the chrome around it:
** menus, share buttons, related links, comments and ads, recognised by tag
** name or by a word in their class or id.
**
** Trees are walked without recursion and without climbing back up from
** each node: malformed pages nest deeply.
** xmlCleanupParser() is never called: the process uses libxml2 elsewhere.
*/
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/rc.h"
#include "reader.h"

/* Slots for metadata found in the page; the first of each kind wins. */
enum {
  M_OG_TITLE,          /* <meta property="og:title"> */
  M_SOURCE,            /* <meta property="og:site_name"> */
  M_CANONICAL,         /* <link rel="canonical"> */
  M_OG_URL,            /* <meta property="og:url"> */
  M_LANG,              /* <html lang> */
  M_DATE,              /* M_DATE + i: the i-th source of a date, best first */
  M_TIME = M_DATE + 6, /* <time datetime>, the last resort */
  M_N
};

/* <meta> tags by their property, name or itemprop (case-insensitive). */
static const struct {
  const char *key; /* the attribute's value */
  int slot;        /* where the tag's content goes */
} metas[] = {
    {"og:title", M_OG_TITLE},       {"og:site_name", M_SOURCE},
    {"og:url", M_OG_URL},           {"article:published_time", M_DATE + 0},
    {"pubdate", M_DATE + 1},        {"publishdate", M_DATE + 2},
    {"date", M_DATE + 3},           {"datePublished", M_DATE + 4},
    {"DC.date.issued", M_DATE + 5},
};

enum {
  K_SKIP = 1,    /* left out with all it holds */
  K_BLOCK = 2,   /* ends a paragraph */
  K_CELL = 4,    /* separates words */
  K_HEADING = 8, /* h1-h6 */
};

/* Element names as libxml2 gives them (lowercase); others are inline. */
static const struct {
  const char *name; /* element */
  int kind;         /* K_* */
} elements[] = {
    {"script", K_SKIP},
    {"style", K_SKIP},
    {"noscript", K_SKIP},
    {"template", K_SKIP},
    {"nav", K_SKIP},
    {"header", K_SKIP},
    {"footer", K_SKIP},
    {"aside", K_SKIP},
    {"form", K_SKIP},
    {"iframe", K_SKIP},
    {"svg", K_SKIP},
    {"button", K_SKIP},
    {"select", K_SKIP},
    {"head", K_SKIP},
    {"p", K_BLOCK},
    {"div", K_BLOCK},
    {"section", K_BLOCK},
    {"article", K_BLOCK},
    {"main", K_BLOCK},
    {"li", K_BLOCK},
    {"ul", K_BLOCK},
    {"ol", K_BLOCK},
    {"dl", K_BLOCK},
    {"dd", K_BLOCK},
    {"dt", K_BLOCK},
    {"blockquote", K_BLOCK},
    {"pre", K_BLOCK},
    {"table", K_BLOCK},
    {"tr", K_BLOCK},
    {"caption", K_BLOCK},
    {"figure", K_BLOCK},
    {"figcaption", K_BLOCK},
    {"br", K_BLOCK},
    {"hr", K_BLOCK},
    {"address", K_BLOCK},
    {"center", K_BLOCK},
    {"details", K_BLOCK},
    {"summary", K_BLOCK},
    {"td", K_CELL},
    {"th", K_CELL},
    {"h1", K_BLOCK | K_HEADING},
    {"h2", K_BLOCK | K_HEADING},
    {"h3", K_BLOCK | K_HEADING},
    {"h4", K_BLOCK | K_HEADING},
    {"h5", K_BLOCK | K_HEADING},
    {"h6", K_BLOCK | K_HEADING},
};

/* Words that mark page furniture in a class or id ("social-share",
** "relatedPosts", "adsbygoogle"); matched at the start of a word. */
static const char *const noise_words[] = {"share",  "related", "comment",
                                          "advert", "ads",     "breadcrumb"};

/* Strings of the article, collapsed; index into ht_state.str. */
enum { S_TITLE, S_DATE, S_SOURCE, S_URL, S_LANG, S_HEADING, S_N };

typedef struct ht_state {
  const char *meta[M_N]; /* attribute values by slot; owned by the tree */
  xmlNode *title;        /* first <title> */
  xmlNode *h1;           /* first <h1> */
  xmlNode *roots[3];     /* first <article> and <main> outside noise, <body> */
  warta_buf str[S_N];    /* collapsed strings, NUL-terminated */
  warta_buf body;        /* paragraphs separated by blank lines */
  int headings;          /* headings met in the body so far */
  char date[11];         /* normalized date */
} ht_state;

/* Collapses whitespace of the text appended through it into out. */
typedef struct para {
  warta_buf *out; /* where the text goes */
  int flat;       /* paragraph breaks become spaces (titles) */
  int space;      /* a space is due before the next word */
  int brk;        /* a paragraph break is due before the next word */
} para;

static int ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Bytes of whitespace at s (ASCII, or U+00A0 from &nbsp;), else 0. */
static size_t white(const unsigned char *s) {
  if (*s == ' ' || (*s >= '\t' && *s <= '\r')) return 1;
  return s[0] == 0xc2 && s[1] == 0xa0 ? 2 : 0;
}

static void para_text(para *pa, const char *text) {
  const unsigned char *s = (const unsigned char *)text;
  while (s && *s) {
    size_t w = white(s), run = 0;
    if (w) {
      pa->space = 1;
      s += w;
      continue;
    }
    while (s[run] && !white(s + run))
      run++;
    if (pa->out->n > 0 && (pa->brk || pa->space)) {
      warta_buf_puts(pa->out, pa->brk && !pa->flat ? "\n\n" : " ");
    }
    pa->brk = pa->space = 0;
    warta_buf_append(pa->out, s, run);
    s += run;
  }
}

static void para_break(para *pa, int kind) {
  if (kind & K_BLOCK) pa->brk = 1;
  if (kind & K_CELL) pa->space = 1;
}

/* The value of an attribute of an element ("" when it has none), or NULL. */
static const char *attr(const xmlNode *n, const char *name) {
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    if (a->type != XML_ATTRIBUTE_NODE || strcasecmp((const char *)a->name, name) != 0) continue;
    const xmlNode *t = a->children;
    return t && t->type == XML_TEXT_NODE && t->content ? (const char *)t->content : "";
  }
  return NULL;
}

static int is(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static int kind_of(const xmlNode *n) {
  if (n->type != XML_ELEMENT_NODE) return 0;
  for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++) {
    if (strcmp(elements[i].name, (const char *)n->name) == 0) return elements[i].kind;
  }
  return 0;
}

/* 1 when a noise word starts a word of s: after a non-alphanumeric
** byte or at a camelCase hump. */
static int noisy(const char *s) {
  for (size_t i = 0; s && s[i]; i++) {
    unsigned char prev = i ? (unsigned char)s[i - 1] : ' ', c = (unsigned char)s[i];
    int start = !ascii_alnum(prev) || (prev >= 'a' && prev <= 'z' && c >= 'A' && c <= 'Z');
    for (size_t k = 0; start && k < sizeof noise_words / sizeof noise_words[0]; k++) {
      if (strncasecmp(s + i, noise_words[k], strlen(noise_words[k])) == 0) return 1;
    }
  }
  return 0;
}

static int skipped(const xmlNode *n) {
  return n->type == XML_ELEMENT_NODE &&
         ((kind_of(n) & K_SKIP) || noisy(attr(n, "class")) || noisy(attr(n, "id")));
}

static void keep(const char **slot, const char *value) {
  if (!*slot && value && *value) *slot = value;
}

static void meta_tag(ht_state *st, const xmlNode *n) {
  const char *key = attr(n, "property");
  if (!key) key = attr(n, "name");
  if (!key) key = attr(n, "itemprop");
  for (size_t i = 0; key && i < sizeof metas / sizeof metas[0]; i++) {
    if (strcasecmp(key, metas[i].key) == 0) keep(&st->meta[metas[i].slot], attr(n, "content"));
  }
}

/* What survey() notes of one element; noise: it or an element around it
** (below <body>) is left out, as the first <article> of a page can be a
** teaser in a "related" box. */
static void look(ht_state *st, xmlNode *n, int noise) {
  const char *rel = is(n, "link") ? attr(n, "rel") : NULL;
  if (is(n, "meta")) meta_tag(st, n);
  if (rel && strcasecmp(rel, "canonical") == 0) keep(&st->meta[M_CANONICAL], attr(n, "href"));
  if (is(n, "html")) keep(&st->meta[M_LANG], attr(n, "lang"));
  if (is(n, "time")) keep(&st->meta[M_TIME], attr(n, "datetime"));
  if (is(n, "title") && !st->title) st->title = n;
  if (is(n, "h1") && !st->h1) st->h1 = n;
  if (is(n, "body") && !st->roots[2]) st->roots[2] = n;
  if (is(n, "article") && !st->roots[0] && !noise) st->roots[0] = n;
  if (is(n, "main") && !st->roots[1] && !noise) st->roots[1] = n;
}

/* One pass over the whole tree for metadata and the candidate roots. The
** outermost element left out around the current node is kept on the way,
** not looked for from each node (a deep page would cost depth squared). */
static void survey(ht_state *st, xmlDoc *doc) {
  xmlNode *root = (xmlNode *)doc, *n = doc->children;
  const xmlNode *noise = NULL;
  while (n) {
    if (n->type == XML_ELEMENT_NODE) {
      if (!noise && !is(n, "body") && !is(n, "html") && skipped(n)) noise = n;
      look(st, n, noise != NULL);
    }
    if (n->children) {
      n = n->children;
      continue;
    }
    /* leave n, and every element it was the last child of */
    for (;;) {
      if (n == noise) noise = NULL;
      if (n == root) {
        n = NULL;
        break;
      }
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
    }
  }
}

static void walk(ht_state *st, xmlNode *root, para *pa, int body);

/* Whether the body walk goes into n; a first heading that repeats the
** title is left out. */
static int enter(ht_state *st, xmlNode *n, para *pa, int body) {
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
    para_text(pa, (const char *)n->content);
    return 1;
  }
  if (n->type != XML_ELEMENT_NODE) return 0;
  int kind = kind_of(n), skip = skipped(n);
  /* what is left out still separates the words around it */
  para_break(pa, skip ? kind | K_CELL : kind);
  if (skip) return 0;
  if (body && (kind & K_HEADING) && st->headings++ == 0 && st->str[S_TITLE].n > 0) {
    para h = {&st->str[S_HEADING], 1, 0, 0};
    warta_buf_reset(h.out);
    walk(st, n, &h, 0);
    if (h.out->p && strcmp(h.out->p, st->str[S_TITLE].p) == 0) return 0;
  }
  return 1;
}

/* Append the text below root to pa; body = 0 for a title (no headings
** are compared then, so this recurses once at most). */
static void walk(ht_state *st, xmlNode *root, para *pa, int body) {
  xmlNode *n = root->children;
  while (n) {
    int in = enter(st, n, pa, body);
    if (in && n->children) {
      n = n->children;
      continue;
    }
    if (in) para_break(pa, kind_of(n));
    /* leave every element that n was the last child of */
    while (n != root && !n->next) {
      n = n->parent;
      if (n != root) para_break(pa, kind_of(n));
    }
    n = n != root ? n->next : NULL;
  }
}

static void collapse(warta_buf *out, const char *s) {
  para pa = {out, 1, 0, 0};
  warta_buf_reset(out);
  para_text(&pa, s);
}

static void node_text(ht_state *st, warta_buf *out, xmlNode *n) {
  para pa = {out, 1, 0, 0};
  warta_buf_reset(out);
  if (n) walk(st, n, &pa, 0);
}

static const char *str_or_null(const warta_buf *b) { return b->n ? b->p : NULL; }

/* Fill the article's strings from what survey() found. */
static void extract(ht_state *st, warta_article *a) {
  collapse(&st->str[S_TITLE], st->meta[M_OG_TITLE]);
  if (!st->str[S_TITLE].n) node_text(st, &st->str[S_TITLE], st->title);
  if (!st->str[S_TITLE].n) node_text(st, &st->str[S_TITLE], st->h1);
  for (int i = 0; i < 3 && st->body.n == 0; i++) {
    para pa = {&st->body, 0, 0, 0};
    st->headings = 0;
    if (st->roots[i]) walk(st, st->roots[i], &pa, 1);
  }
  const char *date = NULL;
  for (int i = M_DATE; i <= M_TIME && !date; i++)
    date = st->meta[i];
  collapse(&st->str[S_DATE], date);
  collapse(&st->str[S_SOURCE], st->meta[M_SOURCE]);
  collapse(&st->str[S_URL], st->meta[M_CANONICAL] ? st->meta[M_CANONICAL] : st->meta[M_OG_URL]);
  collapse(&st->str[S_LANG], st->meta[M_LANG]);
  memset(a, 0, sizeof *a);
  a->title = str_or_null(&st->str[S_TITLE]);
  a->body = st->body.p ? st->body.p : "";
  a->n_body = st->body.n;
  a->date = str_or_null(&st->str[S_DATE]);
  if (a->date && warta_date_iso(a->date, st->date)) a->date = st->date;
  a->source = str_or_null(&st->str[S_SOURCE]);
  a->url = str_or_null(&st->str[S_URL]);
  a->lang = str_or_null(&st->str[S_LANG]);
}

static int has_content(const char *data, size_t n) {
  size_t i = n >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
  for (; i < n; i++) {
    if (data[i] && data[i] != ' ' && (data[i] < '\t' || data[i] > '\r')) return 1;
  }
  return 0;
}

/* What went wrong in one parse, from libxml2's structured error handler,
** which also keeps conversion errors off stderr (HTML_PARSE_NOERROR does
** not cover them). */
typedef struct ht_errors {
  int nomem;     /* an allocation failed */
  int charset;   /* bytes invalid in the page's charset: the tree ends there */
  int not_utf8;  /* bytes that are not UTF-8 in a page read as UTF-8: libxml2
                 ** went on in Latin-1 from there */
  uint64_t work; /* open elements summed over the parse errors */
  int stopped;   /* parsing was stopped (WORK_MAX): the depth then */
  int too_deep;  /* libxml2 stopped at a depth limit of its own */
  int line;      /* where parsing stopped */
} ht_errors;

/* Parsing is not limited in depth (XML_PARSE_HUGE; libxml2 2.9 would stop
** at 256 levels and drop the rest of the page). But each misplaced tag
** (an end tag that matches no open element, or one that may not close
** those above it; a misplaced <body>) makes libxml2 search its stack of
** open elements, so a page of deep nesting and many misplaced tags costs
** depth times tags: the work is counted from the errors such tags raise,
** and parsing stops when it passes this many elements searched (well
** under a second). */
#define WORK_MAX 100000000

#if LIBXML_VERSION >= 21200
typedef const xmlError *ht_error_ptr;
#else
typedef xmlError *ht_error_ptr;
#endif

static void on_xml_error(void *ctx, ht_error_ptr e) {
  ht_errors *err = ctx;
  htmlParserCtxtPtr p = e->ctxt;
  if (e->code == XML_ERR_NO_MEMORY) err->nomem = 1;
  if (e->domain == XML_FROM_I18N || e->code == XML_IO_ENCODER) err->charset = 1;
  if (e->domain == XML_FROM_HTML && e->code == XML_ERR_INVALID_ENCODING) err->not_utf8 = 1;
  if (e->level == XML_ERR_FATAL && e->message && strstr(e->message, "Excessive depth")) {
    err->too_deep = 1;
    err->line = e->line;
  }
  /* the errors of tags that made libxml2 search its stack of open elements */
  if (!p || err->stopped || e->domain != XML_FROM_HTML ||
      (e->code != XML_ERR_TAG_NAME_MISMATCH && e->code != XML_HTML_STRUCURE_ERROR))
    return;
  err->work += p->nameNr > 0 ? (uint64_t)p->nameNr : 1;
  if (err->work > WORK_MAX) {
    err->stopped = p->nameNr;
    err->line = e->line;
    xmlStopParser(p);
  }
}

/* One parse of data[0..n) in encoding (NULL: the page's own, else UTF-8).
** htmlReadMemory() rather than a parser context of our own: only it starts
** from UTF-8 when the page names no charset (2.9 contexts start from
** Latin-1); an encoding given wins over the page's. */
static xmlDoc *parse(const char *data, size_t n, const char *encoding, ht_errors *err) {
  const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                      HTML_PARSE_NONET | HTML_PARSE_COMPACT | XML_PARSE_HUGE;
  memset(err, 0, sizeof *err);
  /* the handler is the caller's thread's; put it back as it was */
  xmlStructuredErrorFunc saved = xmlStructuredError;
  void *saved_ctx = xmlStructuredErrorContext;
  xmlSetStructuredErrorFunc(err, on_xml_error);
  xmlDoc *doc = htmlReadMemory(data, (int)n, NULL, encoding, options);
  xmlSetStructuredErrorFunc(saved_ctx, saved);
  return doc;
}

/* Say that parsing stopped before the end of the page, and where. */
static void stopped_early(const ht_errors *err, const warta_read_opts *o, void *ctx) {
  char msg[160];
  if (!o || !o->warn || (!err->stopped && !err->too_deep)) return;
  if (err->stopped)
    snprintf(msg, sizeof msg,
             "HTML too broken to parse in reasonable time (misplaced tags %d levels deep): "
             "the text from here on is not indexed",
             err->stopped);
  else
    snprintf(msg, sizeof msg,
             "HTML nested deeper than libxml2 allows: the text from here on is not indexed");
  o->warn(ctx, err->line, msg);
}

/* The tree of the page; NULL with *rc set when there is none. A page read
** as UTF-8 (it names no charset, or UTF-8) whose bytes are not UTF-8 is
** read again, converted from its legacy charset (see charset.h). */
static xmlDoc *read_page(const char *data, size_t n, const warta_read_opts *o,
                         warta_problem_fn problem, void *ctx, int *rc) {
  warta_buf conv = WARTA_BUF_INIT;
  ht_errors err;
  char msg[128];
  if (n > INT_MAX) {
    problem(ctx, 0, "HTML file too large");
    *rc = WARTA_CORRUPT;
    return NULL;
  }
  xmlDoc *doc = parse(data, n, NULL, &err);
  if (!err.nomem && !err.charset && err.not_utf8) {
    int r = warta_legacy_text(data, n, 1, o, problem, ctx, &conv);
    if (r == WARTA_OK && conv.n <= INT_MAX) {
      xmlFreeDoc(doc);
      doc = parse(conv.p, conv.n, "UTF-8", &err);
    } else if (r == WARTA_CORRUPT || r == WARTA_NOMEM) {
      *rc = r;
    }
    warta_buf_free(&conv);
  }
  if (*rc) {
    /* reported */
  } else if (err.nomem) {
    *rc = WARTA_NOMEM;
  } else if (err.charset) {
    /* the tree stops at the bad byte: a page cut short is not the page */
    snprintf(msg, sizeof msg, "bytes invalid in the page's charset (%.40s)",
             doc && doc->encoding ? (const char *)doc->encoding : "declared");
    problem(ctx, 0, msg);
    *rc = WARTA_CORRUPT;
  } else if (!doc) {
    problem(ctx, 0, "cannot parse HTML");
    *rc = WARTA_CORRUPT;
  } else {
    stopped_early(&err, o, ctx);
  }
  if (*rc) xmlFreeDoc(doc);
  return *rc ? NULL : doc;
}

int warta_read_html(const char *data, size_t n, const warta_read_opts *o, warta_article_fn fn,
                    warta_problem_fn problem, void *ctx) {
  ht_state st;
  warta_article a;
  warta_buf copy = WARTA_BUF_INIT;
  int rc = WARTA_OK;
  if (!has_content(data, n)) {
    problem(ctx, 0, "empty file");
    return WARTA_CORRUPT;
  }
  /* libxml2 stops at a NUL byte: it is white space here, as in the text */
  const char *text = warta_without_nul(data, n, &copy);
  xmlDoc *doc = text ? read_page(text, n, o, problem, ctx, &rc) : NULL;
  warta_buf_free(&copy);
  if (!text) return WARTA_NOMEM;
  if (!doc) return rc;
  memset(&st, 0, sizeof st);
  survey(&st, doc);
  extract(&st, &a);
  for (int i = 0; i < S_N; i++) {
    if (st.str[i].err) rc = WARTA_NOMEM;
  }
  if (st.body.err) rc = WARTA_NOMEM;
  if (rc == WARTA_OK && !a.title && !a.n_body) {
    problem(ctx, 0, "no text found in HTML");
    rc = WARTA_CORRUPT;
  }
  if (rc == WARTA_OK) rc = fn(ctx, &a);
  for (int i = 0; i < S_N; i++)
    warta_buf_free(&st.str[i]);
  warta_buf_free(&st.body);
  xmlFreeDoc(doc);
  return rc;
}
