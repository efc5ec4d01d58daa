/*
 * tmpl/eval.h: layer 3 of the template stage (see src.h for all layers): the
 * evaluator. Runs a compiled template against the figures:
 *   eval.c    names -> values (figures, bound row, loop rows, loop.*),
 *             conditions, filters; the check of every name before rendering
 *   rows.c    the rows a `where` clause selects (with struct tmpl_cache)
 *   expand.c  the op tree -> one text, with a map from each output byte back
 *             to its template position
 * Calls go expand.c -> rows.c -> eval.c and down to compile.h / src.h only.
 */
#ifndef REPORTGEN_TMPL_EVAL_H
#define REPORTGEN_TMPL_EVAL_H

#include "compile.h"

struct figset;
struct figtable;
struct tmpl_bind;
struct tmpl_cache;

enum tmpl_val_kind { TMPL_V_NUM, TMPL_V_TEXT };
struct tmpl_val {
	enum tmpl_val_kind kind;
	double num;
	const char *text;      /* TEXT; "" = empty */
	/* where the value came from (NULL: a literal or a loop attribute): a
	 * figure, or a cell (table, row, column) */
	const struct figure *fig;
	const struct figtable *t;
	size_t row;
	int col;
};

/* A value from the figures inserted into the expanded text at output byte
 * out: what it was drawn from, for the generated source lines and the
 * estimate marks. */
struct tmpl_mark {
	size_t out;
	const struct figure *fig;     /* or NULL */
	const struct figtable *t;     /* cell: table, row, column */
	size_t row;
	int col;
	const char *text;             /* as printed */
	struct tmpl_pos pos;          /* the {{ }} */
};

struct tmpl_seg {
	size_t out;            /* first output byte of the segment */
	struct tmpl_pos pos;   /* where it came from */
	bool literal;          /* bytes map one to one onto the source */
};

struct tmpl_scope {
	const char *var;
	const struct figtable *t;
	size_t row;            /* current row */
	size_t index, length;  /* 0-based iteration, number of iterations */
	struct tmpl_scope *up;
};

struct tmpl_rctx {
	struct arena *a;
	const struct tmpl *t;
	const struct figset *fs;
	const struct tmpl_bind *bind;
	struct buf out;
	struct tmpl_seg *segs;
	size_t nsegs, capsegs;
	struct tmpl_scope *scope;
	const struct figtable *bare;  /* table whose columns bare names mean (where) */
	size_t bare_row;
	struct tmpl_pos *reported;  /* eval errors already reported (loops) */
	size_t nreported, capreported;
	struct tmpl_cache *cache;   /* shared by the run's renders, or NULL */
	struct tmpl_mark *marks;    /* values inserted, in output order (heap) */
	size_t nmarks, capmarks;
};

/* ---- values (eval.c) ---- */

/* Every name of the ops checked against the figures and tables (also in
 * branches not taken); returns the number of bad names (each reported). */
int tmpl_check_ops(struct tmpl_rctx *c, const struct tmpl_op *o);
/* Value of e in the current scope; false after reporting. */
bool tmpl_eval_expr(struct tmpl_rctx *c, const struct tmpl_expr *e, struct tmpl_val *out);
bool tmpl_eval_cond(struct tmpl_rctx *c, const struct tmpl_expr *e, bool *out);
/* e with the bare names meaning the columns of row `row` of t (chart
 * `highlight:`, `where` clauses); false after reporting. */
bool tmpl_eval_row_cond(struct tmpl_rctx *c, const struct figtable *t, size_t row,
                        const struct tmpl_expr *e, bool *out);
/* Apply filters to v; false after reporting. */
bool tmpl_apply_filters(struct tmpl_rctx *c, const struct tmpl_filter *f, size_t n,
                        struct tmpl_val *v);
/* Plain text of a value. */
const char *tmpl_val_text(struct tmpl_rctx *c, const struct tmpl_val *v);
/* Report once per template position (loops repeat errors). */
bool tmpl_rctx_first_report(struct tmpl_rctx *c, struct tmpl_pos p);

/* ---- rows (rows.c) ---- */

/* The rows of t that where selects (all when NULL), at most limit (< 0: no
 * limit), ascending, in *rows (owned by the arena or by c->cache: read only).
 * False after reporting an evaluation error. */
bool tmpl_rows_where(struct tmpl_rctx *c, const struct figtable *t, const struct tmpl_expr *where,
                     long limit, const size_t **rows, size_t *n);
struct tmpl_cache *tmpl_rows_cache_new(void);
void tmpl_rows_cache_free(struct tmpl_cache *cache);

/* ---- expansion (expand.c) ---- */

/* Expand ops onto c->out (escape: inserted values cannot become markup);
 * false after reporting (the expansion goes on, to report every error). */
bool tmpl_expand(struct tmpl_rctx *c, const struct tmpl_op *o, bool escape);
/* Expand ops into a string of their own (front matter values, not escaped);
 * clears c->out. *ok becomes false after an error is reported. */
const char *tmpl_expand_string(struct tmpl_rctx *c, const struct tmpl_op *o, bool *ok);
/* Template position of output byte off. */
struct tmpl_pos tmpl_rctx_pos(const struct tmpl_rctx *c, size_t off);
/* Whether output byte off was copied from the template text itself. */
bool tmpl_rctx_literal(const struct tmpl_rctx *c, size_t off);

#endif
