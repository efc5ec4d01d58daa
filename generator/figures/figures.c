/*
 * figures: the run's store of computed figures and tables (see figures.h).
 * Filled by the model stage, read by templates, written out as CSV so that
 * every number in a document can be traced to its inputs.
 *
 * Figures live in an insertion-ordered array with an open-addressing hash
 * index on the key. Numbers are written in the shortest form that reads back
 * to the same double, in the C locale, so the CSVs are reproducible.
 */
#include "figures/figures.h"
#include "base/base.h"
#include "load/load.h"

#include <assert.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct figset {
	struct arena *a;
	struct figure *figs;     /* insertion order */
	size_t n, cap;
	uint32_t *idx;           /* figure index + 1, 0 = empty slot */
	size_t idxcap;           /* power of two, at least 2 * n */
	struct figtable **tables;  /* creation order */
	size_t ntables, captables;
	struct { const char *name; const struct geo_shapes *s; } shapes[4];  /* outline sets */
	size_t nshapes;
	struct fig_origin cur;   /* the provenance context */
};

/* ---- provenance ---- */

static const char *const prov_names[] = { "", "official", "published", "derived", "estimated" };

const char *fig_prov_name(enum fig_prov p)
{
	return (unsigned)p < sizeof prov_names / sizeof prov_names[0] ? prov_names[p] : "";
}

enum fig_prov fig_prov_parse(const char *s)
{
	size_t i;

	for (i = 1; s != NULL && i < sizeof prov_names / sizeof prov_names[0]; i++)
		if (strcmp(s, prov_names[i]) == 0)
			return (enum fig_prov)i;
	return FIG_PROV_NONE;
}

static bool is_sep(char c)
{
	return c == ' ' || c == '|' || c == ',' || c == ';' || c == '\t';
}

bool fig_sources_has(const char *ids, const char *id)
{
	size_t n = strlen(id);
	const char *p = ids;

	if (ids == NULL || n == 0)
		return false;
	while (*p != '\0') {
		const char *e;

		while (is_sep(*p))
			p++;
		for (e = p; *e != '\0' && !is_sep(*e); e++)
			;
		if ((size_t)(e - p) == n && memcmp(p, id, n) == 0)
			return true;
		p = e;
	}
	return false;
}

static int str_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The union of two id lists, sorted, unique, space-separated. */
static const char *ids_union(struct arena *a, const char *x, const char *y)
{
	const char *lists[2] = { x ? x : "", y ? y : "" };
	char *copy, *p;
	const char **ids;
	size_t n = 0, cap = 1, i, k;
	struct buf b = { 0 };
	const char *out;

	for (k = 0; k < 2; k++)
		for (p = (char *)lists[k]; *p; p++)
			cap += is_sep(*p);
	cap += 2;
	ids = arena_calloc(a, cap, sizeof *ids);
	for (k = 0; k < 2; k++) {
		copy = arena_strdup(a, lists[k]);
		p = copy;
		while (*p != '\0') {
			char *e;

			while (is_sep(*p))
				p++;
			if (*p == '\0')
				break;
			for (e = p; *e != '\0' && !is_sep(*e); e++)
				;
			if (*e != '\0')
				*e++ = '\0';
			if (n < cap)
				ids[n++] = p;
			p = e;
		}
	}
	qsort(ids, n, sizeof *ids, str_cmp);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(ids[i], ids[i - 1]) == 0)
			continue;
		if (b.len > 0)
			buf_putc(&b, ' ');
		buf_puts(&b, ids[i]);
	}
	out = arena_strdup(a, b.len ? buf_cstr(&b) : "");
	buf_free(&b);
	return out;
}

void fig_origin_join_in(struct arena *a, struct fig_origin *acc, enum fig_prov prov,
                        const char *ids)
{
	if (prov > acc->prov)
		acc->prov = prov;
	acc->sources = ids_union(a, acc->sources, ids);
}

void fig_origin_join(struct figset *fs, struct fig_origin *acc, enum fig_prov prov,
                     const char *ids)
{
	fig_origin_join_in(fs->a, acc, prov, ids);
}

void fig_origin_computed(struct fig_origin *acc)
{
	if (acc->prov == FIG_PROV_OFFICIAL || acc->prov == FIG_PROV_PUBLISHED)
		acc->prov = FIG_PROV_DERIVED;
}

void figset_set_origin(struct figset *fs, enum fig_prov prov, const char *sources)
{
	fs->cur.prov = prov;
	fs->cur.sources = ids_union(fs->a, sources, NULL);
}

struct fig_origin figset_current_origin(const struct figset *fs)
{
	struct fig_origin o = fs->cur;

	if (o.sources == NULL)
		o.sources = "";
	return o;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct figset *figset_new(struct arena *a)
{
	struct figset *fs = arena_alloc(a, sizeof *fs);

	fs->a = a;
	return fs;
}

struct arena *figset_arena(const struct figset *fs)
{
	return fs->a;
}

void figset_put_shapes(struct figset *fs, const char *name, const struct geo_shapes *s)
{
	size_t i;

	for (i = 0; i < fs->nshapes; i++)
		if (strcmp(fs->shapes[i].name, name) == 0)
			break;
	if (i == sizeof fs->shapes / sizeof fs->shapes[0])
		return;
	if (i == fs->nshapes) {
		fs->shapes[i].name = arena_strdup(fs->a, name);
		fs->nshapes++;
	}
	fs->shapes[i].s = s;
}

const struct geo_shapes *figset_get_shapes(const struct figset *fs, const char *name)
{
	size_t i;

	for (i = 0; i < fs->nshapes; i++)
		if (strcmp(fs->shapes[i].name, name) == 0)
			return fs->shapes[i].s;
	return NULL;
}

static long find_fig(const struct figset *fs, const char *key)
{
	size_t i;

	if (fs->idxcap == 0)
		return -1;
	for (i = hash_str(key) & (fs->idxcap - 1); fs->idx[i] != 0; i = (i + 1) & (fs->idxcap - 1))
		if (strcmp(fs->figs[fs->idx[i] - 1].key, key) == 0)
			return (long)fs->idx[i] - 1;
	return -1;
}

static void index_put(uint32_t *idx, size_t cap, const char *key, uint32_t val)
{
	size_t i = hash_str(key) & (cap - 1);

	while (idx[i] != 0)
		i = (i + 1) & (cap - 1);
	idx[i] = val;
}

/* The slot for key: the existing figure (to be replaced) or a new one. */
static struct figure *fig_slot(struct figset *fs, const char *key)
{
	long at = find_fig(fs, key);
	struct figure *f;
	size_t i;

	if (at >= 0) {
		/* replaced in place: keeps its position and its key string */
		const char *k;

		f = &fs->figs[at];
		k = f->key;
		memset(f, 0, sizeof *f);
		f->key = k;
		return f;
	}
	if (fs->n == fs->cap) {
		size_t ncap = fs->cap ? fs->cap * 2 : 64;

		fs->figs = arena_grow(fs->a, fs->figs, fs->n, ncap, sizeof *fs->figs);
		fs->cap = ncap;
	}
	if (2 * (fs->n + 1) > fs->idxcap) {
		size_t ncap = fs->idxcap ? fs->idxcap * 2 : 128;

		fs->idx = arena_calloc(fs->a, ncap, sizeof *fs->idx);
		fs->idxcap = ncap;
		for (i = 0; i < fs->n; i++)
			index_put(fs->idx, ncap, fs->figs[i].key, (uint32_t)(i + 1));
	}
	f = &fs->figs[fs->n];
	memset(f, 0, sizeof *f);
	f->key = arena_strdup(fs->a, key);
	fs->n++;
	index_put(fs->idx, fs->idxcap, f->key, (uint32_t)fs->n);
	return f;
}

static const char *copy_or_empty(struct figset *fs, const char *s)
{
	return arena_strdup(fs->a, s ? s : "");
}

const struct figure *figset_num(struct figset *fs, const char *key, double value,
                                const char *unit, const char *source, const char *formula)
{
	return figset_num_p(fs, key, value, unit, source, formula, fs->cur.prov, fs->cur.sources);
}

const struct figure *figset_text(struct figset *fs, const char *key, const char *text,
                                 const char *source)
{
	return figset_text_p(fs, key, text, source, fs->cur.prov, fs->cur.sources);
}

const struct figure *figset_num_p(struct figset *fs, const char *key, double value,
                                  const char *unit, const char *source, const char *formula,
                                  enum fig_prov prov, const char *sources)
{
	struct figure *f = fig_slot(fs, key);

	f->prov = prov;
	f->sources = ids_union(fs->a, sources, NULL);
	f->kind = FIG_NUM;
	f->value = value;
	f->text = NULL;
	f->unit = copy_or_empty(fs, unit);
	f->source = copy_or_empty(fs, source);
	f->formula = copy_or_empty(fs, formula);
	return f;
}

const struct figure *figset_text_p(struct figset *fs, const char *key, const char *text,
                                   const char *source, enum fig_prov prov,
                                   const char *sources)
{
	struct figure *f = fig_slot(fs, key);

	f->prov = prov;
	f->sources = ids_union(fs->a, sources, NULL);
	f->kind = FIG_TEXT;
	f->value = NAN;
	f->text = copy_or_empty(fs, text);
	f->unit = "";
	f->source = copy_or_empty(fs, source);
	f->formula = "";
	return f;
}

const struct figure *figset_get(const struct figset *fs, const char *key)
{
	long at = find_fig(fs, key);

	return at >= 0 ? &fs->figs[at] : NULL;
}

size_t figset_count(const struct figset *fs)
{
	return fs->n;
}

const struct figure *figset_at(const struct figset *fs, size_t i)
{
	return i < fs->n ? &fs->figs[i] : NULL;
}

/* Close enough to suggest: at most 3 edits, and at most a third of the
 * length of the longer string (so "x" never suggests "y"). */
static bool close_enough(size_t d, const char *key, const char *cand)
{
	size_t n = strlen(key) > strlen(cand) ? strlen(key) : strlen(cand);

	return d <= 3 && d * 3 <= n;
}

const char *figset_suggest(const struct figset *fs, const char *key)
{
	const char *best = NULL;
	size_t bestd = SIZE_MAX, i, d;

	for (i = 0; i < fs->n; i++) {
		d = text_distance(key, fs->figs[i].key, false, 128);
		if (d < bestd && close_enough(d, key, fs->figs[i].key)) {
			bestd = d;
			best = fs->figs[i].key;
		}
	}
	for (i = 0; i < fs->ntables; i++) {
		d = text_distance(key, fs->tables[i]->name, false, 128);
		if (d < bestd && close_enough(d, key, fs->tables[i]->name)) {
			bestd = d;
			best = fs->tables[i]->name;
		}
	}
	return best;
}

/* ---- tables ---- */

struct figtable *figset_table(struct figset *fs, const char *name, size_t ncols,
                            const char *const *cols, const char *source)
{
	struct figtable *t = arena_alloc(fs->a, sizeof *t);
	size_t i;

	t->name = arena_strdup(fs->a, name);
	t->ncols = ncols;
	t->cols = arena_calloc(fs->a, ncols ? ncols : 1, sizeof *t->cols);
	for (i = 0; i < ncols; i++)
		t->cols[i] = arena_strdup(fs->a, cols[i]);
	t->source = copy_or_empty(fs, source);
	for (i = 0; i < fs->ntables; i++) {
		if (strcmp(fs->tables[i]->name, name) == 0) {
			fs->tables[i] = t;   /* same name: the new table replaces it */
			return t;
		}
	}
	if (fs->ntables == fs->captables) {
		size_t ncap = fs->captables ? fs->captables * 2 : 16;

		fs->tables = arena_grow(fs->a, fs->tables, fs->ntables, ncap, sizeof *fs->tables);
		fs->captables = ncap;
	}
	fs->tables[fs->ntables++] = t;
	return t;
}

const struct figtable *figset_get_table(const struct figset *fs, const char *name)
{
	size_t i;

	for (i = 0; i < fs->ntables; i++)
		if (strcmp(fs->tables[i]->name, name) == 0)
			return fs->tables[i];
	return NULL;
}

size_t figset_table_count(const struct figset *fs)
{
	return fs->ntables;
}

const struct figtable *figset_table_at(const struct figset *fs, size_t i)
{
	return i < fs->ntables ? fs->tables[i] : NULL;
}

size_t figtable_add_row(struct figset *fs, struct figtable *t)
{
	size_t j;
	struct fcell *row;

	if (t->nrows == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16;

		t->cells = arena_grow(fs->a, t->cells, t->nrows * t->ncols, ncap * t->ncols,
		                      sizeof *t->cells);
		t->origin = arena_grow(fs->a, t->origin, t->nrows, ncap, sizeof *t->origin);
		t->cap = ncap;
	}
	row = t->cells + t->nrows * t->ncols;
	for (j = 0; j < t->ncols; j++) {
		row[j].is_num = false;
		row[j].num = NAN;
		row[j].text = "";
	}
	t->origin[t->nrows].prov = fs->cur.prov;
	t->origin[t->nrows].sources = fs->cur.sources ? fs->cur.sources : "";
	return t->nrows++;
}

/* printf in the C locale, whatever the process locale (',' decimal points
 * would break the CSVs and the documents). */
static void format_c(char *out, size_t n, const char *fmt, int prec, double v)
{
	static locale_t c_loc;
	locale_t old = (locale_t)0;

	if (c_loc == (locale_t)0)
		c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (c_loc != (locale_t)0)
		old = uselocale(c_loc);
	snprintf(out, n, fmt, prec, v);
	if (c_loc != (locale_t)0)
		uselocale(old);
}

void figtable_set_num(struct figset *fs, struct figtable *t, size_t row, size_t col, double v)
{
	struct fcell *c;
	char tmp[64];

	assert(row < t->nrows && col < t->ncols);
	c = &t->cells[row * t->ncols + col];
	c->is_num = true;
	c->num = v;
	format_c(tmp, sizeof tmp, "%.*g", 15, v);
	c->text = arena_strdup(fs->a, tmp);
}

void figtable_set_text(struct figset *fs, struct figtable *t, size_t row, size_t col, const char *s)
{
	struct fcell *c;

	assert(row < t->nrows && col < t->ncols);
	c = &t->cells[row * t->ncols + col];
	c->is_num = false;
	c->num = NAN;
	c->text = copy_or_empty(fs, s);
}

void figtable_set_origin(struct figset *fs, struct figtable *t, size_t row, enum fig_prov prov,
                         const char *sources)
{
	assert(row < t->nrows);
	t->origin[row].prov = prov;
	t->origin[row].sources = ids_union(fs->a, sources, NULL);
}

void figtable_join_origin(struct figset *fs, struct figtable *t, size_t row,
                          enum fig_prov prov, const char *sources)
{
	assert(row < t->nrows);
	fig_origin_join(fs, &t->origin[row], prov, sources);
}

const struct fig_origin *figtable_origin(const struct figtable *t, size_t row)
{
	assert(row < t->nrows);
	return &t->origin[row];
}

void figtable_set_col_origin(struct figset *fs, struct figtable *t, size_t col,
                             enum fig_prov prov, const char *sources)
{
	assert(col < t->ncols);
	if (t->col_origin == NULL)
		t->col_origin = arena_calloc(fs->a, t->ncols, sizeof *t->col_origin);
	t->col_origin[col].prov = prov;
	t->col_origin[col].sources = ids_union(fs->a, sources, NULL);
}

void figtable_set_cells_origin(struct figset *fs, struct figtable *t, size_t row,
                               enum fig_prov prov, const char *sources)
{
	assert(row < t->nrows);
	if (t->cell_base == NULL || t->cap > t->base_cap) {
		struct fig_origin *nb = arena_calloc(fs->a, t->cap, sizeof *nb);

		if (t->cell_base != NULL)
			memcpy(nb, t->cell_base, t->base_cap * sizeof *nb);
		t->cell_base = nb;
		t->base_cap = t->cap;
	}
	t->cell_base[row].prov = prov;
	t->cell_base[row].sources = ids_union(fs->a, sources, NULL);
}

const struct fig_origin *figtable_cell_origin(const struct figtable *t, size_t row, size_t col)
{
	assert(row < t->nrows && col < t->ncols);
	if (t->col_origin != NULL && t->col_origin[col].prov != FIG_PROV_NONE)
		return &t->col_origin[col];
	if (t->cell_base != NULL && row < t->base_cap && t->cell_base[row].prov != FIG_PROV_NONE)
		return &t->cell_base[row];
	return &t->origin[row];
}

int figtable_col(const struct figtable *t, const char *name)
{
	size_t j;

	for (j = 0; j < t->ncols; j++)
		if (strcmp(t->cols[j], name) == 0)
			return (int)j;
	return -1;
}

const struct fcell *figtable_cell(const struct figtable *t, size_t row, size_t col)
{
	assert(row < t->nrows && col < t->ncols);
	return &t->cells[row * t->ncols + col];
}

/* ---- tables copied from loaded datasets ---- */

static bool col_is_numeric(enum col_type t)
{
	return t == COL_INT || t == COL_NUM || t == COL_SHARE;
}

struct figtable *figset_table_from_dataset(struct figset *fs, const char *name,
                                           const struct dataset *t, const char *const *cols,
                                           size_t ncols)
{
	struct arena *a = figset_arena(fs);
	const char **out = arena_calloc(a, ncols ? ncols : 1, sizeof *out);
	int *in = arena_calloc(a, ncols ? ncols : 1, sizeof *in);
	struct figtable *ft;
	size_t i, j;

	/* "out=in" emits column in under the name out. */
	for (j = 0; j < ncols; j++) {
		const char *eq = strchr(cols[j], '=');

		out[j] = eq ? arena_strndup(a, cols[j], (size_t)(eq - cols[j])) : cols[j];
		in[j] = dataset_col(t, eq ? eq + 1 : cols[j]);
	}
	ft = figset_table(fs, name, ncols, out, dataset_file(t));
	{
		int pc = dataset_col(t, "provenance"), sc = dataset_col(t, "source");

		for (i = 0; i < t->nrows; i++) {
			size_t row = figtable_add_row(fs, ft);

			if (pc >= 0)
				figtable_set_origin(fs, ft, row,
				                    fig_prov_parse(dataset_text(t, i, (size_t)pc)),
				                    sc >= 0 ? dataset_text(t, i, (size_t)sc) : "");
		}
	}
	for (i = 0; i < t->nrows; i++) {
		size_t row = i;

		for (j = 0; j < ncols; j++) {
			const struct cell *cell;

			if (in[j] < 0)
				continue;
			cell = dataset_cell(t, i, (size_t)in[j]);
			if (cell->present && col_is_numeric(t->schema->cols[in[j]].type))
				figtable_set_num(fs, ft, row, j, cell->num);
			else
				figtable_set_text(fs, ft, row, j, cell->text);
		}
	}
	return ft;
}

/* ---- CSV output ---- */

/* The shortest text that reads back as exactly v: integers in plain digits,
 * anything else with the fewest %g digits that round-trip. */
static void format_num(char *out, size_t n, double v)
{
	int prec;
	double back;

	if (isnan(v)) {
		snprintf(out, n, "nan");
		return;
	}
	if (isinf(v)) {
		snprintf(out, n, v < 0 ? "-inf" : "inf");
		return;
	}
	if (v == 0.0) {
		snprintf(out, n, "0");
		return;
	}
	if (v == floor(v) && fabs(v) < 1e15) {
		format_c(out, n, "%.*f", 0, v);
		return;
	}
	for (prec = 1; prec <= 17; prec++) {
		format_c(out, n, "%.*g", prec, v);
		if (data_parse_number(out, &back) == 0 && back == v)
			return;
	}
}

static void csv_field(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	bool quote = n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t');
	const char *p;

	if (strpbrk(s, ",\"\r\n") != NULL)
		quote = true;
	if (!quote) {
		buf_add(b, s, n);
		return;
	}
	buf_putc(b, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

static void csv_num(struct buf *b, double v)
{
	char tmp[64];

	format_num(tmp, sizeof tmp, v);
	buf_puts(b, tmp);
}

/* Table names become file names: keep them plain. */
static bool name_ok(const char *name)
{
	const char *p;

	if (*name == '\0' || *name == '.')
		return false;
	for (p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
			return false;
	return true;
}

void figtable_csv(const struct figtable *t, struct buf *b)
{
	size_t r, j;
	bool clash = figtable_col(t, "provenance") >= 0 || figtable_col(t, "sources") >= 0;

	for (j = 0; j < t->ncols; j++) {
		csv_field(b, t->cols[j]);
		buf_putc(b, ',');
	}
	buf_puts(b, clash ? "row_provenance,row_sources" : "provenance,sources");
	buf_putc(b, '\n');
	for (r = 0; r < t->nrows; r++) {
		for (j = 0; j < t->ncols; j++) {
			const struct fcell *c = &t->cells[r * t->ncols + j];

			if (j > 0)
				buf_putc(b, ',');
			if (c->is_num)
				csv_num(b, c->num);
			else
				csv_field(b, c->text ? c->text : "");
		}
		if (t->ncols > 0)
			buf_putc(b, ',');
		buf_puts(b, fig_prov_name(t->origin[r].prov));
		buf_putc(b, ',');
		csv_field(b, t->origin[r].sources ? t->origin[r].sources : "");
		buf_putc(b, '\n');
	}
}

struct figtable *figset_table_mut(struct figset *fs, const char *name)
{
	return (struct figtable *)figset_get_table(fs, name);
}

int figset_write_csv(const struct figset *fs, const char *dir)
{
	struct buf b = { 0 };
	struct buf path = { 0 };
	size_t i;
	int rc = 0;

	buf_puts(&b, "key,value,unit,source,formula,provenance,sources\n");
	for (i = 0; i < fs->n; i++) {
		const struct figure *f = &fs->figs[i];

		csv_field(&b, f->key);
		buf_putc(&b, ',');
		if (f->kind == FIG_NUM)
			csv_num(&b, f->value);
		else
			csv_field(&b, f->text ? f->text : "");
		buf_putc(&b, ',');
		csv_field(&b, f->unit ? f->unit : "");
		buf_putc(&b, ',');
		csv_field(&b, f->source ? f->source : "");
		buf_putc(&b, ',');
		csv_field(&b, f->formula ? f->formula : "");
		buf_putc(&b, ',');
		buf_puts(&b, fig_prov_name(f->prov));
		buf_putc(&b, ',');
		csv_field(&b, f->sources ? f->sources : "");
		buf_putc(&b, '\n');
	}
	buf_printf(&path, "%s/figures.csv", dir);
	if (outfile_stage(buf_cstr(&path), b.data, b.len) != 0)
		rc = -1;

	for (i = 0; i < fs->ntables && rc == 0; i++) {
		const struct figtable *t = fs->tables[i];

		if (!name_ok(t->name)) {
			diag_error(NULL, EXIT_SYS, "table name '%s' cannot be a file name", t->name);
			rc = -1;
			break;
		}
		buf_clear(&b);
		figtable_csv(t, &b);
		buf_clear(&path);
		buf_printf(&path, "%s/tables/%s.csv", dir, t->name);
		if (outfile_stage(buf_cstr(&path), b.data ? b.data : "", b.len) != 0)
			rc = -1;
	}
	buf_free(&b);
	buf_free(&path);
	return rc;
}
