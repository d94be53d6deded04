/*
** The page's timeline: the matching articles per day, week or month
** (search/histogram.h) as a bar chart drawn on the server as inline SVG,
** so that the page needs no script. Each bar that holds articles is a
** link that narrows the search to its dates, named for assistive
** technology by its dates and count (aria-label and a <title>, which a
** pointer shows too); the articles without a date are said in words.
** Its strings are its own (Indonesian and English), kept here beside it.
*/
#ifndef WARTA_SERVE_TIMELINE_H
#define WARTA_SERVE_TIMELINE_H

#include "common/buf.h"
#include "lang.h"
#include "search/histogram.h"

/* Append to b the href (already escaped for an attribute) of the search
** narrowed to the dates of bucket k. */
typedef void (*timeline_href_fn)(warta_buf *b, void *ctx, const hist_bucket *k);

/*
** Append the timeline of h to b as a <figure class="timeline">: a
** caption, the SVG chart, the first and last bucket under it, and the
** undated articles when there are any. Nothing when no bucket holds an
** article. href makes each bar's link (ctx is its own).
*/
void timeline_put(warta_buf *b, const histogram *h, ui_lang ui, timeline_href_fn href, void *ctx);

#endif
