/*
** Search parameters into a typed request (params.h).
*/
#include "params.h"

#include <stdio.h>
#include <string.h>

#include "common/cli.h"
#include "common/utf8.h"
#include "search/histogram.h"

/* The first error is the one told. */
static int fail(params_error *e, int status, const char *name, const char *why) {
  if (e->status) return -1;
  e->status = status;
  snprintf(e->msg, sizeof e->msg, "bad parameter '%s': %s", name, why);
  return -1;
}

/* A value, or NULL when absent or empty. */
static const char *value(params_get_fn get, void *ctx, const char *name) {
  const char *v = get(ctx, name);
  return v && *v ? v : NULL;
}

/* Text: valid UTF-8 of at most max bytes. */
static int text_ok(const char *v, size_t max, const char *name, params_error *e) {
  size_t n = strlen(v);
  if (n > max) {
    char why[80];
    snprintf(why, sizeof why, "longer than %zu bytes", max);
    return fail(e, max == PARAMS_MAX_QUERY ? 414 : 400, name, why);
  }
  if (warta_utf8_invalid(v, n) != n) return fail(e, 400, name, "not UTF-8");
  return 0;
}

static int number(params_get_fn get, void *ctx, const char *name, int lo, int hi, int *out,
                  params_error *e) {
  const char *v = value(get, ctx, name);
  if (!v) return 0;
  if (warta_parse_int(v, lo, hi, out)) {
    char why[80];
    snprintf(why, sizeof why, "not a whole number from %d to %d", lo, hi);
    return fail(e, 400, name, why);
  }
  return 0;
}

static int flag(params_get_fn get, void *ctx, const char *name, int *out, params_error *e) {
  const char *v = value(get, ctx, name);
  if (!v) return 0;
  if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "yes"))
    *out = 1;
  else if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "off") || !strcmp(v, "no"))
    *out = 0;
  else
    return fail(e, 400, name, "not 1 or 0");
  return 0;
}

static int date(params_get_fn get, void *ctx, const char *name, char out[9], int last,
                params_error *e) {
  const char *v = value(get, ctx, name);
  if (!v || request_date(v, out, last) == 0) return 0;
  if (!e->status) {
    e->date = 1;
    snprintf(e->value, sizeof e->value, "%s", v);
  }
  return fail(e, 400, name, "not a date (2019-09-10, 10/09/2019 or 10 September 2019)");
}

int params_read(params_get_fn get, void *ctx, request *r, params_extra *x, params_error *e) {
  const char *v;
  memset(x, 0, sizeof *x);
  x->partial = -1;
  memset(e, 0, sizeof *e);
  if ((v = get(ctx, "q"))) {
    if (text_ok(v, PARAMS_MAX_QUERY, "q", e)) return -1;
    r->text = v;
  }
  if ((v = value(get, ctx, "like"))) {
    if (text_ok(v, PARAMS_MAX_QUERY, "like", e)) return -1;
    r->like = v;
  }
  if ((v = value(get, ctx, "story"))) {
    if (text_ok(v, PARAMS_MAX_QUERY, "story", e)) return -1;
    r->story = v;
  }
  if ((v = value(get, ctx, "source"))) {
    if (text_ok(v, PARAMS_MAX_NAME, "source", e)) return -1;
    r->source = v;
  }
  if ((v = value(get, ctx, "lang"))) {
    if (text_ok(v, PARAMS_MAX_NAME, "lang", e)) return -1;
    r->lang = v;
  }
  /* from here on a bad value keeps its default and the others are read */
  int bad = date(get, ctx, "since", r->since, 0, e) | date(get, ctx, "until", r->until, 1, e);
  if (r->since[0] && r->until[0] && strcmp(r->since, r->until) > 0) {
    bad |= fail(e, 400, "since", "after until");
    r->since[0] = r->until[0] = 0;
  }
  if ((v = value(get, ctx, "sort")) && request_sort(v, &r->sort))
    bad |= fail(e, 400, "sort", "not relevance, newest, oldest or added");
  if ((v = value(get, ctx, "format")) && strcmp(v, "json") != 0) {
    if (strcmp(v, "csv") == 0)
      x->csv = 1, r->limit = PARAMS_MAX_EXPORT;
    else
      bad |= fail(e, 400, "format", "not json or csv");
  }
  if ((v = value(get, ctx, "added_since")) && request_added_since(v, r->added_since))
    bad |= fail(e, 400, "added_since",
                "not a time (24h, 7d, 90m, 2026-12-01 or "
                "2026-12-01T06:00:00+07:00)");
  hist_unit unit = HIST_NONE;
  if ((v = value(get, ctx, "histogram")) && histogram_unit(v, &unit))
    bad |= fail(e, 400, "histogram", "not day, week, month or auto");
  r->histogram = (int)unit;
  bad |= number(get, ctx, "n", 1, x->csv ? PARAMS_MAX_EXPORT : PARAMS_MAX_LIMIT, &r->limit, e) |
         number(get, ctx, "offset", 0, PARAMS_MAX_OFFSET, &r->offset, e) |
         number(get, ctx, "per_doc", 0, PARAMS_MAX_PER_DOC, &r->per_doc, e) |
         flag(get, ctx, "facets", &r->facets, e) | flag(get, ctx, "explain", &r->explain, e) |
         flag(get, ctx, "count", &r->count, e) | flag(get, ctx, "full", &x->full, e) |
         flag(get, ctx, "partial", &x->partial, e) | flag(get, ctx, "exact", &r->exact, e) |
         flag(get, ctx, "copies", &r->copies, e);
  const char *why = request_invalid(r);
  if (why) return fail(e, 400, "q", why);
  e->usable = bad != 0;
  return bad;
}
