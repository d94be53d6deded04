/*
** warta-serve's command line.
*/
#ifndef WARTA_SERVE_OPTIONS_H
#define WARTA_SERVE_OPTIONS_H

#include "serve.h"

/*
** Parse argv into o. Returns -1 to go on, or an exit code: 0 after --help
** or --version, WARTA_EXIT_USAGE after a usage error (one line on stderr).
*/
int serve_parse_options(int argc, char **argv, serve_opts *o);

#endif
