/*
** The timeline of a search (histogram.h). Dates are numbered as days
** since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's
** days_from_civil), so that weeks and the validity of a date need no
** table and no time zone.
*/
#include "histogram.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/rc.h"

#define BAR_WIDTH 50 /* '#' of the largest bucket in text */
#define MONDAY 4     /* 1970-01-05, the first Monday, in days */

static long days_from_civil(long y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

/* floor(a / b) for b > 0, whatever the sign of a. */
static long floor_div(long a, long b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* YYYYMMDD as a day number: 0 and *z, or -1 when it is no date of the
** calendar (the index keeps what the reader found: 2019-02-30 can be). */
static int day_of(const char *v, long *z) {
  long y = 0;
  int m = 0, d = 0;
  if (!v || strlen(v) != 8 || strspn(v, "0123456789") != 8) return -1;
  for (int i = 0; i < 4; i++)
    y = y * 10 + (v[i] - '0');
  m = (v[4] - '0') * 10 + (v[5] - '0');
  d = (v[6] - '0') * 10 + (v[7] - '0');
  if (m < 1 || m > 12 || d < 1 || d > 31) return -1;
  long ry;
  int rm, rd;
  *z = days_from_civil(y, m, d);
  civil_from_days(*z, &ry, &rm, &rd);
  return ry == y && rm == m && rd == d ? 0 : -1;
}

static void iso_day(char out[11], long z) {
  long y;
  int m, d;
  char tmp[48];
  civil_from_days(z, &y, &m, &d);
  snprintf(tmp, sizeof tmp, "%04ld-%02d-%02d", y, m, d);
  memcpy(out, tmp, 10); /* years have 4 digits: the index holds YYYYMMDD */
  out[10] = 0;
}

static long index_of(hist_unit unit, long z) {
  long y;
  int m, d;
  switch (unit) {
  case HIST_WEEK: return floor_div(z - MONDAY, 7);
  case HIST_MONTH: civil_from_days(z, &y, &m, &d); return y * 12 + m - 1;
  default: return z;
  }
}

void histogram_bucket_at(hist_unit unit, long index, hist_bucket *out) {
  memset(out, 0, sizeof *out);
  out->index = index;
  if (unit == HIST_MONTH) {
    long y = floor_div(index, 12);
    int m = (int)(index - y * 12) + 1;
    long first = days_from_civil(y, m, 1);
    long next = m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1);
    iso_day(out->since, first);
    iso_day(out->until, next - 1);
    snprintf(out->label, sizeof out->label, "%.7s", out->since);
    return;
  }
  long first = unit == HIST_WEEK ? index * 7 + MONDAY : index;
  iso_day(out->since, first);
  iso_day(out->until, unit == HIST_WEEK ? first + 6 : first);
  memcpy(out->label, out->since, sizeof out->label);
}

int histogram_unit(const char *s, hist_unit *out) {
  static const struct {
    const char *name;
    hist_unit unit;
  } units[] = {{"auto", HIST_AUTO}, {"day", HIST_DAY}, {"week", HIST_WEEK}, {"month", HIST_MONTH}};
  for (size_t i = 0; s && i < sizeof units / sizeof units[0]; i++) {
    if (strcmp(s, units[i].name) == 0) {
      *out = units[i].unit;
      return 0;
    }
  }
  return -1;
}

const char *histogram_unit_name(hist_unit u) {
  switch (u) {
  case HIST_AUTO: return "auto";
  case HIST_DAY: return "day";
  case HIST_WEEK: return "week";
  case HIST_MONTH: return "month";
  default: return "";
  }
}

/* The unit for dates from day first to day last. */
static hist_unit auto_unit(long first, long last) {
  long span = last - first;
  return span <= HIST_AUTO_DAYS ? HIST_DAY : span <= HIST_AUTO_WEEKS ? HIST_WEEK : HIST_MONTH;
}

int histogram_make(const warta_facet *days, int ndays, long total, hist_unit unit, histogram *h) {
  long first = 0, last = 0, dated = 0, z;
  int any = 0;
  memset(h, 0, sizeof *h);
  for (int i = 0; i < ndays; i++) {
    if (day_of(days[i].value, &z)) continue;
    if (!any || z < first) first = z;
    if (!any || z > last) last = z;
    any = 1;
  }
  h->unit = unit == HIST_AUTO || unit == HIST_NONE ? auto_unit(first, last) : unit;
  h->b = calloc((size_t)(ndays > 0 ? ndays : 1), sizeof *h->b);
  if (!h->b) return WARTA_NOMEM;
  /* dates come in order, so a bucket's dates are next to each other */
  for (int i = 0; i < ndays; i++) {
    if (day_of(days[i].value, &z)) continue;
    long idx = index_of(h->unit, z);
    if (h->n == 0 || h->b[h->n - 1].index != idx) histogram_bucket_at(h->unit, idx, &h->b[h->n++]);
    h->b[h->n - 1].n += days[i].n;
    dated += days[i].n;
  }
  for (int i = 0; i < h->n; i++)
    if (h->b[i].n > h->max) h->max = h->b[i].n;
  h->undated = total > dated ? total - dated : 0;
  return WARTA_OK;
}

void histogram_free(histogram *h) {
  if (!h) return;
  free(h->b);
  memset(h, 0, sizeof *h);
}

json_t *histogram_json(const histogram *h) {
  json_t *a = json_array();
  for (int i = 0; a && i < h->n; i++) {
    const hist_bucket *k = &h->b[i];
    if (json_array_append_new(a,
                              json_pack("{s:s, s:s, s:s, s:I}", "bucket", k->label, "since",
                                        k->since, "until", k->until, "count", (json_int_t)k->n))) {
      json_decref(a);
      return NULL;
    }
  }
  if (!a) return NULL;
  return json_pack("{s:s, s:I, s:o}", "unit", histogram_unit_name(h->unit), "undated",
                   (json_int_t)h->undated, "buckets", a);
}

static void text_line(warta_buf *b, const char *label, long n, long max) {
  int bar = max > 0 && n > 0 ? (int)((n * BAR_WIDTH + max - 1) / max) : 0;
  warta_buf_printf(b, "%-10s %6ld%s", label, n, bar ? " " : "");
  for (int i = 0; i < bar; i++)
    warta_buf_putc(b, '#');
  warta_buf_putc(b, '\n');
}

void histogram_text(warta_buf *b, const histogram *h) {
  static const char *const heading[] = {
      [HIST_DAY] = "by day", [HIST_WEEK] = "by week, from Monday", [HIST_MONTH] = "by month"};
  warta_buf_printf(b, "timeline %s\n", heading[h->unit == HIST_AUTO ? HIST_MONTH : h->unit]);
  for (int i = 0; i < h->n; i++) {
    /* the empty buckets since the last one, so that a gap shows */
    for (long k = i ? h->b[i - 1].index + 1 : h->b[i].index; k < h->b[i].index; k++) {
      hist_bucket e;
      histogram_bucket_at(h->unit, k, &e);
      text_line(b, e.label, 0, h->max);
    }
    text_line(b, h->b[i].label, h->b[i].n, h->max);
  }
  if (h->undated > 0 || h->n == 0) text_line(b, "undated", h->undated, h->max);
}
