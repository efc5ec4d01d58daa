/*
 * tmpl/rows.c: layer 3 of the template stage (eval.h): the rows of a table
 * that a `where` clause selects, for `{% for %}` loops and chart `where:`
 * keys, with what one run's renders can share (struct tmpl_cache, see
 * tmpl.h):
 *  - a clause that names only the table's own columns and constants selects
 *    the same rows in every rendering: the row list is remembered, keyed by
 *    the table and the clause's canonical text;
 *  - a clause with a conjunct `column == value` (value not naming a column,
 *    e.g. `state == state.slug`) is answered from an index of that column,
 *    built once per table and column, and only the rows it returns are
 *    tested against the whole clause.
 * Both give exactly the rows a scan gives, in table order: the index is used
 * only when the value is text that does not read as a number, which is when
 * the comparison is plain strcmp on the cells' text (eval.c tmpl_eval_cond).
 * Without a cache (tests, the paper) every call scans. Calls eval.c (and
 * src.c); expand.c and the parser's charts call it.
 */
#include "eval.h"
#include "base/base.h"
#include "figures/figures.h"

#include <stdlib.h>
#include <string.h>

struct memo {                  /* rows of a constant clause */
	const struct figtable *t;
	char *key;                 /* canonical text of the clause */
	size_t *rows, n;
	struct memo *next;
};

struct slot {                  /* one distinct cell text of an indexed column */
	char *text;                /* NULL = empty slot */
	size_t *rows, n, cap;
};

struct colidx {
	const struct figtable *t;
	int col;
	struct slot *slots;        /* open addressing, cap a power of two */
	size_t cap;
	struct colidx *next;
};

struct tmpl_cache {
	struct memo *memos;
	struct colidx *idx;
};

struct tmpl_cache *tmpl_rows_cache_new(void)
{
	struct tmpl_cache *c = xmalloc(sizeof *c);

	memset(c, 0, sizeof *c);
	return c;
}

void tmpl_rows_cache_free(struct tmpl_cache *c)
{
	if (c == NULL)
		return;
	while (c->memos != NULL) {
		struct memo *m = c->memos;

		c->memos = m->next;
		free(m->key);
		free(m->rows);
		free(m);
	}
	while (c->idx != NULL) {
		struct colidx *x = c->idx;
		size_t i;

		c->idx = x->next;
		for (i = 0; i < x->cap; i++) {
			free(x->slots[i].text);
			free(x->slots[i].rows);
		}
		free(x->slots);
		free(x);
	}
	free(c);
}

/* ---- looking at clauses ---- */

static bool is_column(const struct tmpl_expr *e, const struct figtable *t)
{
	return e->kind == TMPL_EX_NAME && strchr(e->name, '.') == NULL && figtable_col(t, e->name) >= 0;
}

/* Only columns of t and constants: the same rows whatever is rendered. */
static bool row_local(const struct tmpl_expr *e, const struct figtable *t)
{
	switch (e->kind) {
	case TMPL_EX_NAME:
		return is_column(e, t);
	case TMPL_EX_STR:
	case TMPL_EX_NUM:
		return true;
	case TMPL_EX_NOT:
		return row_local(e->l, t);
	default:
		return row_local(e->l, t) && row_local(e->r, t);
	}
}

/* Names no column of t (its value is the same for every row). */
static bool row_free(const struct tmpl_expr *e, const struct figtable *t)
{
	switch (e->kind) {
	case TMPL_EX_NAME:
		return !is_column(e, t);
	case TMPL_EX_STR:
	case TMPL_EX_NUM:
		return true;
	case TMPL_EX_NOT:
		return row_free(e->l, t);
	default:
		return row_free(e->l, t) && row_free(e->r, t);
	}
}

/* A conjunct `column == value` of e: sets *col and *value. */
static bool find_eq(const struct tmpl_expr *e, const struct figtable *t, int *col,
                    const struct tmpl_expr **value)
{
	if (e->kind == TMPL_EX_AND)
		return find_eq(e->l, t, col, value) || find_eq(e->r, t, col, value);
	if (e->kind != TMPL_EX_CMP || e->op != TMPL_CMP_EQ)
		return false;
	if (is_column(e->l, t) && row_free(e->r, t)) {
		*col = figtable_col(t, e->l->name);
		*value = e->r;
		return true;
	}
	if (is_column(e->r, t) && row_free(e->l, t)) {
		*col = figtable_col(t, e->r->name);
		*value = e->l;
		return true;
	}
	return false;
}

static void canon(struct buf *b, const struct tmpl_expr *e)
{
	switch (e->kind) {
	case TMPL_EX_NAME: buf_printf(b, "n%zu:%s", strlen(e->name), e->name); break;
	case TMPL_EX_STR: buf_printf(b, "s%zu:%s", strlen(e->name), e->name); break;
	case TMPL_EX_NUM: buf_printf(b, "#%.17g", e->num); break;
	case TMPL_EX_NOT: buf_puts(b, "!("); canon(b, e->l); buf_putc(b, ')'); break;
	default:
		buf_printf(b, "%c%d(", e->kind == TMPL_EX_AND ? '&' : e->kind == TMPL_EX_OR ? '|' : '=',
		           (int)e->op);
		canon(b, e->l);
		buf_putc(b, ',');
		canon(b, e->r);
		buf_putc(b, ')');
	}
}

/* ---- the column index ---- */

static size_t text_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct slot *slot_of(struct slot *v, size_t cap, const char *text)
{
	size_t i;

	for (i = text_hash(text) & (cap - 1); v[i].text && strcmp(v[i].text, text) != 0;
	     i = (i + 1) & (cap - 1))
		;
	return &v[i];
}

/* The text a cell compares as (eval.c tmpl_val_text). */
static const char *cell_text(struct tmpl_rctx *c, const struct figtable *t, size_t row, int col)
{
	const struct fcell *cell = figtable_cell(t, row, (size_t)col);

	if (cell->is_num)
		return fmt_plain(c->a, cell->num);
	return cell->text ? cell->text : "";
}

static struct colidx *index_of(struct tmpl_rctx *c, struct tmpl_cache *cache, const struct figtable *t,
                               int col)
{
	struct colidx *x;
	size_t r;

	for (x = cache->idx; x != NULL; x = x->next)
		if (x->t == t && x->col == col)
			return x;
	x = xmalloc(sizeof *x);
	x->t = t;
	x->col = col;
	x->cap = 16;
	while (x->cap < 2 * t->nrows + 2)
		x->cap *= 2;
	x->slots = xmalloc(x->cap * sizeof *x->slots);
	memset(x->slots, 0, x->cap * sizeof *x->slots);
	for (r = 0; r < t->nrows; r++) {
		const char *text = cell_text(c, t, r, col);
		struct slot *s = slot_of(x->slots, x->cap, text);

		if (s->text == NULL) {
			size_t len = strlen(text);

			s->text = xmalloc(len + 1);
			memcpy(s->text, text, len + 1);
		}
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 4;
			s->rows = xrealloc(s->rows, s->cap * sizeof *s->rows);
		}
		s->rows[s->n++] = r;
	}
	x->next = cache->idx;
	cache->idx = x;
	return x;
}

/* ---- selecting ---- */

/* Test rows cand[0..ncand) (all rows when cand is NULL) against where,
 * keeping at most limit (< 0: all) in out; false when an evaluation failed
 * (reported; the scan goes on so that every error is said). */
static bool scan(struct tmpl_rctx *c, const struct figtable *t, const struct tmpl_expr *where,
                 const size_t *cand, size_t ncand, long limit, size_t *out, size_t *n)
{
	const struct figtable *save = c->bare;
	size_t save_row = c->bare_row, i;
	bool ok = true;

	*n = 0;
	c->bare = t;
	for (i = 0; i < ncand; i++) {
		size_t row = cand ? cand[i] : i;
		bool keep = true;

		if (limit >= 0 && *n >= (size_t)limit)
			break;
		if (where != NULL) {
			c->bare_row = row;
			if (!tmpl_eval_cond(c, where, &keep))
				ok = false;
		}
		if (keep)
			out[(*n)++] = row;
	}
	c->bare = save;
	c->bare_row = save_row;
	return ok;
}

bool tmpl_rows_where(struct tmpl_rctx *c, const struct figtable *t, const struct tmpl_expr *where, long limit,
                const size_t **rows, size_t *n)
{
	struct tmpl_cache *cache = c->cache;
	size_t *out = arena_calloc(c->a, t->nrows ? t->nrows : 1, sizeof *out);
	const struct tmpl_expr *value;
	int col;

	*rows = out;
	if (where == NULL || cache == NULL)
		return scan(c, t, where, NULL, t->nrows, limit, out, n);
	if (row_local(where, t)) {
		struct buf key = { 0 };
		struct memo *m;

		canon(&key, where);
		for (m = cache->memos; m != NULL; m = m->next)
			if (m->t == t && strcmp(m->key, buf_cstr(&key)) == 0)
				break;
		if (m == NULL) {
			size_t k;

			if (!scan(c, t, where, NULL, t->nrows, -1, out, &k)) {
				buf_free(&key);
				return false;   /* not remembered: the next rendering reports too */
			}
			m = xmalloc(sizeof *m);
			m->t = t;
			m->key = xmalloc(key.len + 1);
			memcpy(m->key, buf_cstr(&key), key.len + 1);
			m->n = k;
			m->rows = xmalloc((k ? k : 1) * sizeof *m->rows);
			memcpy(m->rows, out, k * sizeof *out);
			m->next = cache->memos;
			cache->memos = m;
		}
		buf_free(&key);
		*rows = m->rows;
		*n = limit >= 0 && m->n > (size_t)limit ? (size_t)limit : m->n;
		return true;
	}
	if (find_eq(where, t, &col, &value)) {
		const struct figtable *save = c->bare;
		struct tmpl_val v;
		double num;
		bool ok;

		c->bare = t;   /* as in a scan, though value names no column */
		ok = tmpl_eval_expr(c, value, &v);
		c->bare = save;
		if (!ok)
			return false;
		if (v.kind == TMPL_V_TEXT && !fmt_parse_number(v.text ? v.text : "", &num)) {
			const struct slot *s;
			struct colidx *x = index_of(c, cache, t, col);

			s = slot_of(x->slots, x->cap, v.text ? v.text : "");
			if (s->text == NULL) {
				*n = 0;
				return true;
			}
			if (where->kind == TMPL_EX_CMP) {   /* the clause is the equality */
				*rows = s->rows;
				*n = limit >= 0 && s->n > (size_t)limit ? (size_t)limit : s->n;
				return true;
			}
			return scan(c, t, where, s->rows, s->n, limit, out, n);
		}
	}
	return scan(c, t, where, NULL, t->nrows, limit, out, n);
}
