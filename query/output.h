/*
** Printing hits: for a person (numbered, highlighted), JSON Lines or TSV.
*/
#ifndef WARTA_OUTPUT_H
#define WARTA_OUTPUT_H

#include <stdio.h>

#include "query.h"
#include "store/store.h"

typedef struct out_hit {
  int rank;                   /* 1-based */
  const char *query_id;       /* the query's id in --queries output, or NULL */
  const warta_hit *hit;       /* score, ids, language */
  const warta_hit_info *info; /* what to show */
  const char *path;           /* path to show */
  const int *ranges;          /* highlight start,end pairs in info->text */
  int nranges;                /* pairs in ranges */
} out_hit;

/* Print one hit in format f; bold: use ANSI bold for highlights. */
void output_hit(FILE *out, query_format f, int bold, const out_hit *h);

#endif
