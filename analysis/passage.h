/*
** Passages: the units warta ranks and shows.
**
** A body is a sequence of paragraphs separated by blank lines. A passage is a
** paragraph; consecutive short paragraphs are packed into one passage until
** it holds min_words, and a paragraph longer than max_words is cut into
** windows of whole sentences (ICU sentence break) of at most max_words. A
** sentence longer than max_words on its own is cut between words.
*/
#ifndef WARTA_PASSAGE_H
#define WARTA_PASSAGE_H

#include <stddef.h>

typedef struct warta_splitter warta_splitter;

typedef struct warta_passage_opts {
  int min_words; /* pack paragraphs up to this many words [default: 60] */
  int max_words; /* cut paragraphs longer than this [default: 120] */
} warta_passage_opts;

#define WARTA_PASSAGE_MIN_WORDS 60
#define WARTA_PASSAGE_MAX_WORDS 120

/* Called for each passage body[start..end), trimmed of white space, in
** order. A non-zero return stops the split and is returned verbatim. */
typedef int (*warta_passage_fn)(void *ctx, size_t start, size_t end);

/* Returns WARTA_OK and a new splitter in *out, or WARTA_NOMEM. */
int warta_splitter_new(warta_splitter **out);
void warta_splitter_free(warta_splitter *s);

/*
** Split body[0..n) (UTF-8) into passages. A body of white space only yields
** no passage. Returns WARTA_OK, the callback's code, or WARTA_NOMEM.
*/
int warta_split_passages(warta_splitter *s, const char *body, size_t n,
                         const warta_passage_opts *opts, warta_passage_fn fn, void *ctx);

#endif
