/*
 * hyph: hyphenation points of words (libhyphen), for the layout stage's line
 * breaker. Dictionaries are loaded on first use of a language and kept for
 * the whole run, so every document of the run shares them.
 */
#ifndef REPORTGEN_HYPH_H
#define REPORTGEN_HYPH_H

#include <stddef.h>

struct hyph;

/* A hyphenator with no dictionary loaded yet; free with hyph_free.
 * dir is the dictionary folder (NULL = /usr/share/hyphen). Never NULL. */
struct hyph *hyph_new(const char *dir);
void hyph_free(struct hyph *h);

/* Hyphenation points of the UTF-8 word w[0..len) in lang ("en" or "es";
 * anything else, or a dictionary that cannot be loaded, gives no points).
 * Writes up to max byte offsets into at (a break falls before byte at[i]),
 * ascending, and returns how many. Only the letters of the word are looked
 * at: a word with digits or symbols inside gets no points; leading and
 * trailing punctuation is skipped. A missing dictionary is warned about once. */
size_t hyph_word(struct hyph *h, const char *lang, const char *w, size_t len,
                 size_t *at, size_t max);

/* Load the dictionary of lang now rather than at the first word (run.c does
 * it on a helper thread). Not thread-safe with other calls on h. */
void hyph_preload(struct hyph *h, const char *lang);

#endif
