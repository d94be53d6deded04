/*
** Printing results: for a person (a count, numbered hits, highlighted
** passages), as TSV, or as JSON Lines (search/render.h).
*/
#ifndef WARTA_OUTPUT_H
#define WARTA_OUTPUT_H

#include <stdio.h>

#include "query.h"
#include "store/store.h"

typedef struct out_ctx {
  FILE *f;              /* where to print */
  query_format format;  /* how */
  int bold;             /* ANSI bold highlights (else [brackets]) */
  int full;             /* whole passages */
  const char *cwd;      /* paths are shown relative to it */
  const char *query_id; /* the query's id (batch runs), or NULL */
  const char *alert;    /* the saved search's name (--alerts), or NULL */
  int header_done;      /* TSV header printed */
} out_ctx;

/* Print the results r of query q; suggestion may be NULL. */
void output_results(out_ctx *c, const warta_query *q, const warta_results *r,
                    const char *suggestion);

/* Print only the count (--count). */
void output_count(out_ctx *c, const warta_query *q, const warta_results *r);

#endif
