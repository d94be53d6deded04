/*
** warta-query's command line.
*/
#ifndef WARTA_QUERY_OPTIONS_H
#define WARTA_QUERY_OPTIONS_H

#include "query.h"

/*
** Parse argv into o (o->query is malloc'ed: free it). Returns -1 to go on,
** or an exit code: 0 after --help or --version, WARTA_EXIT_USAGE after a
** usage error (one line on stderr).
*/
int query_parse_options(int argc, char **argv, query_opts *o);

#endif
