/*
 * layout: typesetting. Turns the document tree (doc.h) into pages of drawing
 * primitives (draw.h): Knuth-Plass line breaking with hyphenation, headings,
 * lists, quotes, footnotes, tables (table.h) and charts (chart.h) with
 * captions, cover, table of contents, running headers and folios.
 * Pipeline: templates -> layout -> PDF (pdf.h). Text is measured through a
 * struct draw_measure, so this module never sees a font file.
 */
#ifndef REPORTGEN_LAYOUT_H
#define REPORTGEN_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "draw.h"

struct arena;
struct buf;
struct doc;
struct hyph;

enum layout_paper {
	LAYOUT_A4,       /* 595.28 x 841.89 pt (default) */
	LAYOUT_LETTER    /* 612 x 792 pt */
};

struct layout_opts {
	enum layout_paper paper;
	struct hyph *hyph;        /* the run's hyphenator (hyph.h); NULL = no hyphenation */
};

/* One bookmark: a heading of the document. */
struct layout_outline {
	int level;                /* 1 chapter, 2 section, 3 subsection */
	const char *title;        /* UTF-8, with its number ("3.2 Title") */
	size_t page;              /* 0-based page index */
	const char *anchor;       /* DRAW_ANCHOR name on that page */
};

struct layout_page {
	struct draw_list ops;     /* everything on the page, absolute coordinates */
	size_t body_from;         /* ops[body_from..n) are body: inside the frame;
	                             ops before it are furniture (header, folio,
	                             cover, chapter opening bands) */
	int folio;                /* page number as printed (= physical page, 1-based) */
	bool cover;               /* the cover page */
};

struct layout {
	double page_w, page_h;                      /* pt */
	double frame_x, frame_y, frame_w, frame_h;  /* body frame, pt, y = bottom edge */
	struct layout_page *pages;
	size_t npages;
	struct layout_outline *outline;             /* headings in document order */
	size_t noutline;
	int passes;                                 /* layout passes run (1: TOC numbers are
	                                               patched in, their room is fixed) */
};

/* Lay out doc on pages. Everything returned lives in arena a; m must measure
 * with the fonts the PDF will embed (pdf_fonts_measure). opts may be NULL
 * (A4, no hyphenation). Never fails: an impossible line is broken inside a
 * word rather than set overfull. */
struct layout *layout_doc(struct arena *a, const struct doc *doc,
                          const struct draw_measure *m, const struct layout_opts *opts);

/* Text dump of every page's boxes for tests, one op a line:
 *   page 3 folio=3 ops=120 body_from=6
 *   TEXT 99.60 702.13 w=45.20 serif 10.50 #222222 "word"
 *   FILL 0.00 800.00 595.28 41.89 #0e4d64 */
void layout_dump(const struct layout *l, struct buf *out);

#endif
