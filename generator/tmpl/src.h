/*
 * tmpl/src.h: layer 1 of the template stage (the bottom one): template
 * sources, positions in them, messages at a position, did-you-mean
 * suggestions, and the PCRE2 patterns every upper layer matches with.
 *
 * Layers of generator/tmpl/, lowest first; a file includes only the header
 * of its own layer and of layers below it, and calls only down:
 *   1 src.h      src.c                      sources, positions, messages, patterns
 *   2 compile.h  compile.c, memo.c          tags and expressions -> op tree;
 *                                           directive keys compiled once
 *   3 eval.h     eval.c, rows.c, expand.c   values, filters, rows, expansion
 *     lint.h     lint.c                     numbers typed in the prose
 *   4 parse.h    bctx.c, inline.c, block.c, post.c, typo.c,
 *                cite.c
 *                                           expanded text -> doc tree, numbering
 *   5 driver.c   the public API (tmpl.h), calling the layers in order
 * tmpl.h (public) declares types only the driver and eval.c look inside.
 *
 * Naming: every function, struct and enum shared between files of tmpl/
 * starts with tmpl_, and every shared enum constant with TMPL_; static names
 * carry no prefix.
 */
#ifndef REPORTGEN_TMPL_SRC_H
#define REPORTGEN_TMPL_SRC_H

#include <stdbool.h>
#include <stddef.h>

#include <pcre2.h>

#include "base/base.h"

/*
 * Limits of the template language (README "Limits"). Each is checked where
 * the input is read, with a message at the place that goes past it; with
 * them no template can exhaust the stack (the op tree and the expressions
 * are walked recursively) or make a run quadratic.
 */
#define TMPL_MAX_FILE_BYTES (4u << 20)   /* one template file, before includes */
#define TMPL_MAX_INCLUDE_DEPTH 32        /* files on one include chain */
#define TMPL_MAX_NESTING 512             /* {% for %}/{% if %} open at once, over includes */
#define TMPL_MAX_EXPR_DEPTH 64           /* 'not' and '(' nested in one condition */
#define TMPL_MAX_NOTES_PER_PARA 64       /* footnote calls in one paragraph */

struct tmpl_src {
	const char *name;      /* path shown in messages */
	const char *text;      /* NUL-terminated, valid UTF-8 */
	size_t len;
	size_t *lines;         /* byte offset of each line start */
	size_t nlines;
};

struct tmpl_pos {
	const struct tmpl_src *src;
	size_t off;            /* byte offset in src->text */
};

/* A source from bytes (copied); NULL after reporting invalid UTF-8 or a NUL
 * (EXIT_DATA) or running out of memory for the patterns (EXIT_SYS). */
struct tmpl_src *tmpl_src_new(struct arena *a, const char *name, const char *text, size_t len);
struct srcloc tmpl_pos_loc(struct tmpl_pos p);
/* Report at p (plus the line with a caret). */
void tmpl_err(struct tmpl_pos p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tmpl_warn(struct tmpl_pos p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Closest of n names to s by edit distance, or NULL if none is close. */
const char *tmpl_suggest(const char *s, const char *const *names, size_t n);
/* " (did you mean 'x'?)" or "" (arena-owned). */
const char *tmpl_meant(struct arena *a, const char *suggestion);

enum tmpl_rx {
	TMPL_RX_TAG, TMPL_RX_TOKEN, TMPL_RX_HEADING, TMPL_RX_FENCE, TMPL_RX_LIST, TMPL_RX_FNDEF,
	TMPL_RX_KV, TMPL_RX_ALIGN, TMPL_RX_CLASS, TMPL_RX_LINTNUM, TMPL_RX_COUNT
};
/* Match pattern id on s[0..len) from start (subjects are validated UTF-8).
 * Returns the ovector (pairs) or NULL when there is no match (or, reported
 * once with EXIT_SYS, when memory for the pattern ran out). */
const size_t *tmpl_rx_match(enum tmpl_rx id, const char *s, size_t len, size_t start);
#endif
