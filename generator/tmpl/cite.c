/*
 * tmpl/cite.c: layer 4 of the template stage (parse.h): the source line of a
 * table or a chart, generated from what it draws. Every cell and figure a
 * block shows carries an origin (figures.h: a provenance and source ids);
 * the line cites each source id once, in bibliography order, with the
 * short citation of the document's language (columns cite / cite_es of the
 * bibliography table), and says in words that the figures are estimated
 * when any drawn value is. A template never types a source line (block.c
 * reports 'source:' as an error).
 */
#include "parse.h"
#include "base/base.h"
#include "figures/figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *tmpl_estimated_stem(const char *lang)
{
	return lang != NULL && strcmp(lang, "es") == 0 ? "estima" : "estimat";
}

static void add_item(struct buf *b, const char *item)
{
	if (b->len > 0)
		buf_putc(b, ' ');
	buf_puts(b, item);
}

void tmpl_drawn_cell(struct tmpl_bctx *b, struct tmpl_drawn *d, const struct figtable *t,
                     size_t row, int col)
{
	const struct fig_origin *o = col >= 0 ? figtable_cell_origin(t, row, (size_t)col)
	                                      : figtable_origin(t, row);
	char item[160];
	bool num = col < 0 || figtable_cell(t, row, (size_t)col)->is_num;

	snprintf(item, sizeof item, "%s:%zu:%d", t->name, row, col);
	if (num) {
		fig_origin_join_in(b->a, &d->o, o->prov, o->sources);
		add_item(&d->items, item);
		d->any = true;
	} else {
		fig_origin_join_in(b->a, &d->text, o->prov, o->sources);
		add_item(&d->text_items, item);
		d->any_text = true;
	}
}

void tmpl_drawn_fig(struct tmpl_bctx *b, struct tmpl_drawn *d, const struct figure *f)
{
	if (f->kind == FIG_NUM) {
		fig_origin_join_in(b->a, &d->o, f->prov, f->sources);
		add_item(&d->items, arena_printf(b->a, "=%s", f->key));
		d->any = true;
	} else {
		fig_origin_join_in(b->a, &d->text, f->prov, f->sources);
		add_item(&d->text_items, arena_printf(b->a, "=%s", f->key));
		d->any_text = true;
	}
}

void tmpl_drawn_range(struct tmpl_bctx *b, struct tmpl_drawn *d, size_t from, size_t to)
{
	const struct tmpl_rctx *c = b->r;
	size_t i;

	for (i = 0; i < c->nmarks; i++) {
		const struct tmpl_mark *m = &c->marks[i];

		if (m->out < from || m->out >= to)
			continue;
		if (m->t != NULL)
			tmpl_drawn_cell(b, d, m->t, m->row, m->col);
		else if (m->fig != NULL)
			tmpl_drawn_fig(b, d, m->fig);
	}
}

struct cited {
	const char *id, *text;
	double order;
};

static int cited_cmp(const void *x, const void *y)
{
	const struct cited *a = x, *b = y;

	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return strcmp(a->id, b->id);
}

void tmpl_source_line(struct tmpl_bctx *b, struct doc_node *n, struct tmpl_drawn *d)
{
	const struct figtable *bib = figset_get_table(b->r->fs, "bibliography");
	const struct fig_origin *o = d->any ? &d->o : &d->text;
	struct buf *items = d->any ? &d->items : &d->text_items;
	bool es = b->doc->lang != NULL && strcmp(b->doc->lang, "es") == 0;
	int cid = bib ? figtable_col(bib, "id") : -1, cnum = bib ? figtable_col(bib, "number") : -1;
	int ccite = bib ? figtable_col(bib, es ? "cite_es" : "cite") : -1;
	const char *ids = o->sources ? o->sources : "";
	struct cited *cs;
	size_t ncs = 0, cap = 1, i, r;
	char *copy, *p, *save = NULL;
	struct buf line = { 0 };
	const char *stem = tmpl_estimated_stem(b->doc->lang);

	n->source_ids = arena_strdup(b->a, ids);
	n->source_estimated = o->prov == FIG_PROV_ESTIMATED;
	n->drawn = arena_strdup(b->a, items->len ? buf_cstr(items) : "");
	buf_free(&d->items);
	buf_free(&d->text_items);
	if (*ids == '\0')
		return;
	for (p = (char *)ids; *p; p++)
		cap += *p == ' ';
	cs = arena_calloc(b->a, cap, sizeof *cs);
	copy = arena_strdup(b->a, ids);
	for (p = strtok_r(copy, " ", &save); p != NULL; p = strtok_r(NULL, " ", &save)) {
		struct cited *c = &cs[ncs++];

		c->id = p;
		c->text = p;
		c->order = 1e9;
		for (r = 0; bib != NULL && cid >= 0 && r < bib->nrows; r++) {
			if (strcmp(figtable_cell(bib, r, (size_t)cid)->text, p) != 0)
				continue;
			if (ccite >= 0 && figtable_cell(bib, r, (size_t)ccite)->text[0] != '\0')
				c->text = figtable_cell(bib, r, (size_t)ccite)->text;
			if (cnum >= 0 && figtable_cell(bib, r, (size_t)cnum)->is_num)
				c->order = figtable_cell(bib, r, (size_t)cnum)->num;
			break;
		}
	}
	qsort(cs, ncs, sizeof *cs, cited_cmp);
	for (i = 0; i < ncs; i++) {
		if (i > 0)
			buf_puts(&line, "; ");
		buf_puts(&line, cs[i].text);
	}
	if (n->source_estimated && strstr(buf_cstr(&line), stem) == NULL) {
		const char *rest = arena_strdup(b->a, buf_cstr(&line));

		buf_clear(&line);
		buf_puts(&line, es ? "estimaciones de reportgen a partir de " :
		                     "reportgen estimates from ");
		buf_puts(&line, rest);
	}
	n->source = arena_strdup(b->a, buf_cstr(&line));
	buf_free(&line);
}
