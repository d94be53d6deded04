/*
** warta-query: rank the passages of a warta index for a query.
*/
#include <stdlib.h>

#include "common/cli.h"
#include "options.h"
#include "query.h"

int main(int argc, char **argv) {
  query_opts o;
  int code = query_parse_options(argc, argv, &o);
  if (code >= 0) return warta_close_stdout("warta-query", code);
  code = query_run(&o);
  free(o.query);
  return warta_close_stdout("warta-query", code);
}
