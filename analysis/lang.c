/*
** The languages warta analyzes with stemming: the Snowball algorithm and the
** hunspell dictionary for each. Malay shares Indonesian's rules and
** dictionary: the two standards share nearly all of their morphology.
** English keeps Snowball's stems (meeting and meetings both give meet, where
** the dictionary knows "meeting" as a root of its own) and asks the
** dictionary only whether a word is a name.
*/
#include <string.h>

#include "analysis_int.h"

static const warta_lang_info langs[] = {
    {"id", "id", "indonesian", "id_ID", 1}, {"ms", "id", "indonesian", "id_ID", 1},
    {"en", "en", "english", "en_US", 0},    {"fr", "fr", "french", NULL, 0},
    {"de", "de", "german", NULL, 0},        {"nl", "nl", "dutch", NULL, 0},
    {"es", "es", "spanish", NULL, 0},       {"pt", "pt", "portuguese", NULL, 0},
    {"it", "it", "italian", NULL, 0},
};

const warta_lang_info *warta_lang_find(const char *code) {
  if (!code) return NULL;
  for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
    if (strcmp(langs[i].code, code) == 0) return &langs[i];
  }
  return NULL;
}
