/*
 * Tests of the layout stage on measured geometry (the real fonts of
 * fonts/manifest): Knuth-Plass lines, frames, keeps, footnotes, tables,
 * charts, table of contents and outline.
 */
#include <criterion/criterion.h>

#include "base/base.h"
#include "layout/layout.h"
#include "layout/internal.h"
#include "helpers.h"
#include "pdf/pdf.h"
#include "layout_fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MANIFEST TEST_SRCDIR "/fonts/manifest"
#define EPS 0.01

struct env {
	struct arena *a, *tmp;
	struct pdf_fonts *f;
	struct hyph *h;
	const struct draw_measure *m;
	struct layout_opts o;
};

static void env_open(struct env *e)
{
	e->a = arena_new();
	e->tmp = arena_new();
	e->f = pdf_fonts_load(MANIFEST);
	cr_assert_not_null(e->f, "fonts/manifest must load");
	e->h = hyph_new(NULL);
	e->m = pdf_fonts_measure(e->f);
	e->o = (struct layout_opts){ LAYOUT_A4, e->h };
}

static void env_close(struct env *e)
{
	pdf_fonts_free(e->f);
	hyph_free(e->h);
	arena_free(e->a);
	arena_free(e->tmp);
}

/* A pass context for calling the paragraph breaker directly. */
static struct lay lay_for(struct env *e, const struct doc *d)
{
	struct lay L;

	memset(&L, 0, sizeof L);
	L.a = e->a;
	L.tmp = e->tmp;
	L.doc = d;
	L.m = e->m;
	L.hyph = e->h;
	L.lang = d->lang;
	return L;
}

static struct lay_pstyle body(void)
{
	struct lay_pstyle ps;

	memset(&ps, 0, sizeof ps);
	ps.family = FONT_SERIF;
	ps.size = 10.5;
	ps.leading = 14;
	ps.align = LAY_JUSTIFY;
	ps.hyphenate = true;
	return ps;
}

static int op_is_text(const struct draw_op *op)
{
	return op->kind == DRAW_TEXT && op->text && op->text[0];
}

/* Greedy first-fit line count at natural spacing: what a simple breaker does. */
static int greedy_lines(const struct draw_measure *m, const char *text, double width)
{
	char *copy = strdup(text), *save = NULL, *w;
	double x = 0, sp = m->width(m->ctx, FONT_SERIF, 10.5, " ", 1);
	int lines = 1;

	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		double ww = m->width(m->ctx, FONT_SERIF, 10.5, w, strlen(w));

		if (x > 0 && x + sp + ww > width) {
			lines++;
			x = ww;
		} else {
			x += (x > 0 ? sp : 0) + ww;
		}
	}
	free(copy);
	return lines;
}

Test(layout, known_paragraph_breaks_into_justified_lines)
{
	struct env e;
	struct doc *d;
	struct lay L;
	struct lay_pstyle ps = body();
	struct lay_vitem *lines = NULL;
	size_t nl = 0, i, j;
	struct doc_run run = { RUN_TEXT, 0, NULL, NULL, NULL };
	double W = 396, sp;
	int greedy;

	env_open(&e);
	d = fx_doc(e.a, "en");
	L = lay_for(&e, d);
	run.text = fx_paragraph(e.a, 0, 6);
	sp = e.m->width(e.m->ctx, FONT_SERIF, 10.5, " ", 1);
	lay_par_lines(&L, &run, 1, &ps, W, 0, &lines, &nl);
	greedy = greedy_lines(e.m, run.text, W);
	/* Golden count for this text and measure, and never worse than first fit. */
	cr_assert_eq(nl, 10, "lines: %zu (greedy %d)", nl, greedy);
	cr_assert_leq((int)nl, greedy);
	for (i = 0; i < nl; i++) {
		double right = 0, prev_end = -1, maxgap = 0;

		for (j = 0; j < lines[i].ops.n; j++) {
			const struct draw_op *op = &lines[i].ops.ops[j];

			if (!op_is_text(op))
				continue;
			cr_assert_geq(op->x, -EPS);
			cr_assert_leq(op->x + op->w, W + EPS, "line %zu overfull", i);
			if (prev_end >= 0 && op->x - prev_end > maxgap)
				maxgap = op->x - prev_end;
			prev_end = op->x + op->w;
			if (prev_end > right)
				right = prev_end;
		}
		/* Justified: every line but the last reaches the right edge ... */
		if (i + 1 < nl)
			cr_assert_float_eq(right, W, 0.05, "line %zu ends at %.2f", i, right);
		/* ... without the loose spaces that make rivers. */
		cr_assert_leq(maxgap, 2.0 * sp, "line %zu has a %.2f pt space", i, maxgap);
	}
	env_close(&e);
}

Test(layout, very_long_word_is_broken_not_overfull)
{
	struct env e;
	struct doc *d;
	struct lay L;
	struct lay_pstyle ps = body();
	struct lay_vitem *lines = NULL;
	size_t nl = 0, i, j;
	struct doc_run run = { RUN_TEXT, 0, NULL, NULL, NULL };
	char word[400];
	struct buf got = { 0 };

	env_open(&e);
	d = fx_doc(e.a, "en");
	L = lay_for(&e, d);
	strcpy(word, "https://example.org/");
	for (i = strlen(word); i < 300; i++)
		word[i] = (char)('a' + i % 26);
	word[300] = '\0';
	run.text = arena_printf(e.a, "See %s for details.", word);
	lay_par_lines(&L, &run, 1, &ps, 200, 0, &lines, &nl);
	cr_assert_gt(nl, 4);
	for (i = 0; i < nl; i++)
		for (j = 0; j < lines[i].ops.n; j++) {
			const struct draw_op *op = &lines[i].ops.ops[j];

			if (!op_is_text(op))
				continue;
			cr_assert_leq(op->x + op->w, 200 + EPS, "line %zu overfull: %.2f", i, op->x + op->w);
			buf_puts(&got, op->text);
		}
	/* Every character is set, once, in order (spaces aside). */
	cr_assert_str_eq(buf_cstr(&got), arena_printf(e.a, "See%sfordetails.", word));
	buf_free(&got);
	env_close(&e);
}

Test(layout, hyphenates_at_most_two_lines_in_a_row)
{
	struct env e;
	struct doc *d;
	struct lay L;
	struct lay_pstyle ps = body();
	struct lay_vitem *lines = NULL;
	size_t nl = 0, i, j;
	struct doc_run run = { RUN_TEXT, 0, NULL, NULL, NULL };
	int run_len = 0, hyphenated = 0;

	env_open(&e);
	d = fx_doc(e.a, "en");
	L = lay_for(&e, d);
	/* A narrow measure full of long words forces hyphenation. */
	run.text = "Internationalization infrastructure implementation telecommunications "
	           "responsibilities characterization administrative interoperability "
	           "representativeness governmental institutionalization unquestionably "
	           "understandably environmentalists competitiveness multidisciplinary";
	lay_par_lines(&L, &run, 1, &ps, 150, 0, &lines, &nl);
	for (i = 0; i < nl; i++) {
		const char *last = NULL;

		for (j = 0; j < lines[i].ops.n; j++)
			if (op_is_text(&lines[i].ops.ops[j]))
				last = lines[i].ops.ops[j].text;
		cr_assert_not_null(last);
		if (last[strlen(last) - 1] == '-') {
			hyphenated++;
			run_len++;
			cr_assert_leq(run_len, 2, "three hyphenated lines in a row at line %zu", i);
		} else {
			run_len = 0;
		}
	}
	cr_assert_gt(hyphenated, 0);
	env_close(&e);
}

/* The words of every line, joined ("w1 w2 ..."), from its text ops. */
static char *line_text(struct env *e, const struct lay_vitem *line)
{
	struct buf b = { 0 };
	size_t j;
	char *s;

	for (j = 0; j < line->ops.n; j++)
		if (op_is_text(&line->ops.ops[j]))
			buf_printf(&b, "%s%s", b.len ? " " : "", line->ops.ops[j].text);
	s = arena_strdup(e->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void check_name_breaks(const char *lang, size_t minl)
{
	struct env e;
	struct doc *d;
	struct lay L;
	struct lay_pstyle ps = body();
	struct lay_vitem *lines = NULL;
	size_t nl = 0, i;
	struct doc_run run = { RUN_TEXT, 0, NULL, NULL, NULL };
	int hyphenated = 0;

	env_open(&e);
	d = fx_doc(e.a, lang);
	L = lay_for(&e, d);
	L.lng = strcmp(lang, "es") == 0 ? LANG_ES : LANG_EN;
	run.text = "CINVESTAV administrative (CI-IoT) McKinsey Guadalajara institutionalization "
	           "Pesenti responsibilities Aguascalientes characterization interoperability "
	           "Internationalization competitiveness telecommunications ADMINISTRATION "
	           "representativeness multidisciplinary unquestionably participation";
	lay_par_lines(&L, &run, 1, &ps, 130, 0, &lines, &nl);
	cr_assert_gt(nl, 3);
	for (i = 0; i + 1 < nl; i++) {
		const char *t = line_text(&e, &lines[i]), *sp = strrchr(t, ' ');
		const char *frag = sp ? sp + 1 : t, *next = line_text(&e, &lines[i + 1]);
		size_t fl = strlen(frag), k, cap = 0;

		if (fl < 2 || frag[fl - 1] != '-')
			continue;
		hyphenated++;
		for (k = 0; k < fl; k++)
			cap += frag[k] >= 'A' && frag[k] <= 'Z';
		cr_expect_eq(cap, 0, "%s: a name or capitals word broken: '%s' / '%s'", lang, frag,
		             next);
		cr_expect_geq(fl - 1, minl, "%s: '%s' leaves fewer than %zu letters", lang, frag, minl);
		cr_expect_geq(strcspn(next, " .,;"), 3, "%s: '%s' carries fewer than 3 letters",
		              lang, next);
		cr_expect(i + 2 < nl, "%s: the last line is the tail of '%s'", lang, frag);
	}
	cr_expect_gt(hyphenated, 0, "%s: nothing hyphenated, the test proves nothing", lang);
	env_close(&e);
}

Test(layout, names_and_capitals_are_never_hyphenated)
{
	check_name_breaks("en", 3);
	check_name_breaks("es", 2);
}

/* Every body op lies inside the frame; furniture lies on the page. */
static void check_frames(const struct layout *l)
{
	size_t p, i;

	for (p = 0; p < l->npages; p++) {
		const struct layout_page *pg = &l->pages[p];

		for (i = 0; i < pg->ops.n; i++) {
			const struct draw_op *op = &pg->ops.ops[i];
			double x0 = l->frame_x, x1 = l->frame_x + l->frame_w;
			double y0 = l->frame_y, y1 = l->frame_y + l->frame_h;

			if (i < pg->body_from) {
				x0 = y0 = 0;
				x1 = l->page_w;
				y1 = l->page_h;
			}
			if (op_is_text(op)) {
				cr_assert_geq(op->x, x0 - EPS, "page %zu: '%s' at x %.2f", p + 1, op->text, op->x);
				cr_assert_leq(op->x + op->w, x1 + EPS, "page %zu: '%s' ends at %.2f", p + 1,
				              op->text, op->x + op->w);
				cr_assert_geq(op->y - op->size * 0.25, y0 - EPS, "page %zu: '%s' below frame",
				              p + 1, op->text);
				cr_assert_leq(op->y + op->size * 0.75, y1 + EPS, "page %zu: '%s' above frame",
				              p + 1, op->text);
			} else if (op->kind == DRAW_FILL || op->kind == DRAW_RECT || op->kind == DRAW_LINE) {
				double ax = fmin(op->x, op->x + op->w), bx = fmax(op->x, op->x + op->w);
				double ay = fmin(op->y, op->y + op->h), by = fmax(op->y, op->y + op->h);

				cr_assert(ax >= x0 - EPS && bx <= x1 + EPS && ay >= y0 - EPS && by <= y1 + EPS,
				          "page %zu: shape %d at %.2f,%.2f %.2fx%.2f outside", p + 1,
				          (int)op->kind, op->x, op->y, op->w, op->h);
			}
		}
	}
}

Test(layout, boxes_stay_in_their_frames_a4_and_letter)
{
	struct env e;
	struct doc *d;
	struct layout *l;

	env_open(&e);
	d = fx_sample(e.a, 3, 4);
	l = layout_doc(e.a, d, e.m, &e.o);
	cr_assert_float_eq(l->page_w, 595.28, 0.01);
	cr_assert_gt(l->npages, 8);
	check_frames(l);
	e.o.paper = LAYOUT_LETTER;
	l = layout_doc(e.a, d, e.m, &e.o);
	cr_assert_float_eq(l->page_w, 612, 0.01);
	cr_assert_float_eq(l->page_h, 792, 0.01);
	check_frames(l);
	env_close(&e);
}

/* Paragraph number of a text op made by tagged_doc ("w07x" words), or -1. */
static int tag_of(const struct draw_op *op)
{
	const char *p = op_is_text(op) ? strchr(op->text, 'q') : NULL;

	return p && p[1] >= '0' && p[1] <= '9' ? atoi(p + 1) : -1;
}

static struct doc *tagged_doc(struct arena *a, int npara)
{
	static const char *const stems[] = { "policy", "market", "skills", "data", "public",
	                                     "infrastructure", "education", "regional" };
	struct doc *d = fx_doc(a, "en");
	struct doc_node *ch = fx_section(a, d->root, 1, "1", "Tagged paragraphs"), *sec = ch;
	int k, w;

	for (k = 0; k < npara; k++) {
		char *s = arena_strdup(a, "");

		if (k % 4 == 3)
			sec = fx_section(a, ch, 2, arena_printf(a, "1.%d", k / 4 + 1), "A section heading");
		for (w = 0; w < 40 + (k * 17) % 60; w++)
			s = arena_printf(a, "%s%s%sq%d", s, w ? " " : "", stems[(k + w * 3) % 8], k);
		fx_para(a, sec, s);
	}
	return d;
}

Test(layout, widows_orphans_and_headings_keep_lines_together)
{
	struct env e;
	struct doc *d;
	struct layout *l;
	size_t p, i;
	int npara = 60, k, splits = 0;

	env_open(&e);
	d = tagged_doc(e.a, npara);
	l = layout_doc(e.a, d, e.m, &e.o);
	cr_assert_gt(l->npages, 4);
	for (p = 0; p < l->npages; p++) {
		const struct layout_page *pg = &l->pages[p];
		int lines[64] = { 0 };
		double last_y[64], head_y = -1;
		int below_head = 0;

		for (k = 0; k < 64; k++)
			last_y[k] = -1;
		for (i = pg->body_from; i < pg->ops.n; i++) {
			const struct draw_op *op = &pg->ops.ops[i];
			int t = tag_of(op);

			if (op_is_text(op) && op->font == FONT_SANS_BOLD && op->size == 14 &&
			    strstr(op->text, "heading"))
				head_y = op->y, below_head = 0;
			if (t < 0 || t >= 64)
				continue;
			if (op->y != last_y[t]) {
				lines[t]++;
				last_y[t] = op->y;
				if (head_y >= 0 && op->y < head_y)
					below_head++;
			}
		}
		if (head_y >= 0)
			cr_assert_geq(below_head, 2, "page %zu: heading with %d lines after it", p + 1,
			              below_head);
		for (k = 0; k < 64; k++)
			if (lines[k] == 1)
				cr_assert_fail("page %zu: paragraph %d has a single line here", p + 1, k);
	}
	/* Paragraphs do break across pages (the rule above was exercised). */
	for (k = 0; k < npara; k++) {
		int pages = 0;

		for (p = 0; p < l->npages; p++)
			for (i = l->pages[p].body_from; i < l->pages[p].ops.n; i++)
				if (tag_of(&l->pages[p].ops.ops[i]) == k) {
					pages++;
					break;
				}
		splits += pages > 1;
	}
	cr_assert_gt(splits, 2);
	env_close(&e);
}

/* Page (1-based) holding a text op equal to s / an anchor named s; 0 if none. */
static size_t page_of_text(const struct layout *l, const char *s, int anchor)
{
	size_t p, i;

	for (p = 0; p < l->npages; p++)
		for (i = 0; i < l->pages[p].ops.n; i++) {
			const struct draw_op *op = &l->pages[p].ops.ops[i];

			if (anchor ? (op->kind == DRAW_ANCHOR && op->target && strcmp(op->target, s) == 0)
			           : (op_is_text(op) && strcmp(op->text, s) == 0))
				return p + 1;
		}
	return 0;
}

Test(layout, footnotes_sit_on_the_page_of_their_call)
{
	struct env e;
	struct doc *d;
	struct layout *l;
	size_t n, p, i;

	env_open(&e);
	d = fx_sample(e.a, 3, 4);
	cr_assert_gt(d->nnotes, 0);
	l = layout_doc(e.a, d, e.m, &e.o);
	for (n = 1; n <= d->nnotes; n++) {
		const char *fn = arena_printf(e.a, "fn.%zu", n);
		size_t call = 0, text = page_of_text(l, fn, 1);

		for (p = 0; p < l->npages && !call; p++)
			for (i = 0; i < l->pages[p].ops.n; i++) {
				const struct draw_op *op = &l->pages[p].ops.ops[i];

				if (op->kind == DRAW_LINK_DEST && op->target && strcmp(op->target, fn) == 0)
					call = p + 1;
			}
		cr_assert_gt(call, 0, "note %zu has no call", n);
		cr_assert_eq(text, call, "note %zu called on page %zu, set on page %zu", n, call, text);
	}
	env_close(&e);
}

Test(layout, long_table_repeats_its_header_and_keeps_its_caption)
{
	struct env e;
	struct doc *d;
	struct doc_node *ch;
	struct layout *l;
	size_t p, i, pages_with_rows = 0;

	env_open(&e);
	d = fx_doc(e.a, "en");
	ch = fx_section(e.a, d->root, 1, "1", "Tables");
	fx_para(e.a, ch, fx_paragraph(e.a, 2, 8));
	fx_table(e.a, ch, "1", 120);
	l = layout_doc(e.a, d, e.m, &e.o);
	cr_assert_gt(l->npages, 2);
	/* The caption shares its page with the first rows. */
	cr_assert_neq(page_of_text(l, "Table 1:", 0), 0);
	cr_assert_eq(page_of_text(l, "Table 1:", 0), page_of_text(l, "Sector 1", 0));
	for (p = 0; p < l->npages; p++) {
		int rows = 0, header = 0, cont = 0;

		for (i = l->pages[p].body_from; i < l->pages[p].ops.n; i++) {
			const struct draw_op *op = &l->pages[p].ops.ops[i];

			if (op_is_text(op) && strncmp(op->text, "Sector ", 7) == 0)
				rows++;
			if (op_is_text(op) && strcmp(op->text, "Sector") == 0)
				header++;
			if (op_is_text(op) && strcmp(op->text, "Table 1 (continued)") == 0)
				cont++;
		}
		if (rows) {
			pages_with_rows++;
			cr_assert_eq(header, 1, "page %zu: %d rows without the header", p + 1, rows);
			cr_assert_eq(cont, pages_with_rows > 1, "page %zu: continued caption", p + 1);
		}
	}
	cr_assert_gt(pages_with_rows, 1);
	check_frames(l);
	env_close(&e);
}

/* A 10-row table at a page end, after more and more text: wherever it
 * falls, a split leaves at least three rows on each page, the second part
 * under the repeated header and a "(continued)" caption. */
Test(layout, ten_row_table_splits_with_three_rows_on_each_side)
{
	int k, splits = 0;

	for (k = 1; k <= 24; k++) {
		struct env e;
		struct doc *d;
		struct doc_node *ch;
		struct layout *l;
		size_t p, i;
		int j;

		env_open(&e);
		d = fx_doc(e.a, "en");
		ch = fx_section(e.a, d->root, 1, "1", "Tables");
		for (j = 0; j < 3 + k / 3; j++)
			fx_para(e.a, ch, fx_paragraph(e.a, j, 3 + k % 3));
		fx_table(e.a, ch, "1", 10);
		l = layout_doc(e.a, d, e.m, &e.o);
		for (p = 0; p < l->npages; p++) {
			int rows = 0, cont = 0;

			for (i = l->pages[p].body_from; i < l->pages[p].ops.n; i++) {
				const struct draw_op *op = &l->pages[p].ops.ops[i];

				if (op_is_text(op) && strncmp(op->text, "Sector ", 7) == 0)
					rows++;
				if (op_is_text(op) && strcmp(op->text, "Table 1 (continued)") == 0)
					cont++;
			}
			cr_assert(rows == 0 || rows == 10 || (rows >= 3 && rows <= 7),
			          "case %d page %zu: %d of 10 rows", k, p + 1, rows);
			if (rows > 0 && rows < 10 && cont)
				splits++;
		}
		env_close(&e);
	}
	cr_assert_gt(splits, 0, "no case split the table: the test proves nothing");
}

Test(layout, chart_is_kept_whole_with_its_caption)
{
	struct env e;
	struct doc *d;
	struct doc_node *ch;
	struct layout *l;
	int k;

	env_open(&e);
	d = fx_doc(e.a, "en");
	ch = fx_section(e.a, d->root, 1, "1", "Charts");
	for (k = 0; k < 6; k++)
		fx_para(e.a, ch, fx_paragraph(e.a, (unsigned)k, 5));
	fx_chart(e.a, ch, "1");
	l = layout_doc(e.a, d, e.m, &e.o);
	cr_assert_neq(page_of_text(l, "fig.1", 1), 0);
	cr_assert_eq(page_of_text(l, "fig.1", 1), page_of_text(l, "State 8", 0));
	cr_assert_eq(page_of_text(l, "State 1", 0), page_of_text(l, "Figure 1:", 0));
	cr_assert_eq(page_of_text(l, "State 1", 0), page_of_text(l, "State 8", 0));
	check_frames(l);
	env_close(&e);
}

Test(layout, outline_mirrors_headings_and_chapters_open_pages)
{
	struct env e;
	struct doc *d;
	struct layout *l;
	size_t i, k = 0;
	const struct doc_node *c, *s;

	env_open(&e);
	d = fx_sample(e.a, 3, 2);
	l = layout_doc(e.a, d, e.m, &e.o);
	for (c = d->root->first; c; c = c->next) {
		if (c->kind != DOC_SECTION)
			continue;
		cr_assert_lt(k, l->noutline);
		cr_assert_eq(l->outline[k].level, 1);
		cr_assert_str_eq(l->outline[k].title,
		                 arena_printf(e.a, "%s %s", c->number, c->runs[0].text));
		/* A chapter is the first thing on its page. */
		cr_assert_eq(l->outline[k].page + 1, page_of_text(l, l->outline[k].anchor, 1));
		cr_assert(k == 0 || l->outline[k - 1].page < l->outline[k].page,
		          "chapter %zu shares a page with what precedes it", k);
		k++;
		for (s = c->first; s; s = s->next)
			if (s->kind == DOC_SECTION) {
				cr_assert_eq(l->outline[k].level, 2);
				cr_assert_str_eq(l->outline[k].title,
				                 arena_printf(e.a, "%s %s", s->number, s->runs[0].text));
				k++;
			}
	}
	cr_assert_eq(k, l->noutline);
	for (i = 1; i < l->noutline; i++)
		cr_assert_geq(l->outline[i].page, l->outline[i - 1].page);
	env_close(&e);
}

Test(layout, spanish_text_is_hyphenated_with_the_spanish_dictionary)
{
	struct env e;
	struct doc *d;
	struct lay L;
	struct lay_pstyle ps = body();
	struct lay_vitem *lines = NULL;
	size_t nl = 0, i, j;
	struct doc_run run = { RUN_TEXT, 0, NULL, NULL, NULL };
	int hy = 0;

	env_open(&e);
	d = fx_doc(e.a, "es");
	L = lay_for(&e, d);
	run.text = "La estrategia nacional de inteligencia artificial de México reconoce que "
	           "la población económicamente activa enfrentará transformaciones profundas "
	           "en el desarrollo de competencias, infraestructura y gobernanza.";
	lay_par_lines(&L, &run, 1, &ps, 120, 0, &lines, &nl);
	for (i = 0; i < nl; i++)
		for (j = 0; j < lines[i].ops.n; j++) {
			const struct draw_op *op = &lines[i].ops.ops[j];

			if (!op_is_text(op))
				continue;
			cr_assert_leq(op->x + op->w, 120 + EPS);
			hy += op->text[strlen(op->text) - 1] == '-';
		}
	cr_assert_gt(hy, 0);
	env_close(&e);
}

Test(layout, dump_lists_every_page_and_op)
{
	struct env e;
	struct doc *d;
	struct layout *l;
	struct buf b = { 0 };

	env_open(&e);
	d = fx_sample(e.a, 1, 1);
	l = layout_doc(e.a, d, e.m, &e.o);
	layout_dump(l, &b);
	cr_assert_not_null(strstr(buf_cstr(&b), "page 1 folio=1"));
	cr_assert_not_null(strstr(buf_cstr(&b), "cover"));
	cr_assert_not_null(strstr(buf_cstr(&b), "outline L1 page=3 anchor=chap.1 \"1 The readiness"));
	cr_assert_not_null(strstr(buf_cstr(&b), "TEXT "));
	buf_free(&b);
	env_close(&e);
}

Test(layout, empty_document_gives_one_page)
{
	struct env e;
	struct layout *l;

	env_open(&e);
	l = layout_doc(e.a, fx_doc(e.a, "en"), e.m, NULL);
	cr_assert_eq(l->npages, 1);
	cr_assert_eq(l->noutline, 0);
	env_close(&e);
}

/* About 50 pages with tables, charts and footnotes lay out and render (fonts
 * and dictionaries already loaded, as in a run). The CPU times are logged,
 * never asserted: speed is measured by `make bench`, not by tests. */
Test(layout, fifty_pages_lay_out_and_render)
{
	struct env e;
	struct doc *d;
	struct layout *l;
	struct buf b = { 0 };
	struct pdf_info info = { "t", "a", NULL, NULL };
	clock_t t0;
	double ms;

	env_open(&e);
	d = fx_sample(e.a, 12, 4);
	(void)layout_doc(e.a, fx_sample(e.a, 1, 1), e.m, &e.o);   /* loads the dictionary */
	t0 = clock();
	l = layout_doc(e.a, d, e.m, &e.o);
	ms = (double)(clock() - t0) * 1000.0 / CLOCKS_PER_SEC;
	t0 = clock();
	cr_assert_eq(pdf_render(e.f, l, &info, &b), 0);
	cr_log_info("%zu pages: layout %.1f ms, PDF %.1f ms (CPU)", l->npages, ms,
	            (double)(clock() - t0) * 1000.0 / CLOCKS_PER_SEC);
	cr_assert_geq(l->npages, 50, "only %zu pages", l->npages);
	buf_free(&b);
	env_close(&e);
}

Test(layout, a_footnote_too_long_for_its_page_continues_on_the_next)
{
	struct env e;
	struct doc *d;
	struct doc_node *ch, *p;
	struct layout *l;
	struct buf note = { 0 };
	size_t pg, i, call_page = 0;
	int expect = 1, k, pages_with_note = 0;

	env_open(&e);
	d = fx_doc(e.a, "en");
	ch = fx_section(e.a, d->root, 1, "1", "Notes");
	for (k = 0; k < 3; k++)
		fx_para(e.a, ch, fx_paragraph(e.a, (unsigned)k, 4));
	p = fx_para(e.a, ch, fx_paragraph(e.a, 9, 2));
	for (k = 1; k <= 900; k++)
		buf_printf(&note, "%sn%d", k > 1 ? " " : "", k);
	fx_note(e.a, d, p, arena_strdup(e.a, buf_cstr(&note)));
	for (k = 0; k < 6; k++)
		fx_para(e.a, ch, fx_paragraph(e.a, (unsigned)k + 3, 4));
	l = layout_doc(e.a, d, e.m, &e.o);
	check_frames(l);
	for (pg = 0; pg < l->npages; pg++) {
		int here = 0;

		for (i = 0; i < l->pages[pg].ops.n; i++) {
			const struct draw_op *op = &l->pages[pg].ops.ops[i];

			if (op->kind == DRAW_LINK_DEST && op->target && strcmp(op->target, "fn.1") == 0)
				call_page = pg + 1;
			if (!op_is_text(op) || op->text[0] != 'n' || op->text[1] < '0' || op->text[1] > '9')
				continue;
			/* Note words come in order, none lost, none twice. */
			cr_assert_eq(atoi(op->text + 1), expect, "page %zu: %s where n%d was due", pg + 1,
			             op->text, expect);
			if (expect == 1)
				cr_assert_eq(pg + 1, call_page, "the note starts on the page of its call");
			expect++;
			here = 1;
		}
		pages_with_note += here;
	}
	cr_assert_eq(expect, 901);
	cr_assert_geq(pages_with_note, 2);
	buf_free(&note);
	env_close(&e);
}

/* Golden dump of a small document's page boxes. After a deliberate design
 * change, regenerate with REPORTGEN_UPDATE_GOLDEN=1 and review the diff. */
Test(layout, small_document_matches_its_golden_dump)
{
	struct env e;
	struct doc *d;
	struct doc_node *ch, *sec, *l, *it, *p;
	struct layout *lay;
	struct buf got = { 0 }, want = { 0 };
	const char *path = TEST_SRCDIR "/tests/fixtures/layout/small.dump";
	int k;

	env_open(&e);
	d = fx_doc(e.a, "en");
	d->running_title = "Golden";
	ch = fx_section(e.a, d->root, 1, "1", "A small chapter");
	p = fx_para(e.a, ch, fx_paragraph(e.a, 3, 2));
	p->flags |= DOC_F_LEAD;
	sec = fx_section(e.a, ch, 2, "1.1", "A section");
	p = fx_para(e.a, sec, fx_paragraph(e.a, 4, 3));
	fx_note(e.a, d, p, "A short footnote.");
	l = fx_add(e.a, sec, DOC_LIST);
	l->flags |= DOC_F_ORDERED;
	for (k = 0; k < 2; k++) {
		it = fx_add(e.a, l, DOC_ITEM);
		fx_para(e.a, it, fx_sentences[k]);
	}
	lay = layout_doc(e.a, d, e.m, &e.o);
	layout_dump(lay, &got);
	if (getenv("REPORTGEN_UPDATE_GOLDEN"))
		cr_assert_eq(th_write_file(path, got.data, got.len), 0);
	cr_assert_eq(buf_read_file(&want, path), 0, "missing %s", path);
	cr_assert_str_eq(buf_cstr(&got), buf_cstr(&want));
	buf_free(&got);
	buf_free(&want);
	env_close(&e);
}

Test(layout, toc_inside_a_section_uses_that_heading)
{
	struct env e;
	struct doc *d;
	struct doc_node *c;
	struct layout *l;
	size_t p, i;
	int titles = 0;

	env_open(&e);
	d = fx_doc(e.a, "en");
	c = fx_section(e.a, d->root, 1, NULL, "Contents");
	c->flags |= DOC_F_NOTOC;
	fx_add(e.a, c, DOC_TOC);
	c = fx_section(e.a, d->root, 1, "1", "First chapter");
	fx_para(e.a, c, fx_paragraph(e.a, 1, 3));
	l = layout_doc(e.a, d, e.m, &e.o);
	for (p = 0; p < l->npages; p++)
		for (i = 0; i < l->pages[p].ops.n; i++)
			titles += op_is_text(&l->pages[p].ops.ops[i]) &&
			          strcmp(l->pages[p].ops.ops[i].text, "Contents") == 0;
	cr_assert_eq(titles, 1);
	/* The entry sits on the page of the section's heading, with the real page. */
	cr_assert_eq(page_of_text(l, "First chapter", 0), 1);
	cr_assert_eq(page_of_text(l, "sec.2", 1), 2);
	cr_assert_eq(l->noutline, 1);
	env_close(&e);
}

/* Words of the paragraphs set after the chart carry this mark. */
static int page_has(const struct layout *l, size_t page, const char *needle)
{
	size_t i;

	for (i = 0; i < l->pages[page - 1].ops.n; i++)
		if (op_is_text(&l->pages[page - 1].ops.ops[i]) &&
		    strstr(l->pages[page - 1].ops.ops[i].text, needle))
			return 1;
	return 0;
}

Test(layout, a_figure_that_does_not_fit_floats_and_text_fills_the_page)
{
	int k, floated = 0;

	for (k = 1; k <= 14; k++) {
		struct env e;
		struct doc *d;
		struct doc_node *ch;
		struct layout *l;
		size_t fig, i;
		int j;

		env_open(&e);
		d = fx_doc(e.a, "en");
		ch = fx_section(e.a, d->root, 1, "1", "Floats");
		for (j = 0; j < k; j++)
			fx_para(e.a, ch, fx_paragraph(e.a, (unsigned)j, 3));
		fx_chart(e.a, ch, "1");
		for (j = 0; j < 8; j++)
			fx_para(e.a, ch, "Zafter text that follows the chart in the document, set to fill "
			                 "whatever room the figure left on the page before it.");
		l = layout_doc(e.a, d, e.m, &e.o);
		check_frames(l);
		fig = page_of_text(l, "fig.1", 1);
		cr_assert_gt(fig, 0);
		if (fig > 1 && page_has(l, fig - 1, "Zafter")) {
			/* Floated: the figure opens its page, text after it filled the one before. */
			const struct layout_page *pg = &l->pages[fig - 1];

			for (i = pg->body_from; i < pg->ops.n; i++)
				if (pg->ops.ops[i].kind == DRAW_ANCHOR) {
					cr_assert_float_eq(pg->ops.ops[i].y, l->frame_y + l->frame_h, 0.01);
					break;
				}
			floated++;
		} else {
			/* Not floated: no later text came before it. */
			for (i = 1; i < fig; i++)
				cr_assert(!page_has(l, i, "Zafter"), "k=%d: text after the chart on page %zu",
				          k, i);
		}
		env_close(&e);
	}
	cr_assert_gt(floated, 0);
}

Test(layout, toc_at_the_end_of_a_section_gets_its_own_titled_page)
{
	struct env e;
	struct doc *d;
	struct doc_node *c;
	struct layout *l;

	env_open(&e);
	d = fx_doc(e.a, "en");
	c = fx_section(e.a, d->root, 1, NULL, "About this report");
	fx_para(e.a, c, fx_paragraph(e.a, 1, 2));
	fx_add(e.a, c, DOC_TOC);
	c = fx_section(e.a, d->root, 1, "1", "First chapter");
	fx_para(e.a, c, fx_paragraph(e.a, 2, 3));
	l = layout_doc(e.a, d, e.m, &e.o);
	cr_assert_eq(l->npages, 3);
	cr_assert_eq(page_of_text(l, "Contents", 0), 2);
	cr_assert_eq(page_of_text(l, "First chapter", 0), 2);   /* its entry */
	cr_assert_eq(page_of_text(l, "sec.2", 1), 3);
	env_close(&e);
}

/* A masthead cover is a band atop page 1: the text starts on the same page,
 * below the band, and page 1 keeps its folio but has no running head. */
Test(layout, masthead_cover_shares_page_one_with_the_text)
{
	struct env e;
	struct doc *d;
	struct doc_node *cov, *sec;
	struct layout *l;
	const struct layout_page *pg;
	double band_bottom = 1e9, text_top = -1e9;
	int folio = 0, title = 0;
	size_t i;

	env_open(&e);
	d = fx_doc(e.a, "en");
	d->title = "Jalisco";
	d->running_title = "State brief: Jalisco";
	cov = fx_add(e.a, d->root, DOC_COVER);
	cov->cover = arena_alloc(e.a, sizeof *cov->cover);
	cov->cover->title = "Jalisco";
	cov->cover->subtitle = "Artificial intelligence and the future of work";
	cov->cover->date = "June 2018";
	cov->cover->masthead = true;
	sec = fx_section(e.a, d->root, 2, NULL, "Jalisco at a glance");
	fx_para(e.a, sec, "Firstwordmark " "Artificial intelligence is changing the way "
	        "governments deliver public services.");
	l = layout_doc(e.a, d, e.m, &e.o);
	cr_assert_eq(l->npages, 1);
	pg = &l->pages[0];
	cr_assert(!pg->cover);
	for (i = 0; i < pg->ops.n; i++) {
		const struct draw_op *op = &pg->ops.ops[i];

		if (op->kind == DRAW_FILL && op->rgb == LAY_ACCENT && op->w > l->page_w - 1)
			band_bottom = op->y;
		if (op_is_text(op) && strcmp(op->text, "Jalisco") == 0 && op->size > 20)
			title = 1;
		if (op_is_text(op) && strcmp(op->text, "1") == 0 && op->y < l->frame_y)
			folio = 1;
		if (op_is_text(op) && strcmp(op->text, "State brief: Jalisco") == 0)
			cr_assert_fail("running head on the masthead page");
		if (i >= pg->body_from && op_is_text(op) && op->y + op->size > text_top)
			text_top = op->y + op->size;
	}
	cr_assert(title, "no title in the band");
	cr_assert(folio, "page 1 lost its folio");
	cr_assert_lt(band_bottom, l->page_h - 60, "no band across the top");
	cr_assert_lt(text_top, band_bottom, "text runs into the band");
	cr_assert(page_has(l, 1, "Firstwordmark"));
	env_close(&e);
}

/* Every word layout writes comes from the language's i18n table: caption,
 * continued caption, chapter kicker and contents title of a Spanish paper. */
Test(layout, spanish_labels_come_from_i18n)
{
	struct env e;
	struct doc *d;
	struct doc_node *ch;
	struct layout *l;

	env_open(&e);
	d = fx_doc(e.a, "es");
	fx_add(e.a, d->root, DOC_TOC);
	ch = fx_section(e.a, d->root, 1, "1", "Tablas");
	fx_para(e.a, ch, fx_paragraph(e.a, 2, 8));
	fx_table(e.a, ch, "1", 120);
	l = layout_doc(e.a, d, e.m, &e.o);
	cr_assert_neq(page_of_text(l, i18n_label(LANG_ES, I18N_CONTENTS), 0), 0);
	cr_assert_neq(page_of_text(l, arena_printf(e.a, "%s 1", i18n_label(LANG_ES, I18N_CHAPTER)),
	                           0), 0);
	cr_assert_neq(page_of_text(l, arena_printf(e.a, "%s 1:", i18n_label(LANG_ES, I18N_TABLE)),
	                           0), 0);
	cr_assert_neq(page_of_text(l, arena_printf(e.a, "%s 1 %s", i18n_label(LANG_ES, I18N_TABLE),
	                                           i18n_label(LANG_ES, I18N_CONTINUED)), 0), 0);
	for (size_t p = 0; p < l->npages; p++)
		for (size_t i = 0; i < l->pages[p].ops.n; i++)
			cr_assert(!op_is_text(&l->pages[p].ops.ops[i]) ||
			          (strncmp(l->pages[p].ops.ops[i].text, "Table", 5) != 0 &&
			           strncmp(l->pages[p].ops.ops[i].text, "Contents", 8) != 0),
			          "English label on page %zu", p + 1);
	env_close(&e);
}

/* A footnote called in a figure caption is set, so its call links to it. */
Test(layout, a_footnote_in_a_figure_caption_is_set)
{
	struct env e;
	struct doc *d;
	struct doc_node *ch, *fig;
	struct layout *l;
	size_t p, i;
	int call = 0;

	env_open(&e);
	d = fx_doc(e.a, "en");
	ch = fx_section(e.a, d->root, 1, "1", "Figures");
	fx_para(e.a, ch, fx_paragraph(e.a, 3, 4));
	fig = fx_chart(e.a, ch, "1");
	fx_note(e.a, d, fig, "Counted by the authors.");
	l = layout_doc(e.a, d, e.m, &e.o);
	for (p = 0; p < l->npages; p++)
		for (i = 0; i < l->pages[p].ops.n; i++) {
			const struct draw_op *op = &l->pages[p].ops.ops[i];

			if (op->kind == DRAW_LINK_DEST && op->target && strcmp(op->target, "fn.1") == 0)
				call = (int)p + 1;
		}
	cr_assert_gt(call, 0, "the caption's call links nowhere");
	cr_assert_eq(page_of_text(l, "fn.1", 1), (size_t)call, "note not set on its call's page");
	env_close(&e);
}

/* A table of groups that breaks over a page breaks before a group: the
 * continued part never starts inside the first group. */
Test(layout, a_table_of_groups_breaks_before_a_group)
{
	int k, splits = 0;

	for (k = 1; k <= 40; k++) {
		struct env e;
		struct doc *d;
		struct doc_node *ch, *t;
		struct layout *l;
		struct doc_table *tb;
		size_t r, p, i;

		env_open(&e);
		d = fx_doc(e.a, "en");
		ch = fx_section(e.a, d->root, 1, "1", "Groups");
		fx_para(e.a, ch, fx_paragraph(e.a, 5, k));
		t = fx_table(e.a, ch, "1", 15);
		tb = t->table;
		for (r = 1; r < 15; r++) {
			int group = r == 1 || r == 8;

			tb->row_flags[r] = group ? DOC_ROW_GROUP : 0;
			tb->cells[r * 3] = group ? (r == 1 ? "Group A" : "Group B")
			                         : arena_printf(e.a, "%s%zu", r < 8 ? "A" : "B", r);
			if (group)
				tb->cells[r * 3 + 1] = tb->cells[r * 3 + 2] = "";
		}
		l = layout_doc(e.a, d, e.m, &e.o);
		for (p = 0; p < l->npages; p++) {
			int cont = 0, a_rows = 0;

			for (i = 0; i < l->pages[p].ops.n; i++) {
				const struct draw_op *op = &l->pages[p].ops.ops[i];

				if (!op_is_text(op))
					continue;
				cont |= strcmp(op->text, "Table 1 (continued)") == 0;
				a_rows += op->text[0] == 'A' && op->text[1] >= '0' && op->text[1] <= '9';
			}
			if (cont) {
				splits++;
				cr_assert_eq(a_rows, 0, "k=%d: page %zu continues inside group A", k, p + 1);
			}
		}
		env_close(&e);
	}
	cr_assert_gt(splits, 0, "the table never broke");
}

/* A cross-reference is never broken between its word and its number. */
Test(layout, a_cross_reference_stays_on_one_line)
{
	struct env e;
	struct doc *d;
	struct lay L;
	struct lay_pstyle ps = body();
	struct doc_run runs[3];
	double w;
	int checked = 0;

	env_open(&e);
	d = fx_doc(e.a, "en");
	L = lay_for(&e, d);
	memset(runs, 0, sizeof runs);
	runs[0].kind = RUN_TEXT;
	runs[0].text = "The figures for every state of the country are set out in full in ";
	runs[1].kind = RUN_XREF;
	runs[1].text = "Table 12";
	runs[1].target = "tab.12";
	runs[2].kind = RUN_TEXT;
	runs[2].text = ", which follows the order of the national accounts.";
	for (w = 90; w <= 400; w += 3) {
		struct lay_vitem *lines = NULL;
		size_t nl = 0, i, j;

		lay_par_lines(&L, runs, 3, &ps, w, 0, &lines, &nl);
		for (i = 0; i < nl; i++) {
			const struct draw_op *last = NULL;

			for (j = 0; j < lines[i].ops.n; j++)
				if (op_is_text(&lines[i].ops.ops[j]))
					last = &lines[i].ops.ops[j];
			if (last == NULL)
				continue;
			checked++;
			cr_assert(strlen(last->text) < 5 ||
			          strcmp(last->text + strlen(last->text) - 5, "Table") != 0,
			          "width %.0f: line %zu ends with 'Table'", w, i + 1);
		}
	}
	cr_assert_gt(checked, 100);
	env_close(&e);
}

/* A paragraph set wholly in bold (a run-in label) never ends a page: it
 * shares its page with the start of what follows. */
Test(layout, a_label_paragraph_stays_with_what_follows)
{
	int k;

	for (k = 10; k <= 50; k++) {
		struct env e;
		struct doc *d;
		struct doc_node *ch, *lab;
		struct layout *l;

		env_open(&e);
		d = fx_doc(e.a, "en");
		ch = fx_section(e.a, d->root, 1, "1", "Labels");
		fx_para(e.a, ch, fx_paragraph(e.a, 7, k));
		lab = fx_add(e.a, ch, DOC_PARA);
		fx_run(e.a, lab, RUN_TEXT, RUN_BOLD, "Labelmark");
		fx_para(e.a, ch, arena_printf(e.a, "Followmark %s", fx_paragraph(e.a, 9, 6)));
		l = layout_doc(e.a, d, e.m, &e.o);
		cr_assert_eq(page_of_text(l, "Labelmark", 0), page_of_text(l, "Followmark", 0),
		             "k=%d: label on page %zu, its text on page %zu", k,
		             page_of_text(l, "Labelmark", 0), page_of_text(l, "Followmark", 0));
		env_close(&e);
	}
}

/* A chapter does not end with a page of one or two lines: such a tail is
 * drawn back onto the page before by closing up its block spacing. */
Test(layout, a_chapter_does_not_end_on_a_page_of_two_lines)
{
	int k;

	for (k = 20; k <= 60; k++) {
		struct env e;
		struct doc *d;
		struct doc_node *ch;
		struct layout *l;
		size_t p, i, j, open2;
		int q;

		env_open(&e);
		d = fx_doc(e.a, "en");
		ch = fx_section(e.a, d->root, 1, "1", "First");
		for (q = 0; q < k; q++)
			fx_para(e.a, ch, fx_paragraph(e.a, (unsigned)q, 2));
		ch = fx_section(e.a, d->root, 1, "2", "Second");
		fx_para(e.a, ch, fx_paragraph(e.a, 3, 3));
		l = layout_doc(e.a, d, e.m, &e.o);
		open2 = page_of_text(l, "Chapter 2", 0);
		cr_assert_gt(open2, 1);
		p = open2 - 2;   /* 0-based index of the page before */
		{
			double ys[64];
			size_t ny = 0;

			for (i = l->pages[p].body_from; i < l->pages[p].ops.n; i++) {
				const struct draw_op *op = &l->pages[p].ops.ops[i];

				if (!op_is_text(op))
					continue;
				for (j = 0; j < ny && fabs(ys[j] - op->y) > 1; j++)
					;
				if (j == ny && ny < 64)
					ys[ny++] = op->y;
			}
			cr_assert_geq(ny, 3, "k=%d: page %zu holds %zu lines before chapter 2", k, p + 1,
			              ny);
		}
		env_close(&e);
	}
}

/* Two chapters of tagged paragraphs (tags 0..39 and 40..99), the second in
 * two columns when columns is set, with a wide table in its middle. */
static struct doc *columns_doc(struct arena *a, bool columns)
{
	static const char *const stems[] = { "policy", "market", "skills", "data", "public",
	                                     "infrastructure", "education", "regional" };
	struct doc *d = fx_doc(a, "en");
	struct doc_node *ch = fx_section(a, d->root, 1, "1", "One column");
	int k, w;

	for (k = 0; k < 100; k++) {
		char *s = arena_strdup(a, "");

		if (k == 40) {
			ch = fx_section(a, d->root, 1, "2", "Two columns");
			if (columns)
				ch->flags |= DOC_F_COLUMNS;
		}
		if (k == 70)
			fx_table(a, ch, "1", 6);
		for (w = 0; w < 30 + (k * 17) % 50; w++)
			s = arena_printf(a, "%s%s%sq%d", s, w ? " " : "", stems[(k + w * 3) % 8], k);
		fx_para(a, ch, s);
	}
	return d;
}

Test(layout, a_columns_chapter_flows_in_two_columns_inside_the_frame)
{
	struct env e;
	struct layout *l;
	size_t p, i;
	double colw, c2x;
	int continued = 0, twocol_pages = 0;

	env_open(&e);
	l = layout_doc(e.a, columns_doc(e.a, true), e.m, &e.o);
	check_frames(l);
	colw = (l->frame_w - LAY_GUTTER) / 2;
	c2x = l->frame_x + colw + LAY_GUTTER;
	for (p = 0; p < l->npages; p++) {
		const struct layout_page *pg = &l->pages[p];
		double top1 = -1e9, top2 = -1e9, low1 = 1e9;
		int tag_low1 = -1, tag_top2 = -1, max1 = -1, min2 = 1000, n2 = 0;
		double table_y = -1;

		for (i = pg->body_from; i < pg->ops.n; i++) {
			const struct draw_op *op = &pg->ops.ops[i];

			if (op_is_text(op) && strcmp(op->text, "Table 1:") == 0)
				table_y = op->y;
		}
		for (i = pg->body_from; i < pg->ops.n; i++) {
			const struct draw_op *op = &pg->ops.ops[i];
			int t = tag_of(op);

			if (!op_is_text(op) || t < 40)
				continue;
			/* Tagged words of chapter 2 lie wholly in one column. */
			if (op->x + op->w <= l->frame_x + colw + EPS) {
				cr_assert_geq(op->x, l->frame_x - EPS);
				if (op->y > top1)
					top1 = op->y;
				if (op->y < low1)
					low1 = op->y, tag_low1 = t;
				if (t > max1)
					max1 = t;
			} else {
				cr_assert_geq(op->x, c2x - EPS, "page %zu: '%s' at %.2f crosses the gutter",
				              p + 1, op->text, op->x);
				cr_assert_leq(op->x + op->w, l->frame_x + l->frame_w + EPS);
				if (op->y > top2)
					top2 = op->y, tag_top2 = t;
				if (t < min2)
					min2 = t;
				n2++;
			}
			/* A wide table ends the columns above it: none sit higher. */
			if (table_y > 0)
				cr_assert_lt(op->y, table_y, "page %zu: '%s' above the wide table", p + 1,
				             op->text);
		}
		if (n2 == 0)
			continue;
		twocol_pages++;
		/* Column 1 is read before column 2, both start at one height, and
		 * the text at the foot of column 1 goes on at the top of column 2. */
		cr_assert_leq(max1, min2, "page %zu: column 2 holds text before column 1's", p + 1);
		cr_assert_float_eq(top1, top2, 0.01, "page %zu: columns start at %.2f and %.2f",
		                   p + 1, top1, top2);
		cr_assert(tag_top2 == tag_low1 || tag_top2 == tag_low1 + 1,
		          "page %zu: column 1 ends with paragraph %d, column 2 starts with %d", p + 1,
		          tag_low1, tag_top2);
		/* Column 1 reaches near the foot of the frame. */
		cr_assert_lt(low1, l->frame_y + 40, "page %zu: column 1 ends at %.2f", p + 1, low1);
		continued += tag_top2 == tag_low1;
	}
	cr_assert_geq(twocol_pages, 2);
	cr_assert_geq(continued, 1, "no paragraph continues from column 1 into column 2");
	env_close(&e);
}

Test(layout, one_column_pages_do_not_change_beside_a_columns_chapter)
{
	struct env e;
	struct layout *a, *b;
	struct buf da, db;
	size_t p, pa = 0;

	env_open(&e);
	a = layout_doc(e.a, columns_doc(e.a, false), e.m, &e.o);
	b = layout_doc(e.a, columns_doc(e.a, true), e.m, &e.o);
	/* The pages of chapter 1 (before "Two columns" opens) are identical. */
	for (p = 0; p < a->noutline; p++)
		if (strcmp(a->outline[p].title, "2 Two columns") == 0)
			pa = a->outline[p].page;
	cr_assert_geq(pa, 1);
	cr_assert_eq(b->noutline, a->noutline);
	a->npages = b->npages = pa;
	memset(&da, 0, sizeof da);
	memset(&db, 0, sizeof db);
	layout_dump(a, &da);
	layout_dump(b, &db);
	cr_assert_str_eq(buf_cstr(&da), buf_cstr(&db));
	buf_free(&da);
	buf_free(&db);
	env_close(&e);
}
