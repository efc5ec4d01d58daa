/*
 * hyph: libhyphen wrapper. libhyphen reports points per character; the layout
 * stage works on bytes, so points are mapped back to byte offsets here.
 */
#include "hyph.h"
#include "arena.h"
#include "diag.h"

#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { HYPH_MAXWORD = 64 };   /* longer "words" (URLs, codes) are not hyphenated */

struct hyph_lang {
	const char *code;     /* "en", "es" */
	const char *file;     /* dictionary file name */
	int lhmin, rhmin;     /* shortest first / last fragment, characters */
	HyphenDict *dict;
	int tried;            /* a load was attempted (do not retry or re-warn) */
};

struct hyph {
	char dir[512];
	struct hyph_lang langs[2];
};

struct hyph *hyph_new(const char *dir)
{
	struct hyph *h = xmalloc(sizeof *h);

	memset(h, 0, sizeof *h);
	snprintf(h->dir, sizeof h->dir, "%s", dir ? dir : "/usr/share/hyphen");
	h->langs[0] = (struct hyph_lang){ "en", "hyph_en_US.dic", 2, 3, NULL, 0 };
	h->langs[1] = (struct hyph_lang){ "es", "hyph_es_MX.dic", 2, 2, NULL, 0 };
	return h;
}

void hyph_free(struct hyph *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < sizeof h->langs / sizeof h->langs[0]; i++)
		if (h->langs[i].dict)
			hnj_hyphen_free(h->langs[i].dict);
	free(h);
}

static struct hyph_lang *lang_get(struct hyph *h, const char *lang)
{
	size_t i;

	if (lang == NULL)
		return NULL;
	for (i = 0; i < sizeof h->langs / sizeof h->langs[0]; i++) {
		struct hyph_lang *l = &h->langs[i];
		char path[700];

		if (strncmp(lang, l->code, 2) != 0)
			continue;
		if (!l->tried) {
			l->tried = 1;
			snprintf(path, sizeof path, "%s/%s", h->dir, l->file);
			l->dict = hnj_hyphen_load(path);
			if (l->dict == NULL)
				diag_warn(NULL, "%s: cannot load hyphenation dictionary; "
				          "text in '%s' is not hyphenated", path, l->code);
		}
		return l->dict ? l : NULL;
	}
	return NULL;
}

static int is_letter_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

size_t hyph_word(struct hyph *h, const char *lang, const char *w, size_t len,
                 size_t *at, size_t max)
{
	struct hyph_lang *l = lang_get(h, lang);
	char low[HYPH_MAXWORD * 4 + 1];
	char marks[HYPH_MAXWORD * 4 + 5];
	size_t charpos[HYPH_MAXWORD * 4 + 1];   /* byte offset in w of each character */
	size_t b, e, i, nchars = 0, n = 0;
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;

	if (l == NULL || max == 0)
		return 0;
	/* Core of the word: skip punctuation at both ends. */
	for (b = 0; b < len && !is_letter_byte((unsigned char)w[b]); b++)
		;
	for (e = len; e > b && !is_letter_byte((unsigned char)w[e - 1]); e--)
		;
	if (e - b < 4 || e - b > HYPH_MAXWORD * 2)
		return 0;
	for (i = b; i < e; i++) {
		unsigned char c = (unsigned char)w[i];

		if (!is_letter_byte(c))
			return 0;
		/* Curly quotes, dashes and the like (E2 ...) are not letters. */
		if (c == 0xE2)
			return 0;
		if ((c & 0xC0) != 0x80)
			charpos[nchars++] = i;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		else if (i > b && (unsigned char)w[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97)
			c = (unsigned char)(c + 32);   /* Latin-1 capitals, e.g. É -> é */
		low[i - b] = (char)c;
	}
	low[e - b] = '\0';
	if (hnj_hyphen_hyphenate3(l->dict, low, (int)(e - b), marks, NULL, &rep, &pos, &cut,
	                          l->lhmin, l->rhmin, 1, 1) == 0) {
		/* marks[k] odd: a break after character k. */
		for (i = 0; i + 1 < nchars && n < max; i++)
			if (marks[i] & 1)
				at[n++] = charpos[i + 1];
	}
	if (rep) {
		for (i = 0; i < e - b; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	return n;
}
