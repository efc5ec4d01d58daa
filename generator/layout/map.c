/*
 * map: maps of outlines as draw primitives (DRAW_PATH). A choropleth fills
 * every item's outline with the colour of its class (classes of equal count)
 * and draws a legend of the classes with their ranges; a locator map
 * (classes == 0) fills the highlighted item in the warm highlight colour and
 * every other outline light grey. The outlines come projected (model/geo);
 * here they are only scaled to the box, y up, and simplified: points closer
 * than 0.2 pt to the line through their neighbours are dropped
 * (Douglas-Peucker) and rings smaller than that vanish, which keeps a brief's
 * page small without a visible change.
 */
#include "layout/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "doc/doc.h"
#include "layout/layout.h"

#define MAP_TOLERANCE 0.2        /* pt: simplification and culling */
#define COL_BORDER 0xFFFFFFu     /* borders between areas */
#define COL_OTHER 0xD9DCDFu      /* locator: every other area */
#define COL_NODATA 0xF0F0F0u     /* choropleth: an area without a value */
#define COL_NODATA_EDGE 0xB0B4B8u
#define COL_HL 0xD8572Au         /* locator: the area, as chart.c's highlight */
#define COL_HL_EDGE 0x262626u    /* choropleth: outline of the highlighted area */
#define COL_TEXT 0x262626u
#define COL_MUTED 0x5F6368u
#define SZ_LEGEND 7.5

/* Our sequential ramp, light to dark (lightness falls monotonically, so the
 * order reads for every colour vision): pale yellow-green, light green, teal,
 * blue, dark blue. */
static const unsigned ramp[] = { 0xEDF4D8u, 0xA8DBB5u, 0x5BB4BEu, 0x2B7BAAu, 0x213F7Eu };

unsigned map_class_rgb(int j, int k)
{
	double t = k > 1 ? (double)j / (k - 1) : 1, pos;
	int i, ch;
	unsigned out = 0;

	if (t < 0)
		t = 0;
	if (t > 1)
		t = 1;
	pos = t * (double)(sizeof ramp / sizeof ramp[0] - 1);
	i = (int)floor(pos);
	if (i >= (int)(sizeof ramp / sizeof ramp[0]) - 1)
		return ramp[sizeof ramp / sizeof ramp[0] - 1];
	for (ch = 16; ch >= 0; ch -= 8) {
		double c0 = (ramp[i] >> ch) & 0xFF, c1 = (ramp[i + 1] >> ch) & 0xFF;
		unsigned c = (unsigned)floor(c0 + (c1 - c0) * (pos - i) + 0.5);

		out |= c << ch;
	}
	return out;
}

struct item {
	double v;
	size_t i;
};

static int item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;   /* stable: table order */
}

int map_classes(const double *v, size_t n, int k, int *cls, double *lo, double *hi,
                size_t *count)
{
	struct item *it = malloc((n ? n : 1) * sizeof *it);
	size_t m = 0, i, start = 0;
	int j = 0;

	if (it == NULL)
		abort();
	for (i = 0; i < n; i++) {
		cls[i] = -1;
		if (!isnan(v[i]))
			it[m++] = (struct item){ v[i], i };
	}
	qsort(it, m, sizeof *it, item_cmp);
	while (k > 0 && j < k && start < m) {
		size_t end = (size_t)(((double)(j + 1) * (double)m) / k + 0.5);

		if (end <= start)
			end = start + 1;
		if (end > m || j == k - 1)
			end = m;
		while (end < m && it[end].v == it[end - 1].v)
			end++;   /* equal values share a class */
		lo[j] = it[start].v;
		hi[j] = it[end - 1].v;
		count[j] = end - start;
		for (i = start; i < end; i++)
			cls[it[i].i] = j;
		start = end;
		j++;
	}
	free(it);
	return j;
}

/* ---- outlines ---- */

struct fit {
	double s, x0, y0;   /* pt per metre; origin of the projected box */
};

/* Douglas-Peucker on the points [a, b] of p (pt): marks kept points. */
static void dp(const double *p, size_t a, size_t b, unsigned char *keep)
{
	double ax = p[2 * a], ay = p[2 * a + 1], dx = p[2 * b] - ax, dy = p[2 * b + 1] - ay;
	double len = hypot(dx, dy), worst = 0;
	size_t i, at = a;

	if (b <= a + 1)
		return;
	for (i = a + 1; i < b; i++) {
		double d = len > 0 ? fabs((p[2 * i] - ax) * dy - (p[2 * i + 1] - ay) * dx) / len
		                   : hypot(p[2 * i] - ax, p[2 * i + 1] - ay);

		if (d > worst) {
			worst = d;
			at = i;
		}
	}
	if (worst <= MAP_TOLERANCE)
		return;
	keep[at] = 1;
	dp(p, a, at, keep);
	dp(p, at, b, keep);
}

/* One shape as a DRAW_PATH at the origin (points relative to it). Returns
 * false when nothing of it is left at this size. */
static bool shape_path(struct arena *a, const struct geo_shape *g, const struct fit *f,
                       struct draw_op *op)
{
	double *p = arena_alloc(a, 2 * (g->npts + 1) * sizeof *p);
	double *out = arena_alloc(a, 2 * (g->npts + 1) * sizeof *out);
	size_t *ends = arena_alloc(a, (g->nrings ? g->nrings : 1) * sizeof *ends);
	unsigned char *keep = arena_alloc(a, g->npts + 1);
	size_t r, i, start = 0, n = 0, nr = 0;

	for (i = 0; i < g->npts; i++) {
		p[2 * i] = (g->xy[2 * i] - f->x0) * f->s;
		p[2 * i + 1] = (g->xy[2 * i + 1] - f->y0) * f->s;
	}
	for (r = 0; r < g->nrings; start = g->ring_end[r], r++) {
		size_t end = g->ring_end[r], far = start, kept = 0, from = n;
		double bx0 = INFINITY, by0 = INFINITY, bx1 = -INFINITY, by1 = -INFINITY, best = -1;

		for (i = start; i < end; i++) {
			double d = hypot(p[2 * i] - p[2 * start], p[2 * i + 1] - p[2 * start + 1]);

			bx0 = fmin(bx0, p[2 * i]);
			bx1 = fmax(bx1, p[2 * i]);
			by0 = fmin(by0, p[2 * i + 1]);
			by1 = fmax(by1, p[2 * i + 1]);
			if (d > best) {
				best = d;
				far = i;
			}
		}
		if (end - start < 3 || (bx1 - bx0 < MAP_TOLERANCE && by1 - by0 < MAP_TOLERANCE))
			continue;   /* an islet smaller than the tolerance */
		/* the ring in two halves: first point to the farthest, and back */
		memset(keep + start, 0, end - start);
		keep[start] = keep[far] = 1;
		dp(p, start, far, keep);
		/* the closing half: the points far..end-1 and then start again */
		{
			size_t m = end - far + 1, k;
			double *q = arena_alloc(a, 2 * m * sizeof *q);
			unsigned char *kq = arena_alloc(a, m);

			for (k = 0; k + 1 < m; k++) {
				q[2 * k] = p[2 * (far + k)];
				q[2 * k + 1] = p[2 * (far + k) + 1];
			}
			q[2 * (m - 1)] = p[2 * start];
			q[2 * (m - 1) + 1] = p[2 * start + 1];
			dp(q, 0, m - 1, kq);
			for (k = 1; k + 1 < m; k++)
				keep[far + k] |= kq[k];
		}
		for (i = start; i < end; i++)
			if (keep[i]) {
				out[2 * n] = p[2 * i];
				out[2 * n + 1] = p[2 * i + 1];
				n++;
				kept++;
			}
		if (kept < 3) {
			n = from;
			continue;
		}
		ends[nr++] = n;
	}
	if (nr == 0)
		return false;
	op->kind = DRAW_PATH;
	op->pts = out;
	op->ring_end = ends;
	op->nrings = nr;
	return true;
}

static void put_shape(struct arena *a, struct draw_list *out, const struct geo_shape *g,
                      const struct fit *f, unsigned fill, double lw, unsigned edge)
{
	struct draw_op op = { 0 };

	if (g == NULL || !shape_path(a, g, f, &op))
		return;
	op.rgb = fill;
	op.lw = lw;
	op.stroke_rgb = edge;
	draw_push(a, out, &op);
}

static void put_text(struct arena *a, struct draw_list *out, double x, double y, int role,
                     unsigned rgb, const char *s)
{
	struct draw_op op = { 0 };

	op.kind = DRAW_TEXT;
	op.x = x;
	op.y = y;
	op.font = role;
	op.size = SZ_LEGEND;
	op.rgb = rgb;
	op.text = s;
	draw_push(a, out, &op);
}

static void put_box(struct arena *a, struct draw_list *out, double x, double y, double w,
                    double h, unsigned rgb)
{
	struct draw_op op = { 0 };

	op.kind = DRAW_FILL;
	op.x = x;
	op.y = y;
	op.w = w;
	op.h = h;
	op.rgb = rgb;
	draw_push(a, out, &op);
}

/* Whether the box (pt) holds no point of any outline. */
static bool box_free(const struct geo_shapes *gs, const struct fit *f, double x0, double y0,
                     double x1, double y1)
{
	size_t i, k;

	for (i = 0; i < gs->n; i++)
		for (k = 0; k < gs->v[i].npts; k++) {
			double x = (gs->v[i].xy[2 * k] - f->x0) * f->s;
			double y = (gs->v[i].xy[2 * k + 1] - f->y0) * f->s;

			if (x >= x0 && x <= x1 && y >= y0 && y <= y1)
				return false;
		}
	return true;
}

/* A value as the legend prints it: the chart's own label (format:) when
 * there is one, else plainly. */
static const char *value_text(struct arena *a, const struct doc_chart *c, const char *lang,
                              double v)
{
	enum i18n_lang l;
	size_t i;

	for (i = 0; c->value_labels && i < c->n; i++)
		if (c->y[i] == v && c->value_labels[i][0])
			return c->value_labels[i];
	if (i18n_lang_parse(lang, &l) != 0)
		l = LANG_EN;
	return fmt_number(a, l, v, fabs(v) < 10 ? 2 : fabs(v) < 100 ? 1 : 0);
}

double map_draw(struct arena *a, const struct doc_chart *c, double width,
                const struct draw_measure *m, const char *lang, struct draw_list *out)
{
	const struct geo_shapes *gs = c->geo;
	double mw = width * (c->scale > 0 ? c->scale : 1), mh, dx, legend_h = 0, legend_w = 0;
	double lx = 0, ly = 0, below = 0, row = SZ_LEGEND + 4, sw = 11, shh = 7.5;
	int k = 0, j, *cls = NULL;
	double lo[9], hi[9];
	size_t cnt[9], i, nodata = 0, first = out->n;
	const char **labels = NULL;
	struct fit f;
	bool *drawn;

	out->width = width;
	out->height = 0;
	if (gs == NULL || gs->n == 0 || !(gs->x1 > gs->x0) || !(gs->y1 > gs->y0))
		return 0;
	f.s = mw / (gs->x1 - gs->x0);
	f.x0 = gs->x0;
	f.y0 = gs->y0;
	mh = (gs->y1 - gs->y0) * f.s;
	dx = (width - mw) / 2;

	/* classes and the legend's size */
	if (c->classes > 0) {
		cls = arena_calloc(a, c->n, sizeof *cls);
		k = map_classes(c->y, c->n, c->classes > 9 ? 9 : c->classes, cls, lo, hi, cnt);
		for (i = 0; i < c->n; i++)
			nodata += cls[i] < 0 && c->shapes && c->shapes[i];
		labels = arena_calloc(a, (size_t)k + 2, sizeof *labels);
		for (j = 0; j < k; j++) {
			const char *l0 = value_text(a, c, lang, lo[j]), *l1 = value_text(a, c, lang, hi[j]);

			labels[j] = strcmp(l0, l1) == 0 ? l0
			            : arena_printf(a, "%s \xE2\x80\x93 %s", l0, l1);
		}
		if (nodata) {
			enum i18n_lang l;

			if (i18n_lang_parse(lang, &l) != 0)
				l = LANG_EN;
			labels[k] = i18n_label(l, I18N_NO_DATA);
		}
		for (j = 0; j < k + (nodata ? 1 : 0); j++)
			legend_w = fmax(legend_w, sw + 4 + m->width(m->ctx, FONT_SANS, SZ_LEGEND,
			                                          labels[j], strlen(labels[j])));
		legend_h = row * (k + (nodata ? 1 : 0));
		if (c->x_title && c->x_title[0]) {
			legend_w = fmax(legend_w, m->width(m->ctx, FONT_SANS_BOLD, SZ_LEGEND,
			                                   c->x_title, strlen(c->x_title)));
			legend_h += row;
		}
		/* the legend goes where the outlines leave room: the lower left,
		 * then the upper right; else below the map */
		if (box_free(gs, &f, 0, 0, legend_w + 4, legend_h + 4)) {
			lx = 0;
			ly = 0;
		} else if (box_free(gs, &f, mw - legend_w - 4, mh - legend_h - 4, mw, mh)) {
			lx = mw - legend_w;
			ly = mh - legend_h;
		} else {
			below = legend_h + 8;
			lx = 0;
			ly = -below;
		}
	}

	/* outlines: the items', then any outline no item has */
	drawn = arena_calloc(a, gs->n, sizeof *drawn);
	for (i = 0; i < c->n; i++) {
		const struct geo_shape *g = c->shapes ? c->shapes[i] : NULL;
		bool hl = c->highlight_set && c->highlight == i;
		unsigned fill;

		if (g == NULL)
			continue;
		drawn[g - gs->v] = true;
		if (c->classes == 0)
			fill = hl ? COL_HL : COL_OTHER;
		else
			fill = cls[i] < 0 ? COL_NODATA : map_class_rgb(cls[i], k);
		put_shape(a, out, g, &f, fill, 0.35, cls && cls[i] < 0 ? COL_NODATA_EDGE : COL_BORDER);
	}
	for (i = 0; i < gs->n; i++)
		if (!drawn[i])
			put_shape(a, out, &gs->v[i], &f, c->classes ? COL_NODATA : COL_OTHER, 0.35,
			          COL_BORDER);
	/* the highlighted area of a choropleth: outlined on top */
	if (c->classes > 0 && c->highlight_set && c->shapes && c->shapes[c->highlight])
		put_shape(a, out, c->shapes[c->highlight], &f, DRAW_NOFILL, 1.1, COL_HL_EDGE);

	/* legend: title, then one swatch a class, lowest at the top */
	if (c->classes > 0) {
		double y = ly + legend_h;

		if (c->x_title && c->x_title[0]) {
			y -= row;
			put_text(a, out, lx, y + 3, FONT_SANS_BOLD, COL_TEXT, c->x_title);
		}
		for (j = 0; j < k + (nodata ? 1 : 0); j++) {
			y -= row;
			put_box(a, out, lx, y + 2, sw, shh, j < k ? map_class_rgb(j, k) : COL_NODATA);
			put_text(a, out, lx + sw + 4, y + 3, FONT_SANS, j < k ? COL_TEXT : COL_MUTED,
			         labels[j]);
		}
	}
	/* everything up by the room below, and across to the centre */
	for (i = first; i < out->n; i++) {
		out->ops[i].x += dx;
		out->ops[i].y += below;
	}
	out->height = mh + below;
	return out->height;
}
