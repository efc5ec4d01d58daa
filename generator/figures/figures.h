/*
 * figures: the store of every computed figure and computed table of a run.
 * Filled by the model stage (and by the edition's text datasets, turned into
 * tables); read by templates. Written out as out/<edition>/figures.csv and one
 * CSV per table, so that every number in a document is traceable.
 *
 * Keys are stable, dotted, lowercase: "jobs.affected.total", "readiness.mex.rank".
 * Provenance kinds follow the edition's data: official, published, derived,
 * estimated.
 */
#ifndef REPORTGEN_FIGURES_H
#define REPORTGEN_FIGURES_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

enum fig_kind { FIG_NUM, FIG_TEXT };

/* What a value is, in the edition's terms (data/SOURCES.md), in increasing
 * order of doubt: FIG_PROV_NONE only before anything has been said. */
enum fig_prov {
	FIG_PROV_NONE, FIG_PROV_OFFICIAL, FIG_PROV_PUBLISHED, FIG_PROV_DERIVED,
	FIG_PROV_ESTIMATED
};

/* Provenance and the source ids (citation ids of the edition's rows,
 * data/SOURCES.md) a value rests on: ids sorted, unique, separated by one
 * space ("" when none). */
struct fig_origin {
	enum fig_prov prov;
	const char *sources;
};

/* The rule that combines inputs (fig_origin_join, then fig_origin_computed):
 *   - a value copied as its row has it keeps the row's provenance (a figure
 *     printed as the paper printed it stays published);
 *   - a value computed from inputs is estimated when any input is estimated,
 *     otherwise derived;
 *   - its sources are the union of the inputs' sources. */

struct figure {
	const char *key;
	enum fig_kind kind;
	double value;          /* FIG_NUM */
	const char *text;      /* FIG_TEXT (also set for FIG_NUM: NULL) */
	const char *unit;      /* "jobs", "share" (0..1), "rank", "people", "%", "" */
	const char *source;    /* datasets it was computed from, e.g. "employment.csv" */
	const char *formula;   /* how, in words or symbols */
	enum fig_prov prov;    /* see struct fig_origin */
	const char *sources;   /* source ids, space-separated */
};

/* A cell of a computed table: a number or a text. */
struct fcell {
	bool is_num;
	double num;
	const char *text;      /* always set: for numbers, a plain "%.15g" form */
};

struct figtable {
	const char *name;      /* "sectors", "readiness", "states", "recommendations" */
	size_t ncols;
	const char **cols;     /* column names */
	size_t nrows, cap;
	struct fcell *cells;   /* nrows * ncols */
	const char *source;    /* provenance line */
	struct fig_origin *origin;  /* per row: provenance and source ids */
	struct fig_origin *col_origin;  /* per column, NULL or prov NONE: the row's */
	struct fig_origin *cell_base;   /* per row, NULL or prov NONE: the row's; the
	                                   origin of its cells without a column origin */
	size_t base_cap;                /* rows cell_base has room for */
};

struct figset;
struct geo_shapes;

/* "official", "published", "derived", "estimated" ("" for NONE). */
const char *fig_prov_name(enum fig_prov p);
/* The kind named s; FIG_PROV_NONE if s names none. */
enum fig_prov fig_prov_parse(const char *s);
/* Add an input to acc: provenance the most doubtful of the two (NONE is
 * neutral), sources the union. ids is a space- or '|'-separated list. */
void fig_origin_join(struct figset *fs, struct fig_origin *acc, enum fig_prov prov,
                     const char *ids);
/* The same, the union allocated in arena a (for stages that only read the
 * store). */
void fig_origin_join_in(struct arena *a, struct fig_origin *acc, enum fig_prov prov,
                        const char *ids);
/* acc is now the origin of a value computed from its inputs: official or
 * published becomes derived; estimated stays estimated. */
void fig_origin_computed(struct fig_origin *acc);
/* True if the space-separated list ids contains id. */
bool fig_sources_has(const char *ids, const char *id);

/* The provenance context: every figure and every table row added after this
 * call takes prov and sources (copied) until the next call, unless given its
 * own (figset_num_p, figtable_set_origin). A model sets it while it emits. */
void figset_set_origin(struct figset *fs, enum fig_prov prov, const char *sources);
struct fig_origin figset_current_origin(const struct figset *fs);

/* New empty store in arena a. */
struct figset *figset_new(struct arena *a);
struct arena *figset_arena(const struct figset *fs);

/* Sets of outlines for maps (base.h's struct geo_shapes, projected), by name
 * ("states"). The store keeps the pointer: s must live as long as fs. A
 * second set of the same name replaces the first; at most four names. */
void figset_put_shapes(struct figset *fs, const char *name, const struct geo_shapes *s);
const struct geo_shapes *figset_get_shapes(const struct figset *fs, const char *name);

/* Add a numeric / text figure. The strings are copied. A second figure with
 * the same key replaces the first. Returns the stored figure. */
const struct figure *figset_num(struct figset *fs, const char *key, double value,
                                const char *unit, const char *source, const char *formula);
const struct figure *figset_text(struct figset *fs, const char *key, const char *text,
                                 const char *source);
/* The same with an explicit provenance and source ids. */
const struct figure *figset_num_p(struct figset *fs, const char *key, double value,
                                  const char *unit, const char *source, const char *formula,
                                  enum fig_prov prov, const char *sources);
const struct figure *figset_text_p(struct figset *fs, const char *key, const char *text,
                                   const char *source, enum fig_prov prov,
                                   const char *sources);
/* Look a figure up by key; NULL if absent. */
const struct figure *figset_get(const struct figset *fs, const char *key);
/* All figures, in insertion order. */
size_t figset_count(const struct figset *fs);
const struct figure *figset_at(const struct figset *fs, size_t i);
/* The known key closest to key (edit distance), for "did you mean"; NULL if
 * nothing is close. Searches figures and table names. */
const char *figset_suggest(const struct figset *fs, const char *key);

/* A new computed table with ncols columns named by cols[] (copied). */
struct figtable *figset_table(struct figset *fs, const char *name, size_t ncols,
                            const char *const *cols, const char *source);
const struct figtable *figset_get_table(const struct figset *fs, const char *name);
/* The same table, to append rows to (NULL if absent). */
struct figtable *figset_table_mut(struct figset *fs, const char *name);
size_t figset_table_count(const struct figset *fs);
const struct figtable *figset_table_at(const struct figset *fs, size_t i);
/* Append a row; returns its index. Cells start as empty text. */
size_t figtable_add_row(struct figset *fs, struct figtable *t);
void figtable_set_num(struct figset *fs, struct figtable *t, size_t row, size_t col, double v);
void figtable_set_text(struct figset *fs, struct figtable *t, size_t row, size_t col, const char *s);
/* Set the provenance and source ids of a row (copied). */
void figtable_set_origin(struct figset *fs, struct figtable *t, size_t row, enum fig_prov prov,
                         const char *sources);
/* Add an input to the origin of a row (fig_origin_join). */
void figtable_join_origin(struct figset *fs, struct figtable *t, size_t row,
                          enum fig_prov prov, const char *sources);
const struct fig_origin *figtable_origin(const struct figtable *t, size_t row);
/* A column whose cells rest on other inputs than their row as a whole (a
 * table mixing official and estimated columns): the cells of column col
 * take this origin; the row keeps its own (which should include it). */
void figtable_set_col_origin(struct figset *fs, struct figtable *t, size_t col,
                             enum fig_prov prov, const char *sources);
/* The origin of the cells of row that have no column origin, when it is
 * not the row's (the row's origin then covers more: every column). */
void figtable_set_cells_origin(struct figset *fs, struct figtable *t, size_t row,
                               enum fig_prov prov, const char *sources);
/* The origin of one cell: its column's if set, else its row's cells' (see
 * above), else its row's. */
const struct fig_origin *figtable_cell_origin(const struct figtable *t, size_t row, size_t col);
int figtable_col(const struct figtable *t, const char *name);     /* -1 if absent */
const struct fcell *figtable_cell(const struct figtable *t, size_t row, size_t col);

struct dataset;
/* A new computed table called name holding columns cols[0..ncols) of the
 * loaded dataset t, row for row (numbers stay numbers, empty cells stay
 * empty; a column t lacks stays empty). Each row's origin is the dataset
 * row's own provenance and source columns, when t has them. A spec "out=in" copies column in
 * under the name out. Used by the regions and texts figures. */
struct figtable *figset_table_from_dataset(struct figset *fs, const char *name,
                                           const struct dataset *t, const char *const *cols,
                                           size_t ncols);

struct buf;
/* Append table t as CSV (header line, then rows) to b; the rows' origins
 * follow as the last two columns, provenance and sources (row_provenance
 * and row_sources when the table has columns of those names). */
void figtable_csv(const struct figtable *t, struct buf *b);

/* Write figures.csv (key,value,unit,source,formula,provenance,sources) and one CSV per table
 * into dir, each through a temp file renamed on success. Returns 0 or -1
 * after reporting (EXIT_SYS). */
int figset_write_csv(const struct figset *fs, const char *dir);

#endif
