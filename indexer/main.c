/*
** warta-index: index news articles into a warta index.
*/
#include "common/cli.h"
#include "common/exitcode.h"
#include "index.h"
#include "options.h"
#include "status.h"

int main(int argc, char **argv) {
  index_opts o;
  index_stats s;
  int code = index_parse_options(argc, argv, &o);
  if (code < 0)
    code = o.status    ? index_status(&o)
           : o.check   ? index_check(&o)
           : o.compact ? index_compact(&o)
                       : index_run(&o, &s);
  return warta_close_stdout("warta-index", code);
}
