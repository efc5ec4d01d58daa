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

/* ---- draw lists (draw.c): what layout hands to the PDF writer ---- */
/*
 * draw: device-independent drawing primitives. The layout stage produces, for
 * every page, a list of these; pdf.c is the only module that turns them into
 * PDF operators. Charts (chart.c) draw into a list of their own that layout
 * offsets onto the page.
 *
 * Units are PostScript points; the origin is the bottom-left corner of the
 * page (PDF convention), y grows upwards. Text is placed at its baseline.
 */


struct arena;

/* Font roles; fonts/manifest maps each role to a TrueType file. */
enum font_role {
	FONT_SERIF, FONT_SERIF_BOLD, FONT_SERIF_ITALIC, FONT_SERIF_BOLDITALIC,
	FONT_SANS, FONT_SANS_BOLD, FONT_SANS_ITALIC, FONT_SANS_BOLDITALIC,
	FONT_NROLES
};

/* Measures the advance width (pt) of UTF-8 text s[0..len) in role at size. */
typedef double (*draw_measure_fn)(void *ctx, int role, double size, const char *s, size_t len);

struct draw_measure {
	draw_measure_fn width;
	void *ctx;
	double ascent[FONT_NROLES];   /* per 1 pt of size, e.g. 0.9 */
	double descent[FONT_NROLES];  /* per 1 pt of size, positive, e.g. 0.25 */
};

enum draw_kind {
	DRAW_TEXT,      /* text at (x, y) baseline, font role, size, colour */
	DRAW_LINE,      /* from (x, y) to (x + w, y + h), stroke width lw */
	DRAW_RECT,      /* stroked rectangle x, y, w, h */
	DRAW_FILL,      /* filled rectangle x, y, w, h */
	DRAW_CIRCLE,    /* filled circle centre (x, y), radius w; stroked if lw > 0 */
	DRAW_LINK_URI,  /* clickable area x, y, w, h -> target URL */
	DRAW_LINK_DEST, /* clickable area x, y, w, h -> target anchor name */
	DRAW_ANCHOR,    /* named destination at (x, y) on this page: target */
	DRAW_PATH       /* polygons: rings of pts (x, y pairs relative to (x, y));
	                   filled by the even-odd rule with rgb (unless DRAW_NOFILL),
	                   stroked with stroke_rgb when lw > 0 */
};

#define DRAW_NOFILL 0x1000000u   /* DRAW_PATH: rgb that means "stroke only" */

struct draw_op {
	enum draw_kind kind;
	double x, y, w, h;   /* pt */
	double lw;           /* stroke width, pt (0 = none) */
	unsigned rgb;        /* 0xRRGGBB, fill for FILL/CIRCLE/TEXT, stroke otherwise */
	int font;            /* enum font_role */
	double size;         /* pt */
	double dash;         /* dash length for LINE, pt (0 = solid) */
	const char *text;    /* DRAW_TEXT: UTF-8 */
	const char *target;  /* URL or anchor name */
	/* DRAW_PATH: ring r holds points [ring_end[r - 1], ring_end[r]) of pts */
	const double *pts;
	const size_t *ring_end;
	size_t nrings;
	unsigned stroke_rgb;
	int elem;            /* structure element it belongs to (index into
	                        layout.elems; 0 = the Document element) */
	unsigned char flags; /* DRAW_F_* */
	unsigned short brk_len;  /* DRAW_F_HYEND: bytes of the broken word at the end */
	unsigned short cont_len; /* DRAW_F_HYCONT: bytes of its rest at the start */
	const char *actual;  /* DRAW_F_HYEND: the whole word, as it reads */
};

/* Flags on draw ops. */
enum {
	DRAW_F_ARTIFACT = 1 << 0,  /* not content: running heads, folios, rules,
	                              gridlines, decoration, repeated headers */
	DRAW_F_HYEND = 1 << 1,     /* DRAW_TEXT ends with a word broken at the end
	                              of the line (a hyphen the breaker added, or a
	                              real hyphen): its last brk_len bytes read as
	                              actual, the whole word */
	DRAW_F_HYCONT = 1 << 2,    /* DRAW_TEXT starts with the rest of a word broken
	                              on the line before: its first cont_len bytes
	                              read as nothing (the word was read there) */
	DRAW_F_SPACE = 1 << 3      /* DRAW_TEXT ends a line that breaks between
	                              words: a space glyph follows it, so the line
	                              and the next read as separate words */
};

/* ---- structure (tagged PDF): what each drawn item is ---- */

/* Standard structure types of PDF 1.7 (14.8.4), plus Title (the cover's
 * title, role-mapped to H1). */
enum layout_role {
	SR_DOCUMENT, SR_TITLE, SR_H1, SR_H2, SR_H3, SR_P, SR_L, SR_LI, SR_LBL, SR_LBODY,
	SR_BLOCKQUOTE, SR_TABLE, SR_THEAD, SR_TBODY, SR_TR, SR_TH, SR_TD, SR_CAPTION,
	SR_FIGURE, SR_NOTE, SR_REFERENCE, SR_LINK, SR_TOC, SR_TOCI, SR_SPAN, SR_NROLES
};

/* The PDF name of a role ("H1", "LBody"). */
const char *layout_role_name(int role);

/* One structure element. Elements are made in the document's logical
 * order; the tree (parent links) follows the document tree, not the page
 * geometry, so reading order is the logical order whatever the layout. */
struct layout_elem {
	int role;                 /* enum layout_role */
	int parent;               /* index of the parent; -1 for the Document (0) */
	int order;                /* sort key among its siblings (creation order,
	                             except footnotes: just after their first call) */
	bool inline_el;           /* Link, Reference, Span: sits among its parent's
	                             own content, in drawing order */
	bool keep_empty;          /* TH/TD: kept without content (table shape) */
	const char *alt;          /* Figure: alternative text (UTF-8) */
	const char *lang;         /* a language other than the document's, or NULL */
	const char *scope;        /* TH: "Column" or "Row" */
	int colspan;              /* TH/TD spanning columns (0/1 = one) */
};

struct draw_list {
	struct draw_op *ops;
	size_t n, cap;
	double width, height; /* extent of the drawing (charts), pt */
};

/* Append an op (copied) to l, growing it in arena a. Returns the stored op. */
struct draw_op *draw_push(struct arena *a, struct draw_list *l, const struct draw_op *op);
/* Append every op of src to dst, shifted by (dx, dy). */
void draw_append(struct arena *a, struct draw_list *dst, const struct draw_list *src,
                 double dx, double dy);


/* ---- hyphenation (hyph.c) ---- */
/*
 * hyph: hyphenation points of words (libhyphen), for the layout stage's line
 * breaker. Dictionaries are loaded on first use of a language and kept for
 * the whole run, so every document of the run shares them.
 */


struct hyph;

/* A hyphenator with no dictionary loaded yet; free with hyph_free.
 * dir is the dictionary folder (NULL = /usr/share/hyphen). Never NULL. */
struct hyph *hyph_new(const char *dir);
void hyph_free(struct hyph *h);

/* Hyphenation points of the UTF-8 word w[0..len) in lang ("en" or "es";
 * anything else, or a dictionary that cannot be loaded, gives no points).
 * Writes up to max byte offsets into at (a break falls before byte at[i]),
 * ascending, and returns how many. Only the letters of the word are looked
 * at: a word with digits or symbols inside gets no points; leading and
 * trailing punctuation is skipped. A missing dictionary is warned about once. */
size_t hyph_word(struct hyph *h, const char *lang, const char *w, size_t len,
                 size_t *at, size_t max);

/* Load the dictionary of lang now rather than at the first word (run.c does
 * it on a helper thread). Not thread-safe with other calls on h. */
void hyph_preload(struct hyph *h, const char *lang);

/* 1 when lang's dictionary is the compiled form mapped from the cache (see
 * hyph.c), 0 when it is libhyphen's own load or missing. For tests. */
int hyph_compiled(struct hyph *h, const char *lang);

/* libhyphen's hnj_hyphen_hyphenate3 on lang's dictionary, with its
 * hyphenmins: low is a lowercase word of len bytes, marks gets len + 5
 * bytes (odd: a break after that character). Returns libhyphen's result, or
 * -1 without a dictionary. For tests (the compiled form against the .dic). */
int hyph_marks(struct hyph *h, const char *lang, const char *low, size_t len, char *marks);


/* ---- page layout (layout.c, pages.c, blocks.c, linebreak.c) ---- */



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
	struct layout_elem *elems;                  /* structure elements, [0] = Document */
	size_t nelems;
	const char *lang;                           /* the document's language ("en", "es") */
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
