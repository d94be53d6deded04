/*
** The hits of a search as a CSV file (search/csv.h): what /api/search
** answers with format=csv, and what the page's "Unduh CSV" link fetches.
** An export is read in pages of PARAMS_MAX_LIMIT hits, as a person paging
** through the results would, up to the request's n (PARAMS_MAX_EXPORT at
** most): the ranking's cost stays that of the pages the API serves.
*/
#ifndef WARTA_SERVE_EXPORT_H
#define WARTA_SERVE_EXPORT_H

#include "common/buf.h"
#include "session.h"

/*
** Run r on se page after page from r->offset, until r->limit hits or the
** last one, and append the CSV (a header row, then a row per hit) to b.
** o is the last page's search, as session_search() leaves it (free it
** with search_out_free() whatever the result): the request's faults,
** "nothing to search" and the shards left out show in it as in a search
** of one page, and paging stops at the first page that has one (shards
** left out stop it unless partial: the request takes such an answer).
** Returns session_search()'s code (a page's error: b is then incomplete).
*/
int export_csv(session *se, const request *r, int partial, search_out *o, warta_buf *b);

/*
** The file name of the export of query text q (NULL: none), into
** out[0..n): "warta-" and the query's ASCII letters and digits in lower
** case, every other run of bytes one '-', at most 40 of them, then
** ".csv" ("warta-export.csv" when nothing is left). Safe in a quoted
** Content-Disposition: no quote, no slash, no byte above 127.
*/
void export_filename(const char *q, char *out, size_t n);

#endif
