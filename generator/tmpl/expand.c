/*
 * tmpl/expand.c: layer 3 of the template stage (eval.h): the op tree of a
 * compiled template expanded into one text, keeping a map from every output
 * byte back to its template file position (segments), which the parser
 * (layer 4) uses for its messages. Calls rows.c and eval.c, and src.c.
 */
#include "eval.h"
#include "base/base.h"
#include "figures/figures.h"

#include <stdlib.h>
#include <string.h>

static void push_seg(struct tmpl_rctx *c, struct tmpl_pos pos, bool literal)
{
	struct tmpl_seg *s;

	if (c->nsegs == c->capsegs) {
		/* heap, not arena: the map is big, temporary, and grows by realloc */
		size_t nc = c->capsegs ? c->capsegs * 2 : 256;

		c->segs = xrealloc(c->segs, nc * sizeof *c->segs);
		c->capsegs = nc;
	}
	s = &c->segs[c->nsegs++];
	s->out = c->out.len;
	s->pos = pos;
	s->literal = literal;
}

struct tmpl_pos tmpl_rctx_pos(const struct tmpl_rctx *c, size_t off)
{
	size_t lo = 0, hi = c->nsegs;
	const struct tmpl_seg *s;
	struct tmpl_pos p;

	if (c->nsegs == 0)
		return (struct tmpl_pos){ NULL, 0 };
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (c->segs[mid].out <= off)
			lo = mid;
		else
			hi = mid;
	}
	s = &c->segs[lo];
	p = s->pos;
	if (s->literal)
		p.off += off - s->out;
	return p;
}

bool tmpl_rctx_literal(const struct tmpl_rctx *c, size_t off)
{
	size_t lo = 0, hi = c->nsegs;

	if (c->nsegs == 0)
		return false;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (c->segs[mid].out <= off)
			lo = mid;
		else
			hi = mid;
	}
	return c->segs[lo].literal;
}

/* Inserted values must not turn into markup: escape the characters the
 * prose reader treats specially. */
static void put_escaped(struct buf *b, const char *s, bool escape)
{
	if (!escape) {
		buf_puts(b, s);
		return;
	}
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r') {
			/* a value never breaks the block it sits in */
			buf_putc(b, ' ');
			continue;
		}
		if (strchr("\\*[]{}|#", *s) != NULL)
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
}

bool tmpl_expand(struct tmpl_rctx *c, const struct tmpl_op *o, bool escape)
{
	bool ok = true;

	for (; o != NULL; o = o->next) {
		switch (o->kind) {
		case TMPL_OP_TEXT:
			push_seg(c, o->pos, o->literal);
			buf_add(&c->out, o->text, o->len);
			break;
		case TMPL_OP_EXPR: {
			struct tmpl_val v;

			if (!tmpl_eval_expr(c, o->expr, &v) ||
			    !tmpl_apply_filters(c, o->filters, o->nfilters, &v)) {
				ok = false;
				break;
			}
			push_seg(c, o->pos, false);
			if (v.fig != NULL || v.t != NULL) {
				struct tmpl_mark *m;

				if (c->nmarks == c->capmarks) {
					size_t nc = c->capmarks ? c->capmarks * 2 : 256;

					c->marks = xrealloc(c->marks, nc * sizeof *c->marks);
					c->capmarks = nc;
				}
				m = &c->marks[c->nmarks++];
				m->out = c->out.len;
				m->fig = v.fig;
				m->t = v.t;
				m->row = v.row;
				m->col = v.col;
				m->text = tmpl_val_text(c, &v);
				m->pos = o->pos;
			}
			put_escaped(&c->out, tmpl_val_text(c, &v), escape);
			break;
		}
		case TMPL_OP_FOR: {
			const struct figtable *t = figset_get_table(c->fs, o->table);
			struct tmpl_scope sc = { 0 };
			const size_t *rows;
			size_t n = 0, i;

			sc.var = o->var;
			sc.t = t;
			sc.up = c->scope;
			c->scope = &sc;
			if (!tmpl_rows_where(c, t, o->where, o->limit, &rows, &n))
				ok = false;
			sc.length = n;
			for (i = 0; i < n; i++) {
				sc.row = rows[i];
				sc.index = i;
				if (!tmpl_expand(c, o->body, escape))
					ok = false;
			}
			c->scope = sc.up;
			break;
		}
		case TMPL_OP_IF: {
			const struct tmpl_branch *b;
			bool yes;

			for (b = o->branches; b != NULL; b = b->next) {
				yes = true;
				if (b->cond != NULL && !tmpl_eval_cond(c, b->cond, &yes)) {
					ok = false;
					break;
				}
				if (yes) {
					if (!tmpl_expand(c, b->body, escape))
						ok = false;
					break;
				}
			}
			break;
		}
		}
	}
	return ok;
}

const char *tmpl_expand_string(struct tmpl_rctx *c, const struct tmpl_op *o, bool *ok)
{
	const char *s;

	buf_clear(&c->out);
	c->nsegs = 0;
	c->nmarks = 0;
	if (!tmpl_expand(c, o, false))
		*ok = false;
	s = arena_strndup(c->a, c->out.data ? c->out.data : "", c->out.len);
	buf_clear(&c->out);
	c->nsegs = 0;
	c->nmarks = 0;
	return s;
}

