/*
** Hits as CSV for spreadsheets and databases (RFC 4180): a header row,
** then one row per hit, every line ended by CRLF, UTF-8 without a byte
** order mark. warta-query --csv and warta-serve's format=csv write the
** same rows (docs/json.md lists the columns).
**
** Text cells are always quoted, a quote inside doubled; a line break of
** the data stays inside its quoted cell. Invalid UTF-8 becomes U+FFFD as
** in JSON, and the control characters but tab, LF and CR become spaces
** (as on the page). A text cell starting with '=', '+', '-', '@', tab or
** CR gets a leading apostrophe ('), so that a spreadsheet shows it as
** text rather than running it as a formula (OWASP's advice on CSV
** injection); a program reading the file drops one leading apostrophe
** before such a character to get the value back.
*/
#ifndef WARTA_CSV_H
#define WARTA_CSV_H

#include "common/buf.h"
#include "render.h"
#include "store/store.h"

/* The columns, in order (with a query's id first in batch runs). */
#define CSV_COLUMNS "rank,score,date,outlet,title,url,key,path,passage"

/* Append the header row to b; with_id: a query_id column first. */
void csv_header(warta_buf *b, int with_id);

/* Append one text cell s[0..n) to b (NULL s: an empty cell), as above. */
void csv_cell(warta_buf *b, const char *s, size_t n);

/* Append hit h at rank as a row to b: its fields as render_hit() gives
** them (the path relative to c->cwd when set), the passage whole and
** without marks; c->query_id first when set. Errors are b's. */
void csv_hit(warta_buf *b, const render_ctx *c, const warta_hit *h, int rank);

#endif
