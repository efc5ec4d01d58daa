/*
 * doc: the document tree. Built by the template stage (tmpl), consumed by the
 * layout stage. It knows nothing of fonts, pages or PDF.
 *
 * Shape:
 *   DOC_ROOT
 *     DOC_SECTION (level 1..3: chapter, section, subsection; title in runs)
 *       DOC_PARA, DOC_LIST > DOC_ITEM > (DOC_PARA | DOC_LIST), DOC_QUOTE > DOC_PARA,
 *       DOC_TABLE, DOC_CHART, DOC_PAGEBREAK, DOC_TOC, DOC_SECTION (deeper) ...
 * Blocks may also sit directly under the root (cover material before the
 * first chapter). Footnote texts are DOC_NOTE nodes kept in doc->notes, in
 * order of first call; a RUN_NOTEREF run points at its note.
 * All memory belongs to the arena the doc was built in.
 */
#ifndef REPORTGEN_DOC_H
#define REPORTGEN_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"

struct arena;

enum doc_kind {
	DOC_ROOT,
	DOC_SECTION,    /* heading + content; level, numbered, label, number */
	DOC_PARA,       /* runs */
	DOC_LIST,       /* children DOC_ITEM; DOC_F_ORDERED for numbered lists */
	DOC_ITEM,       /* children blocks (usually one DOC_PARA) */
	DOC_QUOTE,      /* block quote: children DOC_PARA; attribution optional */
	DOC_PULLQUOTE,  /* pull quote: same shape, set large and apart */
	DOC_TABLE,      /* table */
	DOC_CHART,      /* chart */
	DOC_PAGEBREAK,  /* forced page break */
	DOC_TOC,        /* table of contents goes here */
	DOC_NOTE,       /* footnote text: children DOC_PARA; number */
	DOC_COVER       /* cover page: fields in cover */
};

/* Flags on nodes. */
enum {
	DOC_F_NUMBERED = 1 << 0,   /* section gets a number ("3", "3.2") */
	DOC_F_ORDERED = 1 << 1,    /* list is numbered */
	DOC_F_RAGGED = 1 << 2,     /* paragraph set ragged-right, not justified */
	DOC_F_APPENDIX = 1 << 3,   /* chapter is an appendix ("Appendix 2") */
	DOC_F_NOTOC = 1 << 4,      /* section left out of the TOC and outline */
	DOC_F_NEWPAGE = 1 << 5,    /* section starts a new page (chapters always do) */
	DOC_F_LEAD = 1 << 6,       /* paragraph is a lead/standfirst (set larger) */
	DOC_F_SMALL = 1 << 7,      /* paragraph set small (source lines, notes) */
	DOC_F_CENTER = 1 << 8,     /* paragraph centred */
	DOC_F_COLUMNS = 1 << 9     /* chapter body set in two columns ({.columns}) */
};

/* Inline run styles (bit set). */
enum {
	RUN_BOLD = 1 << 0,
	RUN_ITALIC = 1 << 1
};

enum run_kind {
	RUN_TEXT,      /* text */
	RUN_LINK,      /* text with target = URL */
	RUN_XREF,      /* text = resolved "Table 3"/"Section 4.2"; target = label */
	RUN_NOTEREF,   /* footnote call: note points at the DOC_NOTE; text = "3" */
	RUN_BREAK      /* forced line break */
};

struct doc_node;

struct doc_run {
	enum run_kind kind;
	unsigned style;           /* RUN_BOLD | RUN_ITALIC */
	const char *text;         /* UTF-8, validated */
	const char *target;       /* URL (RUN_LINK) or label (RUN_XREF) */
	struct doc_node *note;    /* RUN_NOTEREF */
};

enum doc_align { DOC_ALIGN_LEFT, DOC_ALIGN_RIGHT, DOC_ALIGN_CENTER, DOC_ALIGN_DECIMAL };

struct doc_tcol {
	const char *header;       /* header text (may contain '\n' for two lines) */
	enum doc_align align;
	double width;             /* relative width hint (0 = from content) */
	bool numeric;             /* numbers: right/decimal aligned, tabular */
};

struct doc_table {
	size_t ncols, nrows;
	struct doc_tcol *cols;
	const char **cells;       /* nrows * ncols, formatted text */
	unsigned *row_flags;      /* per row: DOC_ROW_* */
	size_t header_rows;       /* usually 1; repeated when the table breaks */
	const char *group_header; /* optional spanning header line above (NULL) */
};

enum { DOC_ROW_BOLD = 1, DOC_ROW_RULE = 2, DOC_ROW_GROUP = 4 /* group label row */ };

enum doc_chart_kind {
	CHART_BAR,       /* horizontal bars: label, value; sorted as given */
	CHART_SCATTER,   /* x, y, point label; optional least-squares line */
	CHART_DOTRANK,   /* rank per item out of max (e.g. 1..35): dots on a line */
	CHART_MAP,       /* outlines filled by class of value (a choropleth), or with
	                    classes == 0 a locator map: the highlighted item only */
	CHART_INTERVAL   /* DOTRANK with a bar from lo to hi behind each dot (a rank
	                    and its uncertainty interval) */
};

struct doc_chart {
	enum doc_chart_kind kind;
	size_t n;
	const char **labels;      /* n point/bar labels */
	double *x;                /* SCATTER: x; BAR/DOTRANK: unused (NULL) */
	double *y;                /* BAR: value; SCATTER: y; DOTRANK, INTERVAL: rank */
	double *lo, *hi;          /* INTERVAL: the ends of each item's bar; else NULL */
	const char **groups;      /* optional per item group (cluster) or NULL */
	bool highlight_set;
	size_t highlight;         /* index of an item to emphasise */
	bool fit_line;            /* SCATTER: draw least-squares line */
	double slope, intercept;  /* of the line, computed by the model */
	double r;                 /* Pearson r, for a legend note (NaN if none) */
	double rank_max;          /* DOTRANK, INTERVAL: ranks run 1..rank_max */
	const char *x_title, *y_title;
	const char **value_labels;/* n formatted value labels, or NULL */
	bool x_percent, y_percent;/* axes show percent */
	/* MAP */
	const struct geo_shapes *geo;        /* every outline of the map (projected) */
	const struct geo_shape **shapes;     /* n: item i's outline (NULL: none) */
	int classes;                         /* number of classes; 0 = locator map */
	double scale;                        /* width of the map as a share of the
	                                        width given (0 = all of it) */
	const char *alt;          /* alternative text, written from the data by the
	                             stage that builds the chart (any kind), in the
	                             document's language; NULL = the caption */
};

struct doc_cover {
	const char *title, *subtitle, *authors, *date, *edition_note;
	bool masthead;            /* a band atop page 1 with the text following it
	                             ('style: masthead'), not a page of its own */
};

struct doc_node {
	enum doc_kind kind;
	struct srcloc loc;        /* where in the template it came from */
	struct doc_node *parent, *first, *last, *next;
	int level;                /* SECTION: 1 chapter, 2 section, 3 subsection */
	unsigned flags;           /* DOC_F_* */
	const char *label;        /* for cross-references, or NULL */
	const char *number;       /* resolved: "3", "3.2", "A2", table "3"; or NULL */
	struct doc_run *runs;     /* PARA, SECTION title, caption of TABLE/CHART */
	size_t nruns;
	const char *attribution;  /* QUOTE/PULLQUOTE */
	const char *source;       /* TABLE/CHART: "Source: ..." text (without the word),
	                             generated from the rows it draws (tmpl/cite.c) */
	const char *source_ids;   /* TABLE/CHART: the source ids of the rows drawn */
	bool source_estimated;    /* TABLE/CHART: a drawn row is estimated */
	const char *drawn;        /* TABLE/CHART: what it draws, "table:row:col" (0-based)
	                             and "=figure.key", space-separated, for checks */
	struct doc_table *table;  /* DOC_TABLE */
	struct doc_chart *chart;  /* DOC_CHART */
	struct doc_cover *cover;  /* DOC_COVER */
	int note_number;          /* DOC_NOTE */
};

struct doc {
	struct doc_node *root;
	const char *lang;          /* "en", "es" */
	const char *title, *subtitle, *author, *subject, *keywords;
	const char *date;          /* display date, e.g. "June 2018" */
	struct doc_node **notes;   /* footnotes in number order */
	size_t nnotes;
	const char *running_title; /* short title for headers */
};

/* A new document with an empty root. */
struct doc *doc_new(struct arena *a, const char *lang);
/* A new node of kind, appended as the last child of parent (if not NULL). */
struct doc_node *doc_add(struct arena *a, struct doc_node *parent, enum doc_kind kind,
                         const struct srcloc *loc);
/* Append a run to a node (PARA, SECTION title, TABLE/CHART caption). */
struct doc_run *doc_add_run(struct arena *a, struct doc_node *n, enum run_kind kind,
                            unsigned style, const char *text);
/* Plain text of a node's runs (arena-owned), e.g. for outline titles. */
char *doc_plain_text(struct arena *a, const struct doc_node *n);

/* Walk: pre-order visit of every node; stop when fn returns nonzero. */
int doc_walk(struct doc_node *n, int (*fn)(struct doc_node *, void *), void *ud);


struct buf;
/* Text dump of the tree for tests, one node a line, indented by depth:
 *   SECTION L1 N="3" label=impact "Likely impact"
 *   PARA "text with *italic* marks"  (runs shown plainly, styles as * and **) */
void doc_dump(const struct doc *d, struct buf *out);

#endif
