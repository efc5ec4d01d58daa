/*
 * tmpl/parse.h: layer 4 of the template stage (see src.h for all layers): the
 * prose markup of the expanded text -> doc tree:
 *   bctx.c    the reading context: messages at an expanded-text offset, labels
 *   inline.c  emphasis, links, notes, cross-references inside a block
 *   block.c   headings, paragraphs, lists, quotes, footnote definitions and
 *             the ::: directives (tables, charts, cover, pull quotes)
 *   post.c    numbering, cross-references, footnotes (after the whole text)
 *   typo.c    the typographic pass over every text of the tree (post.c last)
 * Calls go block.c -> inline.c -> bctx.c; block.c evaluates directive keys
 * through eval.h (their compiled forms come from compile.h's memo); post.c
 * calls bctx.c and src.c. Nothing below calls back up.
 */
#ifndef REPORTGEN_TMPL_PARSE_H
#define REPORTGEN_TMPL_PARSE_H

#include "eval.h"
#include "figures/figures.h"
#include "doc/doc.h"

struct tmpl_label {
	const char *label;
	struct doc_node *node;
	struct tmpl_pos pos;
};

struct tmpl_xref {
	struct doc_node *node;
	size_t run;
	struct tmpl_pos pos;
};

struct tmpl_note_call {
	struct doc_node *node;
	size_t run;
	const char *id;
	const struct tmpl_src *src;
	struct tmpl_pos pos;
};

struct tmpl_note_def {
	const char *id;
	const struct tmpl_src *src;
	struct tmpl_pos pos;
	struct doc_node *note;
	bool used;
};

struct tmpl_bctx {
	struct tmpl_rctx *r;
	struct arena *a;
	struct doc *doc;
	const char *text;       /* expanded text */
	size_t len;
	struct doc_node *sec[4];/* open sections by level */
	const char *edition_note; /* front matter, for the cover */
	struct tmpl_label *labels;
	size_t nlabels, caplabels;
	struct tmpl_xref *xrefs;
	size_t nxrefs, capxrefs;
	struct tmpl_note_call *calls;
	size_t ncalls, capcalls;
	struct tmpl_note_def *defs;
	size_t ndefs, capdefs;
	int errors;
	int diag_before;        /* diag_errors() when the rendering began */
};

/* A piece of the expanded text; the pieces of one block are joined by spaces. */
struct tmpl_range {
	size_t start, end;
};

/* ---- the reading context (bctx.c) ---- */

/* Report at the template position of expanded-text offset off (an error
 * counts in b->errors). */
void tmpl_bctx_error(struct tmpl_bctx *b, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tmpl_bctx_warn(struct tmpl_bctx *b, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Source location of expanded-text offset off (for doc nodes). */
struct srcloc tmpl_bctx_loc(struct tmpl_bctx *b, size_t off);
/* Give node n the label (an error if it is taken). */
void tmpl_bctx_add_label(struct tmpl_bctx *b, const char *label, struct doc_node *n,
                         size_t off);

/* ---- inline markup (inline.c) ---- */

/* Append the runs of the ranges (expanded-text offsets) to node n. */
void tmpl_inline_parse(struct tmpl_bctx *b, struct doc_node *n, const struct tmpl_range *r,
                       size_t nr);
/* Plain text of text[start..end) with markup removed (table cells, sources);
 * a forced line break becomes '\n'. */
char *tmpl_inline_plain(struct tmpl_bctx *b, size_t start, size_t end);

/* ---- generated source lines (cite.c) ---- */

/* What a table or chart draws: the origins of its cells and figures. The
 * numbers it shows are what its source line cites; a block that shows no
 * number (a list of names or recommendations) cites its text cells. */
struct tmpl_drawn {
	struct fig_origin o;    /* of the numbers */
	struct fig_origin text; /* of the text cells */
	struct buf items;       /* "table:row" and "=key", space-separated */
	struct buf text_items;
	bool any, any_text;
};
void tmpl_drawn_cell(struct tmpl_bctx *b, struct tmpl_drawn *d, const struct figtable *t,
                     size_t row, int col);
void tmpl_drawn_fig(struct tmpl_bctx *b, struct tmpl_drawn *d, const struct figure *f);
/* Every value inserted into the expanded text in [from, to). */
void tmpl_drawn_range(struct tmpl_bctx *b, struct tmpl_drawn *d, size_t from, size_t to);
/* Set n->source (and source_ids, source_estimated, drawn) from d: the
 * citations of its source ids in the document's language, in bibliography
 * order, with the word for "estimated" when a drawn value is. Frees d. */
void tmpl_source_line(struct tmpl_bctx *b, struct doc_node *n, struct tmpl_drawn *d);
/* The word every source line has when a drawn value is estimated, and
 * none has otherwise ("estimat" in English, "estima" in Spanish). */
const char *tmpl_estimated_stem(const char *lang);

/* ---- blocks (block.c) ---- */

/* Read the expanded text into b->doc. Returns 0, or -1 after reporting
 * every problem of the text. */
int tmpl_block_parse(struct tmpl_bctx *b);

/* ---- after reading (post.c) ---- */

/* Number sections, tables, figures; resolve cross-references and notes;
 * warn about a footnote without text (when the rendering has no error). */
int tmpl_post_resolve(struct tmpl_bctx *b);   /* 0, or -1 after reporting */

/* ---- the typographic pass (typo.c) ---- */

/* Typographic quotes, en dashes in number ranges, no doubled punctuation,
 * code spans as plain text, in every text of d (new strings in a). */
void tmpl_typo_doc(struct arena *a, struct doc *d);

#endif
