/*
** Building an article's Xapian documents (docs.c). Internal to store/.
*/
#ifndef WARTA_DOCS_H
#define WARTA_DOCS_H

#include "analysis/print.h"
#include "common/hmap.h"
#include "schema.h"
#include "state.h"
#include "store.h"
#include "xdb.h"

/* Terms longer than this are left out: Xapian refuses terms over 245
** bytes, and a prefix must fit too. */
#define DOCS_MAX_TERM 240

typedef struct docs_out {
  xdoc *article; /* the article's document, without its data */
  char *data;    /* its data (malloc'ed): set by the writing thread, so
                 ** that the engine's copy is made where the document is
                 ** written (xdoc_data()) */
  size_t ndata;  /* bytes of data */
  size_t bytes;  /* what the document costs in memory, about: its data
                 ** and its positions */
} docs_out;

/* An article's document being built from its pieces (see
** warta_store_put_begin()): the title's tokens, then each passage and
** its tokens. The first error sticks (rc); later calls do nothing. */
typedef struct docs_stream {
  int rc;            /* the first error */
  xdoc *d;           /* the document */
  warta_buf t;       /* scratch for terms */
  warta_buf off;     /* byte ranges of the positions of the current text */
  warta_buf json;    /* the data's JSON so far */
  warta_buf tail;    /* the byte ranges of the texts finished */
  warta_buf surface; /* the surface of the last token given */
  int npassage;      /* passages begun */
  uint32_t first;    /* first position of the current text */
  uint32_t pos;      /* its last position used (first - 1: none) */
  int start, end;    /* byte range of the current position */
  int prev_end;      /* end of the last range written to off */
  size_t postings;   /* positions given to terms so far */
  size_t max_terms;  /* distinct terms it may have (0: no limit) */
  warta_hmap known;  /* once it has them: its terms, which alone get
                     ** postings from then on */
  int full;          /* 1: it has max_terms (known holds them) */
  size_t left_out;   /* tokens left out for it */
  warta_print print; /* the fingerprint of its passages' words as written */
  /* its occurrence table (occur.h), recorded as postings are given */
  warta_buf occ_bytes; /* the terms' bytes, one after the other */
  struct docs_occ {
    size_t off;   /* of the term in occ_bytes */
    uint32_t n;   /* its bytes */
    uint32_t pos; /* one of its positions */
  } * occ;
  size_t nocc, capocc;
  uint32_t title; /* positions of the title */
  uint32_t *plen; /* and of each passage finished */
  int nplen;
  size_t capplen;
} docs_stream;

/* Begin the document of article a (whose id is aid) with its boolean
** terms, values (t's times among them; "" unknown: no value) and the
** data's fields. Once the document has max_terms
** distinct terms (0: no limit), a token of a term it does not have yet is
** left out (counted in left_out): its position stays, so that the other
** terms' positions and the byte ranges are those of the whole text.
** Returns WARTA_OK or WARTA_NOMEM; s is to be freed with
** docs_stream_free() in every case. */
int docs_begin(docs_stream *s, const warta_article_in *a, const char *aid, const art_times *t,
               size_t max_terms);
/* A token of the current text (the title until the first passage). */
void docs_token(docs_stream *s, const warta_tok *t);
/* The next passage's text begins (its tokens follow). */
void docs_passage(docs_stream *s, const char *text, size_t n);
/* The article writes out acronym acr[0..na) as name[0..nn) (folded). */
void docs_name(docs_stream *s, const char *acr, size_t na, const char *name, size_t nn);
/* Finish: the surface forms, then the data. Returns WARTA_OK and *out
** (free with docs_free(), or hand to the writer), or the sticky error. */
int docs_end(docs_stream *s, const warta_surface *sf, int nsf, docs_out *out);
void docs_stream_free(docs_stream *s);
void docs_free(docs_out *o);

#endif
