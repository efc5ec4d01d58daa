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

struct figure {
	const char *key;
	enum fig_kind kind;
	double value;          /* FIG_NUM */
	const char *text;      /* FIG_TEXT (also set for FIG_NUM: NULL) */
	const char *unit;      /* "jobs", "share" (0..1), "rank", "people", "%", "" */
	const char *source;    /* datasets it was computed from, e.g. "employment.csv" */
	const char *formula;   /* how, in words or symbols */
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
};

struct figset;
struct geo_shapes;

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
int figtable_col(const struct figtable *t, const char *name);     /* -1 if absent */
const struct fcell *figtable_cell(const struct figtable *t, size_t row, size_t col);

struct dataset;
/* A new computed table called name holding columns cols[0..ncols) of the
 * loaded dataset t, row for row (numbers stay numbers, empty cells stay
 * empty; a column t lacks stays empty). A spec "out=in" copies column in
 * under the name out. Used by the regions and texts figures. */
struct figtable *figset_table_from_dataset(struct figset *fs, const char *name,
                                           const struct dataset *t, const char *const *cols,
                                           size_t ncols);

struct buf;
/* Append table t as CSV (header line, then rows) to b. */
void figtable_csv(const struct figtable *t, struct buf *b);

/* Write figures.csv (key,value,unit,source,formula) and one CSV per table
 * into dir, each through a temp file renamed on success. Returns 0 or -1
 * after reporting (EXIT_SYS). */
int figset_write_csv(const struct figset *fs, const char *dir);

#endif
