/*
** Results as JSON (render.h, docs/json.md).
*/
#include "render.h"

#include <string.h>

#include "common/buf.h"
#include "common/path.h"
#include "common/utf8.h"
#include "histogram.h"

json_t *render_string(const char *s, size_t n) {
  if (!s) return json_null();
  if (warta_utf8_invalid(s, n) == n) return json_stringn(s, n);
  warta_buf b = WARTA_BUF_INIT;
  warta_utf8_repair(&b, s, n);
  json_t *j = b.err ? NULL : json_stringn(b.p ? b.p : "", b.n);
  warta_buf_free(&b);
  return j;
}

static json_t *str(const char *s) { return render_string(s, s ? strlen(s) : 0); }

json_t *render_list(char *const *v) {
  json_t *a = json_array();
  for (int i = 0; a && v && v[i]; i++)
    json_array_append_new(a, str(v[i]));
  return a;
}

static json_t *spans(const warta_span *v, int n) {
  json_t *a = json_array();
  for (int i = 0; a && i < n; i++)
    json_array_append_new(a, json_pack("[ii]", v[i].start, v[i].end));
  return a;
}

json_t *render_hit(const render_ctx *c, const warta_hit *h, int rank) {
  json_t *o = json_object();
  if (!o) return NULL;
  const char *path = h->path && c->cwd ? warta_relpath(h->path, c->cwd) : h->path;
  json_object_set_new(o, "type", json_string("hit"));
  if (c->query_id) json_object_set_new(o, "query_id", str(c->query_id));
  if (c->alert) json_object_set_new(o, "alert", str(c->alert));
  json_object_set_new(o, "rank", json_integer(rank));
  json_object_set_new(o, "score", json_real(h->score));
  json_object_set_new(o, "article_score", json_real(h->article));
  json_object_set_new(o, "passage_score", json_real(h->evidence));
  json_object_set_new(o, "tier", json_integer(h->tier));
  json_object_set_new(o, "matched", json_integer(h->matched));
  json_object_set_new(o, "phrase", json_boolean(h->phrase));
  json_object_set_new(o, "key", str(h->key));
  json_object_set_new(o, "title", str(h->title));
  json_object_set_new(o, "url", str(h->url));
  json_object_set_new(o, "path", str(path));
  json_object_set_new(o, "line", h->line > 0 ? json_integer(h->line) : json_null());
  json_object_set_new(o, "date", str(h->date));
  json_object_set_new(o, "source", str(h->source));
  json_object_set_new(o, "lang", str(h->lang));
  json_object_set_new(o, "added", str(h->added));
  json_object_set_new(o, "changed", str(h->changed));
  json_object_set_new(o, "ordinal", json_integer(h->ordinal));
  json_object_set_new(o, "passage", render_string(h->text ? h->text : "", h->ntext));
  json_object_set_new(o, "highlights", spans(h->hl, h->nhl));
  json_object_set_new(o, "title_highlights", spans(h->title_hl, h->ntitle_hl));
  if (h->explain) json_object_set_new(o, "explain", str(h->explain));
  json_object_set_new(o, "story", str(h->story));
  json_t *copies = json_array();
  for (int i = 0; copies && i < h->ncopy; i++) {
    json_t *e = json_object();
    if (!e) break;
    json_object_set_new(e, "key", str(h->copy[i].key));
    json_object_set_new(e, "source", str(h->copy[i].source));
    json_array_append_new(copies, e);
  }
  json_object_set_new(o, "copies", copies);
  return o;
}

int render_copy_outlets(const warta_hit *h, const char **out, int max) {
  int n = 0;
  for (int i = 0; i < h->ncopy; i++) {
    const char *v = h->copy[i].source;
    int seen = !v;
    for (int j = 0; j < n && !seen; j++)
      seen = strcmp(out[j], v) == 0;
    if (seen) continue;
    if (n < max) out[n] = v;
    n++;
  }
  return n;
}

static json_t *facet(const warta_facet *v, int n) {
  json_t *a = json_array();
  for (int i = 0; a && i < n; i++) {
    json_t *e = json_object();
    if (!e) break;
    json_object_set_new(e, "value", str(v[i].value));
    json_object_set_new(e, "count", json_integer(v[i].n));
    json_array_append_new(a, e);
  }
  return a;
}

json_t *render_summary(const render_ctx *c, const warta_results *r, const warta_query *q,
                       const char *suggestion) {
  json_t *o = json_object();
  if (!o) return NULL;
  json_object_set_new(o, "type", json_string("summary"));
  json_object_set_new(o, "format", json_integer(WARTA_JSON_FORMAT));
  if (c->query_id) json_object_set_new(o, "query_id", str(c->query_id));
  if (c->alert) json_object_set_new(o, "alert", str(c->alert));
  json_object_set_new(o, "total", json_integer(r->total));
  json_object_set_new(o, "all_words", json_integer(r->all_words));
  json_object_set_new(o, "stories", r->stories >= 0 ? json_integer(r->stories) : json_null());
  json_object_set_new(o, "estimated", json_boolean(r->estimated));
  json_object_set_new(o, "offset", json_integer(q->offset));
  json_object_set_new(o, "shown", json_integer(r->nhit));
  json_object_set_new(o, "took_ms", json_real((double)(long)(r->took_ms * 1000) / 1000.0));
  json_object_set_new(o, "suggestion", suggestion ? str(suggestion) : json_null());
  if (r->missing) json_object_set_new(o, "missing_shards", render_list(r->missing));
  if (q->facets) {
    json_t *f = json_object();
    if (f) {
      json_object_set_new(f, "source",
                          facet(r->facet[WARTA_FACET_SOURCE], r->nfacet[WARTA_FACET_SOURCE]));
      json_object_set_new(f, "month",
                          facet(r->facet[WARTA_FACET_MONTH], r->nfacet[WARTA_FACET_MONTH]));
      json_object_set_new(f, "lang",
                          facet(r->facet[WARTA_FACET_LANG], r->nfacet[WARTA_FACET_LANG]));
      json_object_set_new(o, "facets", f);
    }
  }
  if (q->histogram) {
    histogram h;
    json_t *j = NULL;
    if (histogram_make(r->days, r->ndays, r->total, (hist_unit)q->histogram, &h) == 0)
      j = histogram_json(&h);
    histogram_free(&h);
    if (!j) {
      json_decref(o);
      return NULL;
    }
    json_object_set_new(o, "histogram", j);
  }
  return o;
}

json_t *render_response(const render_ctx *c, const char *query, const warta_results *r,
                        const warta_query *q, const char *suggestion) {
  json_t *o = json_object(), *sum = render_summary(c, r, q, suggestion), *hits = json_array();
  if (!o || !sum || !hits) goto nomem;
  /* the format and the query first, then the summary's fields, then the hits */
  json_object_set_new(o, "format", json_integer(WARTA_JSON_FORMAT));
  json_object_set_new(o, "query", query ? str(query) : json_null());
  json_object_del(sum, "type");
  json_object_del(sum, "format");
  if (json_object_update(o, sum)) goto nomem;
  for (int i = 0; i < r->nhit; i++) {
    json_t *h = render_hit(c, &r->hit[i], q->offset + i + 1);
    if (!h || json_array_append_new(hits, h)) goto nomem;
    json_object_del(h, "type");
  }
  json_decref(sum);
  if (json_object_set_new(o, "hits", hits)) {
    json_decref(o);
    return NULL;
  }
  return o;
nomem:
  json_decref(o);
  json_decref(sum);
  json_decref(hits);
  return NULL;
}

json_t *render_article(const render_ctx *c, const warta_full_article *a) {
  json_t *o = json_object(), *ps = json_array();
  if (!o || !ps) {
    json_decref(o);
    json_decref(ps);
    return NULL;
  }
  const char *path = a->path && c->cwd ? warta_relpath(a->path, c->cwd) : a->path;
  json_object_set_new(o, "format", json_integer(WARTA_JSON_FORMAT));
  json_object_set_new(o, "key", str(a->key));
  json_object_set_new(o, "title", str(a->title));
  json_object_set_new(o, "url", str(a->url));
  json_object_set_new(o, "path", str(path));
  json_object_set_new(o, "line", a->line > 0 ? json_integer(a->line) : json_null());
  json_object_set_new(o, "date", str(a->date));
  json_object_set_new(o, "source", str(a->source));
  json_object_set_new(o, "lang", str(a->lang));
  json_object_set_new(o, "title_highlights", spans(a->title_hl, a->ntitle_hl));
  for (int i = 0; i < a->npassage; i++) {
    const warta_full_passage *p = &a->passage[i];
    json_t *e = json_pack("{s:i, s:o, s:o}", "ordinal", p->ordinal, "text",
                          render_string(p->text ? p->text : "", p->ntext), "highlights",
                          spans(p->hl, p->nhl));
    if (!e || json_array_append_new(ps, e)) {
      json_decref(ps);
      json_decref(o);
      return NULL;
    }
  }
  if (json_object_set_new(o, "passages", ps)) {
    json_decref(o);
    return NULL;
  }
  return o;
}
