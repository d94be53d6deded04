/*
** From what a user types to a safe FTS5 MATCH expression.
**
** The query is cut at white space into words; text in double quotes is a
** phrase (an unbalanced quote runs to the end). Each word or phrase becomes
** one FTS5 string in double quotes, any '"' inside doubled, joined by OR:
** nothing typed (colons, parentheses, AND/OR/NEAR, '*', '-') can reach the
** FTS5 syntax. Ranking (warta_rank) then puts passages holding every word
** first. Function and question words get a small weight.
*/
#ifndef WARTA_PLAN_H
#define WARTA_PLAN_H

#include "analysis/analysis.h"

typedef struct qgroup {
  char *text;    /* the word or phrase as typed (malloc'ed) */
  int phrase;    /* 1: it was quoted */
  double weight; /* 1, or less for a function word */
} qgroup;

typedef struct qplan {
  qgroup *g;       /* groups, in query order */
  int n;           /* number of groups */
  char *match;     /* FTS5 MATCH expression (malloc'ed) */
  char *spec;      /* warta_rank spec (malloc'ed) */
  int unbalanced;  /* a double quote was left open */
} qplan;

#define WARTA_FUNCTION_WEIGHT 0.2

/*
** Build the plan of query with the analyzers a[0..na) of the index's
** languages (na >= 1): they tell the words that carry no searchable token
** and the function words. Returns WARTA_OK (the plan may have no group when
** nothing is searchable) or WARTA_NOMEM.
*/
int qplan_build(const char *query, warta_analyzer **a, int na, qplan *out);
void qplan_free(qplan *p);

#endif
