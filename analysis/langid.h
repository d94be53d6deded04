/*
** Language identification of a document with libexttextcat's n-gram
** fingerprints, restricted to a small candidate set (default "id,en,ms"):
** a news archive holds a handful of languages, and a short list keeps
** Indonesian from being taken for one of its many neighbours.
*/
#ifndef WARTA_LANGID_H
#define WARTA_LANGID_H

#include <stddef.h>

typedef struct warta_langid warta_langid;

#define WARTA_LANGID_DEFAULT "id,en,ms"

/*
** Load the fingerprints of the comma-separated candidates (ISO 639-1 codes
** as named by libexttextcat: id, en, ms, fr, ...). The first candidate is
** the fallback for texts too short to tell. Fingerprints are read from
** $WARTA_TEXTCAT_DIR or the directory configured at build time.
** Returns WARTA_OK, or an error code with *err set (free() it).
*/
int warta_langid_new(const char *candidates, warta_langid **out, char **err);
void warta_langid_free(warta_langid *l);

/* The fallback language (the first candidate); owned by l. */
const char *warta_langid_default(const warta_langid *l);

/*
** The most likely candidate for text[0..n) (UTF-8), as a code owned by l.
** Texts shorter than a few words get the fallback, and so do texts where
** the fallback scores within 3% of the best. Never returns NULL.
*/
const char *warta_langid_detect(warta_langid *l, const char *text, size_t n);

#endif
