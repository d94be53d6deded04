/*
** The planner: a parsed query (parse.h) analyzed into store/'s typed query.
**
** Every word and phrase is analyzed the way the index analyzed the text it
** is matched against: once per analysis profile of the index's languages
** (the forms differ only where the profiles disagree). The analyzers ask
** the index's lexicon first, so a query whose words the index has seen
** loads no dictionary. Compounds add alternatives and never replace the
** words: a closed word also matches its two parts as a phrase, and two
** adjacent words also match their closed form, when the index holds both
** forms.
*/
#ifndef WARTA_PLAN_H
#define WARTA_PLAN_H

#include "analysis/analysis.h"
#include "common/buf.h"
#include "parse.h"
#include "store/store.h"

#define PLAN_FUNCTION_WEIGHT 0.2 /* a function or question word */

typedef struct planner {
  warta_searcher *s; /* the index */
  struct {
    char code[16];      /* a profile */
    char **langs;       /* the index's languages it analyzes (NULL-terminated) */
    warta_analyzer *an; /* its analyzer */
  } prof[WARTA_MAX_PROFILES];
  int nprof;
  char *recorded;         /* profiles the lexicon records for every word */
  warta_analyzer *folder; /* folds without stemming (prefixes) */
  warta_buf parts;        /* the lexicon's answer being handed out */
  int lookups, misses;    /* lexicon statistics (for -v) */

  /* names standing for one another (names.h): the synonyms (the
  ** caller's, or NULL), the acronyms the index learned, and the number of
  ** the index's articles when they were read */
  const struct names_table *synonyms;
  struct names_table *learned;
  long learned_at;
} planner;

/* Prepare a planner for index s. Returns WARTA_OK, or an error with *err
** set (free() it). */
int planner_open(planner *p, warta_searcher *s, char **err);
void planner_close(planner *p);

/* Names standing for one another (names.h) that planner_plan() adds to a
** query, beside the acronyms the index learned: t stays the caller's and
** must outlive the planner's use of it; NULL for none. */
void planner_set_synonyms(planner *p, const struct names_table *t);

/* What planning noticed, for the user. */
typedef struct plan_notes {
  int nothing;       /* nothing searchable in the query */
  int excluded_only; /* ... because it only excludes (-word) */
  int ignored;       /* items that carry no searchable token */
  int fault;         /* a usage error (request.h's request_fault), 0: none */
  char value[128];   /* the value at fault, as written (truncated) */
  char known[512];   /* what the index holds instead ("a, b, ..."), or "" */
} plan_notes;

/*
** Plan syn into q's groups and filters (q's other fields are the caller's)
** as a new query: the term frequencies the index remembered for the last
** one are forgotten (warta_searcher_freqs_forget()), and over remote
** shards those planning will need are fetched ahead, a batch at a time.
** Returns WARTA_OK (q->ngroup may be 0: see notes), WARTA_NOMEM, or an
** index error (message from warta_searcher_errmsg()).
*/
int planner_plan(planner *p, const qsyntax *syn, warta_query *q, plan_notes *notes);

/* Plan syn into q as more of the query planner_plan() began (the filters
** an option adds): nothing forgotten, nothing fetched ahead. Returns as
** planner_plan() does. */
int planner_add(planner *p, const qsyntax *syn, warta_query *q, plan_notes *notes);

/* Free what planner_plan() put into q. */
void planner_clear(warta_query *q);

/* A one-line description of q's groups (malloc'ed), for -v. */
char *planner_describe(const warta_query *q);

#endif
