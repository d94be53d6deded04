/*
** The search page and the article view: server-rendered HTML that needs
** no script, readable on a phone, in Indonesian or English (lang.h).
** Every byte from the index or the request goes through html.h.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/rc.h"
#include "html.h"
#include "lang.h"
#include "outlets.h"
#include "params.h"
#include "serve.h"
#include "timeline.h"

#define FACET_SOURCES 12 /* outlets listed at most */
#define PAGE_COPIES 8    /* a story's other copies named under its hit */
#define FACET_MONTHS 24  /* months listed at most (the latest) */
#define PAGE_LINKS 4     /* page numbers shown on each side of the current */

static const char style[] =
    "*{box-sizing:border-box}"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "color:#1a1a1a;background:#fff}"
    "header{background:#0b3d5c;color:#fff;padding:.75rem 1rem}"
    "header a.brand{color:#fff;font-weight:700;font-size:1.25rem;text-decoration:none;"
    "margin-right:1rem}"
    "form.search .row{display:flex;gap:.5rem;margin:.5rem 0}"
    "form.search input[type=search]{flex:1;min-width:0;font-size:1rem;padding:.5rem;"
    "border:1px solid #8aa;border-radius:4px}"
    "button{font-size:1rem;padding:.5rem 1rem;border:0;border-radius:4px;background:#f2b705;"
    "color:#111;cursor:pointer}"
    ".filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;font-size:.9rem}"
    ".filters label{display:flex;flex-direction:column}"
    ".filters input,.filters select{font-size:.95rem;padding:.25rem;width:9.5rem}"
    ".filters label.check{flex-direction:row;align-items:center;gap:.35rem}"
    ".filters label.check input{width:auto}"
    "main{padding:1rem;max-width:62rem;margin:0 auto}"
    ".count{color:#444;margin:.25rem 0 1rem}"
    ".layout{display:flex;gap:2rem;align-items:flex-start}"
    ".hits{flex:1;min-width:0;padding-left:1.5rem;margin:0}"
    ".hit{margin-bottom:1.25rem}"
    ".hit h2{font-size:1.1rem;margin:0}"
    ".meta{color:#555;font-size:.85rem;margin:.1rem 0}"
    ".passage{margin:.25rem 0}"
    ".copies{margin:.25rem 0;font-size:.9rem;color:#555}"
    "mark{background:#ffe58a;color:inherit;padding:0 .1em}"
    "aside.facets{width:14rem;font-size:.9rem}"
    "aside.facets h2{font-size:.95rem;margin:.5rem 0 .25rem}"
    "aside.facets ul{list-style:none;padding:0;margin:0 0 1rem}"
    "aside.facets .n{color:#666}"
    "nav.pages{margin:1.5rem 0;display:flex;flex-wrap:wrap;gap:.5rem}"
    "nav.pages a,nav.pages span{padding:.25rem .6rem;border:1px solid #ccd;border-radius:4px;"
    "text-decoration:none}"
    "nav.pages span.current{background:#0b3d5c;color:#fff}"
    ".suggest{font-size:1.05rem}"
    ".error{color:#a00;font-weight:600}"
    ".missing{background:#fff4d6;border-left:4px solid #f2b705;padding:.5rem .75rem}"
    "article h1{font-size:1.5rem;line-height:1.3}"
    "footer{padding:1rem;color:#666;font-size:.85rem;text-align:center}"
    ".download{margin:-.75rem 0 1rem;font-size:.9rem}"
    ".timeline{margin:0 0 1rem}"
    ".timeline figcaption,.timeline .axis,.timeline .undated{font-size:.85rem;color:#555;"
    "margin:0}"
    ".timeline svg{display:block;width:100%;height:6rem;color:#0b3d5c;"
    "border-bottom:1px solid #ccd}"
    ".timeline a:hover .bar,.timeline a:focus .bar{fill:#f2b705}"
    ".timeline .axis{display:flex;justify-content:space-between}"
    "@media (max-width:40rem){.layout{flex-direction:column}"
    "aside.facets{width:auto}.filters input,.filters select{width:8rem}}";

/* After the style above: the keyboard's focus always visible, the
** latency, the similar-articles link, and dark mode when the reader's
** system asks for it. On a phone the layout is one column in the order of
** the document: the hits, then the facets. */
static const char style_finish[] =
    ":root{color-scheme:light dark}"
    "a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible"
    "{outline:3px solid #0b57d0;outline-offset:2px}"
    "header :focus-visible{outline-color:#f2b705!important}"
    "footer .took{margin:0 0 .5rem}"
    ".like{background:#eef4f8;border-left:4px solid #0b3d5c;padding:.5rem .75rem}"
    "@media (prefers-color-scheme:dark){"
    "body{color:#e6e6e6;background:#15181b}"
    "header{background:#0a2a3f}"
    "a{color:#8ab4f8}a:visited{color:#d0a8ff}"
    "header a.brand{color:#fff}"
    "form.search input[type=search],.filters input,.filters select"
    "{background:#1e2328;color:#e6e6e6;border:1px solid #6b7d88}"
    ".count{color:#c8c8c8}.meta,.copies{color:#b8b8b8}aside.facets .n{color:#b0b0b0}"
    ".timeline figcaption,.timeline .axis,.timeline .undated{color:#b8b8b8}"
    ".timeline svg{color:#8ab4f8}"
    "footer{color:#b0b0b0}"
    "mark{background:#6b5600;color:#fff}"
    "nav.pages a,nav.pages span{border-color:#4a5863}"
    "nav.pages span.current{background:#2f6f9a}"
    ".error{color:#ff8a80}"
    ".missing{background:#3a3000}.like{background:#1d2a33;border-left-color:#8ab4f8}"
    "a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible"
    "{outline-color:#ffd54a}}";

void page_style(server *sv, const http_req *rq, http_resp *out) {
  char *css = malloc(sizeof style + sizeof style_finish - 1);
  (void)sv;
  (void)rq;
  if (css) {
    memcpy(css, style, sizeof style - 1);
    memcpy(css + sizeof style - 1, style_finish, sizeof style_finish);
  }
  out->status = css ? 200 : 500;
  out->type = "text/css; charset=utf-8";
  out->body = css;
  out->n = css ? strlen(css) : 0;
  out->cache = "public, max-age=86400";
}

/* What the page was asked, as given, for the form and the links. */
typedef struct view {
  ui_lang ui;                /* the interface language */
  const char *hl;            /* ?hl= as given (kept in links), or NULL */
  const char *q;             /* the query ("" for none) */
  const char *since, *until; /* as typed, or NULL */
  const char *source, *lang; /* filters, or NULL */
  const char *sort;          /* as given, or NULL */
  int offset, limit;         /* the page */
  int full;                  /* whole passages */
  int partial;               /* partial= as asked: 1, 0, or -1 (not given) */
  int copies;                /* copies=1: every copy a hit of its own */
  int exact;                 /* exact=1: the words alone, no names for them */
  const char *story;         /* story=KEY: the copies of that article's story */
  const char *like;          /* articles like this key or path, or NULL */
  int per_doc;               /* passages per article (1 unless asked) */
  int reading;               /* 1: the article view (its search box waits) */
  char *const *outlets;      /* the index's outlets for the pick-list, or NULL */
  double t0;                 /* when the request's handling began (ms) */
  int feed;                  /* a search's page: it links its Atom feed */
} view;

static const char *arg(const http_req *rq, const char *name) {
  const char *v = http_arg(rq, name);
  return v && *v ? v : NULL;
}

static void view_init(view *v, const http_req *rq) {
  memset(v, 0, sizeof *v);
  v->hl = arg(rq, "hl");
  if (v->hl && strcmp(v->hl, "en") != 0 && strcmp(v->hl, "id") != 0) v->hl = NULL;
  v->ui = ui_lang_pick(v->hl, http_header(rq, "Accept-Language"));
  v->q = http_arg(rq, "q");
  if (!v->q) v->q = "";
  v->since = arg(rq, "since");
  v->until = arg(rq, "until");
  v->source = arg(rq, "source");
  v->lang = arg(rq, "lang");
  v->sort = arg(rq, "sort");
  v->limit = 10;
  v->partial = -1;
  v->story = arg(rq, "story");
  const char *c = arg(rq, "copies");
  v->copies = c && strcmp(c, "0") != 0;
  const char *e = arg(rq, "exact");
  v->exact = e && strcmp(e, "0") != 0;
  v->like = arg(rq, "like");
  v->per_doc = 1;
  v->t0 = rq->t0;
}

/* What params_read() made of the page's numbers and flags, for the links. */
static void view_take(view *v, const request *r, const params_extra *x) {
  v->offset = r->offset;
  v->limit = r->limit;
  v->per_doc = r->per_doc;
  v->full = x->full;
  v->partial = x->partial;
}

#define S(m) ui_str(v->ui, (m))

/* A URL parameter, "?name=value" first, then "&name=value", when value is set. */
static void param(warta_buf *u, const char *name, const char *value) {
  if (!value || !*value) return;
  warta_buf_putc(u, u->p && memchr(u->p, '?', u->n) ? '&' : '?');
  warta_buf_puts(u, name);
  warta_buf_putc(u, '=');
  html_url_param(u, value);
}

/* The parameters that say which articles v searches, and in which order
** (the export and the feed take these). */
static void search_params(warta_buf *u, const view *v) {
  param(u, "q", v->q);
  param(u, "like", v->like);
  param(u, "since", v->since);
  param(u, "until", v->until);
  param(u, "source", v->source);
  param(u, "lang", v->lang);
  param(u, "sort", v->sort);
  if (v->exact) param(u, "exact", "1");
}

/* The parameters of v's search (every one the page keeps) appended to u. */
static void view_params(warta_buf *u, const view *v) {
  char num[32];
  search_params(u, v);
  if (v->offset > 0) {
    snprintf(num, sizeof num, "%d", v->offset);
    param(u, "offset", num);
  }
  if (v->limit != 10) {
    snprintf(num, sizeof num, "%d", v->limit);
    param(u, "n", num);
  }
  if (v->per_doc != 1) {
    snprintf(num, sizeof num, "%d", v->per_doc);
    param(u, "per_doc", num);
  }
  if (v->full) param(u, "full", "1");
  if (v->copies) param(u, "copies", "1");
  param(u, "story", v->story);
  if (v->partial >= 0) param(u, "partial", v->partial ? "1" : "0");
  param(u, "hl", v->hl);
}

/* A link to path (with key, unless NULL) and v's parameters, as an escaped
** attribute value. */
static void href(warta_buf *b, const view *v, const char *path, const char *key) {
  warta_buf u = WARTA_BUF_INIT;
  warta_buf_puts(&u, path);
  param(&u, "key", key);
  view_params(&u, v);
  if (u.err) b->err = u.err;
  html_text(b, u.p, u.n);
  warta_buf_free(&u);
}

/* A link to the search page with v's parameters. */
static void search_href(warta_buf *b, const view *v) { href(b, v, "/", NULL); }

/* A link to the Atom feed of v's search (/feed: the newest added first),
** as an escaped attribute value. */
static void feed_href(warta_buf *b, const view *v) {
  warta_buf u = WARTA_BUF_INIT;
  warta_buf_puts(&u, "/feed");
  search_params(&u, v);
  if (u.err) b->err = u.err;
  html_text(b, u.p ? u.p : "/feed", u.p ? u.n : 5);
  warta_buf_free(&u);
}

/* A link to the article view of key, the words of q marked; it carries
** every parameter of v's search, so that its "back" link returns to the
** same page of the same results. */
static void article_href(warta_buf *b, const view *v, const char *key) {
  href(b, v, "/article", key);
}

/* A count with the interface language's thousands separator. */
static void put_count(warta_buf *b, const view *v, long n) {
  char digits[32];
  int len = snprintf(digits, sizeof digits, "%ld", n < 0 ? 0 : n);
  for (int i = 0; i < len; i++) {
    if (i > 0 && (len - i) % 3 == 0) warta_buf_putc(b, v->ui == UI_EN ? ',' : '.');
    warta_buf_putc(b, digits[i]);
  }
}

static void head(warta_buf *b, const view *v, const char *title) {
  warta_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
                   ui_lang_code(v->ui));
  warta_buf_puts(b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
  if (title && *title) {
    html_str(b, title);
    warta_buf_puts(b, " – ");
  }
  html_str(b, S(MSG_TITLE));
  warta_buf_puts(b, " · warta</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n"
                    "<link rel=\"icon\" href=\"data:,\">\n");
  if (v->feed) {
    warta_buf_puts(b, "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
    html_str(b, S(MSG_FEED));
    warta_buf_puts(b, "\" href=\"");
    feed_href(b, v);
    warta_buf_puts(b, "\">\n");
  }
  warta_buf_puts(b, "</head>\n<body>\n");
}

static void option(warta_buf *b, const char *value, const char *label, int selected) {
  warta_buf_puts(b, "<option value=\"");
  html_str(b, value);
  warta_buf_puts(b, selected ? "\" selected>" : "\">");
  html_str(b, label);
  warta_buf_puts(b, "</option>");
}

static void text_field(warta_buf *b, const char *label, const char *name, const char *value,
                       const char *placeholder) {
  warta_buf_puts(b, "<label>");
  html_str(b, label);
  warta_buf_printf(b, " <input name=\"%s\" value=\"", name);
  html_str(b, value);
  warta_buf_puts(b, "\"");
  if (placeholder) {
    warta_buf_puts(b, " placeholder=\"");
    html_str(b, placeholder);
    warta_buf_puts(b, "\"");
  }
  warta_buf_puts(b, "></label>\n");
}

/* The hidden fields that keep what the form does not show: the article
** others are like, the passages per article, the page's size and whole
** passages; a new search starts at the first page. */
static void hidden_fields(warta_buf *b, const view *v) {
  if (v->like) {
    warta_buf_puts(b, "<input type=\"hidden\" name=\"like\" value=\"");
    html_str(b, v->like);
    warta_buf_puts(b, "\">\n");
  }
  if (v->per_doc != 1)
    warta_buf_printf(b, "<input type=\"hidden\" name=\"per_doc\" value=\"%d\">\n", v->per_doc);
  if (v->limit != 10)
    warta_buf_printf(b, "<input type=\"hidden\" name=\"n\" value=\"%d\">\n", v->limit);
  if (v->full) warta_buf_puts(b, "<input type=\"hidden\" name=\"full\" value=\"1\">\n");
}

/* A pick-list of a filter: label, its parameter name, the label of "any"
** (no filter), the values (NULL-terminated; NULL: none) and the one
** picked (NULL: any), kept when the list lacks it. A language's name is
** shown with its code (names: 1). Without script the form's button
** submits it, so the choice can be made with the keyboard alone. */
static void pick_list(warta_buf *b, const view *v, const char *label, const char *name,
                      const char *any, char *const *values, const char *picked, int names) {
  int listed = 0;
  warta_buf_puts(b, "<label>");
  html_str(b, label);
  warta_buf_printf(b, " <select name=\"%s\">", name);
  option(b, "", any, !picked);
  for (int i = 0; values && values[i]; i++) {
    int on = picked && !listed && strcasecmp(picked, values[i]) == 0;
    const char *lang_name = names ? ui_lang_name(v->ui, values[i]) : NULL;
    char shown[64];
    if (lang_name) snprintf(shown, sizeof shown, "%s (%s)", lang_name, values[i]);
    option(b, values[i], lang_name ? shown : values[i], on);
    listed |= on;
  }
  if (picked && !listed) option(b, picked, picked, 1);
  warta_buf_puts(b, "</select></label>\n");
}

/* The header with the search form; langs: the index's languages (may be
** NULL). */
static void search_form(warta_buf *b, const view *v, char **langs) {
  warta_buf_puts(b, "<header>\n<form class=\"search\" method=\"get\" action=\"/\" "
                    "role=\"search\">\n<div class=\"row\"><a class=\"brand\" href=\"/");
  if (v->hl) warta_buf_printf(b, "?hl=%s", v->hl);
  warta_buf_puts(b, "\">warta</a><input type=\"search\" name=\"q\" value=\"");
  html_str(b, v->q);
  warta_buf_puts(b, "\" placeholder=\"");
  html_str(b, S(MSG_PLACEHOLDER));
  warta_buf_puts(b, "\" aria-label=\"");
  html_str(b, S(MSG_SEARCH));
  warta_buf_puts(b, v->reading ? "\">" : "\" autofocus>");
  warta_buf_puts(b, "<button type=\"submit\">");
  html_str(b, S(MSG_SEARCH));
  warta_buf_puts(b, "</button></div>\n<div class=\"filters\">\n");
  text_field(b, S(MSG_SINCE), "since", v->since, S(MSG_DATE_HINT));
  text_field(b, S(MSG_UNTIL), "until", v->until, S(MSG_DATE_HINT));
  pick_list(b, v, S(MSG_SOURCE), "source", S(MSG_ANY_SOURCE), v->outlets, v->source, 0);
  pick_list(b, v, S(MSG_LANG), "lang", S(MSG_ANY_LANG), langs, v->lang, 1);
  warta_buf_puts(b, "<label>");
  html_str(b, S(MSG_SORT));
  warta_buf_puts(b, " <select name=\"sort\">");
  option(b, "relevance", S(MSG_RELEVANCE), !v->sort || strcmp(v->sort, "relevance") == 0);
  option(b, "newest", S(MSG_NEWEST), v->sort && strcmp(v->sort, "newest") == 0);
  option(b, "oldest", S(MSG_OLDEST), v->sort && strcmp(v->sort, "oldest") == 0);
  option(b, "added", S(MSG_ADDED), v->sort && strcmp(v->sort, "added") == 0);
  warta_buf_puts(b, "</select></label>\n");
  warta_buf_puts(b, "<label class=\"check\"><input type=\"checkbox\" name=\"exact\" value=\"1\"");
  warta_buf_puts(b, v->exact ? " checked> " : "> ");
  html_str(b, S(MSG_EXACT));
  warta_buf_puts(b, "</label>\n");
  if (v->hl) warta_buf_printf(b, "<input type=\"hidden\" name=\"hl\" value=\"%s\">\n", v->hl);
  if (v->partial >= 0)
    warta_buf_printf(b, "<input type=\"hidden\" name=\"partial\" value=\"%d\">\n", v->partial);
  hidden_fields(b, v);
  warta_buf_puts(b, "</div>\n</form>\n</header>\n<main>\n");
}

/* The time the server spent on the request until its page was written
** (waiting for an index, searching and rendering; not sending): honest,
** unlike the engine's own took_ms, which leaves out all but the search. */
static void put_took(warta_buf *b, const view *v) {
  char ms[32];
  if (v->t0 <= 0) return;
  double took = serve_now_ms() - v->t0;
  snprintf(ms, sizeof ms, "%.1f", took < 0 ? 0.0 : took);
  char *dot = strchr(ms, '.');
  if (dot && v->ui == UI_ID) *dot = ','; /* 12,5 ms */
  warta_buf_puts(b, "<p class=\"took\">");
  html_str(b, S(MSG_TOOK));
  warta_buf_printf(b, ": <data value=\"%.3f\">%s</data> ms</p>\n", took, ms);
}

static void foot(warta_buf *b, const view *v) {
  view other = *v;
  other.hl = v->ui == UI_EN ? "id" : "en";
  warta_buf_puts(b, "</main>\n<footer>");
  put_took(b, v);
  warta_buf_puts(b, "<a href=\"");
  search_href(b, &other);
  warta_buf_printf(b, "\" hreflang=\"%s\" lang=\"%s\">", other.hl, other.hl);
  html_str(b, S(MSG_OTHER_LANG));
  warta_buf_puts(b, "</a></footer>\n</body>\n</html>\n");
}

/* The text of an error status. */
static const char *status_text(const view *v, int status) {
  switch (status) {
  case 404: return S(MSG_NOT_FOUND);
  case 503: return S(MSG_UNAVAILABLE);
  default: return S(MSG_ERROR);
  }
}

/* <p class="CLS">TEXT</p>, TEXT escaped; a plain <p> when cls is NULL. */
static void put_para(warta_buf *b, const char *cls, const char *text) {
  warta_buf_puts(b, cls ? "<p class=\"" : "<p");
  if (cls) warta_buf_puts(b, cls);
  warta_buf_puts(b, cls ? "\">" : ">");
  html_str(b, text);
  warta_buf_puts(b, "</p>\n");
}

/* A whole page holding the form and one message. */
static void message_page(http_resp *out, const view *v, int status, const char *msg,
                         const char *detail) {
  warta_buf b = WARTA_BUF_INIT;
  head(&b, v, msg);
  search_form(&b, v, NULL);
  put_para(&b, "error", msg);
  if (detail) {
    put_para(&b, NULL, detail);
  }
  foot(&b, v);
  http_html(out, status, &b);
}

void page_error(server *sv, const http_req *rq, http_resp *out, int status) {
  view vv, *v = &vv;
  (void)sv;
  view_init(v, rq);
  message_page(out, v, status, status_text(v, status), NULL);
}

/**************************************************************************
** results
*/
/* A folded story's other copies: "Also in: kompas.com, tempo.co · all
** copies", each outlet a link to its copy's text. */
static void put_copies(warta_buf *b, const view *v, const warta_hit *h) {
  if (h->ncopy == 0) return;
  warta_buf_puts(b, "<p class=\"copies\">");
  html_str(b, S(MSG_ALSO_IN));
  warta_buf_putc(b, ':');
  for (int i = 0; i < h->ncopy && i < PAGE_COPIES; i++) {
    warta_buf_puts(b, i ? ", <a href=\"" : " <a href=\"");
    article_href(b, v, h->copy[i].key);
    warta_buf_puts(b, "\">");
    html_str(b, h->copy[i].source ? h->copy[i].source : h->copy[i].key);
    warta_buf_puts(b, "</a>");
  }
  if (h->ncopy > PAGE_COPIES) warta_buf_puts(b, ", …");
  view w = *v;
  w.q = "";
  w.story = h->key ? h->key : h->path;
  w.source = w.since = w.until = w.lang = NULL;
  w.offset = 0;
  w.sort = "oldest";
  warta_buf_puts(b, " · <a href=\"");
  search_href(b, &w);
  warta_buf_puts(b, "\">");
  html_str(b, S(MSG_ALL_COPIES));
  warta_buf_printf(b, " (%d)</a></p>\n", h->ncopy + 1);
}

/* A link to the search of w, of class cls (NULL: none), saying text. */
static void search_link(warta_buf *b, const view *w, const char *cls, const char *text) {
  warta_buf_puts(b, "<a ");
  if (cls) warta_buf_printf(b, "class=\"%s\" ", cls);
  warta_buf_puts(b, "href=\"");
  search_href(b, w);
  warta_buf_puts(b, "\">");
  html_str(b, text);
  warta_buf_puts(b, "</a>");
}

/* A hit's link to the articles like it (like=key): a search of its own,
** without the query and the filters, in the same language and page size. */
static void put_similar(warta_buf *b, const view *v, const char *key) {
  view w = *v;
  w.q = "";
  w.like = key;
  w.since = w.until = w.source = w.lang = w.sort = w.story = NULL;
  w.offset = 0;
  warta_buf_puts(b, " · ");
  search_link(b, &w, "similar", S(MSG_SIMILAR));
}

static void put_hit(warta_buf *b, const view *v, const warta_hit *h) {
  const char *key = h->key ? h->key : h->path;
  warta_buf_puts(b, "<li class=\"hit\">\n<h2>");
  if (html_url_ok(h->url)) {
    warta_buf_puts(b, "<a href=\"");
    html_str(b, h->url);
    warta_buf_puts(b, "\" rel=\"noopener noreferrer\">");
  } else {
    warta_buf_puts(b, "<a href=\"");
    article_href(b, v, key);
    warta_buf_puts(b, "\">");
  }
  if (h->title && *h->title)
    html_marked(b, h->title, strlen(h->title), h->title_hl, h->ntitle_hl, 1);
  else
    html_str(b, S(MSG_UNTITLED));
  warta_buf_puts(b, "</a></h2>\n<p class=\"meta\">");
  const char *parts[3] = {h->source, h->date, h->lang};
  int any = 0;
  for (int i = 0; i < 3; i++) {
    if (!parts[i] || !*parts[i]) continue;
    if (any++) warta_buf_puts(b, " · ");
    html_str(b, parts[i]);
  }
  if (key) {
    if (any) warta_buf_puts(b, " · ");
    warta_buf_puts(b, "<a href=\"");
    article_href(b, v, key);
    warta_buf_puts(b, "\">");
    html_str(b, S(MSG_FULL_TEXT));
    warta_buf_puts(b, "</a>");
    put_similar(b, v, key);
  }
  warta_buf_puts(b, "</p>\n<p class=\"passage\">");
  html_marked(b, h->text, h->ntext, h->hl, h->nhl, v->full);
  warta_buf_puts(b, "</p>\n");
  put_copies(b, v, h);
  warta_buf_puts(b, "</li>\n");
}

/* One facet's list: each value a link that filters by it; which: the
** facet (WARTA_FACET_SOURCE, _MONTH or _LANG). */
static void put_facet(warta_buf *b, const view *v, const char *heading, const warta_facet *f, int n,
                      int which) {
  static const char *const cls[] = {"sources", "months", "langs"};
  int from = 0, month = which == WARTA_FACET_MONTH;
  if (n == 0) return;
  if (month && n > FACET_MONTHS) from = n - FACET_MONTHS; /* the latest */
  if (!month && n > FACET_SOURCES) n = FACET_SOURCES;
  warta_buf_puts(b, "<h2>");
  html_str(b, heading);
  warta_buf_printf(b, "</h2>\n<ul class=\"%s\">\n", cls[which]);
  for (int i = from; i < n; i++) {
    view w = *v;
    w.offset = 0;
    if (month) {
      w.since = w.until = f[i].value;
    } else if (which == WARTA_FACET_LANG) {
      w.lang = f[i].value;
    } else {
      w.source = f[i].value;
    }
    const char *lang_name = which == WARTA_FACET_LANG ? ui_lang_name(v->ui, f[i].value) : NULL;
    warta_buf_puts(b, "<li><a href=\"");
    search_href(b, &w);
    warta_buf_puts(b, "\">");
    html_str(b, lang_name ? lang_name : f[i].value);
    warta_buf_puts(b, "</a> <span class=\"n\">");
    put_count(b, v, f[i].n);
    warta_buf_puts(b, "</span></li>\n");
  }
  warta_buf_puts(b, "</ul>\n");
}

/* A timeline bar's link: the search narrowed to the bucket's dates. */
static void bucket_href(warta_buf *b, void *ctx, const hist_bucket *k) {
  view w = *(const view *)ctx;
  w.since = k->since;
  w.until = k->until;
  w.offset = 0;
  search_href(b, &w);
}

/* The timeline of the matching articles (serve/timeline.h). */
static void put_timeline(warta_buf *b, const view *v, const search_out *o) {
  histogram h;
  if (histogram_make(o->r.days, o->r.ndays, o->r.total, (hist_unit)o->q.histogram, &h) == 0)
    timeline_put(b, &h, v->ui, bucket_href, (void *)v);
  histogram_free(&h);
}

/* "Unduh CSV": the first PARAMS_MAX_EXPORT hits of this search from the
** API (format=csv), whatever page is shown. */
static void put_export(warta_buf *b, const view *v) {
  warta_buf u = WARTA_BUF_INIT;
  warta_buf_puts(&u, "/api/search?format=csv");
  search_params(&u, v);
  if (v->partial >= 0) param(&u, "partial", v->partial ? "1" : "0");
  if (u.err) b->err = u.err;
  warta_buf_puts(b, "<p class=\"download\"><a class=\"export\" download href=\"");
  html_text(b, u.p ? u.p : "/", u.p ? u.n : 1);
  warta_buf_printf(b, "\" type=\"text/csv\">%s %d %s)</a></p>\n",
                   v->ui == UI_EN ? "Download CSV (up to" : "Unduh CSV (hingga", PARAMS_MAX_EXPORT,
                   v->ui == UI_EN ? "hits" : "hasil");
  warta_buf_free(&u);
}

static void put_pages(warta_buf *b, const view *v, long total) {
  long last = total > PARAMS_MAX_OFFSET + v->limit ? PARAMS_MAX_OFFSET + v->limit : total;
  int pages = (int)((last + v->limit - 1) / v->limit), cur = v->offset / v->limit;
  if (pages <= 1) return;
  warta_buf_puts(b, "<nav class=\"pages\" aria-label=\"");
  html_str(b, S(MSG_PAGE));
  warta_buf_puts(b, "\">\n");
  for (int p = -1; p <= pages; p++) {
    view w = *v;
    int target = p == -1 ? cur - 1 : p == pages ? cur + 1 : p;
    if (target < 0 || target >= pages) continue;
    if (p >= 0 && p < pages && (p < cur - PAGE_LINKS || p > cur + PAGE_LINKS)) continue;
    w.offset = target * v->limit;
    if (w.offset > PARAMS_MAX_OFFSET) continue;
    if (p == cur) {
      warta_buf_printf(b, "<span class=\"current\" aria-current=\"page\">%d</span>\n", p + 1);
      continue;
    }
    warta_buf_puts(b, "<a href=\"");
    search_href(b, &w);
    if (p == -1) {
      warta_buf_puts(b, "\" rel=\"prev\">");
      html_str(b, S(MSG_PREV));
    } else if (p == pages) {
      warta_buf_puts(b, "\" rel=\"next\">");
      html_str(b, S(MSG_NEXT));
    } else {
      warta_buf_printf(b, "\">%d", p + 1);
    }
    warta_buf_puts(b, "</a>\n");
  }
  warta_buf_puts(b, "</nav>\n");
}

/* The count line: how many articles match all words and some, the
** stories they fold into, and the link that clears the filters. */
static void put_summary(warta_buf *b, const view *v, const warta_results *r) {
  warta_buf_puts(b, "<p class=\"count\">");
  if (r->estimated) {
    html_str(b, S(MSG_ABOUT));
    warta_buf_putc(b, ' ');
  }
  /* "127 articles with all words, 45 more with some", as warta-query */
  long all = r->all_words < r->total ? r->all_words : r->total;
  if (all == 0 && r->total > 0) {
    html_str(b, S(MSG_NONE_ALL));
    warta_buf_puts(b, ", ");
    put_count(b, v, r->total);
    warta_buf_putc(b, ' ');
    html_str(b, S(MSG_WITH_SOME));
  } else {
    put_count(b, v, all);
    warta_buf_putc(b, ' ');
    html_str(b, S(all == 1 ? MSG_ARTICLE : MSG_ARTICLES));
  }
  if (all > 0 && all < r->total) {
    warta_buf_putc(b, ' ');
    html_str(b, S(MSG_WITH_ALL));
    warta_buf_puts(b, ", ");
    put_count(b, v, r->total - all);
    warta_buf_putc(b, ' ');
    html_str(b, S(MSG_MORE_SOME));
  }
  if (r->stories >= 0 && r->stories < r->total) {
    warta_buf_puts(b, " (");
    put_count(b, v, r->stories);
    warta_buf_putc(b, ' ');
    html_str(b, S(MSG_STORIES_FOLDED));
    warta_buf_putc(b, ')');
  }
  if (v->source || v->since || v->until || v->lang) {
    view w = *v;
    w.source = w.since = w.until = w.lang = NULL;
    w.offset = 0;
    warta_buf_puts(b, " · <a href=\"");
    search_href(b, &w);
    warta_buf_puts(b, "\">");
    html_str(b, S(MSG_CLEAR_FILTERS));
    warta_buf_puts(b, "</a>");
  }
  warta_buf_puts(b, "</p>\n");
}

/* "Did you mean" with the link to the suggested search. */
static void put_suggestion(warta_buf *b, const view *v, const char *suggestion) {
  view w = *v;
  w.q = suggestion;
  w.offset = 0;
  warta_buf_puts(b, "<p class=\"suggest\">");
  html_str(b, S(MSG_DID_YOU_MEAN));
  warta_buf_puts(b, " <a href=\"");
  search_href(b, &w);
  warta_buf_puts(b, "\">");
  html_str(b, suggestion);
  warta_buf_puts(b, "</a></p>\n");
}

static void put_results(warta_buf *b, const view *v, const search_out *o) {
  const warta_results *r = &o->r;
  put_summary(b, v, r);
  if (r->total > 0) put_export(b, v);
  /* the same search, followed in a feed reader: what is new comes first */
  warta_buf_puts(b, "<p class=\"feed\"><a type=\"application/atom+xml\" href=\"");
  feed_href(b, v);
  warta_buf_puts(b, "\">");
  html_str(b, S(MSG_FEED));
  warta_buf_puts(b, "</a></p>\n");
  if (o->suggestion) put_suggestion(b, v, o->suggestion);
  put_timeline(b, v, o);
  if (r->nhit == 0) {
    put_para(b, NULL, S(MSG_NO_HITS));
    return;
  }
  warta_buf_printf(b, "<div class=\"layout\">\n<ol class=\"hits\" start=\"%d\">\n", v->offset + 1);
  for (int i = 0; i < r->nhit; i++)
    put_hit(b, v, &r->hit[i]);
  warta_buf_puts(b, "</ol>\n<aside class=\"facets\">\n");
  put_facet(b, v, S(MSG_BY_SOURCE), r->facet[WARTA_FACET_SOURCE], r->nfacet[WARTA_FACET_SOURCE], 0);
  put_facet(b, v, S(MSG_BY_MONTH), r->facet[WARTA_FACET_MONTH], r->nfacet[WARTA_FACET_MONTH], 1);
  put_facet(b, v, S(MSG_BY_LANG), r->facet[WARTA_FACET_LANG], r->nfacet[WARTA_FACET_LANG],
            WARTA_FACET_LANG);
  warta_buf_puts(b, "</aside>\n</div>\n");
  /* folded, the pages list stories */
  put_pages(b, v, r->stories >= 0 ? r->stories : r->total);
}

/* What is wrong with the request, in the page's language: what, the
** value, what the index holds instead, and that the results leave it out. */
static void put_fault(warta_buf *b, const view *v, ui_msg what, const char *value,
                      const char *known) {
  warta_buf_puts(b, "<p class=\"error\">");
  html_str(b, S(what));
  warta_buf_puts(b, ": “");
  html_str(b, value);
  warta_buf_puts(b, "”");
  if (what == MSG_BAD_DATE) {
    warta_buf_puts(b, " (");
    html_str(b, S(MSG_DATE_FORMS));
    warta_buf_putc(b, ')');
  }
  if (known && *known) {
    warta_buf_puts(b, "; ");
    html_str(b, S(MSG_KNOWN));
    warta_buf_puts(b, ": ");
    html_str(b, known);
  }
  warta_buf_puts(b, ". ");
  html_str(b, S(MSG_LEFT_OUT));
  warta_buf_puts(b, "</p>\n");
}

/* A fault of the request (request.h) on the page. */
static void put_request_fault(warta_buf *b, const view *v, const plan_notes *n) {
  static const ui_msg what[] = {
      [RF_DATE] = MSG_BAD_DATE,     [RF_RANGE] = MSG_BAD_RANGE,   [RF_NAME] = MSG_BAD_NAME,
      [RF_PREFIX] = MSG_BAD_PREFIX, [RF_SOURCE] = MSG_BAD_SOURCE, [RF_LANG] = MSG_BAD_LANG,
  };
  ui_msg m = n->fault > 0 && n->fault <= RF_LANG ? what[n->fault] : MSG_ERROR;
  put_fault(b, v, m, n->value, n->known);
}

/* The banner naming the shards of missing (they do not answer), then what
** it means for what the page shows (tail). */
static void put_missing(warta_buf *b, const view *v, char *const *missing, ui_msg tail) {
  warta_buf_puts(b, "<p class=\"missing\" role=\"status\">");
  html_str(b, S(MSG_MISSING));
  for (int i = 0; missing && missing[i]; i++) {
    warta_buf_puts(b, i ? ", " : " ");
    html_str(b, missing[i]);
  }
  warta_buf_puts(b, ". ");
  html_str(b, S(tail));
  warta_buf_puts(b, "</p>\n");
}

/* The page of a search refused because shards do not answer (the request
** did not take a partial answer): the banner and a link to the same
** search with partial=1. */
static void put_refused(warta_buf *b, const view *v, char *const *missing) {
  view w = *v;
  w.partial = 1;
  put_missing(b, v, missing, MSG_MISSING_REFUSED);
  warta_buf_puts(b, "<p><a href=\"");
  search_href(b, &w);
  warta_buf_puts(b, "\">");
  html_str(b, S(MSG_SEARCH_REST));
  warta_buf_puts(b, "</a></p>\n");
}

/* The title of the article of key (malloc'ed), its key when it has none,
** or NULL when out of memory or not found. */
static char *title_of(session *se, const char *key) {
  warta_full_article a;
  if (session_article(se, key, NULL, &a)) return NULL;
  char *t = strdup(a.title && *a.title ? a.title : key);
  warta_full_article_free(&a);
  return t;
}

/* What the results are like: the article of like (its title; NULL: its
** key), a link to it, and a link to the search without like. */
static void put_like(warta_buf *b, const view *v, const char *title) {
  view w = *v;
  w.like = NULL;
  w.offset = 0;
  warta_buf_puts(b, "<p class=\"like\">");
  html_str(b, S(MSG_LIKE));
  warta_buf_puts(b, ": <a href=\"");
  article_href(b, v, v->like);
  warta_buf_puts(b, "\">");
  html_str(b, title ? title : v->like);
  warta_buf_puts(b, "</a> · ");
  search_link(b, &w, NULL, S(MSG_LIKE_CLEAR));
  warta_buf_puts(b, "</p>\n");
}

/* Borrow a session, or answer 503 with a page. */
static session *borrow(server *sv, const view *v, http_resp *out) {
  int rc;
  char *err = NULL;
  session *se = pool_get(&sv->pool, &rc, &err);
  if (!se) {
    serve_log("page: %s: %s", sv->o->db, err ? err : "cannot open the index");
    message_page(out, v, serve_index_status(rc), S(MSG_UNAVAILABLE), NULL);
  }
  free(err);
  return se;
}

static void index_failed(server *sv, session *se, int rc, const view *v, http_resp *out) {
  serve_log("page: %s: %s", sv->o->db,
            rc == WARTA_NOMEM ? "out of memory" : warta_searcher_errmsg(se->s));
  pool_put(&sv->pool, se, rc != WARTA_NOMEM);
  message_page(out, v, serve_index_status(rc), S(MSG_UNAVAILABLE), NULL);
}

/* What a search came to, under the form: a parameter's fault, an error,
** the missing shards, or the results. Returns the page's status. */
static int put_outcome(warta_buf *b, server *sv, const view *v, int rc, const search_out *o,
                       const params_extra *x, const params_error *e, char **like_missing,
                       const char *like_title) {
  int status = e->status ? e->status : 200;
  if (e->status && e->date) {
    put_fault(b, v, MSG_BAD_DATE, e->value, NULL);
  } else if (e->status) {
    warta_buf_puts(b, "<p class=\"error\">");
    html_str(b, S(MSG_ERROR));
    warta_buf_puts(b, ": ");
    html_str(b, e->msg);
    warta_buf_puts(b, "</p>\n");
  }
  if (rc == WARTA_OK && o->notes.fault) {
    status = 400;
    put_request_fault(b, v, &o->notes);
  }
  if (rc == WARTA_TOOBIG) {
    status = 400;
    put_para(b, "error", S(MSG_ERROR));
    warta_buf_puts(b, "<p>bad parameter 'q': ");
    html_str(b, o->toobig);
    warta_buf_puts(b, "</p>\n");
  } else if (rc == WARTA_NOTFOUND) {
    status = like_missing ? 503 : 404;
    put_para(b, "error", S(MSG_NOT_FOUND));
    if (like_missing) put_missing(b, v, like_missing, MSG_MAYBE_THERE);
  } else if (o->r.missing && !serve_partial(sv, x->partial)) {
    status = 503;
    put_refused(b, v, o->r.missing);
  } else if (o->nothing && o->notes.excluded_only) {
    status = 400;
    put_para(b, "error", S(MSG_EXCLUDED_ONLY));
  } else if (o->nothing) {
    put_para(b, "count", S(MSG_HOME_HINT));
  } else {
    if (o->r.missing) put_missing(b, v, o->r.missing, MSG_MISSING_LEFT_OUT);
    if (v->like) put_like(b, v, like_title);
    put_results(b, v, o);
  }
  return status;
}

void page_search(server *sv, const http_req *rq, http_resp *out) {
  view vv, *v = &vv;
  request r;
  params_extra x;
  params_error e;
  search_out o;
  char **langs = NULL;
  view_init(v, rq);
  request_init(&r);
  /* a bad date or number: the page says so, and shows what it can */
  if (params_read(http_arg_fn, (void *)rq, &r, &x, &e) && !e.usable) {
    message_page(out, v, e.status, S(MSG_ERROR), e.msg);
    return;
  }
  view_take(v, &r, &x);
  r.facets = 1;
  r.count = 0;
  if (!r.histogram) r.histogram = HIST_AUTO; /* the timeline */
  session *se = borrow(sv, v, out);
  if (!se) return;
  warta_searcher_languages(se->s, &langs);
  int rc = session_search(se, &r, &o);
  int named = r.like || r.story; /* a parameter names an article */
  char **like_missing = rc == WARTA_NOTFOUND && named ? session_missing(se) : NULL;
  warta_buf b = WARTA_BUF_INIT;
  if (rc && rc != WARTA_TOOBIG && !(rc == WARTA_NOTFOUND && named)) {
    search_out_free(&o);
    warta_list_free(langs);
    index_failed(sv, se, rc, v, out);
    return;
  }
  outlets_list *outlets = NULL;
  outlets_get(se, &outlets); /* without it the pick-list offers "any" alone */
  v->outlets = outlets ? outlets->names : NULL;
  char *like_title = rc == WARTA_OK && v->like ? title_of(se, v->like) : NULL;
  v->feed = *v->q || v->source || v->lang || v->since || v->until;
  head(&b, v, *v->q ? v->q : like_title);
  search_form(&b, v, langs);
  int status = put_outcome(&b, sv, v, rc, &o, &x, &e, like_missing, like_title);
  foot(&b, v);
  free(like_title);
  outlets_put(outlets);
  warta_list_free(like_missing);
  search_out_free(&o);
  warta_list_free(langs);
  pool_put(&sv->pool, se, 0);
  http_html(out, status, &b);
}

/**************************************************************************
** the article view
*/
static void put_article(warta_buf *b, const view *v, const warta_full_article *a) {
  warta_buf_puts(b, "<article>\n<h1>");
  if (a->title && *a->title)
    html_marked(b, a->title, strlen(a->title), a->title_hl, a->ntitle_hl, 1);
  else
    html_str(b, S(MSG_UNTITLED));
  warta_buf_puts(b, "</h1>\n<p class=\"meta\">");
  const char *parts[3] = {a->source, a->date, a->lang};
  int any = 0;
  for (int i = 0; i < 3; i++) {
    if (!parts[i] || !*parts[i]) continue;
    if (any++) warta_buf_puts(b, " · ");
    html_str(b, parts[i]);
  }
  if (html_url_ok(a->url)) {
    if (any) warta_buf_puts(b, " · ");
    warta_buf_puts(b, "<a href=\"");
    html_str(b, a->url);
    warta_buf_puts(b, "\" rel=\"noopener noreferrer\">");
    html_str(b, S(MSG_ORIGINAL));
    warta_buf_puts(b, "</a>");
  }
  warta_buf_puts(b, "</p>\n");
  for (int i = 0; i < a->npassage; i++) {
    const warta_full_passage *p = &a->passage[i];
    warta_buf_puts(b, "<p>");
    html_marked(b, p->text, p->ntext, p->hl, p->nhl, 1);
    warta_buf_puts(b, "</p>\n");
  }
  warta_buf_puts(b, "</article>\n");
}

/* 503: an article not found while shards do not answer; it may be in one. */
static void missing_page(http_resp *out, const view *v, char *const *missing) {
  warta_buf b = WARTA_BUF_INIT;
  head(&b, v, S(MSG_NOT_FOUND));
  search_form(&b, v, NULL);
  put_para(&b, "error", S(MSG_NOT_FOUND));
  put_missing(&b, v, missing, MSG_MAYBE_THERE);
  foot(&b, v);
  http_html(out, 503, &b);
}

void page_article(server *sv, const http_req *rq, http_resp *out) {
  view vv, *v = &vv;
  warta_full_article a;
  view_init(v, rq);
  const char *key = arg(rq, "key");
  params_error e;
  if (!key) {
    message_page(out, v, 404, S(MSG_NOT_FOUND), NULL);
    return;
  }
  /* the key and q are checked as the search's parameters are */
  request r;
  params_extra x;
  request_init(&r);
  if (params_read(http_arg_fn, (void *)rq, &r, &x, &e)) {
    message_page(out, v, e.status, S(MSG_ERROR), e.msg);
    return;
  }
  view_take(v, &r, &x);
  v->reading = 1;
  if (strlen(key) > PARAMS_MAX_QUERY) {
    message_page(out, v, 414, S(MSG_ERROR), "bad parameter 'key': too long");
    return;
  }
  session *se = borrow(sv, v, out);
  if (!se) return;
  int rc = session_article(se, key, v->q, &a);
  char **missing = rc == WARTA_NOTFOUND ? session_missing(se) : NULL;
  if (missing) {
    pool_put(&sv->pool, se, 0);
    missing_page(out, v, missing);
    warta_list_free(missing);
    return;
  }
  if (rc == WARTA_NOTFOUND || rc == WARTA_TOOBIG) {
    pool_put(&sv->pool, se, 0);
    message_page(out, v, rc == WARTA_NOTFOUND ? 404 : 400,
                 rc == WARTA_NOTFOUND ? S(MSG_NOT_FOUND) : S(MSG_ERROR), NULL);
    return;
  }
  if (rc) {
    index_failed(sv, se, rc, v, out);
    return;
  }
  pool_put(&sv->pool, se, 0);
  warta_buf b = WARTA_BUF_INIT;
  head(&b, v, a.title);
  search_form(&b, v, NULL);
  warta_buf_puts(&b, "<p><a href=\"");
  search_href(&b, v);
  warta_buf_puts(&b, "\">");
  html_str(&b, S(MSG_BACK));
  warta_buf_puts(&b, "</a></p>\n");
  put_article(&b, v, &a);
  foot(&b, v);
  warta_full_article_free(&a);
  http_html(out, 200, &b);
}
