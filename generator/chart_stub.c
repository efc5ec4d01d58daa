/*
 * chart_stub: stand-in for the charts module's chart_draw (chart.h) so the
 * layout branch links before that module lands: a framed box with the item
 * labels. Delete this file when generator/chart.c exists.
 */
#include "layout/contract.h"
#include "doc.h"
#include "draw.h"

#include <string.h>

double chart_draw(struct arena *a, const struct doc_chart *c, double width,
                  const struct draw_measure *m, const char *lang, struct draw_list *out)
{
	double h = 60 + 11.0 * (double)(c->n < 12 ? c->n : 12);
	struct draw_op op;
	size_t i;

	(void)m;
	(void)lang;
	memset(&op, 0, sizeof op);
	op.kind = DRAW_RECT;
	op.w = width;
	op.h = h;
	op.lw = 0.5;
	op.rgb = 0x888888;
	draw_push(a, out, &op);
	for (i = 0; i < c->n && i < 12; i++) {
		memset(&op, 0, sizeof op);
		op.kind = DRAW_TEXT;
		op.x = 10;
		op.y = h - 20 - 11.0 * (double)i;
		op.font = FONT_SANS;
		op.size = 8;
		op.rgb = 0x444444;
		op.text = c->labels && c->labels[i] ? c->labels[i] : "";
		draw_push(a, out, &op);
	}
	out->width = width;
	out->height = h;
	return h;
}
