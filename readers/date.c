/*
** Dates as news sites write them, to ISO 8601.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "reader.h"

/* Month names and abbreviations, Indonesian and English, folded. */
static const struct {
  const char *name;
  int month;
} months[] = {
    {"jan", 1},       {"januari", 1},   {"january", 1},  {"feb", 2},       {"februari", 2},
    {"february", 2},  {"pebruari", 2},  {"mar", 3},      {"maret", 3},     {"march", 3},
    {"apr", 4},       {"april", 4},     {"mei", 5},      {"may", 5},       {"jun", 6},
    {"juni", 6},      {"june", 6},      {"jul", 7},      {"juli", 7},      {"july", 7},
    {"agu", 8},       {"agt", 8},       {"agus", 8},     {"agustus", 8},   {"aug", 8},
    {"august", 8},    {"sep", 9},       {"sept", 9},     {"september", 9}, {"okt", 10},
    {"oct", 10},      {"oktober", 10},  {"october", 10}, {"nov", 11},      {"nop", 11},
    {"nopember", 11}, {"november", 11}, {"des", 12},     {"dec", 12},      {"desember", 12},
    {"december", 12},
};

static int month_of(const char *w, size_t n) {
  char low[16];
  if (n >= sizeof low) return 0;
  for (size_t i = 0; i < n; i++)
    low[i] = (char)tolower((unsigned char)w[i]);
  low[n] = 0;
  for (size_t i = 0; i < sizeof months / sizeof months[0]; i++) {
    if (strcmp(months[i].name, low) == 0) return months[i].month;
  }
  return 0;
}

static int emit(int y, int m, int d, char out[11]) {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > warta_days_in_month(y, m)) return 0;
  snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
  return 1;
}

int warta_date_iso(const char *in, char out[11]) {
  int num[8], numlen[8], nnum = 0, month = 0;
  const char *p = in;
  if (!in) return 0;
  while (*p && isspace((unsigned char)*p))
    p++;
  /* YYYY-MM-DD..., YYYY/MM/DD */
  if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
      isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
      (p[4] == '-' || p[4] == '/') && isdigit((unsigned char)p[5])) {
    int y = 0, m = 0, d = 0;
    if (sscanf(p, "%4d%*[-/]%2d%*[-/]%2d", &y, &m, &d) == 3) return emit(y, m, d, out);
    return 0;
  }
  /* Otherwise collect numbers and one month name, in order. */
  while (*p && nnum < 8) {
    if (isdigit((unsigned char)*p)) {
      const char *s = p;
      long v = strtol(p, (char **)&p, 10);
      num[nnum] = v > 99999 ? 0 : (int)v;
      numlen[nnum++] = (int)(p - s);
      if (*p == ':') break; /* a time: the date is over */
    } else if (isalpha((unsigned char)*p)) {
      const char *s = p;
      while (isalpha((unsigned char)*p))
        p++;
      int mo = month_of(s, (size_t)(p - s));
      if (mo && !month) month = mo;
    } else {
      p++;
    }
  }
  if (month) {
    int day = 0, year = 0;
    for (int i = 0; i < nnum; i++) {
      if (numlen[i] == 4 && !year)
        year = num[i];
      else if (numlen[i] <= 2 && !day)
        day = num[i];
      else if (numlen[i] == 2 && day && !year)
        year = num[i] < 70 ? 2000 + num[i] : 1900 + num[i];
    }
    return emit(year, month, day, out);
  }
  /* DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY: day first, as Indonesia writes it */
  if (nnum >= 3 && numlen[2] == 4 && numlen[0] <= 2 && numlen[1] <= 2) {
    return emit(num[2], num[1], num[0], out);
  }
  return 0;
}
