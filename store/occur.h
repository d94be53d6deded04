/*
** Where a query's words occur in an article, and the highlights they make:
** the one owner of both, for the hits (rank.c) and whole articles
** (fetch.c). Internal to store/.
**
** Since schema 5 an article has an occurrence table in value slot V_OCC
** (see docs/index-format.md): the layout of its positions (the title's, then
** each passage's) and, for each of its text terms (unprefixed) and surface
** forms (U), the positions that hold it. Reading that value gives the
** passage stage all it needs: no positions list is read from the engine,
** which a remote shard would answer one round trip per (article, term).
*/
#ifndef WARTA_STORE_OCCUR_H
#define WARTA_STORE_OCCUR_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "schema.h"
#include "store.h"

/**************************************************************************
** the occurrence table, written (docs.c) and read
*/
/* One (term, position) of an article, as the writer records them: t points
** into memory the writer owns until occ_table_put() returns. */
typedef struct occ_rec {
  const char *t;
  uint32_t n;
  uint32_t pos;
} occ_rec;

/* Append to b the occurrence table of an article: its layout (the title's
** positions, then npassage passages of len[i] positions each) and the
** terms of rec[0..nrec) (sorted here; repeats of a (term, position) kept
** once), with restart points for looking a term up. Errors stick in b
** (b->err). The table is the article's value V_OCC. */
void occ_table_put(warta_buf *b, uint32_t title, const uint32_t *len, int npassage, occ_rec *rec,
                   size_t nrec);

/* An article's occurrence table, read in place from its value V_OCC:
** valid while that value is. */
typedef struct occ_table {
  art_layout l;                  /* the layout (malloc'ed: occ_table_free) */
  const unsigned char *terms;    /* the term entries */
  const unsigned char *end;      /* and their end */
  uint32_t nterms;               /* how many */
  const unsigned char *restarts; /* nrestart offsets (into terms), 4 bytes
                                 ** each, little-endian */
  uint32_t nrestart;
} occ_table;

/* Read the table v[0..n). Returns WARTA_OK, WARTA_NOMEM, or WARTA_CORRUPT
** when v is no well-made table (t is then empty: no layout, no terms). */
int occ_table_read(const unsigned char *v, size_t n, occ_table *t);
void occ_table_free(occ_table *t);

/* The positions of term[i] (term_len[i] bytes, prefix included) into
** pos[i] (malloc'ed, ascending; the caller frees each) and npos[i] (0 and
** NULL when the article has no such term), for i < nterm, each looked up
** by bisecting the table's restarts.
** Returns WARTA_OK, WARTA_NOMEM or WARTA_CORRUPT (nothing left allocated
** on an error). */
int occ_table_positions(const occ_table *t, const char *const *term, const int *term_len, int nterm,
                        uint32_t **pos, int *npos);

/* Call fn(ctx, term, len, npos) for each term of t in byte order: the
** term (prefix included; valid during the call) and how many positions
** hold it. Returns WARTA_OK, fn's non-zero return, or WARTA_CORRUPT when
** the table is malformed (the terms before it were given). */
typedef int (*occ_term_fn)(void *ctx, const char *term, size_t len, uint32_t npos);
int occ_table_each(const occ_table *t, occ_term_fn fn, void *ctx);

/**************************************************************************
** occurrences of sequences of terms
*/
/* An occurrence: positions [start, end] hold one alternative (seq) of a
** query's group, its terms one after the other. */
typedef struct occ {
  uint32_t start, end;
  int seq;
} occ;

/* A growing list of occurrences (v malloc'ed; the owner frees it). */
typedef struct occ_list {
  occ *v;
  int n;
  size_t cap;
} occ_list;

/* Append the occurrences of the sequence whose i-th term has the
** positions pos[i][0..npos[i]) (i < n), as alternative seq. Returns
** WARTA_OK or WARTA_NOMEM. */
int occ_sequence(uint32_t *const *pos, const int *npos, int n, int seq, occ_list *out);

/* Sort a list by start position. */
void occ_sort(occ_list *o);

/* The occurrences of o starting in [lo, hi): their index range. */
void occ_in_range(const occ_list *o, uint32_t lo, uint32_t hi, int *from, int *to);

/**************************************************************************
** highlights
*/
/* Byte ranges of a text to highlight: a growing list, made final by
** spanv_finish(). The ranges are those of whole words (tokens). */
typedef struct spanv {
  warta_span *v; /* malloc'ed; the caller frees it (or takes it over) */
  int n;
  size_t cap;
  int nomem; /* an add failed: the list misses spans */
} spanv;

/* Add [s, e) (nothing when empty). Returns WARTA_OK, or WARTA_NOMEM (and
** sets sv->nomem; later adds do nothing). */
int spanv_add(spanv *sv, int s, int e);

/* Make the spans final, as drawers take them (warta_hit.hl): each clamped
** to text[0..ntext) and widened to whole UTF-8 characters (dropped when
** nothing is left), sorted, and merged where they overlap, touch, or only
** white space lies between them, so that a phrase gets one mark. With text
** NULL, only sorted and merged where they overlap or touch. */
void spanv_finish(spanv *sv, const char *text, size_t ntext);

/* Add the byte ranges of the occurrences of lists o[0..nlist) that lie in
** the positions [lo, lo + len) of a text whose byte ranges are the data's
** segment seg[0..nseg) (offsets_put()). Returns WARTA_OK, WARTA_NOMEM, or
** WARTA_CORRUPT when the segment is malformed (spans so far kept). */
int occ_spans(const occ_list *o, int nlist, uint32_t lo, uint32_t len, const unsigned char *seg,
              size_t nseg, spanv *out);

/* The final highlights of text[0..ntext): to what sv holds already, the
** occurrences of lists o[0..nlist) in its positions [lo, lo + len), whose
** byte ranges are seg[0..nseg) (NULL: none; a malformed segment keeps those
** found), and its words beginning with one of prefix[0..nprefix)
** (occ_prefix_spans(); none when nprefix is 0); made final for that text
** (spanv_finish(); text NULL: only merged) and handed over into *hl, *nhl
** (sv left empty), on an error too. Returns WARTA_OK or WARTA_NOMEM. */
int occ_highlights(const occ_list *o, int nlist, uint32_t lo, uint32_t len,
                   const unsigned char *seg, size_t nseg, warta_analyzer **scanner,
                   const char *const *prefix, int nprefix, const char *text, size_t ntext,
                   spanv *sv, warta_span **hl, int *nhl);

/* Add the words of text[0..n) whose folded form begins with one of
** prefix[0..nprefix) (wildcard groups). *scanner is made on first use
** and owned by the caller. Returns WARTA_OK or WARTA_NOMEM. */
int occ_prefix_spans(warta_analyzer **scanner, const char *const *prefix, int nprefix,
                     const char *text, size_t n, spanv *out);

#endif
