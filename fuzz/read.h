/*
** The checks shared by the reader targets (fuzz_text.c, fuzz_jsonl.c, and
** the HTML and Markdown readers when they come).
*/
#ifndef WARTA_FUZZ_READ_H
#define WARTA_FUZZ_READ_H

#include "fuzz.h"
#include "readers/reader.h"

/* Read data[0..size) as format f through warta_read() and check every
** article and problem reported, and the result code. Aborts on a failure. */
void fuzz_read(warta_format f, const uint8_t *data, size_t size);

#endif
