/*
 * libFuzzer harness for the template engine as the briefs use it (the
 * template owner's fuzz_tmpl.c covers lint and the doc dump; this one adds a
 * bound table row, a second rendering and the reporting invariant; it shares
 * the corpus tests/fuzz/corpus/tmpl through the link corpus/tmpl_bind).
 * The input is one template
 * (tmpl_compile_string, no includes), rendered against a small figure store
 * built here (numeric and text figures, two tables, a bound "state" row).
 * The language is English for inputs of even length, Spanish for odd ones, so
 * that seeds taken as they are from templates/ exercise both.
 * Crashes, sanitizer reports and broken invariants (abort) are findings:
 * compile and render must either succeed or report an error, and a template
 * that rendered once must render again (compiled templates are immutable).
 *
 * Built and run by `make fuzz`.
 */
#include "base/base.h"
#include "doc/doc.h"
#include "figures/figures.h"
#include "tmpl/tmpl.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void add_table(struct figset *fs, const char *name, size_t ncols, const char *const *cols,
                      size_t nrows, const char *const *cells)
{
	struct figtable *t = figset_table(fs, name, ncols, cols, "fuzz");
	size_t i, j;

	for (i = 0; i < nrows; i++) {
		size_t r = figtable_add_row(fs, t);

		for (j = 0; j < ncols; j++) {
			const char *c = cells[i * ncols + j];
			char *end;
			double v = strtod(c, &end);

			if (*c != '\0' && *end == '\0')
				figtable_set_num(fs, t, r, j, v);
			else
				figtable_set_text(fs, t, r, j, c);
		}
	}
}

static struct figset *make_figures(struct arena *a)
{
	static const char *const sec_cols[] = { "code", "name", "risk", "affected", "share_men",
	                                        "group" };
	static const char *const sec[] = {
		"man", "Manufacturing", "0.25", "2800000", "0.7", "industry",
		"con", "Construcción y edificación", "0.3312", "1750000", "0.95", "industry",
		"edu", "Education", "0.05", "150000", "", "services",
	};
	static const char *const st_cols[] = { "slug", "name", "population", "pop_share",
	                                       "rank_innovation", "vision" };
	static const char *const st[] = {
		"jalisco", "Jalisco", "7844830", "0.0656", "4", "Be the most innovative state.",
		"yucatan", "Yucatán", "2097175", "0.0175", "", "",
	};
	struct figset *fs = figset_new(a);

	figset_num(fs, "jobs.total", 51400000, "jobs", "employment.csv", "sum");
	figset_num(fs, "jobs.affected.total", 9770000, "jobs", "employment.csv", "model");
	figset_num(fs, "jobs.affected.share", 0.1902, "share", "employment.csv", "ratio");
	figset_num(fs, "readiness.mex.rank", 22, "rank", "readiness.csv", "rank");
	figset_num(fs, "readiness.countries", 35, "", "readiness.csv", "count");
	figset_num(fs, "edition.year", 2018, "", "edition.csv", "");
	figset_num(fs, "gender.fit.slope", 0.3, "", "model", "ols");
	figset_num(fs, "gender.fit.intercept", 0.05, "", "model", "ols");
	figset_num(fs, "gender.fit.r", 0.62, "", "model", "pearson");
	figset_num(fs, "states.count", 32, "states", "states.csv", "rows");
	figset_text(fs, "edition.date", "2018-06", "edition.csv");
	figset_text(fs, "sector.top1.name", "manufactura y construcción", "model");
	figset_text(fs, "empty.text", "", "fuzz");
	add_table(fs, "sectors", 6, sec_cols, 3, sec);
	add_table(fs, "states", 6, st_cols, 2, st);
	return fs;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	static struct arena *fig_arena;
	static struct figset *fs;
	struct arena *a;
	struct tmpl *t;
	struct tmpl_bind bind;
	const char *lang = size % 2 ? "es" : "en";
	char *text;

	if (sink == NULL) {
		sink = fopen("/dev/null", "w");
		diag_set_stream(sink);
		fig_arena = arena_new();
		fs = make_figures(fig_arena);
	}
	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	a = arena_new();
	diag_reset();
	t = tmpl_compile_string(a, "fuzz.md", text, lang, NULL);
	if (t == NULL && diag_errors() == 0)
		abort();        /* a failure must be reported */
	if (t != NULL) {
		struct doc *d;

		if (strcmp(tmpl_lang(t), lang) != 0)
			abort();
		bind.name = "state";
		bind.table = figset_get_table(fs, "states");
		bind.row = size % 3 == 0 ? 1 : 0;
		diag_reset();
		d = tmpl_render(a, t, fs, &bind);
		if (d == NULL && diag_errors() == 0)
			abort();
		if (d != NULL) {
			/* the compiled template is immutable: a second rendering succeeds too */
			diag_reset();
			if (tmpl_render(a, t, fs, &bind) == NULL)
				abort();
		}
	}
	arena_free(a);
	diag_reset();
	free(text);
	return 0;
}
