/*
** Results as JSON (docs/json.md): one object per hit and one summary per
** query, written with jansson so that the output always parses, whatever
** bytes the index holds.
*/
#ifndef WARTA_RENDER_H
#define WARTA_RENDER_H

#include <jansson.h>

#include "store/store.h"

#define WARTA_JSON_FORMAT 2 /* the version of docs/json.md */

/* What a hit is shown with besides itself. */
typedef struct render_ctx {
  const char *query_id; /* the query's id (batch runs), or NULL */
  const char *cwd;      /* paths are shown relative to it (NULL: as stored) */
  const char *alert;    /* the saved search's name (--alerts), or NULL */
} render_ctx;

/* A hit as a JSON object (a new reference), rank 1-based; NULL when out of
** memory. */
json_t *render_hit(const render_ctx *c, const warta_hit *h, int rank);

/* The distinct outlets of h's other copies (h->copy, by outlet), the first
** max of them into out (pointers into h). Returns how many there are. */
int render_copy_outlets(const warta_hit *h, const char **out, int max);

/* The summary of a query's results (a new reference). suggestion may be
** NULL; with facets, r's facets are included; with q->histogram, the
** histogram of r->days (histogram.h). NULL when out of memory. */
json_t *render_summary(const render_ctx *c, const warta_results *r, const warta_query *q,
                       const char *suggestion);

/* A JSON string of s[0..n) with invalid UTF-8 replaced by U+FFFD (NULL s:
** null). */
json_t *render_string(const char *s, size_t n);

/* A JSON array of the strings of v (NULL-terminated; NULL v: empty), each
** as render_string() makes it. A new reference, or NULL when out of
** memory. */
json_t *render_list(char *const *v);

/*
** The answer of warta-serve's /api/search (docs/api.md): one object with
** the summary's fields (without its "type"), the query as asked and the
** page's hits: {"format", "query", "total", "estimated", "offset",
** "shown", "took_ms", "suggestion", ["missing_shards",] ["facets",]
** "hits": [...]}. query
** may be NULL (null). A new reference, or NULL when out of memory.
*/
json_t *render_response(const render_ctx *c, const char *query, const warta_results *r,
                        const warta_query *q, const char *suggestion);

/*
** An article read whole (warta_article_fetch()): {"format", "key",
** "title", "url", "path", "line", "date", "source", "lang",
** "title_highlights", "passages": [{"ordinal", "text", "highlights"}]}.
** A new reference, or NULL when out of memory.
*/
json_t *render_article(const render_ctx *c, const warta_full_article *a);

#endif
