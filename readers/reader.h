/*
** readers/ — turn corpus files into articles (title, body, date, url,
** source). They know no index and do no analysis.
**
** A reader works on the bytes of one file already in memory (see load.h),
** so readers are easy to test and to fuzz; JSON Lines can also be streamed
** from a source (source.h). Problems with one record (a malformed JSON
** line) are reported through the problem callback with the record's line
** and the reader goes on; problems with the whole file (text in no charset,
** an empty file) end the read with an error. Whatever the bytes, articles
** hold UTF-8 without NUL bytes (a NUL is white space), and text in a legacy
** charset is converted with a warning. Binary data is for the caller to
** refuse (warta_looks_binary(), which sources apply).
*/
#ifndef WARTA_READER_H
#define WARTA_READER_H

#include <stddef.h>

#include "common/buf.h"

typedef enum warta_format {
  WARTA_FORMAT_UNKNOWN = 0,
  WARTA_FORMAT_TEXT,     /* .txt .text */
  WARTA_FORMAT_JSONL,    /* .jsonl .ndjson */
  WARTA_FORMAT_MARKDOWN, /* .md .markdown */
  WARTA_FORMAT_HTML      /* .html .htm */
} warta_format;

/* One article. All strings are UTF-8 owned by the reader and valid only
** during the callback; any of them may be NULL. All but body and raw are
** NUL-terminated; body and raw are given with their lengths. */
typedef struct warta_article {
  const char *title;  /* headline */
  const char *body;   /* text: paragraphs separated by blank lines */
  size_t n_body;      /* bytes in body */
  const char *date;   /* ISO 8601 (YYYY-MM-DD) when understood, else as found */
  const char *source; /* outlet */
  const char *url;    /* address of the original */
  const char *key;    /* record key (id or url field) for JSON Lines */
  const char *lang;   /* language declared by the record, if any */
  const char *raw;    /* the record's bytes (a JSON line), for hashing */
  size_t n_raw;       /* bytes in raw */
  long line;          /* line of the record (JSON Lines), else 0 */
  /* The callback may call drop(drop_ctx) once it is done with body and
  ** raw (never with the other fields): the reader frees them then, so
  ** that the callback can go on without them in memory (a huge record).
  ** body and raw are invalid afterwards. NULL: nothing to drop. */
  void (*drop)(void *ctx);
  void *drop_ctx;
} warta_article;

/* Called once per article; a non-zero return stops the read and is
** returned by the reader verbatim. */
typedef int (*warta_article_fn)(void *ctx, const warta_article *a);

/* Called for each problem: line is 1-based, or 0 for the whole file. msg is
** valid only during the call. */
typedef void (*warta_problem_fn)(void *ctx, long line, const char *msg);

/* JSON field names; each entry is a comma-separated list of names tried in
** order. NULL entries take the defaults below. */
typedef struct warta_fields {
  const char *title;  /* default "title,headline" */
  const char *body;   /* default "content,body,text" */
  const char *date;   /* default "date,published,published_at" */
  const char *url;    /* default "url,link" */
  const char *source; /* default "source,outlet,publisher" */
  const char *key;    /* default "id,url" */
  const char *lang;   /* default "lang,language" */
} warta_fields;

/* Called for something odd that did not stop the article from being read
** (line 1-based, or 0); msg is valid only during the call. */
typedef void (*warta_warning_fn)(void *ctx, long line, const char *msg);

typedef struct warta_read_opts {
  warta_fields fields;   /* JSON field names */
  warta_warning_fn warn; /* warnings (same ctx as the problem callback), or
                         ** NULL to ignore them */
  const char *name;      /* the file's base name (a directory part is ignored),
                         ** or NULL; text and Markdown take an article's
                         ** missing date from a name that starts with
                         ** YYYY-MM-DD ("2023-09-13-putin.txt") */
} warta_read_opts;

/* The format of a path from its extension (case-insensitive); a trailing
** .gz is ignored and reported through *gzip (may be NULL). */
warta_format warta_format_of(const char *path, int *gzip);
const char *warta_format_name(warta_format f);

/*
** Read data[0..n) in format f. Returns WARTA_OK when the file was read (some
** records may have been reported as problems), the callback's non-zero code,
** WARTA_NOMEM, or WARTA_CORRUPT after reporting why the whole file is
** unusable.
*/
int warta_read(warta_format f, const char *data, size_t n, const warta_read_opts *o,
               warta_article_fn fn, warta_problem_fn problem, void *ctx);

/*
** The individual readers, with the same contract as warta_read(): data need
** not be NUL-terminated and is never read past n; o may be NULL (defaults);
** the strings of an article are owned by the reader and valid only during
** the callback. Plain text goes through warta_text_prepare(); JSON Lines
** read a line that is not UTF-8 as Windows-1252, with a warning.
*/
int warta_read_text(const char *data, size_t n, const warta_read_opts *o, warta_article_fn fn,
                    warta_problem_fn problem, void *ctx);
int warta_read_jsonl(const char *data, size_t n, const warta_read_opts *o, warta_article_fn fn,
                     warta_problem_fn problem, void *ctx);

/*
** JSON Lines streamed from a source (source.h), record by record: memory
** stays bounded by the longest line (the source's max_line), whatever the
** size of the feed. The callback gets each record with its line number and
** raw bytes (a->raw points into the source's window: hash it there). A line
** longer than max_line is reported as a problem on its line and skipped.
** When the source fails midway (bad gzip data, a read error, binary data)
** the failure is reported on line 0 and WARTA_CORRUPT returned; the
** records before it were delivered. Otherwise as warta_read_jsonl(); the
** source is read from where it stands, normally its first byte.
*/
struct warta_source;
int warta_read_jsonl_source(struct warta_source *src, const warta_read_opts *o, warta_article_fn fn,
                            warta_problem_fn problem, void *ctx);

/*
** HTML: one article per page, parsed with libxml2 (the page's own charset,
** else UTF-8). Title, date, source, url and lang come from the usual meta
** tags; the body is the text of the page's <article> (else <main>, else
** <body>) without scripts, menus, share buttons, related links, comments
** or ads. Elements may nest to any depth; a page whose misplaced tags would
** take libxml2 too long is read up to there, with a warning (o->warn) on
** the line where parsing stopped. NUL bytes are white space. A page read as UTF-8 (it declares no
** other charset) whose bytes are not UTF-8 is converted from its legacy
** charset, with a warning (o->warn), as text is (warta_text_prepare()).
** WARTA_CORRUPT, reported on line 0, for a page with neither a title nor
** text ("no text found in HTML"), an empty file ("empty file"), or bytes
** invalid in the page's declared charset (libxml2 would cut the text short
** there); reported like warta_text_prepare() for a page in no charset.
*/
int warta_read_html(const char *data, size_t n, const warta_read_opts *o, warta_article_fn fn,
                    warta_problem_fn problem, void *ctx);

/*
** Markdown: one article per file, read through warta_text_prepare() (NUL
** bytes are spaces; legacy charsets are converted with a warning). YAML ("---") or TOML ("+++")
*front matter
** gives title, date, source, url, lang and key; else the first heading is
** the title. The body is the text with its markup removed. Front matter
** that is never closed is reported as a warning (o->warn) on its first line
** and read as text; the article is still delivered.
*/
int warta_read_markdown(const char *data, size_t n, const warta_read_opts *o, warta_article_fn fn,
                        warta_problem_fn problem, void *ctx);

/*
** Normalize a date as found in news metadata to ISO 8601 "YYYY-MM-DD":
** 2019-10-09 00:00:00, 16/09/2019 (day first), 31 Juli 2019,
** Oktober 19, 2019, 10-Sep-19, Wed, 13 Sep 2023 10:00:00 +0700, ...
** (Indonesian and English month names). Returns 1 and fills out[11] when
** understood, else 0.
*/
int warta_date_iso(const char *in, char out[11]);

/* Helpers shared by the readers (reader.c). */

/* The date a file name starts with, "2023-09-13-putin.txt" → 2023-09-13
** (a directory part is ignored). Returns 1 and fills out[11] when name
** (may be NULL) starts with a valid YYYY-MM-DD, else 0. */
int warta_name_date(const char *name, char out[11]);

/*
** The text of a whole-file article as the readers take it: valid UTF-8
** without NUL bytes (downstream code treats strings as C strings, so a NUL
** would end a passage while highlight offsets point past it). *text is data
** itself when it is that already, else the bytes of buf (reset and filled
** here; the caller frees it): NUL bytes become spaces, and text that is not
** UTF-8 is converted from its legacy charset (see charset.h), with a warning
** through o->warn that names the first bad byte and the charset. Returns
** WARTA_OK with *text and *ntext set; WARTA_CORRUPT after reporting through
** problem that the text is in no charset ("invalid UTF-8 (byte 0x81 at
** column 5), and not text in a legacy charset either", on its line); or
** WARTA_NOMEM.
*/
int warta_text_prepare(const char *data, size_t n, const warta_read_opts *o,
                       warta_problem_fn problem, void *ctx, warta_buf *buf, const char **text,
                       size_t *ntext);

/*
** data[0..n), when it is not valid UTF-8, converted from its legacy charset
** (see charset.h; markup: it is HTML) into out (reset first; the caller
** frees it), with a warning through o->warn naming the first bad byte and
** the charset. Returns WARTA_OK; WARTA_MISMATCH, saying nothing, when data
** is valid UTF-8 (out is empty); WARTA_CORRUPT after reporting through
** problem that the text is in no charset; or WARTA_NOMEM.
*/
int warta_legacy_text(const char *data, size_t n, int markup, const warta_read_opts *o,
                      warta_problem_fn problem, void *ctx, warta_buf *out);

/* data[0..n) with each NUL byte as a space: data itself when it holds no
** NUL, else the bytes of buf (reset and filled here; NUL-terminated; the
** caller frees it). NULL when out of memory. */
const char *warta_without_nul(const char *data, size_t n, warta_buf *buf);

/* 0 when data[0..n) is valid UTF-8; else reports the first bad byte with
** its line and column through problem, as the text readers do, and returns
** WARTA_CORRUPT. */
int warta_check_utf8(const char *data, size_t n, warta_problem_fn problem, void *ctx);

#endif
