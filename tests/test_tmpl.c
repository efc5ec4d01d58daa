/*
 * tmpl: the template language, as a spec of examples
 * (tests/fixtures/tmpl/spec.txt: template -> doc_dump text, or template ->
 * exact messages), plus binding, includes, folders, lint and a timing run.
 */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "figures.h"
#include "tmpl.h"

#define FIXTURES TEST_SRCDIR "/tests/fixtures/tmpl"

static struct arena *A;
static struct figset *FS;
static char *errbuf;
static size_t errlen;
static FILE *errfp;

static void table(struct figset *fs, const char *name, size_t ncols, const char *const *cols,
                  size_t nrows, const char *const *cells)
{
	struct ftable *t = figset_table(fs, name, ncols, cols, "test");
	size_t i, j;
	double v;
	char *end;

	for (i = 0; i < nrows; i++) {
		size_t r = ftable_add_row(fs, t);

		for (j = 0; j < ncols; j++) {
			const char *c = cells[i * ncols + j];

			v = strtod(c, &end);
			if (*c != '\0' && *end == '\0')
				ftable_set_num(fs, t, r, j, v);
			else
				ftable_set_text(fs, t, r, j, c);
		}
	}
}

/* The figures every example sees. */
static struct figset *make_figures(struct arena *a)
{
	struct figset *fs = figset_new(a);
	static const char *const sec_cols[] = { "code", "name", "risk", "affected", "share_men",
	                                        "group" };
	static const char *const sec[] = {
		"MAN", "Manufacturing", "0.25", "2800000", "0.7", "industry",
		"CON", "Construction", "0.3312", "1750000", "0.95", "industry",
		"MIN", "Mining", "0.2", "210000", "0.85", "industry",
		"EDU", "Education", "0.05", "150000", "0.4", "services",
	};
	static const char *const rm_cols[] = { "cluster", "metric", "rank" };
	static const char *const rm[] = {
		"Governance", "Digital skills", "30",
		"Infrastructure", "Open data", "5",
		"Skills", "Innovation", "28",
	};
	static const char *const rec_cols[] = { "number", "area", "title", "actor" };
	static const char *const rec[] = {
		"1", "government", "Create an AI office", "Presidency",
		"2", "industry", "Fund research", "Conacyt",
		"3", "government", "Open *all* data", "",
	};
	static const char *const st_cols[] = { "slug", "name", "population", "rank_innovation" };
	static const char *const st[] = {
		"cdmx", "Ciudad de México", "8900000", "1",
		"jal", "Jalisco", "7800000", "3",
	};

	figset_num(fs, "jobs.total", 51400000, "jobs", "employment.csv", "sum");
	figset_num(fs, "jobs.affected.total", 9770000, "jobs", "employment.csv", "model");
	figset_num(fs, "jobs.affected.share", 0.1902, "share", "employment.csv", "ratio");
	figset_num(fs, "split.replaced", 0.16, "share", "split.csv", "published");
	figset_num(fs, "readiness.mex.rank", 22, "rank", "readiness.csv", "rank");
	figset_num(fs, "readiness.countries", 35, "", "readiness.csv", "count");
	figset_num(fs, "edition.year", 2018, "", "edition", "");
	figset_text(fs, "edition.date", "2018-06", "edition");
	figset_num(fs, "gender.fit.slope", 0.3, "", "model", "ols");
	figset_num(fs, "gender.fit.intercept", 0.05, "", "model", "ols");
	figset_num(fs, "gender.fit.r", 0.62, "", "model", "pearson");
	figset_text(fs, "sector.top1.name", "manufactura y construcción", "model");
	figset_text(fs, "empty.text", "", "test");
	table(fs, "sectors", 6, sec_cols, 4, sec);
	table(fs, "readiness_mex", 3, rm_cols, 3, rm);
	table(fs, "recommendations", 4, rec_cols, 3, rec);
	table(fs, "states", 4, st_cols, 2, st);
	return fs;
}

static void setup(void)
{
	/* messages name template paths as given: keep them short and stable */
	cr_assert_eq(chdir(FIXTURES), 0);
	A = arena_new();
	FS = make_figures(A);
	errbuf = NULL;
	errlen = 0;
	errfp = open_memstream(&errbuf, &errlen);
	diag_set_stream(errfp);
	diag_reset();
}

static void teardown(void)
{
	diag_set_stream(NULL);
	fclose(errfp);
	free(errbuf);
	arena_free(A);
}

static const char *messages(void)
{
	fflush(errfp);
	return errbuf ? errbuf : "";
}

static void clear_messages(void)
{
	fclose(errfp);
	free(errbuf);
	errbuf = NULL;
	errlen = 0;
	errfp = open_memstream(&errbuf, &errlen);
	diag_set_stream(errfp);
}

static char *dump(const struct doc *d)
{
	struct buf b = { 0 };
	char *s;

	doc_dump(d, &b);
	s = arena_strdup(A, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* Compile and render text; the dump, or NULL on failure. */
static char *run(const char *text, const char *lang, const struct tmpl_bind *bind)
{
	struct tmpl *t = tmpl_compile_string(A, "t.md", text, lang, "templates");
	struct doc *d;

	if (t == NULL)
		return NULL;
	d = tmpl_render(A, t, FS, bind);
	return d ? dump(d) : NULL;
}

/* ---- the spec file ---- */

struct example {
	char name[128];
	char lang[8];
	bool error;
	char *text;
	char *expect;
};

static size_t read_spec(const char *path, struct example **out)
{
	struct buf b = { 0 };
	struct example *ex = NULL;
	size_t n = 0, cap = 0;
	char *p, *line, *nl;
	struct buf cur = { 0 };
	int part = 0;   /* 0 outside, 1 template, 2 expected */

	cr_assert_eq(buf_read_file(&b, path), 0, "cannot read %s", path);
	p = arena_strdup(A, buf_cstr(&b));
	buf_free(&b);
	for (line = p; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line) - 1;   /* last line without '\n' */
		else
			*nl = '\0';
		if (strncmp(line, "~~~ ", 4) == 0) {
			char kind[16] = "";

			sscanf(line + 4, "%15s", kind);
			if (strcmp(kind, "example") == 0 || strcmp(kind, "error") == 0) {
				if (n == cap) {
					ex = arena_grow(A, ex, n, cap ? cap * 2 : 64, sizeof *ex);
					cap = cap ? cap * 2 : 64;
				}
				memset(&ex[n], 0, sizeof ex[n]);
				ex[n].error = kind[1] == 'r';
				sscanf(line + 4, "%*s %127s %7s", ex[n].name, ex[n].lang);
				part = 1;
				buf_clear(&cur);
			} else if (strcmp(kind, "dump") == 0 || strcmp(kind, "stderr") == 0) {
				ex[n].text = arena_strdup(A, buf_cstr(&cur));
				buf_clear(&cur);
				part = 2;
			} else if (strcmp(kind, "end") == 0) {
				ex[n].expect = arena_strdup(A, buf_cstr(&cur));
				buf_clear(&cur);
				n++;
				part = 0;
			}
		} else if (part != 0) {
			buf_puts(&cur, line);
			buf_putc(&cur, '\n');
		}
		if (nl[1] == '\0' && *nl != '\0')
			break;
	}
	buf_free(&cur);
	*out = ex;
	return n;
}

/* Golden update (review the diff!): TMPL_SPEC_WRITE=path writes the spec
 * back with what the code produces now. */
static void write_spec(const char *path, struct example *ex, size_t n, bool errors_wanted)
{
	FILE *fp = fopen(path, "w");
	size_t i;

	if (fp == NULL)
		return;
	for (i = 0; i < n; i++) {
		char *got;

		if (ex[i].error != errors_wanted)
			continue;
		clear_messages();
		diag_reset();
		got = run(ex[i].text, ex[i].lang[0] ? ex[i].lang : "en", NULL);
		fprintf(fp, "~~~ %s %s %s\n%s~~~ %s\n%s~~~ end\n\n", ex[i].error ? "error" : "example",
		        ex[i].name, ex[i].lang[0] ? ex[i].lang : "en", ex[i].text,
		        ex[i].error ? "stderr" : "dump", ex[i].error ? messages() : got ? got : "FAILED\n");
	}
	fclose(fp);
}

static void run_spec(const char *file, bool errors_wanted)
{
	struct example *ex;
	size_t n = read_spec(file, &ex), i, checked = 0;

	for (i = 0; i < n; i++) {
		char *got;

		if (ex[i].error != errors_wanted)
			continue;
		checked++;
		clear_messages();
		diag_reset();
		got = run(ex[i].text, ex[i].lang[0] ? ex[i].lang : "en", NULL);
		if (!errors_wanted) {
			cr_expect_not_null(got, "example '%s' failed:\n%s", ex[i].name, messages());
			if (got != NULL)
				cr_expect_str_eq(got, ex[i].expect, "example '%s':\n--- got\n%s--- want\n%s",
				                 ex[i].name, got, ex[i].expect);
		} else {
			cr_expect_null(got, "error example '%s' rendered:\n%s", ex[i].name,
			               got ? got : "");
			cr_expect_eq(diag_status(), EXIT_DATA, "error example '%s': status %d",
			             ex[i].name, diag_status());
			cr_expect_str_eq(messages(), ex[i].expect,
			                 "error example '%s':\n--- got\n%s--- want\n%s", ex[i].name,
			                 messages(), ex[i].expect);
		}
	}
	if (getenv("TMPL_SPEC_WRITE") != NULL)
		write_spec(getenv("TMPL_SPEC_WRITE"), ex, n, errors_wanted);
	cr_log_info("%s: %zu %s checked", file, checked, errors_wanted ? "error examples" : "examples");
	cr_assert_gt(checked, 10, "too few examples in %s", file);
}

Test(tmpl, spec_examples, .init = setup, .fini = teardown)
{
	run_spec("spec.txt", false);
}

Test(tmpl, spec_errors, .init = setup, .fini = teardown)
{
	run_spec("errors.txt", true);
}
