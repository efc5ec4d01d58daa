/*
 * import/sources: one reader per official raw file. Each declares the columns
 * it needs as a data.h schema (extra columns of newer releases are ignored),
 * loads through the data loader, then checks what a schema cannot say (code
 * formats, cross-file references, damaged rows) with the cell's position.
 */
#include "import/import.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "load/load.h"

static bool is_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* SOC 2010 "11-1011" */
static bool is_soc(const char *s)
{
	return strlen(s) == 7 && is_digits(s, 2) && s[2] == '-' && is_digits(s + 3, 4);
}

/* O*NET-SOC "11-1011.00" */
static bool is_onet_soc(const char *s)
{
	return strlen(s) == 10 && is_digits(s, 2) && s[2] == '-' && is_digits(s + 3, 4) &&
	       s[7] == '.' && is_digits(s + 8, 2);
}

/* ISO 3166 alpha-3 "MEX" */
static bool is_iso3(const char *s)
{
	if (strlen(s) != 3)
		return false;
	for (int i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return true;
}

static void cell_error(const struct dataset *t, size_t row, size_t col, const char *fmt,
                       const char *arg)
{
	struct srcloc loc = dataset_loc(t, row, col);

	diag_error(&loc, EXIT_DATA, fmt, t->schema->cols[col].name, arg);
}

const char *import_soc(struct arena *a, const char *onet_code)
{
	return arena_strndup(a, onet_code, 7);
}

double import_task_weight(enum task_type t)
{
	return t == TASK_SUPPLEMENTAL ? 0.5 : 1.0;
}

/* ---- O*NET text files ----
 * Tab-separated without quoting (the loader treats '"' in TSV as an ordinary
 * character: task statements carry literal quotes). */

enum { OC_CODE, OC_TITLE, OC_DESC };
static const struct col_schema onet_occ_cols[] = {
	[OC_CODE] = { .name = "O*NET-SOC Code", .type = COL_CODE, .required = true, .key = true },
	[OC_TITLE] = { .name = "Title", .type = COL_TEXT, .required = true },
	[OC_DESC] = { .name = "Description", .type = COL_TEXT, .required = true },
};
static const struct dataset_schema onet_occ_schema = {
	"O*NET occupations", onet_occ_cols, 3, '\t', true
};

static int cmp_occ_code(const void *x, const void *y)
{
	const struct onet_occupation *const *a = x, *const *b = y;

	return strcmp((*a)->code, (*b)->code);
}

int import_onet_occupations(struct arena *a, const char *path, struct onet *out)
{
	struct dataset t;
	int bad = 0;

	memset(out, 0, sizeof *out);
	if (data_load(a, path, &onet_occ_schema, &t) < 0)
		return -1;
	out->occ = arena_calloc(a, t.nrows ? t.nrows : 1, sizeof *out->occ);
	for (size_t r = 0; r < t.nrows; r++) {
		const char *code = dataset_text(&t, r, OC_CODE);

		if (!is_onet_soc(code)) {
			cell_error(&t, r, OC_CODE, "%s '%s' is not an O*NET-SOC code (NN-NNNN.NN)",
			           code);
			bad++;
			continue;
		}
		out->occ[out->nocc].code = code;
		out->occ[out->nocc].title = dataset_text(&t, r, OC_TITLE);
		out->occ[out->nocc].loc = dataset_loc(&t, r, OC_CODE);
		out->nocc++;
	}
	return bad ? -1 : 0;
}

enum { TS_CODE, TS_ID, TS_TASK, TS_TYPE, TS_INC, TS_DATE, TS_DOMAIN };
static const struct col_schema onet_task_cols[] = {
	[TS_CODE] = { .name = "O*NET-SOC Code", .type = COL_CODE, .required = true },
	[TS_ID] = { .name = "Task ID", .type = COL_INT, .required = true, .key = true,
	  .has_min = true, .min = 1 },
	[TS_TASK] = { .name = "Task", .type = COL_TEXT, .required = true },
	[TS_TYPE] = { .name = "Task Type", .type = COL_TEXT },
	[TS_INC] = { .name = "Incumbents Responding", .type = COL_TEXT },
	[TS_DATE] = { .name = "Date", .type = COL_TEXT, .required = true },
	[TS_DOMAIN] = { .name = "Domain Source", .type = COL_TEXT, .required = true },
};
static const struct dataset_schema onet_task_schema = {
	"O*NET task statements", onet_task_cols, 7, '\t', true
};

/* "MM/YYYY" */
static bool is_month(const char *s)
{
	return strlen(s) == 7 && is_digits(s, 2) && s[2] == '/' && is_digits(s + 3, 4) &&
	       ((s[0] == '0' && s[1] >= '1') || (s[0] == '1' && s[1] <= '2'));
}

int import_onet_tasks(struct arena *a, const char *path, struct onet *out)
{
	struct dataset t;
	const struct onet_occupation **idx;
	struct onet_task *tmp;
	size_t *count, n = 0;
	int bad = 0;

	if (data_load(a, path, &onet_task_schema, &t) < 0)
		return -1;
	idx = arena_calloc(a, out->nocc ? out->nocc : 1, sizeof *idx);
	for (size_t i = 0; i < out->nocc; i++)
		idx[i] = &out->occ[i];
	qsort(idx, out->nocc, sizeof *idx, cmp_occ_code);
	tmp = arena_calloc(a, t.nrows ? t.nrows : 1, sizeof *tmp);
	count = arena_calloc(a, out->nocc + 1, sizeof *count);
	for (size_t r = 0; r < t.nrows; r++) {
		struct onet_task *k = &tmp[n];
		const char *code = dataset_text(&t, r, TS_CODE);
		const char *type = dataset_text(&t, r, TS_TYPE);
		const char *inc = dataset_text(&t, r, TS_INC);
		struct onet_occupation key = { .code = code }, *kp = &key;
		const struct onet_occupation **hit;
		double v;

		hit = bsearch(&kp, idx, out->nocc, sizeof *idx, cmp_occ_code);
		if (hit == NULL) {
			cell_error(&t, r, TS_CODE, "%s '%s' names no occupation of Occupation Data",
			           code);
			bad++;
			continue;
		}
		if (strcmp(type, "Core") == 0) {
			k->type = TASK_CORE;
			out->ncore++;
		} else if (strcmp(type, "Supplemental") == 0) {
			k->type = TASK_SUPPLEMENTAL;
			out->nsupp++;
		} else if (type[0] == '\0' || strcmp(type, "n/a") == 0) {
			k->type = TASK_UNTYPED;
			out->nuntyped++;
		} else {
			cell_error(&t, r, TS_TYPE, "%s '%s' is not Core, Supplemental or n/a", type);
			bad++;
			continue;
		}
		if (inc[0] != '\0' && strcmp(inc, "n/a") != 0 &&
		    (data_parse_number(inc, &v) < 0 || v < 0 || v != floor(v))) {
			cell_error(&t, r, TS_INC, "%s '%s' is not a count or n/a", inc);
			bad++;
			continue;
		}
		if (!is_month(dataset_text(&t, r, TS_DATE))) {
			cell_error(&t, r, TS_DATE, "%s '%s' is not a month MM/YYYY",
			           dataset_text(&t, r, TS_DATE));
			bad++;
			continue;
		}
		k->code = (*hit)->code;
		k->occ = (size_t)(*hit - out->occ);
		k->task_id = (long)dataset_num(&t, r, TS_ID);
		k->text = dataset_text(&t, r, TS_TASK);
		k->len = strlen(k->text);
		k->loc = dataset_loc(&t, r, TS_TASK);
		count[k->occ]++;
		n++;
	}
	if (bad)
		return -1;
	/* Group by occupation (counting sort, stable: file order within). */
	size_t at = 0;
	for (size_t i = 0; i < out->nocc; i++) {
		out->occ[i].first_task = at;
		out->occ[i].ntasks = 0;
		at += count[i];
		if (count[i] > 0)
			out->nocc_with_tasks++;
	}
	out->tasks = arena_calloc(a, n ? n : 1, sizeof *out->tasks);
	for (size_t i = 0; i < n; i++) {
		struct onet_occupation *o = &out->occ[tmp[i].occ];

		out->tasks[o->first_task + o->ntasks++] = tmp[i];
	}
	out->ntasks = n;
	return 0;
}

int import_onet(struct arena *a, const char *dir, struct onet *out)
{
	if (import_onet_occupations(a, arena_printf(a, "%s/Occupation Data.txt", dir), out) < 0)
		return -1;
	return import_onet_tasks(a, arena_printf(a, "%s/Task Statements.txt", dir), out);
}

/* ---- Frey & Osborne ---- */

enum { FO_RANK, FO_PROB, FO_LABEL, FO_SOC, FO_OCC };
static const struct col_schema fo_cols[] = {
	[FO_RANK] = { .name = "Rank", .type = COL_INT, .required = true,
	  .has_min = true, .min = 1 },
	[FO_PROB] = { .name = "Probability", .type = COL_NUM, .required = true,
	  .has_min = true, .min = 0, .has_max = true, .max = 1 },
	[FO_LABEL] = { .name = "Label", .type = COL_ENUM, .enum_values = "0|1" },
	[FO_SOC] = { .name = "SOC code", .type = COL_CODE, .required = true, .key = true },
	[FO_OCC] = { .name = "Occupation", .type = COL_TEXT, .required = true },
};
static const struct dataset_schema fo_schema = {
	"Frey & Osborne probabilities", fo_cols, 5, ',', true
};

/* Load a Frey & Osborne file with schema s into t and room for its rows in
 * out. Returns 0, or -1 after reporting. */
static int fo_load(struct arena *a, const char *path, const struct dataset_schema *s,
                   struct dataset *t, struct fo_scores *out)
{
	memset(out, 0, sizeof *out);
	if (data_load(a, path, s, t) < 0)
		return -1;
	out->rows = arena_calloc(a, t->nrows ? t->nrows : 1, sizeof *out->rows);
	return 0;
}

/* What both Frey & Osborne files give for row r: the SOC code (checked),
 * title, probability and place; employment unknown. Returns false after
 * reporting a code that is not SOC 2010. */
static bool fo_row_take(const struct dataset *t, size_t r, size_t code, size_t occ, size_t prob,
                        struct fo_row *f)
{
	if (!is_soc(dataset_text(t, r, code))) {
		cell_error(t, r, code, "%s '%s' is not a SOC 2010 code (NN-NNNN)",
		           dataset_text(t, r, code));
		return false;
	}
	f->soc = dataset_text(t, r, code);
	f->title = dataset_text(t, r, occ);
	f->prob = dataset_num(t, r, prob);
	f->employed = NAN;
	f->loc = dataset_loc(t, r, code);
	return true;
}

int import_fo(struct arena *a, const char *path, struct fo_scores *out)
{
	struct dataset t;
	int bad = 0;

	if (fo_load(a, path, &fo_schema, &t, out) < 0)
		return -1;
	for (size_t r = 0; r < t.nrows; r++) {
		if (!fo_row_take(&t, r, FO_SOC, FO_OCC, FO_PROB, &out->rows[out->n])) {
			bad++;
			continue;
		}
		out->n++;
	}
	return bad ? -1 : 0;
}

enum { FE_RANK, FE_CODE, FE_PROB, FE_OCC, FE_PROB2, FE_EMP, FE_EMP16 };
static const struct col_schema fo_emp_cols[] = {
	[FE_RANK] = { .name = "_ - rank", .type = COL_INT, .required = true,
	  .has_min = true, .min = 1 },
	[FE_CODE] = { .name = "_ - code", .type = COL_CODE, .required = true, .key = true },
	[FE_PROB] = { .name = "prob", .type = COL_NUM, .required = true,
	  .has_min = true, .min = 0, .has_max = true, .max = 1 },
	[FE_OCC] = { .name = "occupation", .type = COL_TEXT, .required = true },
	[FE_PROB2] = { .name = "probability", .type = COL_TEXT },
	[FE_EMP] = { .name = "numbEmployed", .type = COL_NUM, .required = true,
	  .has_min = true, .min = 0 },
	[FE_EMP16] = { .name = "employed_may2016", .type = COL_TEXT },
};
static const struct dataset_schema fo_emp_schema = {
	"Frey & Osborne with US employment", fo_emp_cols, 7, ',', true
};

int import_fo_employment(struct arena *a, const char *path, struct fo_scores *out)
{
	struct dataset t;
	int bad = 0;

	if (fo_load(a, path, &fo_emp_schema, &t, out) < 0)
		return -1;
	for (size_t r = 0; r < t.nrows; r++) {
		struct fo_row *f = &out->rows[out->n];
		const char *p2 = dataset_text(&t, r, FE_PROB2);
		const char *e16 = dataset_text(&t, r, FE_EMP16);
		double v;

		if (!fo_row_take(&t, r, FE_CODE, FE_OCC, FE_PROB, f)) {
			bad++;
			continue;
		}
		f->employed = dataset_num(&t, r, FE_EMP);
		/* The copy repeats prob and employment in two more columns: where
		 * those disagree the row is damaged; say so, keep prob and
		 * numbEmployed as they are, repair nothing. */
		if (e16[0] != '\0' && (data_parse_number(e16, &v) < 0 || v != f->employed)) {
			struct srcloc loc = dataset_loc(&t, r, FE_EMP16);

			diag_warn(&loc, "row of %s looks shifted: employed_may2016 is '%.40s', "
			          "numbEmployed is %.0f; using numbEmployed", f->soc, e16, f->employed);
			f->damaged = true;
		} else if (p2[0] != '\0' && (data_parse_number(p2, &v) < 0 ||
		                             fabs(v - f->prob) > 1e-9)) {
			struct srcloc loc = dataset_loc(&t, r, FE_PROB2);

			diag_warn(&loc, "row of %s looks shifted: probability is '%.40s', prob is "
			          "%g; using prob", f->soc, p2, f->prob);
			f->damaged = true;
		}
		out->ndamaged += f->damaged;
		out->employed_total += f->employed;
		out->n++;
	}
	return bad ? -1 : 0;
}

long import_fo_find(const struct fo_scores *t, const char *soc)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->rows[i].soc, soc) == 0)
			return (long)i;
	return -1;
}

/* ---- Indicator tables ---- */

long import_ind_find(const struct indicator *t, const char *key)
{
	for (size_t i = 0; i < t->n; i++) {
		const char *k = t->rows[i].code ? t->rows[i].code : t->rows[i].name;

		if (k != NULL && strcmp(k, key) == 0)
			return (long)i;
	}
	return -1;
}

int import_egov(struct arena *a, const char *path, const char *column, struct indicator *out)
{
	struct col_schema *cols = arena_calloc(a, 3, sizeof *cols);
	struct dataset_schema s = { "UN E-Government Survey", cols, 3, ',', true };
	struct dataset t;
	int bad = 0;

	cols[0] = (struct col_schema){ .name = "country-code", .type = COL_CODE,
	                               .required = true, .key = true };
	cols[1] = (struct col_schema){ .name = "country-name", .type = COL_TEXT, .required = true };
	cols[2] = (struct col_schema){ .name = column, .type = COL_NUM, .required = true,
	                               .has_min = true, .min = 0, .has_max = true, .max = 1 };
	memset(out, 0, sizeof *out);
	if (data_load(a, path, &s, &t) < 0)
		return -1;
	out->name = arena_printf(a, "UN E-Government %s", column);
	out->rows = arena_calloc(a, t.nrows ? t.nrows : 1, sizeof *out->rows);
	for (size_t r = 0; r < t.nrows; r++) {
		if (!is_iso3(dataset_text(&t, r, 0))) {
			cell_error(&t, r, 0, "%s '%s' is not an ISO 3166 alpha-3 code",
			           dataset_text(&t, r, 0));
			bad++;
			continue;
		}
		out->rows[out->n++] = (struct ind_row){ dataset_text(&t, r, 0), dataset_text(&t, r, 1),
		                                        dataset_num(&t, r, 2), dataset_loc(&t, r, 2),
		                                        dataset_text(&t, r, 2) };
	}
	return bad ? -1 : 0;
}

int import_wgi(struct arena *a, const char *path, const char *indicator, const char *year,
               struct indicator *out)
{
	struct col_schema *cols = arena_calloc(a, 4, sizeof *cols);
	struct dataset_schema s = { "World Bank WGI", cols, 4, ',', true };
	struct dataset t;
	int bad = 0;

	cols[0] = (struct col_schema){ .name = "Country Name", .type = COL_TEXT, .required = true };
	cols[1] = (struct col_schema){ .name = "Country Code", .type = COL_CODE,
	                               .required = true, .key = true };
	cols[2] = (struct col_schema){ .name = "Indicator Code", .type = COL_CODE,
	                               .required = true, .key = true };
	cols[3] = (struct col_schema){ .name = year, .type = COL_NUM };
	memset(out, 0, sizeof *out);
	if (data_load(a, path, &s, &t) < 0)
		return -1;
	/* The year column is optional to the loader (its cells may be empty), so
	 * its absence shows as cells with no position. */
	if (t.nrows > 0 && dataset_cell(&t, 0, 3)->col == 0) {
		struct srcloc loc = { t.path, t.header_line, 0 };

		diag_error(&loc, EXIT_DATA, "no column for year '%s'", year);
		return -1;
	}
	out->name = arena_printf(a, "WGI %s %s", indicator, year);
	out->rows = arena_calloc(a, t.nrows ? t.nrows : 1, sizeof *out->rows);
	for (size_t r = 0; r < t.nrows; r++) {
		double v = dataset_num(&t, r, 3);

		if (strcmp(dataset_text(&t, r, 2), indicator) != 0)
			continue;
		if (!is_iso3(dataset_text(&t, r, 1))) {
			cell_error(&t, r, 1, "%s '%s' is not an ISO 3166 alpha-3 code",
			           dataset_text(&t, r, 1));
			bad++;
			continue;
		}
		/* Estimates are on a standard normal scale (about -2.5..2.5). */
		if (dataset_cell(&t, r, 3)->present && strstr(indicator, ".EST") != NULL &&
		    (v < -3 || v > 3)) {
			cell_error(&t, r, 3, "%s: estimate '%s' is outside -3..3",
			           dataset_text(&t, r, 3));
			bad++;
			continue;
		}
		out->rows[out->n++] = (struct ind_row){ dataset_text(&t, r, 1), dataset_text(&t, r, 0),
		                                        v, dataset_loc(&t, r, 3),
		                                        dataset_text(&t, r, 3) };
	}
	if (bad == 0 && out->n == 0) {
		struct srcloc loc = { t.path, 0, 0 };

		diag_error(&loc, EXIT_DATA, "no rows with Indicator Code '%s'", indicator);
		bad++;
	}
	return bad ? -1 : 0;
}

static int load_named(struct arena *a, const char *path, const char *name,
                      const struct dataset_schema *s, struct indicator *out)
{
	struct dataset t;

	memset(out, 0, sizeof *out);
	if (data_load(a, path, s, &t) < 0)
		return -1;
	out->name = name;
	out->rows = arena_calloc(a, t.nrows ? t.nrows : 1, sizeof *out->rows);
	for (size_t r = 0; r < t.nrows; r++)
		out->rows[out->n++] = (struct ind_row){ NULL, dataset_text(&t, r, 0),
		                                        dataset_num(&t, r, 1), dataset_loc(&t, r, 1),
		                                        dataset_text(&t, r, 1) };
	return 0;
}

static const struct col_schema odi_cols[] = {
	{ .name = "country", .type = COL_TEXT, .required = true, .key = true },
	{ .name = "odi", .type = COL_NUM, .required = true,
	  .has_min = true, .min = 0, .has_max = true, .max = 100 },
};
static const struct dataset_schema odi_schema = { "Open Data Index", odi_cols, 2, ',', true };

int import_odi(struct arena *a, const char *path, struct indicator *out)
{
	return load_named(a, path, "Global Open Data Index 2016", &odi_schema, out);
}

static const struct col_schema inegi_cols[] = {
	{ .name = "Entidad", .type = COL_TEXT, .required = true, .key = true },
	{ .name = "Habitantes2015", .type = COL_INT, .required = true, .has_min = true, .min = 0 },
};
static const struct dataset_schema inegi_schema = {
	"INEGI population by state", inegi_cols, 2, ',', true
};

int import_inegi(struct arena *a, const char *path, struct indicator *out)
{
	return load_named(a, path, "INEGI Intercensal 2015 population", &inegi_schema, out);
}

static const struct col_schema oecd_cols[] = {
	{ .name = "iso3", .type = COL_CODE, .required = true, .key = true },
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "odi_name", .type = COL_TEXT },
};
static const struct dataset_schema oecd_schema = { "OECD members", oecd_cols, 3, ',', false };

int import_oecd(struct arena *a, const char *path, struct indicator *out,
                const char ***odi_names)
{
	struct dataset t;
	int bad = 0;

	memset(out, 0, sizeof *out);
	if (data_load(a, path, &oecd_schema, &t) < 0)
		return -1;
	out->name = "OECD members 2017";
	out->rows = arena_calloc(a, t.nrows ? t.nrows : 1, sizeof *out->rows);
	*odi_names = arena_calloc(a, t.nrows ? t.nrows : 1, sizeof **odi_names);
	for (size_t r = 0; r < t.nrows; r++) {
		if (!is_iso3(dataset_text(&t, r, 0))) {
			cell_error(&t, r, 0, "%s '%s' is not an ISO 3166 alpha-3 code",
			           dataset_text(&t, r, 0));
			bad++;
			continue;
		}
		(*odi_names)[out->n] = dataset_cell(&t, r, 2)->present ? dataset_text(&t, r, 2) : NULL;
		out->rows[out->n++] = (struct ind_row){ dataset_text(&t, r, 0), dataset_text(&t, r, 1),
		                                        NAN, dataset_loc(&t, r, 0), NULL };
	}
	return bad ? -1 : 0;
}

/* ---- Our crosswalk ---- */

static const struct col_schema xw_cols[] = {
	{ .name = "soc_major", .type = COL_CODE, .required = true, .key = true },
	{ .name = "sector", .type = COL_CODE, .required = true, .key = true },
	{ .name = "sector_name", .type = COL_TEXT, .required = true },
	{ .name = "share", .type = COL_SHARE, .required = true },
	{ .name = "provenance", .type = COL_ENUM, .required = true,
	  .enum_values = PROVENANCE_VALUES },
	{ .name = "note", .type = COL_TEXT },
};
static const struct dataset_schema xw_schema = {
	"SOC major group to sector", xw_cols, 6, ',', false
};

int import_crosswalk(struct arena *a, const char *path, struct crosswalk *out)
{
	struct dataset t;
	int bad = 0;

	memset(out, 0, sizeof *out);
	if (data_load(a, path, &xw_schema, &t) < 0)
		return -1;
	out->links = arena_calloc(a, t.nrows ? t.nrows : 1, sizeof *out->links);
	for (size_t r = 0; r < t.nrows; r++) {
		const char *m = dataset_text(&t, r, 0);

		if (strlen(m) != 2 || !is_digits(m, 2)) {
			cell_error(&t, r, 0, "%s '%s' is not a SOC major group (two digits)", m);
			bad++;
			continue;
		}
		out->links[out->n++] = (struct sector_link){ m, dataset_text(&t, r, 1),
		                                             dataset_text(&t, r, 2),
		                                             dataset_num(&t, r, 3),
		                                             dataset_loc(&t, r, 3) };
	}
	/* The shares of each major group cover all of it. */
	for (size_t i = 0; i < out->n && !bad; i++) {
		double sum = 0;
		bool first = true;

		for (size_t j = 0; j < out->n; j++) {
			if (strcmp(out->links[j].soc_major, out->links[i].soc_major) != 0)
				continue;
			if (j < i)
				first = false;
			sum += out->links[j].share;
		}
		if (first && fabs(sum - 1) > 1e-6) {
			diag_error(&out->links[i].loc, EXIT_DATA, "shares of SOC major group %s sum "
			           "to %.6g, not 1", out->links[i].soc_major, sum);
			bad++;
		}
	}
	return bad ? -1 : 0;
}
