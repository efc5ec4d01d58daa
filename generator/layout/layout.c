/*
 * layout: entry point of the typesetting stage. Builds the vertical list
 * (layout/blocks.c), cuts it into pages (layout/pages.c), writes the real
 * page numbers into the table of contents and collects the outline.
 */
#include "layout/layout.h"
#include "base/base.h"
#include "doc/doc.h"
#include "layout/internal.h"

#include <string.h>

static void geometry(struct lay *L, enum layout_paper paper)
{
	if (paper == LAYOUT_LETTER) {
		L->pw = 612;
		L->ph = 792;
	} else {
		L->pw = 595.28;
		L->ph = 841.89;
	}
	/* A measure of about 70 characters of 10.5 pt Charis; the rest is margin,
	 * a little more at the foot than at the head. */
	L->fw = 396;
	L->fx = (L->pw - L->fw) / 2;
	L->fy = 82;
	L->fh = L->ph - L->fy - 78;
}

/* Write the real page numbers into the table of contents. Each number's
 * text op was made with a placeholder string known by its pointer; the space
 * reserved for numbers does not depend on their digits, so paging is final. */
static void patch_toc(struct lay *L)
{
	size_t p, i, k;

	for (p = 0; p < L->out->npages; p++) {
		struct draw_list *ops = &L->out->pages[p].ops;

		for (i = 0; i < ops->n; i++) {
			struct draw_op *op = &ops->ops[i];

			if (op->kind != DRAW_TEXT)
				continue;
			for (k = 0; k < L->nsecs; k++)
				if (L->toc_num[k] && op->text == L->toc_num[k]) {
					double right = op->x + op->w;

					op->text = arena_printf(L->a, "%d", L->sec_pages[k]);
					op->w = lay_width(L, op->font, op->size, op->text);
					op->x = right - op->w;
					break;
				}
		}
	}
}

struct layout *layout_doc(struct arena *a, const struct doc *doc,
                          const struct draw_measure *m, const struct layout_opts *opts)
{
	struct lay L;
	struct layout *out;
	size_t i;

	memset(&L, 0, sizeof L);
	L.a = a;
	L.tmp = arena_new();
	L.doc = doc;
	L.m = m;
	L.hyph = opts ? opts->hyph : NULL;
	L.lang = doc->lang ? doc->lang : "en";
	if (i18n_lang_parse(L.lang, &L.lng) != 0)
		L.lng = LANG_EN;
	geometry(&L, opts ? opts->paper : LAYOUT_A4);
	out = arena_alloc(a, sizeof *out);
	L.out = out;
	out->page_w = L.pw;
	out->page_h = L.ph;
	out->frame_x = L.fx;
	out->frame_y = L.fy;
	out->frame_w = L.fw;
	out->frame_h = L.fh;
	out->passes = 1;
	lay_tag(&L, SR_DOCUMENT, -1);
	lay_blocks(&L);
	lay_pages(&L);
	patch_toc(&L);
	arena_free(L.tmp);
	out->elems = L.elems;
	out->lang = L.lang;
	out->nelems = L.nelems;
	if (out->npages == 0) {
		out->pages = arena_calloc(a, 1, sizeof *out->pages);
		out->npages = 1;
		out->pages[0].folio = 1;
	}
	out->outline = arena_calloc(a, L.nsecs + 1, sizeof *out->outline);
	for (i = 0; i < L.nsecs; i++) {
		const struct lay_sec *s = &L.secs[i];

		if ((s->node->flags & DOC_F_NOTOC) || L.sec_pages[i] <= 0)
			continue;
		out->outline[out->noutline++] = (struct layout_outline){
			s->level, s->title, (size_t)L.sec_pages[i] - 1, s->anchor };
	}
	return out;
}

static const char *const role_names[FONT_NROLES] = {
	"serif", "serif-bold", "serif-italic", "serif-bolditalic",
	"sans", "sans-bold", "sans-italic", "sans-bolditalic"
};

void layout_dump(const struct layout *l, struct buf *out)
{
	size_t p, i;

	buf_printf(out, "layout %.2fx%.2f frame %.2f %.2f %.2f %.2f pages=%zu\n", l->page_w,
	           l->page_h, l->frame_x, l->frame_y, l->frame_w, l->frame_h, l->npages);
	for (i = 0; i < l->noutline; i++)
		buf_printf(out, "outline L%d page=%zu anchor=%s \"%s\"\n", l->outline[i].level,
		           l->outline[i].page + 1, l->outline[i].anchor, l->outline[i].title);
	for (p = 0; p < l->npages; p++) {
		const struct layout_page *pg = &l->pages[p];

		buf_printf(out, "page %zu folio=%d ops=%zu body_from=%zu%s\n", p + 1, pg->folio,
		           pg->ops.n, pg->body_from, pg->cover ? " cover" : "");
		for (i = 0; i < pg->ops.n; i++) {
			const struct draw_op *op = &pg->ops.ops[i];
			static const char *const kinds[] = { "TEXT", "LINE", "RECT", "FILL", "CIRCLE",
			                                     "URI", "DEST", "ANCHOR", "PATH" };

			buf_printf(out, "%s %.2f %.2f w=%.2f h=%.2f", kinds[op->kind], op->x, op->y,
			           op->w, op->h);
			if (op->kind == DRAW_TEXT)
				buf_printf(out, " %s %.2f #%06x \"%s\"",
				           op->font >= 0 && op->font < FONT_NROLES ? role_names[op->font] : "?",
				           op->size, op->rgb, op->text ? op->text : "");
			else if (op->kind == DRAW_LINE || op->kind == DRAW_RECT)
				buf_printf(out, " lw=%.2f #%06x", op->lw, op->rgb);
			else if (op->kind == DRAW_FILL || op->kind == DRAW_CIRCLE)
				buf_printf(out, " #%06x", op->rgb);
			else if (op->kind == DRAW_PATH)
				buf_printf(out, " rings=%zu points=%zu fill=#%06x lw=%.2f #%06x", op->nrings,
				           op->nrings ? op->ring_end[op->nrings - 1] : 0,
				           op->rgb & 0xFFFFFF, op->lw, op->stroke_rgb);
			if (op->target)
				buf_printf(out, " -> %s", op->target);
			if (op->flags & DRAW_F_ARTIFACT)
				buf_puts(out, " artifact");
			else if (op->kind != DRAW_ANCHOR && op->elem > 0 && (size_t)op->elem < l->nelems)
				buf_printf(out, " [%s %d]", layout_role_name(l->elems[op->elem].role), op->elem);
			buf_putc(out, '\n');
		}
	}
}
