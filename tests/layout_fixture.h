/*
 * Test-only document builders for the layout and PDF tests (the template
 * stage's doc.c is not needed to make a tree by hand). Everything is static
 * so each test file that includes this gets its own copy.
 */
#ifndef REPORTGEN_TESTS_LAYOUT_FIXTURE_H
#define REPORTGEN_TESTS_LAYOUT_FIXTURE_H

#include "base/base.h"
#include "doc/doc.h"

#include <stdio.h>
#include <string.h>

static struct doc *fx_doc(struct arena *a, const char *lang)
{
	struct doc *d = arena_alloc(a, sizeof *d);

	d->lang = lang;
	d->root = arena_alloc(a, sizeof *d->root);
	d->root->kind = DOC_ROOT;
	return d;
}

static struct doc_node *fx_add(struct arena *a, struct doc_node *parent, enum doc_kind kind)
{
	struct doc_node *n = arena_alloc(a, sizeof *n);

	n->kind = kind;
	n->parent = parent;
	if (parent) {
		if (parent->last)
			parent->last->next = n;
		else
			parent->first = n;
		parent->last = n;
	}
	return n;
}

static struct doc_run *fx_run(struct arena *a, struct doc_node *n, enum run_kind kind,
                              unsigned style, const char *text)
{
	struct doc_run *r;

	n->runs = arena_grow(a, n->runs, n->nruns, n->nruns + 1, sizeof *n->runs);
	r = &n->runs[n->nruns++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->style = style;
	r->text = text;
	return r;
}

static struct doc_node *fx_para(struct arena *a, struct doc_node *parent, const char *text)
{
	struct doc_node *p = fx_add(a, parent, DOC_PARA);

	fx_run(a, p, RUN_TEXT, 0, text);
	return p;
}

static struct doc_node *fx_section(struct arena *a, struct doc_node *parent, int level,
                                   const char *number, const char *title)
{
	struct doc_node *s = fx_add(a, parent, DOC_SECTION);

	s->level = level;
	s->number = number;
	s->flags = number ? DOC_F_NUMBERED : 0;
	if (level == 1)
		s->flags |= DOC_F_NEWPAGE;
	fx_run(a, s, RUN_TEXT, 0, title);
	return s;
}

static struct doc_node *fx_note(struct arena *a, struct doc *d, struct doc_node *para,
                                const char *text)
{
	struct doc_node *note = fx_add(a, NULL, DOC_NOTE);
	struct doc_run *r;

	fx_para(a, note, text);
	d->notes = arena_grow(a, d->notes, d->nnotes, d->nnotes + 1, sizeof *d->notes);
	d->notes[d->nnotes++] = note;
	note->note_number = (int)d->nnotes;
	r = fx_run(a, para, RUN_NOTEREF, 0, arena_printf(a, "%d", note->note_number));
	r->note = note;
	return note;
}

/* Sentences of our own, about the subject of the white paper. */
static const char *const fx_sentences[] = {
	"Artificial intelligence is changing the way governments deliver public services, "
	"and the change is already visible in health, transport and education.",
	"Mexico has a large and young workforce, a growing technology sector and universities "
	"that train thousands of engineers every year.",
	"The readiness of a government to use these technologies depends on its infrastructure, "
	"its skills, its data and the quality of its public administration.",
	"Automation will not affect every occupation in the same way: some tasks will be enhanced, "
	"others transformed, and a smaller share replaced altogether.",
	"A national strategy gives these efforts a common direction, sets priorities for investment "
	"and makes clear who is accountable for the results.",
	"International experience suggests that coordination between ministries matters as much as "
	"the size of the budget devoted to research and development.",
	"Open data, interoperable registers and clear rules on privacy are the foundations on which "
	"trustworthy applications can be built.",
	"The states differ widely in their exposure to automation, which calls for policies that "
	"recognise regional differences in industry and employment.",
};

static const char *fx_paragraph(struct arena *a, unsigned seed, int nsent)
{
	char *s = arena_strdup(a, "");
	int i;

	for (i = 0; i < nsent; i++)
		s = arena_printf(a, "%s%s%s", s, i ? " " : "",
		                 fx_sentences[(seed * 7 + (unsigned)i * 3) % 8]);
	return s;
}

static struct doc_node *fx_table(struct arena *a, struct doc_node *parent, const char *number,
                                 size_t nrows)
{
	struct doc_node *t = fx_add(a, parent, DOC_TABLE);
	struct doc_table *tb = arena_alloc(a, sizeof *tb);
	size_t r;

	tb->ncols = 3;
	tb->nrows = nrows;
	tb->cols = arena_calloc(a, 3, sizeof *tb->cols);
	tb->cols[0].header = "Sector";
	tb->cols[1].header = "Jobs (thousands)";
	tb->cols[1].numeric = true;
	tb->cols[2].header = "Share (%)";
	tb->cols[2].numeric = true;
	tb->cells = arena_calloc(a, nrows * 3, sizeof *tb->cells);
	tb->row_flags = arena_calloc(a, nrows, sizeof *tb->row_flags);
	tb->header_rows = 1;
	for (r = 0; r < nrows; r++) {
		tb->cells[r * 3] = arena_printf(a, "Sector %zu", r + 1);
		tb->cells[r * 3 + 1] = arena_printf(a, "%zu", 100 + r * 37 % 400);
		tb->cells[r * 3 + 2] = arena_printf(a, "%.1f", (double)(r * 13 % 97) / 3.0);
	}
	t->table = tb;
	t->number = number;
	t->label = arena_printf(a, "tab.%s", number);
	t->source = "Own elaboration with data from INEGI (2018).";
	fx_run(a, t, RUN_TEXT, 0, "Jobs by sector and their share of automatable tasks");
	return t;
}

static struct doc_node *fx_chart(struct arena *a, struct doc_node *parent, const char *number)
{
	struct doc_node *c = fx_add(a, parent, DOC_CHART);
	struct doc_chart *ch = arena_alloc(a, sizeof *ch);
	size_t i;

	ch->kind = CHART_BAR;
	ch->n = 8;
	ch->labels = arena_calloc(a, 8, sizeof *ch->labels);
	ch->y = arena_calloc(a, 8, sizeof *ch->y);
	for (i = 0; i < 8; i++) {
		ch->labels[i] = arena_printf(a, "State %zu", i + 1);
		ch->y[i] = (double)(i * 11 % 50);
	}
	c->chart = ch;
	c->number = number;
	c->label = arena_printf(a, "fig.%s", number);
	c->source = "Oxford Insights (2017).";
	fx_run(a, c, RUN_TEXT, 0, "Exposure to automation by state");
	return c;
}

/* A white-paper-like document: cover, contents, nchap chapters of sections,
 * paragraphs, a list, quotes, a table, a chart and footnotes. */
static struct doc *fx_sample(struct arena *a, int nchap, int paras_per_sec)
{
	struct doc *d = fx_doc(a, "en");
	struct doc_node *cov, *ch, *sec, *p, *l, *it, *q;
	int c, s, k;
	unsigned seed = 1;

	d->title = "Towards an AI Strategy in Mexico";
	d->subtitle = "Harnessing the AI Revolution";
	d->author = "Oxford Insights and C Minds";
	d->date = "June 2018";
	d->running_title = "Towards an AI Strategy in Mexico";
	cov = fx_add(a, d->root, DOC_COVER);
	cov->cover = arena_alloc(a, sizeof *cov->cover);
	cov->cover->title = d->title;
	cov->cover->subtitle = "Harnessing the AI Revolution: a white paper on policy, skills and readiness";
	cov->cover->authors = d->author;
	cov->cover->date = d->date;
	cov->cover->edition_note = "Test edition typeset by reportgen";
	fx_add(a, d->root, DOC_TOC);
	for (c = 1; c <= nchap; c++) {
		ch = fx_section(a, d->root, 1, arena_printf(a, "%d", c),
		                c % 2 ? "The readiness of government for artificial intelligence"
		                      : "Likely impact on employment");
		ch->label = arena_printf(a, "chap.%d", c);
		p = fx_para(a, ch, fx_paragraph(a, seed++, 3));
		p->flags |= DOC_F_LEAD;
		for (s = 1; s <= 3; s++) {
			sec = fx_section(a, ch, 2, arena_printf(a, "%d.%d", c, s),
			                 s == 2 ? "Skills, data and infrastructure" : "What the figures show");
			for (k = 0; k < paras_per_sec; k++) {
				p = fx_para(a, sec, fx_paragraph(a, seed, 3 + (int)(seed % 3)));
				seed++;
				if (k == 1 && s == 1) {
					struct doc_run *r;

					fx_run(a, p, RUN_TEXT, 0, " See ");
					r = fx_run(a, p, RUN_XREF, 0, arena_printf(a, "Table %d", c));
					r->target = arena_printf(a, "tab.%d", c);
					fx_run(a, p, RUN_TEXT, 0, " and the data at ");
					r = fx_run(a, p, RUN_LINK, 0, "https://www.inegi.org.mx/");
					r->target = "https://www.inegi.org.mx/";
					fx_run(a, p, RUN_TEXT, 0, ".");
					fx_note(a, d, p, fx_paragraph(a, seed++, 1 + c % 2));
				}
			}
			if (s == 1) {
				l = fx_add(a, sec, DOC_LIST);
				for (k = 0; k < 3; k++) {
					it = fx_add(a, l, DOC_ITEM);
					fx_para(a, it, fx_sentences[(seed + (unsigned)k) % 8]);
				}
				fx_table(a, sec, arena_printf(a, "%d", c), 6 + (size_t)c * 3);
			}
			if (s == 2) {
				q = fx_add(a, sec, DOC_QUOTE);
				fx_para(a, q, fx_sentences[seed % 8]);
				q->attribution = "Government AI Readiness Index, 2017";
				fx_chart(a, sec, arena_printf(a, "%d", c));
			}
			if (s == 3 && c % 2 == 0) {
				q = fx_add(a, sec, DOC_PULLQUOTE);
				fx_para(a, q, "A strategy is a promise about priorities; the budget is where "
				              "the promise is kept.");
				q->attribution = "Interview, Mexico City";
			}
		}
	}
	return d;
}

#endif
