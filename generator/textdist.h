/*
 * textdist: edit distance between short strings, for the "did you mean"
 * suggestions of the loaders, the figure store and the template compiler.
 */
#ifndef REPORTGEN_TEXTDIST_H
#define REPORTGEN_TEXTDIST_H

#include <stdbool.h>
#include <stddef.h>

enum { TEXTDIST_MAX = 160 };

/* Levenshtein distance of a and b in bytes (ASCII letters compared without
 * case when fold is true), or SIZE_MAX when either is longer than max_len
 * (which is at most TEXTDIST_MAX). */
size_t text_distance(const char *a, const char *b, bool fold, size_t max_len);

#endif
