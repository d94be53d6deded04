/*
** warta-index's command line.
*/
#ifndef WARTA_INDEX_OPTIONS_H
#define WARTA_INDEX_OPTIONS_H

#include "index.h"

/*
** Parse argv into o. Returns -1 to go on, or an exit code: 0 after --help
** or --version (printed on stdout), WARTA_EXIT_USAGE after a usage error
** (one line on stderr).
*/
int index_parse_options(int argc, char **argv, index_opts *o);

#endif
