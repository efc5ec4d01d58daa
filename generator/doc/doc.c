/*
 * doc: construction, walking and text dump of the document tree (doc.h).
 */
#include "doc/doc.h"
#include "base/base.h"

#include <math.h>
#include <string.h>

struct doc *doc_new(struct arena *a, const char *lang)
{
	struct doc *d = arena_alloc(a, sizeof *d);

	d->lang = arena_strdup(a, lang ? lang : "en");
	d->root = doc_add(a, NULL, DOC_ROOT, NULL);
	return d;
}

struct doc_node *doc_add(struct arena *a, struct doc_node *parent, enum doc_kind kind,
                         const struct srcloc *loc)
{
	struct doc_node *n = arena_alloc(a, sizeof *n);

	n->kind = kind;
	if (loc != NULL)
		n->loc = *loc;
	n->parent = parent;
	if (parent != NULL) {
		if (parent->last != NULL)
			parent->last->next = n;
		else
			parent->first = n;
		parent->last = n;
	}
	return n;
}

struct doc_run *doc_add_run(struct arena *a, struct doc_node *n, enum run_kind kind,
                            unsigned style, const char *text)
{
	struct doc_run *r;

	/* grow by doubling; the capacity is implied by nruns (powers of two) */
	if (n->nruns == 0 || (n->nruns & (n->nruns - 1)) == 0)
		n->runs = arena_grow(a, n->runs, n->nruns, n->nruns ? n->nruns * 2 : 1,
		                     sizeof *n->runs);
	r = &n->runs[n->nruns++];
	r->kind = kind;
	r->style = style;
	r->text = text ? text : "";
	return r;
}

char *doc_plain_text(struct arena *a, const struct doc_node *n)
{
	struct buf b = { 0 };
	char *s;
	size_t i;

	for (i = 0; i < n->nruns; i++) {
		if (n->runs[i].kind == RUN_BREAK)
			buf_putc(&b, ' ');
		else if (n->runs[i].kind != RUN_NOTEREF)
			buf_puts(&b, n->runs[i].text);
	}
	s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

int doc_walk(struct doc_node *n, int (*fn)(struct doc_node *, void *), void *ud)
{
	struct doc_node *c;
	int r;

	if (n == NULL)
		return 0;
	if ((r = fn(n, ud)) != 0)
		return r;
	for (c = n->first; c != NULL; c = c->next)
		if ((r = doc_walk(c, fn, ud)) != 0)
			return r;
	return 0;
}

/* ---- dump ---- */

static void put_quoted(struct buf *out, const char *s)
{
	buf_putc(out, '"');
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(out, '\\');
		if (*s == '\n')
			buf_puts(out, "\\n");
		else
			buf_putc(out, *s);
	}
	buf_putc(out, '"');
}

static void style_marks(struct buf *out, unsigned style)
{
	if ((style & (RUN_BOLD | RUN_ITALIC)) == (RUN_BOLD | RUN_ITALIC))
		buf_puts(out, "***");
	else if (style & RUN_BOLD)
		buf_puts(out, "**");
	else if (style & RUN_ITALIC)
		buf_puts(out, "*");
}

/* Runs as one line: *italic*, **bold**, [link](url), [@label=Table 3], [^3], \n for breaks. */
static void put_runs(struct buf *out, const struct doc_node *n)
{
	struct buf t = { 0 };
	size_t i;
	const struct doc_run *r;

	for (i = 0; i < n->nruns; i++) {
		r = &n->runs[i];
		style_marks(&t, r->style);
		switch (r->kind) {
		case RUN_TEXT:
			/* a literal '*' is shown as "\*" so it cannot pass for a style mark */
			for (const char *c = r->text; *c; c++) {
				if (*c == '*')
					buf_putc(&t, '\\');
				buf_putc(&t, *c);
			}
			break;
		case RUN_LINK:
			buf_printf(&t, "[%s](%s)", r->text, r->target ? r->target : "");
			break;
		case RUN_XREF:
			buf_printf(&t, "[@%s=%s]", r->target ? r->target : "", r->text);
			break;
		case RUN_NOTEREF:
			buf_printf(&t, "[^%s]", r->text);
			break;
		case RUN_BREAK:
			buf_puts(&t, "\\\\");
			break;
		}
		style_marks(&t, r->style);
	}
	put_quoted(out, buf_cstr(&t));
	buf_free(&t);
}

static const char *kind_name(enum doc_kind k)
{
	static const char *const names[] = {
		"ROOT", "SECTION", "PARA", "LIST", "ITEM", "QUOTE", "PULLQUOTE", "TABLE",
		"CHART", "PAGEBREAK", "TOC", "NOTE", "COVER"
	};

	return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static void put_flags(struct buf *out, unsigned f)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ DOC_F_NUMBERED, "numbered" }, { DOC_F_ORDERED, "ordered" },
		{ DOC_F_RAGGED, "ragged" }, { DOC_F_APPENDIX, "appendix" },
		{ DOC_F_NOTOC, "notoc" }, { DOC_F_NEWPAGE, "newpage" },
		{ DOC_F_LEAD, "lead" }, { DOC_F_SMALL, "small" }, { DOC_F_CENTER, "center" },
		{ DOC_F_COLUMNS, "columns" },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (f & names[i].bit)
			buf_printf(out, " %s", names[i].name);
}

static void put_num(struct buf *out, double v)
{
	if (isnan(v))
		buf_puts(out, "nan");
	else
		buf_printf(out, "%g", v);
}

static void indent(struct buf *out, int depth)
{
	int i;

	for (i = 0; i < depth; i++)
		buf_puts(out, "  ");
}

static void dump_table(struct buf *out, const struct doc_table *t, int depth)
{
	static const char *const aligns[] = { "left", "right", "center", "decimal" };
	size_t i, j;

	for (j = 0; j < t->ncols; j++) {
		indent(out, depth);
		buf_puts(out, "COL ");
		put_quoted(out, t->cols[j].header);
		buf_printf(out, " %s w=%g%s\n", aligns[t->cols[j].align], t->cols[j].width,
		           t->cols[j].numeric ? " numeric" : "");
	}
	for (i = 0; i < t->nrows; i++) {
		indent(out, depth);
		buf_puts(out, "ROW");
		if (t->row_flags[i] & DOC_ROW_BOLD)
			buf_puts(out, " bold");
		if (t->row_flags[i] & DOC_ROW_RULE)
			buf_puts(out, " rule");
		if (t->row_flags[i] & DOC_ROW_GROUP)
			buf_puts(out, " group");
		buf_puts(out, " |");
		for (j = 0; j < t->ncols; j++)
			buf_printf(out, " %s |", t->cells[i * t->ncols + j]);
		buf_putc(out, '\n');
	}
}

static void dump_chart(struct buf *out, const struct doc_chart *c, int depth)
{
	size_t i;

	indent(out, depth);
	if (c->x_title) {
		buf_puts(out, "x-title=");
		put_quoted(out, c->x_title);
		buf_putc(out, ' ');
	}
	if (c->y_title) {
		buf_puts(out, "y-title=");
		put_quoted(out, c->y_title);
		buf_putc(out, ' ');
	}
	buf_printf(out, "x%%=%d y%%=%d", c->x_percent, c->y_percent);
	if (c->fit_line) {
		buf_puts(out, " fit=");
		put_num(out, c->slope);
		buf_putc(out, ',');
		put_num(out, c->intercept);
		buf_puts(out, " r=");
		put_num(out, c->r);
	}
	if (c->kind == CHART_DOTRANK || c->kind == CHART_INTERVAL) {
		buf_puts(out, " max=");
		put_num(out, c->rank_max);
	}
	if (c->kind == CHART_MAP)
		buf_printf(out, " classes=%d shapes=%zu", c->classes, c->geo ? c->geo->n : 0);
	if (c->highlight_set)
		buf_printf(out, " highlight=%zu", c->highlight);
	buf_putc(out, '\n');
	for (i = 0; i < c->n; i++) {
		indent(out, depth);
		buf_puts(out, "POINT ");
		put_quoted(out, c->labels[i]);
		if (c->x) {
			buf_puts(out, " x=");
			put_num(out, c->x[i]);
		}
		buf_puts(out, " y=");
		put_num(out, c->y[i]);
		if (c->lo && c->hi) {
			buf_puts(out, " lo=");
			put_num(out, c->lo[i]);
			buf_puts(out, " hi=");
			put_num(out, c->hi[i]);
		}
		if (c->groups) {
			buf_puts(out, " group=");
			put_quoted(out, c->groups[i]);
		}
		if (c->value_labels) {
			buf_puts(out, " value=");
			put_quoted(out, c->value_labels[i]);
		}
		if (c->shapes) {
			buf_puts(out, " shape=");
			put_quoted(out, c->shapes[i] ? c->shapes[i]->code : "");
		}
		buf_putc(out, '\n');
	}
}

static void dump_node(struct buf *out, const struct doc_node *n, int depth)
{
	static const char *const chart_kinds[] = { "bar", "scatter", "dotrank", "map", "interval" };
	const struct doc_node *c;

	indent(out, depth);
	buf_puts(out, kind_name(n->kind));
	if (n->kind == DOC_SECTION)
		buf_printf(out, " L%d", n->level);
	if (n->kind == DOC_CHART && n->chart)
		buf_printf(out, " %s", chart_kinds[n->chart->kind]);
	if (n->kind == DOC_NOTE)
		buf_printf(out, " %d", n->note_number);
	if (n->number)
		buf_printf(out, " N=\"%s\"", n->number);
	if (n->label)
		buf_printf(out, " label=%s", n->label);
	put_flags(out, n->flags);
	if (n->nruns > 0) {
		buf_putc(out, ' ');
		put_runs(out, n);
	}
	if (n->attribution) {
		buf_puts(out, " by=");
		put_quoted(out, n->attribution);
	}
	if (n->source) {
		buf_puts(out, " source=");
		put_quoted(out, n->source);
	}
	if (n->kind == DOC_TABLE && n->table && n->table->group_header) {
		buf_puts(out, " group=");
		put_quoted(out, n->table->group_header);
	}
	if (n->kind == DOC_COVER && n->cover) {
		const struct doc_cover *cv = n->cover;
		const char *f[] = { cv->title, cv->subtitle, cv->authors, cv->date, cv->edition_note };
		const char *fn[] = { "title", "subtitle", "authors", "date", "edition" };
		size_t i;

		for (i = 0; i < 5; i++) {
			if (f[i] == NULL)
				continue;
			buf_printf(out, " %s=", fn[i]);
			put_quoted(out, f[i]);
		}
		if (cv->masthead)
			buf_puts(out, " masthead");
	}
	buf_putc(out, '\n');
	if (n->kind == DOC_TABLE && n->table)
		dump_table(out, n->table, depth + 1);
	if (n->kind == DOC_CHART && n->chart)
		dump_chart(out, n->chart, depth + 1);
	for (c = n->first; c != NULL; c = c->next)
		dump_node(out, c, depth + 1);
}

void doc_dump(const struct doc *d, struct buf *out)
{
	const struct doc_node *c;
	size_t i;

	if (d->title) {
		buf_puts(out, "TITLE ");
		put_quoted(out, d->title);
		buf_putc(out, '\n');
	}
	for (c = d->root->first; c != NULL; c = c->next)
		dump_node(out, c, 0);
	for (i = 0; i < d->nnotes; i++)
		dump_node(out, d->notes[i], 0);
}
