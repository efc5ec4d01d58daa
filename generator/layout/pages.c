/*
 * layout/pages: the vertical list cut into pages. A greedy page builder that
 * breaks at the last permitted place before the page overflows (penalties
 * of LAY_INF forbid a place; -LAY_INF forces one). Footnotes ride with the
 * line that calls them and are split across pages only when the call cannot
 * move. Table rows that start a page get the header (and a "continued"
 * caption) again.
 *
 * Two columns (items marked VB_COLUMN, from a DOC_F_COLUMNS chapter): the
 * first such item on a page fixes the top of both columns; column 1 fills to
 * the foot of the frame (less the page's footnotes), then the same permitted
 * breaks choose where column 2 takes over at that top. A full-width item
 * (VB_WIDE: a table or chart of the chapter) never shares a page below
 * columns: it starts the next page, and the columns go on below it. Notes
 * are not split in two-column pages and the foot is not stretched flush.
 */
#include "layout/internal.h"
#include "base/base.h"

#include <string.h>

#define NOTE_SEP 12.0       /* rule and space above the footnotes, pt */
#define CONT_H 14.0         /* "Table 3 (continued)" line, pt */

struct pnote {
	int idx;                /* footnote index */
	size_t from, to;        /* lines placed on this page */
	size_t item;            /* vertical list item that called it */
};

struct pbuild {
	struct lay *L;
	bool *note_done;        /* every line of the note is placed */
	size_t *note_next;      /* first line still to place */
	struct pnote *pn;       /* notes of the page being built */
	size_t npn, cappn;
	struct pnote *carry;    /* notes continued from the previous page */
	size_t ncarry;
	const char *chapter;    /* running head */
	int *sec_pages;         /* folio of each section */
	size_t cappages;        /* room in L->out->pages */
};

static void pn_push(struct pbuild *b, struct pnote n)
{
	if (b->npn == b->cappn) {
		size_t cap = b->cappn ? b->cappn * 2 : 16;

		b->pn = arena_grow(b->L->a, b->pn, b->npn, cap, sizeof *b->pn);
		b->cappn = cap;
	}
	b->pn[b->npn++] = n;
}

static bool on_page(const struct pbuild *b, int idx)
{
	size_t i;

	if (b->note_done[idx])
		return true;
	for (i = 0; i < b->npn; i++)
		if (b->pn[i].idx == idx)
			return true;
	return false;
}

static double note_lines_h(const struct lay_note *n, size_t from, size_t to)
{
	double h = 0;

	for (; from < to; from++)
		h += n->lines[from].h;
	return h;
}

static bool is_content(const struct lay_vitem *v)
{
	return v->kind == V_BOX || v->kind == V_TABROW;
}

/* Space between a figure and a line that follows it with no glue between
 * (the rest of a paragraph the figure floated above). */
#define FLOAT_GAP 12.0

static double float_gap(const struct lay_vitem *v, size_t j, size_t prev)
{
	size_t k;

	if (prev == (size_t)-1 || !(v[prev].flags & VB_FLOAT) || v[j].kind != V_BOX)
		return 0;
	for (k = prev + 1; k < j; k++)
		if (v[k].kind == V_GLUE)
			return 0;
	return FLOAT_GAP;
}

/* Height of item j when placed after item prev (SIZE_MAX: page top). */
static double item_h(const struct lay_vitem *v, size_t j, size_t prev)
{
	const struct lay_vitem *it = &v[j];

	if (it->kind == V_BOX)
		return it->h + float_gap(v, j, prev);
	if (it->kind == V_TABROW) {
		bool start = prev == (size_t)-1 || v[prev].kind != V_TABROW ||
		             v[prev].tnode != it->tnode;

		if (start)
			return it->h + it->header_h + (prev == (size_t)-1 && it->row > 0 ? CONT_H : 0);
	}
	return it->h;
}

static void draw_shift(struct lay *L, struct draw_list *dst, const struct draw_list *src,
                       double dx, double dy)
{
	draw_append(L->a, dst, src, dx, dy);
}

/* Place items [from, to) and the page's notes on a new page. */
/* Extra space for each gap between blocks so that a page that ended because
 * the next line did not fit comes out flush with the foot of the frame. The
 * stretch is small and bounded: a page that is short by more than a line and
 * a half keeps its ragged foot rather than showing gaping spaces. */
static double gap_stretch(const struct lay *L, size_t from, size_t to, double notes_h)
{
	const struct lay_vitem *v = L->vl.v;
	size_t j, prev = (size_t)-1, last = (size_t)-1;
	double used = 0, shortfall, each;
	int gaps = 0, pending = 0;

	for (j = from; j < to; j++)
		if (is_content(&v[j]))
			last = j;
	for (j = from; j < to && j <= last; j++) {
		if (v[j].kind == V_GLUE && prev != (size_t)-1) {
			used += v[j].h;
			pending = 1;
		} else if (is_content(&v[j])) {
			used += item_h(v, j, prev);
			gaps += pending;
			pending = 0;
			prev = j;
		}
	}
	shortfall = L->fh - notes_h - used;
	if (gaps == 0 || shortfall <= 0.01 || shortfall > 21)
		return 0;
	each = shortfall / gaps;
	return each > 5 ? 0 : each;
}

/* cbrk: the first item of the second column (SIZE_MAX: none). Items marked
 * VB_COLUMN are set one column wide; the first of them fixes the top of both
 * columns. */
static void commit(struct pbuild *b, size_t from, size_t to, double notes_h, bool flush,
                   double squeeze, size_t cbrk)
{
	struct lay *L = b->L;
	struct layout *out = L->out;
	struct layout_page *pg;
	struct draw_list furn, body;
	double y = L->fy + L->fh;
	size_t j, prev = (size_t)-1, i, reserved;
	bool opening = false, cover = false, glue_seen = false;
	const char *chapter = b->chapter;
	double extra, ytop = 0, xoff = 0;
	bool top_set = false, cfresh = false;

	memset(&furn, 0, sizeof furn);
	memset(&body, 0, sizeof body);
	/* Size the lists once (tables may still make them grow). */
	for (j = from; j < to; j++) {
		body.cap += L->vl.v[j].ops.n;
		furn.cap += L->vl.v[j].furn.n;
	}
	for (i = 0; i < b->npn; i++)
		for (size_t k = b->pn[i].from; k < b->pn[i].to; k++)
			body.cap += L->notes[b->pn[i].idx].lines[k].ops.n;
	body.cap += 64;
	furn.cap += 16;
	/* The page's list is the body list itself: its first furn.cap slots are
	 * kept for the furniture, copied in front of the body at the end. */
	reserved = furn.cap;
	body.cap += reserved;
	body.n = reserved;
	body.ops = arena_calloc(L->a, body.cap, sizeof *body.ops);
	furn.ops = arena_calloc(L->a, furn.cap, sizeof *furn.ops);
	if (out->npages == b->cappages) {
		b->cappages = b->cappages ? 2 * b->cappages : 16;
		out->pages = arena_grow(L->a, out->pages, out->npages, b->cappages, sizeof *out->pages);
	}
	pg = &out->pages[out->npages++];
	memset(pg, 0, sizeof *pg);
	pg->folio = (int)out->npages;
	extra = flush && squeeze == 0 ? gap_stretch(L, from, to, notes_h) : 0;
	for (j = from; j < to; j++) {
		const struct lay_vitem *it = &L->vl.v[j];

		if (j == cbrk) {
			y = ytop;
			xoff = (L->fw - LAY_GUTTER) / 2 + LAY_GUTTER;
			cfresh = true;
		}
		if (is_content(it) && (it->flags & VB_COLUMN) && !top_set) {
			ytop = y;
			top_set = true;
		}
		if (it->kind == V_GLUE) {
			if (prev != (size_t)-1 && !cfresh) {
				y -= it->h * (1 - squeeze);
				glue_seen = true;
			}
			continue;
		}
		if (glue_seen && is_content(it)) {
			y -= extra;
			glue_seen = false;
		}
		if (it->kind == V_PEN)
			continue;
		if (it->kind == V_TABROW) {
			size_t k = j, last = j;
			double top = y;
			const struct doc_node *tn = it->tnode;

			/* Rows of one table that follow on this page, in one call. */
			while (k < to && (L->vl.v[k].kind == V_PEN ||
			                  (L->vl.v[k].kind == V_TABROW && L->vl.v[k].tnode == tn))) {
				if (L->vl.v[k].kind == V_TABROW)
					last = k;
				k++;
			}
			if (prev == (size_t)-1 && it->row > 0 && it->cont) {
				L->elem = -1;   /* "Table 3 (continued)": pagination */
				lay_text(L, &body, L->fx, top - 10, FONT_SANS, 8.5, LAY_GREY, it->cont);
				L->elem = 0;
				top -= CONT_H;
			}
			/* a header repeated on a later page is an artifact */
			table_draw(L->a, tn->table, it->plan, it->row,
			           table_plan_rows(it->plan) ? L->vl.v[last].row + 1 : 0,
			           1, L->fx + xoff, top, &body, it->tags, it->row > 0);
			for (k = j; k <= last; k++)
				if (L->vl.v[k].kind == V_TABROW) {
					y -= item_h(L->vl.v, k, prev);
					prev = k;
				}
			j = last;
			continue;
		}
		if (it->flags & VB_OPENING)
			opening = true;
		if (it->running)
			chapter = b->chapter = it->running;
		if (it->flags & VB_COVER)
			cover = true;
		if ((it->flags & VB_HEADING) && it->sec_ordinal >= 0) {
			b->sec_pages[it->sec_ordinal] = pg->folio;
			if (it->sec && it->sec->level <= 1)
				chapter = b->chapter = L->secs[it->sec_ordinal].title;
		}
		y -= float_gap(L->vl.v, j, cfresh ? (size_t)-1 : prev);
		draw_shift(L, &body, &it->ops, L->fx + xoff, y);
		draw_append(L->a, &furn, &it->furn, 0, 0);
		y -= it->h;
		prev = j;
		cfresh = false;
	}
	/* Footnotes, from the foot of the frame upwards. */
	if (b->npn) {
		double ny = L->fy + notes_h;

		lay_rule(L, &body, L->fx, ny - 4, 72, 0, 0.5, LAY_GREY);
		ny -= NOTE_SEP;
		for (i = 0; i < b->npn; i++) {
			const struct lay_note *n = &L->notes[b->pn[i].idx];
			size_t k;

			for (k = b->pn[i].from; k < b->pn[i].to; k++) {
				draw_shift(L, &body, &n->lines[k].ops, L->fx, ny);
				ny -= n->lines[k].h;
			}
		}
	}
	/* Running head and folio: artifacts. */
	L->elem = -1;
	pg->cover = cover;
	if (!cover && !opening) {
		const char *left = L->doc->running_title ? L->doc->running_title : L->doc->title;
		double hy = L->fy + L->fh + 26;

		if (left)
			lay_text(L, &furn, L->fx, hy, FONT_SANS_BOLD, 7.5, LAY_ACCENT, left);
		if (chapter) {
			double w = lay_width(L, FONT_SANS, 7.5, chapter);

			lay_text(L, &furn, L->fx + L->fw - w, hy, FONT_SANS, 7.5, LAY_GREY, chapter);
		}
		lay_rule(L, &furn, L->fx, hy - 6, L->fw, 0, 0.4, LAY_GREY);
	}
	if (!cover) {
		const char *num = arena_printf(L->a, "%d", pg->folio);
		double w = lay_width(L, FONT_SANS, 8.5, num);

		lay_text(L, &furn, L->fx + (L->fw - w) / 2, L->fy - 34, FONT_SANS, 8.5, LAY_GREY, num);
	}
	L->elem = 0;
	pg->body_from = furn.n;
	if (furn.n <= reserved) {
		size_t skip = reserved - furn.n;

		memcpy(body.ops + skip, furn.ops, furn.n * sizeof *furn.ops);
		pg->ops.ops = body.ops + skip;
		pg->ops.n = body.n - skip;
		pg->ops.cap = body.cap - skip;
	} else {
		pg->ops.cap = furn.n + body.n - reserved + 1;
		pg->ops.ops = arena_calloc(L->a, pg->ops.cap, sizeof *pg->ops.ops);
		memcpy(pg->ops.ops, furn.ops, furn.n * sizeof *furn.ops);
		memcpy(pg->ops.ops + furn.n, body.ops + reserved,
		       (body.n - reserved) * sizeof *body.ops);
		pg->ops.n = furn.n + body.n - reserved;
	}
	pg->ops.width = L->pw;
	pg->ops.height = L->ph;
}

/* Add the lines of note idx from its next line that fit in room; returns the
 * height added (separator included when it is the page's first note). */
static double take_note(struct pbuild *b, int idx, size_t item, double room, size_t min_lines)
{
	const struct lay_note *n = &b->L->notes[idx];
	size_t from = b->note_next[idx], to = from;
	double h = b->npn ? 0 : NOTE_SEP;

	while (to < n->n && h + n->lines[to].h <= room + 1e-6)
		h += n->lines[to++].h;
	if (to - from < min_lines && to < n->n)
		return -1;
	pn_push(b, (struct pnote){ idx, from, to, item });
	return h;
}

/* Move the float at f (with the space above it) to just before brk, where
 * the next page starts; returns the new end of the current page. */
static size_t move_float(struct lay *L, size_t f, size_t brk)
{
	struct lay_vitem save[2];
	size_t from = f > 0 && L->vl.v[f - 1].kind == V_GLUE ? f - 1 : f, k = f - from + 1;

	memcpy(save, &L->vl.v[from], k * sizeof *save);
	memmove(&L->vl.v[from], &L->vl.v[f + 1], (brk - f - 1) * sizeof *save);
	memcpy(&L->vl.v[brk - k], save, k * sizeof *save);
	return brk - k;
}

/* The end of a chapter's short tail: when the items from j up to the next
 * forced page break (or the end) are at most three lines of text with no
 * footnotes, no figure and no table, returns that break and sets *h to
 * their height; otherwise returns (size_t)-1. */
#define TAIL_MAX 46.0

static size_t short_tail(const struct lay *L, size_t j, double *h)
{
	const struct lay_vitem *v = L->vl.v;
	size_t k;

	*h = 0;
	for (k = j; k < L->vl.n; k++) {
		if (v[k].kind == V_PEN && v[k].penalty <= -LAY_INF)
			break;
		if (v[k].kind == V_TABROW || (v[k].kind == V_BOX && (v[k].nnotes ||
		    (v[k].flags & (VB_FLOAT | VB_HEADING | VB_OPENING | VB_COVER)))))
			return (size_t)-1;
		if (v[k].kind == V_GLUE || v[k].kind == V_BOX)
			*h += v[k].h;
		if (*h > TAIL_MAX)
			return (size_t)-1;
	}
	return k;
}

/* The last place a page may end, with the state to return to. */
struct bpoint {
	size_t j, npn;
	double used, notes_h;
	bool set;
};

void lay_pages(struct lay *L)
{
	struct pbuild b;
	const struct lay_vitem *v = L->vl.v;
	size_t n = L->vl.n, cur = 0, i;
	size_t nnotes = L->doc->nnotes;

	memset(&b, 0, sizeof b);
	b.L = L;
	b.note_done = arena_calloc(L->a, nnotes + 1, sizeof *b.note_done);
	b.note_next = arena_calloc(L->a, nnotes + 1, sizeof *b.note_next);
	b.sec_pages = arena_calloc(L->a, L->nsecs + 1, sizeof *b.sec_pages);
	while (cur < n || b.ncarry) {
		double used = 0, notes_h = 0, glue = 0, squeeze = 0;
		bool overflow = false;   /* the page ended because the next item did not fit */
		size_t flt = (size_t)-1; /* a float deferred to the next page */
		size_t j = cur, prev = (size_t)-1, brk = n;
		struct bpoint bp = { 0, 0, 0, 0, false };
		/* Two columns: the first column item of the page (its top, ctop, is
		 * the top of both columns), the first item of column 2, the height
		 * used by column 1, and whether column 2 is still empty. */
		size_t cstart = (size_t)-1, cbrk = (size_t)-1;
		double ctop = 0, col1 = 0;
		bool cfresh = false;

		b.npn = 0;
		/* Notes carried over take the foot of the page first (at most half). */
		for (i = 0; i < b.ncarry; i++) {
			double h = take_note(&b, b.carry[i].idx, (size_t)-1,
			                     L->fh / 2 - notes_h, 1);

			if (h > 0)
				notes_h += h;
		}
		b.ncarry = 0;
		while (j < n) {
			const struct lay_vitem *it = &v[j];
			double h, nh = 0;
			size_t k, npn0 = b.npn;
			bool fits = true;

			if (it->kind == V_PEN) {
				if (it->penalty <= -LAY_INF) {
					if (prev != (size_t)-1) {
						brk = j;
						break;
					}
				} else if (it->penalty < LAY_INF && prev != (size_t)-1 && !cfresh) {
					bp = (struct bpoint){ j, b.npn, used, notes_h, true };
				}
				j++;
				continue;
			}
			if (it->kind == V_GLUE) {
				if (prev != (size_t)-1 && !cfresh) {
					if (is_content(&v[j - 1]))
						bp = (struct bpoint){ j, b.npn, used, notes_h, true };
					used += it->h;
					glue += it->h;
				}
				j++;
				continue;
			}
			if ((it->flags & VB_COLUMN) && cstart == (size_t)-1) {
				cstart = j;
				ctop = used;
			} else if (!(it->flags & VB_COLUMN) && cstart != (size_t)-1) {
				/* Full width after columns: it starts the next page. */
				brk = j;
				break;
			}
			h = item_h(v, j, cfresh ? (size_t)-1 : prev);
			for (k = 0; k < it->nnotes; k++) {
				int idx = it->notes[k];

				if (idx < 0 || (size_t)idx >= nnotes || on_page(&b, idx) || L->notes[idx].n == 0)
					continue;
				nh += (b.npn ? 0 : NOTE_SEP) + note_lines_h(&L->notes[idx], b.note_next[idx],
				                                            L->notes[idx].n);
				pn_push(&b, (struct pnote){ idx, b.note_next[idx], L->notes[idx].n, j });
			}
			if (used + h + notes_h + nh > L->fh + 1e-6 ||
			    (cbrk != (size_t)-1 && col1 + notes_h + nh > L->fh + 1e-6)) {
				fits = false;
				b.npn = npn0;
				/* Split the note rather than move the call when the page
				 * would otherwise be left less than three quarters full. */
				if (nh > 0 && cstart == (size_t)-1 && (!bp.set || bp.used < L->fh * 0.75) &&
				    used + h + notes_h + NOTE_SEP < L->fh) {
					double got = 0, add;

					for (k = 0; k < it->nnotes; k++) {
						int idx = it->notes[k];

						if (idx < 0 || (size_t)idx >= nnotes || on_page(&b, idx) ||
						    L->notes[idx].n == 0)
							continue;
						add = take_note(&b, idx, j, L->fh - used - h - notes_h - got,
						                2);
						if (add < 0)
							break;
						got += add;
					}
					if (k == it->nnotes) {
						nh = got;
						fits = true;
					} else {
						b.npn = npn0;
					}
				}
			}
			if (!fits && cstart != (size_t)-1 && cbrk == (size_t)-1) {
				/* Column 1 is full: go on at the top of column 2 from the
				 * last permitted break (or this item). */
				bool at_bp = bp.set && bp.j > cstart;
				size_t cb = at_bp ? bp.j : j;

				if (cb > cstart) {
					if (at_bp) {
						b.npn = bp.npn;
						notes_h = bp.notes_h;
					}
					col1 = at_bp ? bp.used : used;
					cbrk = cb;
					used = ctop;
					cfresh = true;
					bp.set = false;
					j = cb;
					continue;
				}
			}
			if (!fits && (it->flags & VB_FLOAT) && prev != (size_t)-1 && flt == (size_t)-1) {
				/* A figure that does not fit floats to the top of the next
				 * page; the text after it fills this one. */
				flt = j++;
				continue;
			}
			if (flt != (size_t)-1 && (it->flags & VB_FLOAT)) {
				brk = j;   /* floats keep their order */
				overflow = true;
				break;
			}
			if (!fits && flt == (size_t)-1 && b.ncarry == 0) {
				/* A chapter that would end with a line or three alone on a
				 * page: close the space between blocks on this one instead
				 * (at most half of it). */
				double th, over;
				size_t end = short_tail(L, j, &th);

				over = used + th + notes_h - L->fh;
				if (end != (size_t)-1 && end < n && over > 0 && over <= glue * 0.5 &&
				    cstart == (size_t)-1) {
					squeeze = over / glue;
					used += th;
					brk = j = end;
					prev = end - 1;
					break;
				}
			}
			if (!fits) {
				if (prev == (size_t)-1) {
					/* Alone and still too tall: place it; nothing better exists. */
					used += h;
					prev = j++;
					brk = j;
					break;
				}
				if (bp.set) {
					brk = bp.j;
					b.npn = bp.npn;
					notes_h = bp.notes_h;
				} else {
					brk = j;
				}
				overflow = true;
				break;
			}
			used += h;
			notes_h += nh;
			prev = j++;
			cfresh = false;
		}
		if (j >= n && brk == n)
			brk = n;
		/* Drop notes called by items that moved to the next page. */
		{
			size_t keep = 0;

			for (i = 0; i < b.npn; i++)
				if (b.pn[i].item == (size_t)-1 || b.pn[i].item < brk)
					b.pn[keep++] = b.pn[i];
			b.npn = keep;
			notes_h = 0;
			for (i = 0; i < b.npn; i++)
				notes_h += note_lines_h(&L->notes[b.pn[i].idx], b.pn[i].from, b.pn[i].to);
			if (b.npn)
				notes_h += NOTE_SEP;
		}
		if (flt != (size_t)-1 && flt < brk)
			brk = move_float(L, flt, brk);
		if (prev == (size_t)-1 && b.npn == 0 && brk >= n && L->out->npages > 0)
			break;   /* only discardable items were left */
		commit(&b, cur, brk, notes_h, overflow && cstart == (size_t)-1, squeeze,
		       cbrk < brk ? cbrk : (size_t)-1);
		for (i = 0; i < b.npn; i++) {
			struct pnote *p = &b.pn[i];

			b.note_next[p->idx] = p->to;
			if (p->to >= L->notes[p->idx].n) {
				b.note_done[p->idx] = true;
			} else {
				b.carry = arena_grow(L->a, b.carry, b.ncarry, b.ncarry + 1, sizeof *b.carry);
				b.carry[b.ncarry++] = *p;
			}
		}
		cur = brk;
		if (cur >= n && b.ncarry == 0)
			break;
	}
	L->sec_pages = b.sec_pages;
}
