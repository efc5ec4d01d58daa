/*
 * run/build.c: building the documents of this process's share. Each PDF is
 * rendered from its template (compiled once per run), laid out and staged
 * through outfile; figures.csv is written by stages.c. The engine holds what
 * every document needs: the templates, the rows they share, the fonts and
 * the hyphenation dictionaries (the last two from the helpers of prep.c).
 */
#include "run/internal.h"

#include "base/base.h"
#include "doc/doc.h"
#include "figures/figures.h"
#include "layout/layout.h"
#include "pdf/pdf.h"
#include "tmpl/tmpl.h"

#include <stdio.h>
#include <string.h>

static int lang_index(const char *lang)
{
	return strcmp(lang, "es") == 0;
}

static struct tmpl *get_tmpl(struct run_engine *e, const struct run_opts *o,
                             const struct figset *fs, const struct run_doctype *doc,
                             const char *lang)
{
	struct tmpl **slot = &e->tmpl[doc->index][lang_index(lang)];

	if (*slot == NULL) {
		const char *rel = arena_printf(e->tmpl_arena, "%s/%s", doc->name, lang);

		*slot = tmpl_compile_dir(e->tmpl_arena, o->templates, rel, lang);
		if (*slot != NULL)
			tmpl_lint(*slot, fs);
	}
	return *slot;
}

/* ---- missing glyphs ---- */

struct find_text {
	const char *enc;              /* the character, UTF-8 */
	const struct doc_node *hit;   /* the first node whose text has it */
};

static int holds(const char *s, const char *enc)
{
	return s != NULL && strstr(s, enc) != NULL;
}

static int holds_any(const char *const *v, size_t n, const char *enc)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		if (holds(v[i], enc))
			return 1;
	return 0;
}

static int find_text_in(struct doc_node *n, void *ud)
{
	struct find_text *ft = ud;
	const char *enc = ft->enc;
	size_t i;
	int hit = holds(n->attribution, enc) || holds(n->source, enc) || holds(n->label, enc);

	for (i = 0; i < n->nruns && !hit; i++)
		hit = holds(n->runs[i].text, enc);
	if (!hit && n->table != NULL) {
		hit = holds_any(n->table->cells, n->table->nrows * n->table->ncols, enc) ||
		      holds(n->table->group_header, enc);
		for (i = 0; i < n->table->ncols && !hit; i++)
			hit = holds(n->table->cols[i].header, enc);
	}
	if (!hit && n->chart != NULL)
		hit = holds_any(n->chart->labels, n->chart->n, enc) ||
		      holds_any(n->chart->groups, n->chart->n, enc) ||
		      holds_any(n->chart->value_labels, n->chart->n, enc) ||
		      holds(n->chart->x_title, enc) || holds(n->chart->y_title, enc);
	if (!hit && n->cover != NULL)
		hit = holds(n->cover->title, enc) || holds(n->cover->subtitle, enc) ||
		      holds(n->cover->authors, enc) || holds(n->cover->date, enc) ||
		      holds(n->cover->edition_note, enc);
	if (hit && n->loc.file != NULL)
		ft->hit = n;
	return ft->hit != NULL;
}

/* The characters the PDF stage found in no font of their role: one error
 * per role (once per run), at the first place of the document that uses
 * the first of them, listing the others. Returns the number of new ones. */
static size_t report_missing_glyphs(struct run_engine *e, const struct doc *d)
{
	const struct pdf_missing *m;
	size_t n = pdf_fonts_missing(e->fonts, e->missing_seen, &m), i, j;

	for (i = 0; i < n; i++) {
		char enc[UTF8_MAX + 1] = "";
		struct find_text ft = { enc, NULL };
		struct buf more = { 0 };
		size_t others = 0;
		int k;

		for (j = 0; j < i && strcmp(m[j].role, m[i].role) != 0; j++)
			;
		if (j < i)
			continue;   /* listed with the role's first */
		for (j = i + 1; j < n; j++)
			if (strcmp(m[j].role, m[i].role) == 0) {
				char o[UTF8_MAX + 1];

				k = utf8_encode(m[j].cp, o);
				o[k > 0 ? k : 0] = '\0';
				buf_printf(&more, " %s", o);
				others++;
			}
		k = utf8_encode(m[i].cp, enc);
		enc[k > 0 ? k : 0] = '\0';
		if (k > 0)
			doc_walk(d->root, find_text_in, &ft);
		{
			struct buf tail = { 0 };

			if (others)
				buf_printf(&tail, " (the font lacks %zu more character%s used here:%s)", others,
				           others == 1 ? "" : "s", buf_cstr(&more));
			if (m[i].outside)
				diag_error(ft.hit ? &ft.hit->loc : NULL, EXIT_DATA,
				           "character U+%04X '%s' is outside the character set reportgen "
				           "embeds (Latin letters and typographic marks, pdf/fontsub.c): it "
				           "would print as a box in the %s font%s", m[i].cp, enc, m[i].role,
				           buf_cstr(&tail));
			else
				diag_error(ft.hit ? &ft.hit->loc : NULL, EXIT_DATA,
				           "character U+%04X '%s' is not in the %s font (%s), and the font "
				           "manifest names no %s-fallback font that has it: it would print "
				           "as a box%s", m[i].cp, enc, m[i].role, m[i].font, m[i].role,
				           buf_cstr(&tail));
			buf_free(&tail);
		}
		buf_free(&more);
	}
	e->missing_seen += n;
	return n;
}

/* Render, lay out and make one PDF into *pdf (nothing is staged). */
int run_make_pdf(struct run_engine *e, const struct run_opts *o, const struct figset *fs,
                 const struct run_output *out, struct run_stats *st, struct buf *pdf)
{
	struct arena *a = arena_new();
	const struct tmpl *t = get_tmpl(e, o, fs, out->doc, out->lang);
	int per_state = out->doc->per == RUN_PER_STATE;
	struct tmpl_bind bind;
	struct doc *d;
	struct layout *l;
	struct layout_opts lo = { o->letter || out->doc->letter ? LAYOUT_LETTER : LAYOUT_A4, e->hyph };
	struct pdf_info info;
	double t0 = run_now(), t1, t2;
	int rc = -1;

	if (t == NULL)
		goto out;
	if (per_state) {
		bind.name = "state";
		bind.table = figset_get_table(fs, "states");
		bind.row = out->state_row;
	}
	d = tmpl_render_cached(a, t, fs, per_state ? &bind : NULL, e->tmpl_cache);
	t1 = run_now();
	st->tmpl += t1 - t0;
	if (d == NULL)
		goto out;
	if (e->prep != NULL) {   /* the first layout needs the fonts and dictionaries */
		int bad = run_prep_finish(e->prep, e, 1);

		e->prep = NULL;
		t1 = run_now();
		if (bad)
			goto out;
	}
	lo.hyph = e->hyph;   /* set only now: the helper may have just delivered it */
	l = layout_doc(a, d, pdf_fonts_measure(e->fonts), &lo);
	t2 = run_now();
	st->layout += t2 - t1;
	if (l == NULL)
		goto out;
	st->pages += l->npages;
	info.title = d->title;
	info.author = d->author;
	info.subject = d->subject;
	info.keywords = d->keywords;
	rc = pdf_render(e->fonts, l, &info, pdf);
	if (rc == 0 && report_missing_glyphs(e, d) != 0)
		rc = -1;
	st->pdf += run_now() - t2;
out:
	arena_free(a);
	return rc;
}

/* Make and stage one PDF. */
static int build_pdf(struct run_engine *e, const struct run_opts *o, const struct figset *fs,
                     const struct run_output *out, struct run_stats *st, size_t *bytes)
{
	struct buf pdf = { 0 }, path = { 0 };
	double t;
	int rc = -1;

	if (run_make_pdf(e, o, fs, out, st, &pdf) == 0) {
		t = run_now();
		buf_printf(&path, "%s/%s", o->out, out->rel);
		rc = outfile_stage(buf_cstr(&path), pdf.data, pdf.len);
		*bytes = pdf.len;
		st->pdf += run_now() - t;
	}
	buf_free(&pdf);
	buf_free(&path);
	return rc;
}

static void progress(const struct run_opts *o, size_t i, size_t n, const char *rel)
{
	if (o->progress)
		fprintf(stderr, "\r\033[K[%zu/%zu] %s", i, n, rel);
}

/* Before the first document: with no PDF to make, the helpers' work is
 * dropped now. */
void run_engine_init(struct run_engine *e, struct run_prep *prep, const struct run_plan *p)
{
	if (p->npdf == 0)
		run_prep_finish(prep, e, 0);
	else
		e->prep = prep;   /* joined before the first layout (build_pdf) */
	if (p->npdf > 0) {
		e->tmpl_arena = arena_new();
		e->tmpl_cache = tmpl_cache_new();
	}
}

/* Make everything the worker processes share before they are forked: the
 * fonts, the dictionaries and every template the plan needs. Returns 0 or
 * -1. */
int run_engine_ready(struct run_engine *e, const struct run_opts *o, const struct figset *fs,
                     const struct run_plan *p)
{
	size_t i;

	if (run_prep_finish(e->prep, e, 1) != 0)
		return -1;
	e->prep = NULL;
	for (i = 0; i < p->n; i++)
		if (p->outs[i].rel != NULL && p->outs[i].kind != RUN_OUT_FIGURES &&
		    get_tmpl(e, o, fs, p->outs[i].doc, p->outs[i].lang) == NULL)
			return -1;
	return 0;
}

void run_engine_free(struct run_engine *e)
{
	if (e->fonts)
		pdf_fonts_free(e->fonts);
	if (e->hyph)
		hyph_free(e->hyph);
	tmpl_cache_free(e->tmpl_cache);
	arena_free(e->tmpl_arena);
}

/* Build every selected output given to process me (0: this one, which alone
 * prints the progress lines), stopping at the first failure. */
void run_build_share(struct run_engine *e, const struct run_opts *o, const struct figset *fs,
                     const struct run_plan *p, int me, struct run_stats *st)
{
	const struct run_output *outs = p->outs;
	size_t i, k = 0;
	double t;

	for (i = 0; i < p->n; i++) {
		size_t bytes = 0;

		if (outs[i].rel == NULL || outs[i].worker != me)
			continue;
		if (me == 0)
			progress(o, ++k, p->nsel, outs[i].rel);
		if (outs[i].kind == RUN_OUT_FIGURES) {
			t = run_now();
			if (run_write_figures(fs, o->out) != 0)
				break;
			st->figures += run_now() - t;
		} else if (build_pdf(e, o, fs, &outs[i], st, &bytes) != 0) {
			break;
		}
		if (outs[i].kind == RUN_OUT_DOC && outs[i].doc->per == RUN_PER_EDITION &&
		    strcmp(outs[i].lang, "en") == 0 && st->paper_bytes == 0)
			st->paper_bytes = bytes;
		if (outs[i].kind == RUN_OUT_DOC && outs[i].doc->per == RUN_PER_STATE &&
		    st->brief_bytes == 0)
			st->brief_bytes = bytes;
	}
}

/* Clear the last progress line. */
void run_progress_end(const struct run_opts *o, const struct run_plan *p)
{
	if (o->progress && p->nsel > 0)
		fputs("\r\033[K", stderr);
}
