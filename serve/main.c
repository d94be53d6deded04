/*
** warta-serve: the search page and HTTP API of a warta index.
*/
#include "options.h"
#include "serve.h"

int main(int argc, char **argv) {
  serve_opts o;
  int code = serve_parse_options(argc, argv, &o);
  if (code >= 0) return code;
  return serve_run(&o);
}
