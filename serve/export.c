/*
** The CSV export of a search (export.h).
*/
#include "export.h"

#include <stdio.h>
#include <string.h>

#include "common/rc.h"
#include "params.h"
#include "search/csv.h"

#define NAME_MAX_CHARS 40 /* of the query in the file name */

int export_csv(session *se, const request *r, int partial, search_out *o, warta_buf *b) {
  request page = *r;
  render_ctx c = {NULL, NULL, NULL}; /* paths as stored, as the JSON has them */
  int done = 0, rc;
  /* a spreadsheet takes hits: counts and facets would only cost */
  page.facets = 0;
  page.histogram = 0;
  page.count = 0;
  page.explain = 0;
  csv_header(b, 0);
  for (;;) {
    int want = r->limit - done;
    page.offset = r->offset + done;
    page.limit = want < PARAMS_MAX_LIMIT ? want : PARAMS_MAX_LIMIT;
    if ((rc = session_search(se, &page, o))) return rc;
    if (o->nothing || o->notes.fault || (o->r.missing && !partial))
      return WARTA_OK; /* the caller answers with what is wrong */
    for (int i = 0; i < o->r.nhit; i++)
      csv_hit(b, &c, &o->r.hit[i], page.offset + i + 1);
    done += o->r.nhit;
    if (o->r.nhit < page.limit || done >= r->limit) return b->err ? WARTA_NOMEM : WARTA_OK;
    search_out_free(o);
  }
}

void export_filename(const char *q, char *out, size_t n) {
  char slug[NAME_MAX_CHARS + 1];
  size_t k = 0;
  int dash = 0;
  for (const unsigned char *p = (const unsigned char *)(q ? q : ""); *p && k < NAME_MAX_CHARS;
       p++) {
    unsigned char ch = *p;
    if (ch >= 'A' && ch <= 'Z') ch = (unsigned char)(ch - 'A' + 'a');
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
      if (dash && k > 0 && k < NAME_MAX_CHARS) slug[k++] = '-';
      if (k < NAME_MAX_CHARS) slug[k++] = (char)ch;
      dash = 0;
    } else {
      dash = 1;
    }
  }
  slug[k] = 0;
  snprintf(out, n, "warta-%s.csv", k ? slug : "export");
}
