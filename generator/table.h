/*
 * table: column widths, cell wrapping and drawing of DOC_TABLE nodes as
 * generator/draw.h primitives. The layout stage plans a table once for a
 * text width, then draws it slice by slice (rows [from, to)) so that it can
 * break across pages and repeat the header on each one.
 * Text is measured only through struct draw_measure; the sans roles are used.
 */
#ifndef REPORTGEN_TABLE_H
#define REPORTGEN_TABLE_H

#include <stddef.h>

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
double table_draw(struct arena *a, const struct doc_table *t, const struct table_plan *p,
                  size_t row_from, size_t row_to, int with_header, double x, double y_top,
                  struct draw_list *out);

#endif
