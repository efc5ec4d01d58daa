/*
 * hyph: libhyphen wrapper. libhyphen reports points per character; the layout
 * stage works on bytes, so points are mapped back to byte offsets here.
 */
#include "layout/layout.h"
#include "base/base.h"

#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { HYPH_MAXWORD = 64 };   /* longer "words" (URLs, codes) are not hyphenated */
enum { HYPH_MEMO_POINTS = 32 };

/* A word's points, remembered for the rest of the run: documents of one run
 * share most of their words (the same templates, state after state). */
struct hyph_memo {
	char *w;                   /* NULL = empty slot; malloc'd copy */
	size_t len;
	unsigned char n;
	unsigned char at[HYPH_MEMO_POINTS];   /* byte offsets (words <= 255 bytes) */
};

struct hyph_lang {
	const char *code;     /* "en", "es" */
	const char *file;     /* dictionary file name */
	int lhmin, rhmin;     /* shortest first / last fragment, characters */
	HyphenDict *dict;
	int tried;            /* a load was attempted (do not retry or re-warn) */
	struct hyph_memo *memo;   /* open addressing, cap a power of two */
	size_t cap, used;
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
	h->langs[0] = (struct hyph_lang){ "en", "hyph_en_US.dic", 2, 3, NULL, 0, NULL, 0, 0 };
	h->langs[1] = (struct hyph_lang){ "es", "hyph_es_MX.dic", 2, 2, NULL, 0, NULL, 0, 0 };
	return h;
}

void hyph_free(struct hyph *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < sizeof h->langs / sizeof h->langs[0]; i++) {
		struct hyph_lang *l = &h->langs[i];
		size_t k;

		if (l->dict)
			hnj_hyphen_free(l->dict);
		for (k = 0; k < l->cap; k++)
			free(l->memo[k].w);
		free(l->memo);
	}
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

static struct hyph_memo *memo_slot(struct hyph_memo *v, size_t cap, const char *w,
                                   size_t len)
{
	size_t hash = 2166136261u, i;

	for (i = 0; i < len; i++)
		hash = (hash ^ (unsigned char)w[i]) * 16777619u;
	for (i = hash & (cap - 1); v[i].w && (v[i].len != len || memcmp(v[i].w, w, len) != 0);
	     i = (i + 1) & (cap - 1))
		;
	return &v[i];
}

/* Remember the points of w; the table doubles at half load. */
static void memo_put(struct hyph_lang *l, const char *w, size_t len, const size_t *at, size_t n)
{
	struct hyph_memo *e;
	size_t i;

	if (2 * (l->used + 1) > l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 1024;
		struct hyph_memo *v = xmalloc(cap * sizeof *v);

		memset(v, 0, cap * sizeof *v);
		for (i = 0; i < l->cap; i++)
			if (l->memo[i].w)
				*memo_slot(v, cap, l->memo[i].w, l->memo[i].len) = l->memo[i];
		free(l->memo);
		l->memo = v;
		l->cap = cap;
	}
	e = memo_slot(l->memo, l->cap, w, len);
	e->w = xmalloc(len);
	memcpy(e->w, w, len);
	e->len = len;
	e->n = (unsigned char)n;
	for (i = 0; i < n; i++)
		e->at[i] = (unsigned char)at[i];
	l->used++;
}

static size_t hyph_compute(struct hyph_lang *l, const char *w, size_t len, size_t *at,
                           size_t max);

void hyph_preload(struct hyph *h, const char *lang)
{
	(void)lang_get(h, lang);
}

size_t hyph_word(struct hyph *h, const char *lang, const char *w, size_t len,
                 size_t *at, size_t max)
{
	struct hyph_lang *l = lang_get(h, lang);
	size_t pts[HYPH_MEMO_POINTS], n, i;

	if (l == NULL || max == 0)
		return 0;
	if (len > 255)
		return hyph_compute(l, w, len, at, max);
	if (l->cap) {
		const struct hyph_memo *e = memo_slot(l->memo, l->cap, w, len);

		if (e->w) {
			for (i = 0; i < e->n && i < max; i++)
				at[i] = e->at[i];
			return i;
		}
	}
	n = hyph_compute(l, w, len, pts, HYPH_MEMO_POINTS);
	memo_put(l, w, len, pts, n);
	for (i = 0; i < n && i < max; i++)
		at[i] = pts[i];
	return i;
}

/* The points of w from the dictionary of l (loaded). */
static size_t hyph_compute(struct hyph_lang *l, const char *w, size_t len, size_t *at,
                           size_t max)
{
	char low[HYPH_MAXWORD * 4 + 1];
	char marks[HYPH_MAXWORD * 4 + 5];
	size_t charpos[HYPH_MAXWORD * 4 + 1];   /* byte offset in w of each character */
	size_t b, e, i, nchars = 0, n = 0;
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;

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
		if (!utf8_is_cont(c))
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
