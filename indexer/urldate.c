/*
** Dates with day and month swapped, found by the URL (urldate.h).
*/
#include "urldate.h"

#include <stdio.h>
#include <string.h>

static int digits(const char *s, int n) {
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
  }
  return 1;
}

static int num(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++)
    v = v * 10 + (s[i] - '0');
  return v;
}

int url_date_swapped(const char *date, const char *url, char out[11]) {
  if (!date || !url || strlen(date) != 10 || date[4] != '-' || date[7] != '-' || !digits(date, 4) ||
      !digits(date + 5, 2) || !digits(date + 8, 2))
    return 0;
  int y = num(date, 4), m = num(date + 5, 2), d = num(date + 8, 2);
  if (m == d) return 0;
  /* /YYYY/MM/DD/ anywhere after the host */
  const char *p = strstr(url, "://");
  p = p ? strchr(p + 3, '/') : url;
  for (; p && *p; p = strchr(p + 1, '/')) {
    const char *s = p + 1;
    if (strlen(s) < 10 || !digits(s, 4) || s[4] != '/' || !digits(s + 5, 2) || s[7] != '/' ||
        !digits(s + 8, 2) || (s[10] != '/' && s[10] != 0))
      continue;
    if (num(s, 4) != y || num(s + 5, 2) != d || num(s + 8, 2) != m) continue;
    snprintf(out, 11, "%04d-%02d-%02d", y, d, m);
    return 1;
  }
  return 0;
}
