/*
 * Briefs over the default run (issue 16): one brief per state and language,
 * each with its own numbers and its locator map, none the same as another
 * once the state's name is taken out (nor any page of one the same as that
 * page of another), and each ending on a page at least half full. The numbers are read back from the run's own
 * tables/states.csv and looked for in the text of the PDF (pdftotext), as the
 * brief template prints them (`num`: rounded half away from zero, thousands
 * with ',' in both languages).
 */
#define _GNU_SOURCE
#include "helpers.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPOCH "SOURCE_DATE_EPOCH=1527811200"
#define MAX_STATES 64

struct csv {
	size_t nrows, ncols;
	char **cell;          /* [row * ncols + col], row 0 the header */
};

/* A whole RFC 4180 file (quotes, doubled quotes, line breaks in quotes). */
static void csv_parse(const char *text, struct csv *t)
{
	size_t cap = 1024, n = 0, ncols = 0, col = 0;
	const char *p = text;

	t->cell = malloc(cap * sizeof *t->cell);
	cr_assert_not_null(t->cell);
	while (*p != '\0') {
		char *f = malloc(strlen(p) + 1);
		size_t o = 0;

		cr_assert_not_null(f);
		if (*p == '"') {
			for (p++; *p != '\0'; p++) {
				if (*p == '"' && p[1] == '"')
					f[o++] = *p++;
				else if (*p == '"')
					break;
				else
					f[o++] = *p;
			}
			cr_assert_eq(*p, '"', "unterminated quote in states.csv");
			p++;
		} else {
			while (*p != ',' && *p != '\n' && *p != '\0')
				f[o++] = *p++;
		}
		f[o] = '\0';
		if (n == cap) {
			cap *= 2;
			t->cell = realloc(t->cell, cap * sizeof *t->cell);
			cr_assert_not_null(t->cell);
		}
		t->cell[n++] = f;
		col++;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '\n')
			p++;
		if (ncols == 0)
			ncols = col;
		cr_assert_eq(col, ncols, "states.csv: row %zu has %zu fields, not %zu",
		             n / ncols, col, ncols);
		col = 0;
	}
	t->ncols = ncols;
	t->nrows = ncols ? n / ncols - 1 : 0;   /* without the header */
}

static void csv_free(struct csv *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cell[i]);
	free(t->cell);
}

static size_t csv_col(const struct csv *t, const char *name)
{
	for (size_t j = 0; j < t->ncols; j++)
		if (strcmp(t->cell[j], name) == 0)
			return j;
	cr_assert_fail("tables/states.csv has no column '%s'", name);
	return 0;
}

static const char *csv_at(const struct csv *t, size_t row, size_t col)
{
	return t->cell[(row + 1) * t->ncols + col];
}

/* `num` of the templates: half away from zero, thousands with ','. */
static void as_num(char *buf, size_t n, double v)
{
	char digits[64];
	size_t len, o = 0;
	long long r = llround(v);

	snprintf(digits, sizeof digits, "%lld", r < 0 ? -r : r);
	len = strlen(digits);
	if (r < 0 && o + 1 < n)
		buf[o++] = '-';
	for (size_t i = 0; i < len && o + 2 < n; i++) {
		buf[o++] = digits[i];
		if ((len - i - 1) % 3 == 0 && i + 1 < len)
			buf[o++] = ',';
	}
	buf[o] = '\0';
}

/* Every occurrence of what taken out of text (in place). */
static void remove_all(char *text, const char *what)
{
	size_t wl = strlen(what);
	char *r = text, *w = text;

	if (wl == 0)
		return;
	while (*r != '\0') {
		if (strncmp(r, what, wl) == 0) {
			r += wl;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

/* Page k (1-based) of a pdftotext text: pages end with a form feed. Returns
 * its start and sets *len, or NULL when there is no such page. */
static const char *page_of(const char *text, int k, size_t *len)
{
	const char *p = text, *ff;

	for (int i = 1; i < k; i++) {
		ff = strchr(p, '\f');
		if (ff == NULL)
			return NULL;
		p = ff + 1;
	}
	ff = strchr(p, '\f');
	if (ff == NULL)
		return NULL;
	*len = (size_t)(ff - p);
	return p;
}

/* The body frame of a page, pt from the top: layout/layout.c puts it 78 pt
 * below the top edge and 82 pt above the bottom edge. */
#define FRAME_TOP 78.0
#define FRAME_BOTTOM 82.0

/* How far down the body frame of the last page text reaches, 0..1: the
 * lowest yMax of the words of `pdftotext -bbox` inside the frame (the running
 * head and the page number are outside it). */
static double last_page_fill(const char *pdf, int *pages)
{
	char *info = NULL, *box = NULL, *p;
	double h, low = FRAME_TOP;

	cr_assert_eq(th_run(&info, "pdfinfo '%s'", pdf), 0, "pdfinfo %s: %s", pdf, info);
	p = strstr(info, "Pages:");
	cr_assert_not_null(p);
	*pages = atoi(p + 6);
	free(info);
	cr_assert_eq(th_run(&box, "pdftotext -q -bbox -f %d -l %d '%s' -", *pages, *pages, pdf),
	             0, "pdftotext -bbox %s", pdf);
	p = strstr(box, "<page ");
	cr_assert_not_null(p, "%s: no page in the -bbox output", pdf);
	p = strstr(p, "height=\"");
	cr_assert_not_null(p);
	h = strtod(p + 8, NULL);
	for (p = strstr(box, "<word "); p != NULL; p = strstr(p + 1, "<word ")) {
		char *a = strstr(p, "yMin=\""), *b = strstr(p, "yMax=\"");
		double y0, y1;

		cr_assert(a != NULL && b != NULL);
		y0 = strtod(a + 6, NULL);
		y1 = strtod(b + 6, NULL);
		if (y0 >= FRAME_TOP - 2 && y1 <= h - FRAME_BOTTOM + 2 && y1 > low)
			low = y1;
	}
	free(box);
	return (low - FRAME_TOP) / (h - FRAME_TOP - FRAME_BOTTOM);
}

static int count_pdfs(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	cr_assert_not_null(d, "no folder %s", dir);
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);

		n += l > 4 && strcmp(e->d_name + l - 4, ".pdf") == 0;
	}
	closedir(d);
	return n;
}

Test(briefs, every_state_and_language_has_its_own_brief, .timeout = 300)
{
	static const struct {
		const char *lang, *name_col, *map_caption;
	} langs[] = {
		{ "en", "name", " among Mexico" },
		{ "es", "name_es", " entre las " },
	};
	char *dir = th_tmpdir(), *log = NULL, *csvtext, *path;
	char *text[MAX_STATES];
	struct csv t;
	size_t c_slug, c_pop, c_aff;
	int st;

	cr_assert_not_null(dir);
	st = th_run(&log, EPOCH " '%s' --quiet --out '%s/out'", th_bin(), dir);
	cr_assert_eq(st, 0, "the default run failed (%d):\n%s", st, log);
	free(log);
	cr_assert(asprintf(&path, "%s/out/tables/states.csv", dir) > 0);
	csvtext = th_read_file(path, NULL);
	cr_assert_not_null(csvtext, "no %s", path);
	free(path);
	csv_parse(csvtext, &t);
	free(csvtext);
	cr_assert(t.nrows > 0 && t.nrows <= MAX_STATES, "%zu states", t.nrows);
	c_slug = csv_col(&t, "slug");
	c_pop = csv_col(&t, "pop_now");
	c_aff = csv_col(&t, "affected_est");
	for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
		size_t c_name = csv_col(&t, langs[l].name_col);
		char *folder;

		cr_assert(asprintf(&folder, "%s/out/briefs/%s", dir, langs[l].lang) > 0);
		cr_expect_eq((size_t)count_pdfs(folder), t.nrows, "%s: %d briefs for %zu states",
		             langs[l].lang, count_pdfs(folder), t.nrows);
		for (size_t i = 0; i < t.nrows; i++) {
			const char *slug = csv_at(&t, i, c_slug), *name = csv_at(&t, i, c_name);
			char pop[64], aff[64], *cap;

			as_num(pop, sizeof pop, strtod(csv_at(&t, i, c_pop), NULL));
			as_num(aff, sizeof aff, strtod(csv_at(&t, i, c_aff), NULL));
			cr_assert(csv_at(&t, i, c_pop)[0] && csv_at(&t, i, c_aff)[0],
			          "%s: no population or jobs affected in states.csv", slug);
			text[i] = NULL;
			st = th_run(&text[i], "pdftotext -q '%s/%s.pdf' -", folder, slug);
			cr_assert_eq(st, 0, "%s/%s.pdf: pdftotext failed: %s", langs[l].lang, slug,
			             text[i]);
			cr_expect(strstr(text[i], name) != NULL, "%s/%s: its name '%s' is missing",
			          langs[l].lang, slug, name);
			cr_expect(strstr(text[i], pop) != NULL, "%s/%s: its population %s is missing",
			          langs[l].lang, slug, pop);
			cr_expect(strstr(text[i], aff) != NULL,
			          "%s/%s: its estimated jobs affected %s are missing", langs[l].lang,
			          slug, aff);
			cr_assert(asprintf(&cap, "%s%s", name, langs[l].map_caption) > 0);
			cr_expect(strstr(text[i], cap) != NULL, "%s/%s: no locator map caption '%s'",
			          langs[l].lang, slug, cap);
			free(cap);
			{
				char *pdf;
				int pages;
				double fill;

				cr_assert(asprintf(&pdf, "%s/%s.pdf", folder, slug) > 0);
				fill = last_page_fill(pdf, &pages);
				cr_expect(fill >= 0.5, "%s/%s: its last page (%d) is %.0f%% full, not half",
				          langs[l].lang, slug, pages, fill * 100);
				free(pdf);
			}
			remove_all(text[i], name);
		}
		/* no two briefs alike, and no page of one the same as that page of
		 * another (a page that only the name tells apart) */
		for (size_t i = 0; i < t.nrows; i++)
			for (size_t j = i + 1; j < t.nrows; j++) {
				const char *pi, *pj;
				size_t li, lj;

				cr_expect(strcmp(text[i], text[j]) != 0,
				          "%s: the briefs of %s and %s are the same text but for the name",
				          langs[l].lang, csv_at(&t, i, c_slug), csv_at(&t, j, c_slug));
				for (int k = 1; (pi = page_of(text[i], k, &li)) != NULL &&
				                (pj = page_of(text[j], k, &lj)) != NULL; k++)
					cr_expect(li != lj || memcmp(pi, pj, li) != 0,
					          "%s: page %d of %s and of %s differ only by the name",
					          langs[l].lang, k, csv_at(&t, i, c_slug), csv_at(&t, j, c_slug));
			}
		for (size_t i = 0; i < t.nrows; i++)
			free(text[i]);
		free(folder);
	}
	csv_free(&t);
}
