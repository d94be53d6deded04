/*
** Names that stand for one another: groups of equivalent names (Jokowi =
** Joko Widodo; KPK = Komisi Pemberantasan Korupsi), from a synonyms file
** the newsroom edits, from the curated list shipped with warta
** (data/synonyms-id.txt, built in) or from the acronyms the index learned.
** The planner adds the other names of a group to a query that holds one of
** them, as alternatives of lower weight (plan.h).
**
** A name is kept as its words folded without stemming (as the index's
** surface forms), joined by single spaces: "joko widodo".
*/
#ifndef WARTA_NAMES_H
#define WARTA_NAMES_H

#include <stdint.h>

#include "analysis/analysis.h"

#define NAMES_MAX_WORDS 10 /* words of a name, at most */

typedef struct names_table names_table;

/* An empty table (NULL: out of memory). */
names_table *names_new(void);
void names_free(names_table *t); /* NULL: a no-op */

/*
** Add the synonyms file text[0..n) (UTF-8) to t: one group a line, names
** separated by '=' ("Jokowi = Joko Widodo"), blank lines and everything
** after a '#' ignored. Names are folded with folder (language "",
** WARTA_STEM_NONE). Returns WARTA_OK; WARTA_ERROR with *err set to
** "ORIGIN:LINE: why" (free() it) when a line is malformed (no '=', a name
** with no word, more than NAMES_MAX_WORDS words); WARTA_NOMEM.
*/
int names_parse(names_table *t, warta_analyzer *folder, const char *origin, const char *text,
                size_t n, char **err);

/* names_parse() of the file at path; a file that cannot be read is
** WARTA_IOERR with *err "PATH: why". */
int names_load(names_table *t, warta_analyzer *folder, const char *path, char **err);

/* The curated list built into warta (data/synonyms-id.txt), and its
** origin as messages name it. */
extern const char names_default_text[];
#define NAMES_DEFAULT_ORIGIN "synonyms-id.txt (built in)"

/*
** The synonyms a tool uses: the file at path, or the built-in list when
** path is NULL, into *out (names_free() it). Returns as names_load().
*/
int names_open(const char *path, names_table **out, char **err);

/* Add the pair (a, b), folded, as a group of its own that articles counts
** (a learned acronym). Returns WARTA_OK or WARTA_NOMEM. */
int names_add_pair(names_table *t, const char *a, size_t na, const char *b, size_t nb,
                   uint32_t articles);

/* Sort the table after names_add_pair() calls, before any lookup (files
** are sorted as parsed). Returns WARTA_OK or WARTA_NOMEM. */
int names_ready(names_table *t);

/* Groups in t. */
int names_count(const names_table *t);

/*
** The names standing for the folded name `name` (words joined by single
** spaces): fn(ctx, other, articles) for each other name of each group that
** holds it, where articles is the group's count (0 for a file's groups),
** skipping groups counted by fewer than min articles (learned ones only).
** Returns the number of names told, or fn's negative return.
*/
typedef int (*names_fn)(void *ctx, const char *other, uint32_t articles);
int names_others(const names_table *t, const char *name, uint32_t min, names_fn fn, void *ctx);

#endif
