/*
** warta-index: index news articles into a warta index.
*/
#include "common/exitcode.h"
#include "index.h"
#include "options.h"
#include "status.h"

int main(int argc, char **argv) {
  index_opts o;
  index_stats s;
  int code = index_parse_options(argc, argv, &o);
  if (code >= 0) return code;
  if (o.status) return index_status(&o);
  if (o.check) return index_check(&o);
  if (o.compact) return index_compact(&o);
  return index_run(&o, &s);
}
