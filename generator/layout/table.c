/*
 * table: plans and draws DOC_TABLE nodes (see table.h). Pipeline position:
 * called by layout; knows nothing of pages or PDF.
 *
 * table_plan measures everything once: natural and minimum column widths,
 * column widths for the text width, every cell wrapped into lines with its
 * horizontal offset, and the height of every row. table_draw only places the
 * precomputed lines, so any slice of rows can be drawn, with or without the
 * repeated header, in any order.
 *
 * Style: sans 8.5 pt body, bold header on a faint tint between a strong rule
 * above and a thinner one below, hairlines between body rows, a strong rule
 * closing every slice.
 */
#include "layout/internal.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "base/base.h"
#include "doc/doc.h"
#include "layout/layout.h"

#define SZ_BODY 8.5       /* pt */
#define SZ_HEAD 8.0       /* pt, bold */
#define LEAD 1.22         /* line pitch / size */
#define PAD_X 4.0         /* pt, each side of a cell */
#define PAD_Y 2.8         /* pt, above and below a row's text */

#define COL_TEXT 0x262626u
#define COL_GROUP 0x1B5E7Bu     /* group label rows: the report's accent */
#define COL_TINT 0xEEF2F4u      /* header background */
#define COL_RULE 0x333333u      /* strong rules */
#define COL_MIDRULE 0x8A8A8Au   /* DOC_ROW_RULE */
#define COL_HAIR 0xD9D9D9u      /* between body rows */

struct tline {
	const char *s;
	double dx;          /* pt from the cell's left edge (span: table's left) */
};

struct tcell {
	struct tline *line;
	size_t n;
	int role;
	double size;        /* pt */
	unsigned rgb;
};

enum row_kind { ROW_PLAIN, ROW_GROUP, ROW_RULE_ONLY };

struct trow {
	struct tcell *cell;   /* ncols cells, or one for a spanning row */
	size_t ncell;
	enum row_kind kind;
	unsigned flags;       /* DOC_ROW_* */
	double h;             /* pt */
	size_t maxlines;
	bool bottom_align;    /* header rows: text sits on the rule below */
};

struct table_plan {
	size_t ncols;
	double width;
	double *colw, *colx;  /* pt */
	bool has_group;
	struct trow group;    /* group_header spanning line */
	struct trow *head;    /* header rows */
	size_t nhead;
	struct trow *body;
	size_t nbody;
	double head_h;        /* pt */
	double asc[FONT_NROLES], desc[FONT_NROLES];  /* per pt, copied from the measure */
};

/* Measuring context while planning. */
struct tm {
	struct arena *a;
	const struct draw_measure *m;
};

static double tw(const struct tm *c, int role, double size, const char *s, size_t n)
{
	return n ? c->m->width(c->m->ctx, role, size, s, n) : 0;
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Widest line of s (hard breaks at '\n') and widest word. */
static void text_extent(const struct tm *c, int role, double size, const char *s,
                        double *line_w, double *word_w)
{
	const char *p = s;

	*line_w = *word_w = 0;
	while (p && *p) {
		const char *e = strchr(p, '\n'), *q;
		size_t n = e ? (size_t)(e - p) : strlen(p);
		double w = tw(c, role, size, p, n);

		if (w > *line_w)
			*line_w = w;
		for (q = p; q < p + n;) {
			const char *ws;

			while (q < p + n && is_space(*q))
				q++;
			ws = q;
			while (q < p + n && !is_space(*q))
				q++;
			w = tw(c, role, size, ws, (size_t)(q - ws));
			if (w > *word_w)
				*word_w = w;
		}
		p = e ? e + 1 : NULL;
	}
}

/*
 * Whether s[0..n) fits in maxw, measuring no more of it than it takes to
 * know: prefixes of 256, 1024, ... bytes first (a width only grows with the
 * text: advances are not negative), so that a word of megabytes costs what
 * fits on one line, not the whole word, each line (that was quadratic).
 */
static bool fits(const struct tm *c, int role, double size, const char *s, size_t n, double maxw)
{
	size_t probe;

	for (probe = 256; probe < n; probe *= 4) {
		size_t k = probe;

		while (k > 0 && utf8_is_cont((unsigned char)s[k]))
			k--;   /* a character boundary */
		if (tw(c, role, size, s, k) > maxw)
			return false;
	}
	return tw(c, role, size, s, n) <= maxw;
}

/* A growable array of lines while wrapping. */
struct lines {
	struct tline *v;
	size_t n, cap;
};

static void lines_add(struct arena *a, struct lines *l, const char *s, size_t n)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4;

		l->v = arena_grow(a, l->v, l->n, cap, sizeof *l->v);
		l->cap = cap;
	}
	l->v[l->n].s = arena_strndup(a, s, n);
	l->v[l->n].dx = 0;
	l->n++;
}

/*
 * Greedy ragged-right wrapping of s into maxw, hard breaks at '\n'; a word
 * wider than maxw is cut between characters.
 */
static void wrap(const struct tm *c, int role, double size, const char *s, double maxw,
                 struct lines *out)
{
	const char *p = s ? s : "";
	const char *cut_end = NULL;   /* end of the word last cut by characters */

	for (;;) {
		const char *e = strchr(p, '\n');
		const char *end = e ? e : p + strlen(p);
		const char *ls = p;   /* start of the current line */

		while (ls < end && is_space(*ls))
			ls++;
		if (ls == end)
			lines_add(c->a, out, "", 0);
		while (ls < end) {
			const char *q = ls, *fit = NULL;

			/* take words while the line fits */
			while (q < end) {
				const char *we = q;

				while (we < end && is_space(*we))
					we++;
				/* the rest of a cut word: no need to scan it again */
				if (cut_end != NULL && we < cut_end)
					we = cut_end;
				else
					while (we < end && !is_space(*we))
						we++;
				if (!fits(c, role, size, ls, (size_t)(we - ls), maxw)) {
					if (fit == NULL)
						cut_end = we;
					break;
				}
				fit = we;
				q = we;
			}
			if (!fit) {
				/* first word too wide: cut it by characters (at least one) */
				const char *k = ls + utf8_step(ls, (size_t)(end - ls));

				while (k < end && !is_space(*k) &&
				       tw(c, role, size, ls,
				          (size_t)(k + utf8_step(k, (size_t)(end - k)) - ls)) <= maxw)
					k += utf8_step(k, (size_t)(end - k));
				fit = k;
			}
			lines_add(c->a, out, ls, (size_t)(fit - ls));
			ls = fit;
			while (ls < end && is_space(*ls))
				ls++;
		}
		if (!e)
			break;
		p = e + 1;
	}
}

/* ---- decimal alignment ---- */

/* The column's decimal mark, or 0 when its numbers have no decimals. */
static char decimal_mark(const struct doc_table *t, size_t col, size_t first_row)
{
	bool dot_dec = false, comma_dec = false;
	size_t r;

	for (r = first_row; r < t->nrows; r++) {
		const char *s = t->cells[r * t->ncols + col], *p;
		const char *ld = NULL, *lc = NULL;

		if (!s || (t->row_flags && (t->row_flags[r] & DOC_ROW_GROUP)))
			continue;
		for (p = s; *p; p++) {
			if (*p == '.' || *p == ',') {
				int digits = 0;
				const char *q = p + 1;

				while (*q >= '0' && *q <= '9') {
					digits++;
					q++;
				}
				if (digits == 0)
					continue;
				if (*p == '.') {
					ld = p;
					if (digits != 3)
						dot_dec = true;
				} else {
					lc = p;
					if (digits != 3)
						comma_dec = true;
				}
			}
		}
		if (ld && lc)
			return ld > lc ? '.' : ',';
	}
	if (dot_dec && !comma_dec)
		return '.';
	if (comma_dec && !dot_dec)
		return ',';
	if (dot_dec && comma_dec)
		return '.';
	return 0;   /* only grouping separators: integers */
}

/* Byte offset where the fraction part of s starts (the mark, else after the
 * last digit, else the end). */
static size_t decimal_split(const char *s, char mark)
{
	size_t n = strlen(s), i, last_digit = n;
	bool seen = false;

	if (mark) {
		for (i = n; i-- > 0;)
			if (s[i] == mark && s[i + 1] >= '0' && s[i + 1] <= '9')
				return i;
	}
	for (i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9') {
			last_digit = i + 1;
			seen = true;
		}
	return seen ? last_digit : n;
}

/* ---- planning ---- */

static int body_role(unsigned flags)
{
	return flags & (DOC_ROW_BOLD | DOC_ROW_GROUP) ? FONT_SANS_BOLD : FONT_SANS;
}

static bool col_right(const struct doc_tcol *col)
{
	return col->align == DOC_ALIGN_RIGHT || col->align == DOC_ALIGN_DECIMAL ||
	       (col->numeric && col->align != DOC_ALIGN_CENTER);
}

static const char *cell_text(const struct doc_table *t, size_t r, size_t col)
{
	const char *s = t->cells ? t->cells[r * t->ncols + col] : NULL;

	return s ? s : "";
}

static bool row_empty(const struct doc_table *t, size_t r)
{
	size_t j;

	for (j = 0; j < t->ncols; j++)
		if (*cell_text(t, r, j))
			return false;
	return true;
}

static const char *group_text(const struct doc_table *t, size_t r)
{
	size_t j;

	for (j = 0; j < t->ncols; j++)
		if (*cell_text(t, r, j))
			return cell_text(t, r, j);
	return "";
}

/* Sum of clamp(d[j] * lambda, lo[j], hi[j]) (hi NULL: no upper bound). */
static double clamp_sum(const double *d, const double *lo, const double *hi, size_t n,
                        double lambda, double *w)
{
	double s = 0;
	size_t j;

	for (j = 0; j < n; j++) {
		double v = d[j] * lambda;

		if (v < lo[j])
			v = lo[j];
		if (hi && v > hi[j])
			v = hi[j];
		if (w)
			w[j] = v;
		s += v;
	}
	return s;
}

/* Scale lambda such that the clamped widths sum to width (bisection). */
static double fit_scale(const double *d, const double *lo, const double *hi, size_t n,
                        double width)
{
	double l = 0, h = 1;
	int it;

	while (clamp_sum(d, lo, hi, n, h, NULL) < width && h < 1e15)
		h *= 2;
	for (it = 0; it < 200; it++) {
		double mid = (l + h) / 2;

		if (clamp_sum(d, lo, hi, n, mid, NULL) < width)
			l = mid;
		else
			h = mid;
	}
	return h;
}

/*
 * Column widths: proportional to the width hints (unhinted columns count as
 * an average hint), or to the natural widths when there are no hints, but
 * bounded: when the whole table fits on one line a column never gets less
 * than its natural width; when it does not, a column stays between its
 * longest word and its natural width, and the wrapping is shared out. The
 * widths always sum to width exactly.
 */
static void col_widths(const double *nat, const double *minw, const double *hint, size_t n,
                       double width, double *desired, double *w)
{
	double snat = 0, smin = 0, shint = 0;
	size_t j;

	if (n == 0)
		return;
	for (j = 0; j < n; j++) {
		snat += nat[j];
		smin += minw[j];
		shint += hint[j] > 0 ? hint[j] : 0;
	}
	for (j = 0; j < n; j++) {
		if (shint > 0)
			desired[j] = hint[j] > 0 ? hint[j] : shint / (double)n;
		else
			desired[j] = nat[j] > 0 ? nat[j] : 1;
	}
	if (snat <= width) {
		clamp_sum(desired, nat, NULL, n, fit_scale(desired, nat, NULL, n, width), w);
	} else if (smin >= width) {
		for (j = 0; j < n; j++)
			w[j] = smin > 0 ? minw[j] * width / smin : width / (double)n;
	} else {
		clamp_sum(desired, minw, nat, n, fit_scale(desired, minw, nat, n, width), w);
	}
	/* exact total: the rounding residue goes to the widest column */
	{
		double sum = 0;
		size_t widest = 0;

		for (j = 0; j < n; j++) {
			sum += w[j];
			if (w[j] > w[widest])
				widest = j;
		}
		w[widest] += width - sum;
	}
}

/* Horizontal offsets of the lines of a cell in column col (width cw). */
static void align_lines(const struct tm *c, struct tcell *cell, const struct doc_tcol *col,
                        double cw, char mark, double frac_w, bool header)
{
	size_t k;

	for (k = 0; k < cell->n; k++) {
		struct tline *l = &cell->line[k];
		size_t n = strlen(l->s);
		double w = tw(c, cell->role, cell->size, l->s, n);

		if (!header && col->align == DOC_ALIGN_DECIMAL && cell->n == 1) {
			size_t sp = decimal_split(l->s, mark);
			double fw = tw(c, cell->role, cell->size, l->s + sp, n - sp);

			l->dx = cw - PAD_X - frac_w - (w - fw);
			/* a squeezed column cannot keep the decimal layout */
			if (l->dx < PAD_X || l->dx + w > cw - PAD_X + 1e-9)
				l->dx = cw - PAD_X - w;
		} else if (col->align == DOC_ALIGN_CENTER) {
			l->dx = (cw - w) / 2;
		} else if (col_right(col)) {
			l->dx = cw - PAD_X - w;
		} else {
			l->dx = PAD_X;
		}
		if (l->dx < PAD_X)
			l->dx = PAD_X;
	}
}

static double row_height(const struct table_plan *p, size_t lines, int role, double size)
{
	if (lines == 0)
		lines = 1;
	return 2 * PAD_Y + (p->asc[role] + p->desc[role]) * size +
	       (double)(lines - 1) * size * LEAD;
}

static void plan_cell(const struct tm *c, struct tcell *cell, const char *s, int role,
                      double size, double maxw)
{
	struct lines l = {0};

	wrap(c, role, size, s, maxw, &l);
	cell->line = l.v;
	cell->n = l.n;
	cell->role = role;
	cell->size = size;
	cell->rgb = COL_TEXT;
}

struct table_plan *table_plan(struct arena *a, const struct doc_table *t, double width,
                              const struct draw_measure *m)
{
	struct table_plan *p = arena_alloc(a, sizeof *p);
	struct tm c = {a, m};
	size_t nc = t ? t->ncols : 0, j, r, hdr_extra = 0, nrows;
	double *nat, *minw, *hint, *intw, *fracw, *bodyw;
	char *mark;
	bool has_head = false;

	p->ncols = nc;
	p->width = width;
	memcpy(p->asc, m->ascent, sizeof p->asc);
	memcpy(p->desc, m->descent, sizeof p->desc);
	if (nc == 0)
		return p;
	nrows = t->cells ? t->nrows : 0;
	p->colw = arena_calloc(a, nc, sizeof *p->colw);
	p->colx = arena_calloc(a, nc, sizeof *p->colx);
	nat = arena_calloc(a, nc, sizeof *nat);
	minw = arena_calloc(a, nc, sizeof *minw);
	hint = arena_calloc(a, nc, sizeof *hint);
	intw = arena_calloc(a, nc, sizeof *intw);
	fracw = arena_calloc(a, nc, sizeof *fracw);
	bodyw = arena_calloc(a, nc, sizeof *bodyw);
	mark = arena_calloc(a, nc, 1);

	if (t->header_rows > 0) {
		for (j = 0; j < nc; j++)
			if (t->cols[j].header && *t->cols[j].header)
				has_head = true;
		hdr_extra = t->header_rows - 1;
		if (hdr_extra > nrows)
			hdr_extra = nrows;
		if (hdr_extra > 0)
			has_head = true;
	}

	/* natural and minimum widths */
	for (j = 0; j < nc; j++) {
		const struct doc_tcol *col = &t->cols[j];
		double lw, ww;

		hint[j] = col->width > 0 && isfinite(col->width) ? col->width : 0;
		if (has_head && col->header) {
			text_extent(&c, FONT_SANS_BOLD, SZ_HEAD, col->header, &lw, &ww);
			if (lw > nat[j])
				nat[j] = lw;
			/* a header broken by hand keeps its lines if it can */
			if (strchr(col->header, '\n'))
				ww = lw;
			if (ww > minw[j])
				minw[j] = ww;
		}
		if (col->align == DOC_ALIGN_DECIMAL)
			mark[j] = decimal_mark(t, j, hdr_extra);
		for (r = 0; r < nrows; r++) {
			unsigned fl = t->row_flags ? t->row_flags[r] : 0;
			const char *s = cell_text(t, r, j);
			bool head = r < hdr_extra;
			int role = head ? FONT_SANS_BOLD : body_role(fl);
			double size = head ? SZ_HEAD : SZ_BODY;

			if (!head && (fl & DOC_ROW_GROUP))
				continue;
			text_extent(&c, role, size, s, &lw, &ww);
			if (!head && col->align == DOC_ALIGN_DECIMAL && !strchr(s, '\n')) {
				size_t n = strlen(s), sp = decimal_split(s, mark[j]);
				double fw = tw(&c, role, size, s + sp, n - sp);

				if (lw - fw > intw[j])
					intw[j] = lw - fw;
				if (fw > fracw[j])
					fracw[j] = fw;
				lw = intw[j] + fracw[j];
			}
			if (lw > nat[j])
				nat[j] = lw;
			if (ww > minw[j])
				minw[j] = ww;
			if (!head && lw > bodyw[j])
				bodyw[j] = lw;
		}
		/* numbers are never wrapped */
		if ((col->numeric || col->align == DOC_ALIGN_DECIMAL) && bodyw[j] > minw[j])
			minw[j] = bodyw[j];
		nat[j] += 2 * PAD_X;
		minw[j] += 2 * PAD_X;
		if (minw[j] > nat[j])
			minw[j] = nat[j];
	}
	col_widths(nat, minw, hint, nc, width, bodyw, p->colw);
	for (j = 1; j < nc; j++)
		p->colx[j] = p->colx[j - 1] + p->colw[j - 1];

	/* group header line */
	if (t->group_header && *t->group_header) {
		p->has_group = true;
		p->group.ncell = 1;
		p->group.kind = ROW_GROUP;
		p->group.cell = arena_calloc(a, 1, sizeof *p->group.cell);
		plan_cell(&c, p->group.cell, t->group_header, FONT_SANS_BOLD, SZ_HEAD,
		          width - 2 * PAD_X);
		for (r = 0; r < p->group.cell->n; r++)
			p->group.cell->line[r].dx = PAD_X;
		p->group.maxlines = p->group.cell->n;
		p->group.h = row_height(p, p->group.maxlines, FONT_SANS_BOLD, SZ_HEAD);
		p->head_h += p->group.h;
	}

	/* header rows: column headers, then extra header rows from cells */
	if (has_head) {
		p->nhead = 1 + hdr_extra;
		p->head = arena_calloc(a, p->nhead, sizeof *p->head);
		for (r = 0; r < p->nhead; r++) {
			struct trow *row = &p->head[r];

			row->ncell = nc;
			row->bottom_align = true;
			row->cell = arena_calloc(a, nc, sizeof *row->cell);
			for (j = 0; j < nc; j++) {
				const char *s = r == 0 ? t->cols[j].header : cell_text(t, r - 1, j);

				plan_cell(&c, &row->cell[j], s ? s : "", FONT_SANS_BOLD, SZ_HEAD,
				          p->colw[j] - 2 * PAD_X);
				align_lines(&c, &row->cell[j], &t->cols[j], p->colw[j], 0, 0, true);
				if (row->cell[j].n > row->maxlines)
					row->maxlines = row->cell[j].n;
			}
			row->h = row_height(p, row->maxlines, FONT_SANS_BOLD, SZ_HEAD);
			p->head_h += row->h;
		}
	}

	/* body rows */
	p->nbody = nrows - hdr_extra;
	p->body = arena_calloc(a, p->nbody ? p->nbody : 1, sizeof *p->body);
	for (r = 0; r < p->nbody; r++) {
		size_t src = r + hdr_extra;
		unsigned fl = t->row_flags ? t->row_flags[src] : 0;
		struct trow *row = &p->body[r];
		int role = body_role(fl);

		row->flags = fl;
		if (fl & DOC_ROW_GROUP) {
			row->kind = ROW_GROUP;
			row->ncell = 1;
			row->cell = arena_calloc(a, 1, sizeof *row->cell);
			plan_cell(&c, row->cell, group_text(t, src), FONT_SANS_BOLD, SZ_BODY,
			          width - 2 * PAD_X);
			row->cell->rgb = COL_GROUP;
			for (j = 0; j < row->cell->n; j++)
				row->cell->line[j].dx = PAD_X;
			row->maxlines = row->cell->n;
			/* a little air above a group label */
			row->h = row_height(p, row->maxlines, FONT_SANS_BOLD, SZ_BODY) + 3;
			continue;
		}
		if ((fl & DOC_ROW_RULE) && row_empty(t, src)) {
			row->kind = ROW_RULE_ONLY;
			row->h = 0;
			continue;
		}
		row->ncell = nc;
		row->cell = arena_calloc(a, nc, sizeof *row->cell);
		for (j = 0; j < nc; j++) {
			plan_cell(&c, &row->cell[j], cell_text(t, src, j), role, SZ_BODY,
			          p->colw[j] - 2 * PAD_X);
			align_lines(&c, &row->cell[j], &t->cols[j], p->colw[j], mark[j], fracw[j], false);
			if (row->cell[j].n > row->maxlines)
				row->maxlines = row->cell[j].n;
		}
		row->h = row_height(p, row->maxlines, role, SZ_BODY);
	}
	return p;
}

size_t table_plan_rows(const struct table_plan *p)
{
	return p ? p->nbody : 0;
}

double table_plan_header_height(const struct table_plan *p)
{
	return p ? p->head_h : 0;
}

double table_plan_row_height(const struct table_plan *p, size_t row)
{
	return p && row < p->nbody ? p->body[row].h : 0;
}

int table_plan_row_keep_with_next(const struct table_plan *p, size_t row)
{
	return p && row + 1 < p->nbody && p->body[row].kind == ROW_GROUP;
}

double table_plan_col_width(const struct table_plan *p, size_t col)
{
	return p && col < p->ncols ? p->colw[col] : 0;
}

double table_plan_col_x(const struct table_plan *p, size_t col)
{
	return p && col < p->ncols ? p->colx[col] : 0;
}

/* ---- drawing ---- */

static void op_line(struct arena *a, struct draw_list *out, double x, double y, double w,
                    double lw, unsigned rgb)
{
	struct draw_op op = {0};

	op.flags = DRAW_F_ARTIFACT;
	op.kind = DRAW_LINE;
	op.x = x;
	op.y = y;
	op.w = w;
	op.lw = lw;
	op.rgb = rgb;
	draw_push(a, out, &op);
}

static void op_fill(struct arena *a, struct draw_list *out, double x, double y, double w,
                    double h, unsigned rgb)
{
	struct draw_op op = {0};

	op.flags = DRAW_F_ARTIFACT;
	op.kind = DRAW_FILL;
	op.x = x;
	op.y = y;
	op.w = w;
	op.h = h;
	op.rgb = rgb;
	draw_push(a, out, &op);
}

/* The text of one row whose top edge is at y_top (page coordinates). */
size_t table_plan_head_rows(const struct table_plan *p)
{
	return p ? p->nhead + (p->has_group ? 1 : 0) : 0;
}

int table_plan_row_spans(const struct table_plan *p, size_t row)
{
	return p && row < p->nbody && (p->body[row].kind != ROW_PLAIN || p->body[row].ncell < p->ncols);
}

/* The text of one row whose top edge is at y_top (page coordinates); its
 * cells are the elements after tr (tr < 0: artifacts). */
static void draw_row_text(struct arena *a, const struct table_plan *p, const struct trow *row,
                          double x, double y_top, struct draw_list *out, int tr)
{
	size_t j, k;

	for (j = 0; j < row->ncell; j++) {
		const struct tcell *cell = &row->cell[j];
		double size = cell->size;
		double cx = row->ncell == 1 ? x : x + p->colx[j];
		double shift = row->bottom_align ? (double)(row->maxlines - cell->n) * size * LEAD : 0;
		double base = y_top - (row->h - row_height(p, row->maxlines, cell->role, size)) -
		              PAD_Y - p->asc[cell->role] * size - shift;

		for (k = 0; k < cell->n; k++) {
			struct draw_op op = {0};

			if (!*cell->line[k].s)
				continue;
			op.kind = DRAW_TEXT;
			op.x = cx + cell->line[k].dx;
			op.y = base - (double)k * size * LEAD;
			op.font = cell->role;
			op.size = size;
			op.rgb = cell->rgb;
			op.text = cell->line[k].s;
			if (tr >= 0)
				op.elem = tr + 1 + (int)j;
			else
				op.flags = DRAW_F_ARTIFACT;
			draw_push(a, out, &op);
		}
	}
}

double table_draw(struct arena *a, const struct doc_table *t, const struct table_plan *p,
                  size_t row_from, size_t row_to, int with_header, double x, double y_top,
                  struct draw_list *out, const struct table_tags *tags, int head_artifact)
{
	double y = y_top, W;
	size_t r, hk = 0;
	int pitch = tags ? (int)tags->ncols + 1 : 0;
#define HEAD_TR(k) (tags && !head_artifact ? tags->head + (int)(k) * pitch : -1)
#define BODY_TR(k) (tags ? tags->body + (int)(k) * pitch : -1)
	bool after_head = false;

	(void)t;
	if (!p || p->ncols == 0)
		return 0;
	W = p->width;
	if (row_to > p->nbody)
		row_to = p->nbody;
	if (row_from > row_to)
		row_from = row_to;

	if (with_header && p->head_h > 0) {
		op_line(a, out, x, y, W, 0.8, COL_RULE);
		if (p->has_group) {
			draw_row_text(a, p, &p->group, x, y, out, HEAD_TR(hk));
			hk++;
			y -= p->group.h;
			op_line(a, out, x + PAD_X, y, W - 2 * PAD_X, 0.4, COL_MIDRULE);
		}
		if (p->nhead) {
			double hh = 0;

			for (r = 0; r < p->nhead; r++)
				hh += p->head[r].h;
			op_fill(a, out, x, y - hh, W, hh, COL_TINT);
			for (r = 0; r < p->nhead; r++) {
				draw_row_text(a, p, &p->head[r], x, y, out, HEAD_TR(hk));
				hk++;
				y -= p->head[r].h;
			}
		}
		op_line(a, out, x, y, W, 0.5, COL_RULE);
		after_head = true;
	} else if (row_from < row_to) {
		/* a slice without header still opens with a rule */
		op_line(a, out, x, y, W, 0.5, COL_RULE);
		after_head = true;
	}

	for (r = row_from; r < row_to; r++) {
		const struct trow *row = &p->body[r];

		if (row->kind == ROW_RULE_ONLY) {
			if (!after_head)
				op_line(a, out, x, y, W, 0.6, COL_MIDRULE);
			continue;
		}
		if (!after_head) {
			if (row->flags & DOC_ROW_RULE)
				op_line(a, out, x, y, W, 0.6, COL_MIDRULE);
			else
				op_line(a, out, x, y, W, 0.3, COL_HAIR);
		}
		draw_row_text(a, p, row, x, y, out, BODY_TR(r));
		y -= row->h;
		after_head = false;
	}
	if (row_from < row_to)
		op_line(a, out, x, y, W, 0.8, COL_RULE);
	return y_top - y;
#undef HEAD_TR
#undef BODY_TR
}
