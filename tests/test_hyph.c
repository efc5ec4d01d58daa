/*
 * Tests of hyph: dictionary points mapped to byte offsets, and the compiled
 * dictionaries against libhyphen's own load.
 */
#include <criterion/criterion.h>

#include <glob.h>
#include <hyphen.h>

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

/* ---- the compiled dictionaries (hyph.c's cache) ---- */

/* The text of every template of lang (both papers' words, the briefs' and
 * the partials'), concatenated; malloc'd. */
static char *lang_text(const char *lang, size_t *len)
{
	static const char *const docs[] = { "whitepaper", "brief", "partials" };
	struct buf b = { 0 };
	size_t d, i;

	for (d = 0; d < 3; d++) {
		char pat[4096];
		glob_t g;

		snprintf(pat, sizeof pat, "%s/templates/%s/%s/*.md", TEST_SRCDIR, docs[d], lang);
		cr_assert_eq(glob(pat, 0, NULL, &g), 0, "%s", pat);
		for (i = 0; i < g.gl_pathc; i++) {
			size_t n;
			char *t = th_read_file(g.gl_pathv[i], &n);

			cr_assert_not_null(t);
			buf_add(&b, t, n);
			buf_add(&b, "\n", 1);
			free(t);
		}
		globfree(&g);
	}
	*len = b.len;
	return b.data;
}

/* Lowercase as hyph.c does before it asks libhyphen (ASCII, Latin-1 capitals). */
static void lower(char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];

		if (c >= 'A' && c <= 'Z')
			w[i] = (char)(c + 32);
		else if (i > 0 && (unsigned char)w[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97)
			w[i] = (char)(c + 32);
	}
}

static int letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0x80 && c != 0xE2);
}

/* Every word of lang's templates: the compiled form (read back from the
 * cache, as a second run does) against libhyphen's own load of the .dic,
 * both through hnj_hyphen_hyphenate3. Returns the number of words. */
static size_t compare_all(const char *lang, const char *dic, int lhmin, int rhmin)
{
	struct hyph *first = hyph_new(NULL), *h;
	HyphenDict *ref = hnj_hyphen_load(dic);
	size_t len, i = 0, words = 0, broken = 0;
	char *text = lang_text(lang, &len);

	cr_assert_not_null(ref, "%s", dic);
	hyph_preload(first, lang);   /* writes the cache */
	hyph_free(first);
	h = hyph_new(NULL);          /* maps it */
	cr_assert(hyph_compiled(h, lang), "the %s dictionary did not come from the cache", lang);
	while (i < len) {
		size_t b, n;
		char w[256], m1[300], m2[300];
		char **rep = NULL;
		int *pos = NULL, *cut = NULL, r1, r2;

		/* separators; E2 starts punctuation (dashes, quotes): skip all of it */
		for (; i < len && !letter((unsigned char)text[i]); i++)
			if ((unsigned char)text[i] == 0xE2)
				for (; i + 1 < len && ((unsigned char)text[i + 1] & 0xC0) == 0x80; i++)
					;
		for (b = i; i < len && letter((unsigned char)text[i]); i++)
			;
		n = i - b;
		if (n == 0 || n >= sizeof w)
			continue;
		memcpy(w, text + b, n);
		w[n] = '\0';
		lower(w, n);
		memset(m1, 0, sizeof m1);
		memset(m2, 0, sizeof m2);
		r1 = hnj_hyphen_hyphenate3(ref, w, (int)n, m1, NULL, &rep, &pos, &cut, lhmin, rhmin, 1, 1);
		cr_assert_null(rep, "'%s': replacements (non-standard hyphenation) in %s", w, lang);
		free(pos);
		free(cut);
		r2 = hyph_marks(h, lang, w, n, m2);
		cr_assert_eq(r1, r2, "'%s'", w);
		cr_assert(memcmp(m1, m2, n) == 0, "'%s' (%s): libhyphen %.*s, compiled %.*s", w, lang,
		          (int)n, m1, (int)n, m2);
		words++;
		broken += memchr(m1, '1', n) != NULL || memchr(m1, '3', n) != NULL;
	}
	cr_assert_gt(broken, words / 4, "too few words with a break: the comparison would be empty");
	hnj_hyphen_free(ref);
	hyph_free(h);
	free(text);
	return words;
}

Test(hyph, compiled_form_breaks_every_word_as_libhyphen)
{
	const char *dir = th_tmpdir();

	cr_assert_not_null(dir);
	setenv("REPORTGEN_CACHE", dir, 1);
	cr_assert_gt(compare_all("en", "/usr/share/hyphen/hyph_en_US.dic", 2, 3), 5000);
	cr_assert_gt(compare_all("es", "/usr/share/hyphen/hyph_es_MX.dic", 2, 2), 5000);
}

/* A damaged cache file is not trusted: it is made again, with the same
 * points; with the cache turned off libhyphen's own load is used. */
Test(hyph, damaged_or_no_cache)
{
	const char *dir = th_tmpdir();
	char s[128], cmd[4200];
	struct hyph *h;

	cr_assert_not_null(dir);
	setenv("REPORTGEN_CACHE", dir, 1);
	h = hyph_new(NULL);
	hyph_preload(h, "en");
	hyph_free(h);
	snprintf(cmd, sizeof cmd, "for f in '%s'/hyph-*.bin; do truncate -s 5000 \"$f\"; done", dir);
	cr_assert_eq(system(cmd), 0);
	h = hyph_new(NULL);
	show(h, "en", "infrastructure", s, sizeof s);
	cr_assert_str_eq(s, "in-fra-struc-ture");
	cr_assert(hyph_compiled(h, "en"));
	hyph_free(h);

	setenv("REPORTGEN_CACHE", "", 1);
	h = hyph_new(NULL);
	show(h, "en", "government", s, sizeof s);
	cr_assert_str_eq(s, "gov-ern-ment");
	cr_assert(!hyph_compiled(h, "en"));
	hyph_free(h);
}
