/*
 * table_stub: stand-in for the charts module's table drawing (table.h) so the
 * layout branch links before that module lands. One line per row, equal
 * columns, no wrapping. Delete this file when generator/table.c exists.
 */
#include "layout/contract.h"
#include "arena.h"
#include "doc.h"
#include "draw.h"

#include <string.h>

struct table_plan {
	double width, col_w, row_h, head_h;
	size_t rows;
	const struct draw_measure *m;
};

struct table_plan *table_plan(struct arena *a, const struct doc_table *t, double width,
                              const struct draw_measure *m)
{
	struct table_plan *p = arena_alloc(a, sizeof *p);

	p->width = width;
	p->col_w = t->ncols ? width / (double)t->ncols : width;
	p->row_h = 13;
	p->head_h = 17;
	p->m = m;
	p->rows = t->nrows;
	return p;
}

size_t table_plan_rows(const struct table_plan *p)
{
	return p->rows;
}

double table_plan_header_height(const struct table_plan *p)
{
	return p->head_h;
}

double table_plan_row_height(const struct table_plan *p, size_t row)
{
	(void)row;
	return p->row_h;
}

static void text(struct arena *a, struct draw_list *out, double x, double y, int font,
                 const char *s)
{
	struct draw_op op;

	memset(&op, 0, sizeof op);
	op.kind = DRAW_TEXT;
	op.x = x;
	op.y = y;
	op.font = font;
	op.size = 8.5;
	op.rgb = 0x222222;
	op.text = s;
	draw_push(a, out, &op);
}

double table_draw(struct arena *a, const struct doc_table *t, const struct table_plan *p,
                  size_t row_from, size_t row_to, int with_header, double x, double y_top,
                  struct draw_list *out)
{
	double y = y_top;
	size_t r, c;
	struct draw_op rule;

	memset(&rule, 0, sizeof rule);
	rule.kind = DRAW_LINE;
	rule.lw = 0.6;
	rule.w = p->width;
	rule.x = x;
	if (with_header) {
		for (c = 0; c < t->ncols; c++)
			text(a, out, x + c * p->col_w, y - 12, FONT_SANS_BOLD,
			     t->cols[c].header ? t->cols[c].header : "");
		y -= p->head_h;
		rule.y = y + 2;
		draw_push(a, out, &rule);
	}
	for (r = row_from; r < row_to && r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++)
			text(a, out, x + c * p->col_w, y - 10, FONT_SANS,
			     t->cells[r * t->ncols + c] ? t->cells[r * t->ncols + c] : "");
		y -= p->row_h;
	}
	return y_top - y;
}
