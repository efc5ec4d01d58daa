/*
 * chart: vector charts (horizontal bars, scatter with a fitted line, rank
 * dots) drawn as generator/draw.h primitives. Called by the layout stage for
 * every DOC_CHART; the layout offsets the returned list onto the page.
 * Text is measured only through the struct draw_measure callbacks, and only
 * the sans roles (FONT_SANS, FONT_SANS_BOLD) are used.
 */
#ifndef REPORTGEN_CHART_H
#define REPORTGEN_CHART_H

#include <stddef.h>

struct arena;
struct doc_chart;
struct draw_measure;
struct draw_list;

/*
 * Draw chart c into out (appended; out may be empty or zeroed). Coordinates are
 * relative to (0,0) = bottom-left of the chart box, y up; every op stays
 * inside [0,width] x [0,height]. Sets out->width = width and out->height to
 * the height used, and returns that height (pt). lang ("en", "es") selects the
 * words of notes ("1 = best of 35" / "1 = mejor de 35"); numbers follow the
 * project's convention shared by both languages ("1,234.5", "25%").
 * All memory comes from arena a (text of the ops included).
 * A chart without items draws nothing and returns 0.
 *
 * Conventions: values of a percent axis (x_percent / y_percent) are fractions
 * (0.25 draws as "25%"). DOTRANK puts rank 1 (best) on the left.
 */
double chart_draw(struct arena *a, const struct doc_chart *c, double width,
                  const struct draw_measure *m, const char *lang, struct draw_list *out);

/* Round axis ticks: first, first + step, ... last (count values). */
struct chart_ticks {
	double first, last, step;
	int count;
	int decimals;   /* decimals needed to print every tick exactly */
};

/*
 * Round ticks covering [lo, hi] with about target intervals: step is 1, 2,
 * 2.5 or 5 times a power of ten, first <= lo and last >= hi are multiples of
 * step. lo > hi is swapped; lo == hi gets a unit-sized range around it.
 */
void chart_ticks(double lo, double hi, int target, struct chart_ticks *t);

#endif
