/*
** Showing untrusted bytes (file names, text from the corpus, messages that
** quote them) on a terminal or in a line of a log: whatever the bytes, the
** result is one line of valid UTF-8 that moves no cursor, changes no colour
** and reorders no text, and every byte of the original can be read off it.
** Both tools print their diagnostics through it.
*/
#ifndef WARTA_ESCAPE_H
#define WARTA_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/* Flags of warta_escape(). */
#define WARTA_ESC_BACKSLASH                                                                        \
  1 /* also write '\' as "\\", so that a name that                                                 \
    ** holds a real "\n" cannot pass for a newline */

/*
** Append s[0..n) to b with what a terminal would act on written visibly:
** newline, carriage return and tab as \n \r \t; the other C0 controls, DEL
** and every byte that is not part of valid UTF-8 as \xHH (ESC is \x1b); the
** C1 controls, the line and paragraph separators and the bidirectional
** controls (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069) as \uHHHH.
** Everything else is copied. Errors are b's sticky error (WARTA_NOMEM).
*/
void warta_escape(warta_buf *b, const char *s, size_t n, int flags);

/* Append s[0..n) to b as the inside of a JSON string: valid UTF-8 with
** quote, backslash and the controls escaped as JSON does; each byte that is
** not part of valid UTF-8 becomes U+FFFD, so that the JSON always parses. */
void warta_escape_json(warta_buf *b, const char *s, size_t n);

#endif
