/*
 * textdist: one row of the Levenshtein table at a time (see textdist.h).
 */
#include "base/base.h"

#include <stdint.h>
#include <string.h>

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

size_t text_distance(const char *a, const char *b, bool fold, size_t max_len)
{
	size_t na = strlen(a), nb = strlen(b), i, j;
	size_t row[TEXTDIST_MAX + 1];

	if (max_len > TEXTDIST_MAX)
		max_len = TEXTDIST_MAX;
	if (na > max_len || nb > max_len)
		return SIZE_MAX;
	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= nb; j++) {
			unsigned char x = (unsigned char)a[i - 1], y = (unsigned char)b[j - 1];
			size_t up = row[j];
			size_t best = diag + (fold ? lower(x) != lower(y) : x != y);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}
