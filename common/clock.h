/*
** The clock of the index's times: when an article entered the index and
** when it last changed, and the "now" that a duration such as 24h counts
** back from. One place, so that the tests can fix it: WARTA_NOW (seconds
** since the epoch) stands for the system clock when set.
*/
#ifndef WARTA_CLOCK_H
#define WARTA_CLOCK_H

#include <stdint.h>

#define WARTA_TIME_LEN 20 /* "2026-12-06T22:31:12Z" */

/* Seconds since the epoch: WARTA_NOW when it is a whole number, else the
** system clock. */
int64_t warta_now(void);

/* t as an ISO 8601 UTC time, "YYYY-MM-DDTHH:MM:SSZ", into out (fixed width,
** so that byte order is time order). Returns out. */
char *warta_time_iso(int64_t t, char out[WARTA_TIME_LEN + 1]);

/*
** A point in time as a person gives it, into *t (seconds since the epoch):
** a duration back from now, a whole number and a unit (90m, 24h, 7d, 2w:
** minutes, hours, days, weeks); or an ISO 8601 date or time: YYYY-MM-DD,
** YYYY-MM-DDTHH:MM[:SS] (or a space for the T), in the local time zone
** unless it ends with Z or an offset (+07:00, +0700, -05). Returns 0, or
** -1 when s is none of these (an impossible date or time included).
*/
int warta_time_parse(const char *s, int64_t now, int64_t *t);

/* The days of month m (1-12) of year y in the Gregorian calendar: 28 to
** 31. */
int warta_days_in_month(int y, int m);

#endif
