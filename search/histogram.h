/*
** The timeline of a search: its matching articles counted per day, week
** (from Monday, as ISO 8601) or month, exactly, from the counts per date
** that store/ gives with warta_query.histogram (warta_results.days). Both
** tools show it: warta-query --histogram as text and JSON, warta-serve as
** JSON (histogram=) and as a chart on the page.
**
** A bucket is a closed range of days, so that --since START --until END
** (since=, until=) selects exactly the articles it counts. Articles
** without a date, or with one the calendar does not hold (2019-02-30),
** are in no bucket: they are counted apart (undated).
*/
#ifndef WARTA_HISTOGRAM_H
#define WARTA_HISTOGRAM_H

#include <jansson.h>

#include "common/buf.h"
#include "store/store.h"

/* The size of a bucket. warta_query.histogram holds it (HIST_NONE: no
** histogram), so that the summary knows what was asked. */
typedef enum hist_unit {
  HIST_NONE = 0,
  HIST_AUTO, /* chosen from the span of dates (histogram_make()) */
  HIST_DAY,
  HIST_WEEK, /* Monday to Sunday */
  HIST_MONTH
} hist_unit;

/* The auto choice: days up to HIST_AUTO_DAYS days from the first date to
** the last, weeks up to HIST_AUTO_WEEKS days, else months; so that a
** chart has from a few to about a hundred bars for a year or two. */
#define HIST_AUTO_DAYS 92
#define HIST_AUTO_WEEKS 731

/* A unit by name ("day", "week", "month", "auto"): 0 and *out, or -1. */
int histogram_unit(const char *s, hist_unit *out);

/* The name of u ("day", ...; "auto" for HIST_AUTO, "" for HIST_NONE). */
const char *histogram_unit_name(hist_unit u);

typedef struct hist_bucket {
  long index;     /* its place on the time axis: consecutive buckets
                  ** differ by 1 (days, weeks or months since an epoch) */
  char since[11]; /* its first day, YYYY-MM-DD */
  char until[11]; /* its last day, YYYY-MM-DD */
  char label[11]; /* YYYY-MM-DD (a day; a week: its Monday), YYYY-MM */
  long n;         /* matching articles dated in it */
} hist_bucket;

typedef struct histogram {
  hist_unit unit; /* day, week or month (never HIST_AUTO) */
  hist_bucket *b; /* the buckets holding articles, in order (malloc'ed) */
  int n;          /* entries in b */
  long undated;   /* matching articles in no bucket */
  long max;       /* the largest count of a bucket (0 when none) */
} histogram;

/*
** The histogram of the counts per date days[0..ndays) (YYYYMMDD, in
** order, as warta_results.days) of total matching articles, in buckets
** of unit (HIST_AUTO: chosen from the span) into *h (free with
** histogram_free()). Returns WARTA_OK or WARTA_NOMEM (h empty).
*/
int histogram_make(const warta_facet *days, int ndays, long total, hist_unit unit, histogram *h);
void histogram_free(histogram *h);

/* The bucket of unit at index (for the empty buckets between two that
** hold articles), n 0, into *out. */
void histogram_bucket_at(hist_unit unit, long index, hist_bucket *out);

/*
** The histogram as JSON (docs/json.md): {"unit", "undated", "buckets":
** [{"bucket", "since", "until", "count"}]}, the buckets that hold
** articles. A new reference, or NULL when out of memory.
*/
json_t *histogram_json(const histogram *h);

/*
** The histogram of r as text for a terminal, into b: a heading, then one
** line per bucket from the first to the last (empty ones too, so that a
** gap shows), its label, its count and a bar of '#' scaled to the
** largest, then the undated ones.
*/
void histogram_text(warta_buf *b, const histogram *h);

#endif
