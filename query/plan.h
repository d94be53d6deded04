/*
** From what a user types to a safe FTS5 MATCH expression.
**
** The query is cut at white space into words; text in double quotes is a
** phrase (an unbalanced quote runs to the end). Each word or phrase is a
** group: one or more FTS5 strings in double quotes, any '"' inside doubled,
** all joined by OR: nothing typed (colons, parentheses, AND/OR/NEAR, '*',
** '-') can reach the FTS5 syntax. A group holds alternatives when the index
** knows a compound both closed and open: "sepakbola" also searches
** "sepak bola", and the two words "sepak bola" become one group that also
** searches "sepakbola". Ranking (warta_rank) then puts passages holding every
** group first. Function and question words get a small weight.
*/
#ifndef WARTA_PLAN_H
#define WARTA_PLAN_H

#include "analysis/analysis.h"

typedef struct qgroup {
  char **phrase; /* the FTS5 strings of the group, unquoted (malloc'ed); the
                 ** first is the text as typed */
  int nphrase;   /* entries in phrase[] */
  int quoted;    /* 1: the user quoted it */
  double weight; /* 1, or less for a function word */
  char *term;    /* its only term when it has exactly one, else NULL */
} qgroup;

typedef struct qplan {
  qgroup *g;      /* groups, in query order */
  int n;          /* number of groups */
  char *match;    /* FTS5 MATCH expression (malloc'ed) */
  char *spec;     /* warta_rank spec (malloc'ed) */
  int unbalanced; /* a double quote was left open */
} qplan;

/* Compounds the planner may consult; both functions return malloc'ed
** strings or NULL. */
typedef struct qlexicon {
  char *(*parts)(void *ctx, const char *closed);            /* "sepak bola" */
  char *(*closed)(void *ctx, const char *a, const char *b); /* "sepakbola" */
  void *ctx;                                                /* their context */
} qlexicon;

#define WARTA_FUNCTION_WEIGHT 0.2

/*
** Build the plan of query with the analyzers a[0..na) of the index's
** languages (na >= 1): they tell the words that carry no searchable token
** and the function words; lex (may be NULL) gives compound alternatives.
** Returns WARTA_OK (the plan may have no group when nothing is searchable)
** or WARTA_NOMEM.
*/
int qplan_build(const char *query, warta_analyzer **a, int na, const qlexicon *lex, qplan *out);
void qplan_free(qplan *p);

#endif
