/*
** The page's interface language: Indonesian, or English on request, and
** the table of its strings.
*/
#ifndef WARTA_SERVE_LANG_H
#define WARTA_SERVE_LANG_H

#include <stddef.h>

typedef enum ui_lang {
  UI_ID = 0, /* Indonesian: the default */
  UI_EN      /* English */
} ui_lang;

/*
** The interface language for a request: hl ("id" or "en", from ?hl=; NULL
** or anything else: not given) wins; else the best of Indonesian and
** English in the Accept-Language header (NULL: none) by its q-values, an
** equal q going to the one listed first; else Indonesian. Any bytes are
** accepted; at most the first 1024 of the header are read.
*/
ui_lang ui_lang_pick(const char *hl, const char *accept_language);

/* The code of l ("id", "en"), for <html lang> and links. */
const char *ui_lang_code(ui_lang l);

/* The page's strings. */
typedef enum ui_msg {
  MSG_TITLE,       /* the page's title */
  MSG_SEARCH,      /* the button */
  MSG_PLACEHOLDER, /* in the search box */
  MSG_SINCE,       /* filter labels */
  MSG_UNTIL,
  MSG_SOURCE,
  MSG_LANG,
  MSG_SORT,
  MSG_ANY_LANG,  /* "all languages" */
  MSG_RELEVANCE, /* sort orders */
  MSG_NEWEST,
  MSG_OLDEST,
  MSG_ARTICLES,     /* after a count: "12 artikel" */
  MSG_ARTICLE,      /* after a count of 1 */
  MSG_ABOUT,        /* "about" before an estimated count */
  MSG_DID_YOU_MEAN, /* "did you mean" */
  MSG_NO_HITS,      /* no article matches */
  MSG_BY_SOURCE,    /* facet headings */
  MSG_BY_MONTH,
  MSG_PREV, /* paging */
  MSG_NEXT,
  MSG_PAGE,          /* "page %d" */
  MSG_FULL_TEXT,     /* link to the article view */
  MSG_ORIGINAL,      /* link to the original */
  MSG_BACK,          /* back to the results */
  MSG_NOT_FOUND,     /* the article is not in the index */
  MSG_ERROR,         /* a request the page cannot answer */
  MSG_UNAVAILABLE,   /* the index cannot be read */
  MSG_CLEAR_FILTERS, /* remove the filters */
  MSG_DATE_HINT,     /* placeholder of the date fields */
  MSG_OTHER_LANG,    /* the link to the other interface language */
  MSG_FILTERS,       /* the filters' summary */
  MSG_UNTITLED,      /* an article without a title */
  MSG_HOME_HINT,     /* the page without a query */
  MSG_WITH_ALL,      /* after the count of articles holding every word */
  MSG_MORE_SOME,     /* after the count of those holding some */
  MSG_NONE_ALL,      /* no article holds every word */
  MSG_WITH_SOME,     /* after the count of those holding some, alone */
  MSG_BAD_DATE,      /* what is wrong with a request, before its value */
  MSG_BAD_RANGE,
  MSG_BAD_NAME,
  MSG_BAD_PREFIX,
  MSG_BAD_SOURCE,
  MSG_BAD_LANG,
  MSG_DATE_FORMS,       /* the date forms understood */
  MSG_KNOWN,            /* before the list of outlets or languages */
  MSG_LEFT_OUT,         /* the results shown leave the fault out */
  MSG_EXCLUDED_ONLY,    /* a query that only excludes */
  MSG_MISSING,          /* before the names of shards that do not answer */
  MSG_MISSING_LEFT_OUT, /* the results shown leave them out */
  MSG_MISSING_REFUSED,  /* no results are shown without them */
  MSG_SEARCH_REST,      /* the link that searches the shards that answer */
  MSG_MAYBE_THERE,      /* an article not found may be in them */
  MSG_ALSO_IN,          /* before the outlets of a story's other copies */
  MSG_ALL_COPIES,       /* the link listing every copy of a story */
  MSG_STORIES_FOLDED,   /* after the count of stories the hits list */
  /* the finished page: facets, pick-lists, similar articles, latency */
  MSG_BY_LANG,    /* the language facet's heading */
  MSG_ANY_SOURCE, /* the outlet pick-list's "all outlets" */
  MSG_SIMILAR,    /* a hit's link to the articles like it */
  MSG_LIKE,       /* before the title of the article others are like */
  MSG_LIKE_CLEAR, /* the link that drops like */
  MSG_TOOK,       /* before the milliseconds the server spent */
  MSG_SKIP,       /* the link that skips to the hits */
  MSG_FEED,       /* the link to a search's Atom feed */
  MSG_ADDED,      /* sort: newest added to the index first */
  MSG_EXACT,      /* the words alone, no names standing for them */
  MSG_COUNT
} ui_msg;

/* The string of m in l (static, UTF-8; escaped like any other text). */
const char *ui_str(ui_lang l, ui_msg m);

/* The name in l of the language whose code is code ("id": "Indonesia" or
** "Indonesian"; static), or NULL for a code without one (shown as is). */
const char *ui_lang_name(ui_lang l, const char *code);

#endif
