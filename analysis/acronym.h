/*
** Acronyms as the news writes them out: "Komisi Pemberantasan Korupsi
** (KPK)" and "KPK (Komisi Pemberantasan Korupsi)". The index learns them
** from its articles (store/ counts the articles that write each pair); the
** query side adds the long name to a query holding the acronym, and the
** acronym to one holding the long name.
**
** A pair is kept only when its letters fit: the acronym is the long name's
** words, in order, each giving a non-empty prefix of itself (KPK: k, p, k;
** Bappenas: ba, p, pe, nas; Kemenkeu: kemen, keu), where a function word
** (dan, dari, untuk, di, ke, yang, of, and, ...) may give nothing and a
** closing "Republik Indonesia" may give nothing (and is then no part of the
** long name). The first and last words used give letters; at least two
** words give letters. What fits no such reading (Polri: "pol" is inside
** "Kepolisian") is not learned: curated synonyms cover it.
*/
#ifndef WARTA_ACRONYM_H
#define WARTA_ACRONYM_H

#include "analysis.h"

#define WARTA_ACRONYM_MAX 12    /* letters of an acronym, at most */
#define WARTA_LONGNAME_WORDS 10 /* words of a long name, at most */

/* Told of one pair: the acronym and its long name, folded (NFKC casefold,
** lowercase), the long name's words joined by single spaces; both valid
** during the call. A non-zero return stops the search and is returned. */
typedef int (*warta_acronym_fn)(void *ctx, const char *acr, int nacr, const char *name, int nname);

/*
** Find the pairs written in text[0..n) (UTF-8) and call fn for each.
** folder is an analyzer that folds without stemming (language "",
** WARTA_STEM_NONE); only the few bytes around each '(' are analyzed, so a
** text without parentheses costs one memchr. Returns WARTA_OK, fn's
** non-zero return, or WARTA_NOMEM.
*/
int warta_acronyms_find(warta_analyzer *folder, const char *text, int n, warta_acronym_fn fn,
                        void *ctx);

/*
** Whether the folded acronym acr fits the folded words w[0..nw) as the
** header says. Returns the number of words of the long name it fits (nw,
** or nw - 2 when a closing "republik indonesia" gives nothing), or 0.
*/
int warta_acronym_fits(const char *acr, int nacr, const char *const *w, const int *wn, int nw);

#endif
