/*
 * doc: building the tree by hand, walking it, plain text and the text dump.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "base/base.h"
#include "doc/doc.h"

static struct arena *A;

static void setup(void) { A = arena_new(); }
static void teardown(void) { arena_free(A); }

static char *dump(const struct doc *d)
{
	struct buf b = { 0 };
	char *s;

	doc_dump(d, &b);
	s = arena_strdup(A, buf_cstr(&b));
	buf_free(&b);
	return s;
}

Test(doc, new_document_is_empty, .init = setup, .fini = teardown)
{
	struct doc *d = doc_new(A, "es");

	cr_assert_not_null(d->root);
	cr_expect_eq(d->root->kind, DOC_ROOT);
	cr_expect_null(d->root->first);
	cr_expect_str_eq(d->lang, "es");
	cr_expect_eq(d->nnotes, 0);
	cr_expect_str_eq(dump(d), "");
}

Test(doc, children_keep_order_and_parent, .init = setup, .fini = teardown)
{
	struct doc *d = doc_new(A, "en");
	struct srcloc loc = { "a.md", 3, 7 };
	struct doc_node *s = doc_add(A, d->root, DOC_SECTION, &loc);
	struct doc_node *p1 = doc_add(A, s, DOC_PARA, NULL);
	struct doc_node *p2 = doc_add(A, s, DOC_PARA, NULL);

	cr_expect_eq(d->root->first, s);
	cr_expect_eq(d->root->last, s);
	cr_expect_eq(s->first, p1);
	cr_expect_eq(p1->next, p2);
	cr_expect_eq(s->last, p2);
	cr_expect_null(p2->next);
	cr_expect_eq(p2->parent, s);
	cr_expect_str_eq(s->loc.file, "a.md");
	cr_expect_eq(s->loc.line, 3);
	cr_expect_eq(s->loc.col, 7);
	cr_expect_null(p1->loc.file);
}

Test(doc, runs_grow_and_keep_content, .init = setup, .fini = teardown)
{
	struct doc_node *p = doc_add(A, NULL, DOC_PARA, NULL);
	char want[8];
	int i;

	for (i = 0; i < 1000; i++)
		doc_add_run(A, p, RUN_TEXT, (unsigned)(i % 4), arena_printf(A, "%d", i));
	cr_assert_eq(p->nruns, 1000);
	for (i = 0; i < 1000; i++) {
		snprintf(want, sizeof want, "%d", i);
		cr_expect_str_eq(p->runs[i].text, want);
		cr_expect_eq(p->runs[i].style, (unsigned)(i % 4));
	}
}

Test(doc, plain_text_skips_note_calls, .init = setup, .fini = teardown)
{
	struct doc_node *p = doc_add(A, NULL, DOC_PARA, NULL);
	struct doc_run *r;

	doc_add_run(A, p, RUN_TEXT, 0, "Jobs ");
	doc_add_run(A, p, RUN_TEXT, RUN_BOLD, "at risk");
	doc_add_run(A, p, RUN_NOTEREF, 0, "3");
	doc_add_run(A, p, RUN_BREAK, 0, NULL);
	r = doc_add_run(A, p, RUN_XREF, 0, "Table 2");
	r->target = "tbl:x";
	r = doc_add_run(A, p, RUN_LINK, RUN_ITALIC, " here");
	r->target = "https://x.org";
	cr_expect_str_eq(doc_plain_text(A, p), "Jobs at risk Table 2 here");
}

static int count_kind(struct doc_node *n, void *ud)
{
	int *c = ud;

	c[n->kind]++;
	return 0;
}

static int stop_at_table(struct doc_node *n, void *ud)
{
	int *seen = ud;

	(*seen)++;
	return n->kind == DOC_TABLE ? 42 : 0;
}

Test(doc, walk_visits_in_pre_order_and_stops, .init = setup, .fini = teardown)
{
	struct doc *d = doc_new(A, "en");
	struct doc_node *s = doc_add(A, d->root, DOC_SECTION, NULL);
	struct doc_node *l = doc_add(A, s, DOC_LIST, NULL);
	int counts[DOC_COVER + 1] = { 0 }, seen = 0;

	doc_add(A, doc_add(A, l, DOC_ITEM, NULL), DOC_PARA, NULL);
	doc_add(A, doc_add(A, l, DOC_ITEM, NULL), DOC_PARA, NULL);
	doc_add(A, s, DOC_TABLE, NULL);
	doc_add(A, s, DOC_PARA, NULL);
	cr_expect_eq(doc_walk(d->root, count_kind, counts), 0);
	cr_expect_eq(counts[DOC_ROOT], 1);
	cr_expect_eq(counts[DOC_ITEM], 2);
	cr_expect_eq(counts[DOC_PARA], 3);
	cr_expect_eq(counts[DOC_TABLE], 1);
	/* root, section, list, item, para, item, para, table: stops there */
	cr_expect_eq(doc_walk(d->root, stop_at_table, &seen), 42);
	cr_expect_eq(seen, 8);
}

Test(doc, dump_shows_every_kind, .init = setup, .fini = teardown)
{
	struct doc *d = doc_new(A, "en");
	struct doc_node *s, *p, *t, *c, *q, *n, *cv;
	struct doc_run *r;
	static const char *cells[] = { "Mining", "0.21", "Total", "9.77" };
	static unsigned flags[] = { 0, DOC_ROW_BOLD | DOC_ROW_RULE };
	static const char *labels[] = { "A", "B" };
	static double ys[] = { 0.5, 0.25 };
	static const char *vals[] = { "50%", "25%" };

	d->title = "T \"quoted\"";
	cv = doc_add(A, d->root, DOC_COVER, NULL);
	cv->cover = arena_alloc(A, sizeof *cv->cover);
	cv->cover->title = "T";
	cv->cover->date = "June 2018";
	s = doc_add(A, d->root, DOC_SECTION, NULL);
	s->level = 1;
	s->number = "2";
	s->label = "ch:x";
	s->flags = DOC_F_NUMBERED | DOC_F_NEWPAGE;
	doc_add_run(A, s, RUN_TEXT, 0, "Impact");
	p = doc_add(A, s, DOC_PARA, NULL);
	p->flags = DOC_F_RAGGED;
	doc_add_run(A, p, RUN_TEXT, 0, "a ");
	doc_add_run(A, p, RUN_TEXT, RUN_ITALIC, "b");
	doc_add_run(A, p, RUN_TEXT, 0, " 5*3 ");
	doc_add_run(A, p, RUN_TEXT, RUN_BOLD | RUN_ITALIC, "c");
	r = doc_add_run(A, p, RUN_LINK, 0, "l");
	r->target = "u";
	r = doc_add_run(A, p, RUN_XREF, 0, "Table 1");
	r->target = "tbl:t";
	doc_add_run(A, p, RUN_NOTEREF, 0, "1");
	doc_add_run(A, p, RUN_BREAK, 0, "");
	t = doc_add(A, s, DOC_TABLE, NULL);
	t->number = "1";
	t->source = "OECD";
	t->table = arena_alloc(A, sizeof *t->table);
	t->table->ncols = 2;
	t->table->nrows = 2;
	t->table->cols = arena_calloc(A, 2, sizeof *t->table->cols);
	t->table->cols[0].header = "Sector";
	t->table->cols[1].header = "Jobs\nmillions";
	t->table->cols[1].align = DOC_ALIGN_RIGHT;
	t->table->cols[1].numeric = true;
	t->table->cols[1].width = 4;
	t->table->cells = cells;
	t->table->row_flags = flags;
	c = doc_add(A, s, DOC_CHART, NULL);
	c->chart = arena_alloc(A, sizeof *c->chart);
	c->chart->kind = CHART_BAR;
	c->chart->n = 2;
	c->chart->labels = labels;
	c->chart->y = ys;
	c->chart->value_labels = vals;
	c->chart->y_percent = true;
	c->chart->r = NAN;
	q = doc_add(A, s, DOC_QUOTE, NULL);
	q->attribution = "X";
	doc_add_run(A, doc_add(A, q, DOC_PARA, NULL), RUN_TEXT, 0, "q");
	doc_add(A, s, DOC_PAGEBREAK, NULL);
	doc_add(A, s, DOC_TOC, NULL);
	n = doc_add(A, NULL, DOC_NOTE, NULL);
	n->note_number = 1;
	doc_add_run(A, doc_add(A, n, DOC_PARA, NULL), RUN_TEXT, 0, "note");
	d->notes = arena_calloc(A, 1, sizeof *d->notes);
	d->notes[0] = n;
	d->nnotes = 1;
	cr_expect_str_eq(dump(d),
		"TITLE \"T \\\"quoted\\\"\"\n"
		"COVER title=\"T\" date=\"June 2018\"\n"
		"SECTION L1 N=\"2\" label=ch:x numbered newpage \"Impact\"\n"
		"  PARA ragged \"a *b* 5\\\\*3 ***c***[l](u)[@tbl:t=Table 1][^1]\\\\\\\\\"\n"
		"  TABLE N=\"1\" source=\"OECD\"\n"
		"    COL \"Sector\" left w=0\n"
		"    COL \"Jobs\\nmillions\" right w=4 numeric\n"
		"    ROW | Mining | 0.21 |\n"
		"    ROW bold rule | Total | 9.77 |\n"
		"  CHART bar\n"
		"    x%=0 y%=1\n"
		"    POINT \"A\" y=0.5 value=\"50%\"\n"
		"    POINT \"B\" y=0.25 value=\"25%\"\n"
		"  QUOTE by=\"X\"\n"
		"    PARA \"q\"\n"
		"  PAGEBREAK\n"
		"  TOC\n"
		"NOTE 1\n"
		"  PARA \"note\"\n");
}
