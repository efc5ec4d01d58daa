/*
 * data: the ingestion layer. Every dataset of an edition is read here, through
 * libcsv's streaming callbacks, against a declared schema. First stage of the
 * pipeline: load -> model -> figures -> templates -> layout -> PDF.
 *
 * A table is accepted only whole: UTF-8 (BOM allowed), LF or CRLF, quoted
 * fields; every cell checked against its column's type and range; keys unique.
 * Every problem is reported as FILE:LINE:COL with the column name, all of them
 * for one file, and the load fails (status EXIT_DATA, or EXIT_SYS if the file
 * cannot be read).
 */
#ifndef REPORTGEN_DATA_H
#define REPORTGEN_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/base.h"

struct arena;

/*
 * Limits on every dataset (README "Limits"). Past any of them the load fails
 * with one message at the place (FILE:LINE:COL, or FILE for the size), so no
 * input makes the later stages slow or large: they are all linear in these.
 */
#define DATA_MAX_FILE_BYTES (256u << 20)  /* one file: 256 MB */
#define DATA_MAX_LINE_BYTES (8u << 20)    /* one record (physical lines of a row): 8 MB */
#define DATA_MAX_FIELD_BYTES (64u << 10)  /* one field: 64 KB (a column may say less) */
#define DATA_MAX_ROWS 1000000u            /* data rows in one file */
#define DATA_MAX_MAGNITUDE 1e15           /* |number| in a column without its own range:
                                             sums over DATA_MAX_ROWS rows stay finite
                                             and exact to the unit */

enum col_type {
	COL_TEXT,     /* any UTF-8 text (may be empty unless required) */
	COL_INT,      /* integer, optional sign, no separators */
	COL_NUM,      /* decimal number, '.' as decimal point, optional exponent */
	COL_SHARE,    /* a share: "0.42" or "42%" -> stored as 0.42; must be 0..1 */
	COL_ENUM,     /* one of the '|'-separated values in enum_values */
	COL_CODE      /* identifier: [A-Za-z0-9_.-]+ (sector, country, state codes) */
};

struct col_schema {
	const char *name;        /* header text, exact (after BOM/space trimming) */
	enum col_type type;
	bool required;           /* column must be present and cells non-empty */
	bool key;                /* part of the table key (key columns unique together) */
	bool has_min, has_max;   /* range check for INT/NUM (SHARE is always 0..1) */
	double min, max;
	const char *enum_values; /* COL_ENUM: "a|b|c" */
	size_t max_chars;        /* COL_TEXT: most characters (0: DATA_MAX_FIELD_BYTES only),
	                            for text printed in a table cell or a heading */
};

/* The provenance kinds of the edition's rows, and the two columns every
 * edition dataset ends with (what a row is and where it comes from). */
#define PROVENANCE_VALUES "official|published|derived|estimated"
#define PROVENANCE_COLS \
	{ .name = "provenance", .type = COL_ENUM, .required = true, \
	  .enum_values = PROVENANCE_VALUES }, \
	{ .name = "source", .type = COL_CODE, .required = true }

struct dataset_schema {
	const char *name;             /* dataset name for messages, e.g. "employment" */
	const struct col_schema *cols;
	size_t ncols;
	char delim;                   /* ',' by default (0 means ','); '\t' for TSV */
	bool allow_extra_cols;        /* unknown columns ignored instead of an error */
};

struct cell {
	const char *text;   /* arena-owned, NUL-terminated, "" when empty/absent */
	double num;         /* parsed value for INT/NUM/SHARE (NaN when empty) */
	int line, col;      /* position in the file (col in characters, 1-based) */
	bool present;       /* non-empty */
};

struct dataset {
	const char *path;                  /* as given, arena-owned */
	const struct dataset_schema *schema;
	size_t nrows;
	size_t ncols;                      /* == schema->ncols */
	struct cell *cells;                /* nrows * ncols, in schema column order */
	int *row_line;                     /* line where each row starts */
	int header_line;                   /* 1 normally */
	/* The loader's hash index of the key, used by dataset_find() when the key is
	 * one column: open addressing, row + 1 per slot, 0 = empty. NULL for a
	 * table without a key, with a composite key, or built by hand. */
	const uint32_t *keyidx;
	size_t keycap;                     /* slots, a power of two */
	size_t keycol;                     /* the key column (when keyidx != NULL) */
};

/* "dir/file" (or file alone when dir is empty), in the arena. */
char *data_path(struct arena *a, const char *dir, const char *file);

/* data_load of data_path(dir, file): how the stages read an edition's files. */
int data_load_in(struct arena *a, const char *dir, const char *file,
                 const struct dataset_schema *schema, struct dataset *out);

/* Report an error (EXIT_DATA) at cell (row, col) of t, printf-style. */
void dataset_error(const struct dataset *t, size_t row, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Load path against schema into *out (arena-owned). Returns 0, or -1 after
 * reporting every problem found (EXIT_DATA; EXIT_SYS if unreadable). */
int data_load(struct arena *a, const char *path, const struct dataset_schema *schema,
              struct dataset *out);
/* Same on a buffer in memory; name is used in messages. */
int data_load_buf(struct arena *a, const char *name, const char *bytes, size_t len,
                  const struct dataset_schema *schema, struct dataset *out);

/* 0 if the loaded t has at least n data rows; else -1 after reporting it
 * at the header line (EXIT_DATA). For a model that cannot use an empty
 * table: the empty table is then the one message. */
int data_require_rows(const struct dataset *t, size_t n);

/* The file name of t's path without its folders ("states.csv"): what an
 * output may record as a source, the same however the path was typed. */
const char *dataset_file(const struct dataset *t);

/* Column index of name in the schema, or -1. */
int dataset_col(const struct dataset *t, const char *name);
/* Cell accessors (row < nrows, col < ncols). */
const struct cell *dataset_cell(const struct dataset *t, size_t row, size_t col);
double dataset_num(const struct dataset *t, size_t row, size_t col);
const char *dataset_text(const struct dataset *t, size_t row, size_t col);
/* Location of a cell, for messages from later stages (model validation). */
struct srcloc dataset_loc(const struct dataset *t, size_t row, size_t col);
/* Index of the first row whose cell in column col equals key, or -1. A
 * lookup on a table's one key column goes through its hash index (constant
 * time); any other column is scanned. */
long dataset_find(const struct dataset *t, size_t col, const char *key);

/* True if s is a state slug: groups of lowercase ASCII letters and digits
 * joined by single hyphens ("nuevo-leon"). A value check on loaded data,
 * used by the regions and texts loaders. */
bool data_is_slug(const char *s);

/* Locale-independent number parsing: the whole of s must be a finite number
 * ("12", "-3.5", "1e3"). Returns 0 and sets *out, or -1. */
int data_parse_number(const char *s, double *out);

/* Validate UTF-8. Returns -1 if valid, else the byte offset of the first
 * invalid byte. */
long data_utf8_invalid(const char *s, size_t len);


/* ---- outlines (geojson.c) ---- */
/*
 * The outlines of areas from a GeoJSON file (RFC 7946), the subset maps use:
 * a FeatureCollection of Features, each with properties[code_prop] (a
 * non-empty string, unique) and, when name_prop is not NULL or empty,
 * properties[name_prop] (a string); geometry a Polygon or MultiPolygon of
 * [longitude, latitude] positions (an altitude is ignored), every ring closed
 * and of 4 positions or more. A 'crs' member, when there is one, must name
 * CRS84. Other members are allowed and ignored. Strict JSON otherwise (no
 * trailing commas, no duplicate member names), at most 16 levels deep.
 * Fills *out (arena-owned, degrees, the closing position of every ring
 * dropped) and returns 0, or -1 after reporting FILE:LINE:COL (EXIT_DATA;
 * EXIT_SYS when unreadable).
 */
int geojson_load(struct arena *a, const char *path, const char *code_prop,
                 const char *name_prop, struct geo_shapes *out);
/* The same on bytes in memory; name is used in messages. */
int geojson_load_buf(struct arena *a, const char *name, const char *bytes, size_t len,
                     const char *code_prop, const char *name_prop, struct geo_shapes *out);

#endif
