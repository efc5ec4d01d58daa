/*
 * The chart and table drawing contract, as the layout stage calls it
 * (generator/chart.h and generator/table.h, owned by the charts module).
 * Declared here only until those headers are on main; the prototypes must
 * stay identical to the contract.
 */
#ifndef REPORTGEN_LAYOUT_CONTRACT_H
#define REPORTGEN_LAYOUT_CONTRACT_H

#include <stddef.h>

struct arena;
struct doc_chart;
struct doc_table;
struct draw_list;
struct draw_measure;
struct table_plan;

/* Ops relative to (0,0) = bottom-left of the chart box; returns height used (pt). */
double chart_draw(struct arena *a, const struct doc_chart *c, double width,
                  const struct draw_measure *m, const char *lang, struct draw_list *out);

struct table_plan *table_plan(struct arena *a, const struct doc_table *t, double width,
                              const struct draw_measure *m);
size_t table_plan_rows(const struct table_plan *p);
double table_plan_header_height(const struct table_plan *p);
double table_plan_row_height(const struct table_plan *p, size_t row);
/* Draws header (if asked) and rows [from,to) downward from y_top; returns height used. */
double table_draw(struct arena *a, const struct doc_table *t, const struct table_plan *p,
                  size_t row_from, size_t row_to, int with_header, double x, double y_top,
                  struct draw_list *out);

#endif
