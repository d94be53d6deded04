/*
** Xapian stub files (stub.h).
*/
#include "stub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"

static int add(stub_list *l, stub_entry *e) {
  stub_entry *v = realloc(l->v, sizeof *v * (size_t)(l->n + 1));
  if (!v) return -1;
  l->v = v;
  l->v[l->n++] = *e;
  if (e->host) l->remote++;
  return 0;
}

static void entry_free(stub_entry *e) {
  free(e->path);
  free(e->host);
  free(e->name);
}

/* "HOST:PORT" (HOST may be a bracketed IPv6 address). 0, or 1 when it is
** not that form. */
static int parse_remote(const char *s, size_t n, stub_entry *e) {
  const char *colon = NULL;
  for (size_t i = n; i > 0; i--) {
    if (s[i - 1] == ':') {
      colon = s + i - 1;
      break;
    }
  }
  if (!colon || colon == s || (size_t)(colon - s) + 1 >= n) return 1;
  size_t nh = (size_t)(colon - s), np = n - nh - 1;
  const char *h = s;
  if (h[0] == '[' && nh >= 2 && h[nh - 1] == ']') {
    h++;
    nh -= 2;
  }
  unsigned long port = 0;
  for (size_t i = 0; i < np; i++) {
    char c = colon[1 + i];
    if (c < '0' || c > '9' || port > 65535) return 1;
    port = port * 10 + (unsigned long)(c - '0');
  }
  if (port == 0 || port > 65535 || nh == 0) return 1;
  for (size_t i = 0; i < nh; i++) {
    if (h[i] == ' ' || h[i] == '\t' || h[i] == '/') return 1;
  }
  e->host = strndup(h, nh);
  e->port = (unsigned)port;
  return e->host ? 0 : -1;
}

int stub_parse(const char *text, size_t n, const char *base, stub_list *out) {
  memset(out, 0, sizeof *out);
  size_t i = 0;
  int rc = 0;
  while (i < n && rc == 0) {
    size_t end = i;
    while (end < n && text[end] != '\n')
      end++;
    const char *s = text + i;
    size_t len = end - i;
    i = end + 1;
    while (len && (s[len - 1] == '\r' || s[len - 1] == ' ' || s[len - 1] == '\t'))
      len--;
    while (len && (*s == ' ' || *s == '\t')) {
      s++;
      len--;
    }
    if (len == 0 || *s == '#') continue;
    if (memchr(s, 0, len)) {
      rc = 1;
      break;
    }
    size_t k = 0;
    while (k < len && s[k] != ' ' && s[k] != '\t')
      k++;
    size_t v = k;
    while (v < len && (s[v] == ' ' || s[v] == '\t'))
      v++;
    if (v == len) {
      rc = 1;
      break;
    }
    stub_entry e = {NULL, NULL, 0, NULL};
    warta_buf b = WARTA_BUF_INIT;
    if (k == 6 && memcmp(s, "remote", 6) == 0) {
      rc = parse_remote(s + v, len - v, &e);
      if (rc == 0) {
        warta_buf_puts(&b, "remote ");
        warta_buf_append(&b, s + v, len - v);
      }
    } else if ((k == 4 && memcmp(s, "auto", 4) == 0) || (k == 5 && memcmp(s, "glass", 5) == 0)) {
      if (s[v] != '/' && base && *base) {
        warta_buf_puts(&b, base);
        warta_buf_putc(&b, '/');
      }
      warta_buf_append(&b, s + v, len - v);
      if (!b.err && !(e.path = strdup(b.p))) rc = -1;
    } else {
      rc = 1;
    }
    if (rc == 0 && !b.err) e.name = warta_buf_take(&b);
    warta_buf_free(&b);
    if (rc == 0 && !e.name) rc = -1;
    if (rc == 0 && add(out, &e)) rc = -1;
    if (rc) entry_free(&e);
  }
  if (rc) stub_list_free(out);
  return rc;
}

void stub_list_free(stub_list *l) {
  for (int i = 0; i < l->n; i++)
    entry_free(&l->v[i]);
  free(l->v);
  memset(l, 0, sizeof *l);
}
