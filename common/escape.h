/*
** Showing untrusted bytes (file names, text from the corpus, messages that
** quote them) on a terminal or in a line of a log: whatever the bytes, the
** result is one line of valid UTF-8 that moves no cursor, changes no colour,
** reorders no text and hides none, while ordinary text of any script is
** copied as it is. This is the one escaper of warta-index, warta-query and
** warta-serve's log: their text output, diagnostics and log lines all pass
** through it (JSON has its own, warta_escape_json(); HTML serve/html.h).
*/
#ifndef WARTA_ESCAPE_H
#define WARTA_ESCAPE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"

/* Flags of warta_escape(). */
#define WARTA_ESC_BACKSLASH                                                                        \
  1 /* also write '\' as "\\", so that a name that                                                 \
    ** holds a real "\n" cannot pass for a newline */

/*
** Append s[0..n) to b with what a terminal would act on, or draw as
** nothing, written visibly:
**  - newline, carriage return and tab as \n \r \t;
**  - the other C0 controls, DEL and each byte that is not part of valid
**    UTF-8 as \xHH (ESC is \x1b);
**  - the C1 controls, the line and paragraph separators, the bidirectional
**    controls (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069) and the
**    other invisible format characters that can disguise text (U+180E,
**    U+200B, U+2060-U+2065, U+206A-U+206F, U+FEFF, U+FFF9-U+FFFB, the tags
**    U+E0000-U+E007F, ...) as \uHHHH, or \UHHHHHHHH above U+FFFF.
** Everything else is copied, including the joiners U+200C and U+200D that
** scripts and emoji need, and the soft hyphen, which terminals draw.
** With WARTA_ESC_BACKSLASH every byte of s can be read back from the
** result. s need not be NUL-terminated; b keeps owning its bytes. Errors
** are b's sticky error (WARTA_NOMEM).
*/
void warta_escape(warta_buf *b, const char *s, size_t n, int flags);

/* Write s[0..n) to f escaped as by warta_escape(). Returns 0, WARTA_NOMEM
** (nothing written) or WARTA_IOERR (f's error is set). */
int warta_escape_write(FILE *f, const char *s, size_t n, int flags);

/*
** One diagnostic or log line on stderr, "PROG: MESSAGE\n", written with one
** call: MESSAGE is fmt formatted like printf, trailing newlines dropped, cut
** at a character boundary after WARTA_SAY_MAX bytes (a log line stays a
** line), then escaped as by warta_escape(). When the line cannot be built,
** "PROG: out of memory" is written instead. Nothing is returned: there is
** nowhere left to report a failing stderr.
*/
#define WARTA_SAY_MAX 2048
void warta_say(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void warta_vsay(const char *prog, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Append s[0..n) to b as the inside of a JSON string: valid UTF-8 with
** quote, backslash and the controls escaped as JSON does; each byte that is
** not part of valid UTF-8 becomes U+FFFD, so that the JSON always parses. */
void warta_escape_json(warta_buf *b, const char *s, size_t n);

#endif
