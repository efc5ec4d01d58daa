/*
 * Tests of the ingestion layer (generator/data.c): good files in every
 * accepted form, one fixture per rejection with its exact message, number
 * parsing, UTF-8 validation, a 100,000-row load.
 */
#define _GNU_SOURCE   /* asprintf */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "base/base.h"
#include "load/load.h"
#include "helpers.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const struct col_schema sector_cols[] = {
	{ .name = "code", .type = COL_CODE, .required = true, .key = true },
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "group", .type = COL_ENUM, .enum_values = "primary|secondary|tertiary" },
	{ .name = "employed", .type = COL_INT, .required = true, .has_min = true, .min = 0 },
	{ .name = "share_women", .type = COL_SHARE },
	{ .name = "risk", .type = COL_NUM, .has_min = true, .min = 0, .has_max = true, .max = 1 },
};
static const struct dataset_schema sectors = {
	.name = "sectors", .cols = sector_cols, .ncols = 6
};
static const struct dataset_schema sectors_tsv = {
	.name = "sectors", .cols = sector_cols, .ncols = 6, .delim = '\t'
};
static const struct dataset_schema sectors_extra = {
	.name = "sectors", .cols = sector_cols, .ncols = 6, .allow_extra_cols = true
};

static const struct col_schema jobs_cols[] = {
	{ .name = "state", .type = COL_CODE, .required = true, .key = true },
	{ .name = "sector", .type = COL_CODE, .required = true, .key = true },
	{ .name = "jobs", .type = COL_INT, .required = true },
};
static const struct dataset_schema jobs = { .name = "jobs", .cols = jobs_cols, .ncols = 3 };

static struct arena *arena;

static void setup(void)
{
	cr_assert_eq(chdir(TEST_SRCDIR), 0);
	arena = arena_new();
	th_capture();
}

static void teardown(void)
{
	th_capture_end();
	arena_free(arena);
}

#define FIX "tests/fixtures/data/"

/* Load a fixture that must be rejected; compare every message. */
static void expect_reject(const char *file, const struct dataset_schema *s, const char *want)
{
	struct dataset t;

	cr_assert_eq(data_load(arena, file, s, &t), -1, "%s was accepted", file);
	cr_assert_str_eq(th_captured(), want);
	cr_assert_eq(diag_status(), EXIT_DATA);
}

TestSuite(data, .init = setup, .fini = teardown);

/* ---- accepted forms ---- */

Test(data, basic_file_loads_typed_cells)
{
	struct dataset t;

	cr_assert_eq(data_load(arena, FIX "good_basic.csv", &sectors, &t), 0, "%s", th_captured());
	cr_assert_str_eq(th_captured(), "");
	cr_assert_eq(t.nrows, 3);
	cr_assert_eq(t.ncols, 6);
	cr_assert_eq(t.header_line, 1);
	cr_assert_str_eq(dataset_text(&t, 0, 1), "Agriculture");
	cr_assert_eq(dataset_num(&t, 0, 3), 6500000.0);
	cr_assert_float_eq(dataset_num(&t, 0, 4), 0.12, 1e-15);
	cr_assert_eq(dataset_num(&t, 1, 4), 0.35);
	cr_assert_float_eq(dataset_num(&t, 2, 4), 0.615, 1e-15);
	cr_assert(isnan(dataset_num(&t, 2, 5)), "empty optional number is NaN");
	cr_assert_not(dataset_cell(&t, 2, 5)->present);
	cr_assert(dataset_cell(&t, 2, 4)->present);
	cr_assert_eq(t.row_line[2], 4);
	cr_assert_eq(dataset_col(&t, "employed"), 3);
	cr_assert_eq(dataset_col(&t, "nope"), -1);
	cr_assert_eq(dataset_find(&t, 0, "man"), 1);
	cr_assert_eq(dataset_find(&t, 0, "xyz"), -1);
	{
		struct srcloc loc = dataset_loc(&t, 1, 3);

		cr_assert_str_eq(loc.file, FIX "good_basic.csv");
		cr_assert_eq(loc.line, 3);
		cr_assert_eq(loc.col, 29);
	}
}

/* dataset_find on a one-column key goes through the loader's hash index: every
 * key of a table large enough to wrap around the index finds its own row. */
Test(data, table_find_by_key_index)
{
	struct buf b = { 0 };
	struct dataset t;
	char key[16];
	int i;

	buf_puts(&b, "code,name,group,employed\n");
	for (i = 0; i < 3000; i++)
		buf_printf(&b, "c%d,%s,primary,%d\n", i, i % 2 ? "Odd" : "Even", i);
	cr_assert_eq(data_load_buf(arena, "keys.csv", b.data, b.len, &sectors, &t), 0, "%s",
	             th_captured());
	cr_assert_not_null(t.keyidx);
	cr_assert_eq(t.keycol, 0);
	for (i = 0; i < 3000; i++) {
		snprintf(key, sizeof key, "c%d", i);
		cr_assert_eq(dataset_find(&t, 0, key), i, "key %s", key);
	}
	cr_assert_eq(dataset_find(&t, 0, "c3000"), -1);
	cr_assert_eq(dataset_find(&t, 0, "C1"), -1, "keys are case-sensitive");
	cr_assert_eq(dataset_find(&t, 0, ""), -1);
	cr_assert_eq(dataset_find(&t, 0, "c1x"), -1);
	/* another column is scanned: the first of equal values */
	cr_assert_eq(dataset_find(&t, 1, "Odd"), 1);
	cr_assert_eq(dataset_find(&t, 1, "Even"), 0);
	cr_assert_eq(dataset_find(&t, 2, "secondary"), -1);
	buf_free(&b);
}

/* A composite key has no one-column index: each of its columns is scanned
 * and the first matching row wins. */
Test(data, table_find_on_composite_key_column)
{
	static const char text[] = "state,sector,jobs\na,x,1\na,y,2\nb,x,3\nb,y,4\n";
	struct dataset t;

	cr_assert_eq(data_load_buf(arena, "jobs.csv", text, sizeof text - 1, &jobs, &t), 0, "%s",
	             th_captured());
	cr_assert_null(t.keyidx);
	cr_assert_eq(dataset_find(&t, 0, "a"), 0);
	cr_assert_eq(dataset_find(&t, 0, "b"), 2);
	cr_assert_eq(dataset_find(&t, 1, "x"), 0);
	cr_assert_eq(dataset_find(&t, 1, "y"), 1);
	cr_assert_eq(dataset_find(&t, 1, "z"), -1);
}

/* A table put together by hand (no loader, no index) is scanned. */
Test(data, table_find_without_index)
{
	struct cell cells[3] = {
		{ .text = "p" }, { .text = "q" }, { .text = "p" },
	};
	struct dataset t = { .path = "hand", .schema = &sectors, .nrows = 3, .ncols = 1,
	                   .cells = cells };

	cr_assert_eq(dataset_find(&t, 0, "q"), 1);
	cr_assert_eq(dataset_find(&t, 0, "p"), 0);
	cr_assert_eq(dataset_find(&t, 0, "r"), -1);
}

Test(data, bom_and_crlf)
{
	struct dataset t;

	cr_assert_eq(data_load(arena, FIX "good_bom_crlf.csv", &sectors, &t), 0, "%s",
	             th_captured());
	cr_assert_eq(t.nrows, 2);
	cr_assert_str_eq(dataset_text(&t, 0, 0), "agr");
	cr_assert_str_eq(dataset_text(&t, 1, 5), "0.61");
	cr_assert_eq(dataset_num(&t, 1, 5), 0.61);
	/* the BOM is not a column; CR is not part of the last field */
	cr_assert_eq(dataset_cell(&t, 0, 0)->col, 1);
	cr_assert_eq(dataset_cell(&t, 1, 1)->line, 3);
	cr_assert_eq(dataset_cell(&t, 1, 1)->col, 5);
}

Test(data, quoted_fields_with_commas_quotes_newlines)
{
	struct dataset t;

	cr_assert_eq(data_load(arena, FIX "good_quotes.csv", &sectors, &t), 0, "%s", th_captured());
	cr_assert_eq(t.nrows, 4);
	cr_assert_str_eq(dataset_text(&t, 0, 1), "Agriculture, forestry and fishing");
	cr_assert_str_eq(dataset_text(&t, 1, 1), "The \"making\" sector");
	cr_assert_str_eq(dataset_text(&t, 2, 0), "edu");
	cr_assert_str_eq(dataset_text(&t, 2, 1), "Education\nand training");
	cr_assert_eq(dataset_num(&t, 2, 3), 2500000.0);
	cr_assert_eq(dataset_num(&t, 3, 4), 0.4);
	/* blank line 3 counts; the quoted field of line 5 spans two lines */
	cr_assert_eq(t.row_line[1], 4);
	cr_assert_eq(t.row_line[2], 5);
	cr_assert_eq(dataset_cell(&t, 2, 0)->col, 3, "col of the opening quote");
	cr_assert_eq(dataset_cell(&t, 2, 1)->line, 5);
	cr_assert_eq(dataset_cell(&t, 2, 2)->line, 6);
	cr_assert_eq(dataset_cell(&t, 2, 2)->col, 15);
	cr_assert_eq(t.row_line[3], 7);
}

Test(data, tsv)
{
	struct dataset t;

	cr_assert_eq(data_load(arena, FIX "good.tsv", &sectors_tsv, &t), 0, "%s", th_captured());
	cr_assert_eq(t.nrows, 2);
	cr_assert_str_eq(dataset_text(&t, 0, 1), "Agriculture, forestry");
	/* no quoting in TSV: quotes are kept as they are */
	cr_assert_str_eq(dataset_text(&t, 1, 1), "The \"making\" sector, 6\" pipes");
	cr_assert_eq(dataset_num(&t, 1, 3), 9000000.0);
	cr_assert_eq(dataset_cell(&t, 1, 2)->col, 35);
}

Test(data, columns_in_any_order_optional_absent_extra_allowed)
{
	struct dataset t;

	cr_assert_eq(data_load(arena, FIX "good_reordered.csv", &sectors_extra, &t), 0, "%s",
	             th_captured());
	cr_assert_eq(t.nrows, 2);
	cr_assert_str_eq(dataset_text(&t, 1, 0), "man");
	cr_assert_eq(dataset_num(&t, 1, 3), 200.0);
	cr_assert_not(dataset_cell(&t, 0, 4)->present, "absent column");
	cr_assert_str_eq(dataset_text(&t, 0, 4), "");
	cr_assert(isnan(dataset_num(&t, 0, 5)));
}

Test(data, extra_column_rejected_without_allow)
{
	expect_reject(FIX "good_reordered.csv", &sectors,
	              "reportgen: " FIX "good_reordered.csv:1:20: error: unknown column 'extra_note'\n");
}

Test(data, buffer_without_final_newline)
{
	static const char csv[] = "state,sector,jobs\ncdmx,agr,10\njal,man,7";
	struct dataset t;

	cr_assert_eq(data_load_buf(arena, "mem.csv", csv, strlen(csv), &jobs, &t), 0, "%s",
	             th_captured());
	cr_assert_eq(t.nrows, 2);
	cr_assert_eq(dataset_num(&t, 1, 2), 7.0);
}

/* Old Mac files end lines with a lone CR: libcsv ends rows there, and the
 * line count must agree. */
Test(data, lone_cr_line_ends)
{
	static const char csv[] = "state,sector,jobs\rcdmx,agr,1\rjal,man,x\r";
	struct dataset t;

	cr_assert_eq(data_load_buf(arena, "cr.csv", csv, strlen(csv), &jobs, &t), -1);
	cr_assert_str_eq(th_captured(), "reportgen: cr.csv:3:9: error: 'x' is not a number "
	                 "(column 'jobs')\n");
}

Test(data, key_column_must_be_present)
{
	static const struct col_schema cols[] = {
		{ .name = "id", .type = COL_CODE, .key = true },
		{ .name = "v", .type = COL_NUM },
	};
	static const struct dataset_schema s = { .name = "k", .cols = cols, .ncols = 2 };
	static const char csv[] = "v\n1\n2\n";
	struct dataset t;

	cr_assert_eq(data_load_buf(arena, "k.csv", csv, strlen(csv), &s, &t), -1);
	cr_assert_str_eq(th_captured(), "reportgen: k.csv:1: error: missing column 'id'\n");
}

Test(data, header_only_is_an_empty_table)
{
	static const char csv[] = "state,sector,jobs\r\n";
	struct dataset t;

	cr_assert_eq(data_load_buf(arena, "mem.csv", csv, strlen(csv), &jobs, &t), 0);
	cr_assert_eq(t.nrows, 0);
}

/* ---- rejections: one fixture each, its messages beside it ----
 * tests/fixtures/data/bad_NAME.csv is loaded with the sectors schema (the
 * jobs schema for the files listed below) and must be rejected with exactly
 * the messages in bad_NAME.expected: "exit 1" (EXIT_DATA), then the lines.
 * REPORTGEN_UPDATE_GOLDEN=1 rewrites the expected files from what is printed. */

ParameterizedTestParameters(data, rejected_fixture)
{
	return th_name_params(TEST_SRCDIR "/" FIX, th_keep_bad_table);
}

ParameterizedTest(struct th_name *rc, data, rejected_fixture)
{
	static const char *const with_jobs[] = { "bad_dup_key.csv" };
	const struct dataset_schema *schema = &sectors;
	char file[200], exp_path[200], *want, *nl;
	struct dataset t;
	int st, want_st;
	size_t i;

	for (i = 0; i < sizeof with_jobs / sizeof with_jobs[0]; i++)
		if (strcmp(rc->name, with_jobs[i]) == 0)
			schema = &jobs;
	snprintf(file, sizeof file, FIX "%s", rc->name);
	snprintf(exp_path, sizeof exp_path, FIX "%.*s.expected", (int)strlen(rc->name) - 4,
	         rc->name);
	cr_assert_eq(data_load(arena, file, schema, &t), -1, "%s was accepted", file);
	st = diag_status();
	if (getenv("REPORTGEN_UPDATE_GOLDEN") != NULL) {
		char *text;

		cr_assert(asprintf(&text, "exit %d\n%s", st, th_captured()) > 0);
		cr_assert_eq(th_write_file(exp_path, text, strlen(text)), 0);
		free(text);
	}
	want = th_read_file(exp_path, NULL);
	cr_assert_not_null(want, "no %s", exp_path);
	nl = strchr(want, '\n');
	cr_assert(sscanf(want, "exit %d", &want_st) == 1 && nl != NULL,
	          "%s: the first line must be 'exit N'", exp_path);
	cr_assert_eq(st, want_st, "%s: exit status %d, expected %d", file, st, want_st);
	cr_assert_str_eq(th_captured(), nl + 1,
	                 "%s: messages differ.\n---- expected:\n%s---- got:\n%s", file, nl + 1,
	                 th_captured());
	free(want);
}

Test(data, unreadable_file_is_a_system_error)
{
	struct dataset t;

	cr_assert_eq(data_load(arena, FIX "no_such_file.csv", &sectors, &t), -1);
	cr_assert_str_eq(th_captured(), "reportgen: " FIX "no_such_file.csv: error: cannot read "
	                 "file: No such file or directory\n");
	cr_assert_eq(diag_status(), EXIT_SYS);
}

Test(data, directory_is_a_system_error)
{
	struct dataset t;

	cr_assert_eq(data_load(arena, FIX, &sectors, &t), -1);
	cr_assert_str_eq(th_captured(),
	                 "reportgen: " FIX ": error: cannot read file: Is a directory\n");
	cr_assert_eq(diag_status(), EXIT_SYS);
}

Test(data, error_cap)
{
	struct buf b = { 0 };
	struct dataset t;
	const char *m;
	int i, n = 0;

	buf_puts(&b, "state,sector,jobs\n");
	for (i = 0; i < 80; i++)
		buf_printf(&b, "s%d,x,bad\n", i);
	cr_assert_eq(data_load_buf(arena, "many.csv", b.data, b.len, &jobs, &t), -1);
	for (m = th_captured(); (m = strstr(m, "reportgen: ")) != NULL; m++)
		n++;
	cr_assert_eq(n, 51);
	cr_assert_not_null(strstr(th_captured(), "many.csv:51:7: error: 'bad' is not a number"));
	cr_assert_null(strstr(th_captured(), "many.csv:52:"));
	cr_assert_not_null(strstr(th_captured(), "reportgen: many.csv: error: too many errors "
	                          "(50), giving up on this file\n"));
	buf_free(&b);
}

Test(data, nul_byte)
{
	static const char csv[] = "state,sector,jobs\ncdmx,a\0b,1\n";
	struct dataset t;

	cr_assert_eq(data_load_buf(arena, "nul.csv", csv, sizeof csv - 1, &jobs, &t), -1);
	cr_assert_str_eq(th_captured(), "reportgen: nul.csv:2:7: error: NUL byte in file\n");
}

Test(data, long_values_are_shortened_in_messages)
{
	static const char csv[] = "state,sector,jobs\n"
		"cdmx,agr,\"0123456789012345678901234567890123456789xyz\"\n";
	struct dataset t;

	cr_assert_eq(data_load_buf(arena, "long.csv", csv, strlen(csv), &jobs, &t), -1);
	cr_assert_str_eq(th_captured(), "reportgen: long.csv:2:10: error: "
	                 "'0123456789012345678901234567890123456789...' is not a number "
	                 "(column 'jobs')\n");
}

/* ---- numbers ---- */

struct numcase {
	char text[32];
	int ok;
	double value;
};

Test(data, parse_number_cases)
{
	static const struct numcase cases[] = {
		{ "0", 0, 0.0 }, { "12", 0, 12.0 }, { "-3.5", 0, -3.5 }, { "+7", 0, 7.0 },
		{ "1e3", 0, 1000.0 }, { "1E-3", 0, 0.001 }, { "2.5e+2", 0, 250.0 },
		{ ".5", 0, 0.5 }, { "5.", 0, 5.0 }, { "0.1", 0, 0.1 }, { "0.57", 0, 0.57 },
		{ "123456789012345678901234", 0, 123456789012345678901234.0 },
		{ "0.000000000000000000000000001", 0, 1e-27 },
		{ "3.141592653589793238462643383", 0, 3.141592653589793 },
		{ "9007199254740993", 0, 9007199254740992.0 },
		{ "1e-400", 0, 0.0 }, { "00012", 0, 12.0 }, { "-0", 0, -0.0 },
		{ "", -1, 0 }, { "-", -1, 0 }, { ".", -1, 0 }, { "e5", -1, 0 }, { "1e", -1, 0 },
		{ "1e+", -1, 0 }, { "1,5", -1, 0 }, { "1 000", -1, 0 }, { " 1", -1, 0 },
		{ "1 ", -1, 0 }, { "0x10", -1, 0 }, { "nan", -1, 0 }, { "inf", -1, 0 },
		{ "-Infinity", -1, 0 }, { "1e999", -1, 0 }, { "1.2.3", -1, 0 }, { "--1", -1, 0 },
		{ "12%", -1, 0 }, { "abc", -1, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double v = 12345.0;
		int rc = data_parse_number(cases[i].text, &v);

		cr_assert_eq(rc, cases[i].ok, "'%s': rc %d", cases[i].text, rc);
		if (rc == 0)
			cr_assert_eq(v, cases[i].value, "'%s' -> %.17g", cases[i].text, v);
		else
			cr_assert_eq(v, 12345.0, "'%s' touched *out", cases[i].text);
	}
}

/* Every short decimal must agree with the C library's correctly rounded
 * conversion (the fast path is exact, not approximately right). */
Test(data, parse_number_matches_strtod)
{
	char s[64];
	unsigned long x = 88172645463325252UL;
	int i;

	for (i = 0; i < 200000; i++) {
		double v, ref;
		int e;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		e = (int)(x % 45) - 22;
		snprintf(s, sizeof s, "%lu.%03lue%d", (x >> 20) % 100000000000UL, (x >> 8) % 1000, e);
		cr_assert_eq(data_parse_number(s, &v), 0, "%s", s);
		ref = strtod(s, NULL);
		cr_assert_eq(v, ref, "%s: %.17g != %.17g", s, v, ref);
	}
}

/* A German locale uses ',' as decimal point: strtod would read "1.5" as 1.
 * Build the locale into a temp folder when localedef is available. */
Test(data, parse_number_ignores_process_locale)
{
	double v = 0;

	if (th_german_locale() != 0)
		cr_skip_test("no German locale available and localedef failed");
	cr_assert_eq(strtod("1.5", NULL), 1.0, "the locale is not in effect");
	cr_assert_eq(data_parse_number("1.5", &v), 0);
	cr_assert_eq(v, 1.5);
	cr_assert_eq(data_parse_number("3.141592653589793238462643383", &v), 0);
	cr_assert_eq(v, 3.141592653589793);
	cr_assert_eq(data_parse_number("1,5", &v), -1);
	setlocale(LC_ALL, "C");
}

/* ---- UTF-8 ---- */

struct utf8case {
	char bytes[16];
	long bad;
};

Test(data, utf8_validation)
{
	static const struct utf8case cases[] = {
		{ "plain", -1 }, { "M\xC3\xA9xico", -1 }, { "\xE2\x82\xAC", -1 },
		{ "\xF0\x9F\x98\x80", -1 }, { "\xF4\x8F\xBF\xBF", -1 },
		{ "ab\xE9", 2 },                  /* Latin-1 at the end */
		{ "a\xE9z", 1 },                  /* Latin-1 lead, bad continuation */
		{ "\xC3", 0 },                    /* truncated */
		{ "\xC0\xAF", 0 },                /* overlong */
		{ "\xE0\x80\xAF", 0 },            /* overlong 3 bytes */
		{ "\xED\xA0\x80", 0 },            /* surrogate */
		{ "\xF4\x90\x80\x80", 0 },        /* beyond U+10FFFF */
		{ "x\x80", 1 },                   /* lone continuation */
		{ "\xE2\x82z", 0 },               /* cut short: the lead byte */
		{ "\xFF", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		long got = data_utf8_invalid(cases[i].bytes, strlen(cases[i].bytes));

		cr_assert_eq(got, cases[i].bad, "case %zu: %ld", i, got);
	}
}

/* ---- size ---- */

/* 100,000 rows load correctly; the time is logged, not asserted (speed is
 * measured by make bench). The loader's own cost: CPU time of this thread (other processes on a
 * shared machine do not count), best of three loads (first-touch page faults
 * of a fresh process are expensive on some VMs). About 50 ms on the
 * development VM. */
Test(data, hundred_thousand_rows_fast)
{
	struct buf b = { 0 };
	struct dataset t;
	struct timespec t0, t1;
	double ms, best = 1e9;
	int i, k;

	buf_puts(&b, "code,name,group,employed,share_women,risk\n");
	for (i = 0; i < 100000; i++)
		buf_printf(&b, "c%d,\"Sector %d, part\",secondary,%d,%d.5%%,0.%04d\n",
		           i, i, i * 3, i % 99, i % 10000);
	for (k = 0; k < 3; k++) {
		struct arena *a = arena_new();

		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
		cr_assert_eq(data_load_buf(a, "big.csv", b.data, b.len, &sectors, &t), 0, "%s",
		             th_captured());
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
		ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (ms < best)
			best = ms;
		cr_assert_eq(t.nrows, 100000);
		cr_assert_str_eq(dataset_text(&t, 99999, 1), "Sector 99999, part");
		cr_assert_eq(dataset_num(&t, 99999, 3), 299997.0);
		cr_assert_float_eq(dataset_num(&t, 99999, 4), 0.095, 1e-15);
		cr_assert_eq(t.row_line[99999], 100001);
		cr_assert_eq(dataset_cell(&t, 99999, 2)->col, 29);
		arena_free(a);
	}
	cr_log_info("100,000 rows: best of 3 loads %.1f ms", best);
	buf_free(&b);
}

/* O*NET's TSV files carry raw quotes inside fields. */
Test(data, reference_onet_tsv_with_raw_quotes)
{
	static const struct col_schema cols[] = {
		{ .name = "O*NET-SOC Code", .type = COL_CODE, .required = true },
		{ .name = "Task ID", .type = COL_INT, .required = true, .key = true },
		{ .name = "Task", .type = COL_TEXT, .required = true },
	};
	static const struct dataset_schema onet = {
		.name = "tasks", .cols = cols, .ncols = 3, .delim = '\t', .allow_extra_cols = true
	};
	const char *path = th_raw_file("onet_18_1_text/Task Statements.txt");
	struct dataset t;
	long r;

	cr_assert_eq(data_load(arena, path, &onet, &t), 0, "%s", th_captured());
	cr_assert_gt(t.nrows, 19000);
	for (r = 0; r < (long)t.nrows; r++)
		if (strstr(dataset_text(&t, (size_t)r, 2), "\"head counts\"") != NULL)
			break;
	cr_assert_lt(r, (long)t.nrows, "task with quotes not found intact");
}

/* Real published data, when the reference folder exists. */
Test(data, reference_wgi_file_with_bom_and_quoted_header)
{
	static const struct col_schema cols[] = {
		{ .name = "Country Name", .type = COL_TEXT, .required = true },
		{ .name = "Country Code", .type = COL_CODE, .required = true, .key = true },
		{ .name = "Indicator Code", .type = COL_CODE, .required = true, .key = true },
		{ .name = "2016", .type = COL_NUM },
	};
	static const struct dataset_schema wgi = {
		.name = "wgi", .cols = cols, .ncols = 4, .allow_extra_cols = true
	};
	const char *path = th_raw_file("worldbank_wgi_1996_2022_all_indicators.csv");
	struct dataset t;
	long r;

	cr_assert_eq(data_load(arena, path, &wgi, &t), 0, "%s", th_captured());
	cr_assert_gt(t.nrows, 1000);
	r = dataset_find(&t, 1, "MEX");
	cr_assert_geq(r, 0);
}

/* A very wide header must not cost quadratic time (duplicate check,
 * suggestions) and stops at the error cap. */
Test(data, wide_header_is_linear, .timeout = 10)
{
	struct buf b = { 0 };
	struct dataset t;
	int i;

	buf_puts(&b, "state,sector,jobs");
	for (i = 0; i < 200000; i++)
		buf_printf(&b, ",extra_column_number_%d", i);
	buf_puts(&b, ",jobs\n");
	cr_assert_eq(data_load_buf(arena, "wide.csv", b.data, b.len, &jobs, &t), -1);
	cr_assert_not_null(strstr(th_captured(), "reportgen: wide.csv:1:19: error: unknown column "
	                          "'extra_column_number_0'\n"));
	cr_assert_not_null(strstr(th_captured(), "too many errors (50)"));
	buf_free(&b);
}

Test(data, duplicate_column_found_among_many)
{
	struct buf b = { 0 };
	struct dataset_schema s = jobs;
	struct dataset t;
	int i;

	s.allow_extra_cols = true;
	buf_puts(&b, "state,sector,jobs");
	for (i = 0; i < 1000; i++)
		buf_printf(&b, ",x%d", i);
	buf_puts(&b, ",x7\n");
	cr_assert_eq(data_load_buf(arena, "dup.csv", b.data, b.len, &s, &t), -1);
	cr_assert_str_eq(th_captured(), "reportgen: dup.csv:1:4909: error: duplicate column 'x7' "
	                 "(first at column 40)\n");
	buf_free(&b);
}

/* ---- limits and strict numbers (issue 21) ---- */

static const struct col_schema one_num_cols[] = {
	{ .name = "n", .type = COL_NUM },
};
static const struct dataset_schema one_num = { .name = "n", .cols = one_num_cols, .ncols = 1 };

static const struct col_schema named_cols[] = {
	{ .name = "code", .type = COL_CODE, .required = true, .key = true },
	{ .name = "name", .type = COL_TEXT, .required = true, .max_chars = 5 },
	{ .name = "share", .type = COL_SHARE },
};
static const struct dataset_schema named = { .name = "named", .cols = named_cols, .ncols = 3 };
static const struct dataset_schema plain = { .name = "plain", .cols = sector_cols, .ncols = 2 };

Test(data, field_past_the_limit_is_one_message)
{
	struct buf b = { 0 };
	struct dataset t;

	buf_puts(&b, "state,sector,jobs\ncdmx,\"");
	for (size_t i = 0; i < DATA_MAX_FIELD_BYTES + 1; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\",12\n");
	cr_assert_eq(data_load_buf(arena, "f.csv", b.data, b.len, &jobs, &t), -1);
	/* one message: not also "not a valid code" for the same field */
	cr_assert_str_eq(th_captured(), "reportgen: f.csv:2:6: error: field of 65537 bytes, more "
	                 "than the limit of 65536 bytes (64 KB)\n");
	buf_free(&b);
}

Test(data, field_at_the_limit_loads)
{
	struct buf b = { 0 };
	struct dataset t;

	buf_puts(&b, "code,name\nx,\"");
	for (size_t i = 0; i < DATA_MAX_FIELD_BYTES; i++)
		buf_putc(&b, 'y');
	buf_puts(&b, "\"\n");
	cr_assert_eq(data_load_buf(arena, "f.csv", b.data, b.len, &plain, &t), 0, "%s",
	             th_captured());
	cr_assert_eq(strlen(dataset_text(&t, 0, 1)), DATA_MAX_FIELD_BYTES);
	buf_free(&b);
}

Test(data, record_past_the_limit)
{
	struct buf b = { 0 };
	struct dataset t;
	size_t i, n = DATA_MAX_LINE_BYTES / 60000 + 1;

	/* fields under the field limit, together over the record limit */
	buf_puts(&b, "n\n");
	for (i = 0; i < n; i++) {
		buf_puts(&b, i ? ",\"" : "\"");
		for (size_t k = 0; k < 60000; k++)
			buf_putc(&b, 'z');
		buf_putc(&b, '"');
	}
	buf_puts(&b, "\n");
	cr_assert_eq(data_load_buf(arena, "r.csv", b.data, b.len, &one_num, &t), -1);
	cr_assert(strncmp(th_captured(), "reportgen: r.csv:2:1: error: record of ", 39) == 0,
	          "%s", th_captured());
	cr_assert_not_null(strstr(th_captured(), "more than the limit of 8388608 bytes (8 MB)\n"));
	cr_assert_null(strstr(th_captured(), "expected"), "one message: %s", th_captured());
	buf_free(&b);
}

Test(data, rows_past_the_limit, .timeout = 60)
{
	struct buf b = { 0 };
	struct dataset t;

	buf_puts(&b, "n\n");
	for (size_t i = 0; i < DATA_MAX_ROWS; i++)
		buf_puts(&b, "1\n");
	cr_assert_eq(data_load_buf(arena, "rows.csv", b.data, b.len, &one_num, &t), 0, "%s",
	             th_captured());
	cr_assert_eq(t.nrows, DATA_MAX_ROWS);
	buf_puts(&b, "2\n");
	cr_assert_eq(data_load_buf(arena, "rows.csv", b.data, b.len, &one_num, &t), -1);
	cr_assert_str_eq(th_captured(), "reportgen: rows.csv:1000002:1: error: more than 1000000 "
	                 "data rows, the limit of one file\n");
	buf_free(&b);
}

Test(data, file_past_the_limit_is_not_read)
{
	char *dir = th_tmpdir(), path[600];
	struct dataset t;

	cr_assert_not_null(dir);
	snprintf(path, sizeof path, "%s/big.csv", dir);
	/* sparse: no disk used, and the loader must not read it */
	cr_assert_eq(th_run(NULL, "truncate -s %u '%s'", DATA_MAX_FILE_BYTES + 1u, path), 0);
	cr_assert_eq(data_load(arena, path, &one_num, &t), -1);
	cr_assert_not_null(strstr(th_captured(), "big.csv: error: file of 268435457 bytes, more "
	                          "than the limit of 268435456 bytes (256 MB)\n"), "%s",
	                   th_captured());
	th_rmtree(dir);
}

Test(data, numbers_without_a_range_are_bounded)
{
	static const char ok[] = "n\n1e15\n-1e15\n", bad[] = "n\n1e308\n2e15\n";
	struct dataset t;

	cr_assert_eq(data_load_buf(arena, "ok.csv", ok, strlen(ok), &one_num, &t), 0, "%s",
	             th_captured());
	cr_assert_eq(data_load_buf(arena, "bad.csv", bad, strlen(bad), &one_num, &t), -1);
	cr_assert_str_eq(th_captured(),
	                 "reportgen: bad.csv:2:1: error: '1e308' is beyond the limit of 1e+15 for "
	                 "any number (column 'n')\n"
	                 "reportgen: bad.csv:3:1: error: '2e15' is beyond the limit of 1e+15 for "
	                 "any number (column 'n')\n");
}

Test(data, thousands_separators_are_named)
{
	static const char csv[] = "state,sector,jobs\n"
		"cdmx,agr,\"1,234\"\n"
		"jal,agr,1,234,567\n"
		"nl,agr,\"12,34\"\n";
	struct dataset t;

	cr_assert_eq(data_load_buf(arena, "k.csv", csv, strlen(csv), &jobs, &t), -1);
	cr_assert_str_eq(th_captured(),
	                 "reportgen: k.csv:2:10: error: '1,234' has a thousands separator (column "
	                 "'jobs'): write numbers without separators\n"
	                 "reportgen: k.csv:3:9: error: '1,234,567' has a thousands separator, "
	                 "which splits the field (column 'jobs'): write numbers without "
	                 "separators\n"
	                 "reportgen: k.csv:4:8: error: '12,34' is not a number (column 'jobs')\n");
}

Test(data, stray_spaces_are_named)
{
	static const char csv[] = "code,name,share\n"
		"a, Name ,0.5\n"          /* text: blanks outside quotes are layout */
		"b,Name, 0.5\n"
		" c,Name,0.5\n"
		"d,Name,\"0.5 \"\n"
		"  \"e\"  ,Name,0.5\n";   /* blanks outside the quotes of a code: layout */
	struct dataset t;

	cr_assert_eq(data_load_buf(arena, "s.csv", csv, strlen(csv), &named, &t), -1);
	cr_assert_str_eq(th_captured(),
	                 "reportgen: s.csv:3:9: error: stray space around '0.5' (column 'share'): "
	                 "write numbers without spaces\n"
	                 "reportgen: s.csv:4:2: error: stray space around 'c' (column 'code'): "
	                 "write codes without spaces\n"
	                 "reportgen: s.csv:5:8: error: stray space around '0.5 ' (column 'share'): "
	                 "write numbers without spaces\n");
}

Test(data, text_longer_than_its_column_allows)
{
	static const char csv[] = "code,name\na,Short\nb,Longer\nc,Ñandú\n";
	struct dataset t;

	cr_assert_eq(data_load_buf(arena, "t.csv", csv, strlen(csv), &named, &t), -1);
	/* characters, not bytes: "Ñandú" (7 bytes) fits */
	cr_assert_str_eq(th_captured(), "reportgen: t.csv:3:3: error: 'Longer' is 6 characters "
	                 "long; column 'name' allows at most 5\n");
}

Test(data, require_rows)
{
	static const char csv[] = "n\n";
	struct dataset t;

	cr_assert_eq(data_load_buf(arena, "e.csv", csv, strlen(csv), &one_num, &t), 0);
	cr_assert_eq(data_require_rows(&t, 0), 0);
	cr_assert_eq(data_require_rows(&t, 1), -1);
	cr_assert_str_eq(th_captured(), "reportgen: e.csv:1: error: no data rows: the file has "
	                 "only its header (dataset 'n' needs at least 1)\n");
}

Test(data, dataset_file_drops_the_folders)
{
	struct dataset t = { 0 };

	t.path = "/abs/data/2018/states.csv";
	cr_assert_str_eq(dataset_file(&t), "states.csv");
	t.path = "states.csv";
	cr_assert_str_eq(dataset_file(&t), "states.csv");
}
