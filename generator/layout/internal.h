/*
 * layout internals shared by generator/layout.c and the files of
 * generator/layout/.
 * Not a public header: only the layout module includes it.
 *
 * The stage works in two steps. Blocks (blocks.c) turn the document tree
 * into one vertical list of items: line boxes, glue (vertical space) and
 * penalties (break permissions), with footnote calls and table rows marked.
 * Pages (pages.c) cut that list into pages, placing footnotes, repeating
 * table headers and adding running headers and folios. Paragraph lines come
 * from the Knuth-Plass breaker in linebreak.c.
 */
#ifndef REPORTGEN_LAYOUT_INTERNAL_H
#define REPORTGEN_LAYOUT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "doc/doc.h"
#include "layout/layout.h"
#include "base/base.h"

struct arena;
struct hyph;
struct table_plan;

#define LAY_INF 10000        /* penalty that forbids a break; -LAY_INF forces one */

/* Colours of the design. */
enum {
	LAY_INK = 0x1f2328,      /* body text */
	LAY_ACCENT = 0x0e4d64,   /* headings, rules, links */
	LAY_ACCENT2 = 0xc0504d,  /* warm second colour: cover band stripe */
	LAY_TINT = 0xe7eff2,     /* light tint of the accent */
	LAY_GREY = 0x6b7178      /* running heads, captions' sources */
};

enum lay_align { LAY_JUSTIFY, LAY_RAGGED, LAY_CENTER, LAY_RIGHT };

/* How a paragraph is set. */
struct lay_pstyle {
	int family;              /* FONT_SERIF or FONT_SANS */
	unsigned style;          /* RUN_BOLD | RUN_ITALIC added to every run */
	bool flip_italic;        /* italic runs become upright (quotes set in italic) */
	double size, leading;    /* pt */
	unsigned rgb, link_rgb;  /* 0xRRGGBB */
	enum lay_align align;
	bool hyphenate;
};

enum lay_vkind {
	V_BOX,      /* a line or block: ops relative to its top-left corner */
	V_GLUE,     /* vertical space: a break is allowed here after a box */
	V_PEN,      /* penalty: LAY_INF forbids a break, -LAY_INF forces a new page */
	V_TABROW    /* one row of a table (drawn by table_draw at page time) */
};

/* Marks on boxes that page making acts upon. */
enum {
	VB_OPENING = 1 << 0,   /* chapter opening: no running header on the page */
	VB_COVER = 1 << 1,     /* cover: no header, no folio */
	VB_HEADING = 1 << 2,   /* carries a heading (sec set) */
	VB_FLOAT = 1 << 3,     /* a figure that may move to the top of the next page */
	VB_COLUMN = 1 << 4,    /* set one column wide: flows column by column (DOC_F_COLUMNS) */
	VB_WIDE = 1 << 5       /* a table or figure of a columns section, set full width */
};

/* Space between the two columns of a DOC_F_COLUMNS chapter, pt. */
#define LAY_GUTTER 18.0

struct lay_vitem {
	enum lay_vkind kind;
	unsigned flags;            /* VB_* */
	double h;                  /* pt: box height (top to next top) or glue size */
	int penalty;               /* V_PEN */
	struct draw_list ops;      /* V_BOX: x from the frame's left edge, y from the
	                              box top upwards (so below the top is negative) */
	struct draw_list furn;     /* furniture of the page, absolute coordinates */
	int *notes;                /* footnote indexes (into doc->notes) called here */
	size_t nnotes;
	const struct doc_node *sec;/* VB_HEADING: the section */
	const char *running;       /* running head from this box on (NULL = unchanged) */
	int sec_ordinal;           /* VB_HEADING: 0-based index of the section */
	/* V_TABROW */
	const struct doc_node *tnode;
	struct table_plan *plan;
	const struct table_tags *tags;   /* structure elements of the table's cells */
	size_t row;
	double header_h;           /* header height to add when a page starts with it */
	const char *cont;          /* "Table 3 (continued)" for a page that starts with it */
};

struct lay_vlist {
	struct lay_vitem *v;
	size_t n, cap;
};

/* Footnote text set in lines, ready to place at the foot of a page. */
struct lay_note {
	struct lay_vitem *lines;   /* V_BOX lines */
	size_t n;
	double h;                  /* total, pt */
	int elem;                  /* its Note element (0 = none) */
	bool placed;               /* put after its first call in the structure */
};

/* Heading seen while blocks were built: outline and TOC entries. */
struct lay_sec {
	const struct doc_node *node;
	const char *anchor;
	const char *title;         /* plain title with number */
	int level;
	bool in_toc;
};

/* The run of one layout pass. */
struct lay {
	struct arena *a;                  /* results: pages, outline */
	struct arena *tmp;                /* scratch of one paragraph (linebreak.c) */
	const struct doc *doc;
	const struct draw_measure *m;
	struct hyph *hyph;
	const char *lang;
	enum i18n_lang lng;               /* lang parsed, for i18n_label (English if unknown) */
	double pw, ph;                    /* page */
	double fx, fy, fw, fh;            /* frame */
	struct lay_vlist vl;
	struct lay_note *notes;           /* doc->nnotes */
	struct lay_sec *secs;             /* every section in order */
	size_t nsecs, capsecs;
	int *sec_pages;                   /* folio of each section, set by lay_pages */
	const char **toc_num;             /* per section: the TOC's page number op text
	                                     (identified by pointer, patched after paging) */
	int table_count, figure_count;
	int keep;                         /* lines still to keep with a heading above */
	double col_full;                  /* inside a columns section: the full frame
	                                     width (L->fw is then one column); else 0 */
	struct layout *out;
	/* structure (tagged PDF) */
	struct layout_elem *elems;        /* made in logical order; [0] = Document */
	size_t nelems, capelems;
	int elem;                         /* element of the text drawn now; -1 = artifact */
	int cont;                         /* element new blocks go into */
};

/* A new structure element of role under parent; returns its index. */
int lay_tag(struct lay *L, int role, int parent);

/* ---- linebreak.c ---- */

/* Set runs as a paragraph of the given measure. Appends one V_BOX per line to
 * *lines (arena-grown, *nlines updated); each line box has height
 * ps->leading and its ops start at x = indent. first_prefix_w reserves room
 * on the first line only (unused = 0). Returns the number of lines. */
size_t lay_par_lines(struct lay *L, const struct doc_run *runs, size_t nruns,
                     const struct lay_pstyle *ps, double width, double indent,
                     struct lay_vitem **lines, size_t *nlines);

/* Advance width of s in role at size. */
double lay_width(const struct lay *L, int role, double size, const char *s);
/* Distance from the top of a line box to its baseline. */
double lay_baseline(double size, double leading);

/* A DRAW_TEXT op (w = advance width) appended to l. */
struct draw_op *lay_text(struct lay *L, struct draw_list *l, double x, double y, int role,
                         double size, unsigned rgb, const char *s);
/* A rule (DRAW_LINE) / filled box appended to l: decoration, so marked
 * as artifacts. */
void lay_rule(struct lay *L, struct draw_list *l, double x, double y, double w, double h,
              double lw, unsigned rgb);
void lay_fill(struct lay *L, struct draw_list *l, double x, double y, double w, double h,
              unsigned rgb);

/* ---- blocks.c ---- */
void lay_blocks(struct lay *L);

/* ---- pages.c ---- */
void lay_pages(struct lay *L);

/* Vertical list helpers. */
struct lay_vitem *lay_vpush(struct lay *L, enum lay_vkind kind);
void lay_vglue(struct lay *L, double h);
void lay_vpen(struct lay *L, int penalty);

/* ---- tables (table.c) ---- */
/*
 * table: column widths, cell wrapping and drawing of DOC_TABLE nodes as
 * generator/draw.h primitives. The layout stage plans a table once for a
 * text width, then draws it slice by slice (rows [from, to)) so that it can
 * break across pages and repeat the header on each one.
 * Text is measured only through struct draw_measure; the sans roles are used.
 */


struct arena;
struct doc_table;
struct draw_measure;
struct draw_list;

/* Opaque: widths, wrapped lines and heights of one table at one width. */
struct table_plan;

/*
 * Plan table t for a total width (pt): column widths (they sum to width),
 * wrapped lines of every cell, row heights. Everything the drawing needs is
 * measured here, so table_draw needs no measure. Arena-owned; never NULL.
 *
 * Rows: the header is cols[].header (one row, '\n' splits lines) plus, when
 * t->header_rows > 1, the first header_rows - 1 rows of t->cells; the
 * remaining rows of t->cells are the body rows counted by table_plan_rows.
 * header_rows == 0 (or no header text at all) means no header.
 */
struct table_plan *table_plan(struct arena *a, const struct doc_table *t, double width,
                              const struct draw_measure *m);

/* Structure elements of a table's cells (layout_elem indexes): row k of the
 * header block (the group header line first, when there is one) is a TR at
 * head + k * (ncols + 1) with its cells after it; body row r likewise at
 * body + r * (ncols + 1). A spanning row's text goes to its first cell. */
struct table_tags {
	int head, body;
	size_t ncols;
};

/* Rows of the header block (group header line included), for tagging. */
size_t table_plan_head_rows(const struct table_plan *p);
/* Nonzero when body row row is one spanning cell (group label) or has no
 * text (a rule). */
int table_plan_row_spans(const struct table_plan *p, size_t row);

/* Number of body rows (the rows table_draw indexes). */
size_t table_plan_rows(const struct table_plan *p);
/* Height of the header block (group header line + header rows), pt; 0 if none. */
double table_plan_header_height(const struct table_plan *p);
/* Height of body row row (0-based), pt; 0 when out of range. */
double table_plan_row_height(const struct table_plan *p, size_t row);
/* Nonzero when body row row should not end a page: a group label row
 * (DOC_ROW_GROUP) belongs with the row after it. */
int table_plan_row_keep_with_next(const struct table_plan *p, size_t row);
/* Column width / left offset of column col, pt (0 when out of range). */
double table_plan_col_width(const struct table_plan *p, size_t col);
double table_plan_col_x(const struct table_plan *p, size_t col);

/*
 * Draw the header (if with_header) and then body rows [row_from, row_to)
 * downwards from y_top, left edge x (page coordinates, y up), appending to out.
 * Every slice ends with a closing rule on its bottom edge. Returns the height
 * used: header height (if drawn) + the heights of the rows drawn.
 * t must be the table p was planned from.
 */
/* Text of header and body cells is tagged with tags (NULL: every op an
 * artifact); head_artifact marks a repeated header as an artifact; rules and
 * fills are always artifacts. */
double table_draw(struct arena *a, const struct doc_table *t, const struct table_plan *p,
                  size_t row_from, size_t row_to, int with_header, double x, double y_top,
                  struct draw_list *out, const struct table_tags *tags, int head_artifact);


/* ---- charts (chart.c) ---- */
/*
 * chart: vector charts (horizontal bars, scatter with a fitted line, rank
 * dots) drawn as generator/draw.h primitives. Called by the layout stage for
 * every DOC_CHART; the layout offsets the returned list onto the page.
 * Text is measured only through the struct draw_measure callbacks, and only
 * the sans roles (FONT_SANS, FONT_SANS_BOLD) are used.
 */


struct arena;
struct doc_chart;
struct draw_measure;
struct draw_list;

/*
 * Draw chart c into out (appended; out may be empty or zeroed). Coordinates are
 * relative to (0,0) = bottom-left of the chart box, y up; every op stays
 * inside [0,width] x [0,height]. Sets out->width = width and out->height to
 * the height used, and returns that height (pt). lang ("en", "es") selects the
 * words of notes ("1 = best of 35" / "1 = mejor de 35"); numbers follow the
 * project's convention shared by both languages ("1,234.5", "25%").
 * All memory comes from arena a (text of the ops included).
 * A chart without items draws nothing and returns 0.
 *
 * Conventions: values of a percent axis (x_percent / y_percent) are fractions
 * (0.25 draws as "25%"). DOTRANK puts rank 1 (best) on the left.
 */
double chart_draw(struct arena *a, const struct doc_chart *c, double width,
                  const struct draw_measure *m, const char *lang, struct draw_list *out);

/* ---- maps (map.c) ---- */

/* Draw a CHART_MAP (chart_draw's contract, into a y-up frame of its own):
 * the outlines scaled to fit width (times c->scale), simplified to 0.2 pt,
 * with the legend of classes. Returns the height used. */
double map_draw(struct arena *a, const struct doc_chart *c, double width,
                const struct draw_measure *m, const char *lang, struct draw_list *out);

/* Classes of equal count ("quantiles") of v[0..n): items sorted by value,
 * cut into k runs of about n / k items, equal values always in the same
 * class (so there may be fewer than k). cls[i] is item i's class (0 = the
 * lowest), -1 for NaN; lo[j], hi[j] the smallest and largest value in class
 * j and count[j] its items (arrays of k). Returns the number of classes. */
int map_classes(const double *v, size_t n, int k, int *cls, double *lo, double *hi,
                size_t *count);

/* Fill colour of class j of k (k <= 9): a sequential ramp, light to dark. */
unsigned map_class_rgb(int j, int k);

/* Round axis ticks: first, first + step, ... last (count values). */
struct chart_ticks {
	double first, last, step;
	int count;
	int decimals;   /* decimals needed to print every tick exactly */
};

/*
 * Round ticks covering [lo, hi] with about target intervals: step is 1, 2,
 * 2.5 or 5 times a power of ten, first <= lo and last >= hi are multiples of
 * step. lo > hi is swapped; lo == hi gets a unit-sized range around it.
 */
void chart_ticks(double lo, double hi, int target, struct chart_ticks *t);


#endif
