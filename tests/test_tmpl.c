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
#include <dirent.h>

#include "base/base.h"
#include "doc/doc.h"
#include "figures/figures.h"
#include "tmpl/tmpl.h"
#include "tmpl/src.h"   /* the limits */
#include "helpers.h"

#define FIXTURES TEST_SRCDIR "/tests/fixtures/tmpl"

static struct arena *A;
static struct figset *FS;

static void table(struct figset *fs, const char *name, size_t ncols, const char *const *cols,
                  size_t nrows, const char *const *cells)
{
	struct figtable *t = figset_table(fs, name, ncols, cols, "test");
	size_t i, j;
	double v;
	char *end;

	for (i = 0; i < nrows; i++) {
		size_t r = figtable_add_row(fs, t);

		for (j = 0; j < ncols; j++) {
			const char *c = cells[i * ncols + j];

			v = strtod(c, &end);
			if (*c != '\0' && *end == '\0')
				figtable_set_num(fs, t, r, j, v);
			else
				figtable_set_text(fs, t, r, j, c);
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
	/* the sectors' rows rest on one source the bibliography cites */
	figset_set_origin(fs, FIG_PROV_DERIVED, "oecd_emp");
	table(fs, "sectors", 6, sec_cols, 4, sec);
	figset_set_origin(fs, FIG_PROV_NONE, "");
	{
		static const char *const bib_cols[] = { "id", "number", "cite", "cite_es" };
		static const char *const bib[] = {
			"oecd_emp", "1", "OECD employment (2016)", "OCDE, empleo (2016)",
			"est", "2", "our figures estimated from them", "cifras propias estimadas",
		};

		table(fs, "bibliography", 4, bib_cols, 2, bib);
	}
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
	th_capture();
}

static void teardown(void)
{
	th_capture_end();
	arena_free(A);
}

static const char *messages(void)
{
	return th_captured();
}

/* A fresh capture (diag's counts start again too). */
static void clear_messages(void)
{
	th_capture();
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

/* ---- behaviour beyond the spec ---- */

Test(tmpl, compile_once_render_per_state, .init = setup, .fini = teardown)
{
	struct tmpl *t = tmpl_compile_dir(A, "templates", "brief/en", "en");
	const struct figtable *states = figset_get_table(FS, "states");
	struct tmpl_bind bind = { "state", states, 0 };
	struct doc *d;

	cr_assert_not_null(t, "%s", messages());
	d = tmpl_render(A, t, FS, &bind);
	cr_assert_not_null(d, "%s", messages());
	cr_expect_str_eq(dump(d),
	                 "SECTION L1 newpage \"Ciudad de México\"\n"
	                 "  PARA \"Ciudad de México has 8.9 million people and ranks 1st for "
	                 "innovation.\"\n"
	                 "  PARA \"Compare: Jalisco.\"\n");
	bind.row = 1;
	d = tmpl_render(A, t, FS, &bind);
	cr_assert_not_null(d, "%s", messages());
	cr_expect_str_eq(dump(d),
	                 "SECTION L1 newpage \"Jalisco\"\n"
	                 "  PARA \"Jalisco has 7.8 million people and ranks 3rd for innovation.\"\n"
	                 "  PARA \"Compare: Ciudad de México.\"\n");
	cr_expect_str_eq(messages(), "");
}

Test(tmpl, bound_row_missing_is_unknown_figure, .init = setup, .fini = teardown)
{
	struct tmpl *t = tmpl_compile_dir(A, "templates", "brief/en", "en");

	cr_assert_not_null(t);
	cr_expect_null(tmpl_render(A, t, FS, NULL));
	cr_expect(strstr(messages(), "templates/brief/en/00-brief.md:1:6: error: unknown figure "
	                 "'state.name'") != NULL, "%s", messages());
}

Test(tmpl, document_folder_in_name_order, .init = setup, .fini = teardown)
{
	struct tmpl *t = tmpl_compile_dir(A, "templates", "doc/en", "en");
	struct doc *d;

	cr_assert_not_null(t, "%s", messages());
	cr_expect_str_eq(tmpl_lang(t), "en");
	d = tmpl_render(A, t, FS, NULL);
	cr_assert_not_null(d, "%s", messages());
	cr_expect_str_eq(d->title, "Test document");
	cr_expect_str_eq(d->running_title, "Test");
	cr_expect_str_eq(d->lang, "en");
	cr_expect_str_eq(dump(d),
	                 "TITLE \"Test document\"\n"
	                 "SECTION L1 N=\"1\" label=ch:first numbered newpage \"First chapter\"\n"
	                 "  PARA \"A paragraph that ends without a blank line\"\n"
	                 "  PARA \"starts a new paragraph in the second file[^1] (see "
	                 "[@ch:second=Chapter 2]).\"\n"
	                 "SECTION L1 N=\"2\" label=ch:second numbered newpage \"Second chapter\"\n"
	                 "  SECTION L2 N=\"2.1\" numbered \"The national picture\"\n"
	                 "    PARA \"Mexico ranks 22nd out of 35.\"\n"
	                 "NOTE 1 N=\"1\"\n"
	                 "  PARA \"Note of the second file.\"\n");
	cr_expect_eq(d->nnotes, 1);
	cr_expect_str_eq(d->notes[0]->loc.file, "templates/doc/en/01-body.md");
	cr_expect_eq(d->notes[0]->loc.line, 3);
	/* nodes remember where they came from, in characters */
	cr_expect_str_eq(d->root->first->loc.file, "templates/doc/en/00-front.md");
	cr_expect_eq(d->root->first->loc.line, 5);
	cr_expect_eq(d->root->first->loc.col, 1);
}

Test(tmpl, errors_name_the_right_file, .init = setup, .fini = teardown)
{
	struct tmpl *t = tmpl_compile_dir(A, "templates", "bad/en", "en");

	cr_assert_not_null(t, "%s", messages());
	cr_expect_null(tmpl_render(A, t, FS, NULL));
	cr_expect_str_eq(messages(),
	                 "reportgen: templates/bad/en/01-b.md:3:8: error: unknown figure 'jobs.totl' "
	                 "(did you mean 'jobs.total'?)\n"
	                 "    And {{ jobs.totl }}.\n"
	                 "           ^\n");
	cr_expect_eq(diag_status(), EXIT_DATA);
}

Test(tmpl, footnotes_belong_to_their_file, .init = setup, .fini = teardown)
{
	struct tmpl *t;

	/* the same folder with the unknown figure fixed by a figure of that name */
	figset_num(FS, "jobs.totl", 1, "", "", "");
	t = tmpl_compile_dir(A, "templates", "bad/en", "en");
	cr_assert_not_null(t);
	cr_expect_null(tmpl_render(A, t, FS, NULL));
	cr_expect_str_eq(messages(),
	                 "reportgen: templates/bad/en/01-b.md:1:17: error: footnote '[^x]' is never "
	                 "defined in templates/bad/en/01-b.md\n"
	                 "    Text with a call[^x] defined in another file.\n"
	                 "                    ^\n"
	                 "reportgen: templates/bad/en/02-c.md:1:1: warning: footnote '[^x]' is "
	                 "defined but never used\n");
}

Test(tmpl, unused_footnote_is_a_warning, .init = setup, .fini = teardown)
{
	char *got = run("Text.\n\n[^u]: Unused.\n", "en", NULL);

	cr_assert_not_null(got, "%s", messages());
	cr_expect_str_eq(got, "PARA \"Text.\"\n");
	cr_expect_str_eq(messages(),
	                 "reportgen: t.md:3:1: warning: footnote '[^u]' is defined but never used\n");
	cr_expect_eq(diag_status(), EXIT_OK);
	cr_expect_eq(diag_warnings(), 1);
}

Test(tmpl, highlight_without_match_warns, .init = setup, .fini = teardown)
{
	char *got = run("::: chart bar\ndata: sectors\nlabel: name\nvalue: risk\n"
	                "highlight: code == \"XXX\"\n:::\n", "en", NULL);

	cr_assert_not_null(got, "%s", messages());
	cr_expect(strstr(got, "highlight=") == NULL);
	cr_expect_str_eq(messages(),
	                 "reportgen: t.md:5:12: warning: highlight matches no item of table 'sectors'\n");
}

Test(tmpl, lint_numbers_typed_in_prose, .init = setup, .fini = teardown)
{
	struct tmpl *t = tmpl_compile_string(A, "t.md",
		"About 9.77 million jobs (19%) are affected; Mexico is 22nd.\n"
		"In total 9,770,000 jobs; {{ jobs.affected.share | pct }} is fine.\n"
		"Plain numbers like 35, 1990 and 19.5 are left alone, as is 190%.\n"
		"{% if 1 %}Also inside blocks: 16%.{% endif %}\n", "en", NULL);
	int n;

	cr_assert_not_null(t, "%s", messages());
	n = tmpl_lint(t, FS);
	cr_expect_eq(n, 5, "%d warnings:\n%s", n, messages());
	cr_expect_str_eq(messages(),
	                 "reportgen: t.md:1:7: warning: number typed in the prose: '9.77 million' is "
	                 "figure 'jobs.affected.total'; write {{ jobs.affected.total | millions(2) }}\n"
	                 "reportgen: t.md:1:26: warning: number typed in the prose: '19%' is figure "
	                 "'jobs.affected.share'; write {{ jobs.affected.share | pct }}\n"
	                 "reportgen: t.md:1:55: warning: number typed in the prose: '22nd' is figure "
	                 "'readiness.mex.rank'; write {{ readiness.mex.rank | ordinal }}\n"
	                 "reportgen: t.md:2:10: warning: number typed in the prose: '9,770,000' is "
	                 "figure 'jobs.affected.total'; write {{ jobs.affected.total | num }}\n"
	                 "reportgen: t.md:4:31: warning: number typed in the prose: '16%' is figure "
	                 "'split.replaced'; write {{ split.replaced | pct }}\n");
}

/* The lint's three findings of issue 14 in one small template, each at its
 * file:line:col: a typed number, an estimate printed unmarked in a chapter
 * (and one printed to the unit), then the typed source line the renderer
 * refuses. */
Test(tmpl, lint_finds_typed_number_unmarked_estimate_and_typed_source, .init = setup,
     .fini = teardown)
{
	struct tmpl *t;
	int n;

	figset_num_p(FS, "est.jobs", 1540662, "jobs", "", "", FIG_PROV_ESTIMATED, "est");
	t = tmpl_compile_string(A, "t.md",
		"# One\n"
		"Typed: 9.77 million. Unmarked: {{ est.jobs | millions(2) }}.\n"
		"# Two\n"
		"Marked: {{ est.jobs | millions(2) | est }}, again {{ est.jobs | num }}.\n"
		"# Three\n"
		"::: table\n"
		"source: typed by hand\n"
		"| A |\n|--:|\n| {{ est.jobs | millions(2) | est }} |\n"
		":::\n", "en", NULL);
	cr_assert_not_null(t, "%s", messages());
	n = tmpl_lint(t, FS);
	cr_expect_eq(n, 3, "%d warnings:\n%s", n, messages());
	cr_expect_str_eq(messages(),
	                 "reportgen: t.md:2:8: warning: number typed in the prose: '9.77 million' is "
	                 "figure 'jobs.affected.total'; write {{ jobs.affected.total | millions(2) }}\n"
	                 "reportgen: t.md:2:32: warning: figure 'est.jobs' is estimated and printed in "
	                 "this chapter without the estimate mark: add '| est' to its first use here "
	                 "(templates/SYNTAX.md, Estimates)\n"
	                 "reportgen: t.md:4:65: warning: figure 'est.jobs' is an estimated count: print "
	                 "it rounded as the paper does, e.g. '| millions(2)', not to the unit\n");
	clear_messages();
	cr_expect_null(tmpl_render(A, t, FS, NULL));
	cr_expect_not_null(strstr(messages(), "t.md:7:9: error: a typed source line"), "%s",
	                   messages());
}

Test(tmpl, est_marks_the_value_with_a_dagger, .init = setup, .fini = teardown)
{
	char *got = run("{{ jobs.affected.total | millions(2) | est }} jobs\n", "en", NULL);

	cr_assert_not_null(got, "%s", messages());
	cr_expect_not_null(strstr(got, "9.77 million\u2020 jobs"), "%s", got);
}

/* Years near the edition's (2018 here) typed in the prose go stale with the
 * next edition; citations and names keep theirs. */
Test(tmpl, lint_years_typed_in_prose, .init = setup, .fini = teardown)
{
	struct tmpl *t = tmpl_compile_string(A, "t.md",
		"After this year's elections in 2018 the 2017 index still counts.\n"
		"Far years are history: the reform of 2013, the goal for 2030.\n"
		"Cited: growth by 2019.[^a] As Smith (2017) says; the AI 2020 plan; *Report 2016*.\n"
		"{{ edition.year }} is written from the data.\n"
		"source: Oxford Insights and C Minds, 2018\n"
		"\n"
		"[^a]: A study of 2019.\n", "en", NULL);
	int n;

	cr_assert_not_null(t, "%s", messages());
	n = tmpl_lint(t, FS);
	cr_expect_eq(n, 2, "%d warnings:\n%s", n, messages());
	cr_expect_str_eq(messages(),
	                 "reportgen: t.md:1:32: warning: year typed in the prose: '2018' is the fact "
	                 "'edition.year' of this edition and goes stale with the next one; write "
	                 "{{ edition.year }}\n"
	                 "reportgen: t.md:1:41: warning: year typed in the prose: '2017' is near the "
	                 "edition's (2018) and goes stale with the next one; make it a fact of the "
	                 "edition (edition.csv or facts.csv, with its source) and write it with {{ }}, "
	                 "or cite it\n");
}

Test(tmpl, lint_in_spanish, .init = setup, .fini = teardown)
{
	struct tmpl *t = tmpl_compile_string(A, "t.md",
		"Unos 9.77 millones de empleos; México ocupa el 22.º lugar.\n", "es", NULL);

	cr_assert_not_null(t);
	cr_expect_eq(tmpl_lint(t, FS), 2, "%s", messages());
}

Test(tmpl, invalid_utf8_is_reported_with_position, .init = setup, .fini = teardown)
{
	cr_expect_null(tmpl_compile_string(A, "t.md", "Good line\nbad \xff byte\n", "en", NULL));
	cr_expect_str_eq(messages(), "reportgen: t.md:2:5: error: invalid UTF-8 (byte 0xff)\n");
	cr_expect_eq(diag_status(), EXIT_DATA);
}

Test(tmpl, unknown_language, .init = setup, .fini = teardown)
{
	cr_expect_null(tmpl_compile_string(A, "t.md", "x", "fr", NULL));
	cr_expect_str_eq(messages(), "reportgen: t.md: error: unknown language 'fr' (en or es)\n");
}

Test(tmpl, missing_folder_is_a_system_error, .init = setup, .fini = teardown)
{
	cr_expect_null(tmpl_compile_dir(A, "templates", "nowhere/en", "en"));
	cr_expect_eq(diag_status(), EXIT_SYS);
	cr_expect(strstr(messages(), "templates/nowhere/en: error: cannot open template folder")
	          != NULL, "%s", messages());
}

Test(tmpl, include_without_root, .init = setup, .fini = teardown)
{
	cr_expect_null(tmpl_compile_string(A, "t.md", "{% include \"x.md\" %}\n", "en", NULL));
	cr_expect(strstr(messages(), "t.md:1:12: error: include \"x.md\": no templates folder")
	          != NULL, "%s", messages());
}

Test(tmpl, deep_nesting_and_long_lines, .init = setup, .fini = teardown)
{
	struct buf b = { 0 };
	char *got;
	int i;

	for (i = 0; i < 300; i++)
		buf_puts(&b, "{% if 1 %}");
	buf_puts(&b, "deep");
	for (i = 0; i < 300; i++)
		buf_puts(&b, "{% endif %}");
	buf_puts(&b, " ");
	for (i = 0; i < 20000; i++)
		buf_puts(&b, "word ");
	buf_putc(&b, '\n');
	got = run(buf_cstr(&b), "en", NULL);
	cr_assert_not_null(got, "%s", messages());
	cr_expect(strncmp(got, "PARA \"deep word word", 20) == 0);
	buf_free(&b);
}

static double ms_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1e3 + (b->tv_nsec - a->tv_nsec) / 1e6;
}

/* A 1 MB template (a tag every 30 bytes): compile and render times are
 * printed (CPU time of the process, first touch of the memory included), not
 * asserted. */
Test(tmpl, one_megabyte_template, .init = setup, .fini = teardown)
{
	struct buf b = { 0 };
	struct timespec t0, t1, t2, t3;
	struct tmpl *t;
	struct doc *d;
	struct arena *a2 = arena_new();
	int i = 0;

	while (b.len < 1024 * 1024) {
		buf_printf(&b, "## Section %d\n\nAbout {{ jobs.affected.share | pct }} of jobs "
		           "(**{{ jobs.affected.total | millions(2) }}**) are *exposed*; Mexico is "
		           "{{ readiness.mex.rank | ordinal }}.\n\n", i);
		buf_puts(&b, "{% for s in sectors limit 2 %}- {{ s.name }}: {{ s.risk | pct(1) }}\n"
		             "{% endfor %}\n");
		i++;
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	t = tmpl_compile_string(A, "big.md", buf_cstr(&b), "en", NULL);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	cr_assert_not_null(t, "%s", messages());
	d = tmpl_render(A, t, FS, NULL);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t2);
	cr_assert_not_null(d, "%s", messages());
	/* the same compile again: allocator pages already mapped */
	cr_assert_not_null(tmpl_compile_string(a2, "big.md", buf_cstr(&b), "en", NULL));
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t3);
	cr_log_info("1 MB template (%zu bytes, %d sections): compile %.1f ms (again: %.1f ms), "
	            "render %.1f ms (CPU time)", b.len, i, ms_between(&t0, &t1),
	            ms_between(&t2, &t3), ms_between(&t1, &t2));
	cr_expect_eq(d->root->first->level, 2);
	cr_expect_eq(diag_errors(), 0);
	arena_free(a2);
	buf_free(&b);
}

Test(tmpl, inserted_newlines_do_not_break_blocks, .init = setup, .fini = teardown)
{
	char *got;

	figset_text(FS, "multi.line", "first\n\n# not a heading\n- nor a list", "test");
	got = run("Value: {{ multi.line }} end.\n", "en", NULL);
	cr_assert_not_null(got, "%s", messages());
	cr_expect_str_eq(got, "PARA \"Value: first  # not a heading - nor a list end.\"\n");
}

Test(tmpl, invalid_utf8_in_a_value, .init = setup, .fini = teardown)
{
	figset_text(FS, "bad.text", "ok \xc3( bad", "test");
	cr_expect_null(run("Value: {{ bad.text }}.\n", "en", NULL));
	cr_expect_str_eq(messages(),
	                 "reportgen: t.md:1:8: error: the value inserted here is not valid UTF-8\n"
	                 "    Value: {{ bad.text }}.\n"
	                 "           ^\n");
}

Test(tmpl, lint_names_every_figure_with_that_value, .init = setup, .fini = teardown)
{
	struct tmpl *t = tmpl_compile_string(A, "t.md", "Ranked 22nd.\n", "en", NULL);

	figset_num(FS, "other.rank", 22, "rank", "test", "");
	cr_assert_not_null(t);
	cr_expect_eq(tmpl_lint(t, FS), 1);
	cr_expect_str_eq(messages(),
	                 "reportgen: t.md:1:8: warning: number typed in the prose: '22nd' is figure "
	                 "'readiness.mex.rank' (or 'other.rank'); write "
	                 "{{ readiness.mex.rank | ordinal }}\n");
}

/* A section guarded by a flag figure that is 0 may name figures this edition
 * lacks (optional datasets); with the flag at 1 those names are checked. */
Test(tmpl, zero_flag_guards_optional_figures, .init = setup, .fini = teardown)
{
	const char *text = "Before.\n\n{% if opt.available %}Only {{ opt.missing }}.{% endif %}\n";
	char *out;

	figset_num(FS, "opt.available", 0, "flag", "", "");
	out = run(text, "en", NULL);
	cr_assert_not_null(out, "%s", messages());
	cr_expect_str_eq(out, "PARA \"Before.\"\n");
	clear_messages();
	figset_num(FS, "opt.available", 1, "flag", "", "");
	cr_expect_null(run(text, "en", NULL));
	cr_expect_not_null(strstr(messages(), "unknown figure 'opt.missing'"), "%s", messages());
}

/* The run's cache (rows.c) gives exactly the documents a render without it
 * gives, state after state, for every kind of where clause: constant ones
 * (remembered), equalities with the bound row (indexed, also inside an
 * `and`, with a limit, against numeric cells) and the rest (scanned). */
Test(tmpl, cached_rows_give_the_same_documents, .init = setup, .fini = teardown)
{
	static const char *const text =
		"# {{ state.name }}\n\n"
		"Same slug: {% for s in states where slug == state.slug %}{{ s.name }};{% endfor %}\n\n"
		"Reversed: {% for s in states where state.slug == slug %}{{ s.name }};{% endfor %}\n\n"
		"And: {% for s in states where slug == state.slug and population > 8000000 %}"
		"{{ s.name }};{% endfor %}\n\n"
		"Others: {% for s in states where slug != state.slug %}{{ s.name }};{% endfor %}\n\n"
		"Industry: {% for x in sectors where group == \"industry\" limit 2 %}{{ x.code }};"
		"{% endfor %}\n\n"
		"Rank: {% for s in states where rank_innovation == state.rank_innovation %}"
		"{{ s.slug }};{% endfor %}\n\n"
		"Text vs number: {% for x in sectors where affected == \"210000\" %}{{ x.code }};"
		"{% endfor %}\n\n"
		"None: {% for x in sectors where code == state.slug %}{{ x.code }};{% endfor %}\n";
	struct tmpl *t = tmpl_compile_string(A, "t.md", text, "en", NULL);
	const struct figtable *states = figset_get_table(FS, "states");
	struct tmpl_cache *cache = tmpl_cache_new();
	size_t row, pass;

	cr_assert_not_null(t, "%s", messages());
	for (pass = 0; pass < 2; pass++)   /* the second pass finds everything cached */
		for (row = 0; row < states->nrows; row++) {
			struct tmpl_bind bind = { "state", states, row };
			struct doc *plain = tmpl_render(A, t, FS, &bind);
			struct doc *cached = tmpl_render_cached(A, t, FS, &bind, cache);

			cr_assert(plain != NULL && cached != NULL, "%s", messages());
			cr_assert_str_eq(dump(cached), dump(plain), "row %zu, pass %zu", row, pass);
		}
	{
		struct tmpl_bind bind = { "state", states, 1 };
		char *d = dump(tmpl_render_cached(A, t, FS, &bind, cache));

		cr_assert_not_null(strstr(d, "Same slug: Jalisco;"), "%s", d);
		cr_assert_not_null(strstr(d, "Reversed: Jalisco;"), "%s", d);
		cr_assert_not_null(strstr(d, "PARA \"And:\""), "%s", d);
		cr_assert_not_null(strstr(d, "Others: Ciudad de México;"), "%s", d);
		cr_assert_not_null(strstr(d, "Industry: MAN;CON;"), "%s", d);
		cr_assert_not_null(strstr(d, "Rank: jal;"), "%s", d);
		cr_assert_not_null(strstr(d, "Text vs number: MIN;"), "%s", d);
		cr_assert_not_null(strstr(d, "PARA \"None:\""), "%s", d);
	}
	cr_expect_str_eq(messages(), "");
	tmpl_cache_free(cache);
}

/* ---- chart keys compiled once per template ---- */

Test(tmpl, chart_keys_compiled_once_for_ten_briefs, .init = setup, .fini = teardown)
{
	static const char *const text =
		"# {{ state.name }}\n\n"
		"::: chart bar\ndata: states\nlabel: name\nvalue: population\n"
		"where: population > 1000000\nhighlight: slug == state.slug\nformat: millions(1)\n"
		":::\n\n"
		"::: chart bar\ndata: states\nlabel: name\nvalue: population\n"
		"highlight: slug == \"{{ state.slug }}\"\n:::\n";
	struct tmpl *t = tmpl_compile_string(A, "t.md", text, "en", NULL);
	const struct figtable *states = figset_get_table(FS, "states");
	char *first[2] = { NULL, NULL };
	size_t i;

	cr_assert_not_null(t, "%s", messages());
	cr_expect_eq(tmpl_directives_compiled(t), 0);
	for (i = 0; i < 10; i++) {
		struct tmpl_bind bind = { "state", states, i % 2 };
		struct doc *d = tmpl_render(A, t, FS, &bind);
		char *got;

		cr_assert_not_null(d, "%s", messages());
		got = dump(d);
		if (first[i % 2] == NULL)
			first[i % 2] = got;
		else
			cr_expect_str_eq(got, first[i % 2], "brief %zu", i);
		/* where, highlight and format of the first chart once; the second
		 * chart's highlight once per distinct text (one per state) */
		cr_expect_eq(tmpl_directives_compiled(t), i == 0 ? 4 : 5, "after brief %zu: %zu", i,
		             tmpl_directives_compiled(t));
	}
	cr_expect(strstr(first[0], "highlight=0") != NULL, "%s", first[0]);
	cr_expect(strstr(first[1], "highlight=1") != NULL, "%s", first[1]);
	cr_expect_str_eq(messages(), "");
}

Test(tmpl, chart_key_that_fails_is_reported_by_every_rendering, .init = setup,
     .fini = teardown)
{
	struct tmpl *t = tmpl_compile_string(A, "t.md", "::: chart bar\ndata: sectors\n"
	                                     "label: name\nvalue: risk\nwhere: risk >\n:::\n",
	                                     "en", NULL);
	const char *m, *second;

	cr_assert_not_null(t, "%s", messages());
	cr_expect_null(tmpl_render(A, t, FS, NULL));
	cr_expect_null(tmpl_render(A, t, FS, NULL));
	m = messages();
	cr_assert(strstr(m, "t.md:5:") != NULL, "%s", m);
	second = strstr(strstr(m, "t.md:5:") + 1, "t.md:5:");
	cr_expect(second != NULL, "%s", m);
	cr_expect_eq(tmpl_directives_compiled(t), 2);
}

/* ---- footnotes without text: warned by the template stage ---- */

Test(tmpl, footnote_without_text_warns, .init = setup, .fini = teardown)
{
	char *got = run("Text[^a].\n\n[^a]:\n", "en", NULL);

	cr_assert_not_null(got, "%s", messages());
	cr_expect_str_eq(messages(), "reportgen: t.md:3:1: warning: footnote 1 has no text\n");
	clear_messages();
	cr_assert_not_null(run("Text[^a].\n\n[^a]: Some text.\n", "en", NULL));
	cr_expect_str_eq(messages(), "");
	/* a rendering that fails makes no document: nothing to warn about */
	cr_expect_null(run("Text[^a].\n\n::: bogus\n:::\n\n[^a]:\n", "en", NULL));
	cr_expect(strstr(messages(), "unknown directive") != NULL, "%s", messages());
	cr_expect(strstr(messages(), "has no text") == NULL, "%s", messages());
}

/* ---- the layers of generator/tmpl/ (src.h) ---- */

static const struct { const char *file; int layer; const char *own; } tmpl_layers[] = {
	{ "tmpl.h", 0, "tmpl.h" },
	{ "src.h", 1, "src.h" }, { "src.c", 1, "src.h" },
	{ "compile.h", 2, "compile.h" }, { "compile.c", 2, "compile.h" },
	{ "memo.c", 2, "compile.h" },
	{ "eval.h", 3, "eval.h" }, { "eval.c", 3, "eval.h" }, { "rows.c", 3, "eval.h" },
	{ "expand.c", 3, "eval.h" }, { "lint.h", 3, "lint.h" }, { "lint.c", 3, "lint.h" },
	{ "parse.h", 4, "parse.h" }, { "bctx.c", 4, "parse.h" }, { "inline.c", 4, "parse.h" },
	{ "block.c", 4, "parse.h" }, { "post.c", 4, "parse.h" }, { "typo.c", 4, "parse.h" },
	{ "cite.c", 4, "parse.h" },
	{ "driver.c", 5, "" },
};

static int tmpl_layer_of(const char *file, const char **own)
{
	size_t i;

	for (i = 0; i < sizeof tmpl_layers / sizeof tmpl_layers[0]; i++) {
		if (strcmp(tmpl_layers[i].file, file) == 0) {
			if (own)
				*own = tmpl_layers[i].own;
			return tmpl_layers[i].layer;
		}
	}
	return -1;
}

Test(tmpl, files_include_only_lower_layers)
{
	const char *dir = TEST_SRCDIR "/generator/tmpl";
	DIR *d = opendir(dir);
	struct dirent *de;
	int nfiles = 0;

	cr_assert_not_null(d);
	while ((de = readdir(d)) != NULL) {
		const char *own = NULL;
		size_t l = strlen(de->d_name);
		char path[512], line[512];
		int layer;
		FILE *fp;

		if (l < 3 || (strcmp(de->d_name + l - 2, ".c") != 0 &&
		              strcmp(de->d_name + l - 2, ".h") != 0))
			continue;
		layer = tmpl_layer_of(de->d_name, &own);
		cr_expect(layer >= 0, "%s is in no layer: add it to tmpl_layers and src.h",
		          de->d_name);
		if (layer < 0)
			continue;
		nfiles++;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		cr_assert_not_null(fp = fopen(path, "r"), "%s", path);
		while (fgets(line, sizeof line, fp) != NULL) {
			char inc[256];
			const char *h;
			int hl;

			if (sscanf(line, "#include \"%255[^\"]\"", inc) != 1)
				continue;
			h = strncmp(inc, "tmpl/", 5) == 0 ? inc + 5 : inc;
			if (strchr(h, '/') != NULL)
				continue;      /* another stage's header */
			hl = tmpl_layer_of(h, NULL);
			cr_expect(hl >= 0, "%s includes unknown %s", de->d_name, inc);
			cr_expect(strcmp(h, own) == 0 || hl < layer,
			          "%s (layer %d) includes %s (layer %d)", de->d_name, layer, inc, hl);
		}
		fclose(fp);
	}
	closedir(d);
	cr_expect_eq(nfiles, (int)(sizeof tmpl_layers / sizeof tmpl_layers[0]));
}

/* ---- limits (issue 21): no template reaches the stack limit ---- */

/* "{% if " + n times word + "x %}y{% endif %}" */
static struct tmpl *cond_of(const char *word, int n, const char *tail)
{
	struct buf b = { 0 };
	struct tmpl *t;

	buf_puts(&b, "{% if ");
	for (int i = 0; i < n; i++)
		buf_puts(&b, word);
	buf_puts(&b, "x");
	buf_puts(&b, tail);
	for (int i = 0; tail[0] == ')' && i < n - 1; i++)
		buf_puts(&b, ")");
	buf_puts(&b, " %}y{% endif %}\n");
	t = tmpl_compile_string(A, "t.md", buf_cstr(&b), "en", NULL);
	buf_free(&b);
	return t;
}

Test(tmpl, condition_depth_is_limited, .init = setup, .fini = teardown)
{
	cr_expect_not_null(cond_of("not ", TMPL_MAX_EXPR_DEPTH, ""), "%s", messages());
	cr_expect_not_null(cond_of("(", TMPL_MAX_EXPR_DEPTH, ")"), "%s", messages());
	cr_assert_str_eq(messages(), "");
	cr_expect_null(cond_of("not ", 100000, ""));
	cr_expect(strstr(messages(), "t.md:1:263: error: condition nested too deep: more than 64 "
	                 "levels of 'not', 'and', 'or' and '('\n") != NULL, "%s", messages());
	/* a long line is shown around the caret, not whole */
	cr_expect_lt(strlen(messages()), 600, "%s", messages());
	clear_messages();
	cr_expect_null(cond_of("(", 100000, ")"));
	cr_expect(strstr(messages(), "t.md:1:71: error: condition nested too deep") != NULL, "%s",
	          messages());
	clear_messages();
	cr_expect_null(cond_of("x and ", 100000, ""));
	cr_expect(strstr(messages(), "error: condition nested too deep") != NULL, "%s", messages());
}

Test(tmpl, block_nesting_is_limited, .init = setup, .fini = teardown)
{
	struct buf b = { 0 };
	int n;

	for (n = TMPL_MAX_NESTING; n <= TMPL_MAX_NESTING + 1; n++) {
		buf_clear(&b);
		for (int i = 0; i < n; i++)
			buf_puts(&b, "{% if 1 %}\n");
		for (int i = 0; i < n; i++)
			buf_puts(&b, "{% endif %}\n");
		if (n == TMPL_MAX_NESTING)
			cr_expect_not_null(tmpl_compile_string(A, "t.md", buf_cstr(&b), "en", NULL),
			                   "%s", messages());
		else
			cr_expect_null(tmpl_compile_string(A, "t.md", buf_cstr(&b), "en", NULL));
	}
	/* one message, at the first block past the limit; its end tags and the
	 * never-closed blocks draw nothing more */
	cr_assert_str_eq(messages(), "reportgen: t.md:513:1: error: blocks nested too deep: more "
	                 "than 512 '{% for %}' and '{% if %}' open at once\n"
	                 "    {% if 1 %}\n    ^\n");
	clear_messages();
	buf_clear(&b);
	for (int i = 0; i < 100000; i++)
		buf_puts(&b, "{% for r in t %}");
	cr_expect_null(tmpl_compile_string(A, "t.md", buf_cstr(&b), "en", NULL));
	cr_expect_eq(diag_errors(), 1, "%s", messages());
	buf_free(&b);
}

Test(tmpl, footnote_calls_per_paragraph_are_limited, .init = setup, .fini = teardown)
{
	struct buf b = { 0 };

	buf_puts(&b, "Text");
	for (int i = 0; i < TMPL_MAX_NOTES_PER_PARA; i++)
		buf_puts(&b, "[^n]");
	buf_puts(&b, ".\n\n[^n]: A note.\n");
	cr_expect_not_null(run(buf_cstr(&b), "en", NULL), "%s", messages());
	cr_assert_str_eq(messages(), "");
	buf_clear(&b);
	buf_puts(&b, "Text");
	for (int i = 0; i < 100000; i++)
		buf_puts(&b, "[^n]");
	buf_puts(&b, ".\n\n[^n]: A note.\n");
	cr_expect_null(run(buf_cstr(&b), "en", NULL));
	cr_expect(strstr(messages(), "t.md:1:261: error: more than 64 footnote calls in one "
	                 "paragraph\n") != NULL, "%s", messages());
	cr_expect_eq(diag_errors(), 1, "%s", messages());
	buf_free(&b);
}

Test(tmpl, template_size_is_limited, .init = setup, .fini = teardown)
{
	size_t n = TMPL_MAX_FILE_BYTES + 1;
	char *text = malloc(n + 1);

	memset(text, 'a', n);
	text[n] = '\0';
	cr_expect_null(tmpl_compile_string(A, "big.md", text, "en", NULL));
	cr_expect_str_eq(messages(), "reportgen: big.md: error: template is 4194305 bytes, more "
	                 "than the limit of 4194304 (4 MB)\n");
	free(text);
}

/* ---- alternative text of charts (tagged PDF) ---- */

static const char *chart_alt_of(const char *text, const char *lang)
{
	struct tmpl *t = tmpl_compile_string(A, "t.md", text, lang, "templates");
	struct doc *d = t ? tmpl_render(A, t, FS, NULL) : NULL;
	struct doc_node *n;

	cr_assert_not_null(d, "%s", messages());
	for (n = d->root->first; n && n->kind != DOC_CHART; n = n->next)
		;
	cr_assert_not_null(n, "no chart");
	return n->chart->alt;
}

Test(tmpl, bar_chart_alt_text_is_written_from_its_data, .init = setup, .fini = teardown)
{
	const char *alt = chart_alt_of("::: chart bar\ndata: sectors\nlabel: name\nvalue: risk\n"
	                               "format: pct(1)\nhighlight: code == \"MIN\"\n"
	                               "caption: Jobs at risk by sector\n:::\n", "en");

	cr_assert_not_null(alt);
	/* the four sectors of the fixture: construction 0.3312 the highest,
	 * education 0.05 the lowest, mining highlighted; values as formatted */
	cr_expect_str_eq(alt, "Bar chart: Jobs at risk by sector. 4 items; highest: "
	                      "Construction (33.1%); lowest: Education (5.0%); highlighted: "
	                      "Mining (20.0%).", "%s", alt);
}

Test(tmpl, rank_chart_alt_text_is_in_the_documents_language, .init = setup, .fini = teardown)
{
	const char *alt = chart_alt_of("::: chart dotrank\ndata: readiness_mex\nlabel: metric\n"
	                               "value: rank\nmax: 35\ncaption: Lugar de México\n:::\n", "es");

	cr_assert_not_null(alt);
	cr_expect_str_eq(alt, "Gráfica de posiciones: Lugar de México. 3 elementos en posiciones "
	                      "de 1 a 35; el mejor: Open data (5.º); el último: Digital skills "
	                      "(30.º).", "%s", alt);
}
