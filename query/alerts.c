/*
** Saved searches: one line of an alerts file (alerts.h).
*/
#include "alerts.h"

#include <stdio.h>
#include <string.h>

#include "common/cli.h"
#include "common/utf8.h"
#include "search/request.h"

/* The options a saved search may give, by name. */
typedef enum aopt { A_LANG, A_SOURCE, A_SINCE, A_UNTIL, A_SORT, A_LIMIT, A_PERDOC, A_LIKE } aopt;

static const struct {
  const char *name;
  aopt opt;
} options[] = {
    {"lang", A_LANG}, {"source", A_SOURCE}, {"since", A_SINCE},    {"until", A_UNTIL},
    {"sort", A_SORT}, {"limit", A_LIMIT},   {"per-doc", A_PERDOC}, {"like", A_LIKE},
};

/* Apply the option field f ("--name=value") to o. 0, or -1 with why. */
static int apply(char *f, query_opts *o, char *why, size_t n) {
  char *eq = strchr(f, '=');
  if (strncmp(f, "--", 2) != 0 || !eq || eq == f + 2) {
    snprintf(why, n, "'%.60s' is no option (--NAME=VALUE)", f);
    return -1;
  }
  *eq = 0;
  const char *name = f + 2, *v = eq + 1;
  size_t i = 0;
  while (i < sizeof options / sizeof options[0] && strcmp(options[i].name, name) != 0)
    i++;
  if (i == sizeof options / sizeof options[0]) {
    snprintf(why, n,
             "unknown option '--%.40s' (lang, source, since, until, sort, limit, "
             "per-doc, like)",
             name);
    return -1;
  }
  int bad = !*v;
  switch (options[i].opt) {
  case A_LANG: o->lang = v; break;
  case A_SOURCE: o->source = v; break;
  case A_SINCE: bad |= request_date(v, o->since, 0) != 0; break;
  case A_UNTIL: bad |= request_date(v, o->until, 1) != 0; break;
  case A_SORT: bad |= request_sort(v, &o->sort) != 0; break;
  case A_LIMIT: bad |= warta_parse_int(v, 1, 100000, &o->limit) != 0; break;
  case A_PERDOC: bad |= warta_parse_int(v, 0, 100000, &o->per_doc) != 0; break;
  case A_LIKE: o->like = v; break;
  }
  if (bad) snprintf(why, n, "bad --%s '%.60s'", name, v);
  return bad ? -1 : 0;
}

/* A name a person can read in a mail: UTF-8 without control characters. */
static int name_ok(const char *s, char *why, size_t n) {
  size_t len = strlen(s);
  int ctl = 0;
  for (size_t i = 0; i < len; i++)
    ctl |= (unsigned char)s[i] < 0x20 || s[i] == 0x7f;
  if (len == 0 || len > ALERTS_MAX_NAME || ctl || warta_utf8_invalid(s, len) != len) {
    snprintf(why, n, "the search's name must be 1 to %d bytes of UTF-8 without control characters",
             ALERTS_MAX_NAME);
    return -1;
  }
  return 0;
}

int alerts_parse(char *line, const query_opts *base, alert *a, char *why, size_t n) {
  line[strcspn(line, "\r\n")] = 0;
  if (line[strspn(line, " \t")] == 0 || line[0] == '#') return 0;
  memset(a, 0, sizeof *a);
  a->o = *base;
  a->o.query = NULL;
  char *tab = strchr(line, '\t');
  if (!tab) {
    snprintf(why, n, "no tab after the search's name (NAME<TAB>QUERY)");
    return -1;
  }
  *tab = 0;
  a->name = line;
  if (name_ok(line, why, n)) return -1;
  char *text = tab + 1;
  char *f = strchr(text, '\t');
  if (f) *f++ = 0;
  a->text = text;
  while (f) {
    char *next = strchr(f, '\t');
    if (next) *next++ = 0;
    if (apply(f, &a->o, why, n)) return -1;
    f = next;
  }
  if (a->o.since[0] && a->o.until[0] && strcmp(a->o.since, a->o.until) > 0) {
    snprintf(why, n, "--since is after --until");
    return -1;
  }
  return 1;
}
