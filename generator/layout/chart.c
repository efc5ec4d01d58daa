/*
 * chart: horizontal bar charts, scatter plots and rank-dot charts as draw
 * primitives (see chart.h). Pipeline position: called by layout for each
 * DOC_CHART node; knows nothing of pages or PDF.
 *
 * Design: one accent colour for data, a warm highlight for the emphasised
 * item, greys for text, thin light gridlines, no frames or shading. Every
 * chart is laid out top-down in a local frame and flipped to y-up at the end.
 */
#define _GNU_SOURCE   /* qsort_r */
#include "layout/internal.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "doc/doc.h"
#include "layout/layout.h"

/* Palette. */
#define COL_ACCENT 0x1B5E7Bu     /* deep teal-blue: the data */
#define COL_HIGHLIGHT 0xD8572Au  /* warm orange: the emphasised item */
#define COL_TEXT 0x262626u       /* labels */
#define COL_MUTED 0x5F6368u      /* ticks, titles, notes */
#define COL_GRID 0xDCDCDCu       /* gridlines */
#define COL_AXIS 0x7A7A7Au       /* zero line, axis */
#define COL_TRACK 0xE3E6E8u      /* dot-rank track */
#define COL_RANGE 0x9CC2D3u      /* interval bar behind a dot */
#define COL_FIT 0x4A4A4Au        /* fitted line */
#define COL_WHITE 0xFFFFFFu

/* Type sizes (pt). */
#define SZ_LABEL 8.0
#define SZ_VALUE 7.5
#define SZ_TICK 7.5
#define SZ_TITLE 7.5
#define SZ_POINT 7.5
#define SZ_HEAD 8.0

/* Drawing context shared by the three chart kinds. */
struct cx {
	struct arena *a;
	const struct draw_measure *m;
	const char *lang;
	struct draw_list *out;
	size_t first_op;   /* index of this chart's first op in out */
	double w;          /* chart width, pt */
};

/* ---- small drawing helpers (top-down y until chart_flip) ---- */

static double text_w(const struct cx *c, int role, double size, const char *s)
{
	return s && *s ? c->m->width(c->m->ctx, role, size, s, strlen(s)) : 0;
}

static double text_wn(const struct cx *c, int role, double size, const char *s, size_t n)
{
	return n ? c->m->width(c->m->ctx, role, size, s, n) : 0;
}

static double asc(const struct cx *c, int role, double size)
{
	return c->m->ascent[role] * size;
}

static double desc(const struct cx *c, int role, double size)
{
	return c->m->descent[role] * size;
}

/* Baseline (top-down) that centres the glyph body of a line on y. */
static double mid_baseline(const struct cx *c, int role, double size, double y)
{
	return y + (asc(c, role, size) - desc(c, role, size)) / 2;
}

static void put_text(struct cx *c, double x, double y, int role, double size, unsigned rgb,
                     const char *s)
{
	struct draw_op op = {0};

	if (!s || !*s)
		return;
	op.kind = DRAW_TEXT;
	op.x = x;
	op.y = y;
	op.font = role;
	op.size = size;
	op.rgb = rgb;
	op.text = s;
	draw_push(c->a, c->out, &op);
}

enum { AL_LEFT, AL_RIGHT, AL_CENTER };

static void put_text_al(struct cx *c, double x, double y, int al, int role, double size,
                        unsigned rgb, const char *s)
{
	double w = text_w(c, role, size, s);

	if (al == AL_RIGHT)
		x -= w;
	else if (al == AL_CENTER)
		x -= w / 2;
	put_text(c, x, y, role, size, rgb, s);
}

static void put_line(struct cx *c, double x0, double y0, double x1, double y1, double lw,
                     unsigned rgb, double dash)
{
	struct draw_op op = {0};

	op.kind = DRAW_LINE;
	op.x = x0;
	op.y = y0;
	op.w = x1 - x0;
	op.h = y1 - y0;
	op.lw = lw;
	op.rgb = rgb;
	op.dash = dash;
	draw_push(c->a, c->out, &op);
}

/* Filled rectangle from top-down corner (x, ytop), extent w x h downwards. */
static void put_fill(struct cx *c, double x, double ytop, double w, double h, unsigned rgb)
{
	struct draw_op op = {0};

	if (w < 0) {
		x += w;
		w = -w;
	}
	op.kind = DRAW_FILL;
	op.x = x;
	op.y = ytop + h;   /* bottom edge in top-down terms; flipped later */
	op.w = w;
	op.h = h;
	op.rgb = rgb;
	draw_push(c->a, c->out, &op);
}

static void put_circle(struct cx *c, double x, double y, double r, unsigned rgb)
{
	struct draw_op op = {0};

	op.kind = DRAW_CIRCLE;
	op.x = x;
	op.y = y;
	op.w = r;
	op.rgb = rgb;
	draw_push(c->a, c->out, &op);
}

/*
 * Turn the top-down frame into y-up with height h. FILL ops were stored with
 * y = their bottom edge measured downwards, so the flip maps it to the y-up
 * bottom edge; lines flip their vertical extent.
 */
static void chart_flip(struct cx *c, double h)
{
	size_t i;

	for (i = c->first_op; i < c->out->n; i++) {
		struct draw_op *op = &c->out->ops[i];

		op->y = h - op->y;
		if (op->kind == DRAW_LINE)
			op->h = -op->h;
	}
}

/* ---- numbers ---- */

/* The language of the chart's words (English when the code is unknown). */
static enum i18n_lang chart_lang(const char *lang)
{
	enum i18n_lang l;

	return i18n_lang_parse(lang, &l) == 0 ? l : LANG_EN;
}

/* A number label: v with dec decimals (0..6), thousands grouped, with a
 * percent sign when pct (v is then already in percent); "n/a" for NaN. The
 * conventions are base's (fmt_number). */
static char *num_label(struct arena *a, const char *lang, double v, int dec, bool pct)
{
	enum i18n_lang l = chart_lang(lang);

	if (dec > 6)
		dec = 6;
	return pct ? fmt_pct(a, l, v, dec) : fmt_number(a, l, v, dec);
}

/* Decimals needed to show multiples of step exactly (2.5 needs one). */
static int step_decimals(double step)
{
	int d = 0;

	while (d < 6) {
		double scaled = step * pow(10, d);

		if (fabs(scaled - floor(scaled + 0.5)) < 1e-6 * (scaled > 1 ? scaled : 1))
			break;
		d++;
	}
	return d;
}

void chart_ticks(double lo, double hi, int target, struct chart_ticks *t)
{
	static const double mult[] = {1, 2, 2.5, 5, 10};
	double range, raw, mag, step = 1;
	size_t i;

	if (!isfinite(lo) || !isfinite(hi)) {
		lo = 0;
		hi = 1;
	}
	if (lo > hi) {
		double tmp = lo;

		lo = hi;
		hi = tmp;
	}
	if (target < 1)
		target = 1;
	if (hi - lo < 1e-12 * (fabs(hi) > 1 ? fabs(hi) : 1)) {
		/* a single value: a unit-sized range around it */
		double u = fabs(lo) > 0 ? pow(10, floor(log10(fabs(lo)))) : 1;

		lo -= u;
		hi += u;
		if (lo < 0 && hi - u >= 0 && hi - u - u >= 0)
			lo = 0;
	}
	range = hi - lo;
	raw = range / target;
	mag = pow(10, floor(log10(raw)));
	for (i = 0; i < sizeof mult / sizeof mult[0]; i++) {
		step = mult[i] * mag;
		if (step >= raw * (1 - 1e-9))
			break;
	}
	/* Multiples of step, computed from integers so they print round. */
	{
		double k0 = floor(lo / step + 1e-9), k1 = ceil(hi / step - 1e-9);

		t->first = k0 * step;
		t->last = k1 * step;
		t->count = (int)(k1 - k0) + 1;
	}
	t->step = step;
	t->decimals = step_decimals(step);
}

static double tick_value(const struct chart_ticks *t, int i)
{
	/* k * step, not first + i*step, so rounding error does not accumulate */
	return (floor(t->first / t->step + 0.5) + i) * t->step;
}

/* ---- text fitting ---- */

#define ELLIPSIS "\xe2\x80\xa6"

/* s shortened with an ellipsis so it fits maxw (s itself when it fits). */
static const char *ellipsize(struct cx *c, int role, double size, const char *s, double maxw)
{
	size_t n = strlen(s), cut = 0, i = 0;
	double ew = text_w(c, role, size, ELLIPSIS);
	char *r;

	if (text_w(c, role, size, s) <= maxw)
		return s;
	while (i < n) {
		size_t next = i + utf8_step(s + i, n - i);

		if (text_wn(c, role, size, s, next) + ew > maxw)
			break;
		i = next;
		cut = i;
	}
	while (cut > 0 && s[cut - 1] == ' ')
		cut--;
	r = arena_alloc(c->a, cut + sizeof ELLIPSIS);
	memcpy(r, s, cut);
	memcpy(r + cut, ELLIPSIS, sizeof ELLIPSIS);
	return r;
}

/*
 * Greedy word wrap of s into at most maxlines lines of width maxw; the last
 * line takes the rest and is ellipsized if it still does not fit. Returns the
 * number of lines (>= 1), lines stored in lines[].
 */
static size_t wrap_label(struct cx *c, int role, double size, const char *s, double maxw,
                         size_t maxlines, const char **lines)
{
	size_t nl = 0;
	const char *p = s;

	while (*p == ' ')
		p++;
	while (*p && nl < maxlines) {
		const char *end = p, *brk = NULL;

		if (nl + 1 == maxlines) {
			lines[nl++] = ellipsize(c, role, size, p, maxw);
			return nl;
		}
		/* extend by whole words while they fit */
		for (;;) {
			const char *q = end;

			while (*q == ' ')
				q++;
			while (*q && *q != ' ')
				q++;
			if (text_wn(c, role, size, p, (size_t)(q - p)) > maxw && brk)
				break;
			brk = q;
			end = q;
			if (!*q)
				break;
			if (text_wn(c, role, size, p, (size_t)(q - p)) > maxw)
				break;
		}
		lines[nl] = ellipsize(c, role, size, arena_strndup(c->a, p, (size_t)(brk - p)), maxw);
		nl++;
		p = brk;
		while (*p == ' ')
			p++;
	}
	if (nl == 0)
		lines[nl++] = "";
	return nl;
}

/* ---- shared row labels (bar and dot-rank charts) ---- */

#define LABEL_LINES 2

struct rowlabel {
	const char *line[LABEL_LINES];
	size_t n;
};

/*
 * Wrap every label into a column at most cap wide; returns the width the
 * column really needs (widest line).
 */
static double label_column(struct cx *c, const struct doc_chart *ch, double cap,
                           struct rowlabel *rl)
{
	double need = 0;
	size_t i, k;

	for (i = 0; i < ch->n; i++) {
		const char *s = ch->labels && ch->labels[i] ? ch->labels[i] : "";
		int role = ch->highlight_set && ch->highlight == i ? FONT_SANS_BOLD : FONT_SANS;

		rl[i].n = wrap_label(c, role, SZ_LABEL, s, cap, LABEL_LINES, rl[i].line);
		for (k = 0; k < rl[i].n; k++) {
			double w = text_w(c, role, SZ_LABEL, rl[i].line[k]);

			if (w > need)
				need = w;
		}
	}
	return need;
}

static double label_natural(struct cx *c, const struct doc_chart *ch)
{
	double w = 0;
	size_t i;

	for (i = 0; i < ch->n; i++) {
		double t = text_w(c, FONT_SANS_BOLD, SZ_LABEL,
		                  ch->labels && ch->labels[i] ? ch->labels[i] : "");

		if (t > w)
			w = t;
	}
	return w;
}

/* Label lines right-aligned at xr, vertically centred on cy. */
static void draw_rowlabel(struct cx *c, const struct rowlabel *rl, double xr, double cy,
                          int role, unsigned rgb)
{
	double lh = SZ_LABEL * 1.2;
	double y0 = cy - lh * (double)(rl->n - 1) / 2;
	size_t k;

	for (k = 0; k < rl->n; k++)
		put_text_al(c, xr, mid_baseline(c, role, SZ_LABEL, y0 + lh * (double)k), AL_RIGHT,
		            role, SZ_LABEL, rgb, rl->line[k]);
}

static double row_pitch(const struct rowlabel *rl, double minimum)
{
	double h = SZ_LABEL * 1.2 * (double)rl->n + 4;

	return h > minimum ? h : minimum;
}

static bool is_hl(const struct doc_chart *ch, size_t i)
{
	return ch->highlight_set && ch->highlight == i;
}

/* Pick a tick target so that labels of about lw points do not crowd. */
static int tick_target(double span, double label_w)
{
	int t = (int)(span / (label_w * 1.8 > 40 ? label_w * 1.8 : 40));

	return t < 2 ? 2 : t > 8 ? 8 : t;
}

/* Width of the widest tick label for ticks over [lo, hi]. */
static double ticks_label_w(struct cx *c, const struct chart_ticks *t, bool pct)
{
	double w = 0;
	int i;

	for (i = 0; i < t->count; i++) {
		double tw = text_w(c, FONT_SANS, SZ_TICK,
		                   num_label(c->a, c->lang, tick_value(t, i), t->decimals, pct));

		if (tw > w)
			w = tw;
	}
	return w;
}

/* Ticks for data [lo, hi] (display units) along span pt. */
static void axis_ticks(struct cx *c, double lo, double hi, double span, bool pct,
                       struct chart_ticks *t)
{
	double lw = 0;
	int pass;

	for (pass = 0; pass < 3; pass++) {
		double w;

		chart_ticks(lo, hi, tick_target(span, lw), t);
		w = ticks_label_w(c, t, pct);
		if (w <= lw)
			break;
		lw = w;
	}
}

/*
 * Lay the rows out top-down from y, with a bold heading and a hairline
 * wherever the group changes (ch->groups); row k is centred on cy[k].
 * Returns the y below the last row.
 */
static double layout_rows(struct cx *c, const struct doc_chart *ch, const struct rowlabel *rl,
                          double min_pitch, double y, double *cy, const bool *gap_before)
{
	const char *prev = NULL;
	size_t k;

	for (k = 0; k < ch->n; k++) {
		const char *g = ch->groups ? ch->groups[k] : NULL;
		double p;

		if (gap_before && gap_before[k]) {
			/* rows left out: an ellipsis in the label column */
			double gh = asc(c, FONT_SANS, SZ_LABEL) + desc(c, FONT_SANS, SZ_LABEL) + 4;

			put_text(c, 0, y + 2 + asc(c, FONT_SANS, SZ_LABEL), FONT_SANS, SZ_LABEL,
			         COL_MUTED, "\xE2\x80\xA6");
			y += gh;
		}

		if (g && *g && (!prev || strcmp(g, prev) != 0)) {
			double hh = asc(c, FONT_SANS_BOLD, SZ_HEAD) + desc(c, FONT_SANS_BOLD, SZ_HEAD);

			if (k > 0)
				y += 5;
			put_text(c, 0, y + 2 + asc(c, FONT_SANS_BOLD, SZ_HEAD), FONT_SANS_BOLD, SZ_HEAD,
			         COL_TEXT, ellipsize(c, FONT_SANS_BOLD, SZ_HEAD, g, c->w));
			y += hh + 4;
			put_line(c, 0, y - 1, c->w, y - 1, 0.4, COL_GRID, 0);
			y += 1;
		}
		prev = g;
		p = row_pitch(&rl[k], min_pitch);
		cy[k] = y + p / 2;
		y += p;
	}
	return y;
}

/* ---- bar chart ---- */

/* Decimals for value labels the chart formats itself: none for integers,
 * else about three significant digits. */
static int value_decimals(const double *v, size_t n, bool pct)
{
	double mx = 0;
	size_t i;
	bool ints = true;

	for (i = 0; i < n; i++) {
		double d = pct ? v[i] * 100 : v[i];

		if (isnan(d))
			continue;
		if (fabs(d) > mx)
			mx = fabs(d);
		if (fabs(d - floor(d + 0.5)) > 1e-9)
			ints = false;
	}
	if (ints)
		return 0;
	return mx < 10 ? 1 + (mx < 1) : mx < 100 ? 1 : 0;
}

static double draw_bar(struct cx *c, const struct doc_chart *ch)
{
	const double bar_h = 9, gap = 6, val_gap = 3;
	double scale = ch->x_percent ? 100 : 1;
	double W = c->w, natural, cap, labw, px0, px1, plot_top = 2, y, H, lo = 0, hi = 0;
	double neg_w = 0, tick_h, kx;
	struct rowlabel *rl = arena_calloc(c->a, ch->n, sizeof *rl);
	const char **vl = arena_calloc(c->a, ch->n, sizeof *vl);
	double *cy = arena_calloc(c->a, ch->n, sizeof *cy);
	struct chart_ticks t;
	int dec, i;
	size_t k;

	for (k = 0; k < ch->n; k++) {
		double v = ch->y[k] * scale;

		if (isnan(v))
			continue;
		if (v < lo)
			lo = v;
		if (v > hi)
			hi = v;
	}
	if (lo == 0 && hi == 0)
		hi = 1;
	dec = value_decimals(ch->y, ch->n, ch->x_percent);
	for (k = 0; k < ch->n; k++) {
		if (ch->value_labels && ch->value_labels[k])
			vl[k] = ch->value_labels[k];
		else
			vl[k] = num_label(c->a, c->lang, ch->y[k] * scale, dec, ch->x_percent);
		if (ch->y[k] < 0) {
			double w = text_w(c, is_hl(ch, k) ? FONT_SANS_BOLD : FONT_SANS, SZ_VALUE, vl[k]) +
			           val_gap;

			if (w > neg_w)
				neg_w = w;
		}
	}

	/* label column: natural width, capped to 38% of the chart */
	natural = label_natural(c, ch);
	cap = W * 0.38;
	labw = label_column(c, ch, natural < cap ? natural : cap, rl);
	px0 = labw + gap + neg_w;

	/* ticks first (they fix the domain), then shrink the plot so that the
	 * value labels at the bar ends stay inside the box */
	axis_ticks(c, lo, hi, W - px0 - 30, ch->x_percent, &t);
	px1 = W;
	for (k = 0; k < ch->n; k++) {
		double v = ch->y[k] * scale, f, lim;
		double w = text_w(c, is_hl(ch, k) ? FONT_SANS_BOLD : FONT_SANS, SZ_VALUE, vl[k]);

		if (isnan(v) || v < 0)
			continue;
		f = (v - t.first) / (t.last - t.first);
		if (f <= 0)
			continue;
		lim = px0 + (W - val_gap - w - px0) / f;
		if (lim < px1)
			px1 = lim;
	}
	{
		double lastw = text_w(c, FONT_SANS, SZ_TICK,
		                      num_label(c->a, c->lang, t.last, t.decimals, ch->x_percent));

		if (px1 > W - lastw / 2)
			px1 = W - lastw / 2;
	}
	if (px1 < px0 + 20)
		px1 = px0 + 20;
	kx = (px1 - px0) / (t.last - t.first);
#define BX(v) (px0 + ((v) - t.first) * kx)

	/* rows, top-down, with group headings */
	y = layout_rows(c, ch, rl, bar_h + 6, plot_top, cy, NULL);
	tick_h = asc(c, FONT_SANS, SZ_TICK) + desc(c, FONT_SANS, SZ_TICK);
	H = y + 4 + tick_h;
	if (ch->x_title && *ch->x_title)
		H += 3 + asc(c, FONT_SANS, SZ_TITLE) + desc(c, FONT_SANS, SZ_TITLE);

	/* gridlines and tick labels; a gridline stops short of the value labels
	 * it would run through */
	for (i = 0; i < t.count; i++) {
		double v = tick_value(&t, i), x = BX(v), from = plot_top;
		bool zero = fabs(v) < t.step * 1e-9;

		for (k = 0; !zero && k < ch->n; k++) {
			double bv = ch->y[k] * scale, tw, th, lx;
			int role = is_hl(ch, k) ? FONT_SANS_BOLD : FONT_SANS;

			if (!vl[k] || !*vl[k])
				continue;
			tw = text_w(c, role, SZ_VALUE, vl[k]);
			th = asc(c, role, SZ_VALUE) + desc(c, role, SZ_VALUE);
			lx = isnan(bv) ? BX(0 > t.first ? 0 : t.first) + val_gap :
			     bv >= 0 ? BX(bv) + val_gap : BX(bv) - val_gap - tw;
			if (x < lx - 1.5 || x > lx + tw + 1.5 || cy[k] + th / 2 + 1 <= from)
				continue;
			if (cy[k] - th / 2 - 1 > from)
				put_line(c, x, from, x, cy[k] - th / 2 - 1, 0.4, COL_GRID, 0);
			from = cy[k] + th / 2 + 1;
		}
		if (!zero && from < y)
			put_line(c, x, from, x, y, 0.4, COL_GRID, 0);
		put_text_al(c, x, y + 4 + asc(c, FONT_SANS, SZ_TICK), AL_CENTER, FONT_SANS, SZ_TICK,
		            COL_MUTED, num_label(c->a, c->lang, v, t.decimals, ch->x_percent));
	}
	/* bars, labels, values */
	for (k = 0; k < ch->n; k++) {
		double v = ch->y[k] * scale, x0 = BX(0 > t.first ? 0 : t.first);
		bool hl = is_hl(ch, k);
		int role = hl ? FONT_SANS_BOLD : FONT_SANS;

		draw_rowlabel(c, &rl[k], labw, cy[k], role, COL_TEXT);
		if (isnan(v)) {
			put_text(c, x0 + val_gap, mid_baseline(c, FONT_SANS, SZ_VALUE, cy[k]), FONT_SANS,
			         SZ_VALUE, COL_MUTED, vl[k]);
			continue;
		}
		put_fill(c, x0, cy[k] - bar_h / 2, BX(v) - x0, bar_h, hl ? COL_HIGHLIGHT : COL_ACCENT);
		if (v >= 0)
			put_text(c, BX(v) + val_gap, mid_baseline(c, role, SZ_VALUE, cy[k]), role,
			         SZ_VALUE, hl ? COL_HIGHLIGHT : COL_TEXT, vl[k]);
		else
			put_text_al(c, BX(v) - val_gap, mid_baseline(c, role, SZ_VALUE, cy[k]), AL_RIGHT,
			            role, SZ_VALUE, hl ? COL_HIGHLIGHT : COL_TEXT, vl[k]);
	}
	/* the zero (or first) baseline over the bars' roots */
	{
		double x0 = BX(0 > t.first ? 0 : t.first);

		put_line(c, x0, plot_top - 1, x0, y, 0.6, COL_AXIS, 0);
	}
	if (ch->x_title && *ch->x_title) {
		const char *s = ellipsize(c, FONT_SANS, SZ_TITLE, ch->x_title, W - px0);
		double w = text_w(c, FONT_SANS, SZ_TITLE, s), xc = (px0 + px1) / 2;

		if (xc + w / 2 > W)
			xc = W - w / 2;
		put_text_al(c, xc, y + 4 + tick_h + 3 + asc(c, FONT_SANS, SZ_TITLE), AL_CENTER,
		            FONT_SANS, SZ_TITLE, COL_MUTED, s);
	}
#undef BX
	return H;
}

/* ---- scatter ---- */

struct box {
	double x0, y0, x1, y1;   /* top-down: y0 < y1 */
};

static bool box_hit(const struct box *a, const struct box *b)
{
	return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static bool box_inside(const struct box *in, const struct box *out)
{
	return in->x0 >= out->x0 && in->x1 <= out->x1 && in->y0 >= out->y0 && in->y1 <= out->y1;
}

/*
 * Clip the segment (x0,y0)-(x1,y1) to box b (Liang-Barsky). Returns false
 * when nothing is left; otherwise the ends are moved onto the box.
 */
static bool clip_segment(double *x0, double *y0, double *x1, double *y1, const struct box *b)
{
	double t0 = 0, t1 = 1, dx = *x1 - *x0, dy = *y1 - *y0;
	double pv[4] = {-dx, dx, -dy, dy};
	double qv[4] = {*x0 - b->x0, b->x1 - *x0, *y0 - b->y0, b->y1 - *y0};
	int i;

	for (i = 0; i < 4; i++) {
		if (pv[i] == 0) {
			if (qv[i] < 0)
				return false;
			continue;
		}
		{
			double tt = qv[i] / pv[i];

			if (pv[i] < 0) {
				if (tt > t1)
					return false;
				if (tt > t0)
					t0 = tt;
			} else {
				if (tt < t0)
					return false;
				if (tt < t1)
					t1 = tt;
			}
		}
	}
	{
		double ax = *x0, ay = *y0;

		*x0 = ax + t0 * dx;
		*y0 = ay + t0 * dy;
		*x1 = ax + t1 * dx;
		*y1 = ay + t1 * dy;
	}
	return true;
}

enum { SPOTS = 8 + 5 * 16 };   /* label spots around a scatter point */

static double draw_scatter(struct cx *c, const struct doc_chart *ch)
{
	const double r = 3, hl_r = 3.8;
	double W = c->w, sx = ch->x_percent ? 100 : 1, sy = ch->y_percent ? 100 : 1;
	double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
	double dxlo, dxhi;   /* the data's own x range (display units) */
	bool has_fit = false;
	double fx0 = 0, fy0 = 0, fx1 = 0, fy1 = 0;   /* fitted line on the page */
	double top = 0, ylabw, px0, px1, py0, py1, plot_w, plot_h, kx, ky, H, tick_h;
	struct chart_ticks tx, ty;
	const char *rnote = NULL;
	struct box *placed = arena_calloc(c->a, ch->n + 1, sizeof *placed);
	struct box *pts = arena_calloc(c->a, ch->n, sizeof *pts);
	struct box *leads = arena_calloc(c->a, ch->n + 1, sizeof *leads);   /* segments */
	size_t nlead = 0;
	size_t *order = arena_calloc(c->a, ch->n, sizeof *order);
	size_t k, nplaced = 0, no = 0;
	int i;

	for (k = 0; k < ch->n; k++) {
		double x = ch->x[k] * sx, v = ch->y[k] * sy;

		if (isnan(x) || isnan(v))
			continue;
		if (x < xlo)
			xlo = x;
		if (x > xhi)
			xhi = x;
		if (v < ylo)
			ylo = v;
		if (v > yhi)
			yhi = v;
	}
	if (xlo > xhi) {
		xlo = ylo = 0;
		xhi = yhi = 1;
	}
	dxlo = xlo;
	dxhi = xhi;
	/* a baseline at zero when the data sit not far above it */
	if (ylo > 0 && ylo < 0.25 * yhi)
		ylo = 0;
	if (xlo > 0 && xlo < 0.25 * xhi)
		xlo = 0;
	tick_h = asc(c, FONT_SANS, SZ_TICK) + desc(c, FONT_SANS, SZ_TICK);

	/* header line: y title on the left, r note on the right */
	if (!isnan(ch->r)) {
		char *num = num_label(c->a, c->lang, ch->r, 2, false);

		rnote = arena_printf(c->a, "r = %s", num);
	}
	if ((ch->y_title && *ch->y_title) || rnote)
		top = asc(c, FONT_SANS, SZ_TITLE) + desc(c, FONT_SANS, SZ_TITLE) + 6;
	/* room for the top tick label and for a point on the top gridline */
	top += (tick_h / 2 > hl_r + 1 ? tick_h / 2 : hl_r + 1) + 1;

	/* axes */
	plot_w = W * 0.85;
	plot_h = plot_w * 0.58;
	if (plot_h > 300)
		plot_h = 300;
	if (plot_h < 110)
		plot_h = 110;
	chart_ticks(ylo, yhi, (int)(plot_h / 38), &ty);
	ylabw = ticks_label_w(c, &ty, ch->y_percent);
	px0 = ylabw + 5;
	axis_ticks(c, xlo, xhi, W - px0 - 10, ch->x_percent, &tx);
	{
		double lastw = text_w(c, FONT_SANS, SZ_TICK,
		                      num_label(c->a, c->lang, tx.last, tx.decimals, ch->x_percent));

		px1 = W - (lastw / 2 > hl_r + 1 ? lastw / 2 : hl_r + 1);
	}
	plot_w = px1 - px0;
	py0 = top;
	py1 = py0 + plot_h;
	kx = plot_w / (tx.last - tx.first);
	ky = plot_h / (ty.last - ty.first);
#define SX(v) (px0 + ((v) - tx.first) * kx)
#define SY(v) (py1 - ((v) - ty.first) * ky)

	H = py1 + 4 + tick_h;
	if (ch->x_title && *ch->x_title)
		H += 3 + asc(c, FONT_SANS, SZ_TITLE) + desc(c, FONT_SANS, SZ_TITLE);

	/* header */
	if (ch->y_title && *ch->y_title) {
		double room = W - (rnote ? text_w(c, FONT_SANS, SZ_TITLE, rnote) + 12 : 0);

		put_text(c, 0, asc(c, FONT_SANS, SZ_TITLE), FONT_SANS, SZ_TITLE, COL_MUTED,
		         ellipsize(c, FONT_SANS, SZ_TITLE, ch->y_title, room));
	}
	if (rnote)
		put_text_al(c, W, asc(c, FONT_SANS, SZ_TITLE), AL_RIGHT, FONT_SANS, SZ_TITLE,
		            COL_MUTED, rnote);

	/* horizontal gridlines with y tick labels; bottom axis line */
	for (i = 0; i < ty.count; i++) {
		double v = tick_value(&ty, i), yy = SY(v);

		if (i > 0)
			put_line(c, px0, yy, px1, yy, 0.4, COL_GRID, 0);
		put_text_al(c, px0 - 5, mid_baseline(c, FONT_SANS, SZ_TICK, yy), AL_RIGHT, FONT_SANS,
		            SZ_TICK, COL_MUTED, num_label(c->a, c->lang, v, ty.decimals, ch->y_percent));
	}
	put_line(c, px0, py1, px1, py1, 0.6, COL_AXIS, 0);
	for (i = 0; i < tx.count; i++) {
		double v = tick_value(&tx, i), xx = SX(v);

		put_line(c, xx, py1, xx, py1 + 3, 0.6, COL_AXIS, 0);
		put_text_al(c, xx, py1 + 4 + asc(c, FONT_SANS, SZ_TICK), AL_CENTER, FONT_SANS,
		            SZ_TICK, COL_MUTED, num_label(c->a, c->lang, v, tx.decimals, ch->x_percent));
	}
	if (ch->x_title && *ch->x_title)
		put_text_al(c, (px0 + px1) / 2,
		            py1 + 4 + tick_h + 3 + asc(c, FONT_SANS, SZ_TITLE), AL_CENTER, FONT_SANS,
		            SZ_TITLE, COL_MUTED,
		            ellipsize(c, FONT_SANS, SZ_TITLE, ch->x_title, W));

	/*
	 * Fitted line under the points, over the data's x range, clipped to the
	 * plot: clipping moves the ends along the line, so they still satisfy
	 * y = intercept + slope * x.
	 */
	if (ch->fit_line && isfinite(ch->slope) && isfinite(ch->intercept) && dxlo < dxhi) {
		struct box plot = {px0, py0, px1, py1};

		fx0 = SX(dxlo);
		fx1 = SX(dxhi);
		fy0 = SY((ch->intercept + ch->slope * (dxlo / sx)) * sy);
		fy1 = SY((ch->intercept + ch->slope * (dxhi / sx)) * sy);
		if (clip_segment(&fx0, &fy0, &fx1, &fy1, &plot)) {
			has_fit = true;
			put_line(c, fx0, fy0, fx1, fy1, 0.9, COL_FIT, 3);
		}
	}

	/* points: white halo so that overlapping points stay readable */
	for (k = 0; k < ch->n; k++) {
		double x = ch->x[k] * sx, v = ch->y[k] * sy, rr = is_hl(ch, k) ? hl_r : r;

		pts[k].x0 = pts[k].x1 = pts[k].y0 = pts[k].y1 = NAN;
		if (isnan(x) || isnan(v))
			continue;
		pts[k].x0 = SX(x) - rr;
		pts[k].x1 = SX(x) + rr;
		pts[k].y0 = SY(v) - rr;
		pts[k].y1 = SY(v) + rr;
		if (!is_hl(ch, k)) {
			put_circle(c, SX(x), SY(v), rr + 0.7, COL_WHITE);
			put_circle(c, SX(x), SY(v), rr, COL_ACCENT);
		}
	}
	if (ch->highlight_set && ch->highlight < ch->n && !isnan(pts[ch->highlight].x0)) {
		k = ch->highlight;
		put_circle(c, (pts[k].x0 + pts[k].x1) / 2, (pts[k].y0 + pts[k].y1) / 2, hl_r + 0.8,
		           COL_WHITE);
		put_circle(c, (pts[k].x0 + pts[k].x1) / 2, (pts[k].y0 + pts[k].y1) / 2, hl_r,
		           COL_HIGHLIGHT);
	}

	/*
	 * Point labels: the highlighted item first, then the others in order. Each
	 * tries eight spots around its point, then spots farther out joined to it
	 * by a leader line, and takes the first that stays in the plot and touches
	 * no placed label, no other point and not the fitted line; only when none
	 * is free may it cross the line. A label that finds no spot at all is
	 * left out.
	 */
	if (ch->highlight_set && ch->highlight < ch->n)
		order[no++] = ch->highlight;
	for (k = 0; k < ch->n; k++)
		if (!is_hl(ch, k))
			order[no++] = k;
	/* crowded points first: lonely ones find room anyway, farther out if
	 * need be */
	{
		size_t *crowd = arena_calloc(c->a, ch->n, sizeof *crowd), j, q;

		for (k = 0; k < ch->n; k++)
			for (j = 0; j < ch->n; j++)
				if (j != k && !isnan(pts[k].x0) && !isnan(pts[j].x0) &&
				    fabs(pts[k].x0 - pts[j].x0) < 60 && fabs(pts[k].y0 - pts[j].y0) < 20)
					crowd[k]++;
		/* insertion sort, stable, after the highlighted item */
		for (q = ch->highlight_set && ch->highlight < ch->n ? 2 : 1; q < no; q++) {
			size_t v = order[q], z = q;
			size_t lo_i = ch->highlight_set && ch->highlight < ch->n ? 1 : 0;

			while (z > lo_i && crowd[order[z - 1]] < crowd[v]) {
				order[z] = order[z - 1];
				z--;
			}
			order[z] = v;
		}
	}
	{
		struct box area = {px0, py0 - tick_h / 2, W, py1};

		for (k = 0; k < no; k++) {
			size_t p = order[k], j;
			int role = is_hl(ch, p) ? FONT_SANS_BOLD : FONT_SANS, cand;
			const char *s = ch->labels ? ch->labels[p] : NULL;
			double tw, ta = asc(c, role, SZ_POINT), td = desc(c, role, SZ_POINT);
			double pxc, pyc, g;

			if (!s || !*s || isnan(pts[p].x0))
				continue;
			tw = text_w(c, role, SZ_POINT, s);
			pxc = (pts[p].x0 + pts[p].x1) / 2;
			pyc = (pts[p].y0 + pts[p].y1) / 2;
			g = (pts[p].x1 - pts[p].x0) / 2 + 1.5;
			/* Spots: 0-7 next to the point; the others farther out (five rings
			 * of sixteen directions) with a leader line. Every spot must
			 * stay in the plot and touch no placed label, no point and
			 * (first round) not the fitted line; the second round lets a
			 * label cross the line, which it knocks out behind itself. */
			for (cand = 0; cand < 2 * SPOTS; cand++) {
				int sp = cand % SPOTS;
				bool cross = cand >= SPOTS, lead = sp >= 8;
				double bx, by, lx = 0, ly = 0;
				struct box b;
				bool ok;

				switch (sp) {
				case 0: bx = pxc + g; by = pyc + (ta - td) / 2; break;           /* right */
				case 1: bx = pxc - g - tw; by = pyc + (ta - td) / 2; break;      /* left */
				case 2: bx = pxc - tw / 2; by = pyc - g - td; break;             /* above */
				case 3: bx = pxc - tw / 2; by = pyc + g + ta; break;             /* below */
				case 4: bx = pxc + g * 0.7; by = pyc - g * 0.7 - td; break;      /* above right */
				case 5: bx = pxc + g * 0.7; by = pyc + g * 0.7 + ta; break;      /* below right */
				case 6: bx = pxc - g * 0.7 - tw; by = pyc - g * 0.7 - td; break; /* above left */
				case 7: bx = pxc - g * 0.7 - tw; by = pyc + g * 0.7 + ta; break;
				default: {
					/* the label's nearest corner or edge middle sits on a
					 * ring around the point */
					double ang = (sp - 8) % 16 * (M_PI / 8), rad = 12 + 9.5 * ((sp - 8) / 16);
					double ex = cos(ang), ey = -sin(ang);

					lx = pxc + ex * rad;
					ly = pyc + ey * rad;
					bx = ex > 0.3 ? lx : ex < -0.3 ? lx - tw : lx - tw / 2;
					by = ey < -0.3 ? ly - td : ey > 0.3 ? ly + ta : ly + (ta - td) / 2;
					break;
				}
				}
				b.x0 = bx - 0.5;
				b.x1 = bx + tw + 0.5;
				b.y0 = by - ta;
				b.y1 = by + td;
				ok = box_inside(&b, &area);
				for (j = 0; ok && j < nplaced; j++)
					ok = !box_hit(&b, &placed[j]);
				for (j = 0; ok && j < ch->n; j++)
					ok = j == p || isnan(pts[j].x0) || !box_hit(&b, &pts[j]);
				if (ok && has_fit && !cross) {
					double ax = fx0, ay = fy0, bx1 = fx1, by1 = fy1;

					ok = !clip_segment(&ax, &ay, &bx1, &by1, &b);
				}
				/* no label over a leader drawn before */
				for (j = 0; ok && j < nlead; j++) {
					double ax = leads[j].x0, ay = leads[j].y0, bx1 = leads[j].x1,
					       by1 = leads[j].y1;

					ok = !clip_segment(&ax, &ay, &bx1, &by1, &b);
				}
				/* a leader crosses no placed label and no other point */
				for (j = 0; ok && lead && j < nplaced; j++) {
					double ax = pxc, ay = pyc, bx1 = lx, by1 = ly;

					ok = !clip_segment(&ax, &ay, &bx1, &by1, &placed[j]);
				}
				for (j = 0; ok && lead && j < ch->n; j++) {
					double ax = pxc, ay = pyc, bx1 = lx, by1 = ly;

					ok = j == p || isnan(pts[j].x0) ||
					     !clip_segment(&ax, &ay, &bx1, &by1, &pts[j]);
				}
				if (ok) {
					placed[nplaced++] = b;
					if (lead) {
						double d = hypot(lx - pxc, ly - pyc), rr = g - 1;

						put_line(c, pxc + (lx - pxc) * rr / d, pyc + (ly - pyc) * rr / d,
						         lx, ly, 0.4, COL_MUTED, 0);
						leads[nlead++] = (struct box){ pxc, pyc, lx, ly };
					}
					if (cross && has_fit)
						put_fill(c, b.x0, b.y0 + 0.5, b.x1 - b.x0, b.y1 - b.y0 - 1,
						         COL_WHITE);
					put_text(c, bx, by, role, SZ_POINT,
					         is_hl(ch, p) ? COL_HIGHLIGHT : COL_TEXT, s);
					break;
				}
			}
		}
	}
#undef SX
#undef SY
	return H;
}

/* ---- rank dots ---- */

/* Rank charts of more rows than this show a selection (dotrank_condense). */
enum { DOTRANK_ALL = 40 };

static int rank_cmp(const void *a, const void *b, void *ctx)
{
	const struct doc_chart *ch = ctx;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	double x = isnan(ch->y[i]) ? INFINITY : ch->y[i], y = isnan(ch->y[j]) ? INFINITY : ch->y[j];

	if (x != y)
		return x < y ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* A rank chart of an edition with many units (municipalities, synthetic
 * editions) would give every brief a chart of hundreds of rows: unreadable,
 * and a cost per brief that grows with the edition. Above DOTRANK_ALL rows
 * keep, in rank order, the best 5, the 3 either side of the highlighted
 * row and the last 3 (the best 10 and the last 5 without a highlight);
 * gap[k] marks a row that follows rows left out. Returns ch itself when it
 * is short enough. */
static const struct doc_chart *dotrank_condense(struct cx *c, const struct doc_chart *ch,
                                                bool **gap)
{
	struct doc_chart *out;
	size_t *ord, *keep, n = ch->n, nk = 0, hpos = 0, k;
	bool *take;

	*gap = NULL;
	if (n <= DOTRANK_ALL || ch->groups != NULL)
		return ch;
	ord = arena_calloc(c->a, n, sizeof *ord);
	for (k = 0; k < n; k++)
		ord[k] = k;
	qsort_r(ord, n, sizeof *ord, rank_cmp, (void *)ch);
	take = arena_calloc(c->a, n, sizeof *take);
	if (ch->highlight_set) {
		for (k = 0; k < n; k++)
			if (ord[k] == ch->highlight)
				hpos = k;
		for (k = 0; k < 5; k++)
			take[k] = true;
		for (k = hpos > 3 ? hpos - 3 : 0; k <= hpos + 3 && k < n; k++)
			take[k] = true;
		for (k = n - 3; k < n; k++)
			take[k] = true;
	} else {
		for (k = 0; k < 10; k++)
			take[k] = true;
		for (k = n - 5; k < n; k++)
			take[k] = true;
	}
	out = arena_alloc(c->a, sizeof *out);
	*out = *ch;
	keep = arena_calloc(c->a, n, sizeof *keep);
	for (k = 0; k < n; k++)
		if (take[k])
			keep[nk++] = k;
	out->n = nk;
	out->labels = arena_calloc(c->a, nk, sizeof *out->labels);
	out->y = arena_calloc(c->a, nk, sizeof *out->y);
	out->lo = ch->lo ? arena_calloc(c->a, nk, sizeof *out->lo) : NULL;
	out->hi = ch->hi ? arena_calloc(c->a, nk, sizeof *out->hi) : NULL;
	out->value_labels = NULL;
	*gap = arena_calloc(c->a, nk, sizeof **gap);
	out->highlight_set = false;
	for (k = 0; k < nk; k++) {
		size_t src = ord[keep[k]];

		out->labels[k] = ch->labels ? ch->labels[src] : "";
		out->y[k] = ch->y[src];
		if (out->lo) {
			out->lo[k] = ch->lo[src];
			out->hi[k] = ch->hi[src];
		}
		(*gap)[k] = k > 0 && keep[k] != keep[k - 1] + 1;
		if (ch->highlight_set && src == ch->highlight) {
			out->highlight_set = true;
			out->highlight = k;
		}
	}
	return out;
}

static double draw_dotrank(struct cx *c, const struct doc_chart *full)
{
	bool *skipped;
	const struct doc_chart *ch = dotrank_condense(c, full, &skipped);
	/* an interval chart: smaller dots without numbers, a bar lo..hi behind */
	const bool iv = ch->lo != NULL && ch->hi != NULL;
	const double R = iv ? 3.4 : 6.2, gap = 8;
	double W = c->w, natural, cap, labw, px0, px1, y, H, rmax = ch->rank_max, kx;
	double tick_h = asc(c, FONT_SANS, SZ_TICK) + desc(c, FONT_SANS, SZ_TICK), plot_top;
	struct rowlabel *rl = arena_calloc(c->a, ch->n, sizeof *rl);
	const char *legend;
	double *cy = arena_calloc(c->a, ch->n, sizeof *cy);
	double ticks[16];
	int nt = 0, i;
	size_t k;

	if (!(rmax >= 1)) {
		rmax = 1;
		for (k = 0; k < ch->n; k++)
			if (ch->y[k] > rmax)
				rmax = ch->y[k];
	}
	rmax = ceil(rmax);
	natural = label_natural(c, ch);
	cap = W * 0.38;
	labw = label_column(c, ch, natural < cap ? natural : cap, rl);
	px0 = labw + gap + R;
	px1 = W - R - 1;
	if (px1 < px0 + 20)
		px1 = px0 + 20;
	kx = rmax > 1 ? (px1 - px0) / (rmax - 1) : 0;
#define RX(v) (px0 + ((v) - 1) * kx)

	/* legend line at the top, right-aligned: "1 = best of 35" */
	legend = arena_printf(c->a, "1 = %s %s", i18n_label(chart_lang(c->lang), I18N_BEST_OF),
	                      num_label(c->a, c->lang, rmax, 0, false));
	if (ch != full)
		legend = arena_printf(c->a, "%s \xC2\xB7 %s %s %s %s", legend,
		                      num_label(c->a, c->lang, (double)ch->n, 0, false),
		                      i18n_label(chart_lang(c->lang), I18N_OUT_OF),
		                      num_label(c->a, c->lang, (double)full->n, 0, false),
		                      i18n_label(chart_lang(c->lang), I18N_SHOWN));
	put_text_al(c, W, asc(c, FONT_SANS, SZ_TITLE), AL_RIGHT, FONT_SANS, SZ_TITLE, COL_MUTED,
	            legend);
	plot_top = asc(c, FONT_SANS, SZ_TITLE) + desc(c, FONT_SANS, SZ_TITLE) + 4;

	/* rows, top-down, with a heading where the group changes */
	y = layout_rows(c, ch, rl, iv ? 2 * R + 5.6 : 2 * R + 5, plot_top, cy, skipped);
	H = y + 4 + tick_h;

	/* ticks: 1, round multiples, and the last rank */
	{
		struct chart_ticks t;
		double minsep = text_w(c, FONT_SANS, SZ_TICK, "00") + 10;

		chart_ticks(0, rmax, tick_target(px1 - px0, 34), &t);
		if (t.step < 1)
			t.step = 1;
		ticks[nt++] = 1;
		for (i = 1; i < t.count && nt < 15; i++) {
			double v = tick_value(&t, i);

			if (v > 1 && v < rmax && (v - 1) * kx >= minsep && (rmax - v) * kx >= minsep)
				ticks[nt++] = v;
		}
		if (rmax > 1)
			ticks[nt++] = rmax;
	}
	for (i = 0; i < nt; i++) {
		double x = RX(ticks[i]);

		put_line(c, x, plot_top, x, y, 0.4, COL_GRID, 2);
		put_text_al(c, x, y + 4 + asc(c, FONT_SANS, SZ_TICK), AL_CENTER, FONT_SANS, SZ_TICK,
		            COL_MUTED, num_label(c->a, c->lang, ticks[i], 0, false));
	}

	for (k = 0; k < ch->n; k++) {
		bool hl = is_hl(ch, k);
		int role = hl ? FONT_SANS_BOLD : FONT_SANS;
		double v = ch->y[k];

		draw_rowlabel(c, &rl[k], labw, cy[k], role, COL_TEXT);
		put_line(c, px0, cy[k], px1, cy[k], 1.6, COL_TRACK, 0);
		if (isnan(v))
			continue;
		if (v < 1)
			v = 1;
		if (v > rmax)
			v = rmax;
		if (iv) {
			double lo = ch->lo[k] < 1 ? 1 : ch->lo[k] > rmax ? rmax : ch->lo[k];
			double hi = ch->hi[k] < lo ? lo : ch->hi[k] > rmax ? rmax : ch->hi[k];

			if (hi > lo)
				put_line(c, RX(lo), cy[k], RX(hi), cy[k], 2 * R - 1.6,
				         hl ? COL_HIGHLIGHT : COL_RANGE, 0);
			put_circle(c, RX(v), cy[k], R, hl ? COL_TEXT : COL_ACCENT);
			continue;
		}
		put_circle(c, RX(v), cy[k], R, hl ? COL_HIGHLIGHT : COL_ACCENT);
		put_text_al(c, RX(v), mid_baseline(c, FONT_SANS_BOLD, SZ_VALUE - 0.5, cy[k]),
		            AL_CENTER, FONT_SANS_BOLD, SZ_VALUE - 0.5, COL_WHITE,
		            num_label(c->a, c->lang, ch->y[k], 0, false));
	}
#undef RX
	return H;
}

double chart_draw(struct arena *a, const struct doc_chart *ch, double width,
                  const struct draw_measure *m, const char *lang, struct draw_list *out)
{
	struct cx c;
	double h = 0;

	c.a = a;
	c.m = m;
	c.lang = lang ? lang : "en";
	c.out = out;
	c.first_op = out->n;
	c.w = width;
	out->width = width;
	out->height = 0;
	if (!ch || ch->n == 0 || !ch->y || width <= 0)
		return 0;
	if (ch->kind == CHART_MAP)
		return map_draw(a, ch, width, m, lang, out);   /* y-up already */
	switch (ch->kind) {
	case CHART_BAR:
		h = draw_bar(&c, ch);
		break;
	case CHART_SCATTER:
		if (!ch->x)
			return 0;
		h = draw_scatter(&c, ch);
		break;
	case CHART_DOTRANK:
	case CHART_INTERVAL:
		if (ch->kind == CHART_INTERVAL && (!ch->lo || !ch->hi))
			return 0;
		h = draw_dotrank(&c, ch);
		break;
	case CHART_MAP:
		break;
	}
	chart_flip(&c, h);
	out->height = h;
	return h;
}
