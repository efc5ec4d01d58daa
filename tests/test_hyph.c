/*
 * Tests of hyph: dictionary points mapped to byte offsets.
 */
#include <criterion/criterion.h>

#include "base/base.h"
#include "helpers.h"
#include "layout/layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The word with '-' inserted at every point. */
static void show(struct hyph *h, const char *lang, const char *w, char *out, size_t cap)
{
	size_t at[32], n = hyph_word(h, lang, w, strlen(w), at, 32), i, p = 0;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		snprintf(out + strlen(out), cap - strlen(out), "%.*s-", (int)(at[i] - p), w + p);
		p = at[i];
	}
	snprintf(out + strlen(out), cap - strlen(out), "%s", w + p);
}

Test(hyph, english_points)
{
	struct hyph *h = hyph_new(NULL);
	char s[128];

	show(h, "en", "government", s, sizeof s);
	cr_assert_str_eq(s, "gov-ern-ment");
	show(h, "en", "infrastructure", s, sizeof s);
	cr_assert_str_eq(s, "in-fra-struc-ture");
	/* Capitals and trailing punctuation do not hide the word. */
	show(h, "en", "Government,", s, sizeof s);
	cr_assert_str_eq(s, "Gov-ern-ment,");
	hyph_free(h);
}

Test(hyph, spanish_points_are_byte_offsets)
{
	struct hyph *h = hyph_new(NULL);
	size_t at[8];
	char s[128];

	cr_assert_eq(hyph_word(h, "es", "México", strlen("México"), at, 8), 2);
	/* "Mé" is three bytes (é is two): the breaks fall before bytes 3 and 5. */
	cr_assert_eq(at[0], 3);
	cr_assert_eq(at[1], 5);
	show(h, "es", "población", s, sizeof s);
	cr_assert_str_eq(s, "po-bla-ción");
	show(h, "es", "desarrollo", s, sizeof s);
	cr_assert_str_eq(s, "de-sa-rro-llo");
	show(h, "es", "ÉPOCA", s, sizeof s);
	cr_assert_str_eq(s, "ÉPO-CA");
	hyph_free(h);
}

Test(hyph, no_points_for_codes_short_words_or_unknown_languages)
{
	struct hyph *h = hyph_new(NULL);
	size_t at[8];

	cr_assert_eq(hyph_word(h, "en", "COVID19government", 17, at, 8), 0);
	cr_assert_eq(hyph_word(h, "en", "the", 3, at, 8), 0);
	cr_assert_eq(hyph_word(h, "fr", "gouvernement", 12, at, 8), 0);
	cr_assert_eq(hyph_word(h, "en", "government", 10, at, 1), 1);
	hyph_free(h);
}

Test(hyph, missing_dictionary_warns_once_and_gives_no_points)
{
	const char *msg;
	size_t at[8];
	struct hyph *h = hyph_new("/nonexistent/hyphen");

	th_capture();
	cr_assert_eq(hyph_word(h, "en", "government", 10, at, 8), 0);
	cr_assert_eq(hyph_word(h, "en", "government", 10, at, 8), 0);
	msg = th_captured();
	cr_assert_not_null(strstr(msg, "/nonexistent/hyphen/hyph_en_US.dic"));
	cr_assert_null(strstr(strstr(msg, "hyph_en_US") + 1, "hyph_en_US"), "warned twice: %s", msg);
	th_capture_end();
	hyph_free(h);
}

Test(hyph, remembered_words_give_the_same_points_per_language)
{
	struct hyph *h = hyph_new(NULL);
	size_t at[32], again[32], one[1], n, m, k, i;
	char s[128];

	/* "infraestructura" is looked up in both languages; each keeps its own */
	n = hyph_word(h, "en", "infrastructure", 14, at, 32);
	m = hyph_word(h, "en", "infrastructure", 14, again, 32);
	cr_assert_eq(n, 3);
	cr_assert_eq(m, n);
	for (i = 0; i < n; i++)
		cr_assert_eq(again[i], at[i]);
	/* a smaller max gives the first points only, remembered or not */
	cr_assert_eq(hyph_word(h, "en", "infrastructure", 14, one, 1), 1);
	cr_assert_eq(one[0], at[0]);
	show(h, "es", "infraestructura", s, sizeof s);
	cr_assert_str_eq(s, "in-fra-es-truc-tu-ra");
	show(h, "es", "infraestructura", s, sizeof s);
	cr_assert_str_eq(s, "in-fra-es-truc-tu-ra");
	/* many distinct words: the table grows and keeps every entry */
	for (k = 0; k < 3000; k++) {
		char w[32];

		snprintf(w, sizeof w, "government%c%c", (char)('a' + k % 26), (char)('a' + k / 26 % 26));
		hyph_word(h, "en", w, strlen(w), at, 32);
	}
	show(h, "en", "infrastructure", s, sizeof s);
	cr_assert_str_eq(s, "in-fra-struc-ture");
	hyph_free(h);
}
