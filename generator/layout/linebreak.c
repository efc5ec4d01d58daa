/*
 * layout/linebreak: paragraphs. Runs become a Knuth-Plass item list (boxes,
 * glue, penalties; hyphenation points from hyph.h as flagged penalties), the
 * whole paragraph is broken at once by minimising total demerits, and each
 * line is set word by word (justified text cannot use PDF word spacing with
 * UTF-8 fonts, see LIBRARIES.md).
 *
 * Passes, loosest requirement last: 1 no automatic hyphens (tolerance 100),
 * 2 with hyphens (200), 3 emergency stretch (1000), 4 any line that is not
 * overfull. A word wider than the measure is given break points between its
 * characters before breaking starts, so no line is ever overfull.
 */
#include "layout/internal.h"
#include "base/base.h"
#include "layout/layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { K_BOX, K_GLUE, K_PEN };
#define K_FILL 100000.0
#define K_MAXHY 2              /* most consecutive hyphenated lines */

enum { BRK_HY, BRK_EX, BRK_DASH, BRK_SLASH };

struct kitem {
	unsigned char kind;
	unsigned char flagged;     /* K_PEN: a hyphen break */
	unsigned char autohy;      /* K_PEN: from the dictionary (pass 1 skips it) */
	unsigned char link;        /* 0 none, 1 URI, 2 internal destination */
	int role;
	int penalty;
	double w, y, z;            /* width, stretch, shrink (pt) */
	const char *s;             /* K_BOX text (not NUL-terminated) */
	size_t len;
	double size, rise;         /* pt */
	unsigned rgb;
	const char *target;
	int note;                  /* 1 + footnote index, 0 = none */
};

struct klist {
	struct kitem *v;
	size_t n, cap;
};

struct kbuild {
	struct lay *L;
	const struct lay_pstyle *ps;
	struct klist k;
	double width;
	bool hy;                   /* look words up in the hyphenation dictionary */
};

static struct kitem *kpush(struct lay *L, struct klist *k, int kind)
{
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 128;

		k->v = arena_grow_raw(L->tmp, k->v, k->n, cap, sizeof *k->v);
		k->cap = cap;
	}
	memset(&k->v[k->n], 0, sizeof k->v[k->n]);
	k->v[k->n].kind = (unsigned char)kind;
	return &k->v[k->n++];
}

double lay_width(const struct lay *L, int role, double size, const char *s)
{
	return L->m->width(L->m->ctx, role, size, s, strlen(s));
}

double lay_baseline(double size, double leading)
{
	return (leading - size) / 2.0 + 0.8 * size;
}

struct draw_op *lay_text(struct lay *L, struct draw_list *l, double x, double y, int role,
                         double size, unsigned rgb, const char *s)
{
	struct draw_op op;

	memset(&op, 0, sizeof op);
	op.kind = DRAW_TEXT;
	op.x = x;
	op.y = y;
	op.font = role;
	op.size = size;
	op.rgb = rgb;
	op.text = s;
	op.w = lay_width(L, role, size, s);
	op.h = size;
	if (L->elem < 0)
		op.flags = DRAW_F_ARTIFACT;
	else
		op.elem = L->elem;
	return draw_push(L->a, l, &op);
}

void lay_rule(struct lay *L, struct draw_list *l, double x, double y, double w, double h,
              double lw, unsigned rgb)
{
	struct draw_op op;

	memset(&op, 0, sizeof op);
	op.kind = DRAW_LINE;
	op.x = x;
	op.y = y;
	op.w = w;
	op.h = h;
	op.lw = lw;
	op.rgb = rgb;
	op.flags = DRAW_F_ARTIFACT;
	draw_push(L->a, l, &op);
}

void lay_fill(struct lay *L, struct draw_list *l, double x, double y, double w, double h,
              unsigned rgb)
{
	struct draw_op op;

	memset(&op, 0, sizeof op);
	op.kind = DRAW_FILL;
	op.x = x;
	op.y = y;
	op.w = w;
	op.h = h;
	op.rgb = rgb;
	op.flags = DRAW_F_ARTIFACT;
	draw_push(L->a, l, &op);
}

static double kwidth(struct kbuild *kb, int role, double size, const char *s, size_t len)
{
	return kb->L->m->width(kb->L->m->ctx, role, size, s, len);
}

static void add_glue(struct kbuild *kb, int role, double size)
{
	struct kitem *g;
	double w;

	if (kb->k.n == 0 || kb->k.v[kb->k.n - 1].kind == K_GLUE)
		return;
	w = kwidth(kb, role, size, " ", 1);
	g = kpush(kb->L, &kb->k, K_GLUE);
	g->w = w;
	g->role = role;
	g->size = size;
	if (kb->ps->align == LAY_JUSTIFY) {
		g->y = w * 0.5;
		g->z = w * 0.33;
	}
}

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0;
}

/* Capital letters: ASCII and the Latin-1 ones (U+00C0..U+00DE but U+00D7). */
static bool is_upper_at(const char *s, size_t i, size_t len)
{
	unsigned char c = (unsigned char)s[i];

	if (c >= 'A' && c <= 'Z')
		return true;
	return c == 0xC3 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
	       (unsigned char)s[i + 1] <= 0x9E && (unsigned char)s[i + 1] != 0x97;
}

/* Characters of the word's letters before byte at and after it, leading and
 * trailing punctuation left out (a character = a UTF-8 lead byte). */
static void letters_around(const char *s, size_t len, size_t at, size_t *before, size_t *after)
{
	size_t b = 0, e = len, i;

	while (b < len && !is_alpha((unsigned char)s[b]) && (unsigned char)s[b] < 0x80)
		b++;
	while (e > b && !is_alpha((unsigned char)s[e - 1]) && (unsigned char)s[e - 1] < 0x80)
		e--;
	*before = *after = 0;
	for (i = b; i < e; i++)
		if (!utf8_is_cont((unsigned char)s[i]))
			(*(i < at ? before : after))++;
}

/* The word filter in front of the dictionary: may w be hyphenated at all?
 * Not a name: no capital anywhere in it (CINVESTAV, CI-IoT, McKinsey, and
 * proper names such as state and city names, which start with one: a
 * capitalised word is left whole, as book typography does with names). */
static bool hyph_allowed(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (is_upper_at(s, i, len))
			return false;
	return true;
}

/* A word with a capital after another letter of its part (CI-IoT,
 * McKinsey, CINVESTAV): not broken even at its own hyphen. A compound of
 * names ("Martinho-Truswell") may still break there. */
static bool acronym(const char *s, size_t len)
{
	size_t i;

	for (i = 1; i < len; i++)
		if (is_upper_at(s, i, len) && is_alpha((unsigned char)s[i - 1]))
			return true;
	return false;
}

/* Drops the points that leave fewer letters than the language wants on
 * either side: 3 and 3 in English, 2 and 3 in Spanish (its typesetting
 * allows "de-sa-rro-llo" but not a two-letter last line fragment). */
static size_t hyph_filter(const struct lay *L, const char *s, size_t len, size_t *at, size_t n)
{
	size_t minl = L->lng == LANG_ES ? 2 : 3, minr = 3, i, k = 0;

	for (i = 0; i < n; i++) {
		size_t before, after;

		letters_around(s, len, at[i], &before, &after);
		if (before >= minl && after >= minr)
			at[k++] = at[i];
	}
	return k;
}

/* One maximal non-space chunk of a run, with its break opportunities. */
static void add_word(struct kbuild *kb, const char *s, size_t len, const struct kitem *proto)
{
	size_t at[48], type[48], n = 0, i, j, from = 0;
	const struct lay_pstyle *ps = kb->ps;

	if (kb->hy && proto->link == 0 && kb->L->hyph && hyph_allowed(s, len)) {
		n = hyph_word(kb->L->hyph, kb->L->lang, s, len, at, 32);
		n = hyph_filter(kb->L, s, len, at, n);
		for (i = 0; i < n; i++)
			type[i] = BRK_HY;
	}
	for (i = 1; i + 1 < len && n < 46; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '-' && is_alpha((unsigned char)s[i - 1]) && is_alpha((unsigned char)s[i + 1]) &&
		    !acronym(s, len)) {
			at[n] = i + 1, type[n++] = BRK_EX;
		} else if (c == 0xE2 && i + 3 < len && (unsigned char)s[i + 1] == 0x80 &&
		           ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94)) {
			at[n] = i + 3, type[n++] = BRK_DASH;
		} else if (c == '/' && proto->link == 1 && i + 2 < len) {
			at[n] = i + 1, type[n++] = BRK_SLASH;
		}
	}
	/* Sort the few positions (insertion sort keeps it simple). */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && at[j - 1] > at[j]; j--) {
			size_t t = at[j];

			at[j] = at[j - 1], at[j - 1] = t;
			t = type[j], type[j] = type[j - 1], type[j - 1] = t;
		}
	for (i = 0; i <= n; i++) {
		size_t to = i < n ? at[i] : len;
		struct kitem *b, *p;

		if (to <= from)
			continue;
		b = kpush(kb->L, &kb->k, K_BOX);
		*b = *proto;
		b->kind = K_BOX;
		b->s = s + from;
		b->len = to - from;
		b->w = kwidth(kb, proto->role, proto->size, b->s, b->len);
		from = to;
		if (i == n)
			break;
		p = kpush(kb->L, &kb->k, K_PEN);
		p->role = proto->role;
		p->size = proto->size;
		p->rgb = proto->rgb;
		switch (type[i]) {
		case BRK_HY:
			p->flagged = 1;
			p->autohy = 1;
			p->w = kwidth(kb, proto->role, proto->size, "-", 1);
			p->penalty = ps->align == LAY_JUSTIFY ? 200 : 200;
			break;
		case BRK_EX:
			p->flagged = 1;
			p->penalty = 50;
			break;
		case BRK_DASH:
			p->penalty = 50;
			break;
		default:
			p->penalty = 200;
			break;
		}
	}
}

static int note_index(const struct lay *L, const struct doc_node *note)
{
	size_t i;

	if (note == NULL)
		return -1;
	if (note->note_number >= 1 && (size_t)note->note_number <= L->doc->nnotes &&
	    L->doc->notes[note->note_number - 1] == note)
		return note->note_number - 1;
	for (i = 0; i < L->doc->nnotes; i++)
		if (L->doc->notes[i] == note)
			return (int)i;
	return -1;
}

static void add_run(struct kbuild *kb, const struct doc_run *r)
{
	const struct lay_pstyle *ps = kb->ps;
	unsigned st = r->style | ps->style;
	struct kitem proto;
	const char *s = r->text ? r->text : "";
	size_t i = 0, len = strlen(s);

	if (ps->flip_italic && (r->style & RUN_ITALIC))
		st &= ~(unsigned)RUN_ITALIC;
	memset(&proto, 0, sizeof proto);
	proto.role = ps->family + ((st & RUN_BOLD) ? 1 : 0) + ((st & RUN_ITALIC) ? 2 : 0);
	proto.size = ps->size;
	proto.rgb = ps->rgb;
	switch (r->kind) {
	case RUN_BREAK: {
		struct kitem *g, *p;

		while (kb->k.n && kb->k.v[kb->k.n - 1].kind == K_GLUE)
			kb->k.n--;
		g = kpush(kb->L, &kb->k, K_GLUE);
		g->y = K_FILL;
		p = kpush(kb->L, &kb->k, K_PEN);
		p->penalty = -LAY_INF;
		return;
	}
	case RUN_NOTEREF: {
		struct kitem *b;
		int idx = note_index(kb->L, r->note);

		b = kpush(kb->L, &kb->k, K_BOX);
		b->role = ps->family;
		b->size = ps->size * 0.62;
		b->rise = ps->size * 0.36;
		b->rgb = ps->link_rgb;
		b->s = s;
		b->len = len;
		b->w = kwidth(kb, b->role, b->size, s, len);
		b->note = idx + 1;
		if (idx >= 0 && kb->L->notes && kb->L->notes[idx].n > 0) {
			b->link = 2;
			b->target = arena_printf(kb->L->a, "fn.%d", idx + 1);
		}
		return;
	}
	case RUN_LINK:
		proto.link = r->target ? 1 : 0;
		proto.target = r->target;
		proto.rgb = ps->link_rgb;
		break;
	case RUN_XREF:
		proto.link = r->target ? 2 : 0;
		proto.target = r->target;
		proto.rgb = ps->link_rgb;
		break;
	case RUN_TEXT:
		break;
	}
	while (i < len) {
		size_t j;

		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			/* A cross-reference ("Table 3", "Anexo 2") is never broken
			 * between its word and its number: a glue that follows a
			 * penalty is no break point. */
			if (r->kind == RUN_XREF && kb->k.n && kb->k.v[kb->k.n - 1].kind == K_BOX)
				kpush(kb->L, &kb->k, K_PEN)->penalty = LAY_INF;
			add_glue(kb, proto.role, proto.size);
			i++;
			continue;
		}
		for (j = i; j < len && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r'; j++)
			;
		add_word(kb, s + i, j - i, &proto);
		i = j;
	}
}

/* Give every unbreakable stretch of boxes wider than the measure break points
 * between its characters (no hyphen: these are URLs, codes, or words the
 * dictionary does not know). */
static void split_wide(struct kbuild *kb)
{
	struct klist out = { 0 };
	size_t i = 0, j, k;
	struct lay *L = kb->L;

	for (i = 0; i < kb->k.n; i++) {
		double total = 0;

		if (kb->k.v[i].kind != K_BOX)
			continue;
		for (j = i; j < kb->k.n && kb->k.v[j].kind == K_BOX; j++)
			total += kb->k.v[j].w;
		if (total > kb->width - 0.01)
			break;
		i = j - 1;
	}
	if (i >= kb->k.n)
		return;
	for (i = 0; i < kb->k.n; ) {
		double total = 0;

		if (kb->k.v[i].kind != K_BOX) {
			*kpush(L, &out, K_PEN) = kb->k.v[i++];
			continue;
		}
		for (j = i; j < kb->k.n && kb->k.v[j].kind == K_BOX; j++)
			total += kb->k.v[j].w;
		for (k = i; k < j; k++) {
			const struct kitem *b = &kb->k.v[k];
			size_t c = 0;

			if (total <= kb->width - 0.01) {
				*kpush(L, &out, K_BOX) = *b;
				continue;
			}
			while (c < b->len) {
				size_t e = c + utf8_step(b->s + c, b->len - c);
				struct kitem *nb, *p;

				if (out.n && out.v[out.n - 1].kind == K_BOX) {
					p = kpush(L, &out, K_PEN);
					p->penalty = 500;
				}
				nb = kpush(L, &out, K_BOX);
				*nb = *b;
				nb->s = b->s + c;
				nb->len = e - c;
				nb->w = kwidth(kb, b->role, b->size, nb->s, nb->len);
				c = e;
			}
		}
		i = j;
	}
	kb->k = out;
}

/* ---- Knuth-Plass ---- */

struct kpnode {
	size_t pos;                /* break item index (0 = paragraph start) */
	int line;                  /* lines before this break */
	int fit;                   /* fitness class of the line ending here */
	int hyc;                   /* consecutive hyphenated lines ending here */
	int flagged;
	double tw, ty, tz;         /* totals at the start of the next line */
	double dem;                /* total demerits */
	struct kpnode *prev;       /* best previous break */
	struct kpnode *next;       /* active list */
};

struct kpass {
	double tolerance;          /* badness limit; < 0 = any line not overfull */
	double bg;                 /* background stretch of every line */
	int hyphens;               /* allow dictionary hyphenation points */
};

static double badness(double r)
{
	double b;

	if (isinf(r) || r > 10.0)
		return 10000.0;
	b = 100.0 * fabs(r) * fabs(r) * fabs(r);
	return b > 10000.0 ? 10000.0 : b;
}

/* Index where the line after a break at b starts: glue and penalties after
 * the break are discarded. */
static size_t after_break(const struct klist *k, size_t b)
{
	size_t j = b == 0 ? 0 : b + 1;

	if (b == 0 && k->n && k->v[0].kind == K_BOX)
		return 0;
	while (j < k->n && k->v[j].kind != K_BOX &&
	       !(k->v[j].kind == K_PEN && k->v[j].penalty <= -LAY_INF))
		j++;
	return j;
}

static int kp_run(struct lay *L, const struct klist *k, double width, const struct kpass *ps,
                  const double *PW, const double *PY, const double *PZ, size_t **breaks,
                  size_t *nbreaks)
{
	struct kpnode *active, *n0, *best = NULL;
	size_t b;

	n0 = arena_alloc(L->tmp, sizeof *n0);
	n0->fit = 1;
	active = n0;
	for (b = 0; b < k->n && active; b++) {
		const struct kitem *it = &k->v[b];
		struct kpnode *cand[4][K_MAXHY + 1] = { { 0 } }, **pp, *a;
		int f, h, forced;
		double pw = 0;

		if (it->kind == K_BOX)
			continue;
		if (it->kind == K_GLUE && (b == 0 || k->v[b - 1].kind != K_BOX))
			continue;
		if (it->kind == K_PEN) {
			if (it->penalty >= LAY_INF || (it->autohy && !ps->hyphens))
				continue;
			pw = it->w;
		}
		forced = it->kind == K_PEN && it->penalty <= -LAY_INF;
		for (pp = &active; (a = *pp) != NULL; ) {
			double len = PW[b] - a->tw + pw, y = PY[b] - a->ty + ps->bg, z = PZ[b] - a->tz;
			double r, bad, d;
			int fit, hyc, flagged = it->kind == K_PEN && it->flagged;
			bool remove = false;

			if (len < width - 1e-6)
				r = y > 0 ? (width - len) / y : INFINITY;
			else if (len > width + 1e-6)
				r = z > 0 ? (width - len) / z : -INFINITY;
			else
				r = 0;
			if (r < -1)
				remove = true;
			bad = badness(r);
			hyc = flagged ? a->hyc + 1 : 0;
			/* The last pass may hyphenate more lines in a row: a narrow
			 * measure can leave no other way to avoid an overfull line. */
			if (hyc > K_MAXHY && ps->tolerance < 0)
				hyc = K_MAXHY;
			else if (hyc > K_MAXHY)
				hyc = K_MAXHY + 1;
			if (r >= -1 && (ps->tolerance < 0 || bad <= ps->tolerance) && hyc <= K_MAXHY) {
				double p = it->kind == K_PEN ? it->penalty : 0;

				d = (10.0 + bad) * (10.0 + bad);
				if (p > 0)
					d += p * p;
				else if (p > -LAY_INF)
					d -= p * p;
				if (flagged && a->flagged)
					d += 10000;
				if (forced && a->flagged)
					d += 5000;
				fit = r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
				if (abs(fit - a->fit) > 1)
					d += 10000;
				d += a->dem;
				if (cand[fit][hyc] == NULL || d < cand[fit][hyc]->dem) {
					struct kpnode *c = cand[fit][hyc];

					if (c == NULL)
						c = cand[fit][hyc] = arena_alloc(L->tmp, sizeof *c);
					c->pos = b;
					c->line = a->line + 1;
					c->fit = fit;
					c->hyc = hyc;
					c->flagged = flagged;
					c->dem = d;
					c->prev = a;
				}
			}
			if (remove || forced)
				*pp = a->next;
			else
				pp = &a->next;
		}
		for (f = 0; f < 4; f++)
			for (h = 0; h <= K_MAXHY; h++) {
				struct kpnode *c = cand[f][h];
				size_t s;

				if (c == NULL)
					continue;
				s = after_break(k, b);
				c->tw = PW[s];
				c->ty = PY[s];
				c->tz = PZ[s];
				if (forced && b == k->n - 1) {
					if (best == NULL || c->dem < best->dem)
						best = c;
				} else {
					c->next = active;
					active = c;
				}
			}
	}
	if (best == NULL)
		return -1;
	{
		struct kpnode *c;
		size_t n = 0, i;

		for (c = best; c->prev; c = c->prev)
			n++;
		*breaks = arena_calloc(L->tmp, n + 1, sizeof **breaks);
		*nbreaks = n;
		for (c = best, i = n; c->prev; c = c->prev)
			(*breaks)[--i] = c->pos;
	}
	return 0;
}

/* ---- setting lines ---- */

/* The structure element of a word drawn in the current element: linked
 * words get a Link of their own, footnote calls a Reference (holding the
 * Link to the note), and the note is placed in the structure tree just
 * after the block of its first call. */
static void tag_word(struct lay *L, struct draw_op *op, const struct kitem *it)
{
	int e;

	if (L->elem < 0) {
		op->flags |= DRAW_F_ARTIFACT;
		return;
	}
	e = L->elem;
	if (it->note) {
		int idx = it->note - 1;

		e = lay_tag(L, SR_REFERENCE, e);
		if (L->notes && idx >= 0 && (size_t)idx < L->doc->nnotes && L->notes[idx].elem > 0 &&
		    !L->notes[idx].placed) {
			struct layout_elem *n = &L->elems[L->notes[idx].elem];
			int up = L->elems[L->elem].parent;

			/* up the tree to a block container */
			while (up > 0 && L->elems[up].role != SR_LBODY &&
			       L->elems[up].role != SR_BLOCKQUOTE && L->elems[up].role != SR_TD &&
			       L->elems[up].role != SR_NOTE)
				up = L->elems[up].parent;
			n->parent = up < 0 ? 0 : up;
			n->order = e;
			L->notes[idx].placed = true;
		}
	}
	if (it->link && it->target)
		e = lay_tag(L, SR_LINK, e);
	op->elem = e;
}

/* The word broken at the end of a line (break b, the line starting at s)
 * reads whole: last (the line's last text op) ends with its first part and
 * the hyphen; actual gets the word as written (a real hyphen kept, an
 * added one dropped), so text extraction and assistive technology read
 * "automated" and "sub-sector", not "auto- mated" or "subsector". */
static void mark_broken_word(struct lay *L, const struct klist *k, size_t s, size_t b,
                             struct draw_op *last)
{
	size_t j0 = b, j, head = 0, tlen = strlen(last->text);
	struct buf w = { 0 };

	while (j0 > s && k->v[j0 - 1].kind != K_GLUE)
		j0--;
	for (j = j0; j < b; j++)
		if (k->v[j].kind == K_BOX) {
			buf_add(&w, k->v[j].s, k->v[j].len);
			head += k->v[j].len;
		}
	if (k->v[b].w > 0)
		head++;   /* the added hyphen */
	for (j = b + 1; j < k->n && k->v[j].kind != K_GLUE; j++) {
		if (k->v[j].kind == K_PEN && k->v[j].penalty <= -LAY_INF)
			break;
		if (k->v[j].kind == K_BOX)
			buf_add(&w, k->v[j].s, k->v[j].len);
	}
	if (head > 0 && head <= tlen && w.len > 0) {
		last->flags |= DRAW_F_HYEND;
		last->brk_len = (unsigned short)(head < 65535 ? head : 65535);
		last->actual = arena_strndup(L->a, buf_cstr(&w), w.len);
	}
	buf_free(&w);
}

static void set_line(struct lay *L, const struct klist *k, size_t s, size_t b,
                     const struct lay_pstyle *ps, double width, double indent,
                     struct lay_vitem *line)
{
	double len = 0, y = 0, z = 0, r = 0, x;
	double bl = lay_baseline(ps->size, ps->leading);
	size_t j, first_op;
	struct draw_op *last = NULL;
	int glue_since = 0;
	double glue_nat = 0;
	const struct kitem *lastbox = NULL;
	int *notes = NULL;
	size_t nnotes = 0, cont_len = 0;

	for (j = s; j < b; j++) {
		const struct kitem *it = &k->v[j];

		if (it->kind == K_BOX) {
			len += it->w;
		} else if (it->kind == K_GLUE) {
			len += it->w;
			y += it->y;
			z += it->z;
		}
	}
	if (k->v[b].kind == K_PEN)
		len += k->v[b].w;
	if (ps->align == LAY_JUSTIFY) {
		if (len < width && y > 0)
			r = (width - len) / y;
		else if (len > width && z > 0)
			r = (width - len) / z < -1 ? -1 : (width - len) / z;
	}
	x = indent;
	if (ps->align == LAY_CENTER && len < width)
		x += (width - len) / 2;
	else if (ps->align == LAY_RIGHT && len < width)
		x += width - len;
	/* A line that starts with the rest of a word broken at a hyphen: its
	 * bytes up to the first space. */
	if (s > 0 && k->v[s - 1].kind == K_PEN && k->v[s - 1].flagged)
		for (j = s; j < b && k->v[j].kind != K_GLUE; j++)
			cont_len += k->v[j].kind == K_BOX ? k->v[j].len : 0;
	memset(line, 0, sizeof *line);
	line->kind = V_BOX;
	line->h = ps->leading;
	first_op = 0;
	/* Size the op list once: a text op and a link area per box at most, plus
	 * room for a list marker, an anchor or a bar added by the caller. */
	{
		size_t cap = 4;

		for (j = s; j < b; j++)
			cap += k->v[j].kind == K_BOX ? (k->v[j].link ? 2 : 1) : 0;
		line->ops.ops = arena_grow_raw(L->a, NULL, 0, cap, sizeof *line->ops.ops);
		line->ops.cap = cap;
	}
	for (j = s; j < b; j++) {
		const struct kitem *it = &k->v[j];

		if (it->kind == K_GLUE) {
			double gw = it->w + (r > 0 ? r * it->y : r * it->z);

			if (it->y >= K_FILL)
				gw = it->w;
			x += gw;
			glue_since++;
			glue_nat = fabs(gw - it->w) < 1e-3 ? it->w : -1;
			continue;
		}
		if (it->kind != K_BOX)
			continue;
		if (it->note) {
			notes = arena_grow(L->a, notes, nnotes, nnotes + 1, sizeof *notes);
			notes[nnotes++] = it->note - 1;
		}
		if (last && lastbox && last->font == it->role && last->size == it->size &&
		    lastbox->rise == it->rise && last->rgb == it->rgb && last->target == it->target &&
		    !it->note && !lastbox->note &&
		    (glue_since == 0 ||
		     (glue_since == 1 && glue_nat >= 0 &&
		      fabs(glue_nat - L->m->width(L->m->ctx, it->role, it->size, " ", 1)) < 1e-6))) {
			last->text = arena_printf(L->a, "%s%s%.*s", last->text, glue_since ? " " : "",
			                          (int)it->len, it->s);
			last->w = x + it->w - last->x;
		} else {
			struct draw_op op;

			memset(&op, 0, sizeof op);
			op.kind = DRAW_TEXT;
			op.x = x;
			op.y = -bl + it->rise;
			op.font = it->role;
			op.size = it->size;
			op.rgb = it->rgb;
			op.text = arena_strndup(L->a, it->s, it->len);
			op.w = it->w;
			op.h = it->size;
			op.target = it->target;
			tag_word(L, &op, it);
			last = draw_push(L->a, &line->ops, &op);
			/* The link kind rides in dash until links are emitted below. */
			last->dash = it->link;
			if (cont_len && line->ops.n == 1 && !(last->flags & DRAW_F_ARTIFACT)) {
				last->flags |= DRAW_F_HYCONT;
				last->cont_len = (unsigned short)(cont_len < 65535 ? cont_len : 65535);
			}
		}
		lastbox = it;
		x += it->w;
		glue_since = 0;
	}
	if (k->v[b].kind == K_PEN && k->v[b].flagged && k->v[b].w > 0 && last) {
		last->text = arena_printf(L->a, "%s-", last->text);
		last->w += k->v[b].w;
	}
	if (k->v[b].kind == K_PEN && k->v[b].flagged && last && !(last->flags & DRAW_F_ARTIFACT))
		mark_broken_word(L, k, s, b, last);
	/* a line that ends between words reads with a space before the next */
	if (k->v[b].kind == K_GLUE && last && !(last->flags & DRAW_F_ARTIFACT))
		last->flags |= DRAW_F_SPACE;
	/* Link areas over linked words. */
	for (j = first_op; j < line->ops.n; j++) {
		struct draw_op *op = &line->ops.ops[j];
		struct draw_op ln;
		int kind = (int)op->dash;

		op->dash = 0;
		if (op->kind != DRAW_TEXT || kind == 0 || op->target == NULL)
			continue;
		memset(&ln, 0, sizeof ln);
		ln.kind = kind == 1 ? DRAW_LINK_URI : DRAW_LINK_DEST;
		ln.x = op->x;
		ln.y = op->y - op->size * 0.25;
		ln.w = op->w;
		ln.h = op->size * 1.15;
		ln.target = op->target;
		ln.elem = op->elem;
		ln.flags = op->flags & DRAW_F_ARTIFACT;
		op->target = NULL;
		draw_push(L->a, &line->ops, &ln);
	}
	line->notes = notes;
	line->nnotes = nnotes;
}

/* The item list of a paragraph and its prefix sums of width, stretch and
 * shrink (in the scratch arena). Returns the number of items, 0 for an empty
 * paragraph. */
static size_t build_items(struct kbuild *kb, const struct doc_run *runs, size_t nruns,
                          double **pw, double **py, double **pz)
{
	struct lay *L = kb->L;
	struct kitem *it;
	double *PW, *PY, *PZ;
	size_t i;

	for (i = 0; i < nruns; i++)
		add_run(kb, &runs[i]);
	while (kb->k.n && (kb->k.v[kb->k.n - 1].kind == K_GLUE ||
	                   (kb->k.v[kb->k.n - 1].kind == K_PEN &&
	                    kb->k.v[kb->k.n - 1].penalty <= -LAY_INF)))
		kb->k.n--;
	if (kb->k.n == 0)
		return 0;
	split_wide(kb);
	/* The paragraph's last word is not hyphenated: its last line would hold
	 * only the tail of a broken word ("participa-" / "tion."). */
	for (i = kb->k.n; i > 0 && kb->k.v[i - 1].kind != K_GLUE; i--)
		if (kb->k.v[i - 1].kind == K_PEN && kb->k.v[i - 1].autohy)
			kb->k.v[i - 1].penalty = LAY_INF;
	it = kpush(L, &kb->k, K_PEN);
	it->penalty = LAY_INF;
	it = kpush(L, &kb->k, K_GLUE);
	it->y = K_FILL;
	it = kpush(L, &kb->k, K_PEN);
	it->penalty = -LAY_INF;
	PW = arena_calloc(L->tmp, kb->k.n + 1, sizeof *PW);
	PY = arena_calloc(L->tmp, kb->k.n + 1, sizeof *PY);
	PZ = arena_calloc(L->tmp, kb->k.n + 1, sizeof *PZ);
	for (i = 0; i < kb->k.n; i++) {
		const struct kitem *k = &kb->k.v[i];

		PW[i + 1] = PW[i] + (k->kind == K_PEN ? 0 : k->w);
		PY[i + 1] = PY[i] + (k->kind == K_GLUE ? k->y : 0);
		PZ[i + 1] = PZ[i] + (k->kind == K_GLUE ? k->z : 0);
	}
	*pw = PW;
	*py = PY;
	*pz = PZ;
	return kb->k.n;
}

size_t lay_par_lines(struct lay *L, const struct doc_run *runs, size_t nruns,
                     const struct lay_pstyle *ps, double width, double indent,
                     struct lay_vitem **lines, size_t *nlines)
{
	struct kbuild kb;
	double *PW = NULL, *PY = NULL, *PZ = NULL;
	size_t i, *breaks = NULL, nb = 0, s;
	struct kpass passes[4];
	int np = 0, p;
	bool lazy;

	/* Items, sums and break nodes live in the scratch arena until the next
	 * paragraph; only the lines go to the run's arena. */
	arena_reset(L->tmp);
	memset(&kb, 0, sizeof kb);
	kb.L = L;
	kb.ps = ps;
	kb.width = width;
	/* Justified text tries a first pass without hyphens: the dictionary is
	 * consulted only when that pass finds no good breaks (it is the most
	 * costly part of building the items). */
	lazy = ps->hyphenate && ps->align == LAY_JUSTIFY;
	kb.hy = ps->hyphenate && !lazy;
	if (build_items(&kb, runs, nruns, &PW, &PY, &PZ) == 0)
		return 0;
	if (ps->align == LAY_JUSTIFY) {
		passes[np++] = (struct kpass){ 100, 0, 0 };
		passes[np++] = (struct kpass){ 200, 0, ps->hyphenate };
		passes[np++] = (struct kpass){ 1000, 1.5 * ps->size, ps->hyphenate };
	} else {
		/* Ragged: the background stretch plays TeX's \rightskip. */
		passes[np++] = (struct kpass){ 1000, 3 * ps->size, ps->hyphenate };
	}
	passes[np++] = (struct kpass){ -1, 3 * ps->size, 1 };
	for (p = 0; p < np; p++) {
		if (lazy && passes[p].hyphens) {
			lazy = false;
			kb.hy = true;
			kb.k.n = 0;
			build_items(&kb, runs, nruns, &PW, &PY, &PZ);
		}
		if (kp_run(L, &kb.k, width, &passes[p], PW, PY, PZ, &breaks, &nb) == 0)
			break;
	}
	if (p == np) {
		/* Only a glyph wider than the measure gets here: one box per line. */
		nb = 0;
		breaks = arena_calloc(L->tmp, kb.k.n, sizeof *breaks);
		for (i = 1; i < kb.k.n; i++)
			if ((kb.k.v[i].kind == K_GLUE && kb.k.v[i - 1].kind == K_BOX) ||
			    (kb.k.v[i].kind == K_PEN && kb.k.v[i].penalty < LAY_INF))
				breaks[nb++] = i;
	}
	*lines = arena_grow(L->a, *lines, *nlines, *nlines + nb, sizeof **lines);
	for (i = 0, s = 0; i < nb; i++) {
		set_line(L, &kb.k, s, breaks[i], ps, width, indent, &(*lines)[*nlines + i]);
		s = after_break(&kb.k, breaks[i]);
	}
	*nlines += nb;
	return nb;
}
