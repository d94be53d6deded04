/*
** A search's results as an Atom 1.0 feed (RFC 4287), for /feed: one entry
** per article, its id a tag: URI made of the article's key (or, for a
** whole-file article, its path), so that a feed reader knows it again in
** every run; its updated time the article's changed time (when its record
** last changed: honest), published its date; the feed's updated the
** newest entry's. Everything from the index or the request is escaped
** (html.h's escaping is XML's too).
*/
#ifndef WARTA_SERVE_ATOM_H
#define WARTA_SERVE_ATOM_H

#include "common/buf.h"
#include "params.h"
#include "store/store.h"

#define FEED_N 20 /* entries of a feed unless n says */

/* The parameters of a search a feed keeps in its links and its id, in
** this order (NULL-terminated). */
extern const char *const atom_params[];

/*
** Append the feed of r to b: its title names query (may be NULL or ""),
** its self link and id are /feed with the search parameters get gives
** (atom_params), its alternate link the search page with them. Out of
** memory shows in b->err.
*/
void atom_feed(warta_buf *b, params_get_fn get, void *ctx, const char *query,
               const warta_results *r);

#endif
