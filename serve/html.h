/*
** Writing HTML from untrusted bytes: text and attribute values escaped,
** invalid UTF-8 repaired, URLs of links checked, URL parameters encoded,
** and passages with their highlights as <mark>. Everything the page shows
** from the index or from a request goes through here.
*/
#ifndef WARTA_SERVE_HTML_H
#define WARTA_SERVE_HTML_H

#include <stddef.h>

#include "common/buf.h"
#include "store/store.h"

/*
** Append s[0..n) to b as HTML text or as the value of a quoted attribute:
** & < > " ' as character references, each byte of an invalid UTF-8
** sequence as U+FFFD, the C0 controls but tab and newline, DEL and the
** C1 controls (which HTML forbids) as spaces. NULL s appends nothing.
*/
void html_text(warta_buf *b, const char *s, size_t n);
void html_str(warta_buf *b, const char *s); /* html_text of a C string */

/* 1 when url may be the target of a link: an absolute http: or https: URL
** (any case) without white space or controls; 0 otherwise (javascript:,
** data:, relative, ...). */
int html_url_ok(const char *url);

/* Append s percent-encoded for a URL's query (all but A-Z a-z 0-9 - . _ ~). */
void html_url_param(warta_buf *b, const char *s);

/*
** Append text[0..n) as HTML with the ranges hl[0..nhl) (byte offsets,
** final as warta_search() gives them: sorted, disjoint, on characters,
** phrases already one range) each in one <mark>. Unless whole, only the
** window excerpt_window() chooses is shown, with an ellipsis at each cut.
** Runs of white space become one space. The output is well formed
** whatever the ranges: out of bounds, unsorted or inside a character,
** they only mark more or less.
*/
void html_marked(warta_buf *b, const char *text, size_t n, const warta_span *hl, int nhl,
                 int whole);

#endif
