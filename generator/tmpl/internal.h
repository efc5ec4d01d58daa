/*
 * tmpl internals, shared by the files of generator/tmpl/ only.
 *   src.c      template sources, positions, messages, PCRE2 pattern cache
 *   compile.c  tags and expressions -> op tree; includes; front matter
 *   render.c   name checks, expression values, filters, expansion to text
 *   block.c    prose markup of the expanded text -> doc tree
 *   inline.c   emphasis, links, notes, cross-references inside a block
 *   post.c     numbering, cross-references, footnotes
 *   lint.c     numbers typed in prose that equal a figure
 */
#ifndef REPORTGEN_TMPL_INTERNAL_H
#define REPORTGEN_TMPL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <pcre2.h>

#include "base/base.h"
#include "doc/doc.h"
#include "tmpl/tmpl.h"

struct figset;
struct figtable;

/* ---- sources and positions (src.c) ---- */

struct tsrc {
	const char *name;      /* path shown in messages */
	const char *text;      /* NUL-terminated, valid UTF-8 */
	size_t len;
	size_t *lines;         /* byte offset of each line start */
	size_t nlines;
};

struct tpos {
	const struct tsrc *src;
	size_t off;            /* byte offset in src->text */
};

/* A source from bytes (copied); NULL after reporting invalid UTF-8 or a NUL. */
struct tsrc *tsrc_new(struct arena *a, const char *name, const char *text, size_t len);
struct srcloc tpos_loc(struct tpos p);
/* Report at p (plus the line with a caret). */
void terr(struct tpos p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void twarn(struct tpos p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Closest of n names to s by edit distance, or NULL if none is close. */
const char *tsuggest(const char *s, const char *const *names, size_t n);
/* " (did you mean 'x'?)" or "" (arena-owned). */
const char *tmeant(struct arena *a, const char *suggestion);

enum rx_id {
	RX_TAG, RX_TOKEN, RX_HEADING, RX_FENCE, RX_LIST, RX_FNDEF, RX_KV, RX_ALIGN,
	RX_CLASS, RX_LINTNUM, RX_COUNT
};
/* Match pattern id on s[0..len) from start (subjects are validated UTF-8).
 * Returns the ovector (pairs) or NULL when there is no match. */
const size_t *rx_match(enum rx_id id, const char *s, size_t len, size_t start);
/* Validate UTF-8; returns -1 if valid, else the offset of the bad byte. */
long rx_utf8_check(const char *s, size_t len);

/* ---- op tree (compile.c) ---- */

enum cmp_op { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE };
enum expr_kind { EX_NAME, EX_STR, EX_NUM, EX_NOT, EX_AND, EX_OR, EX_CMP };

struct expr {
	enum expr_kind kind;
	struct tpos pos;
	const char *name;      /* EX_NAME (dotted), EX_STR (unescaped) */
	double num;            /* EX_NUM */
	enum cmp_op op;        /* EX_CMP */
	struct expr *l, *r;
};

enum filter_kind {
	F_NUM, F_FIXED, F_PCT, F_MILLIONS, F_ORDINAL, F_OUTOF, F_UPPER, F_LOWER, F_TITLE,
	F_DATE, F_DEFAULT, F_COUNT
};

struct filter {
	enum filter_kind kind;
	struct tpos pos;
	int decimals;          /* NUM, FIXED, PCT, MILLIONS */
	struct expr *arg;      /* OUTOF (name or number), DEFAULT (string) */
};

enum op_kind { OP_TEXT, OP_EXPR, OP_FOR, OP_IF };

struct branch {
	struct expr *cond;     /* NULL for else */
	struct op *body;
	struct branch *next;
};

struct op {
	enum op_kind kind;
	bool literal;          /* TEXT: written by the author (lint, positions) */
	struct tpos pos;
	struct op *next;
	union {
		struct {           /* TEXT: bytes (not NUL-terminated) */
			const char *text;
			size_t len;
		};
		struct {           /* EXPR */
			struct expr *expr;
			struct filter *filters;
			size_t nfilters;
		};
		struct {           /* FOR */
			const char *var;
			const char *table;
			struct expr *where;
			struct op *body;
			long limit;    /* -1: none */
			size_t table_off; /* offset of the table name in pos.src */
		};
		struct branch *branches; /* IF */
	};
};

struct fm_entry {
	const char *key;
	struct tpos pos;
	struct op *value;      /* value, compiled as template text */
};

struct tmpl {
	const char *name;
	enum i18n_lang lang;
	struct op *ops;
	struct fm_entry *front;
	size_t nfront;
};

/* Parse a filter chain "pct(1) | upper" (chart `format:` keys), text at pos. */
int tmpl_parse_filters(struct arena *a, const char *text, size_t len, struct tpos pos,
                       struct filter **out, size_t *nout);
/* Parse a condition "code == \"MEX\"" (chart `highlight:`). */
struct expr *tmpl_parse_cond(struct arena *a, const char *text, size_t len, struct tpos pos);

/* ---- render (render.c) ---- */

enum val_kind { V_NUM, V_TEXT };
struct val {
	enum val_kind kind;
	double num;
	const char *text;      /* V_TEXT; "" = empty */
};

struct seg {
	size_t out;            /* first output byte of the segment */
	struct tpos pos;       /* where it came from */
	bool literal;          /* bytes map one to one onto the source */
};

struct scope {
	const char *var;
	const struct figtable *t;
	size_t row;            /* current row */
	size_t index, length;  /* 0-based iteration, number of iterations */
	struct scope *up;
};

struct rctx {
	struct arena *a;
	const struct tmpl *t;
	const struct figset *fs;
	const struct tmpl_bind *bind;
	struct buf out;
	struct seg *segs;
	size_t nsegs, capsegs;
	struct scope *scope;
	const struct figtable *bare;  /* table whose columns bare names mean (where) */
	size_t bare_row;
	struct tpos *reported;      /* eval errors already reported (loops) */
	size_t nreported, capreported;
	struct tmpl_cache *cache;   /* shared by the run's renders, or NULL */
};

/* Value of e in the current scope; false after reporting. */
bool eval_expr(struct rctx *c, const struct expr *e, struct val *out);
bool eval_cond(struct rctx *c, const struct expr *e, bool *out);
/* Apply filters to v; false after reporting. */
bool apply_filters(struct rctx *c, const struct filter *f, size_t n, struct val *v);
/* ---- rows (rows.c) ---- */

/* The rows of t that where selects (all when NULL), at most limit (< 0: no
 * limit), ascending, in *rows (owned by the arena or by c->cache: read only).
 * False after reporting an evaluation error. */
bool rows_where(struct rctx *c, const struct figtable *t, const struct expr *where, long limit,
                const size_t **rows, size_t *n);

/* Plain text of a value. */
const char *val_text(struct rctx *c, const struct val *v);
/* Template position of output byte off. */
struct tpos rctx_pos(const struct rctx *c, size_t off);
/* Whether output byte off was copied from the template text itself. */
bool rctx_literal(const struct rctx *c, size_t off);
/* Report once per template position (loops repeat errors). */
bool rctx_first_report(struct rctx *c, struct tpos p);

/* ---- blocks (block.c, inline.c, post.c) ---- */

struct label_ent {
	const char *label;
	struct doc_node *node;
	struct tpos pos;
};

struct xref_ent {
	struct doc_node *node;
	size_t run;
	struct tpos pos;
};

struct note_call {
	struct doc_node *node;
	size_t run;
	const char *id;
	const struct tsrc *src;
	struct tpos pos;
};

struct note_def {
	const char *id;
	const struct tsrc *src;
	struct tpos pos;
	struct doc_node *note;
	bool used;
};

struct bctx {
	struct rctx *r;
	struct arena *a;
	struct doc *doc;
	const char *text;       /* expanded text */
	size_t len;
	struct doc_node *sec[4];/* open sections by level */
	const char *edition_note; /* front matter, for the cover */
	struct label_ent *labels;
	size_t nlabels, caplabels;
	struct xref_ent *xrefs;
	size_t nxrefs, capxrefs;
	struct note_call *calls;
	size_t ncalls, capcalls;
	struct note_def *defs;
	size_t ndefs, capdefs;
	int errors;
};

/* Read the expanded text into b->doc. */
void block_parse(struct bctx *b);
/* A piece of the expanded text; the pieces of one block are joined by spaces. */
struct range {
	size_t start, end;
};

/* Append the runs of the ranges (expanded-text offsets) to node n. */
void inline_parse(struct bctx *b, struct doc_node *n, const struct range *r, size_t nr);
/* Plain text of text[start..end) with markup removed (table cells, sources);
 * a forced line break becomes '\n'. */
char *inline_plain(struct bctx *b, size_t start, size_t end);
void bctx_error(struct bctx *b, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void bctx_warn(struct bctx *b, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void bctx_add_label(struct bctx *b, const char *label, struct doc_node *n, size_t off);
/* Number sections, tables, figures; resolve cross-references and notes. */
void post_resolve(struct bctx *b);

#endif
