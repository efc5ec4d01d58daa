/*
 * draw: growable lists of drawing primitives.
 */
#include "layout/layout.h"
#include "base/base.h"

struct draw_op *draw_push(struct arena *a, struct draw_list *l, const struct draw_op *op)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;

		l->ops = arena_grow_raw(a, l->ops, l->n, cap, sizeof *l->ops);
		l->cap = cap;
	}
	l->ops[l->n] = *op;
	return &l->ops[l->n++];
}

void draw_append(struct arena *a, struct draw_list *dst, const struct draw_list *src,
                 double dx, double dy)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		struct draw_op *op = draw_push(a, dst, &src->ops[i]);

		op->x += dx;
		op->y += dy;
	}
}
