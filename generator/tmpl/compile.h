/*
 * tmpl/compile.h: layer 2 of the template stage (see src.h for all layers):
 * the op tree a template compiles to, the compiler (compile.c: tags and
 * expressions -> ops; includes; front matter) and the directive-key memo
 * (memo.c: `where:`, `highlight:` and `format:` keys of ::: chart compiled
 * once per template). Calls down to src.h only.
 */
#ifndef REPORTGEN_TMPL_COMPILE_H
#define REPORTGEN_TMPL_COMPILE_H

#include "src.h"

enum tmpl_cmp { TMPL_CMP_EQ, TMPL_CMP_NE, TMPL_CMP_LT, TMPL_CMP_LE, TMPL_CMP_GT, TMPL_CMP_GE };
enum tmpl_expr_kind {
	TMPL_EX_NAME, TMPL_EX_STR, TMPL_EX_NUM, TMPL_EX_NOT, TMPL_EX_AND, TMPL_EX_OR, TMPL_EX_CMP
};

struct tmpl_expr {
	enum tmpl_expr_kind kind;
	struct tmpl_pos pos;
	const char *name;      /* NAME (dotted), STR (unescaped) */
	double num;            /* NUM */
	enum tmpl_cmp op;      /* TMPL_EX_CMP */
	struct tmpl_expr *l, *r;
};

enum tmpl_filter_kind {
	TMPL_F_NUM, TMPL_F_FIXED, TMPL_F_PCT, TMPL_F_MILLIONS, TMPL_F_ORDINAL, TMPL_F_OUTOF,
	TMPL_F_UPPER, TMPL_F_LOWER, TMPL_F_TITLE, TMPL_F_DATE, TMPL_F_DEFAULT, TMPL_F_EST,
	TMPL_F_COUNT
};

struct tmpl_filter {
	enum tmpl_filter_kind kind;
	struct tmpl_pos pos;
	int decimals;          /* NUM, FIXED, PCT, MILLIONS */
	struct tmpl_expr *arg; /* OUTOF (name or number), DEFAULT (string) */
};

enum tmpl_op_kind { TMPL_OP_TEXT, TMPL_OP_EXPR, TMPL_OP_FOR, TMPL_OP_IF };

struct tmpl_branch {
	struct tmpl_expr *cond;     /* NULL for else */
	struct tmpl_op *body;
	struct tmpl_branch *next;
};

struct tmpl_op {
	enum tmpl_op_kind kind;
	bool literal;          /* TEXT: written by the author (lint, positions) */
	struct tmpl_pos pos;
	struct tmpl_op *next;
	union {
		struct {           /* TEXT: bytes (not NUL-terminated) */
			const char *text;
			size_t len;
		};
		struct {           /* EXPR */
			struct tmpl_expr *expr;
			struct tmpl_filter *filters;
			size_t nfilters;
		};
		struct {           /* FOR */
			const char *var;
			const char *table;
			struct tmpl_expr *where;
			struct tmpl_op *body;
			long limit;    /* -1: none */
			size_t table_off; /* offset of the table name in pos.src */
		};
		struct tmpl_branch *branches; /* IF */
	};
};

struct tmpl_front {
	const char *key;
	struct tmpl_pos pos;
	struct tmpl_op *value; /* value, compiled as template text */
};

struct tmpl {
	const char *name;
	enum i18n_lang lang;
	struct tmpl_op *ops;
	struct tmpl_front *front;
	size_t nfront;
	/* what compiling needs between files (compile.c) */
	struct arena *a;            /* owns the template; the memo allocates here */
	const char *root;           /* templates root for includes, or NULL */
	const char **chain;         /* include chain, display names */
	struct tmpl_op **tail;      /* where the next file's ops go */
	size_t nfiles;
	struct tmpl_memo *memo;     /* compiled directive keys (memo.c) */
};

/* A new, empty template (arena-owned); NULL after reporting an unknown
 * language. Includes are resolved against templates_root (NULL: none). */
struct tmpl *tmpl_new(struct arena *a, const char *name, const char *lang,
                      const char *templates_root);
/* Compile src and append its ops to t; the first file's front matter is t's.
 * Returns 0, or -1 after reporting every error of the file. */
int tmpl_add_file(struct tmpl *t, const struct tmpl_src *src);

/* Parse a filter chain "pct(1) | upper" (chart `format:` keys), text at pos. */
int tmpl_parse_filters(struct arena *a, const char *text, size_t len, struct tmpl_pos pos,
                       struct tmpl_filter **out, size_t *nout);
/* Parse a condition "code == \"MEX\"" (chart `highlight:`); NULL after
 * reporting. */
struct tmpl_expr *tmpl_parse_cond(struct arena *a, const char *text, size_t len,
                                  struct tmpl_pos pos);

/* ---- directive keys, compiled once per template (memo.c) ---- */

struct tmpl_memo_ent;
struct tmpl_memo {
	struct tmpl_memo_ent *first;
	size_t compiles;            /* keys compiled (a test hook) */
};

/*
 * The key's text as it stands in the expanded document at pos: the same text
 * at the same place gives the same compiled result, so it is compiled on
 * first use, in t's arena, and remembered in t; a key that fails to compile
 * is not remembered (every rendering reports it). Not thread-safe: one thread
 * renders a given template at a time (run/: the main process and each forked
 * worker render on one thread, each process with its own copy). */
const struct tmpl_expr *tmpl_directive_cond(const struct tmpl *t, const char *text, size_t len,
                                            struct tmpl_pos pos);
int tmpl_directive_filters(const struct tmpl *t, const char *text, size_t len,
                           struct tmpl_pos pos, const struct tmpl_filter **out, size_t *nout);
/* How many directive keys t has compiled so far. */
size_t tmpl_directive_compiles(const struct tmpl *t);

#endif
