/*
** Text that is not UTF-8, made UTF-8 (ICU's converters and charset
** detector): see charset.c for how the charset is chosen.
*/
#ifndef WARTA_CHARSET_H
#define WARTA_CHARSET_H

#include <stddef.h>

#include "common/buf.h"

/*
** data[0..n) as UTF-8, written into out (reset first; NUL-terminated; the
** caller frees it), when data is not valid UTF-8. markup: data is HTML or
** XML (the detector then ignores tags). *from is set to the charset the
** text was read as (static); *stray to the number of bytes read in it one
** by one in text that is UTF-8 otherwise, or 0 when all of it was
** converted. Returns WARTA_OK; WARTA_MISMATCH when data is valid UTF-8 already (out is
** left empty); WARTA_CORRUPT when no charset fits (a byte is invalid in
** each one tried); WARTA_NOMEM, or WARTA_TOOBIG past 700 MB.
*/
int warta_to_utf8(const char *data, size_t n, int markup, warta_buf *out, const char **from,
                  size_t *stray);

/*
** Append data[0..n) in the named charset (any name ICU knows) to out as
** UTF-8. Returns WARTA_OK; WARTA_CORRUPT when a byte is invalid or has no
** character in the charset, or only a C1 control (out is then left as it was, apart from its
** capacity); WARTA_NOTFOUND for a charset ICU does not know; WARTA_NOMEM;
** WARTA_TOOBIG past 700 MB.
*/
int warta_charset_convert(const char *charset, const char *data, size_t n, warta_buf *out);

#endif
