/*
** The index's clock (clock.h).
*/
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t warta_now(void) {
  const char *f = getenv("WARTA_NOW");
  if (f && *f) {
    char *end = NULL;
    long long v = strtoll(f, &end, 10);
    if (*end == 0 && v >= 0) return (int64_t)v;
  }
  return (int64_t)time(NULL);
}

char *warta_time_iso(int64_t t, char out[WARTA_TIME_LEN + 1]) {
  time_t tt = (time_t)t;
  struct tm tm;
  if (!gmtime_r(&tt, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 0)
    memset(&tm, 0, sizeof tm), tm.tm_mday = 1, tm.tm_year = 70;
  snprintf(out, WARTA_TIME_LEN + 1, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return out;
}

/* Exactly n digits at *p as a number (-1 when not). */
static int digits(const char **p, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    char c = (*p)[i];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  *p += n;
  return v;
}

/* 90m, 24h, 7d, 2w back from now. */
static int duration(const char *s, int64_t now, int64_t *t) {
  static const struct {
    char unit;
    int64_t seconds;
  } units[] = {{'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 7 * 86400}};
  size_t n = strspn(s, "0123456789");
  if (n == 0 || n > 7 || s[n] == 0 || s[n + 1] != 0) return -1;
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    if (s[n] == units[i].unit) {
      *t = now - (int64_t)atol(s) * units[i].seconds;
      return 0;
    }
  }
  return -1;
}

/* Z, +07:00, +0700, +07, -05:30, or nothing (local time: *local). */
static int zone(const char *p, int *local, long *offset) {
  *local = 0;
  *offset = 0;
  if (*p == 0) return *local = 1, 0;
  if ((p[0] == 'Z' || p[0] == 'z') && p[1] == 0) return 0;
  if (*p != '+' && *p != '-') return -1;
  int sign = *p++ == '-' ? -1 : 1, h = digits(&p, 2), m = 0;
  if (h < 0 || h > 14) return -1;
  if (*p == ':') p++;
  if (*p && ((m = digits(&p, 2)) < 0 || m > 59)) return -1;
  if (*p) return -1;
  *offset = sign * (h * 3600L + m * 60L);
  return 0;
}

int warta_days_in_month(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : d[m - 1];
}

int warta_time_parse(const char *s, int64_t now, int64_t *t) {
  if (!s) return -1;
  if (duration(s, now, t) == 0) return 0;
  const char *p = s;
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  int y = digits(&p, 4), mo = -1, d = -1, h = 0, mi = 0, se = 0;
  if (y < 0 || *p++ != '-' || (mo = digits(&p, 2)) < 1 || mo > 12 || *p++ != '-' ||
      (d = digits(&p, 2)) < 1 || y < 1900 || d > warta_days_in_month(y, mo))
    return -1;
  if (*p == 'T' || *p == 't' || *p == ' ') {
    p++;
    if ((h = digits(&p, 2)) < 0 || h > 23 || *p++ != ':' || (mi = digits(&p, 2)) < 0 || mi > 59)
      return -1;
    if (*p == ':' && (p++, (se = digits(&p, 2)) < 0 || se > 60)) return -1;
  } else if (*p) {
    return -1;
  }
  int local;
  long offset;
  if (zone(p, &local, &offset)) return -1;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = se;
  if (local) {
    tm.tm_isdst = -1;
    time_t v = mktime(&tm);
    if (v == (time_t)-1) return -1;
    *t = (int64_t)v;
  } else {
    *t = (int64_t)timegm(&tm) - offset;
  }
  return 0;
}
