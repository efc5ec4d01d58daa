/*
 * layout/blocks: the document tree as one vertical list. Each block becomes
 * line boxes separated by penalties that encode the keeps (widows and
 * orphans, headings with what follows, captions with their table) and glue
 * that separates blocks and allows page breaks between them.
 */
#include "layout/internal.h"
#include "base/base.h"

#include <stdio.h>
#include <string.h>

/* Vertical rhythm of the design (pt). */
#define BODY_SIZE 10.5
#define BODY_LEAD 14.0
#define PAR_SKIP 7.0
#define LIST_INDENT 18.0
#define TABLE_MIN_ROWS 3   /* data rows a split table leaves on each page */

struct lay_vitem *lay_vpush(struct lay *L, enum lay_vkind kind)
{
	struct lay_vlist *vl = &L->vl;

	if (vl->n == vl->cap) {
		size_t cap = vl->cap ? vl->cap * 2 : 256;

		vl->v = arena_grow(L->a, vl->v, vl->n, cap, sizeof *vl->v);
		vl->cap = cap;
	}
	memset(&vl->v[vl->n], 0, sizeof vl->v[vl->n]);
	vl->v[vl->n].kind = kind;
	return &vl->v[vl->n++];
}

void lay_vglue(struct lay *L, double h)
{
	/* Inside a keep, space must not become a page break. */
	if (L->keep > 0)
		lay_vpush(L, V_PEN)->penalty = LAY_INF;
	lay_vpush(L, V_GLUE)->h = h;
}

void lay_vpen(struct lay *L, int penalty)
{
	if (L->keep > 0 && penalty > -LAY_INF)
		penalty = LAY_INF;
	lay_vpush(L, V_PEN)->penalty = penalty;
}

/* Count a line against the keep of the heading above it. */
static struct lay_vitem *vcontent(struct lay *L, enum lay_vkind kind)
{
	struct lay_vitem *v = lay_vpush(L, kind);

	if (L->keep > 0)
		L->keep--;
	return v;
}

static struct lay_pstyle body_style(void)
{
	struct lay_pstyle ps;

	memset(&ps, 0, sizeof ps);
	ps.family = FONT_SERIF;
	ps.size = BODY_SIZE;
	ps.leading = BODY_LEAD;
	ps.rgb = LAY_INK;
	ps.link_rgb = LAY_ACCENT;
	ps.align = LAY_JUSTIFY;
	ps.hyphenate = true;
	return ps;
}

static struct lay_pstyle sans_style(double size, double leading, unsigned style, unsigned rgb)
{
	struct lay_pstyle ps = body_style();

	ps.family = FONT_SANS;
	ps.size = size;
	ps.leading = leading;
	ps.style = style;
	ps.rgb = rgb;
	ps.align = LAY_RAGGED;
	ps.hyphenate = false;
	return ps;
}

/* Runs with a text run in front (caption labels, heading numbers). */
static struct doc_run *prefixed(struct lay *L, const char *prefix, unsigned style,
                                const struct doc_run *runs, size_t nruns, size_t *n)
{
	struct doc_run *r = arena_calloc(L->a, nruns + 1, sizeof *r);

	r[0].kind = RUN_TEXT;
	r[0].style = style;
	r[0].text = prefix;
	if (nruns)
		memcpy(r + 1, runs, nruns * sizeof *runs);
	*n = nruns + 1;
	return r;
}

static struct doc_run *text_run(struct lay *L, const char *text, unsigned style)
{
	struct doc_run *r = arena_calloc(L->a, 1, sizeof *r);

	r->kind = RUN_TEXT;
	r->style = style;
	r->text = text;
	return r;
}

/* Runs without footnote calls (a heading's call belongs to the heading, not
 * to its contents entry). */
static const struct doc_run *without_notes(struct lay *L, const struct doc_run *runs, size_t n,
                                           size_t *nout)
{
	struct doc_run *r = arena_calloc(L->a, n + 1, sizeof *r);
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (runs[i].kind != RUN_NOTEREF)
			r[k++] = runs[i];
	*nout = k;
	return r;
}

static char *plain(struct lay *L, const struct doc_run *runs, size_t n)
{
	size_t i, len = 0;
	char *s, *p;

	for (i = 0; i < n; i++)
		len += runs[i].text ? strlen(runs[i].text) : 0;
	s = p = arena_alloc(L->a, len + 1);
	for (i = 0; i < n; i++)
		if (runs[i].text && runs[i].kind != RUN_NOTEREF) {
			size_t l = strlen(runs[i].text);

			memcpy(p, runs[i].text, l);
			p += l;
		}
	*p = '\0';
	return s;
}

static void add_anchor(struct lay *L, struct draw_list *l, double x, double y, const char *name)
{
	struct draw_op op;

	memset(&op, 0, sizeof op);
	op.kind = DRAW_ANCHOR;
	op.x = x;
	op.y = y;
	op.target = name;
	draw_push(L->a, l, &op);
}

/* Lines of a paragraph pushed with widow/orphan penalties. Returns the index
 * of the first line item in the vertical list (or (size_t)-1 if empty). */
/* Does a line end in a hyphen (a word broken over the next line)? */
static bool ends_hyphenated(const struct lay_vitem *line)
{
	size_t j;

	for (j = line->ops.n; j > 0; j--) {
		const struct draw_op *op = &line->ops.ops[j - 1];

		if (op->kind == DRAW_TEXT && op->text && op->text[0]) {
			size_t l = strlen(op->text);

			return op->text[l - 1] == '-' && l > 1;
		}
	}
	return false;
}

/* Page breaks between lines: none after the first line or before the last
 * (no club or widow lines) and none after a line that ends in a hyphen (a
 * word is never broken across a page turn). */
static size_t push_lines(struct lay *L, struct lay_vitem *lines, size_t n, int keep_all)
{
	size_t i, first = (size_t)-1;

	for (i = 0; i < n; i++) {
		struct lay_vitem *v;

		if (i > 0)
			lay_vpen(L, keep_all || i == 1 || i == n - 1 || ends_hyphenated(&lines[i - 1]) ?
			         LAY_INF : 0);
		v = vcontent(L, V_BOX);
		*v = lines[i];
		if (i == 0)
			first = L->vl.n - 1;
	}
	return first;
}

/* Merge line boxes into one box (kept whole). */
static void merge_lines(struct lay *L, struct lay_vitem *dst, const struct lay_vitem *lines,
                        size_t n, double y0)
{
	size_t i, j;
	double y = y0;

	for (i = 0; i < n; i++) {
		draw_append(L->a, &dst->ops, &lines[i].ops, 0, -y);
		for (j = 0; j < lines[i].nnotes; j++) {
			dst->notes = arena_grow(L->a, dst->notes, dst->nnotes, dst->nnotes + 1,
			                        sizeof *dst->notes);
			dst->notes[dst->nnotes++] = lines[i].notes[j];
		}
		y += lines[i].h;
	}
}

/* A paragraph set wholly in bold or italic, of a line or two ("**Key
 * institutions**", a name over its organisation): a run-in label for what
 * follows, so it must not end a page. */
static bool is_label(const struct doc_node *n)
{
	size_t i, chars = 0;

	for (i = 0; i < n->nruns; i++) {
		const struct doc_run *r = &n->runs[i];
		const char *t = r->text ? r->text : "";

		if (r->kind == RUN_BREAK || r->kind == RUN_NOTEREF)
			continue;
		if (!(r->style & (RUN_BOLD | RUN_ITALIC)) && t[strspn(t, " \t\n")] != '\0')
			return false;
		chars += strlen(t);
	}
	return chars > 0 && chars < 160;
}

static size_t para(struct lay *L, const struct doc_node *n, double indent, double width,
                   const struct lay_pstyle *base)
{
	struct lay_pstyle ps = base ? *base : body_style();
	struct lay_vitem *lines = NULL;
	size_t nl = 0;

	if (n->flags & DOC_F_LEAD) {
		ps.size = 12.5;
		ps.leading = 17.5;
		ps.rgb = 0x343a40;
		ps.align = LAY_RAGGED;
	}
	if (n->flags & DOC_F_SMALL) {
		ps.size = 8.5;
		ps.leading = 11;
	}
	if (n->flags & DOC_F_RAGGED)
		ps.align = LAY_RAGGED;
	if (n->flags & DOC_F_CENTER)
		ps.align = LAY_CENTER;
	{
		int save = L->elem;

		L->elem = lay_tag(L, SR_P, L->cont);
		lay_par_lines(L, n->runs, n->nruns, &ps, width, indent, &lines, &nl);
		L->elem = save;
	}
	return push_lines(L, lines, nl, 0);
}

/* ---- headings ---- */

static const struct lay_sec *sec_of(struct lay *L, const struct doc_node *n, int *ord)
{
	size_t i;

	for (i = 0; i < L->nsecs; i++)
		if (L->secs[i].node == n) {
			*ord = (int)i;
			return &L->secs[i];
		}
	*ord = -1;
	return NULL;
}

static void chapter_opening(struct lay *L, const struct doc_node *n, const struct lay_sec *sec,
                            int ord)
{
	struct lay_pstyle ts = sans_style(26, 31, RUN_BOLD, LAY_INK);
	struct lay_vitem *lines = NULL, *v;
	size_t nl = 0;
	double y, top = L->fy + L->fh;
	const char *kicker = NULL;
	int save = L->elem;

	L->elem = lay_tag(L, SR_H1, L->cont);
	lay_par_lines(L, n->runs, n->nruns, &ts, L->fw * 0.85, 0, &lines, &nl);
	if (n->number && (n->flags & DOC_F_NUMBERED)) {
		const char *num = n->number;

		if (n->flags & DOC_F_APPENDIX) {
			if (num[0] == 'A' && num[1] >= '0' && num[1] <= '9')
				num++;
			kicker = arena_printf(L->a, "%s %s", i18n_label(L->lng, I18N_APPENDIX), num);
		} else {
			kicker = arena_printf(L->a, "%s %s", i18n_label(L->lng, I18N_CHAPTER), num);
		}
	}
	lay_vpen(L, -LAY_INF);
	v = lay_vpush(L, V_BOX);
	v->flags = VB_OPENING | VB_HEADING;
	v->sec = n;
	v->sec_ordinal = ord;
	/* Furniture: a band of the accent colour across the top of the page and a
	 * tint field behind the chapter head. */
	lay_fill(L, &v->furn, 0, top + 22, L->pw, L->ph - top - 22, LAY_TINT);
	lay_fill(L, &v->furn, 0, L->ph - 10, L->pw, 10, LAY_ACCENT);
	y = 40;
	add_anchor(L, &v->ops, 0, 0, sec ? sec->anchor : NULL);
	if (kicker) {
		lay_text(L, &v->ops, 0, -y, FONT_SANS_BOLD, 10.5, LAY_ACCENT, kicker);
		y += 12;
	}
	y += 8;
	merge_lines(L, v, lines, nl, y);
	y += nl * ts.leading + 10;
	lay_rule(L, &v->ops, 0, -y, 54, 0, 2.5, LAY_ACCENT2);
	L->elem = save;
	y += 34;
	v->h = y;
	L->keep = 2;   /* the opening keeps two lines of what follows */
}

static void heading(struct lay *L, const struct doc_node *n)
{
	const struct lay_sec *sec;
	struct lay_pstyle ps;
	struct lay_vitem *lines = NULL;
	struct doc_run *runs = (struct doc_run *)n->runs;
	size_t nl = 0, nr = n->nruns, i, first;
	int ord, kept;
	double above, below;

	sec = sec_of(L, n, &ord);
	if (n->level <= 1) {
		chapter_opening(L, n, sec, ord);
		return;
	}
	if (n->level == 2) {
		ps = sans_style(14, 18, RUN_BOLD, LAY_ACCENT);
		above = 18;
		below = 5;
	} else {
		ps = sans_style(11, 14, RUN_BOLD, LAY_INK);
		above = 12;
		below = 2;
	}
	if (n->number && (n->flags & DOC_F_NUMBERED))
		runs = prefixed(L, arena_printf(L->a, "%s ", n->number), 0, n->runs, n->nruns, &nr);
	{
		int save = L->elem;

		L->elem = lay_tag(L, n->level == 2 ? SR_H2 : SR_H3, L->cont);
		lay_par_lines(L, runs, nr, &ps, L->fw, 0, &lines, &nl);
		L->elem = save;
	}
	if (nl == 0)
		return;
	if (n->flags & DOC_F_NEWPAGE)
		lay_vpen(L, -LAY_INF);
	kept = L->keep > 0;
	/* Right under a chapter opening, the opening's own space is enough. */
	if (!(L->vl.n && (L->vl.v[L->vl.n - 1].flags & VB_OPENING)))
		lay_vglue(L, above);
	for (i = 0; i < nl; i++)
		lay_vpen(L, LAY_INF), *lay_vpush(L, V_BOX) = lines[i];
	/* The penalty pushed before the first line would forbid the break the
	 * glue above allows: turn it into a neutral one. */
	first = L->vl.n - 2 * nl;
	L->vl.v[first].penalty = kept ? LAY_INF : 0;
	L->vl.v[first + 1].flags |= VB_HEADING;
	L->vl.v[first + 1].sec = n;
	L->vl.v[first + 1].sec_ordinal = ord;
	add_anchor(L, &L->vl.v[first + 1].ops, 0, 0, sec ? sec->anchor : NULL);
	L->keep = 3;   /* a heading keeps the next three lines with it: never in a page's last three */
	lay_vglue(L, below);
}

/* ---- table of contents ---- */

/* Contents: a titled page of its own, or, when the TOC opens a section
 * ("# Contents" then \toc in a template), the entries under that heading. */
static void toc(struct lay *L, bool titled)
{
	struct lay_pstyle ts = sans_style(22, 28, RUN_BOLD, LAY_ACCENT);
	struct lay_vitem *lines = NULL, *v;
	size_t nl = 0, i;
	double numw = 26;
	int save = L->elem, tocel, link_el = 0;

	if (titled) {
		lay_vpen(L, -LAY_INF);
		L->elem = lay_tag(L, SR_H1, L->cont);
		lay_par_lines(L, text_run(L, i18n_label(L->lng, I18N_CONTENTS), 0), 1, &ts, L->fw, 0, &lines,
		              &nl);
		v = vcontent(L, V_BOX);
		v->flags |= VB_OPENING;   /* no running head above the title */
		v->running = i18n_label(L->lng, I18N_CONTENTS);
		merge_lines(L, v, lines, nl, 0);
		v->h = nl * ts.leading + 6;
		lay_rule(L, &v->ops, 0, -v->h, L->fw, 0, 0.75, LAY_ACCENT);
		v->h += 14;
		lay_vpen(L, LAY_INF);
	}
	tocel = lay_tag(L, SR_TOC, L->cont);
	for (i = 0; i < L->nsecs; i++) {
		const struct lay_sec *s = &L->secs[i];
		const struct doc_node *n = s->node;
		int l1 = s->level <= 1;
		/* set a little tighter than text: the contents of a paper with
		 * appendices fits on one page instead of spilling a few lines */
		struct lay_pstyle ps = l1 ? sans_style(10.5, 13.5, RUN_BOLD, LAY_INK) : body_style();
		double tx = l1 ? 0 : 26, nx = l1 ? 0 : 26, y, endx = 0;
		const struct draw_op *last = NULL;
		char pg[32];
		struct draw_op ln;
		size_t j, start;

		if (!s->in_toc)
			continue;
		if (n->number && (n->flags & DOC_F_NUMBERED))
			tx = nx + (l1 ? 26 : 30);
		ps.align = LAY_RAGGED;
		ps.hyphenate = false;
		if (!l1) {
			ps.size = 10;
			ps.leading = 12.5;
		}
		lines = NULL;
		nl = 0;
		L->elem = lay_tag(L, SR_LINK, lay_tag(L, SR_TOCI, tocel));
		{
			size_t nr;
			const struct doc_run *runs = without_notes(L, n->runs, n->nruns, &nr);

			lay_par_lines(L, runs, nr, &ps, L->fw - tx - numw - 18, tx, &lines, &nl);
		}
		if (nl == 0)
			continue;
		if (l1)
			lay_vglue(L, 6);
		v = vcontent(L, V_BOX);
		merge_lines(L, v, lines, nl, 0);
		y = -lay_baseline(ps.size, ps.leading);
		if (n->number && (n->flags & DOC_F_NUMBERED))
			lay_text(L, &v->ops, nx, y, ps.family + (l1 ? 1 : 0), ps.size,
			         l1 ? LAY_ACCENT : LAY_INK, n->number);
		/* End of the title's last line: where the leaders start. */
		y -= (nl - 1) * ps.leading;
		start = 0;
		for (j = start; j < v->ops.n; j++) {
			const struct draw_op *op = &v->ops.ops[j];

			if (op->kind == DRAW_TEXT && op->y == y && op->x + op->w > endx)
				last = op, endx = op->x + op->w;
		}
		(void)last;
		/* A placeholder: the real page number is written in after paging
		 * (the space kept for it does not depend on its digits). */
		snprintf(pg, sizeof pg, "%d", 0);
		{
			double pw = lay_width(L, ps.family + (l1 ? 1 : 0), ps.size, pg);
			double dot = lay_width(L, FONT_SERIF, ps.size, ".");
			double dx;

			L->toc_num[i] = arena_strdup(L->a, pg);
			lay_text(L, &v->ops, L->fw - pw, y, ps.family + (l1 ? 1 : 0), ps.size, LAY_INK,
			         L->toc_num[i]);
			/* Leaders on a 5 pt grid so the dots line up down the page. */
			link_el = L->elem;
			L->elem = -1;
			for (dx = 5.0 * (int)((endx + 8) / 5.0 + 1); dx + dot < L->fw - numw - 4; dx += 5.0)
				lay_text(L, &v->ops, dx, y, FONT_SERIF, ps.size, LAY_GREY, ".");
		}
		v->h = nl * ps.leading;
		memset(&ln, 0, sizeof ln);
		ln.kind = DRAW_LINK_DEST;
		ln.x = 0;
		ln.y = -v->h;
		ln.w = L->fw;
		ln.h = v->h;
		ln.target = s->anchor;
		ln.elem = link_el;
		draw_push(L->a, &v->ops, &ln);
		/* The first level-2 entry after a chapter stays with it. */
		lay_vpen(L, l1 ? LAY_INF : 0);
	}
	L->elem = save;
	lay_vpen(L, -LAY_INF);
}

/* ---- cover ---- */

/* A short document's cover: a band of the house colour across the top of
 * page 1 (organisations and date, title, subtitle) with the text starting
 * below it on the same page. No running head on that page; the folio stays. */
/* The narrowest measure, down to half of width, that sets runs in as few
 * lines as width does: a title set at it has balanced lines (no word alone
 * on the last one). */
static double balanced(struct lay *L, const struct doc_run *runs, size_t n,
                       const struct lay_pstyle *ps, double width)
{
	struct lay_vitem *v = NULL;
	size_t nv = 0, want = lay_par_lines(L, runs, n, ps, width, 0, &v, &nv);
	double lo = width * 0.5, hi = width;
	int i;

	if (want < 2)
		return width;
	for (i = 0; i < 14; i++) {
		double mid = (lo + hi) / 2;

		v = NULL;
		nv = 0;
		if (lay_par_lines(L, runs, n, ps, mid, 0, &v, &nv) <= want)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

static void masthead(struct lay *L, const char *title, const char *sub, const char *authors,
                     const char *date, const char *note)
{
	struct lay_pstyle ts = sans_style(28, 33, RUN_BOLD, 0xffffff);
	struct lay_pstyle ss = sans_style(12.5, 16.5, 0, 0xdfeaf0);
	struct lay_vitem *tl = NULL, *sl = NULL, *v, tmp;
	struct draw_list txt;
	size_t ntl = 0, nsl = 0;
	double y, bottom, ftop = L->fy + L->fh;
	int save = L->elem, el_auth = 0, el_date = 0;

	/* logical order: title, subtitle, authors, date, note */
	L->elem = lay_tag(L, SR_TITLE, L->cont);
	if (title)
		lay_par_lines(L, text_run(L, title, 0), 1, &ts,
		              balanced(L, text_run(L, title, 0), 1, &ts, L->fw), 0, &tl, &ntl);
	L->elem = lay_tag(L, SR_P, L->cont);
	if (sub)
		lay_par_lines(L, text_run(L, sub, 0), 1, &ss,
		              balanced(L, text_run(L, sub, 0), 1, &ss, L->fw * 0.85), 0, &sl, &nsl);
	if (authors)
		el_auth = lay_tag(L, SR_P, L->cont);
	if (date)
		el_date = lay_tag(L, SR_P, L->cont);
	lay_vpen(L, -LAY_INF);
	v = lay_vpush(L, V_BOX);
	v->flags = VB_OPENING;
	memset(&txt, 0, sizeof txt);
	/* Top line: who and when, over a hairline. */
	y = L->ph - 34;
	L->elem = el_auth;
	if (authors)
		lay_text(L, &txt, L->fx, y, FONT_SANS_BOLD, 8.5, 0xdfeaf0, authors);
	L->elem = el_date;
	if (date)
		lay_text(L, &txt, L->fx + L->fw - lay_width(L, FONT_SANS, 8.5, date), y,
		         FONT_SANS, 8.5, 0xdfeaf0, date);
	lay_rule(L, &txt, L->fx, y - 8, L->fw, 0, 0.5, 0x5d8a9b);
	y -= 26;
	memset(&tmp, 0, sizeof tmp);
	merge_lines(L, &tmp, tl, ntl, 0);
	merge_lines(L, &tmp, sl, nsl, ntl * ts.leading + 4);
	draw_append(L->a, &txt, &tmp.ops, L->fx, y);
	y -= ntl * ts.leading + (nsl ? 4 + nsl * ss.leading : 0);
	if (note) {
		L->elem = lay_tag(L, SR_P, L->cont);
		lay_text(L, &txt, L->fx, y - 14, FONT_SANS_ITALIC, 8, 0xb9ccd4, note);
		y -= 14;
	}
	L->elem = save;
	bottom = y - 18;
	/* The band goes down first, its texts over it. */
	lay_fill(L, &v->furn, 0, bottom, L->pw, L->ph - bottom, LAY_ACCENT);
	lay_fill(L, &v->furn, 0, bottom - 5, L->pw, 5, LAY_ACCENT2);
	draw_append(L->a, &v->furn, &txt, 0, 0);
	/* The box holds the part of the frame the band covers, and a gap. */
	v->h = ftop - (bottom - 5 - 26);
	if (v->h < 0)
		v->h = 0;
}

static void cover(struct lay *L, const struct doc_node *n)
{
	const struct doc_cover *c = n->cover;
	const char *title = c && c->title ? c->title : L->doc->title;
	const char *sub = c && c->subtitle ? c->subtitle : L->doc->subtitle;
	const char *authors = c && c->authors ? c->authors : L->doc->author;
	const char *date = c && c->date ? c->date : L->doc->date;
	const char *note = c ? c->edition_note : NULL;
	struct lay_pstyle ts = sans_style(34, 40, RUN_BOLD, 0xffffff);
	struct lay_pstyle ss = sans_style(15, 20, 0, 0xdfeaf0);
	struct lay_vitem *tl = NULL, *sl = NULL, *v;
	size_t ntl = 0, nsl = 0;
	double band = L->ph * 0.40, y;

	int save = L->elem;

	if (c && c->masthead) {
		masthead(L, title, sub, authors, date, note);
		return;
	}
	L->elem = lay_tag(L, SR_TITLE, L->cont);
	if (title)
		lay_par_lines(L, text_run(L, title, 0), 1, &ts,
		              balanced(L, text_run(L, title, 0), 1, &ts, L->fw), 0, &tl, &ntl);
	L->elem = lay_tag(L, SR_P, L->cont);
	if (sub)
		lay_par_lines(L, text_run(L, sub, 0), 1, &ss,
		              balanced(L, text_run(L, sub, 0), 1, &ss, L->fw * 0.9), 0, &sl, &nsl);
	lay_vpen(L, -LAY_INF);
	v = lay_vpush(L, V_BOX);
	v->flags = VB_COVER;
	v->h = L->fh;
	lay_fill(L, &v->furn, 0, band, L->pw, L->ph - band, LAY_ACCENT);
	lay_fill(L, &v->furn, 0, band - 8, L->pw, 8, LAY_ACCENT2);
	/* Title and subtitle sit at the foot of the band. */
	y = band + 48 + nsl * ss.leading + (nsl ? 16 : 0) + ntl * ts.leading;
	{
		struct lay_vitem tmp;

		memset(&tmp, 0, sizeof tmp);
		merge_lines(L, &tmp, tl, ntl, 0);
		merge_lines(L, &tmp, sl, nsl, ntl * ts.leading + 16);
		draw_append(L->a, &v->furn, &tmp.ops, L->fx, y);
	}
	lay_rule(L, &v->furn, L->fx, y + 26, 54, 0, 3, 0xffffff);
	y = band - 60;
	L->elem = lay_tag(L, SR_P, L->cont);
	if (authors) {
		lay_text(L, &v->furn, L->fx, y, FONT_SANS_BOLD, 13, LAY_INK, authors);
		y -= 20;
	}
	L->elem = lay_tag(L, SR_P, L->cont);
	if (date)
		lay_text(L, &v->furn, L->fx, y, FONT_SANS, 12, LAY_GREY, date);
	L->elem = lay_tag(L, SR_P, L->cont);
	if (note)
		lay_text(L, &v->furn, L->fx, L->fy, FONT_SERIF_ITALIC, 9, LAY_GREY, note);
	L->elem = save;
	lay_vpen(L, -LAY_INF);
}

/* ---- lists and quotes ---- */

static void blocks(struct lay *L, const struct doc_node *first, double indent, int depth);
static void block(struct lay *L, const struct doc_node *n, double indent, int depth);

/* A bullet item that numbers itself ("- **9.** Found a centre", numbers that
 * run on across lists): its paragraph without that number, which is returned
 * (with its style) to be hung as the marker instead of a bullet. NULL when
 * the paragraph does not start with a number and a full stop alone in a run. */
static const char *own_number(struct lay *L, const struct doc_node *p, struct doc_node *rest,
                              unsigned *style)
{
	const char *t, *u;
	size_t i;

	if (p->nruns < 1 || p->runs[0].kind != RUN_TEXT)
		return NULL;
	t = p->runs[0].text ? p->runs[0].text : "";
	t += strspn(t, " ");
	for (i = 0; t[i] >= '0' && t[i] <= '9'; i++)
		;
	if (i == 0 || i > 3 || t[i] != '.')
		return NULL;
	u = t + i + 1;
	if (*u != ' ' && !(*u == '\0' && p->nruns > 1 && p->runs[1].kind == RUN_TEXT &&
	                   p->runs[1].text && p->runs[1].text[0] == ' '))
		return NULL;
	*rest = *p;
	rest->runs = arena_calloc(L->a, p->nruns, sizeof *rest->runs);
	memcpy(rest->runs, p->runs, p->nruns * sizeof *rest->runs);
	if (*u == '\0') {
		rest->runs++;
		rest->nruns--;
		u = rest->runs[0].text;
	}
	rest->runs[0].text = u + strspn(u, " ");
	*style = p->runs[0].style;
	return arena_strndup(L->a, t, i + 1);
}

static void list(struct lay *L, const struct doc_node *n, double indent, int depth)
{
	const struct doc_node *it;
	int k = 0, cont = L->cont, lel = lay_tag(L, SR_L, L->cont);
	double ti = indent + LIST_INDENT;

	for (it = n->first; it; it = it->next, k++) {
		const struct doc_node *b;
		int marked = 0, li, lbl;

		if (it->kind != DOC_ITEM)
			continue;
		li = lay_tag(L, SR_LI, lel);
		lbl = lay_tag(L, SR_LBL, li);
		L->cont = lay_tag(L, SR_LBODY, li);
		if (k > 0)
			lay_vglue(L, 2.5);
		for (b = it->first; b; b = b->next) {
			if (b->kind == DOC_PARA) {
				struct doc_node rest;
				unsigned st = 0;
				const char *own = marked || (n->flags & DOC_F_ORDERED) ? NULL :
				                  own_number(L, b, &rest, &st);
				size_t f = para(L, own ? &rest : b, ti, L->fw - ti, NULL);

				if (!marked && f != (size_t)-1) {
					struct lay_vitem *v = &L->vl.v[f];
					double y = -lay_baseline(BODY_SIZE, BODY_LEAD);
					int save = L->elem;

					L->elem = lbl;
					if (own) {
						int role = FONT_SERIF + ((st & RUN_BOLD) ? 1 : 0) +
						           ((st & RUN_ITALIC) ? 2 : 0);
						double w = lay_width(L, role, BODY_SIZE, own);

						lay_text(L, &v->ops, ti - 5 - w, y, role, BODY_SIZE, LAY_ACCENT,
						         own);
					} else if (n->flags & DOC_F_ORDERED) {
						const char *num = arena_printf(L->a, "%d.", k + 1);
						double w = lay_width(L, FONT_SERIF, BODY_SIZE, num);

						lay_text(L, &v->ops, ti - 5 - w, y, FONT_SERIF, BODY_SIZE,
						         LAY_ACCENT, num);
					} else {
						lay_text(L, &v->ops, indent + (depth ? 6 : 4), y, FONT_SERIF,
						         BODY_SIZE, LAY_ACCENT, depth ? "–" : "•");
					}
					L->elem = save;
					marked = 1;
				}
			} else if (b->kind == DOC_LIST && depth < 1) {
				lay_vglue(L, 2.5);
				list(L, b, ti, depth + 1);
			} else {
				block(L, b, ti, depth + 1);
			}
		}
		L->cont = cont;
	}
}

static void quote(struct lay *L, const struct doc_node *n, double indent)
{
	struct lay_pstyle ps = body_style();
	const struct doc_node *p;
	double qi = indent + 22, w = L->fw - qi - 22;
	int k = 0, save = L->elem, bq = lay_tag(L, SR_BLOCKQUOTE, L->cont);

	ps.style = RUN_ITALIC;
	ps.flip_italic = true;
	ps.rgb = 0x3a4046;
	for (p = n->first; p; p = p->next, k++) {
		struct lay_vitem *lines = NULL;
		size_t nl = 0, i;

		if (p->kind != DOC_PARA)
			continue;
		if (k)
			lay_vglue(L, 5);
		L->elem = lay_tag(L, SR_P, bq);
		lay_par_lines(L, p->runs, p->nruns, &ps, w, qi, &lines, &nl);
		for (i = 0; i < nl; i++)   /* a bar beside every line, so it follows a page break */
			lay_fill(L, &lines[i].ops, indent + 6, -lines[i].h - (i + 1 == nl ? 0 : 0),
			         2, lines[i].h, LAY_TINT - 0x202010);
		push_lines(L, lines, nl, 0);
	}
	if (n->attribution) {
		struct lay_vitem *v;
		const char *s = arena_printf(L->a, "— %s", n->attribution);
		double aw = lay_width(L, FONT_SANS, 9, s);

		lay_vpen(L, LAY_INF);
		v = vcontent(L, V_BOX);
		v->h = 15;
		L->elem = lay_tag(L, SR_P, bq);
		lay_text(L, &v->ops, qi + w - aw, -11, FONT_SANS, 9, LAY_GREY, s);
	}
	L->elem = save;
}

static void pullquote(struct lay *L, const struct doc_node *n)
{
	struct lay_pstyle ps = sans_style(15.5, 21, 0, LAY_ACCENT);
	const struct doc_node *p;
	struct lay_vitem *v;
	double y = 14;
	int save = L->elem, bq = lay_tag(L, SR_BLOCKQUOTE, L->cont);

	v = vcontent(L, V_BOX);
	lay_rule(L, &v->ops, 0, 0, L->fw, 0, 2, LAY_ACCENT);
	for (p = n->first; p; p = p->next) {
		struct lay_vitem *lines = NULL;
		size_t nl = 0;

		if (p->kind != DOC_PARA)
			continue;
		L->elem = lay_tag(L, SR_P, bq);
		lay_par_lines(L, p->runs, p->nruns, &ps, L->fw - 36, 18, &lines, &nl);
		merge_lines(L, v, lines, nl, y);
		y += nl * ps.leading + 4;
	}
	if (n->attribution) {
		L->elem = lay_tag(L, SR_P, bq);
		lay_text(L, &v->ops, 18, -y - 9, FONT_SANS_BOLD, 8.5, LAY_GREY,
		         arena_printf(L->a, "— %s", n->attribution));
		y += 16;
	}
	y += 8;
	L->elem = save;
	lay_rule(L, &v->ops, 0, -y, L->fw, 0, 0.6, LAY_ACCENT);
	v->h = y;
}

/* ---- tables and charts ---- */

static struct lay_vitem caption_lines(struct lay *L, const struct doc_node *n, const char *word,
                                      int num, double width, size_t *nl_out, int parent)
{
	int save = L->elem;
	struct lay_pstyle ps = sans_style(9, 12, 0, LAY_INK);
	struct lay_vitem *lines = NULL, box;
	size_t nl = 0, nr;
	const char *number = n->number ? n->number : arena_printf(L->a, "%d", num);
	struct doc_run *runs = prefixed(L, arena_printf(L->a, "%s %s:%s", word, number,
	                                                n->nruns ? " " : ""),
	                                RUN_BOLD, n->runs, n->nruns, &nr);

	ps.link_rgb = LAY_ACCENT;
	memset(&box, 0, sizeof box);
	box.kind = V_BOX;
	L->elem = lay_tag(L, SR_CAPTION, parent);
	lay_par_lines(L, runs, nr, &ps, width, 0, &lines, &nl);
	L->elem = save;
	merge_lines(L, &box, lines, nl, 0);
	box.h = nl * ps.leading;
	*nl_out = nl;
	return box;
}

static struct lay_vitem source_line(struct lay *L, const char *src, double width)
{
	struct lay_pstyle ps = sans_style(8, 10.5, 0, LAY_GREY);
	struct lay_vitem *lines = NULL, box;
	size_t nl = 0, nr;
	struct doc_run *runs = prefixed(L, arena_printf(L->a, "%s: ", i18n_label(L->lng, I18N_SOURCE)),
	                                RUN_BOLD, text_run(L, src, 0), 1, &nr);

	int save = L->elem;

	memset(&box, 0, sizeof box);
	box.kind = V_BOX;
	L->elem = lay_tag(L, SR_P, L->cont);
	lay_par_lines(L, runs, nr, &ps, width, 0, &lines, &nl);
	L->elem = save;
	merge_lines(L, &box, lines, nl, 4);
	box.h = nl * ps.leading + 4;
	return box;
}

/* The structure of a table's cells: THead and TBody, a TR per row, a TH
 * (scope Column) or TD per cell; the first cell of a body row is a TH of
 * scope Row when the first column is not numeric (the row's name). */
static const struct table_tags *table_tags(struct lay *L, const struct doc_table *t,
                                           const struct table_plan *plan, int tel)
{
	struct table_tags *tg = arena_alloc(L->a, sizeof *tg);
	size_t nh = table_plan_head_rows(plan), nb = table_plan_rows(plan), r, c;
	bool row_heads = t->ncols > 1 && !t->cols[0].numeric;
	int part;

	tg->ncols = t->ncols;
	part = lay_tag(L, SR_THEAD, tel);
	tg->head = (int)L->nelems;
	for (r = 0; r < nh; r++) {
		int tr = lay_tag(L, SR_TR, part);

		for (c = 0; c < t->ncols; c++) {
			int e = lay_tag(L, SR_TH, tr);

			L->elems[e].scope = "Column";
		}
		if (r == 0 && t->group_header && nh > 1) {
			L->elems[tr + 1].colspan = (int)t->ncols;
			for (c = 1; c < t->ncols; c++)
				L->elems[tr + 1 + c].keep_empty = false;
		}
	}
	if (nh == 0)
		L->elems[part].keep_empty = false;
	part = lay_tag(L, SR_TBODY, tel);
	tg->body = (int)L->nelems;
	for (r = 0; r < nb; r++) {
		int tr = lay_tag(L, SR_TR, part);
		bool span = table_plan_row_spans(plan, r);

		for (c = 0; c < t->ncols; c++) {
			int e = lay_tag(L, c == 0 && (row_heads || span) ? SR_TH : SR_TD, tr);

			if (L->elems[e].role == SR_TH)
				L->elems[e].scope = span ? "Column" : "Row";
			if (span && c == 0)
				L->elems[e].colspan = (int)t->ncols;
			if (span && c > 0)
				L->elems[e].keep_empty = false;
		}
	}
	return tg;
}

static void table(struct lay *L, const struct doc_node *n)
{
	struct table_plan *plan;
	size_t rows, r, nl, data, groups = 0, gstart;
	struct lay_vitem *v;
	double hh;
	const char *cont;
	int tel;
	const struct table_tags *tags;

	if (n->table == NULL)
		return;
	L->table_count++;
	plan = table_plan(L->a, n->table, L->fw, L->m);
	if (plan == NULL)
		return;
	rows = table_plan_rows(plan);
	hh = table_plan_header_height(plan);
	cont = arena_printf(L->a, "%s %s %s", i18n_label(L->lng, I18N_TABLE),
	                    n->number ? n->number : arena_printf(L->a, "%d", L->table_count),
	                    i18n_label(L->lng, I18N_CONTINUED));
	lay_vglue(L, 10);
	tel = lay_tag(L, SR_TABLE, L->cont);
	v = vcontent(L, V_BOX);
	*v = caption_lines(L, n, i18n_label(L->lng, I18N_TABLE), L->table_count, L->fw, &nl, tel);
	tags = table_tags(L, n->table, plan, tel);
	if (n->label)
		add_anchor(L, &v->ops, 0, 0, n->label);
	v->h += 5;
	for (r = 0; r < rows; r++)
		groups += table_plan_row_keep_with_next(plan, r);
	for (r = 0, data = 0, gstart = 0; r < rows; r++) {
		bool glabel = table_plan_row_keep_with_next(plan, r);
		size_t after = 0, k;
		bool ok;

		for (k = r; k < rows && after < TABLE_MIN_ROWS; k++)
			after += !table_plan_row_keep_with_next(plan, k);
		ok = r > 0 && data >= TABLE_MIN_ROWS && after >= TABLE_MIN_ROWS &&
		     !table_plan_row_keep_with_next(plan, r - 1);

		if (glabel)
			gstart = r;
		/* In a table of groups, a page breaks before a group, or inside a
		 * long one leaving four rows above and four below. */
		if (ok && groups && !glabel) {
			size_t gend = r;

			while (gend < rows && !table_plan_row_keep_with_next(plan, gend))
				gend++;
			ok = r - gstart >= 4 && gend - r >= 4;
		}
		/* Caption, header and three rows of data (group label rows do not
		 * count) stay together, the last three rows too, and a group label
		 * row stays with the row it heads. */
		lay_vpen(L, ok ? 0 : LAY_INF);
		if (!glabel)
			data++;
		v = vcontent(L, V_TABROW);
		v->tnode = n;
		v->plan = plan;
		v->row = r;
		v->tags = tags;
		v->h = table_plan_row_height(plan, r);
		v->header_h = hh;
		v->cont = cont;
	}
	if (rows == 0) {
		lay_vpen(L, LAY_INF);
		v = lay_vpush(L, V_TABROW);
		v->tnode = n;
		v->plan = plan;
		v->row = 0;
		v->tags = tags;
		v->h = 0;
		v->header_h = hh;
	}
	if (n->source) {
		lay_vpen(L, LAY_INF);
		*vcontent(L, V_BOX) = source_line(L, n->source, L->fw);
	}
	lay_vglue(L, 10);
}

static void chart(struct lay *L, const struct doc_node *n)
{
	struct draw_list cl;
	struct lay_vitem *v, cap, src;
	double w = L->fw, h, x, y;
	size_t nl;
	int fig;

	if (n->chart == NULL)
		return;
	L->figure_count++;
	memset(&cl, 0, sizeof cl);
	h = chart_draw(L->a, n->chart, w, L->m, L->lang, &cl);
	if (h > L->fh * 0.75) {
		/* Too tall to keep whole with its caption: draw it narrower. */
		w = w * L->fh * 0.75 / h;
		memset(&cl, 0, sizeof cl);
		h = chart_draw(L->a, n->chart, w, L->m, L->lang, &cl);
	}
	fig = lay_tag(L, SR_FIGURE, L->cont);
	L->elems[fig].alt = n->chart->alt ? n->chart->alt : doc_plain_text(L->a, n);
	for (size_t k = 0; k < cl.n; k++) {
		cl.ops[k].elem = fig;
		cl.ops[k].flags &= (unsigned char)~DRAW_F_ARTIFACT;
	}
	cap = caption_lines(L, n, i18n_label(L->lng, I18N_FIGURE), L->figure_count, L->fw, &nl,
	                    L->cont);
	memset(&src, 0, sizeof src);
	if (n->source)
		src = source_line(L, n->source, L->fw);
	lay_vglue(L, 12);
	v = vcontent(L, V_BOX);
	v->flags |= VB_FLOAT;
	if (n->label)
		add_anchor(L, &v->ops, 0, 0, n->label);
	x = (L->fw - w) / 2;
	y = 2 + h;
	draw_append(L->a, &v->ops, &cl, x, -y);
	y += 8;
	draw_append(L->a, &v->ops, &cap.ops, 0, -y);
	/* Footnotes called in the caption ride with the figure. */
	v->notes = cap.notes;
	v->nnotes = cap.nnotes;
	y += cap.h;
	if (n->source) {
		draw_append(L->a, &v->ops, &src.ops, 0, -y);
		y += src.h;
	}
	v->h = y + 2;
	lay_vglue(L, 12);
}

/* ---- walk ---- */

static void block(struct lay *L, const struct doc_node *n, double indent, int depth)
{
	const struct doc_node *c;

	switch (n->kind) {
	case DOC_ROOT:
		blocks(L, n->first, indent, depth);
		break;
	case DOC_SECTION:
		heading(L, n);
		if ((n->flags & DOC_F_COLUMNS) && L->col_full == 0) {
			size_t from = L->vl.n, k;

			/* The body flows in two columns; tables and figures keep the
			 * full width (they come out VB_WIDE). */
			L->col_full = L->fw;
			L->fw = (L->fw - LAY_GUTTER) / 2;
			for (c = n->first; c; c = c->next)
				block(L, c, indent, depth);
			L->fw = L->col_full;
			L->col_full = 0;
			for (k = from; k < L->vl.n; k++)
				if (!(L->vl.v[k].flags & VB_WIDE))
					L->vl.v[k].flags |= VB_COLUMN;
			break;
		}
		for (c = n->first; c; c = c->next)
			block(L, c, indent, depth);
		break;
	case DOC_PARA:
		if (L->vl.n && L->vl.v[L->vl.n - 1].kind == V_BOX)
			lay_vglue(L, PAR_SKIP);
		para(L, n, indent, L->fw - indent, NULL);
		if (n->parent && n->parent->kind != DOC_ITEM && is_label(n))
			L->keep = 2;   /* a label keeps two lines of what follows */
		break;
	case DOC_LIST:
		lay_vglue(L, PAR_SKIP);
		list(L, n, indent, depth);
		break;
	case DOC_ITEM:
		blocks(L, n->first, indent, depth);
		break;
	case DOC_QUOTE:
		lay_vglue(L, 10);
		quote(L, n, indent);
		lay_vglue(L, 10);
		break;
	case DOC_PULLQUOTE:
		lay_vglue(L, 16);
		pullquote(L, n);
		lay_vglue(L, 16);
		break;
	case DOC_TABLE:
	case DOC_CHART:
		if (L->col_full > 0) {
			double colw = L->fw;
			size_t from = L->vl.n, k;

			L->fw = L->col_full;
			if (n->kind == DOC_TABLE)
				table(L, n);
			else
				chart(L, n);
			L->fw = colw;
			for (k = from; k < L->vl.n; k++)
				L->vl.v[k].flags |= VB_WIDE;
		} else if (n->kind == DOC_TABLE) {
			table(L, n);
		} else {
			chart(L, n);
		}
		break;
	case DOC_PAGEBREAK:
		lay_vpen(L, -LAY_INF);
		break;
	case DOC_TOC:
		/* A section that opens with the TOC is the contents' own heading. */
		toc(L, !(n->parent && n->parent->kind == DOC_SECTION && n->parent->first == n));
		break;
	case DOC_COVER:
		cover(L, n);
		break;
	case DOC_NOTE:
		break;
	}
}

static void blocks(struct lay *L, const struct doc_node *first, double indent, int depth)
{
	const struct doc_node *n;

	for (n = first; n; n = n->next)
		block(L, n, indent, depth);
}

static void collect_secs(struct lay *L, const struct doc_node *n)
{
	const struct doc_node *c;

	if (n->kind == DOC_SECTION) {
		struct lay_sec *s;

		if (L->nsecs == L->capsecs) {
			size_t cap = L->capsecs ? L->capsecs * 2 : 32;

			L->secs = arena_grow(L->a, L->secs, L->nsecs, cap, sizeof *L->secs);
			L->capsecs = cap;
		}
		s = &L->secs[L->nsecs];
		s->node = n;
		s->level = n->level;
		s->anchor = n->label ? n->label : arena_printf(L->a, "sec.%zu", L->nsecs + 1);
		s->title = plain(L, n->runs, n->nruns);
		if (n->number && (n->flags & DOC_F_NUMBERED))
			s->title = arena_printf(L->a, "%s %s", n->number, s->title);
		s->in_toc = !(n->flags & DOC_F_NOTOC) && n->level <= 2;
		L->nsecs++;
	}
	for (c = n->first; c; c = c->next)
		if (c->kind == DOC_SECTION || c->kind == DOC_ROOT)
			collect_secs(L, c);
}

static void notes(struct lay *L)
{
	struct lay_pstyle ps = body_style();
	size_t i;

	ps.size = 8;
	ps.leading = 10;
	L->notes = arena_calloc(L->a, L->doc->nnotes + 1, sizeof *L->notes);
	for (i = 0; i < L->doc->nnotes; i++) {
		const struct doc_node *n = L->doc->notes[i], *p;
		struct lay_note *ln = &L->notes[i];
		char num[16];
		int save = L->elem;

		ln->elem = lay_tag(L, SR_NOTE, 0);
		L->elems[ln->elem].order = 1 << 30;   /* until its call places it */
		for (p = n ? n->first : NULL; p; p = p->next)
			if (p->kind == DOC_PARA) {
				L->elem = lay_tag(L, SR_P, ln->elem);
				lay_par_lines(L, p->runs, p->nruns, &ps, L->fw - 12, 12, &ln->lines, &ln->n);
			}
		L->elem = ln->elem;
		if (ln->n == 0) {
			/* Its call stays a plain superscript (no link to nowhere); the
			 * template stage warned about it (tmpl/post.c). */
			L->elem = save;
			continue;
		}
		snprintf(num, sizeof num, "%d", n->note_number > 0 ? n->note_number : (int)i + 1);
		lay_text(L, &ln->lines[0].ops, 0, -lay_baseline(ps.size, ps.leading), FONT_SANS_BOLD,
		         7, LAY_ACCENT, arena_strdup(L->a, num));
		L->elem = save;
		add_anchor(L, &ln->lines[0].ops, 0, 0, arena_printf(L->a, "fn.%zu", i + 1));
		for (size_t k = 0; k < ln->n; k++)
			ln->h += ln->lines[k].h;
	}
}

/* About how many vertical list items n makes: two per line of text (a line
 * and the penalty before it), a few per block, two per table row. Sizing the
 * list once spares the copies of doubling it from small. */
static size_t estimate_items(const struct doc_node *n)
{
	const struct doc_node *c;
	size_t k = 3, i, bytes = 0;

	for (i = 0; i < n->nruns; i++)
		bytes += n->runs[i].text ? strlen(n->runs[i].text) : 0;
	k += bytes / 40;
	if (n->table)
		k += 2 * n->table->nrows;
	for (c = n->first; c; c = c->next)
		k += estimate_items(c);
	return k;
}

void lay_blocks(struct lay *L)
{
	L->nsecs = 0;
	if (L->doc->root == NULL) {
		L->toc_num = arena_calloc(L->a, 1, sizeof *L->toc_num);
		notes(L);
		return;
	}
	collect_secs(L, L->doc->root);
	L->vl.cap = estimate_items(L->doc->root) + 2 * L->nsecs;
	L->vl.v = arena_calloc(L->a, L->vl.cap, sizeof *L->vl.v);
	L->toc_num = arena_calloc(L->a, L->nsecs + 1, sizeof *L->toc_num);
	notes(L);
	block(L, L->doc->root, 0, 0);
}
