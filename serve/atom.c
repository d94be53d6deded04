/*
** Results as an Atom feed (atom.h).
*/
#include "atom.h"

#include <stdio.h>
#include <string.h>

#include "common/rc.h"
#include "html.h"

#define TAG "tag:warta,2026:"        /* the authority and date of warta's tag: URIs */
#define EPOCH "1970-01-01T00:00:00Z" /* the time of a feed without entries */

const char *const atom_params[] = {"q",           "since", "until",  "source", "lang",    "sort",
                                   "added_since", "n",     "offset", "like",   "partial", NULL};

/* path with the search parameters get gives, as a URL (not escaped). */
static void search_url(warta_buf *u, const char *path, params_get_fn get, void *ctx) {
  warta_buf_puts(u, path);
  int first = 1;
  for (int i = 0; atom_params[i]; i++) {
    const char *v = get(ctx, atom_params[i]);
    if (!v || !*v) continue;
    warta_buf_putc(u, first ? '?' : '&');
    warta_buf_puts(u, atom_params[i]);
    warta_buf_putc(u, '=');
    html_url_param(u, v);
    first = 0;
  }
}

/* An element holding text: <name>text</name>. */
static void element(warta_buf *b, const char *indent, const char *name, const char *text) {
  warta_buf_printf(b, "%s<%s>", indent, name);
  html_str(b, text);
  warta_buf_printf(b, "</%s>\n", name);
}

/* A date YYYY-MM-DD as an Atom time (midnight UTC) into out, or "". */
static void date_time(const char *date, char out[21]) {
  int ok = date && strlen(date) == 10 && date[4] == '-' && date[7] == '-';
  for (int i = 0; ok && i < 10; i++)
    ok = i == 4 || i == 7 || (date[i] >= '0' && date[i] <= '9');
  out[0] = 0;
  if (ok) memcpy(out, date, 10), memcpy(out + 10, "T00:00:00Z", 11);
}

/* When an entry last changed: its record's change, else when it was
** added, else its date, else never. */
static const char *updated_of(const warta_hit *h, const char *published) {
  if (h->changed) return h->changed;
  if (h->added) return h->added;
  return *published ? published : EPOCH;
}

static void entry(warta_buf *b, const warta_hit *h) {
  const char *key = h->key ? h->key : h->path ? h->path : "";
  char published[21];
  date_time(h->date, published);
  warta_buf_puts(b, " <entry>\n  <id>" TAG "article:");
  html_url_param(b, key);
  warta_buf_puts(b, "</id>\n");
  element(b, "  ", "title", h->title && *h->title ? h->title : key);
  warta_buf_puts(b, "  <link rel=\"alternate\" type=\"text/html\" href=\"");
  if (html_url_ok(h->url)) {
    html_str(b, h->url);
  } else {
    /* no address of its own: warta's article view */
    warta_buf u = WARTA_BUF_INIT;
    warta_buf_puts(&u, "/article?key=");
    html_url_param(&u, key);
    html_text(b, u.p, u.n);
    if (u.err) b->err = u.err;
    warta_buf_free(&u);
  }
  warta_buf_puts(b, "\"/>\n");
  if (h->source && *h->source) {
    warta_buf_puts(b, "  <author>\n");
    element(b, "   ", "name", h->source);
    warta_buf_puts(b, "  </author>\n");
  }
  if (*published) element(b, "  ", "published", published);
  element(b, "  ", "updated", updated_of(h, published));
  warta_buf_puts(b, "  <summary type=\"text\">");
  html_text(b, h->text ? h->text : "", h->ntext);
  warta_buf_puts(b, "</summary>\n </entry>\n");
}

void atom_feed(warta_buf *b, params_get_fn get, void *ctx, const char *query,
               const warta_results *r) {
  warta_buf self = WARTA_BUF_INIT, page = WARTA_BUF_INIT, title = WARTA_BUF_INIT;
  char updated[21] = EPOCH, published[21];
  for (int i = 0; i < r->nhit; i++) {
    date_time(r->hit[i].date, published);
    const char *u = updated_of(&r->hit[i], published);
    if (strcmp(u, updated) > 0) snprintf(updated, sizeof updated, "%s", u);
  }
  search_url(&self, "/feed", get, ctx);
  search_url(&page, "/", get, ctx);
  warta_buf_puts(&title, "warta");
  if (query && *query) warta_buf_printf(&title, ": %s", query);
  warta_buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n <id>" TAG);
  html_text(b, self.p, self.n);
  warta_buf_puts(b, "</id>\n");
  element(b, " ", "title", title.p ? title.p : "warta");
  warta_buf_puts(b, " <link rel=\"self\" type=\"application/atom+xml\" href=\"");
  html_text(b, self.p, self.n);
  warta_buf_puts(b, "\"/>\n <link rel=\"alternate\" type=\"text/html\" href=\"");
  html_text(b, page.p, page.n);
  warta_buf_puts(b, "\"/>\n");
  element(b, " ", "updated", updated);
  warta_buf_puts(b, " <author>\n  <name>warta</name>\n </author>\n"
                    " <generator>warta</generator>\n");
  for (int i = 0; i < r->nhit; i++)
    entry(b, &r->hit[i]);
  warta_buf_puts(b, "</feed>\n");
  if (self.err || page.err || title.err) b->err = WARTA_NOMEM;
  warta_buf_free(&self);
  warta_buf_free(&page);
  warta_buf_free(&title);
}
