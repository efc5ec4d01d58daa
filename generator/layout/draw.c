/*
 * draw: growable lists of drawing primitives, and the structure elements
 * (tagged PDF) they belong to.
 */
#include "layout/layout.h"
#include "base/base.h"
#include "layout/internal.h"

#include <string.h>

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

/* ---- structure elements ---- */

static const char *const sr_names[SR_NROLES] = {
	[SR_DOCUMENT] = "Document", [SR_TITLE] = "Title", [SR_H1] = "H1", [SR_H2] = "H2",
	[SR_H3] = "H3", [SR_P] = "P", [SR_L] = "L", [SR_LI] = "LI", [SR_LBL] = "Lbl",
	[SR_LBODY] = "LBody", [SR_BLOCKQUOTE] = "BlockQuote", [SR_TABLE] = "Table",
	[SR_THEAD] = "THead", [SR_TBODY] = "TBody", [SR_TR] = "TR", [SR_TH] = "TH", [SR_TD] = "TD",
	[SR_CAPTION] = "Caption", [SR_FIGURE] = "Figure", [SR_NOTE] = "Note",
	[SR_REFERENCE] = "Reference", [SR_LINK] = "Link", [SR_TOC] = "TOC", [SR_TOCI] = "TOCI",
	[SR_SPAN] = "Span",
};

const char *layout_role_name(int role)
{
	return role >= 0 && role < SR_NROLES ? sr_names[role] : "Span";
}

int lay_tag(struct lay *L, int role, int parent)
{
	struct layout_elem *e;

	if (L->nelems == L->capelems) {
		size_t cap = L->capelems ? L->capelems * 2 : 256;

		L->elems = arena_grow(L->a, L->elems, L->nelems, cap, sizeof *L->elems);
		L->capelems = cap;
	}
	e = &L->elems[L->nelems];
	memset(e, 0, sizeof *e);
	e->role = role;
	e->parent = L->nelems == 0 ? -1 : parent < 0 ? 0 : parent;
	e->order = (int)L->nelems;
	e->inline_el = role == SR_LINK || role == SR_REFERENCE || role == SR_SPAN;
	e->keep_empty = role == SR_TD || role == SR_TH;
	return (int)L->nelems++;
}

