/*
 * draw: device-independent drawing primitives. The layout stage produces, for
 * every page, a list of these; pdf.c is the only module that turns them into
 * PDF operators. Charts (chart.c) draw into a list of their own that layout
 * offsets onto the page.
 *
 * Units are PostScript points; the origin is the bottom-left corner of the
 * page (PDF convention), y grows upwards. Text is placed at its baseline.
 */
#ifndef REPORTGEN_DRAW_H
#define REPORTGEN_DRAW_H

#include <stddef.h>

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
	DRAW_ANCHOR     /* named destination at (x, y) on this page: target */
};

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

#endif
