/*
 * Tests for table.c: column widths, alignment, wrapping and slicing, with a
 * fake measure (every byte is 0.5 * size wide, ascent 0.8, descent 0.2).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "base/base.h"
#include "doc/doc.h"
#include "layout/layout.h"
#include "helpers.h"
#include "layout/internal.h"

static double text_w(const struct draw_op *op)
{
	return 0.5 * op->size * (double)strlen(op->text);
}

/* The jobs table: a text column, a right-aligned number, a decimal share. */
static struct doc_tcol jobs_cols[3] = {
	{"Sub-sector", DOC_ALIGN_LEFT, 0, false},
	{"Automatable\njobs", DOC_ALIGN_RIGHT, 0, true},
	{"Share at risk", DOC_ALIGN_DECIMAL, 0, true},
};
static const char *jobs_cells[] = {
	"Manufacturing", "2,809,944", "27.1%",
	"Construction", "1,750,676", "41.08%",
	"Wholesale and retail trade", "1,653,335", "5%",
	"Agriculture", "942,705", "14.25%",
	"Accommodation and food service activities", "725,092", "18.7%",
	"Information and communication", "32,382", "3.5%",
	"Management and self-employed", "29,448", "1.25%",
	"Total", "12,800,000", "9.12%",
};
static unsigned jobs_flags[8] = {0, 0, 0, 0, 0, 0, 0, DOC_ROW_BOLD | DOC_ROW_RULE};

static struct doc_table jobs_table(void)
{
	struct doc_table t;

	memset(&t, 0, sizeof t);
	t.ncols = 3;
	t.nrows = 8;
	t.cols = jobs_cols;
	t.cells = jobs_cells;
	t.row_flags = jobs_flags;
	t.header_rows = 1;
	return t;
}

static const struct draw_op *find_text(const struct draw_list *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->ops[i].kind == DRAW_TEXT && !strcmp(l->ops[i].text, s))
			return &l->ops[i];
	return NULL;
}

Test(table, column_widths_sum_to_width)
{
	static const double widths[] = {120, 200, 300, 420, 600};
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_table t = jobs_table();
	size_t k, j;
	int hinted;

	for (hinted = 0; hinted < 2; hinted++) {
		struct doc_tcol cols[3];

		memcpy(cols, jobs_cols, sizeof cols);
		if (hinted) {
			cols[0].width = 11;
			cols[1].width = 5;
			cols[2].width = 3;
		}
		t.cols = cols;
		for (k = 0; k < sizeof widths / sizeof widths[0]; k++) {
			struct table_plan *p = table_plan(a, &t, widths[k], &m);
			double sum = 0;

			for (j = 0; j < 3; j++) {
				cr_assert(table_plan_col_width(p, j) > 0);
				cr_assert_float_eq(table_plan_col_x(p, j), sum, 1e-9);
				sum += table_plan_col_width(p, j);
			}
			cr_assert_float_eq(sum, widths[k], 1e-6, "widths sum %g for %g", sum, widths[k]);
		}
	}
	arena_free(a);
}

Test(table, hints_share_spare_room)
{
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_tcol cols[2] = {{"A", DOC_ALIGN_LEFT, 3, false}, {"B", DOC_ALIGN_LEFT, 1, false}};
	static const char *cells[] = {"x", "y"};
	struct doc_table t;
	struct table_plan *p;

	memset(&t, 0, sizeof t);
	t.ncols = 2;
	t.nrows = 1;
	t.cols = cols;
	t.cells = cells;
	t.header_rows = 1;
	p = table_plan(a, &t, 400, &m);
	/* equal content, so the widths follow the 3:1 hint */
	cr_assert_float_eq(table_plan_col_width(p, 0), 3 * table_plan_col_width(p, 1), 1e-6);
	arena_free(a);
}

Test(table, numeric_cells_right_aligned)
{
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_table t = jobs_table();
	struct table_plan *p = table_plan(a, &t, 360, &m);
	struct draw_list l = {0};
	double right = NAN;
	size_t r, found = 0;

	table_draw(a, &t, p, 0, table_plan_rows(p), 1, 50, 700, &l, NULL, 0);
	for (r = 0; r < t.nrows; r++) {
		const struct draw_op *op = find_text(&l, t.cells[r * 3 + 1]);

		cr_assert(op, "cell '%s' not drawn", t.cells[r * 3 + 1]);
		if (isnan(right))
			right = op->x + text_w(op);
		cr_assert_float_eq(op->x + text_w(op), right, 1e-6, "row %zu", r);
		found++;
	}
	cr_assert_eq(found, t.nrows);
	/* inside the column, with its padding */
	cr_assert(right <= 50 + table_plan_col_x(p, 1) + table_plan_col_width(p, 1) - 1);
	cr_assert(right > 50 + table_plan_col_x(p, 1) + table_plan_col_width(p, 1) - 10);
	/* the header of a numeric column is right-aligned too */
	{
		const struct draw_op *h = find_text(&l, "Automatable");

		cr_assert(h);
		cr_assert_float_eq(h->x + text_w(h), right, 1e-6);
	}
	arena_free(a);
}

Test(table, decimal_alignment)
{
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_table t = jobs_table();
	struct table_plan *p = table_plan(a, &t, 360, &m);
	struct draw_list l = {0};
	double mark = NAN;
	size_t r;

	table_draw(a, &t, p, 0, table_plan_rows(p), 1, 0, 700, &l, NULL, 0);
	for (r = 0; r < t.nrows; r++) {
		const char *s = t.cells[r * 3 + 2];
		const struct draw_op *op = find_text(&l, s);
		const char *dot = strchr(s, '.');
		/* where the decimal point is, or where it would be after the digits */
		size_t at = dot ? (size_t)(dot - s) : strcspn(s, "%");
		double x;

		cr_assert(op, "cell '%s' not drawn", s);
		x = op->x + 0.5 * op->size * (double)at;
		if (isnan(mark))
			mark = x;
		cr_assert_float_eq(x, mark, 1e-6, "'%s' off the decimal point", s);
		cr_assert(op->x >= table_plan_col_x(p, 2));
		cr_assert(op->x + text_w(op) <= table_plan_col_x(p, 2) + table_plan_col_width(p, 2));
	}
	arena_free(a);
}

Test(table, decimal_comma_column)
{
	static struct doc_tcol cols[2] = {{"Estado", DOC_ALIGN_LEFT, 0, false},
	                                  {"Riesgo", DOC_ALIGN_DECIMAL, 0, true}};
	static const char *cells[] = {"Sonora", "12,5 %", "Colima", "1.250,75 %", "Yucatán", "7 %"};
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_table t;
	struct table_plan *p;
	struct draw_list l = {0};
	const struct draw_op *o1, *o2, *o3;

	memset(&t, 0, sizeof t);
	t.ncols = 2;
	t.nrows = 3;
	t.cols = cols;
	t.cells = cells;
	t.header_rows = 1;
	p = table_plan(a, &t, 200, &m);
	table_draw(a, &t, p, 0, 3, 1, 0, 500, &l, NULL, 0);
	o1 = find_text(&l, "12,5 %");
	o2 = find_text(&l, "1.250,75 %");
	o3 = find_text(&l, "7 %");
	cr_assert(o1 && o2 && o3);
	/* commas aligned; "7" ends where the commas are */
	cr_assert_float_eq(o1->x + 0.5 * o1->size * 2, o2->x + 0.5 * o2->size * 5, 1e-6);
	cr_assert_float_eq(o3->x + 0.5 * o3->size * 1, o2->x + 0.5 * o2->size * 5, 1e-6);
	arena_free(a);
}

Test(table, header_repeats_on_slices)
{
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_table t = jobs_table();
	struct table_plan *p = table_plan(a, &t, 360, &m);
	struct draw_list l = {0};
	double h, expect;
	size_t i, first_text = (size_t)-1, r;

	cr_assert_eq(table_plan_rows(p), 8);
	h = table_draw(a, &t, p, 3, 6, 1, 40, 600, &l, NULL, 0);
	for (i = 0; i < l.n; i++)
		if (l.ops[i].kind == DRAW_TEXT) {
			first_text = i;
			break;
		}
	cr_assert(first_text != (size_t)-1);
	cr_assert_str_eq(l.ops[first_text].text, "Sub-sector", "header text comes first");
	for (r = 0; r < t.nrows; r++) {
		bool drawn = find_text(&l, t.cells[r * 3]) != NULL;

		cr_assert_eq(drawn, r >= 3 && r < 6, "row %zu drawn=%d", r, drawn);
	}
	/* every text of rows 3..5 lies below the header text */
	{
		const struct draw_op *hd = find_text(&l, "Sub-sector");

		for (r = 3; r < 6; r++)
			cr_assert(find_text(&l, t.cells[r * 3])->y < hd->y);
	}
	expect = table_plan_header_height(p);
	for (r = 3; r < 6; r++)
		expect += table_plan_row_height(p, r);
	cr_assert_float_eq(h, expect, 1e-9);
	/* and without the header, only the rows */
	{
		struct draw_list l2 = {0};
		double h2 = table_draw(a, &t, p, 3, 6, 0, 40, 600, &l2, NULL, 0);

		cr_assert_null(find_text(&l2, "Sub-sector"));
		cr_assert_float_eq(h2, expect - table_plan_header_height(p), 1e-9);
	}
	arena_free(a);
}

Test(table, ops_stay_in_the_table_box)
{
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_table t = jobs_table();
	struct table_plan *p = table_plan(a, &t, 230, &m);
	struct draw_list l = {0};
	double h = table_draw(a, &t, p, 0, table_plan_rows(p), 1, 30, 500, &l, NULL, 0);
	size_t i;

	for (i = 0; i < l.n; i++) {
		const struct draw_op *op = &l.ops[i];
		double x1 = op->kind == DRAW_TEXT ? op->x + text_w(op) : op->x + op->w;
		double y0 = op->kind == DRAW_TEXT ? op->y - 0.2 * op->size : op->y;
		double y1 = op->kind == DRAW_TEXT ? op->y + 0.8 * op->size : op->y + op->h;

		cr_assert(op->x >= 30 - 1e-6 && x1 <= 30 + 230 + 1e-6, "op %zu x [%g,%g]", i, op->x,
		          x1);
		cr_assert(y0 >= 500 - h - 1e-6 && y1 <= 500 + 1e-6, "op %zu y [%g,%g]", i, y0, y1);
	}
	arena_free(a);
}

Test(table, row_heights_grow_with_wrapped_cells)
{
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_table t = jobs_table();
	struct table_plan *wide = table_plan(a, &t, 600, &m);
	struct table_plan *narrow = table_plan(a, &t, 180, &m);
	struct draw_list l = {0};
	size_t lines = 0, i;

	/* row 4 has the longest name: one line when wide, several when narrow */
	cr_assert_float_eq(table_plan_row_height(wide, 4), table_plan_row_height(wide, 0), 1e-9);
	cr_assert(table_plan_row_height(narrow, 4) > table_plan_row_height(narrow, 0) + 5);
	cr_assert_float_eq(table_plan_row_height(narrow, 0), table_plan_row_height(wide, 0), 1e-9);
	table_draw(a, &t, narrow, 4, 5, 0, 0, 300, &l, NULL, 0);
	for (i = 0; i < l.n; i++) {
		const struct draw_op *op = &l.ops[i];

		if (op->kind == DRAW_TEXT && op->x < table_plan_col_width(narrow, 0)) {
			lines++;
			cr_assert(text_w(op) <= table_plan_col_width(narrow, 0));
		}
	}
	cr_assert(lines >= 2, "wrapped into %zu lines", lines);
	arena_free(a);
}

Test(table, multi_line_header_and_group_header)
{
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_table t = jobs_table();
	struct doc_tcol cols[3];
	struct table_plan *two, *one;
	struct draw_list l = {0};
	const struct draw_op *g, *h1, *h2;

	one = table_plan(a, &t, 400, &m);   /* "Automatable\njobs": two lines */
	memcpy(cols, jobs_cols, sizeof cols);
	cols[1].header = "Jobs";
	t.cols = cols;
	two = one;
	one = table_plan(a, &t, 400, &m);
	cr_assert(table_plan_header_height(two) > table_plan_header_height(one) + 5);

	t = jobs_table();
	t.group_header = "Top sectors";
	two = table_plan(a, &t, 400, &m);
	cr_assert(table_plan_header_height(two) > table_plan_header_height(table_plan(a, &(struct doc_table){
		.ncols = 3, .nrows = 8, .cols = jobs_cols, .cells = jobs_cells, .row_flags = jobs_flags,
		.header_rows = 1}, 400, &m)));
	table_draw(a, &t, two, 0, 2, 1, 0, 500, &l, NULL, 0);
	g = find_text(&l, "Top sectors");
	h1 = find_text(&l, "Automatable");
	h2 = find_text(&l, "jobs");
	cr_assert(g && h1 && h2);
	cr_assert(g->y > h1->y && h1->y > h2->y, "group line above the two header lines");
	cr_assert_eq(h1->font, FONT_SANS_BOLD);
	arena_free(a);
}

Test(table, group_bold_and_rule_rows)
{
	static struct doc_tcol cols[2] = {{"Metric", DOC_ALIGN_LEFT, 3, false},
	                                  {"Rank", DOC_ALIGN_RIGHT, 1, true}};
	static const char *cells[] = {"Digital infrastructure", "", "Quality of data", "13",
	                              "Available data", "5", "", "", "Overall", "22"};
	static unsigned flags[] = {DOC_ROW_GROUP, 0, 0, DOC_ROW_RULE, DOC_ROW_BOLD};
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_table t;
	struct table_plan *p;
	struct draw_list l = {0};
	const struct draw_op *g, *b, *n;
	size_t i, rules_between = 0;

	memset(&t, 0, sizeof t);
	t.ncols = 2;
	t.nrows = 5;
	t.cols = cols;
	t.cells = cells;
	t.row_flags = flags;
	t.header_rows = 1;
	p = table_plan(a, &t, 120, &m);
	table_draw(a, &t, p, 0, 5, 1, 0, 400, &l, NULL, 0);
	g = find_text(&l, "Digital infrastructure");
	b = find_text(&l, "Overall");
	n = find_text(&l, "Quality of data");
	cr_assert(g && b && n);
	/* the group label spans: wider than its column would allow on one line */
	cr_assert(text_w(g) > table_plan_col_width(p, 0) - 8);
	cr_assert_eq(g->font, FONT_SANS_BOLD);
	cr_assert_eq(b->font, FONT_SANS_BOLD);
	cr_assert_eq(n->font, FONT_SANS);
	cr_assert_eq(find_text(&l, "22")->font, FONT_SANS_BOLD);
	cr_assert(table_plan_row_keep_with_next(p, 0), "a group label stays with its rows");
	cr_assert(!table_plan_row_keep_with_next(p, 1));
	/* the empty rule row takes no height and draws a line between 5 and 22 */
	cr_assert_float_eq(table_plan_row_height(p, 3), 0, 1e-12);
	for (i = 0; i < l.n; i++) {
		const struct draw_op *op = &l.ops[i];

		if (op->kind == DRAW_LINE && op->y < find_text(&l, "5")->y &&
		    op->y > b->y && op->lw >= 0.5)
			rules_between++;
	}
	cr_assert_eq(rules_between, 1);
	arena_free(a);
}

Test(table, extra_header_rows_from_cells)
{
	static struct doc_tcol cols[2] = {{"Name", DOC_ALIGN_LEFT, 0, false},
	                                  {"Value", DOC_ALIGN_RIGHT, 0, true}};
	static const char *cells[] = {"(units)", "(%)", "a", "1", "b", "2"};
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_table t;
	struct table_plan *p;
	struct draw_list l = {0};

	memset(&t, 0, sizeof t);
	t.ncols = 2;
	t.nrows = 3;
	t.cols = cols;
	t.cells = cells;
	t.header_rows = 2;
	p = table_plan(a, &t, 150, &m);
	cr_assert_eq(table_plan_rows(p), 2);
	table_draw(a, &t, p, 1, 2, 1, 0, 300, &l, NULL, 0);
	cr_assert(find_text(&l, "(units)") && find_text(&l, "Name") && find_text(&l, "b"));
	cr_assert_null(find_text(&l, "a"));
	cr_assert_eq(find_text(&l, "(units)")->font, FONT_SANS_BOLD);
	arena_free(a);
}

Test(table, overlong_word_is_cut_to_fit)
{
	static struct doc_tcol cols[2] = {{"A", DOC_ALIGN_LEFT, 0, false},
	                                  {"B", DOC_ALIGN_LEFT, 0, false}};
	static const char *cells[] = {"Supercalifragilisticexpialidocious-and-then-some", "ok"};
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_table t;
	struct table_plan *p;
	struct draw_list l = {0};
	size_t i, pieces = 0, total = 0;

	memset(&t, 0, sizeof t);
	t.ncols = 2;
	t.nrows = 1;
	t.cols = cols;
	t.cells = cells;
	t.header_rows = 1;
	p = table_plan(a, &t, 80, &m);
	cr_assert_float_eq(table_plan_col_width(p, 0) + table_plan_col_width(p, 1), 80, 1e-6);
	table_draw(a, &t, p, 0, 1, 0, 0, 300, &l, NULL, 0);
	for (i = 0; i < l.n; i++) {
		const struct draw_op *op = &l.ops[i];

		if (op->kind == DRAW_TEXT && op->x < table_plan_col_width(p, 0)) {
			cr_assert(text_w(op) <= table_plan_col_width(p, 0) + 1e-6);
			pieces++;
			total += strlen(op->text);
		}
	}
	cr_assert(pieces >= 2);
	cr_assert_eq(total, strlen(cells[0]), "no character lost");
	arena_free(a);
}

static unsigned long lcg_next(unsigned long *s)
{
	*s = *s * 6364136223846793005UL + 1442695040888963407UL;
	return (*s >> 33) & 0x7fffffffUL;
}

Test(table, random_tables_fit_and_slices_add_up)
{
	static const char *words[] = {"Agriculture", "and", "12.5%", "of", "the", "1,234",
	                              "Manufacturing", "x", "Públicos", "0.25", "n/a",
	                              "Supercalifragilistic"};
	static const enum doc_align aligns[] = {DOC_ALIGN_LEFT, DOC_ALIGN_RIGHT, DOC_ALIGN_CENTER,
	                                        DOC_ALIGN_DECIMAL};
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	unsigned long seed = 99;
	int iter;

	for (iter = 0; iter < 200; iter++) {
		struct doc_table t;
		size_t nc = 1 + lcg_next(&seed) % 6, nr = lcg_next(&seed) % 25, r, j, i;
		double width = 120 + (double)(lcg_next(&seed) % 400), sum = 0, total, hsum;
		struct doc_tcol *cols = arena_calloc(a, nc, sizeof *cols);
		const char **cells = arena_calloc(a, nr * nc + 1, sizeof *cells);
		unsigned *flags = arena_calloc(a, nr + 1, sizeof *flags);
		struct table_plan *p;
		struct draw_list l = {0};

		for (j = 0; j < nc; j++) {
			cols[j].header = j % 2 ? "Two\nlines" : "Header";
			cols[j].align = aligns[lcg_next(&seed) % 4];
			cols[j].numeric = cols[j].align != DOC_ALIGN_LEFT;
			cols[j].width = iter % 2 ? (double)(1 + lcg_next(&seed) % 10) : 0;
		}
		for (r = 0; r < nr; r++) {
			unsigned f = (unsigned)(lcg_next(&seed) % 16);

			flags[r] = f < 8 ? (f & (DOC_ROW_BOLD | DOC_ROW_RULE | DOC_ROW_GROUP)) : 0;
			for (j = 0; j < nc; j++) {
				char buf[200] = "";
				int nw = (int)(lcg_next(&seed) % 5), w;

				for (w = 0; w < nw; w++) {
					if (w)
						strcat(buf, " ");
					strcat(buf, words[lcg_next(&seed) % 12]);
				}
				cells[r * nc + j] = arena_strdup(a, buf);
			}
		}
		memset(&t, 0, sizeof t);
		t.ncols = nc;
		t.nrows = nr;
		t.cols = cols;
		t.cells = cells;
		t.row_flags = flags;
		t.header_rows = iter % 5 ? 1 : 0;
		t.group_header = iter % 3 ? NULL : "A group header over everything";
		p = table_plan(a, &t, width, &m);
		for (j = 0; j < nc; j++)
			sum += table_plan_col_width(p, j);
		cr_assert_float_eq(sum, width, 1e-6, "iteration %d", iter);
		cr_assert_eq(table_plan_rows(p), nr);
		total = table_draw(a, &t, p, 0, nr, 1, 10, 800, &l, NULL, 0);
		hsum = table_plan_header_height(p);
		for (r = 0; r < nr; r++)
			hsum += table_plan_row_height(p, r);
		cr_assert_float_eq(total, hsum, 1e-9);
		for (i = 0; i < l.n; i++) {
			const struct draw_op *op = &l.ops[i];
			double x1 = op->kind == DRAW_TEXT ? op->x + text_w(op) : op->x + op->w;
			double y0 = op->kind == DRAW_TEXT ? op->y - 0.2 * op->size : op->y;

			cr_assert(op->x >= 10 - 1e-6 && x1 <= 10 + width + 1e-6,
			          "iteration %d op %zu '%s' x [%g,%g] width %g", iter, i,
			          op->text ? op->text : "", op->x, x1, width);
			cr_assert(y0 >= 800 - total - 1e-6, "iteration %d op %zu below the table", iter, i);
		}
		/* two slices stack to the same height as the whole */
		if (nr >= 2) {
			struct draw_list l2 = {0};
			size_t cut = nr / 2;
			double h1 = table_draw(a, &t, p, 0, cut, 1, 10, 800, &l2, NULL, 0);
			double h2 = table_draw(a, &t, p, cut, nr, 0, 10, 800 - h1, &l2, NULL, 0);

			cr_assert_float_eq(h1 + h2, total, 1e-9);
		}
	}
	arena_free(a);
}
