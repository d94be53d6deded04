/*
** The part of a passage that is shown: a window around its first
** highlight, cut at white space. warta-query's text output and
** warta-serve's page draw the same window of the same final highlights
** (store/occur.h spanv_finish()), so they show the same excerpt.
*/
#ifndef WARTA_EXCERPT_H
#define WARTA_EXCERPT_H

#include <stddef.h>

#include "store/store.h"

#define EXCERPT_WIDTH 320 /* bytes of a passage shown around its first highlight */
#define EXCERPT_BEFORE 80 /* of which before it */

/* Whether c is ASCII white space (what the drawers fold into one space). */
static inline int excerpt_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The window [*from, *to) of text[0..n) to show: all of it when whole or
** when it is at most EXCERPT_WIDTH bytes; otherwise about EXCERPT_WIDTH
** bytes starting EXCERPT_BEFORE before the first of the ranges hl[0..nhl)
** (their start read only when in the text), widened to white space so that
** no word or character is cut. */
void excerpt_window(const char *text, size_t n, const warta_span *hl, int nhl, int whole,
                    size_t *from, size_t *to);

#endif
