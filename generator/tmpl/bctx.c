/*
 * tmpl/bctx.c: layer 4 of the template stage (parse.h): the context the
 * prose reader works in: messages at an offset of the expanded text (shown
 * at the template position it came from) and the document's labels. Calls
 * down to expand.c (positions) and src.c only.
 */
#include "parse.h"
#include "base/base.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void tmpl_bctx_error(struct tmpl_bctx *b, size_t off, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	tmpl_err(tmpl_rctx_pos(b->r, off), "%s", msg);
	b->errors++;
}

void tmpl_bctx_warn(struct tmpl_bctx *b, size_t off, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	tmpl_warn(tmpl_rctx_pos(b->r, off), "%s", msg);
}

struct srcloc tmpl_bctx_loc(struct tmpl_bctx *b, size_t off)
{
	return tmpl_pos_loc(tmpl_rctx_pos(b->r, off));
}

void tmpl_bctx_add_label(struct tmpl_bctx *b, const char *label, struct doc_node *n, size_t off)
{
	size_t i;
	struct tmpl_label *e;

	for (i = 0; i < b->nlabels; i++) {
		if (strcmp(b->labels[i].label, label) == 0) {
			struct srcloc first = tmpl_pos_loc(b->labels[i].pos);

			tmpl_bctx_error(b, off, "duplicate label '%s' (first defined at %s:%d)", label,
			           first.file ? first.file : "?", first.line);
			return;
		}
	}
	if (b->nlabels == b->caplabels) {
		size_t nc = b->caplabels ? b->caplabels * 2 : 16;

		b->labels = arena_grow(b->a, b->labels, b->nlabels, nc, sizeof *b->labels);
		b->caplabels = nc;
	}
	e = &b->labels[b->nlabels++];
	e->label = label;
	e->node = n;
	e->pos = tmpl_rctx_pos(b->r, off);
	n->label = label;
}
