/*
 * Tests for chart.c: geometry of the draw lists with a fake measure
 * (every byte is 0.5 * size wide, ascent 0.8, descent 0.2).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "layout/internal.h"
#include "doc/doc.h"
#include "layout/layout.h"
#include "helpers.h"

static double text_width(const struct draw_op *op)
{
	return 0.5 * op->size * (double)strlen(op->text);
}

/* Bounding box of an op. */
static void op_box(const struct draw_op *op, double *x0, double *y0, double *x1, double *y1)
{
	switch (op->kind) {
	case DRAW_TEXT:
		*x0 = op->x;
		*x1 = op->x + text_width(op);
		*y0 = op->y - 0.2 * op->size;
		*y1 = op->y + 0.8 * op->size;
		break;
	case DRAW_LINE:
		*x0 = fmin(op->x, op->x + op->w);
		*x1 = fmax(op->x, op->x + op->w);
		*y0 = fmin(op->y, op->y + op->h);
		*y1 = fmax(op->y, op->y + op->h);
		break;
	case DRAW_CIRCLE:
		*x0 = op->x - op->w;
		*x1 = op->x + op->w;
		*y0 = op->y - op->w;
		*y1 = op->y + op->w;
		break;
	default:
		*x0 = op->x;
		*x1 = op->x + op->w;
		*y0 = op->y;
		*y1 = op->y + op->h;
		break;
	}
}

static void assert_inside(const struct draw_list *l, double w, double h)
{
	size_t i;

	cr_assert(l->n > 0, "nothing drawn");
	for (i = 0; i < l->n; i++) {
		double x0, y0, x1, y1;

		op_box(&l->ops[i], &x0, &y0, &x1, &y1);
		cr_assert(x0 >= -1e-6 && x1 <= w + 1e-6 && y0 >= -1e-6 && y1 <= h + 1e-6,
		          "op %zu (kind %d, text '%s') at [%g,%g]x[%g,%g] outside %gx%g", i,
		          l->ops[i].kind, l->ops[i].text ? l->ops[i].text : "", x0, x1, y0, y1, w, h);
	}
}

static const char *sector_labels[] = {
	"Construction", "Mining and quarrying", "Manufacturing", "Transportation and storage",
	"Accommodation and food service activities of every kind in the country",
	"Agriculture", "Wholesale and retail trade", "Electricity, gas, steam and air conditioning",
	"Water supply", "Arts, entertainment and recreation"
};
static double sector_values[] = {0.41, 0.33, 0.27, 0.27, 0.19, 0.14, 0.125, 0.118, 0.105, 0.093};

static struct doc_chart bar_chart(void)
{
	struct doc_chart c;

	memset(&c, 0, sizeof c);
	c.kind = CHART_BAR;
	c.n = 10;
	c.labels = sector_labels;
	c.y = sector_values;
	c.x_percent = true;
	c.x_title = "Share of jobs at risk";
	c.r = NAN;
	return c;
}

/* Parse a tick label ("40%", "1,000", "0.5") as a number; false if not one. */
static bool parse_num(const char *s, double *v)
{
	char buf[64];
	size_t o = 0;
	char *end;

	for (; *s && o + 1 < sizeof buf; s++) {
		if (*s == ',' || *s == '%')
			continue;
		buf[o++] = *s;
	}
	buf[o] = 0;
	if (o == 0)
		return false;
	*v = strtod(buf, &end);
	return *end == 0;
}

static bool find_text(const struct draw_list *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->ops[i].kind == DRAW_TEXT && !strcmp(l->ops[i].text, s))
			return true;
	return false;
}

Test(chart, bar_ops_inside_box)
{
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c = bar_chart();
	struct draw_list l = {0};
	double h = chart_draw(a, &c, 300, &m, "en", &l);

	cr_assert(h > 0);
	cr_assert_float_eq(l.height, h, 1e-9);
	cr_assert_float_eq(l.width, 300, 1e-9);
	assert_inside(&l, 300, h);
	arena_free(a);
}

Test(chart, bar_lengths_proportional)
{
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c = bar_chart();
	struct draw_list l = {0};
	double ratio = 0, x0 = NAN, prev_y = INFINITY;
	size_t i, bars = 0;

	chart_draw(a, &c, 320, &m, "en", &l);
	for (i = 0; i < l.n; i++) {
		const struct draw_op *op = &l.ops[i];

		if (op->kind != DRAW_FILL)
			continue;
		cr_assert(bars < c.n);
		if (bars == 0) {
			ratio = op->w / c.y[bars];
			x0 = op->x;
		}
		cr_assert_float_eq(op->w / c.y[bars], ratio, 1e-6, "bar %zu not proportional", bars);
		cr_assert_float_eq(op->x, x0, 1e-9, "bars start at the same x");
		cr_assert(op->y < prev_y, "bars go down in the given order");
		prev_y = op->y;
		bars++;
	}
	cr_assert_eq(bars, c.n);
	arena_free(a);
}

Test(chart, bar_ticks_round_and_cover_data)
{
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c = bar_chart();
	struct draw_list l = {0};
	double ticks[32], maxv = 0;
	size_t i, nt = 0;

	chart_draw(a, &c, 320, &m, "en", &l);
	for (i = 0; i < l.n; i++) {
		const struct draw_op *op = &l.ops[i];
		double v;

		if (op->kind == DRAW_TEXT && strchr(op->text, '%') && op->y < 20 &&
		    parse_num(op->text, &v) && nt < 32)
			ticks[nt++] = v;
	}
	cr_assert(nt >= 3, "found %zu tick labels", nt);
	for (i = 0; i < c.n; i++)
		maxv = fmax(maxv, c.y[i] * 100);
	cr_assert_float_eq(ticks[0], 0, 1e-9);
	cr_assert(ticks[nt - 1] >= maxv, "ticks end at %g below the data max %g", ticks[nt - 1],
	          maxv);
	for (i = 1; i < nt; i++) {
		double step = ticks[i] - ticks[i - 1], mant = step / pow(10, floor(log10(step)));

		cr_assert_float_eq(step, ticks[1] - ticks[0], 1e-9, "even steps");
		cr_assert(fabs(mant - 1) < 1e-9 || fabs(mant - 2) < 1e-9 || fabs(mant - 2.5) < 1e-9 ||
		          fabs(mant - 5) < 1e-9, "step %g not round", step);
	}
	arena_free(a);
}

Test(chart, nice_ticks_algorithm)
{
	static const double cases[][2] = {
		{0, 0.41}, {0, 41}, {-3.2, 17}, {1, 35}, {0.12, 0.97}, {950, 2809944}, {5, 5},
		{0, 1e-7}, {-50, -10}, {3.3, 3.31}
	};
	size_t k;

	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct chart_ticks t;
		double lo = cases[k][0], hi = cases[k][1], mant;
		int target;

		for (target = 2; target <= 8; target++) {
			chart_ticks(lo, hi, target, &t);
			mant = t.step / pow(10, floor(log10(t.step) + 1e-12));
			cr_assert(fabs(mant - 1) < 1e-9 || fabs(mant - 2) < 1e-9 ||
			          fabs(mant - 2.5) < 1e-9 || fabs(mant - 5) < 1e-9,
			          "[%g,%g]/%d: step %g", lo, hi, target, t.step);
			cr_assert(t.first <= lo + 1e-12 && t.last >= hi - 1e-12, "[%g,%g] not covered", lo,
			          hi);
			cr_assert(fabs(t.first / t.step - floor(t.first / t.step + 0.5)) < 1e-6);
			cr_assert_float_eq(t.first + (t.count - 1) * t.step, t.last, 1e-9 * fmax(1, hi));
			cr_assert(t.count >= 2 && t.count <= 2 * target + 2, "%d ticks for target %d",
			          t.count, target);
		}
	}
}

Test(chart, bar_long_labels_wrap_or_ellipsize)
{
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c = bar_chart();
	struct draw_list l = {0};
	double h = chart_draw(a, &c, 260, &m, "en", &l);
	size_t i;
	bool ellipsis = false, wrapped = false;

	assert_inside(&l, 260, h);
	for (i = 0; i < l.n; i++) {
		const struct draw_op *op = &l.ops[i];

		if (op->kind != DRAW_TEXT)
			continue;
		if (strstr(op->text, "\xe2\x80\xa6"))
			ellipsis = true;
		if (!strcmp(op->text, "Transportation and"))
			wrapped = true;
	}
	cr_assert(ellipsis, "the very long label is shortened with an ellipsis");
	cr_assert(wrapped, "a label too wide for the label column wraps at a space");
	cr_assert(find_text(&l, "storage"));
	cr_assert(find_text(&l, "Construction"), "a short label stays whole");
	arena_free(a);
}

Test(chart, bar_value_labels_given)
{
	static const char *vl[] = {"a1", "b2", "c3", "d4", "e5", "f6", "g7", "h8", "i9", "j10"};
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c = bar_chart();
	struct draw_list l = {0};
	size_t i, k, found = 0;

	c.value_labels = vl;
	chart_draw(a, &c, 300, &m, "en", &l);
	for (k = 0; k < c.n; k++) {
		const struct draw_op *bar = NULL;
		size_t bars = 0;

		for (i = 0; i < l.n; i++)
			if (l.ops[i].kind == DRAW_FILL && bars++ == k)
				bar = &l.ops[i];
		cr_assert(bar);
		for (i = 0; i < l.n; i++) {
			const struct draw_op *op = &l.ops[i];

			if (op->kind == DRAW_TEXT && !strcmp(op->text, vl[k])) {
				/* just right of the bar end, on the bar's row */
				cr_assert(op->x > bar->x + bar->w && op->x < bar->x + bar->w + 6);
				cr_assert(op->y > bar->y - 2 && op->y < bar->y + bar->h);
				found++;
			}
		}
	}
	cr_assert_eq(found, c.n);
	arena_free(a);
}

/* Value labels whose text spans a gridline: the gridline stops short of
 * them (it is drawn in pieces) and still runs elsewhere. */
Test(chart, bar_value_labels_clear_of_gridlines)
{
	static const char *vl[] = {"value 1", "value 2", "value 3", "value 4", "value 5",
	                           "value 6", "value 7", "value 8", "value 9", "value 10"};
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c = bar_chart();
	struct draw_list l = {0};
	size_t i, j, grid = 0, crossed = 0;

	c.value_labels = vl;
	chart_draw(a, &c, 300, &m, "en", &l);
	for (i = 0; i < l.n; i++) {
		double gx0, gy0, gx1, gy1;

		if (l.ops[i].kind != DRAW_LINE || l.ops[i].rgb != 0xDCDCDCu)
			continue;
		grid++;
		op_box(&l.ops[i], &gx0, &gy0, &gx1, &gy1);
		for (j = 0; j < l.n; j++) {
			double tx0, ty0, tx1, ty1;

			if (l.ops[j].kind != DRAW_TEXT || strncmp(l.ops[j].text, "value ", 6) != 0)
				continue;
			op_box(&l.ops[j], &tx0, &ty0, &tx1, &ty1);
			crossed += gx0 > tx0 && gx0 < tx1 && gy0 < ty1 && gy1 > ty0;
		}
	}
	cr_assert_gt(grid, 0);
	cr_assert_eq(crossed, 0, "%zu gridline pieces run through a value label", crossed);
	arena_free(a);
}

Test(chart, empty_chart_draws_nothing)
{
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c = bar_chart();
	struct draw_list l = {0};

	c.n = 0;
	cr_assert_float_eq(chart_draw(a, &c, 300, &m, "en", &l), 0, 1e-12);
	cr_assert_eq(l.n, 0);
	arena_free(a);
}

/* ---- scatter ---- */

#define NS 12
static const char *scatter_labels[NS] = {
	"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
	"Juliett", "Kilo", "Lima"
};

static void scatter_data(double *x, double *y)
{
	int i;

	for (i = 0; i < NS; i++) {
		x[i] = 10 + 7 * i + (i % 3) * 2;
		y[i] = 3 + 0.8 * x[i] + ((i * 7) % 5) * 3 - 6;
	}
}

/* Numeric tick labels: x ticks share the lowest baseline; y ticks are the
 * labels right-aligned left of the plot. Fills two value-to-pt maps. */
struct axis_map {
	double v0, p0, v1, p1;
	int n;
};

static void find_axes(const struct draw_list *l, struct axis_map *xm, struct axis_map *ym)
{
	double low = INFINITY, right = -INFINITY;
	size_t i;

	memset(xm, 0, sizeof *xm);
	memset(ym, 0, sizeof *ym);
	for (i = 0; i < l->n; i++) {
		double v;

		if (l->ops[i].kind == DRAW_TEXT && parse_num(l->ops[i].text, &v) &&
		    l->ops[i].y < low)
			low = l->ops[i].y;
	}
	for (i = 0; i < l->n; i++) {
		const struct draw_op *op = &l->ops[i];
		double v;

		if (op->kind != DRAW_TEXT || !parse_num(op->text, &v))
			continue;
		if (fabs(op->y - low) < 1e-9) {
			double p = op->x + text_width(op) / 2;

			if (xm->n == 0) {
				xm->v0 = v;
				xm->p0 = p;
			} else {
				xm->v1 = v;
				xm->p1 = p;
			}
			xm->n++;
		} else {
			/* y tick: vertical centre of the glyph body */
			double p = op->y + (0.8 - 0.2) / 2 * op->size;

			if (op->x + text_width(op) > right + 1e-9 && ym->n > 0)
				continue;
			right = op->x + text_width(op);
			if (ym->n == 0) {
				ym->v0 = v;
				ym->p0 = p;
			} else {
				ym->v1 = v;
				ym->p1 = p;
			}
			ym->n++;
		}
	}
}

static double unmap(const struct axis_map *m, double p)
{
	return m->v0 + (p - m->p0) * (m->v1 - m->v0) / (m->p1 - m->p0);
}

Test(chart, scatter_fit_line_on_y_equals_a_plus_bx)
{
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c;
	struct draw_list l = {0};
	double x[NS], y[NS], h;
	struct axis_map xm, ym;
	const struct draw_op *line = NULL;
	size_t i;

	scatter_data(x, y);
	memset(&c, 0, sizeof c);
	c.kind = CHART_SCATTER;
	c.n = NS;
	c.labels = scatter_labels;
	c.x = x;
	c.y = y;
	c.fit_line = true;
	c.slope = 0.8;
	c.intercept = 2.5;
	c.r = 0.93;
	c.x_title = "Share of men";
	c.y_title = "Risk";
	h = chart_draw(a, &c, 340, &m, "en", &l);
	assert_inside(&l, 340, h);
	for (i = 0; i < l.n; i++)
		if (l.ops[i].kind == DRAW_LINE && l.ops[i].dash > 0)
			line = &l.ops[i];
	cr_assert(line, "no fitted line");
	find_axes(&l, &xm, &ym);
	cr_assert(xm.n >= 3 && ym.n >= 3, "x ticks %d, y ticks %d", xm.n, ym.n);
	{
		double xa = unmap(&xm, line->x), ya = unmap(&ym, line->y);
		double xb = unmap(&xm, line->x + line->w), yb = unmap(&ym, line->y + line->h);
		double xmin = x[0], xmax = x[0];

		for (i = 0; i < NS; i++) {
			xmin = fmin(xmin, x[i]);
			xmax = fmax(xmax, x[i]);
		}
		cr_assert_float_eq(ya, c.intercept + c.slope * xa, 1e-6, "start (%g,%g)", xa, ya);
		cr_assert_float_eq(yb, c.intercept + c.slope * xb, 1e-6, "end (%g,%g)", xb, yb);
		/* across the data's x range */
		cr_assert_float_eq(xa, xmin, 1e-6);
		cr_assert_float_eq(xb, xmax, 1e-6);
	}
	/* every point where its data says */
	{
		size_t pts = 0;

		for (i = 0; i < l.n; i++) {
			const struct draw_op *op = &l.ops[i];

			if (op->kind == DRAW_CIRCLE && op->rgb != 0xFFFFFFu) {
				cr_assert(pts < NS);
				cr_assert_float_eq(unmap(&xm, op->x), x[pts], 1e-6);
				cr_assert_float_eq(unmap(&ym, op->y), y[pts], 1e-6);
				pts++;
			}
		}
		cr_assert_eq(pts, NS);
	}
	arena_free(a);
}

Test(chart, scatter_r_note_language)
{
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c;
	struct draw_list en = {0}, es = {0}, none = {0};
	double x[NS], y[NS];
	size_t i;

	scatter_data(x, y);
	memset(&c, 0, sizeof c);
	c.kind = CHART_SCATTER;
	c.n = NS;
	c.x = x;
	c.y = y;
	c.r = 0.6234;
	chart_draw(a, &c, 300, &m, "en", &en);
	chart_draw(a, &c, 300, &m, "es", &es);
	cr_assert(find_text(&en, "r = 0.62"));
	cr_assert(find_text(&es, "r = 0.62"), "es-MX keeps the decimal point");
	c.r = NAN;
	chart_draw(a, &c, 300, &m, "en", &none);
	for (i = 0; i < none.n; i++)
		cr_assert(none.ops[i].kind != DRAW_TEXT || strncmp(none.ops[i].text, "r =", 3) != 0);
	arena_free(a);
}

Test(chart, scatter_dense_labels_do_not_overlap)
{
	enum { N = 60 };
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c;
	struct draw_list l = {0};
	double x[N], y[N], bx0[N], by0[N], bx1[N], by1[N], h;
	const char *labels[N];
	size_t i, j, nl = 0;

	for (i = 0; i < N; i++) {
		/* a tight cloud */
		x[i] = 50 + 10 * sin((double)i * 1.7);
		y[i] = 20 + 6 * cos((double)i * 2.3);
		labels[i] = arena_printf(a, "Item %zu", i);
	}
	memset(&c, 0, sizeof c);
	c.kind = CHART_SCATTER;
	c.n = N;
	c.labels = labels;
	c.x = x;
	c.y = y;
	c.r = NAN;
	c.highlight_set = true;
	c.highlight = 7;
	h = chart_draw(a, &c, 300, &m, "en", &l);
	assert_inside(&l, 300, h);
	for (i = 0; i < l.n; i++) {
		const struct draw_op *op = &l.ops[i];

		if (op->kind != DRAW_TEXT || strncmp(op->text, "Item ", 5) != 0)
			continue;
		op_box(op, &bx0[nl], &by0[nl], &bx1[nl], &by1[nl]);
		nl++;
	}
	cr_assert(nl >= 5, "only %zu labels placed", nl);
	cr_assert(nl < N, "a dense cloud cannot label every point");
	cr_assert(find_text(&l, "Item 7"), "the highlighted item is always labelled");
	for (i = 0; i < nl; i++)
		for (j = i + 1; j < nl; j++)
			cr_assert(bx0[i] >= bx1[j] || bx0[j] >= bx1[i] || by0[i] >= by1[j] ||
			          by0[j] >= by1[i], "labels %zu and %zu overlap", i, j);
	/* and no label covers a point */
	for (i = 0; i < l.n; i++) {
		const struct draw_op *op = &l.ops[i];

		if (op->kind != DRAW_CIRCLE || op->rgb == 0xFFFFFFu)
			continue;
		for (j = 0; j < nl; j++)
			cr_assert(!(op->x > bx0[j] && op->x < bx1[j] && op->y > by0[j] && op->y < by1[j]),
			          "label %zu covers a point centre", j);
	}
	arena_free(a);
}

/* A cluster where the spots next to the points are taken: labels go farther
 * out on leader lines, every point is labelled, no label overlaps another,
 * a point or a leader. */
Test(chart, scatter_cluster_labels_every_point_with_leaders)
{
	enum { N = 11 };
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c;
	struct draw_list l = {0};
	double x[N], y[N], bx0[N], by0[N], bx1[N], by1[N], h;
	const char *labels[N];
	size_t i, j, nl = 0, nleads = 0;

	/* three rows of three points, 4 % apart across and 2 points up */
	for (i = 0; i < N; i++) {
		x[i] = 40 + 4 * (double)(i % 3) + (i % 2);
		y[i] = 20 + 2 * (double)(i / 3);
		labels[i] = arena_printf(a, "Sector %zu", i);
	}
	x[N - 1] = 0;
	y[N - 1] = 0;
	x[N - 2] = 100;
	y[N - 2] = 40;
	memset(&c, 0, sizeof c);
	c.kind = CHART_SCATTER;
	c.n = N;
	c.labels = labels;
	c.x = x;
	c.y = y;
	c.r = NAN;
	h = chart_draw(a, &c, 400, &m, "en", &l);
	assert_inside(&l, 400, h);
	for (i = 0; i < l.n; i++) {
		const struct draw_op *op = &l.ops[i];

		if (op->kind == DRAW_LINE && op->rgb == 0x5F6368u && op->lw < 0.5)
			nleads++;   /* leaders: thin muted lines (ticks are 0.6 pt) */
		if (op->kind != DRAW_TEXT || strncmp(op->text, "Sector ", 7) != 0)
			continue;
		op_box(op, &bx0[nl], &by0[nl], &bx1[nl], &by1[nl]);
		nl++;
	}
	cr_assert_eq(nl, N, "only %zu of %d points labelled", nl, N);
	cr_assert_gt(nleads, 0, "a cluster this tight needs leader lines");
	for (i = 0; i < nl; i++)
		for (j = i + 1; j < nl; j++)
			cr_assert(bx0[i] >= bx1[j] || bx0[j] >= bx1[i] || by0[i] >= by1[j] ||
			          by0[j] >= by1[i], "labels %zu and %zu overlap", i, j);
	for (i = 0; i < l.n; i++) {
		const struct draw_op *op = &l.ops[i];

		if (op->kind != DRAW_CIRCLE || op->rgb == 0xFFFFFFu)
			continue;
		for (j = 0; j < nl; j++)
			cr_assert(!(op->x + op->w > bx0[j] && op->x - op->w < bx1[j] &&
			            op->y + op->w > by0[j] && op->y - op->w < by1[j]),
			          "label %zu covers a point", j);
	}
	arena_free(a);
}

/* ---- dot rank ---- */

Test(chart, dotrank_rows_groups_and_scale)
{
	static const char *metrics[] = {"Innovation", "Digital services", "Effectiveness",
	                                "Digitalisation", "Tech skills", "Startups"};
	static const char *groups[] = {"Public service", "Public service", "Public service",
	                               "Economy", "Economy", "Economy"};
	static double ranks[] = {35, 17, 34, 1, 35, 22};
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c;
	struct draw_list l = {0};
	double h, x1 = NAN, x35 = NAN, prev_y = INFINITY;
	size_t i, heads = 0, dots = 0;

	memset(&c, 0, sizeof c);
	c.kind = CHART_DOTRANK;
	c.n = 6;
	c.labels = metrics;
	c.y = ranks;
	c.groups = groups;
	c.rank_max = 35;
	c.r = NAN;
	h = chart_draw(a, &c, 320, &m, "en", &l);
	assert_inside(&l, 320, h);
	cr_assert(find_text(&l, "1 = best of 35"));
	for (i = 0; i < l.n; i++) {
		const struct draw_op *op = &l.ops[i];

		if (op->kind == DRAW_TEXT && (!strcmp(op->text, "Public service") ||
		                              !strcmp(op->text, "Economy")))
			heads++;
		if (op->kind == DRAW_CIRCLE) {
			cr_assert(dots < c.n);
			cr_assert(op->y < prev_y, "rows go down in order");
			prev_y = op->y;
			if (ranks[dots] == 1)
				x1 = op->x;
			if (ranks[dots] == 35)
				x35 = op->x;
			dots++;
		}
	}
	cr_assert_eq(heads, 2, "one heading per group");
	cr_assert_eq(dots, c.n);
	cr_assert(x1 < x35, "best rank on the left");
	{
		/* ranks 17 and 22 lie proportionally between 1 and 35 */
		size_t d = 0;

		for (i = 0; i < l.n; i++) {
			if (l.ops[i].kind != DRAW_CIRCLE)
				continue;
			cr_assert_float_eq(l.ops[i].x, x1 + (ranks[d] - 1) / 34 * (x35 - x1), 1e-6);
			d++;
		}
	}
	arena_free(a);
}

Test(chart, dotrank_spanish_legend)
{
	static const char *lab[] = {"Innovación"};
	static double rk[] = {5};
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c;
	struct draw_list l = {0};

	memset(&c, 0, sizeof c);
	c.kind = CHART_DOTRANK;
	c.n = 1;
	c.labels = lab;
	c.y = rk;
	c.rank_max = 35;
	chart_draw(a, &c, 250, &m, "es", &l);
	cr_assert(find_text(&l, "1 = mejor de 35"));
	arena_free(a);
}

Test(chart, dotrank_of_many_rows_shows_best_neighbours_and_last)
{
	/* 300 units ranked 300..1 in data order; the highlighted one ranks 150th */
	enum { N = 300 };
	static const char *lab[N];
	static double rk[N];
	static char names[N][16];
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c;
	struct draw_list l = {0};
	double h, prev = 0;
	size_t i, dots = 0, ellipses = 0, hl_dots = 0;

	for (i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "Unit %zu", i);
		lab[i] = names[i];
		rk[i] = (double)(N - i);
	}
	memset(&c, 0, sizeof c);
	c.kind = CHART_DOTRANK;
	c.n = N;
	c.labels = lab;
	c.y = rk;
	c.rank_max = N;
	c.highlight_set = true;
	c.highlight = N - 150;   /* rank 150 */
	c.r = NAN;
	h = chart_draw(a, &c, 320, &m, "en", &l);
	assert_inside(&l, 320, h);
	cr_assert_lt(h, 400, "a short chart, not 300 rows (%.0f pt)", h);
	/* best 5 (ranks 1-5), 147-153 around the highlight, last 3 (298-300) */
	cr_assert(find_text(&l, "1 = best of 300 \xC2\xB7 15 out of 300 shown"));
	for (i = 0; i < l.n; i++) {
		const struct draw_op *op = &l.ops[i];

		if (op->kind == DRAW_TEXT && strcmp(op->text, "\xE2\x80\xA6") == 0)
			ellipses++;
		if (op->kind == DRAW_TEXT && op->font == FONT_SANS_BOLD && strcmp(op->text, "Unit 150") == 0)
			hl_dots++;
		if (op->kind == DRAW_CIRCLE) {
			double v;

			dots++;
			/* the dot's number is the next text op */
			cr_assert(i + 1 < l.n && parse_num(l.ops[i + 1].text, &v));
			cr_assert_gt(v, prev, "rows in rank order");
			cr_assert((v >= 1 && v <= 5) || (v >= 147 && v <= 153) || v >= 298, "rank %g", v);
			prev = v;
		}
	}
	cr_assert_eq(dots, 15);
	cr_assert_eq(ellipses, 2, "one mark per run of rows left out");
	cr_assert_eq(hl_dots, 1, "the highlighted unit keeps its bold label");
	arena_free(a);
}

/* ---- awkward inputs ---- */

Test(chart, bar_negative_nan_and_zero_values_stay_inside)
{
	static const char *lab[] = {"Up", "Down a lot", "Missing", "Zero", "Small"};
	static double v[] = {12.5, -30.4, NAN, 0, 0.5};
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c;
	struct draw_list l = {0};
	double h, zero_x = NAN;
	size_t i, bars = 0;

	memset(&c, 0, sizeof c);
	c.kind = CHART_BAR;
	c.n = 5;
	c.labels = lab;
	c.y = v;
	c.r = NAN;
	h = chart_draw(a, &c, 280, &m, "en", &l);
	assert_inside(&l, 280, h);
	cr_assert(find_text(&l, "-30.4"), "negative value with a minus sign");
	for (i = 0; i < l.n; i++) {
		const struct draw_op *op = &l.ops[i];

		if (op->kind != DRAW_FILL)
			continue;
		/* every bar has one end on the zero line */
		if (isnan(zero_x))
			zero_x = op->x;
		cr_assert(fabs(op->x - zero_x) < 1e-6 || fabs(op->x + op->w - zero_x) < 1e-6);
		bars++;
	}
	cr_assert_eq(bars, 4, "no bar for the missing value");
	arena_free(a);
}

Test(chart, degenerate_inputs_do_not_break)
{
	static const char *lab[] = {"Only"};
	static double one[] = {3}, xs[] = {2};
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c;
	int kind;

	for (kind = CHART_BAR; kind <= CHART_DOTRANK; kind++) {
		struct draw_list l = {0};
		double h;

		memset(&c, 0, sizeof c);
		c.kind = (enum doc_chart_kind)kind;
		c.n = 1;
		c.labels = lab;
		c.y = one;
		c.x = xs;
		c.r = NAN;
		c.fit_line = true;   /* a single point: no range for a line */
		c.slope = 1;
		c.highlight_set = true;
		c.highlight = 5;     /* out of range: ignored */
		h = chart_draw(a, &c, 240, &m, "es", &l);
		cr_assert(h > 0, "kind %d", kind);
		assert_inside(&l, 240, h);
	}
	arena_free(a);
}

Test(chart, number_format_groups_and_rounds)
{
	static const char *lab[] = {"Manufactura", "Construcción"};
	static double v[] = {2809944, 1750676.5};
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c;
	struct draw_list l = {0};

	memset(&c, 0, sizeof c);
	c.kind = CHART_BAR;
	c.n = 2;
	c.labels = lab;
	c.y = v;
	c.r = NAN;
	chart_draw(a, &c, 400, &m, "es", &l);
	/* Mexican usage, as fmt.h: comma groups, decimal point */
	cr_assert(find_text(&l, "2,809,944"));
	cr_assert(find_text(&l, "1,750,677"), "half rounds away from zero");
	cr_assert(find_text(&l, "1,000,000"), "tick label");
	arena_free(a);
}

Test(chart, bar_group_headings_where_group_changes)
{
	static const char *lab[] = {"Mining", "Manufacturing", "Retail", "Transport", "Farming"};
	static const char *grp[] = {"Industry", "Industry", "Services", "Services", "Agriculture"};
	static double v[] = {5, 4, 3, 2, 1};
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	struct doc_chart c;
	struct draw_list l = {0};
	double h, bar_top[5];
	size_t i, nb = 0;
	const char *heads[3] = {"Industry", "Services", "Agriculture"};
	size_t first_of[3] = {0, 2, 4};

	memset(&c, 0, sizeof c);
	c.kind = CHART_BAR;
	c.n = 5;
	c.labels = lab;
	c.y = v;
	c.groups = grp;
	c.r = NAN;
	h = chart_draw(a, &c, 300, &m, "en", &l);
	assert_inside(&l, 300, h);
	for (i = 0; i < l.n; i++)
		if (l.ops[i].kind == DRAW_FILL)
			bar_top[nb++] = l.ops[i].y + l.ops[i].h;
	cr_assert_eq(nb, 5);
	for (i = 0; i < 3; i++) {
		size_t j, count = 0;
		const struct draw_op *hd = NULL;

		for (j = 0; j < l.n; j++)
			if (l.ops[j].kind == DRAW_TEXT && !strcmp(l.ops[j].text, heads[i])) {
				hd = &l.ops[j];
				count++;
			}
		cr_assert_eq(count, 1, "heading %s drawn %zu times", heads[i], count);
		cr_assert_eq(hd->font, FONT_SANS_BOLD);
		cr_assert(hd->y > bar_top[first_of[i]], "heading above its first bar");
		if (first_of[i] > 0)
			cr_assert(hd->y < bar_top[first_of[i] - 1], "heading below the previous group");
	}
	arena_free(a);
}

/* A small deterministic generator for the randomised test. */
static unsigned long lcg_next(unsigned long *s)
{
	*s = *s * 6364136223846793005UL + 1442695040888963407UL;
	return (*s >> 33) & 0x7fffffffUL;
}

static double lcg_unit(unsigned long *s)
{
	return (double)lcg_next(s) / 2147483648.0;
}

Test(chart, random_charts_stay_inside_their_box)
{
	static const char *words[] = {"Agriculture", "and", "services", "of", "the",
	                              "Manufacturing", "x", "Públicos", "data", "mining"};
	struct arena *a = arena_new();
	struct draw_measure m = th_fake_measure();
	unsigned long seed = 12345;
	int iter;

	for (iter = 0; iter < 300; iter++) {
		struct doc_chart c;
		struct draw_list l = {0};
		size_t n = 1 + lcg_next(&seed) % 40, k;
		double width = 200 + lcg_unit(&seed) * 300, h, scale = pow(10, (int)(lcg_next(&seed) % 9) - 3);
		const char **labels = arena_calloc(a, n, sizeof *labels);
		const char **groups = arena_calloc(a, n, sizeof *groups);
		double *x = arena_calloc(a, n, sizeof *x), *y = arena_calloc(a, n, sizeof *y);

		for (k = 0; k < n; k++) {
			int nw = 1 + (int)(lcg_next(&seed) % 6), w;
			char buf[256] = "";

			for (w = 0; w < nw; w++) {
				if (w)
					strcat(buf, " ");
				strcat(buf, words[lcg_next(&seed) % 10]);
			}
			labels[k] = arena_strdup(a, buf);
			groups[k] = k < n / 2 ? "First group" : "Second";
			x[k] = (lcg_unit(&seed) - 0.2) * scale;
			y[k] = (lcg_unit(&seed) - 0.2) * scale;
		}
		memset(&c, 0, sizeof c);
		c.kind = (enum doc_chart_kind)(iter % 3);
		c.n = n;
		c.labels = labels;
		c.x = x;
		c.y = y;
		c.r = iter % 2 ? NAN : 0.5;
		c.fit_line = iter % 4 == 0;
		c.slope = lcg_unit(&seed) * 4 - 2;
		c.intercept = lcg_unit(&seed) * scale;
		c.x_percent = iter % 5 == 0;
		c.y_percent = iter % 7 == 0;
		c.x_title = "Horizontal axis title";
		c.y_title = "Vertical axis title";
		c.highlight_set = iter % 3 == 1;
		c.highlight = lcg_next(&seed) % n;
		if (c.kind == CHART_DOTRANK) {
			c.rank_max = 35;
			for (k = 0; k < n; k++)
				y[k] = 1 + (double)(lcg_next(&seed) % 35);
			c.groups = iter % 2 ? groups : NULL;
		}
		if (c.kind == CHART_BAR && iter % 2)
			c.groups = groups;
		h = chart_draw(a, &c, width, &m, iter % 2 ? "en" : "es", &l);
		cr_assert(h > 0 && isfinite(h), "iteration %d: height %g", iter, h);
		assert_inside(&l, width, h);
	}
	arena_free(a);
}
