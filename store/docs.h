/*
** Building an article's Xapian documents (docs.c). Internal to store/.
*/
#ifndef WARTA_DOCS_H
#define WARTA_DOCS_H

#include "schema.h"
#include "store.h"
#include "xdb.h"

/* Terms longer than this are left out: Xapian refuses terms over 245
** bytes, and a prefix must fit too. */
#define DOCS_MAX_TERM 240

typedef struct docs_out {
  xdoc *article; /* the article's document */
} docs_out;

/* Build the document of article a, whose id is aid. Returns WARTA_OK and
** *out (free with docs_free()), or WARTA_NOMEM. */
int docs_build(const warta_article_in *a, const char *aid, docs_out *out);
void docs_free(docs_out *o);

#endif
