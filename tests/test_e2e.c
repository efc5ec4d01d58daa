/*
 * End to end: the built binary on the default edition and on altered copies.
 * These tests run ./reportgen (or $REPORTGEN_BIN) as a user would and read its
 * outputs with poppler-utils and qpdf. Bad inputs with one expected message
 * each are fixture cases in tests/fixtures/bad (run by test_badinput.c);
 * those here check more than a message (the paper kept, worker processes).
 */
#include "helpers.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPOCH "SOURCE_DATE_EPOCH=1527811200"
#define LANGS "--lang en"

/* Value column of a key in figures.csv (keys and values have no quotes). */
static double figure(const char *out, const char *key)
{
	char path[512], line[4096];
	size_t klen = strlen(key);
	FILE *fp;
	double v = NAN;

	snprintf(path, sizeof path, "%s/figures.csv", out);
	fp = fopen(path, "r");
	cr_assert_not_null(fp, "no %s", path);
	while (fgets(line, sizeof line, fp))
		if (strncmp(line, key, klen) == 0 && line[klen] == ',') {
			v = strtod(line + klen + 1, NULL);
			break;
		}
	fclose(fp);
	cr_assert(!isnan(v), "figure %s not in %s", key, path);
	return v;
}

/* Text of a PDF (pdftotext, layout off), malloc'd. */
static char *pdf_text(const char *pdf, int first, int last)
{
	char *out = NULL;
	int st;

	if (first > 0)
		st = th_run(&out, "pdftotext -q -f %d -l %d '%s' -", first, last, pdf);
	else
		st = th_run(&out, "pdftotext -q '%s' -", pdf);
	cr_assert_eq(st, 0, "pdftotext failed on %s: %s", pdf, out);
	return out;
}

/* "9,770,000" style thousands separators. */
static void thousands(char *buf, size_t n, double v)
{
	char digits[64];
	size_t len, i, o = 0;

	snprintf(digits, sizeof digits, "%.0f", v);
	len = strlen(digits);
	for (i = 0; i < len && o + 2 < n; i++) {
		buf[o++] = digits[i];
		if ((len - i - 1) % 3 == 0 && i + 1 < len)
			buf[o++] = ',';
	}
	buf[o] = '\0';
}

static char *run_default(const char *extra)
{
	char *dir = th_tmpdir();
	char *log = NULL;
	int st;

	cr_assert_not_null(dir);
	st = th_run(&log, EPOCH " '%s' --quiet --out '%s/out' %s", th_bin(), dir,
	             extra ? extra : "");
	cr_assert_eq(st, 0, "reportgen failed (%d):\n%s", st, log);
	free(log);
	return dir;
}

Test(e2e, default_edition_gives_valid_paper_with_computed_headline, .timeout = 120)
{
	char *dir = run_default(LANGS);
	char out[512], pdf[600], want[64], *text, *log = NULL;
	double total;

	snprintf(out, sizeof out, "%s/out", dir);
	snprintf(pdf, sizeof pdf, "%s/whitepaper-en.pdf", out);
	cr_assert(th_exists(pdf));
	cr_assert_eq(th_run(&log, "qpdf --check '%s'", pdf), 0, "qpdf: %s", log);
	free(log);

	/* the headline figure, as computed, appears in the text */
	total = figure(out, "jobs.affected.total");
	cr_assert_float_eq(total, 9.77e6, 0.005e6);
	snprintf(want, sizeof want, "%.2f million", total / 1e6);
	text = pdf_text(pdf, 0, 0);
	cr_assert_not_null(strstr(text, want), "'%s' not in the paper", want);
	cr_assert_not_null(strstr(text, "19%"));
	/* UTF-8 state names come out right */
	cr_assert_not_null(strstr(text, "Nuevo León"));
	cr_assert_not_null(strstr(text, "Yucatán"));
	free(text);
}

Test(e2e, tables_of_the_paper_appear, .timeout = 120)
{
	char *dir = run_default(LANGS " --only paper");
	char pdf[600], *text;

	snprintf(pdf, sizeof pdf, "%s/out/whitepaper-en.pdf", dir);
	text = pdf_text(pdf, 0, 0);
	/* Table 3: top sub-sector counts (thousands separators), Table 4 shares */
	cr_assert_not_null(strstr(text, "Table 3"));
	cr_assert_not_null(strstr(text, "Table 4"));
	cr_assert_not_null(strstr(text, "41.08%"), "construction risk");
	cr_assert_not_null(strstr(text, "33.71%"), "manufacturing risk");
	cr_assert_not_null(strstr(text, "96.9%"), "construction share of men");
	/* Table 1: Mexico's ranks */
	cr_assert_not_null(strstr(text, "22nd"));
	cr_assert_not_null(strstr(text, "35th"));
	free(text);
}

Test(e2e, two_runs_are_byte_identical, .timeout = 180)
{
	char *a = run_default(LANGS " --only paper");
	char *b = run_default(LANGS " --only paper");
	char *log = NULL;

	cr_assert_eq(th_run(&log, "cmp '%s/out/whitepaper-en.pdf' '%s/out/whitepaper-en.pdf'", a, b),
	             0, "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, "diff -r '%s/out' '%s/out'", a, b), 0, "%s", log);
	free(log);
}

/* No output byte depends on how the paths were typed or on the working
 * folder (issue 21): the edition, templates and fonts by relative paths from
 * the checkout, by absolute paths with extra slashes and dots from another
 * folder, and through a symbolic link and '..'; every file is compared. */
Test(e2e, same_edition_by_any_path_spelling_gives_the_same_files, .timeout = 300)
{
	char *dir = th_tmpdir(), *log = NULL;

	cr_assert_not_null(dir);
	cr_assert_eq(th_run(&log, "cd '%s' && " EPOCH " '%s' --quiet --data data/2018 "
	                    "--templates templates --fonts fonts/manifest --out '%s/rel'",
	                    TEST_SRCDIR, th_bin(), dir), 0, "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, "cd '%s' && " EPOCH " '%s' --quiet --data '%s/data/2018/' "
	                    "--templates '%s/./templates/' --fonts '%s//fonts/manifest' "
	                    "--out '%s/abs'", dir, th_bin(), TEST_SRCDIR, TEST_SRCDIR, TEST_SRCDIR,
	                    dir), 0, "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, "ln -s '%s' '%s/link' && cd '%s/link/data' && " EPOCH " '%s' "
	                    "--quiet --data ./2018/../2018 --templates ../templates "
	                    "--fonts ../fonts/manifest --out '%s/linked'", TEST_SRCDIR, dir, dir,
	                    th_bin(), dir), 0, "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, "diff -r '%s/rel' '%s/abs'", dir, dir), 0, "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, "diff -r '%s/rel' '%s/linked'", dir, dir), 0, "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, "test $(find '%s/rel' -type f | wc -l) -gt 40", dir), 0,
	             "the run wrote fewer files than expected");
	free(log);
	th_rmtree(dir);
}

Test(e2e, failed_run_keeps_previous_outputs, .timeout = 120)
{
	char *dir = run_default(LANGS " --only paper");
	char *log = NULL;

	cr_assert_eq(th_run(NULL, "cp '%s/out/whitepaper-en.pdf' '%s/keep.pdf'", dir, dir), 0);
	cr_assert_eq(th_copy_edition(dir), 0);
	cr_assert_eq(th_run(NULL, "printf 'x,\"unterminated\\n' >> '%s/edition/sectors.csv'", dir), 0);
	cr_assert_eq(th_run(&log, "'%s' " LANGS " --only paper --data '%s/edition' --out '%s/out'",
	                     th_bin(), dir, dir), 1, "%s", log);
	cr_assert_eq(th_run(NULL, "cmp '%s/out/whitepaper-en.pdf' '%s/keep.pdf'", dir, dir), 0);
	cr_assert_eq(th_run(NULL, "test -z \"$(find '%s/out' -name '*.tmp*')\"", dir), 0);
	free(log);
}

Test(e2e, usage_errors_exit_2)
{
	char *log = NULL;

	cr_assert_eq(th_run(&log, "'%s' --lang fr", th_bin()), 2, "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, "'%s' --shard 4/3", th_bin()), 2, "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, "'%s' --help", th_bin()), 0);
	cr_assert_not_null(strstr(log, "--data DIR"));
	free(log);
	/* the one form: our message (not getopt's, with the full path), the
	 * usage line, exit 2 */
	cr_assert_eq(th_run(&log, "'%s' --frobnicate 2>&1", th_bin()), 2, "%s", log);
	cr_assert(strncmp(log, "reportgen: error: unknown option '--frobnicate'\nusage: reportgen ",
	                  65) == 0, "%s", log);
	free(log);
}

/* Doubling construction employment doubles its automatable jobs, and the
 * paper's text follows: prose and data cannot drift apart. */
Test(e2e, changed_input_changes_the_paper, .timeout = 180)
{
	char *base = run_default(LANGS " --only paper,figures");
	char *dir = th_tmpdir();
	char out0[512], out1[600], pdf[700], want[64], *text, *log = NULL;
	double before, after, total0, total1;

	snprintf(out0, sizeof out0, "%s/out", base);
	cr_assert_eq(th_copy_edition(dir), 0);
	cr_assert_eq(th_run(NULL, "cd '%s/edition' && awk -F, 'BEGIN{OFS=\",\"} $1==\"construction\"{$3*=2} {print}' "
	                     "employment.csv > e.tmp && mv e.tmp employment.csv", dir), 0);
	cr_assert_eq(th_run(&log, EPOCH " '%s' " LANGS " --only paper,figures --quiet --data '%s/edition' --out '%s/out'",
	                     th_bin(), dir, dir), 0, "%s", log);
	free(log);
	snprintf(out1, sizeof out1, "%s/out", dir);
	before = figure(out0, "sector.construction.affected");
	after = figure(out1, "sector.construction.affected");
	cr_assert_float_eq(after, 2 * before, 1.0);
	total0 = figure(out0, "jobs.affected.total");
	total1 = figure(out1, "jobs.affected.total");
	cr_assert_float_eq(total1 - total0, before, 1.0);

	snprintf(pdf, sizeof pdf, "%s/whitepaper-en.pdf", out1);
	text = pdf_text(pdf, 0, 0);
	thousands(want, sizeof want, after);
	cr_assert_not_null(strstr(text, want), "construction's new count %s not in the paper", want);
	snprintf(want, sizeof want, "%.2f million", total1 / 1e6);
	cr_assert_not_null(strstr(text, want), "new total %s not in the paper", want);
	free(text);
}

Test(e2e, briefs_have_two_to_four_pages_and_their_state, .timeout = 120)
{
	static const char *const states[][2] = {
		{ "ciudad-de-mexico", "Mexico City" }, { "jalisco", "Jalisco" },
		{ "nuevo-leon", "Nuevo León" }, { "puebla", "Puebla" }, { "yucatan", "Yucatán" },
	};
	char *dir = run_default(LANGS " --only briefs");
	char pdf[600], *info, *text, *p;
	size_t i;
	int pages;

	for (i = 0; i < sizeof states / sizeof states[0]; i++) {
		snprintf(pdf, sizeof pdf, "%s/out/briefs/en/%s.pdf", dir, states[i][0]);
		cr_assert(th_exists(pdf), "%s missing", pdf);
		cr_assert_eq(th_run(&info, "pdfinfo '%s' 2>/dev/null", pdf), 0);
		p = strstr(info, "Pages:");
		cr_assert_not_null(p);
		pages = atoi(p + 6);
		cr_assert(pages >= 2 && pages <= 4, "%s has %d pages", states[i][0], pages);
		free(info);
		text = pdf_text(pdf, 0, 0);
		cr_assert_not_null(strstr(text, states[i][1]), "%s not in its brief", states[i][1]);
		free(text);
	}
}

Test(e2e, shards_together_equal_the_full_run, .timeout = 300)
{
	char *full = run_default("");
	char *dir = th_tmpdir();
	char *log = NULL;
	int k;

	for (k = 1; k <= 3; k++) {
		cr_assert_eq(th_run(&log, EPOCH " '%s' --quiet --shard %d/3 --out '%s/out'",
		                     th_bin(), k, dir), 0, "%s", log);
		free(log);
	}
	cr_assert_eq(th_run(&log, "diff -r '%s/out' '%s/out'", full, dir), 0, "%s", log);
	free(log);
}

/* Worker processes share the documents out; the bytes do not depend on how
 * many there are. */
Test(e2e, any_number_of_jobs_gives_the_same_outputs, .timeout = 300)
{
	char *one = run_default("--jobs 1");
	char *three = run_default("--jobs 3");
	char *log = NULL;

	cr_assert_eq(th_run(&log, "diff -r '%s/out' '%s/out'", one, three), 0, "%s", log);
	free(log);
	/* and the run lists every file it wrote, whichever process made it */
	cr_assert_eq(th_run(&log, EPOCH " '%s' --jobs 3 --out '%s/again2' 2>&1 | grep -c '^wrote '",
	                     th_bin(), three), 0, "%s", log);
	cr_assert_eq(atoi(log), 103, "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, "'%s' --jobs 0", th_bin()), 2, "%s", log);
	cr_assert_not_null(strstr(log, "--jobs takes a number from 1 to 64, not '0'"), "%s", log);
	free(log);
}

/* A document a worker process cannot write fails the whole run: exit 3,
 * nothing written, no temporary file left by any process. */
Test(e2e, a_failing_worker_fails_the_run_and_leaves_nothing, .timeout = 300)
{
	char *dir = th_tmpdir(), *log = NULL;
	int st;

	cr_assert_not_null(dir);
	/* briefs/ is a file: every brief fails, in whichever process builds it */
	cr_assert_eq(th_run(NULL, "mkdir -p '%s/out' && echo x > '%s/out/briefs'", dir, dir), 0);
	st = th_run(&log, EPOCH " '%s' --quiet --jobs 3 --out '%s/out'", th_bin(), dir);
	cr_assert_eq(st, 3, "status %d (want 3, I/O): %s", st, log);
	cr_assert_not_null(strstr(log, "briefs"), "%s", log);
	cr_assert_not_null(strstr(log, "failed; nothing written"), "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, "find '%s/out' -type f -not -name briefs", dir), 0);
	cr_assert_str_empty(log, "left in out/: %s", log);
	free(log);
}

/* The contents page gives the page where each chapter starts. */
Test(e2e, toc_page_numbers_match_the_chapters, .timeout = 120)
{
	char *dir = run_default(LANGS " --only paper");
	char pdf[600], *toc, *line, *save = NULL;
	int checked = 0;

	snprintf(pdf, sizeof pdf, "%s/out/whitepaper-en.pdf", dir);
	/* the contents are on the first pages; layout mode keeps each entry on a line */
	cr_assert_eq(th_run(&toc, "pdftotext -q -layout -f 1 -l 6 '%s' - | grep -E '^ *[0-9]+ +[A-Z].*[. ]+[0-9]+ *$'",
	                     pdf), 0);
	for (line = strtok_r(toc, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char title[256], *end, *page;
		char *pagetext = NULL;
		int num, pg;
		size_t tl;

		if (sscanf(line, " %d %255[^.\n]", &num, title) != 2)
			continue;
		tl = strlen(title);
		while (tl > 0 && title[tl - 1] == ' ')
			title[--tl] = '\0';
		end = line + strlen(line);
		while (end > line && end[-1] == ' ')
			end--;
		page = end;
		while (page > line && page[-1] >= '0' && page[-1] <= '9')
			page--;
		pg = atoi(page);
		cr_assert_gt(pg, 0);
		/* the first line of the chapter's title is on that page */
		if (tl > 24)
			title[24] = '\0';
		cr_assert_eq(th_run(&pagetext, "pdftotext -q -f %d -l %d '%s' -", pg, pg, pdf), 0);
		cr_assert_not_null(strstr(pagetext, title), "chapter '%s' not on page %d", title, pg);
		free(pagetext);
		checked++;
	}
	cr_assert_geq(checked, 5, "only %d chapters found in the contents", checked);
	free(toc);
}

Test(e2e, pdf_has_outline_and_embedded_fonts, .timeout = 120)
{
	char *dir = run_default(LANGS " --only paper");
	char *log = NULL;

	/* every font embedded: pdffonts' emb column is "yes" on every line */
	cr_assert_eq(th_run(&log, "pdffonts '%s/out/whitepaper-en.pdf' 2>/dev/null | tail -n +3 | "
	                     "awk '{ if ($(NF-4) != \"yes\") bad=1 } END { exit bad }'", dir), 0, "%s", log);
	free(log);
	/* an outline: qpdf lists /Outlines in the catalog */
	cr_assert_eq(th_run(&log, "qpdf --show-object=trailer '%s/out/whitepaper-en.pdf' >/dev/null && "
	                     "qpdf --qdf --object-streams=disable '%s/out/whitepaper-en.pdf' - | grep -a -q '/Outlines'",
	                     dir, dir), 0, "%s", log);
	free(log);
}

Test(e2e, spanish_paper_has_spanish_labels_and_numbers, .timeout = 120)
{
	char *dir = run_default("--lang es --only paper,briefs,figures");
	char out[512], pdf[600], want[64], *text;
	double total;
	size_t i;
	static const char *const slugs[] = { "ciudad-de-mexico", "jalisco", "nuevo-leon", "puebla", "yucatan" };

	snprintf(out, sizeof out, "%s/out", dir);
	snprintf(pdf, sizeof pdf, "%s/whitepaper-es.pdf", out);
	text = pdf_text(pdf, 0, 0);
	cr_assert_not_null(strstr(text, "Tabla 1"));
	cr_assert_not_null(strstr(text, "Figura"));
	cr_assert_not_null(strstr(text, "Contenido"));
	cr_assert_not_null(strstr(text, "México"));
	total = figure(out, "jobs.affected.total");
	snprintf(want, sizeof want, "%.2f millones", total / 1e6);
	cr_assert_not_null(strstr(text, want), "'%s' not in the Spanish paper", want);
	cr_assert_not_null(strstr(text, "22.º"), "Spanish ordinal");
	free(text);
	for (i = 0; i < sizeof slugs / sizeof slugs[0]; i++) {
		snprintf(pdf, sizeof pdf, "%s/briefs/es/%s.pdf", out, slugs[i]);
		cr_assert(th_exists(pdf), "%s missing", pdf);
	}
}

/* A state added to the data gets its brief, in both languages, with no
 * template change; sections without data are left out, not printed empty. */
Test(e2e, a_new_state_gets_its_brief, .timeout = 120)
{
	char *dir = th_tmpdir();
	char pdf[600], *log = NULL, *text;

	cr_assert_eq(th_copy_edition(dir), 0);
	cr_assert_eq(th_run(NULL, "cd '%s/edition' && "
	                     "sed -i 's/^\\(aguascalientes,.*\\),no,official/\\1,yes,official/' states.csv && "
	                     "printf '%%s\\n' 'aguascalientes,,,,2,2016,imco_ice_2016,,,,,,,,A central state.,Estado del centro.,,,estimated,oi_mx_2018,' "
	                     ">> state_profiles.csv", dir), 0);
	cr_assert_eq(th_run(&log, EPOCH " '%s' --quiet --only briefs --data '%s/edition' --out '%s/out'",
	                     th_bin(), dir, dir), 0, "%s", log);
	free(log);
	snprintf(pdf, sizeof pdf, "%s/out/briefs/en/aguascalientes.pdf", dir);
	text = pdf_text(pdf, 0, 0);
	cr_assert_not_null(strstr(text, "Aguascalientes at a glance"));
	cr_assert_not_null(strstr(text, "1,367,412"), "population from state_indicators.csv");
	cr_assert_not_null(strstr(text, "2nd"), "competitiveness rank");
	cr_assert_null(strstr(text, "Key sectors"), "an empty section was printed");
	free(text);
	snprintf(pdf, sizeof pdf, "%s/out/briefs/es/aguascalientes.pdf", dir);
	cr_assert(th_exists(pdf));
}

/* Every document is hyphenated, the first one of a run too: fonts and
 * dictionaries arrive from helper threads, and a document laid out before
 * they are in would break its lines without hyphens (a bug seen once). */
Test(e2e, the_first_document_of_a_run_is_hyphenated, .timeout = 120)
{
	char *dir = run_default(LANGS " --only paper --jobs 1");
	char *log = NULL;
	int lines;

	/* a word broken at a line end is marked content of its own whose
	 * ActualText is the whole word (extraction reads it unbroken) */
	cr_assert_eq(th_run(&log, "qpdf --qdf --object-streams=disable "
	                     "'%s/out/whitepaper-en.pdf' - | grep -aci '/ActualText <feff[0-9a-f]'",
	                     dir), 0, "%s", log);
	lines = atoi(log);
	free(log);
	cr_assert_gt(lines, 40, "only %d lines end in a broken word", lines);
}
