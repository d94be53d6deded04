/*
** search/ — what warta-query and warta-serve share: the query language,
** the planner that turns a parsed query into store/'s typed query, and hits
** as JSON.
**
** The query language (warta-query(1)):
**   word                 all words first, then some
**   "a phrase"           required, matched as a phrase after analysis
**   -word, -"a phrase"   articles holding it are left out
**   a OR b               either (OR binds tighter than the implicit AND)
**   +word, a AND b       required (AND: both sides)
**   NOT word             as -word
**   word*                words beginning with it (3 letters at least)
**   title:word, title:"a phrase"
**   source:NAME          outlet name or domain (case-insensitive)
**   lang:CODE
**   date:2019, date:2019-09, date:2019-09-20, date:A..B, date:..B, date:A..
** A malformed field (date:2019-9, date:2019-09-31, a range that ends
** before it begins, source: or lang: with other than letters, digits, '.',
** '-', '_') or a prefix shorter than 3 letters (ko*) is a fault the tools
** refuse; anything else is text.
*/
#ifndef WARTA_PARSE_H
#define WARTA_PARSE_H

#include <stddef.h>

typedef enum qitem_kind {
  QI_WORD = 0, /* a word (or several, as typed between spaces) */
  QI_PHRASE,   /* "a phrase" */
  QI_PREFIX,   /* word* */
  QI_SOURCE,   /* source:NAME */
  QI_LANG,     /* lang:CODE */
  QI_DATE      /* date:... */
} qitem_kind;

typedef struct qitem {
  qitem_kind kind;
  char *text;        /* the word, phrase (without quotes), prefix (without '*'),
                     ** source or language (malloc'ed) */
  int title;         /* title: field */
  int negated;       /* -item, NOT item */
  int required;      /* +item, AND */
  int or_next;       /* "item OR next" */
  char lo[9], hi[9]; /* QI_DATE: YYYYMMDD bounds, "" when open */
} qitem;

/* What is wrong with a query that the tools refuse. */
typedef enum qfault {
  QF_NONE = 0,
  QF_DATE,  /* date: that is no date (date:2019-9, date:2019-09-31) */
  QF_RANGE, /* date:A..B with B before A */
  QF_NAME,  /* source: or lang: that can name nothing */
  QF_PREFIX /* word* with fewer than 3 letters before the '*' */
} qfault;

typedef struct qsyntax {
  qitem *item; /* in query order */
  int n;
  size_t cap;       /* items allocated by qsyntax_parse() (0: item is not its own) */
  int unbalanced;   /* a double quote was left open (it runs to the end) */
  int words;        /* words in the query (to bound its size) */
  qfault fault;     /* the first fault (QF_NONE: none) */
  char *fault_text; /* the item at fault as written (malloc'ed), or NULL */
} qsyntax;

/* Queries longer than this many words are refused (a usage error): the
** time a query takes grows with its words. */
#define WARTA_MAX_QUERY_WORDS 1000

/* Parse query (UTF-8, NUL-terminated). Returns 0, or WARTA_NOMEM. */
int qsyntax_parse(const char *query, qsyntax *out);
void qsyntax_free(qsyntax *s);

/*
** A date as the query language writes it (2019, 2019-09, 2019-09-20) as
** the range of days it covers: lo and hi get YYYYMMDD. Returns 1 when
** understood, 0 otherwise. Also used by --since/--until.
*/
int qdate_range(const char *s, size_t n, char lo[9], char hi[9]);

#endif
