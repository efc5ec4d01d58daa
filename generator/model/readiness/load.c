/*
 * readiness/load: the five readiness files of an edition, their schemas and
 * the checks of each file against the others. Load stage of the pipeline (on
 * top of load/); its readiness_data is what readiness/model.c computes on.
 */
#include "model/readiness/internal.h"
#include "base/base.h"
#include "load/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const struct col_schema country_cols[] = {
	{ .name = "code", .type = COL_CODE, .required = true, .key = true },
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "name_es", .type = COL_TEXT, .required = true },
	PROVENANCE_COLS,
};
static const struct dataset_schema country_schema = {
	"readiness countries", country_cols, sizeof country_cols / sizeof country_cols[0],
	',', false
};

static const struct col_schema cluster_cols[] = {
	{ .name = "code", .type = COL_CODE, .required = true, .key = true },
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "name_es", .type = COL_TEXT, .required = true },
	PROVENANCE_COLS,
};
static const struct dataset_schema cluster_schema = {
	"readiness clusters", cluster_cols, sizeof cluster_cols / sizeof cluster_cols[0],
	',', false
};

static const struct col_schema metric_cols[] = {
	{ .name = "code", .type = COL_CODE, .required = true, .key = true },
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "name_es", .type = COL_TEXT, .required = true },
	{ .name = "cluster", .type = COL_CODE, .required = true },
	{ .name = "direction", .type = COL_ENUM, .required = true,
	  .enum_values = "higher_is_better|lower_is_better" },
	{ .name = "metric_source", .type = COL_TEXT },
	{ .name = "indicator", .type = COL_TEXT },
	{ .name = "indicator_es", .type = COL_TEXT },
	{ .name = "indicator_source", .type = COL_TEXT },
	{ .name = "reader", .type = COL_ENUM, .enum_values = "egov|wgi|odi|none" },
	{ .name = "raw_file", .type = COL_TEXT },
	{ .name = "raw_field", .type = COL_TEXT },
	{ .name = "raw_year", .type = COL_TEXT },
	{ .name = "left_out", .type = COL_TEXT },
	{ .name = "left_out_es", .type = COL_TEXT },
	PROVENANCE_COLS,
};
static const struct dataset_schema metric_schema = {
	"readiness metrics", metric_cols, sizeof metric_cols / sizeof metric_cols[0],
	',', false
};

static const struct col_schema value_cols[] = {
	{ .name = "country", .type = COL_CODE, .required = true, .key = true },
	{ .name = "metric", .type = COL_CODE, .required = true, .key = true },
	{ .name = "value", .type = COL_NUM, .required = true },
	{ .name = "raw_file", .type = COL_TEXT },
	{ .name = "raw_line", .type = COL_INT, .has_min = true, .min = 1 },
	PROVENANCE_COLS,
};
static const struct dataset_schema value_schema = {
	"readiness values", value_cols, sizeof value_cols / sizeof value_cols[0],
	',', false
};

static const struct col_schema published_cols[] = {
	{ .name = "item", .type = COL_CODE, .required = true, .key = true },
	{ .name = "country", .type = COL_CODE, .required = true, .key = true },
	{ .name = "rank", .type = COL_INT, .required = true, .has_min = true, .min = 1 },
	{ .name = "out_of", .type = COL_INT, .required = true, .has_min = true, .min = 1 },
	{ .name = "note", .type = COL_TEXT },
	{ .name = "note_es", .type = COL_TEXT },
	PROVENANCE_COLS,
};
static const struct dataset_schema published_schema = {
	"readiness published ranks", published_cols,
	sizeof published_cols / sizeof published_cols[0], ',', false
};

/* Column indexes, in schema order. */
enum { C_CODE, C_NAME, C_NAME_ES };
enum { M_CODE, M_NAME, M_NAME_ES, M_CLUSTER, M_DIRECTION, M_SOURCE, M_INDICATOR,
       M_INDICATOR_ES, M_INDICATOR_SOURCE, M_READER, M_RAW_FILE, M_RAW_FIELD, M_RAW_YEAR,
       M_LEFT_OUT, M_LEFT_OUT_ES };
enum { V_COUNTRY, V_METRIC, V_VALUE, V_RAW_FILE, V_RAW_LINE, V_PROVENANCE, V_SOURCE };
enum { P_ITEM, P_COUNTRY, P_RANK, P_OUT_OF, P_NOTE, P_NOTE_ES };

static int file_exists(const char *path)
{
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		return 0;
	fclose(fp);
	return 1;
}

long readiness_find_country(const struct readiness_data *d, const char *code)
{
	size_t i;

	for (i = 0; i < d->ncountries; i++)
		if (strcmp(d->countries[i].code, code) == 0)
			return (long)i;
	return -1;
}

static long find_metric(const struct readiness_data *d, const char *code)
{
	size_t i;

	for (i = 0; i < d->nmetrics; i++)
		if (strcmp(d->metrics[i].code, code) == 0)
			return (long)i;
	return -1;
}

static int build_countries(struct arena *a, const struct dataset *t, struct readiness_data *d)
{
	size_t i;

	d->ncountries = t->nrows;
	d->countries = arena_calloc(a, t->nrows ? t->nrows : 1, sizeof *d->countries);
	for (i = 0; i < t->nrows; i++) {
		struct readiness_country *c = &d->countries[i];

		c->code = dataset_text(t, i, C_CODE);
		c->name = dataset_text(t, i, C_NAME);
		c->name_es = dataset_text(t, i, C_NAME_ES);
		c->loc = dataset_loc(t, i, C_CODE);
	}
	return 0;
}

static int build_clusters(struct arena *a, const struct dataset *t, struct readiness_data *d)
{
	size_t i;

	d->nclusters = t->nrows;
	d->clusters = arena_calloc(a, t->nrows ? t->nrows : 1, sizeof *d->clusters);
	for (i = 0; i < t->nrows; i++) {
		d->clusters[i].code = dataset_text(t, i, C_CODE);
		d->clusters[i].name = dataset_text(t, i, C_NAME);
		d->clusters[i].name_es = dataset_text(t, i, C_NAME_ES);
	}
	return 0;
}

static int build_metrics(struct arena *a, const struct dataset *t, struct readiness_data *d)
{
	int rc = 0;
	size_t i, k;

	d->nmetrics = t->nrows;
	d->metrics = arena_calloc(a, t->nrows ? t->nrows : 1, sizeof *d->metrics);
	for (i = 0; i < t->nrows; i++) {
		struct readiness_metric *m = &d->metrics[i];
		const char *cl = dataset_text(t, i, M_CLUSTER);

		m->code = dataset_text(t, i, M_CODE);
		m->name = dataset_text(t, i, M_NAME);
		m->name_es = dataset_text(t, i, M_NAME_ES);
		m->source = dataset_text(t, i, M_SOURCE);
		m->indicator = dataset_text(t, i, M_INDICATOR);
		m->indicator_es = dataset_text(t, i, M_INDICATOR_ES);
		m->indicator_source = dataset_text(t, i, M_INDICATOR_SOURCE);
		m->left_out = dataset_text(t, i, M_LEFT_OUT);
		m->left_out_es = dataset_text(t, i, M_LEFT_OUT_ES);
		m->lower_is_better = strcmp(dataset_text(t, i, M_DIRECTION), "lower_is_better") == 0;
		for (k = 0; k < d->nclusters; k++)
			if (strcmp(d->clusters[k].code, cl) == 0)
				break;
		if (k == d->nclusters) {
			dataset_error(t, i, M_CLUSTER,
			            "unknown cluster '%s' (not in readiness_clusters.csv)", cl);
			rc = -1;
			continue;
		}
		m->cluster = k;
		d->clusters[k].nmetrics++;
	}
	for (k = 0; k < d->nclusters; k++) {
		struct srcloc loc = { t->path, 0, 0 };

		if (d->clusters[k].nmetrics == 0)
			diag_warn(&loc, "cluster '%s' has no metric", d->clusters[k].code);
	}
	return rc;
}

static int build_values(struct arena *a, const struct dataset *t, const struct dataset *tm,
                        struct readiness_data *d)
{
	size_t n = d->ncountries * d->nmetrics;
	size_t *count;
	int rc = 0;
	size_t i, j;

	d->value = arena_calloc(a, n ? n : 1, sizeof *d->value);
	d->present = arena_calloc(a, n ? n : 1, sizeof *d->present);
	d->provenance = arena_calloc(a, n ? n : 1, sizeof *d->provenance);
	d->value_source = arena_calloc(a, n ? n : 1, sizeof *d->value_source);
	count = arena_calloc(a, d->nmetrics ? d->nmetrics : 1, sizeof *count);
	for (i = 0; i < t->nrows; i++) {
		const char *cc = dataset_text(t, i, V_COUNTRY);
		const char *mc = dataset_text(t, i, V_METRIC);
		long c = readiness_find_country(d, cc);
		long m = find_metric(d, mc);

		if (c < 0) {
			dataset_error(t, i, V_COUNTRY,
			            "unknown country '%s' (not in readiness_countries.csv)", cc);
			rc = -1;
		}
		if (m < 0) {
			dataset_error(t, i, V_METRIC,
			            "unknown metric '%s' (not in readiness_metrics.csv)", mc);
			rc = -1;
		}
		if (c < 0 || m < 0)
			continue;
		/* data_load already rejects a repeated (country, metric) key. */
		d->present[(size_t)c * d->nmetrics + (size_t)m] = true;
		d->value[(size_t)c * d->nmetrics + (size_t)m] = dataset_num(t, i, V_VALUE);
		d->provenance[(size_t)c * d->nmetrics + (size_t)m] =
			dataset_text(t, i, V_PROVENANCE);
		d->value_source[(size_t)c * d->nmetrics + (size_t)m] = dataset_text(t, i, V_SOURCE);
		if (dataset_cell(t, i, V_RAW_FILE)->present != dataset_cell(t, i, V_RAW_LINE)->present) {
			dataset_error(t, i, V_RAW_FILE,
			            "'raw_file' and 'raw_line' go together (row of %s)", cc);
			rc = -1;
		}
		count[m]++;
	}
	/* A metric is in the recomputed index when it has values; missing values
	 * are imputed by the model (flagged), but a metric needs two values to be
	 * normalised, and one without any must say why it is left out. */
	for (j = 0; j < d->nmetrics; j++) {
		struct readiness_metric *m = &d->metrics[j];

		m->used = count[j] > 0;
		if (m->used)
			d->clusters[m->cluster].nused++;
		if (count[j] == 1) {
			dataset_error(tm, j, M_CODE, "metric '%s' has one value in %s: at least two "
			              "are needed to normalise it", m->code, t->path);
			rc = -1;
		} else if (count[j] == 0 && m->left_out[0] == '\0') {
			dataset_error(tm, j, M_LEFT_OUT, "metric '%s' has no value in %s and "
			              "'left_out' does not say why", m->code, t->path);
			rc = -1;
		} else if (count[j] > 0 && m->left_out[0] != '\0') {
			dataset_error(tm, j, M_LEFT_OUT, "metric '%s' has values in %s but "
			              "'left_out' says it is left out", m->code, t->path);
			rc = -1;
		}
	}
	return rc;
}

int readiness_mc_settings(const struct dataset *t, struct readiness_data *d)
{
	bool have_seed = false, have_draws = false;
	int rc = 0;

	for (size_t i = 0; i < t->nrows; i++) {
		const char *k = dataset_text(t, i, 0), *v = dataset_text(t, i, 1);
		char *end;
		unsigned long long x;

		if (strcmp(k, "readiness_seed") != 0 && strcmp(k, "readiness_draws") != 0)
			continue;
		x = strtoull(v, &end, 10);
		if (*v < '0' || *v > '9' || *end != '\0' || x > 4294967295ULL ||
		    (k[10] == 'd' && (x < 1 || x > 1000000))) {
			dataset_error(t, i, 1, "%s is '%s': expected a whole number%s", k, v,
			              k[10] == 'd' ? " from 1 to 1000000" : " from 0 to 4294967295");
			rc = -1;
			continue;
		}
		if (k[10] == 'd') {
			d->draws = (int)x;
			have_draws = true;
		} else {
			d->seed = (unsigned long)x;
			have_seed = true;
		}
	}
	if (rc == 0 && (!have_seed || !have_draws)) {
		struct srcloc loc = { t->path, 0, 0 };

		diag_error(&loc, EXIT_DATA, "no '%s' row (the readiness Monte Carlo's %s)",
		           have_seed ? "readiness_draws" : "readiness_seed",
		           have_seed ? "number of draws" : "seed");
		rc = -1;
	}
	return rc;
}

static int build_published(struct arena *a, const struct dataset *t, struct readiness_data *d)
{
	int rc = 0;
	size_t i;

	d->published = arena_calloc(a, t->nrows ? t->nrows : 1, sizeof *d->published);
	d->npublished = 0;
	for (i = 0; i < t->nrows; i++) {
		struct readiness_published *p = &d->published[d->npublished];
		const char *item = dataset_text(t, i, P_ITEM);
		const char *cc = dataset_text(t, i, P_COUNTRY);
		long c = readiness_find_country(d, cc);
		long m = strcmp(item, "overall") == 0 ? -1 : find_metric(d, item);
		bool ok = true;

		if (c < 0) {
			dataset_error(t, i, P_COUNTRY,
			            "unknown country '%s' (not in readiness_countries.csv)", cc);
			ok = false;
		}
		if (m < 0 && strcmp(item, "overall") != 0) {
			dataset_error(t, i, P_ITEM,
			            "unknown item '%s' (expected 'overall' or a metric code)", item);
			ok = false;
		}
		if (!ok) {
			rc = -1;
			continue;
		}
		p->country = (size_t)c;
		p->metric = m;
		p->rank = (int)dataset_num(t, i, P_RANK);
		p->out_of = (int)dataset_num(t, i, P_OUT_OF);
		p->note = dataset_text(t, i, P_NOTE);
		p->note_es = dataset_text(t, i, P_NOTE_ES);
		p->loc = dataset_loc(t, i, P_RANK);
		if (p->rank > p->out_of) {
			dataset_error(t, i, P_RANK, "rank is larger than 'out_of' (%s)", item);
			rc = -1;
			continue;
		}
		d->npublished++;
	}
	return rc;
}

int readiness_load(struct arena *a, const char *dir, struct readiness_data *out)
{
	struct dataset tc, tk, tm, tv, tp;
	const char *pc = data_path(a, dir, "readiness_countries.csv");
	const char *pk = data_path(a, dir, "readiness_clusters.csv");
	const char *pm = data_path(a, dir, "readiness_metrics.csv");
	const char *pv = data_path(a, dir, "readiness_values.csv");
	const char *pp = data_path(a, dir, "readiness_published.csv");
	int rc = 0;

	memset(out, 0, sizeof *out);
	/* Load every file first, so that one run reports all their problems. */
	if (data_load(a, pc, &country_schema, &tc) < 0)
		rc = -1;
	if (data_load(a, pk, &cluster_schema, &tk) < 0)
		rc = -1;
	if (data_load(a, pm, &metric_schema, &tm) < 0)
		rc = -1;
	if (data_load(a, pv, &value_schema, &tv) < 0)
		rc = -1;
	if (file_exists(pp) && data_load(a, pp, &published_schema, &tp) < 0)
		rc = -1;
	if (rc < 0)
		return -1;
	if (tc.nrows == 0) {
		struct srcloc loc = { pc, 0, 0 };

		diag_error(&loc, EXIT_DATA, "no country");
		return -1;
	}
	if (tm.nrows == 0) {
		struct srcloc loc = { pm, 0, 0 };

		diag_error(&loc, EXIT_DATA, "no metric");
		return -1;
	}
	build_countries(a, &tc, out);
	build_clusters(a, &tk, out);
	if (build_metrics(a, &tm, out) < 0)
		rc = -1;
	if (build_values(a, &tv, &tm, out) < 0)
		rc = -1;
	if (file_exists(pp) && build_published(a, &tp, out) < 0)
		rc = -1;
	out->sources = "readiness_values.csv, readiness_metrics.csv";
	return rc;
}

