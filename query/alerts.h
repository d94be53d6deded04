/*
** Saved searches (--alerts FILE): a file of named searches, each line
**
**   NAME<TAB>QUERY[<TAB>OPTION]...
**
** NAME: 1 to 100 bytes of UTF-8, no control characters, unique in the
** file; QUERY: the query language of warta-query(1), which may be empty
** when an option filters; each OPTION a field of its own, --NAME=VALUE,
** one of --lang, --source, --since, --until, --sort, --limit, --per-doc
** and --like, as on the command line. Blank lines and lines beginning
** with '#' are skipped. The options of the command line (--added-since
** among them) apply to every search; a line's own options override them.
*/
#ifndef WARTA_QUERY_ALERTS_H
#define WARTA_QUERY_ALERTS_H

#include "query.h"

#define ALERTS_MAX_NAME 100 /* bytes of a search's name at most */
#define ALERTS_LIMIT 100    /* hits of each search shown unless -n says */

typedef struct alert {
  const char *name; /* its name (points into the line) */
  const char *text; /* its query (points into the line) */
  query_opts o;     /* the command line's options, the line's applied:
                    ** o.query is not set (use text) */
} alert;

/*
** Parse line (a line of the file without its line break; cut in place at
** its tabs) into *a, over the command line's options base. Returns 1 for
** a search, 0 for a line to skip, or -1 for a malformed line with why[0..n)
** saying what is wrong ("unknown option '--colour'").
*/
int alerts_parse(char *line, const query_opts *base, alert *a, char *why, size_t n);

#endif
