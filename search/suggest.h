/*
** "Did you mean": a word of the query the index does not know, or knows
** rarely while a close word is frequent, gets the closest frequent surface
** form of the index's own vocabulary (its U terms: the words as written,
** folded, with the number of articles holding each). The vocabulary is
** read through the index, so suggestions work over remote shards too,
** where Xapian's spelling table does not answer.
*/
#ifndef WARTA_SUGGEST_H
#define WARTA_SUGGEST_H

#include "parse.h"
#include "plan.h"

/*
** The query with its misspelled words corrected, or NULL when none is
** (malloc'ed: free() it). syn is query parsed; p folds its words. A word
** the index does not know is always looked at; a rare one only when thin
** (the results are few). *err is set on an index error (WARTA_ code),
** else 0.
*/
char *suggest_query(planner *p, const char *query, const qsyntax *syn, int thin, int *err);

/*
** Ask now what suggest_query() will ask the index of syn's words (how many
** articles hold each as written), for the planner's dry run
** (warta_searcher_freqs_dry()): the answers are then remembered for the
** query. Returns WARTA_OK or an index error.
*/
int suggest_ask_ahead(planner *p, const qsyntax *syn);

/* Damerau-Levenshtein distance (optimal string alignment) of a and b, in
** bytes, or max + 1 as soon as it exceeds max. */
int suggest_distance(const char *a, size_t na, const char *b, size_t nb, int max);

#endif
