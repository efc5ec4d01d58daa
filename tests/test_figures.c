/*
 * Tests of the figure store and its CSV output (generator/figures.c).
 */
#include <criterion/criterion.h>

#include "base/base.h"
#include "load/load.h"
#include "figures/figures.h"
#include "helpers.h"

#include <locale.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct arena *arena;
static struct figset *fs;
static const char *dir;

static void setup(void)
{
	arena = arena_new();
	fs = figset_new(arena);
	dir = th_tmpdir();
	cr_assert_not_null(dir);
	th_capture();
}

static void teardown(void)
{
	outfile_abort();
	outfile_forget();
	th_capture_end();
	arena_free(arena);
	arena = NULL;
}

static const char *messages(void)
{
	return th_captured();
}

/* The file name under the test's folder (freed at exit), or NULL. */
static char *slurp(const char *name)
{
	static char *data;
	char path[4096];

	free(data);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	data = th_read_file(path, NULL);
	return data;
}

TestSuite(figures, .init = setup, .fini = teardown);

Test(figures, store_and_look_up)
{
	const struct figure *f;

	figset_num(fs, "emp.total", 52000000, "jobs", "employment.csv", "sum of employed");
	figset_text(fs, "edition.date", "2018-06", "edition.csv");
	figset_num(fs, "jobs.affected.share", 0.43, "share", "employment.csv", "affected / total");
	cr_assert_eq(figset_count(fs), 3);
	f = figset_get(fs, "emp.total");
	cr_assert_not_null(f);
	cr_assert_eq(f->kind, FIG_NUM);
	cr_assert_eq(f->value, 52000000.0);
	cr_assert_null(f->text);
	cr_assert_str_eq(f->unit, "jobs");
	cr_assert_str_eq(f->source, "employment.csv");
	cr_assert_str_eq(f->formula, "sum of employed");
	f = figset_get(fs, "edition.date");
	cr_assert_eq(f->kind, FIG_TEXT);
	cr_assert_str_eq(f->text, "2018-06");
	cr_assert_null(figset_get(fs, "emp.totals"));
	cr_assert_null(figset_get(fs, ""));
	cr_assert_str_eq(figset_at(fs, 2)->key, "jobs.affected.share");
	cr_assert_null(figset_at(fs, 3));
	cr_assert_eq(figset_arena(fs), arena);
}

Test(figures, strings_are_copied)
{
	char key[32] = "a.b", unit[8] = "jobs";

	figset_num(fs, key, 1, unit, NULL, NULL);
	strcpy(key, "zzz");
	strcpy(unit, "xxxx");
	cr_assert_not_null(figset_get(fs, "a.b"));
	cr_assert_str_eq(figset_get(fs, "a.b")->unit, "jobs");
	cr_assert_str_eq(figset_get(fs, "a.b")->source, "", "NULL becomes \"\"");
}

Test(figures, same_key_replaces_in_place)
{
	figset_num(fs, "a", 1, "", "", "");
	figset_num(fs, "b", 2, "", "", "");
	figset_text(fs, "a", "one", "src");
	cr_assert_eq(figset_count(fs), 2);
	cr_assert_str_eq(figset_at(fs, 0)->key, "a");
	cr_assert_eq(figset_get(fs, "a")->kind, FIG_TEXT);
	cr_assert_str_eq(figset_get(fs, "a")->text, "one");
	figset_num(fs, "a", 3, "jobs", "", "");
	cr_assert_eq(figset_get(fs, "a")->value, 3.0);
	cr_assert_null(figset_get(fs, "a")->text);
}

Test(figures, many_keys)
{
	char key[64];
	int i;

	for (i = 0; i < 20000; i++) {
		snprintf(key, sizeof key, "sector.s%d.risk", i);
		figset_num(fs, key, i * 0.5, "share", "", "");
	}
	cr_assert_eq(figset_count(fs), 20000);
	for (i = 0; i < 20000; i++) {
		snprintf(key, sizeof key, "sector.s%d.risk", i);
		cr_assert_not_null(figset_get(fs, key), "%s", key);
		cr_assert_eq(figset_get(fs, key)->value, i * 0.5);
	}
	cr_assert_null(figset_get(fs, "sector.s20000.risk"));
}

Test(figures, suggest_close_keys_and_tables)
{
	static const char *cols[] = { "code", "name" };

	figset_num(fs, "jobs.affected.total", 1, "", "", "");
	figset_num(fs, "jobs.affected.share", 1, "", "", "");
	figset_num(fs, "emp.total", 1, "", "", "");
	figset_table(fs, "sectors_top5", 2, cols, "");
	cr_assert_str_eq(figset_suggest(fs, "jobs.affected.totl"), "jobs.affected.total");
	cr_assert_str_eq(figset_suggest(fs, "jobs.afected.share"), "jobs.affected.share");
	cr_assert_str_eq(figset_suggest(fs, "emp.totals"), "emp.total");
	cr_assert_str_eq(figset_suggest(fs, "sectors_top"), "sectors_top5");
	cr_assert_null(figset_suggest(fs, "readiness.mex.rank"));
	cr_assert_null(figset_suggest(fs, "emp"), "too far relative to its length");
	cr_assert_null(figset_suggest(fs, "x"));
}

Test(figures, computed_tables)
{
	static const char *cols[] = { "code", "name", "risk" };
	struct figtable *t = figset_table(fs, "sectors", 3, cols, "employment.csv");
	size_t r;

	cr_assert_eq(figset_table_count(fs), 1);
	cr_assert_eq(figset_get_table(fs, "sectors"), t);
	cr_assert_null(figset_get_table(fs, "states"));
	cr_assert_eq(figtable_col(t, "risk"), 2);
	cr_assert_eq(figtable_col(t, "nope"), -1);
	r = figtable_add_row(fs, t);
	cr_assert_eq(r, 0);
	cr_assert_str_eq(figtable_cell(t, 0, 2)->text, "", "cells start as empty text");
	cr_assert_not(figtable_cell(t, 0, 2)->is_num);
	figtable_set_text(fs, t, 0, 0, "agr");
	figtable_set_num(fs, t, 0, 2, 0.1 + 0.2);
	cr_assert(figtable_cell(t, 0, 2)->is_num);
	cr_assert_eq(figtable_cell(t, 0, 2)->num, 0.1 + 0.2);
	cr_assert_str_eq(figtable_cell(t, 0, 2)->text, "0.3");
	for (r = 1; r < 100; r++)
		cr_assert_eq(figtable_add_row(fs, t), r);
	cr_assert_eq(t->nrows, 100);
	cr_assert_str_eq(figtable_cell(t, 0, 0)->text, "agr", "kept across growth");
	cr_assert_str_eq(t->source, "employment.csv");
	cr_assert_eq(figset_table_at(fs, 0), t);
	cr_assert_null(figset_table_at(fs, 1));
}

Test(figures, table_with_same_name_replaces)
{
	static const char *cols[] = { "a" };
	struct figtable *t2;

	figset_table(fs, "t", 1, cols, "");
	t2 = figset_table(fs, "t", 1, cols, "");
	cr_assert_eq(figset_table_count(fs), 1);
	cr_assert_eq(figset_get_table(fs, "t"), t2);
}

Test(figures, write_csv_exact_bytes)
{
	static const char *cols[] = { "code", "name", "value" };
	struct figtable *t;
	char path[4096];

	figset_num(fs, "emp.total", 6500000, "jobs", "employment.csv", "sum");
	figset_num(fs, "third", 1.0 / 3.0, "share", "a.csv, b.csv", "1 / 3");
	figset_num(fs, "tenth", 0.1, "", "", "");
	figset_num(fs, "pct", 0.57 * 100, "%", "", "");
	figset_num(fs, "big", 1e20, "", "", "");
	figset_num(fs, "tiny", 1e-7, "", "", "");
	figset_num(fs, "negzero", -0.0, "", "", "");
	figset_num(fs, "neg", -2.5, "", "", "");
	figset_text(fs, "title", "Towards an \"AI\" Strategy,\nMexico", "edition.csv");
	figset_text(fs, "padded", " x ", "");
	figset_num_p(fs, "est", 1, "", "", "", FIG_PROV_ESTIMATED, "oi2018|est-automation oi2018");
	t = figset_table(fs, "sectors", 3, cols, "employment.csv");
	figset_set_origin(fs, FIG_PROV_OFFICIAL, "inegi");
	figtable_add_row(fs, t);
	figset_set_origin(fs, FIG_PROV_NONE, "");
	figtable_set_text(fs, t, 0, 0, "agr");
	figtable_set_text(fs, t, 0, 1, "Agriculture, fishing");
	figtable_set_num(fs, t, 0, 2, 0.575);
	figtable_add_row(fs, t);
	figtable_set_origin(fs, t, 1, FIG_PROV_DERIVED, "b a");
	figtable_set_text(fs, t, 1, 0, "man");
	figtable_set_num(fs, t, 1, 2, 12);
	figset_table(fs, "empty", 1, cols, "");

	snprintf(path, sizeof path, "%s/out", dir);
	cr_assert_eq(figset_write_csv(fs, path), 0, "%s", messages());
	cr_assert_null(slurp("out/figures.csv"), "visible before commit");
	cr_assert_eq(outfile_staged_count(), 3);
	cr_assert_eq(outfile_commit(), 0);
	cr_assert_str_eq(slurp("out/figures.csv"),
	                 "key,value,unit,source,formula,provenance,sources\n"
	                 "emp.total,6500000,jobs,employment.csv,sum,,\n"
	                 "third,0.3333333333333333,share,\"a.csv, b.csv\",1 / 3,,\n"
	                 "tenth,0.1,,,,,\n"
	                 "pct,56.99999999999999,%,,,,\n"
	                 "big,1e+20,,,,,\n"
	                 "tiny,1e-07,,,,,\n"
	                 "negzero,0,,,,,\n"
	                 "neg,-2.5,,,,,\n"
	                 "title,\"Towards an \"\"AI\"\" Strategy,\nMexico\",,edition.csv,,,\n"
	                 "padded,\" x \",,,,,\n"
	                 "est,1,,,,estimated,est-automation oi2018\n");
	cr_assert_str_eq(slurp("out/tables/sectors.csv"),
	                 "code,name,value,provenance,sources\n"
	                 "agr,\"Agriculture, fishing\",0.575,official,inegi\n"
	                 "man,,12,derived,a b\n");
	cr_assert_str_eq(slurp("out/tables/empty.csv"), "code,provenance,sources\n");
}

/* What is written reads back through our own loader to the same doubles. */
Test(figures, numbers_round_trip_through_the_loader)
{
	static const struct col_schema cols[] = {
		{ .name = "key", .type = COL_CODE, .required = true, .key = true },
		/* any finite double: a range of its own (else DATA_MAX_MAGNITUDE) */
		{ .name = "value", .type = COL_NUM, .required = true,
		  .has_min = true, .min = -DBL_MAX, .has_max = true, .max = DBL_MAX },
		{ .name = "unit", .type = COL_TEXT },
		{ .name = "source", .type = COL_TEXT },
		{ .name = "formula", .type = COL_TEXT },
		{ .name = "provenance", .type = COL_TEXT },
		{ .name = "sources", .type = COL_TEXT },
	};
	static const struct dataset_schema schema = { .name = "figures", .cols = cols, .ncols = 7 };
	unsigned long x = 2463534242UL;
	double vals[2000];
	char key[32], path[4096];
	struct dataset t;
	int i;

	for (i = 0; i < 2000; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		x &= 0xFFFFFFFFUL;
		vals[i] = ((double)x / 4294967296.0 - 0.5) * pow(10.0, (double)(i % 40) - 20.0);
		snprintf(key, sizeof key, "k%d", i);
		figset_num(fs, key, vals[i], "", "", "");
	}
	snprintf(path, sizeof path, "%s/o", dir);
	cr_assert_eq(figset_write_csv(fs, path), 0);
	cr_assert_eq(outfile_commit(), 0);
	snprintf(path, sizeof path, "%s/o/figures.csv", dir);
	cr_assert_eq(data_load(arena, path, &schema, &t), 0, "%s", messages());
	cr_assert_eq(t.nrows, 2000);
	for (i = 0; i < 2000; i++)
		cr_assert_eq(dataset_num(&t, (size_t)i, 1), vals[i], "%d: %s vs %.17g", i,
		             dataset_text(&t, (size_t)i, 1), vals[i]);
}

Test(figures, output_ignores_process_locale)
{
	char cmd[256], path[4096];

	if (th_german_locale() != 0) {
		teardown();
		cr_skip_test("no German locale available and localedef failed");
	}
	snprintf(cmd, sizeof cmd, "%.1f", 2.5);
	cr_assert_str_eq(cmd, "2,5", "the locale is not in effect");
	figset_num(fs, "x", 2.5, "", "", "");
	snprintf(path, sizeof path, "%s/l", dir);
	cr_assert_eq(figset_write_csv(fs, path), 0);
	cr_assert_eq(outfile_commit(), 0);
	setlocale(LC_ALL, "C");
	cr_assert_str_eq(slurp("l/figures.csv"), "key,value,unit,source,formula,provenance,sources\nx,2.5,,,,,\n");
}

Test(figures, table_name_must_be_a_plain_file_name)
{
	static const char *cols[] = { "a" };
	char path[4096];

	figset_table(fs, "../evil", 1, cols, "");
	snprintf(path, sizeof path, "%s/o", dir);
	cr_assert_eq(figset_write_csv(fs, path), -1);
	cr_assert_str_eq(messages(), "reportgen: error: table name '../evil' cannot be a file name\n");
	cr_assert_eq(diag_status(), EXIT_SYS);
	outfile_abort();
	cr_assert_null(slurp("o/figures.csv"));
}

/* The combining rule of figures.h: estimated when any input is, otherwise
 * derived once computed; a copy keeps its kind; sources are a sorted union. */
Test(figures, provenance_combines_by_the_rule)
{
	struct fig_origin o = { FIG_PROV_NONE, "" };
	const struct figure *f;

	fig_origin_join(fs, &o, FIG_PROV_PUBLISHED, "oi2018");
	cr_assert_eq(o.prov, FIG_PROV_PUBLISHED, "a copy stays published");
	cr_assert_str_eq(o.sources, "oi2018");
	fig_origin_join(fs, &o, FIG_PROV_OFFICIAL, "inegi oi2018");
	cr_assert_eq(o.prov, FIG_PROV_PUBLISHED);
	fig_origin_computed(&o);
	cr_assert_eq(o.prov, FIG_PROV_DERIVED, "computed from official and published");
	cr_assert_str_eq(o.sources, "inegi oi2018");
	fig_origin_join(fs, &o, FIG_PROV_ESTIMATED, "est-automation");
	fig_origin_computed(&o);
	cr_assert_eq(o.prov, FIG_PROV_ESTIMATED, "any estimated input");
	cr_assert_str_eq(o.sources, "est-automation inegi oi2018");
	cr_assert(fig_sources_has(o.sources, "inegi"));
	cr_assert(!fig_sources_has(o.sources, "ineg"));
	cr_assert_eq(fig_prov_parse("derived"), FIG_PROV_DERIVED);
	cr_assert_eq(fig_prov_parse("guessed"), FIG_PROV_NONE);
	cr_assert_str_eq(fig_prov_name(FIG_PROV_OFFICIAL), "official");

	/* the context: later figures and rows take it until it changes */
	figset_set_origin(fs, FIG_PROV_ESTIMATED, "z a");
	f = figset_num(fs, "x", 1, "", "", "");
	cr_assert_eq(f->prov, FIG_PROV_ESTIMATED);
	cr_assert_str_eq(f->sources, "a z");
	figset_set_origin(fs, FIG_PROV_OFFICIAL, "inegi");
	f = figset_num(fs, "x", 2, "", "", "");
	cr_assert_eq(f->prov, FIG_PROV_OFFICIAL, "a replaced figure takes the new origin");
}

Test(figures, a_column_origin_overrides_the_row)
{
	static const char *cols[] = { "a", "b" };
	struct figtable *t = figset_table(fs, "t", 2, cols, "");
	size_t r;

	figset_set_origin(fs, FIG_PROV_OFFICIAL, "inegi");
	r = figtable_add_row(fs, t);
	figtable_set_col_origin(fs, t, 1, FIG_PROV_ESTIMATED, "est");
	cr_assert_eq(figtable_cell_origin(t, r, 0)->prov, FIG_PROV_OFFICIAL);
	cr_assert_eq(figtable_cell_origin(t, r, 1)->prov, FIG_PROV_ESTIMATED);
	cr_assert_str_eq(figtable_cell_origin(t, r, 1)->sources, "est");
}
