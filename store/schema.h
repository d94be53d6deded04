/*
** How articles are laid out in Xapian (one document each): term
** prefixes, value slots, positions, data. Shared by the writer (docs.c) and the searcher; the
** same names are documented for Python users in docs/index-format.md.
*/
#ifndef WARTA_SCHEMA_H
#define WARTA_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

/* Boolean and special terms. */
#define T_ARTICLE "XA" /* every article */
#define P_ID "Q"       /* Q<aid>: the article (unique) */
#define P_KEY                                                                                      \
  "K"                 /* K<hash>: 16 hex digits of xxh3-64 of the record key,                      \
                      ** or of the file's path when it has none */
#define P_LANG "L"    /* L<code> */
#define P_SOURCE "XS" /* XS<source>: outlet name, domain, domain label */
#define P_YEAR "Y"    /* Y2019 */
#define P_MONTH "M"   /* M201909 */
#define P_DAY "D"     /* D20190920 */
/* XD<YYYYMMDD><NN>: the NN days of a month from YYYYMMDD on (NN 02, 04,
** 08 or 16; a block starts at day 1 + k NN, and the month may end it
** early), held by each dated article for the four blocks its day is in, so
** that a closed date range is a few blocks where it was many days
** (store/match.c, "dates") */
#define P_DAYS "XD"
#define DAYS_BLOCKS 4 /* the block sizes: 2, 4, 8, 16 days */
/* XN<acronym>=<long name>: the article writes the pair out ("Komisi
** Pemberantasan Korupsi (KPK)"), both folded (schema 4). A term, so that
** the count of articles is its frequency: kept exact by every change,
** summed over shards and read through remote ones. */
#define P_NAME "XN"
#define NAME_SEP '=' /* between the acronym and the long name */
#define P_STORY "XC" /* XC<story>: the story the article is a copy in (its id) */
#define T_JOINED                                                                                   \
  "XJ" /* an article that joined a story begun by another (a copy of an                            \
       ** earlier one): stories are counted from these few */
#define P_BAND                                                                                     \
  "XB" /* XB<i><8 hex>: band i of the article's fingerprint (story.h),                             \
       ** so that any reader finds the articles that may be its copies */
/* Prefixed text terms. */
#define P_TITLE "S"   /* S<term>: a term of the title, with positions */
#define P_SURFACE "U" /* U<word>: a surface form (folded, unstemmed) */

/* Value slots. */
#define V_DATE 0 /* YYYYMMDD: sorting and date ranges */
/* slot 1 is no longer used */
#define V_SOURCE 2 /* the source as shown (facets) */
#define V_MONTH 3  /* YYYY-MM (facets) */
#define V_LANG 4   /* the language (facets) */
/* slot 5 is no longer used: the byte ranges are in the data */
#define V_OLDEST                                                                                   \
  6 /* YYYYMMDD, or "~" when undated: oldest first with the                                        \
    ** undated last, by value alone (remote shards sort by                                         \
    ** value, not by a key maker) */
#define V_ADDED                                                                                    \
  7                 /* when the article entered the index, "YYYY-MM-DDTHH:MM:SSZ" (UTC,            \
                    ** fixed width: byte order is time order, so that a range and a sort           \
                    ** by value alone work on remote shards too); none: before warta               \
                    ** recorded it */
#define V_CHANGED 8 /* when its record last changed, likewise */
#define V_STORY                                                                                    \
  9 /* the story's id (16 hex digits, the aid of its first article):                               \
    ** the collapse key that folds copies */
#define V_OCC                                                                                      \
  10 /* the occurrence table (occur.h): where each text term and surface                           \
     ** form occurs, and the layout of the positions; what the passage                             \
     ** stage reads of an article */
#define V_COPY                                                                                     \
  11 /* "<story>\t<source>\t<key>": a story's outlets and keys are                                 \
     ** counted by one match (a match spy) rather than read document by                            \
     ** document, which a remote shard pays a round trip each */

/* Positions: the title from 1, then each passage after a gap, so that no
** phrase spans the title and a passage or two passages. */
#define POS_GAP 8

#define AID_LEN 16 /* hex digits of an article id */

/* The article id of (path, key): 16 hex digits of xxh3-64. */
void aid_of(const char *path, const char *key, char out[AID_LEN + 1]);

/* The key term of key: "K" + 16 hex digits of its xxh3-64. */
void key_term(warta_buf *b, const char *key);

/* Fold a source name or domain for XS terms: ASCII lowercase, trimmed,
** without "www.". Writes into out[0..n); returns the length. */
size_t source_fold(const char *s, size_t len, char *out, size_t n);

/*
** A schema version marker v (the state's meta or the engine's metadata;
** NULL when absent) against this warta's WARTA_SCHEMA_VERSION: exactly its
** number, or refused, a newer one never read as this one's. Returns
** WARTA_OK, or with a message in msg[0..n) (where names the marker's
** place, "the state" or "the engine"):
**   WARTA_TOONEW    a higher version (a newer warta wrote it);
**   WARTA_MISMATCH  a lower version;
**   WARTA_CORRUPT   absent, or not a version number.
*/
int schema_version_check(const char *v, const char *where, char *msg, size_t n);

/* The term of the block of len days from day first of month m of year y
** (P_DAYS) into out[0..n), NUL-terminated. */
void days_block_term(char *out, size_t n, int y, int m, int first, int len);

/* Varints (LEB128) and zigzag signed varints. */
void varint_put(warta_buf *b, uint64_t v);
/* Read a varint at *p (< end): 0 and *v, or -1 when malformed. */
int varint_get(const unsigned char **p, const unsigned char *end, uint64_t *v);

/* The byte range [start, end) of a position (in the data): one byte,
** gap << 5 | length, when the gap from the previous range's end is 0..3
** and the length 0..31 (most words); else 0x80, then the gap (zigzag) and
** the length as varints. *prev_end carries the previous end (0 first). */
void offsets_put(warta_buf *b, int start, int end, int *prev_end);
/* Read one range at *p (< end): 0, or -1 when malformed. */
int offsets_get(const unsigned char **p, const unsigned char *end, int *prev_end, int *start,
                int *stop);

/* The layout of an article's positions (its occurrence table: occur.h). */
typedef struct art_layout {
  uint32_t title;  /* positions of the title (1..title) */
  int n;           /* passages */
  uint32_t *first; /* first position of each (malloc'ed) */
  uint32_t *len;   /* positions in each */
} art_layout;

void layout_free(art_layout *l);

/* An article's data data[0..n) is its JSON, a NUL, then the byte ranges of
** its texts' positions (the title's, then each passage's), each a segment:
** a varint length and the ranges (offsets_put()). data_split() finds the
** parts; data_segment() segment k of the tail (0: the title, 1 + i:
** passage i). Both return 0, or -1 when the data is not so made. */
int data_split(const char *data, size_t n, size_t *json_len, const unsigned char **tail,
               size_t *tail_len);
int data_segment(const unsigned char *tail, size_t n, int k, const unsigned char **seg,
                 size_t *len);

/* The fields of an article's data JSON j, each copied (malloc'ed; NULL
** when absent or not a string) into what the caller owns; *line is 0 when
** absent. */
struct json_t;
void data_fields(const struct json_t *j, char **key, char **title, char **url, char **path,
                 char **date, char **source, char **lang, long *line);

/* What a hit shows of an article, from its data JSON j[0..n) without
** decoding every passage: the fields (the members before the passages)
** into *fields, and passage k (none when k < 0) as a JSON string into
** *passage, NULL when there is no passage k; both the caller's
** (json_decref). Returns 0; -1 when the passages member is not found
** where docs.c puts it, or the fields or passage k do not decode (both
** NULL: parse it whole instead); -2 out of memory. What follows passage
** k is not looked at. */
int data_parts(const char *j, size_t n, int k, struct json_t **fields, struct json_t **passage);

#endif
