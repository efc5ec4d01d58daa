/*
 * readiness: load, compute and publish the Government AI Readiness Index.
 * Load goes through data_load (schemas below), then cross-checks the files
 * against each other; compute is pure; figures fill the figure store.
 */
#include "model/readiness/readiness.h"

#include "base/base.h"
#include "load/load.h"
#include "figures/figures.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROVENANCE_VALUES "official|published|derived|estimated"

/* Two composites closer than this are a tie: they are means of at most a few
 * dozen values in 0..1 (or z-scores), so rounding noise is far below it. */
#define READINESS_TIE_EPS 1e-9

static const struct col_schema country_cols[] = {
	{ "code", COL_CODE, true, true, false, false, 0, 0, NULL },
	{ "name", COL_TEXT, true, false, false, false, 0, 0, NULL },
	{ "name_es", COL_TEXT, true, false, false, false, 0, 0, NULL },
	{ "provenance", COL_ENUM, true, false, false, false, 0, 0, PROVENANCE_VALUES },
	{ "source", COL_CODE, true, false, false, false, 0, 0, NULL },
};
static const struct dataset_schema country_schema = {
	"readiness countries", country_cols, sizeof country_cols / sizeof country_cols[0],
	',', false
};

static const struct col_schema cluster_cols[] = {
	{ "code", COL_CODE, true, true, false, false, 0, 0, NULL },
	{ "name", COL_TEXT, true, false, false, false, 0, 0, NULL },
	{ "name_es", COL_TEXT, true, false, false, false, 0, 0, NULL },
	{ "provenance", COL_ENUM, true, false, false, false, 0, 0, PROVENANCE_VALUES },
	{ "source", COL_CODE, true, false, false, false, 0, 0, NULL },
};
static const struct dataset_schema cluster_schema = {
	"readiness clusters", cluster_cols, sizeof cluster_cols / sizeof cluster_cols[0],
	',', false
};

static const struct col_schema metric_cols[] = {
	{ "code", COL_CODE, true, true, false, false, 0, 0, NULL },
	{ "name", COL_TEXT, true, false, false, false, 0, 0, NULL },
	{ "name_es", COL_TEXT, true, false, false, false, 0, 0, NULL },
	{ "cluster", COL_CODE, true, false, false, false, 0, 0, NULL },
	{ "direction", COL_ENUM, true, false, false, false, 0, 0,
	  "higher_is_better|lower_is_better" },
	{ "metric_source", COL_TEXT, false, false, false, false, 0, 0, NULL },
	{ "provenance", COL_ENUM, true, false, false, false, 0, 0, PROVENANCE_VALUES },
	{ "source", COL_CODE, true, false, false, false, 0, 0, NULL },
};
static const struct dataset_schema metric_schema = {
	"readiness metrics", metric_cols, sizeof metric_cols / sizeof metric_cols[0],
	',', false
};

static const struct col_schema value_cols[] = {
	{ "country", COL_CODE, true, true, false, false, 0, 0, NULL },
	{ "metric", COL_CODE, true, true, false, false, 0, 0, NULL },
	{ "value", COL_NUM, true, false, false, false, 0, 0, NULL },
	{ "basis", COL_NUM, false, false, false, false, 0, 0, NULL },
	{ "basis_source", COL_CODE, false, false, false, false, 0, 0, NULL },
	{ "provenance", COL_ENUM, true, false, false, false, 0, 0, PROVENANCE_VALUES },
	{ "source", COL_CODE, true, false, false, false, 0, 0, NULL },
};
static const struct dataset_schema value_schema = {
	"readiness values", value_cols, sizeof value_cols / sizeof value_cols[0],
	',', false
};

static const struct col_schema published_cols[] = {
	{ "item", COL_CODE, true, true, false, false, 0, 0, NULL },
	{ "country", COL_CODE, true, true, false, false, 0, 0, NULL },
	{ "rank", COL_INT, true, false, true, false, 1, 0, NULL },
	{ "out_of", COL_INT, true, false, true, false, 1, 0, NULL },
	{ "provenance", COL_ENUM, true, false, false, false, 0, 0, PROVENANCE_VALUES },
	{ "source", COL_CODE, true, false, false, false, 0, 0, NULL },
};
static const struct dataset_schema published_schema = {
	"readiness published ranks", published_cols,
	sizeof published_cols / sizeof published_cols[0], ',', false
};

/* Column indexes, in schema order. */
enum { C_CODE, C_NAME, C_NAME_ES };
enum { M_CODE, M_NAME, M_NAME_ES, M_CLUSTER, M_DIRECTION, M_SOURCE };
enum { V_COUNTRY, V_METRIC, V_VALUE, V_BASIS, V_BASIS_SOURCE, V_PROVENANCE };
enum { P_ITEM, P_COUNTRY, P_RANK, P_OUT_OF };

static int file_exists(const char *path)
{
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		return 0;
	fclose(fp);
	return 1;
}

static long find_country(const struct readiness_data *d, const char *code)
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

static int build_values(struct arena *a, const struct dataset *t, struct readiness_data *d)
{
	size_t n = d->ncountries * d->nmetrics;
	bool *seen;
	int rc = 0;
	size_t i, j;

	d->value = arena_calloc(a, n ? n : 1, sizeof *d->value);
	d->provenance = arena_calloc(a, n ? n : 1, sizeof *d->provenance);
	seen = arena_calloc(a, n ? n : 1, sizeof *seen);
	for (i = 0; i < t->nrows; i++) {
		const char *cc = dataset_text(t, i, V_COUNTRY);
		const char *mc = dataset_text(t, i, V_METRIC);
		long c = find_country(d, cc);
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
		seen[(size_t)c * d->nmetrics + (size_t)m] = true;
		d->value[(size_t)c * d->nmetrics + (size_t)m] = dataset_num(t, i, V_VALUE);
		d->provenance[(size_t)c * d->nmetrics + (size_t)m] =
			dataset_text(t, i, V_PROVENANCE);
		if (dataset_cell(t, i, V_BASIS)->present != dataset_cell(t, i, V_BASIS_SOURCE)->present) {
			dataset_error(t, i, V_BASIS,
			            "'basis' and 'basis_source' go together (row of %s)", cc);
			rc = -1;
		}
	}
	for (i = 0; i < d->ncountries; i++) {
		for (j = 0; j < d->nmetrics; j++) {
			if (seen[i * d->nmetrics + j])
				continue;
			diag_error(&d->countries[i].loc, EXIT_DATA,
			           "country '%s' has no value for metric '%s' in %s",
			           d->countries[i].code, d->metrics[j].code, t->path);
			rc = -1;
		}
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
		long c = find_country(d, cc);
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
	if (build_values(a, &tv, out) < 0)
		rc = -1;
	if (file_exists(pp) && build_published(a, &tp, out) < 0)
		rc = -1;
	out->sources = "readiness_values.csv, readiness_metrics.csv";
	return rc;
}

/* ---- model ---- */

/* Competition ranks of score[0..n) (higher is better): 1 + the number of
 * items strictly better, so ties share the best rank and the next rank is
 * skipped (1, 2, 2, 4). */
static void competition_ranks(const double *score, size_t n, size_t stride, double eps,
                              int *rank)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		int better = 0;

		for (j = 0; j < n; j++)
			if (score[j * stride] > score[i * stride] + eps)
				better++;
		rank[i * stride] = better + 1;
	}
}

static void normalise_metric(const struct readiness_data *d, size_t m,
                             enum readiness_norm norm, double *out)
{
	size_t n = d->ncountries, k = d->nmetrics, i;
	if (norm == READINESS_ZSCORE) {
		double sign = d->metrics[m].lower_is_better ? -1.0 : 1.0;
		double mean = 0.0, var = 0.0, sd;

		for (i = 0; i < n; i++)
			mean += d->value[i * k + m];
		mean /= (double)n;
		for (i = 0; i < n; i++) {
			double dx = d->value[i * k + m] - mean;

			var += dx * dx;
		}
		sd = sqrt(var / (double)n);
		for (i = 0; i < n; i++)
			out[i * k + m] = sd > 0.0 ? sign * (d->value[i * k + m] - mean) / sd : 0.0;
	} else {
		double lo = d->value[m], hi = d->value[m];

		for (i = 1; i < n; i++) {
			double x = d->value[i * k + m];

			if (x < lo)
				lo = x;
			if (x > hi)
				hi = x;
		}
		for (i = 0; i < n; i++) {
			double x = d->value[i * k + m];

			if (hi <= lo)
				out[i * k + m] = 0.5;
			else if (d->metrics[m].lower_is_better)
				out[i * k + m] = (hi - x) / (hi - lo);
			else
				out[i * k + m] = (x - lo) / (hi - lo);
		}
	}
}

/* Countries by rank, ties by code: an insertion sort, the lists are short. */
static void sort_by_rank(const struct readiness_data *d, const int *rank, size_t *order)
{
	size_t n = d->ncountries, i, j;

	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = 1; i < n; i++) {
		size_t x = order[i];

		for (j = i; j > 0; j--) {
			size_t y = order[j - 1];

			if (rank[y] < rank[x] ||
			    (rank[y] == rank[x] && strcmp(d->countries[y].code, d->countries[x].code) <= 0))
				break;
			order[j] = y;
		}
		order[j] = x;
	}
}

int readiness_compute(struct arena *a, const struct readiness_data *d,
                      const struct readiness_params *p, struct readiness_result *out)
{
	size_t n = d->ncountries, k = d->nmetrics, nk = d->nclusters, i, j;
	double *raw_oriented;

	memset(out, 0, sizeof *out);
	if (n == 0 || k == 0)
		return -1;
	out->data = d;
	out->norm = p != NULL ? p->norm : READINESS_MINMAX;
	out->focus = p != NULL && p->focus != NULL ? find_country(d, p->focus) : -1;
	out->norm_value = arena_calloc(a, n * k, sizeof *out->norm_value);
	out->metric_rank = arena_calloc(a, n * k, sizeof *out->metric_rank);
	out->composite = arena_calloc(a, n, sizeof *out->composite);
	out->rank = arena_calloc(a, n, sizeof *out->rank);
	out->cluster_score = arena_calloc(a, n * (nk ? nk : 1), sizeof *out->cluster_score);
	out->cluster_rank = arena_calloc(a, n * (nk ? nk : 1), sizeof *out->cluster_rank);
	out->order = arena_calloc(a, n, sizeof *out->order);
	raw_oriented = arena_calloc(a, n * k, sizeof *raw_oriented);

	for (j = 0; j < k; j++) {
		normalise_metric(d, j, out->norm, out->norm_value);
		/* Metric ranks come from the raw values (exact ties), oriented so
		 * that a larger number is better. */
		for (i = 0; i < n; i++)
			raw_oriented[i * k + j] = d->metrics[j].lower_is_better ?
				-d->value[i * k + j] : d->value[i * k + j];
		competition_ranks(raw_oriented + j, n, k, 0.0, out->metric_rank + j);
	}
	for (i = 0; i < n; i++) {
		double sum = 0.0;

		for (j = 0; j < k; j++)
			sum += out->norm_value[i * k + j];
		out->composite[i] = sum / (double)k;
		for (j = 0; j < nk; j++) {
			double cs = 0.0;
			size_t m, cnt = 0;

			for (m = 0; m < k; m++) {
				if (d->metrics[m].cluster != j)
					continue;
				cs += out->norm_value[i * k + m];
				cnt++;
			}
			out->cluster_score[i * nk + j] = cnt ? cs / (double)cnt : NAN;
		}
	}
	competition_ranks(out->composite, n, 1, READINESS_TIE_EPS, out->rank);
	for (j = 0; j < nk; j++)
		competition_ranks(out->cluster_score + j, n, nk, READINESS_TIE_EPS,
		                  out->cluster_rank + j);
	sort_by_rank(d, out->rank, out->order);
	return 0;
}

int readiness_check(const struct readiness_result *r)
{
	const struct readiness_data *d = r->data;
	int bad = 0;
	size_t i;

	for (i = 0; i < d->npublished; i++) {
		const struct readiness_published *p = &d->published[i];
		int got = p->metric < 0 ? r->rank[p->country] :
			r->metric_rank[p->country * d->nmetrics + (size_t)p->metric];

		if (p->out_of != (int)d->ncountries)
			diag_warn(&p->loc, "published rank is out of %d, the model ranks %zu countries",
			          p->out_of, d->ncountries);
		if (got == p->rank)
			continue;
		diag_warn(&p->loc, "%s: published rank %d for %s, the model gives %d",
		          p->metric < 0 ? "overall" : d->metrics[p->metric].code, p->rank,
		          d->countries[p->country].code, got);
		bad++;
	}
	return bad;
}

/* ---- figures ---- */

static void lower_code(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < size && src[i] != '\0'; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
	dst[i] = '\0';
}

static const char *norm_name(enum readiness_norm n)
{
	return n == READINESS_ZSCORE ? "z-score" : "min-max";
}

void readiness_figures(const struct readiness_result *r, struct figset *fs)
{
	const struct readiness_data *d = r->data;
	struct arena *a = figset_arena(fs);
	size_t n = d->ncountries, k = d->nmetrics, nk = d->nclusters, i, j;
	const char *src = d->sources;
	const char *formula = arena_printf(a, "mean of the %zu %s-normalised metrics", k,
	                                   norm_name(r->norm));
	const char **cols;
	struct figtable *t;
	char key[160];

	figset_num(fs, "readiness.countries", (double)n, "countries", src, "rows of readiness_countries.csv");
	figset_num(fs, "readiness.metrics", (double)k, "metrics", src, "rows of readiness_metrics.csv");
	figset_num(fs, "readiness.clusters", (double)nk, "clusters", src, "rows of readiness_clusters.csv");
	figset_text(fs, "readiness.normalisation", norm_name(r->norm), src);

	for (i = 0; i < n && i < 5; i++) {
		size_t c = r->order[i];

		snprintf(key, sizeof key, "readiness.top%zu.country", i + 1);
		figset_text(fs, key, d->countries[c].name, src);
		snprintf(key, sizeof key, "readiness.top%zu.country_es", i + 1);
		figset_text(fs, key, d->countries[c].name_es, src);
		snprintf(key, sizeof key, "readiness.top%zu.code", i + 1);
		figset_text(fs, key, d->countries[c].code, src);
		snprintf(key, sizeof key, "readiness.top%zu.score", i + 1);
		figset_num(fs, key, r->composite[c], "score", src, formula);
		snprintf(key, sizeof key, "readiness.top%zu.rank", i + 1);
		figset_num(fs, key, r->rank[c], "rank", src, "competition rank of the composite");
	}

	/* readiness: every country, by rank, with its cluster scores. */
	cols = arena_calloc(a, 6 + nk, sizeof *cols);
	cols[0] = "code";
	cols[1] = "country";
	cols[2] = "country_es";
	cols[3] = "score";
	cols[4] = "rank";
	cols[5] = "estimated";
	for (j = 0; j < nk; j++)
		cols[6 + j] = d->clusters[j].code;
	t = figset_table(fs, "readiness", 6 + nk, cols, src);
	for (i = 0; i < n; i++) {
		size_t c = r->order[i], row = figtable_add_row(fs, t), est = 0;

		for (j = 0; j < k; j++)
			if (d->provenance[c * k + j] != NULL &&
			    strcmp(d->provenance[c * k + j], "estimated") == 0)
				est++;
		figtable_set_text(fs, t, row, 0, d->countries[c].code);
		figtable_set_text(fs, t, row, 1, d->countries[c].name);
		figtable_set_text(fs, t, row, 2, d->countries[c].name_es);
		figtable_set_num(fs, t, row, 3, r->composite[c]);
		figtable_set_num(fs, t, row, 4, r->rank[c]);
		figtable_set_num(fs, t, row, 5, (double)est);
		for (j = 0; j < nk; j++)
			figtable_set_num(fs, t, row, 6 + j, r->cluster_score[c * nk + j]);
	}

	/* readiness_clusters: the clusters, with the focus country's standing. */
	{
		static const char *const ccols[] = {
			"code", "name", "name_es", "metrics", "score", "rank"
		};

		t = figset_table(fs, "readiness_clusters", 6, ccols, src);
		for (j = 0; j < nk; j++) {
			size_t row = figtable_add_row(fs, t);

			figtable_set_text(fs, t, row, 0, d->clusters[j].code);
			figtable_set_text(fs, t, row, 1, d->clusters[j].name);
			figtable_set_text(fs, t, row, 2, d->clusters[j].name_es);
			figtable_set_num(fs, t, row, 3, (double)d->clusters[j].nmetrics);
			if (r->focus >= 0) {
				figtable_set_num(fs, t, row, 4,
				               r->cluster_score[(size_t)r->focus * nk + j]);
				figtable_set_num(fs, t, row, 5,
				               r->cluster_rank[(size_t)r->focus * nk + j]);
			}
		}
	}

	if (r->focus >= 0) {
		static const char *const mcols[] = {
			"cluster", "cluster_es", "cluster_code", "metric", "metric_es",
			"metric_code", "rank", "score", "value", "provenance", "metric_source"
		};
		size_t f = (size_t)r->focus, best = 0, worst = 0;
		char pre[64];

		lower_code(pre, sizeof pre, d->countries[f].code);
		snprintf(key, sizeof key, "readiness.%s.rank", pre);
		figset_num(fs, key, r->rank[f], "rank", src, "competition rank of the composite");
		snprintf(key, sizeof key, "readiness.%s.score", pre);
		figset_num(fs, key, r->composite[f], "score", src, formula);
		snprintf(key, sizeof key, "readiness.%s.country", pre);
		figset_text(fs, key, d->countries[f].name, src);

		/* readiness_mex: the focus country's rank on each metric, grouped
		 * by cluster in the order of readiness_clusters.csv. */
		t = figset_table(fs, "readiness_mex", 11, mcols, src);
		for (j = 0; j < nk; j++) {
			size_t m;

			for (m = 0; m < k; m++) {
				size_t row;

				if (d->metrics[m].cluster != j)
					continue;
				row = figtable_add_row(fs, t);
				figtable_set_text(fs, t, row, 0, d->clusters[j].name);
				figtable_set_text(fs, t, row, 1, d->clusters[j].name_es);
				figtable_set_text(fs, t, row, 2, d->clusters[j].code);
				figtable_set_text(fs, t, row, 3, d->metrics[m].name);
				figtable_set_text(fs, t, row, 4, d->metrics[m].name_es);
				figtable_set_text(fs, t, row, 5, d->metrics[m].code);
				figtable_set_num(fs, t, row, 6, r->metric_rank[f * k + m]);
				figtable_set_num(fs, t, row, 7, r->norm_value[f * k + m]);
				figtable_set_num(fs, t, row, 8, d->value[f * k + m]);
				figtable_set_text(fs, t, row, 9, d->provenance[f * k + m]);
				figtable_set_text(fs, t, row, 10, d->metrics[m].source);
			}
		}
		for (j = 0; j < k; j++) {
			int rk = r->metric_rank[f * k + j];

			/* The first metric in file order wins a tie. */
			if (rk < r->metric_rank[f * k + best])
				best = j;
			if (rk > r->metric_rank[f * k + worst])
				worst = j;
			snprintf(key, sizeof key, "readiness.%s.metric.%s.rank", pre,
			         d->metrics[j].code);
			figset_num(fs, key, rk, "rank", src, "competition rank of the metric");
			snprintf(key, sizeof key, "readiness.%s.metric.%s.score", pre,
			         d->metrics[j].code);
			figset_num(fs, key, r->norm_value[f * k + j], "score", src,
			           norm_name(r->norm));
		}
		for (j = 0; j < nk; j++) {
			snprintf(key, sizeof key, "readiness.%s.cluster.%s.score", pre,
			         d->clusters[j].code);
			figset_num(fs, key, r->cluster_score[f * nk + j], "score", src,
			           "mean of the cluster's normalised metrics");
			snprintf(key, sizeof key, "readiness.%s.cluster.%s.rank", pre,
			         d->clusters[j].code);
			figset_num(fs, key, r->cluster_rank[f * nk + j], "rank", src,
			           "competition rank of the cluster score");
		}
		snprintf(key, sizeof key, "readiness.%s.best.metric", pre);
		figset_text(fs, key, d->metrics[best].name, src);
		snprintf(key, sizeof key, "readiness.%s.best.metric_es", pre);
		figset_text(fs, key, d->metrics[best].name_es, src);
		snprintf(key, sizeof key, "readiness.%s.best.rank", pre);
		figset_num(fs, key, r->metric_rank[f * k + best], "rank", src,
		           "lowest rank of the country over the metrics");
		snprintf(key, sizeof key, "readiness.%s.worst.metric", pre);
		figset_text(fs, key, d->metrics[worst].name, src);
		snprintf(key, sizeof key, "readiness.%s.worst.metric_es", pre);
		figset_text(fs, key, d->metrics[worst].name_es, src);
		snprintf(key, sizeof key, "readiness.%s.worst.rank", pre);
		figset_num(fs, key, r->metric_rank[f * k + worst], "rank", src,
		           "highest rank of the country over the metrics");
	}

	/* readiness_check: published ranks beside the model's. */
	if (d->npublished > 0) {
		static const char *const pcols[] = {
			"item", "country", "published", "computed", "match"
		};

		t = figset_table(fs, "readiness_check", 5, pcols, "readiness_published.csv");
		for (i = 0; i < d->npublished; i++) {
			const struct readiness_published *p = &d->published[i];
			int got = p->metric < 0 ? r->rank[p->country] :
				r->metric_rank[p->country * k + (size_t)p->metric];
			size_t row = figtable_add_row(fs, t);

			figtable_set_text(fs, t, row, 0,
			                p->metric < 0 ? "overall" : d->metrics[p->metric].code);
			figtable_set_text(fs, t, row, 1, d->countries[p->country].code);
			figtable_set_num(fs, t, row, 2, p->rank);
			figtable_set_num(fs, t, row, 3, got);
			figtable_set_text(fs, t, row, 4, got == p->rank ? "yes" : "no");
		}
	}
}

void readiness_variant_figures(const struct readiness_result *r, struct figset *fs)
{
	const struct readiness_data *d = r->data;
	const char *tag = r->norm == READINESS_ZSCORE ? "zscore" : "minmax";
	char pre[64], key[160], formula[96];

	if (r->focus < 0)
		return;
	lower_code(pre, sizeof pre, d->countries[r->focus].code);
	snprintf(formula, sizeof formula, "composite with %s normalisation", norm_name(r->norm));
	snprintf(key, sizeof key, "readiness.%s.rank_%s", pre, tag);
	figset_num(fs, key, r->rank[r->focus], "rank", d->sources, formula);
	snprintf(key, sizeof key, "readiness.%s.score_%s", pre, tag);
	figset_num(fs, key, r->composite[r->focus], "score", d->sources, formula);
}

/* ---- uncertainty ---- */

/* splitmix64: a small, well-mixed generator; only reproducibility matters. */
static unsigned long long next_random(unsigned long long *state)
{
	unsigned long long z = (*state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double next_uniform(unsigned long long *state)
{
	return (double)(next_random(state) >> 11) * (1.0 / 9007199254740992.0);
}

static int cmp_int(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;

	return (a > b) - (a < b);
}

int readiness_uncertainty(struct arena *a, const struct readiness_data *d, long focus,
                          int draws, unsigned long long seed,
                          struct readiness_uncertainty *out)
{
	size_t n = d->ncountries, k = d->nmetrics, i, j;
	double *norm_mm, *norm_z, *w, *score;
	int *ranks, draw;
	unsigned long long state = seed;

	memset(out, 0, sizeof *out);
	if (draws < 1 || focus < 0 || (size_t)focus >= n || k == 0)
		return -1;
	norm_mm = arena_calloc(a, n * k, sizeof *norm_mm);
	norm_z = arena_calloc(a, n * k, sizeof *norm_z);
	w = arena_calloc(a, k, sizeof *w);
	score = arena_calloc(a, n, sizeof *score);
	ranks = arena_calloc(a, (size_t)draws, sizeof *ranks);
	for (j = 0; j < k; j++) {
		normalise_metric(d, j, READINESS_MINMAX, norm_mm);
		normalise_metric(d, j, READINESS_ZSCORE, norm_z);
	}
	for (draw = 0; draw < draws; draw++) {
		int scheme = draw % 3;
		double wsum = 0.0;
		int better = 0;

		for (j = 0; j < k; j++) {
			w[j] = 1.0 + 0.5 * (next_uniform(&state) - 0.5);
			wsum += w[j];
		}
		for (i = 0; i < n; i++) {
			double sc = 0.0;

			for (j = 0; j < k; j++) {
				double wj = w[j] / wsum;

				if (scheme == 0)
					sc += wj * norm_mm[i * k + j];
				else if (scheme == 1)
					sc += wj * norm_z[i * k + j];
				else
					sc += wj * log(0.01 + 0.99 * norm_mm[i * k + j]);
			}
			score[i] = sc;
		}
		for (i = 0; i < n; i++)
			if (score[i] > score[focus] + READINESS_TIE_EPS)
				better++;
		ranks[draw] = better + 1;
	}
	qsort(ranks, (size_t)draws, sizeof *ranks, cmp_int);
	out->draws = draws;
	out->median = ranks[(draws - 1) / 2];
	out->p05 = ranks[(int)floor(0.05 * (draws - 1))];
	out->p95 = ranks[(int)ceil(0.95 * (draws - 1))];
	out->best = ranks[0];
	out->worst = ranks[draws - 1];
	return 0;
}

void readiness_uncertainty_figures(const struct readiness_data *d, long focus,
                                   const struct readiness_uncertainty *u, struct figset *fs)
{
	static const char *const how =
		"over draws of min-max/z-score/geometric aggregation with weights 1 +/- 25%";
	char pre[64], key[160];

	if (focus < 0 || u->draws < 1)
		return;
	lower_code(pre, sizeof pre, d->countries[focus].code);
	snprintf(key, sizeof key, "readiness.%s.rank_median", pre);
	figset_num(fs, key, u->median, "rank", d->sources, how);
	snprintf(key, sizeof key, "readiness.%s.rank_p05", pre);
	figset_num(fs, key, u->p05, "rank", d->sources, how);
	snprintf(key, sizeof key, "readiness.%s.rank_p95", pre);
	figset_num(fs, key, u->p95, "rank", d->sources, how);
	snprintf(key, sizeof key, "readiness.%s.rank_draws", pre);
	figset_num(fs, key, u->draws, "draws", d->sources, "number of draws");
}
