/*
 * Tests of the readiness index: hand-worked normalisation, aggregation and
 * ranking; the default edition against the paper's Table 1; bad data.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"
#include "helpers.h"
#include "load/load.h"
#include "figures/figures.h"
#include "model/readiness/readiness.h"

#define EPS 1e-9

/* A hand-built dataset: n countries, k metrics (row-major values). */
struct mini {
	struct readiness_country c[4];
	struct readiness_cluster k[2];
	struct readiness_metric m[3];
	double v[12];
	const char *prov[12];
	struct readiness_data d;
};

static void mini_init(struct mini *x, size_t n, size_t k, const double *v,
                      const bool *lower, const size_t *cluster, size_t nclusters)
{
	static const char *const codes[] = { "AAA", "BBB", "CCC", "DDD" };
	static const char *const mcodes[] = { "m1", "m2", "m3" };
	static const char *const kcodes[] = { "c1", "c2" };
	size_t i;

	memset(x, 0, sizeof *x);
	for (i = 0; i < n; i++) {
		x->c[i].code = codes[i];
		x->c[i].name = codes[i];
		x->c[i].name_es = codes[i];
	}
	for (i = 0; i < nclusters; i++) {
		x->k[i].code = kcodes[i];
		x->k[i].name = kcodes[i];
		x->k[i].name_es = kcodes[i];
	}
	for (i = 0; i < k; i++) {
		x->m[i].code = mcodes[i];
		x->m[i].name = mcodes[i];
		x->m[i].name_es = mcodes[i];
		x->m[i].source = "";
		x->m[i].lower_is_better = lower[i];
		x->m[i].cluster = cluster[i];
		x->k[cluster[i]].nmetrics++;
	}
	for (i = 0; i < n * k; i++) {
		x->v[i] = v[i];
		x->prov[i] = "official";
	}
	x->d.countries = x->c;
	x->d.ncountries = n;
	x->d.clusters = x->k;
	x->d.nclusters = nclusters;
	x->d.metrics = x->m;
	x->d.nmetrics = k;
	x->d.value = x->v;
	x->d.provenance = x->prov;
	x->d.sources = "test";
}

Test(readiness, minmax_with_a_lower_is_better_metric)
{
	/* m1 higher is better: 10 20 30 -> 0 .5 1
	 * m2 lower is better:   1  3  2 -> 1  0 .5
	 * composite: .5 .25 .75 -> ranks 2 3 1 */
	static const double v[] = { 10, 1, 20, 3, 30, 2 };
	static const bool lower[] = { false, true };
	static const size_t cl[] = { 0, 1 };
	struct arena *a = arena_new();
	struct readiness_params p = { READINESS_MINMAX, "AAA" };
	struct readiness_result r;
	struct mini x;

	mini_init(&x, 3, 2, v, lower, cl, 2);
	cr_assert_eq(readiness_compute(a, &x.d, &p, &r), 0);
	cr_assert_float_eq(r.norm_value[0 * 2 + 0], 0.0, EPS);
	cr_assert_float_eq(r.norm_value[1 * 2 + 0], 0.5, EPS);
	cr_assert_float_eq(r.norm_value[0 * 2 + 1], 1.0, EPS);
	cr_assert_float_eq(r.norm_value[2 * 2 + 1], 0.5, EPS);
	cr_assert_float_eq(r.composite[0], 0.5, EPS);
	cr_assert_float_eq(r.composite[1], 0.25, EPS);
	cr_assert_float_eq(r.composite[2], 0.75, EPS);
	cr_assert_eq(r.rank[0], 2);
	cr_assert_eq(r.rank[1], 3);
	cr_assert_eq(r.rank[2], 1);
	/* metric ranks: m1 3 2 1; m2 1 3 2 */
	cr_assert_eq(r.metric_rank[0 * 2 + 0], 3);
	cr_assert_eq(r.metric_rank[2 * 2 + 0], 1);
	cr_assert_eq(r.metric_rank[0 * 2 + 1], 1);
	cr_assert_eq(r.metric_rank[1 * 2 + 1], 3);
	/* one metric per cluster: the cluster score is the metric's */
	cr_assert_float_eq(r.cluster_score[0 * 2 + 1], 1.0, EPS);
	cr_assert_eq(r.cluster_rank[0 * 2 + 1], 1);
	cr_assert_eq(r.order[0], 2);
	cr_assert_eq(r.order[1], 0);
	cr_assert_eq(r.order[2], 1);
	cr_assert_eq(r.focus, 0);
	arena_free(a);
}

Test(readiness, ties_use_competition_ranking)
{
	/* One metric 4 2 2 0: normalised 1 .5 .5 0, ranks 1 2 2 4. */
	static const double v[] = { 4, 2, 2, 0 };
	static const bool lower[] = { false };
	static const size_t cl[] = { 0 };
	struct arena *a = arena_new();
	struct readiness_params p = { READINESS_MINMAX, NULL };
	struct readiness_result r;
	struct mini x;

	mini_init(&x, 4, 1, v, lower, cl, 1);
	cr_assert_eq(readiness_compute(a, &x.d, &p, &r), 0);
	cr_assert_eq(r.rank[0], 1);
	cr_assert_eq(r.rank[1], 2);
	cr_assert_eq(r.rank[2], 2);
	cr_assert_eq(r.rank[3], 4);
	cr_assert_eq(r.metric_rank[1], 2);
	cr_assert_eq(r.metric_rank[3], 4);
	/* ties are listed by code */
	cr_assert_eq(r.order[1], 1);
	cr_assert_eq(r.order[2], 2);
	cr_assert_eq(r.focus, -1);
	arena_free(a);
}

Test(readiness, ties_in_the_composite_from_different_metrics)
{
	/* m1: 0 1 2, m2: 2 1 0 -> composites .5 .5 .5: everyone first. */
	static const double v[] = { 0, 2, 1, 1, 2, 0 };
	static const bool lower[] = { false, false };
	static const size_t cl[] = { 0, 0 };
	struct arena *a = arena_new();
	struct readiness_result r;
	struct mini x;

	mini_init(&x, 3, 2, v, lower, cl, 1);
	cr_assert_eq(readiness_compute(a, &x.d, NULL, &r), 0);
	cr_assert_eq(r.rank[0], 1);
	cr_assert_eq(r.rank[1], 1);
	cr_assert_eq(r.rank[2], 1);
	cr_assert_float_eq(r.cluster_score[1], 0.5, EPS);
	arena_free(a);
}

Test(readiness, zscore_normalisation)
{
	/* m1 1 2 3: mean 2, population sd sqrt(2/3); m2 the same but lower is
	 * better, so its z-scores change sign. */
	static const double v[] = { 1, 1, 2, 2, 3, 3 };
	static const bool lower[] = { false, true };
	static const size_t cl[] = { 0, 1 };
	struct arena *a = arena_new();
	struct readiness_params p = { READINESS_ZSCORE, NULL };
	struct readiness_result r;
	struct mini x;
	double z = 1.0 / sqrt(2.0 / 3.0);

	mini_init(&x, 3, 2, v, lower, cl, 2);
	cr_assert_eq(readiness_compute(a, &x.d, &p, &r), 0);
	cr_assert_float_eq(r.norm_value[0 * 2 + 0], -z, EPS);
	cr_assert_float_eq(r.norm_value[1 * 2 + 0], 0.0, EPS);
	cr_assert_float_eq(r.norm_value[2 * 2 + 0], z, EPS);
	cr_assert_float_eq(r.norm_value[0 * 2 + 1], z, EPS);
	cr_assert_float_eq(r.norm_value[2 * 2 + 1], -z, EPS);
	/* The two metrics cancel: every composite is 0 and all tie. */
	cr_assert_float_eq(r.composite[0], 0.0, EPS);
	cr_assert_eq(r.rank[2], 1);
	cr_assert_eq(r.metric_rank[0 * 2 + 1], 1);
	arena_free(a);
}

Test(readiness, zscore_hand_worked_with_an_outlier)
{
	/* m1: 0 0 10, mean 10/3, deviations -10/3 -10/3 20/3, variance 200/9.
	 * m2: 0 6 4, mean 10/3, deviations -10/3 8/3 2/3, variance 56/9. */
	static const double v[] = { 0, 0, 0, 6, 10, 4 };
	static const bool lower[] = { false, false };
	static const size_t cl[] = { 0, 0 };
	struct arena *a = arena_new();
	struct readiness_params p = { READINESS_ZSCORE, NULL };
	struct readiness_result r;
	struct mini x;

	mini_init(&x, 3, 2, v, lower, cl, 1);
	cr_assert_eq(readiness_compute(a, &x.d, &p, &r), 0);
	cr_assert_float_eq(r.norm_value[2 * 2 + 0], 20.0 / 3.0 / sqrt(200.0 / 9.0), EPS);
	cr_assert_float_eq(r.composite[1],
	                   (-10.0 / 3.0 / sqrt(200.0 / 9.0) +
	                    (6.0 - 10.0 / 3.0) / sqrt(56.0 / 9.0)) / 2.0, EPS);
	arena_free(a);
}

Test(readiness, constant_metric_is_neutral)
{
	static const double v[] = { 5, 1, 5, 2, 5, 3 };
	static const bool lower[] = { false, false };
	static const size_t cl[] = { 0, 0 };
	struct arena *a = arena_new();
	struct readiness_result r;
	struct mini x;

	mini_init(&x, 3, 2, v, lower, cl, 1);
	cr_assert_eq(readiness_compute(a, &x.d, NULL, &r), 0);
	cr_assert_float_eq(r.norm_value[0], 0.5, EPS);
	cr_assert_eq(r.metric_rank[0], 1);
	cr_assert_eq(r.metric_rank[2], 1);
	cr_assert_eq(r.rank[2], 1);
	cr_assert_eq(r.rank[0], 3);
	arena_free(a);
}

Test(readiness, nothing_to_rank)
{
	struct arena *a = arena_new();
	struct readiness_data d;
	struct readiness_result r;

	memset(&d, 0, sizeof d);
	cr_assert_eq(readiness_compute(a, &d, NULL, &r), -1);
	arena_free(a);
}

/* ---- files ---- */

/* Capture diag's messages (helpers.c), from the project root. */
static void capture_start(void)
{
	cr_assert_eq(chdir(TEST_SRCDIR), 0);
	th_capture();
}

#define capture_text th_captured

Test(readiness, loads_fixture_and_checks_published)
{
	struct arena *a = arena_new();
	struct readiness_data d;
	struct readiness_result r;
	struct readiness_params p = { READINESS_MINMAX, "AAA" };

	capture_start();
	cr_assert_eq(readiness_load(a, "tests/fixtures/readiness/base", &d), 0, "%s",
	             capture_text());
	cr_assert_eq(d.ncountries, 3);
	cr_assert_eq(d.nmetrics, 2);
	cr_assert(d.metrics[1].lower_is_better);
	cr_assert_str_eq(d.provenance[2 * 2 + 1], "estimated");
	cr_assert_eq(d.npublished, 3);
	cr_assert_eq(readiness_compute(a, &d, &p, &r), 0);
	cr_assert_eq(r.rank[0], 2);
	/* The fixture publishes rank 1 on m1 for AAA; the model says 3. */
	cr_assert_eq(readiness_check(&r), 1);
	cr_assert_str_eq(capture_text(),
	                 "reportgen: tests/fixtures/readiness/base/readiness_published.csv:3:8: "
	                 "warning: m1: published rank 1 for AAA, the model gives 3\n");
	arena_free(a);
}

static void expect_load_error(const char *dir, const char *expected)
{
	struct arena *a = arena_new();
	struct readiness_data d;

	capture_start();
	cr_assert_eq(readiness_load(a, dir, &d), -1);
	cr_assert_eq(diag_status(), EXIT_DATA);
	cr_assert(strstr(capture_text(), expected) != NULL, "expected \"%s\" in:\n%s",
	          expected, capture_text());
	arena_free(a);
}

Test(readiness, unknown_country)
{
	expect_load_error("tests/fixtures/readiness/unknown_country",
	                  "reportgen: tests/fixtures/readiness/unknown_country/readiness_values.csv:6:1: "
	                  "error: unknown country 'XYZ' (not in readiness_countries.csv)\n");
}

Test(readiness, unknown_metric)
{
	expect_load_error("tests/fixtures/readiness/unknown_metric",
	                  "reportgen: tests/fixtures/readiness/unknown_metric/readiness_values.csv:4:5: "
	                  "error: unknown metric 'm9' (not in readiness_metrics.csv)\n");
}

Test(readiness, country_missing_a_metric)
{
	expect_load_error("tests/fixtures/readiness/missing_value",
	                  "reportgen: tests/fixtures/readiness/missing_value/readiness_countries.csv:3:1: "
	                  "error: country 'BBB' has no value for metric 'm2' in "
	                  "tests/fixtures/readiness/missing_value/readiness_values.csv\n");
}

Test(readiness, duplicated_key)
{
	expect_load_error("tests/fixtures/readiness/duplicate",
	                  "reportgen: tests/fixtures/readiness/duplicate/readiness_values.csv:6:1: "
	                  "error: duplicate key");
}

Test(readiness, unknown_cluster)
{
	expect_load_error("tests/fixtures/readiness/unknown_cluster",
	                  "reportgen: tests/fixtures/readiness/unknown_cluster/readiness_metrics.csv:3:27: "
	                  "error: unknown cluster 'c3' (not in readiness_clusters.csv)\n");
}

/* ---- the default edition ---- */

static void load_edition(struct arena *a, struct readiness_data *d, struct readiness_result *r,
                         enum readiness_norm norm)
{
	struct readiness_params p = { norm, "MEX" };

	capture_start();
	cr_assert_eq(readiness_load(a, "data/2018", d), 0, "%s", capture_text());
	cr_assert_eq(readiness_compute(a, d, &p, r), 0);
}

Test(readiness, edition_2018_reproduces_table_1)
{
	/* The paper's Table 1 and text: Mexico 22nd of 35; by metric, in the
	 * order of readiness_metrics.csv: 35 17 34 33 35 22 13 5 9. */
	static const int table1[] = { 35, 17, 34, 33, 35, 22, 13, 5, 9 };
	struct arena *a = arena_new();
	struct readiness_data d;
	struct readiness_result r;
	size_t j, mex;

	load_edition(a, &d, &r, READINESS_MINMAX);
	cr_assert_eq(d.ncountries, 35);
	cr_assert_eq(d.nmetrics, 9);
	cr_assert_eq(d.nclusters, 3);
	cr_assert_geq(r.focus, 0);
	mex = (size_t)r.focus;
	cr_assert_eq(r.rank[mex], 22);
	for (j = 0; j < 9; j++)
		cr_assert_eq(r.metric_rank[mex * 9 + j], table1[j], "metric %s: %d",
		             d.metrics[j].code, r.metric_rank[mex * 9 + j]);
	cr_assert_eq(readiness_check(&r), 0, "%s", capture_text());
	for (j = 0; j < d.ncountries; j++) {
		cr_assert(r.composite[j] >= 0.0 && r.composite[j] <= 1.0);
		cr_assert(r.rank[j] >= 1 && r.rank[j] <= 35);
	}
	arena_free(a);
}

Test(readiness, edition_2018_zscore_still_ranks)
{
	struct arena *a = arena_new();
	struct readiness_data d;
	struct readiness_result r;
	size_t mex;

	struct figset *fs = figset_new(a);

	load_edition(a, &d, &r, READINESS_ZSCORE);
	mex = (size_t)r.focus;
	/* metric ranks do not depend on the normalisation */
	cr_assert_eq(r.metric_rank[mex * 9 + 7], 5);
	/* With these data the rank does not depend on the normalisation. */
	cr_assert_eq(r.rank[mex], 22);
	readiness_variant_figures(&r, fs);
	cr_assert_float_eq(figset_get(fs, "readiness.mex.rank_zscore")->value, r.rank[mex], EPS);
	cr_assert_float_eq(figset_get(fs, "readiness.mex.score_zscore")->value, r.composite[mex],
	                   EPS);
	cr_assert_null(figset_get(fs, "readiness.mex.rank"));
	arena_free(a);
}

Test(readiness, figures_of_the_edition)
{
	struct arena *a = arena_new();
	struct figset *fs = figset_new(a);
	struct readiness_data d;
	struct readiness_result r;
	const struct figtable *t;
	const struct figure *f;

	load_edition(a, &d, &r, READINESS_MINMAX);
	readiness_figures(&r, fs);
	cr_assert_float_eq(figset_get(fs, "readiness.countries")->value, 35, EPS);
	cr_assert_float_eq(figset_get(fs, "readiness.metrics")->value, 9, EPS);
	cr_assert_float_eq(figset_get(fs, "readiness.mex.rank")->value, 22, EPS);
	f = figset_get(fs, "readiness.mex.best.metric");
	cr_assert_not_null(f);
	cr_assert_str_eq(f->text, "Available data");
	cr_assert_float_eq(figset_get(fs, "readiness.mex.best.rank")->value, 5, EPS);
	/* innovation and tech skills are both 35th: the first one wins */
	cr_assert_str_eq(figset_get(fs, "readiness.mex.worst.metric")->text, "Innovation");
	cr_assert_not_null(figset_get(fs, "readiness.top1.country"));
	cr_assert_float_eq(figset_get(fs, "readiness.top1.rank")->value, 1, EPS);
	t = figset_get_table(fs, "readiness");
	cr_assert_not_null(t);
	cr_assert_eq(t->nrows, 35);
	cr_assert_geq(figtable_col(t, "public_service_reform"), 0);
	t = figset_get_table(fs, "readiness_mex");
	cr_assert_not_null(t);
	cr_assert_eq(t->nrows, 9);
	cr_assert_str_eq(figtable_cell(t, 0, (size_t)figtable_col(t, "cluster"))->text,
	                 "Public service reform");
	cr_assert_float_eq(figtable_cell(t, 7, (size_t)figtable_col(t, "rank"))->num, 5, EPS);
	t = figset_get_table(fs, "readiness_clusters");
	cr_assert_eq(t->nrows, 3);
	t = figset_get_table(fs, "readiness_check");
	cr_assert_eq(t->nrows, 10);
	arena_free(a);
}

/* ---- raw data, when the reference folder is there ---- */

/* Read one numeric field (0-based) of the line whose first field is key.
 * Plain comma split: these files have no quoted commas in the rows used. */
static int raw_field(const char *path, const char *key, int keycol, int col, double *out)
{
	FILE *fp = fopen(path, "r");
	char line[4096];
	int found = 0;

	if (fp == NULL)
		return -1;
	while (fgets(line, sizeof line, fp) != NULL) {
		char *fields[64];
		int n = 0;
		char *p = line;

		fields[n++] = p;
		for (; *p != '\0' && n < 64; p++) {
			if (*p == ',') {
				*p = '\0';
				fields[n++] = p + 1;
			}
		}
		if (n <= col || n <= keycol)
			continue;
		if (strcmp(fields[keycol], key) != 0)
			continue;
		*out = strtod(fields[col], NULL);
		found = 1;
		break;
	}
	fclose(fp);
	return found ? 0 : -1;
}

Test(readiness, raw_osi_2016_matches_and_ranks_mexico_17th)
{
	struct arena *a;
	struct readiness_data d;
	struct readiness_result r;
	size_t i, m;
	int better = 0;
	double mex = 0;

	const char *egdi = th_raw_file("un_egdi_2016.csv");

	a = arena_new();
	load_edition(a, &d, &r, READINESS_MINMAX);
	for (m = 0; m < d.nmetrics; m++)
		if (strcmp(d.metrics[m].code, "digital_services") == 0)
			break;
	cr_assert_lt(m, d.nmetrics);
	/* columns: country-code,country-name,e-gov-rank,e-gov-index,e-pat-index,osi */
	cr_assert_eq(raw_field(egdi, "MEX", 0, 5, &mex), 0);
	for (i = 0; i < d.ncountries; i++) {
		double x;

		cr_assert_eq(raw_field(egdi, d.countries[i].code, 0, 5, &x),
		             0, "%s", d.countries[i].code);
		cr_assert_float_eq(d.value[i * d.nmetrics + m], x, 1e-9, "%s", d.countries[i].code);
		if (x > mex)
			better++;
	}
	cr_assert_eq(better + 1, 17);
	arena_free(a);
}

/* The WGI bulk file is quoted and wide: find "GE.EST" rows and the 2016 column. */
static int raw_wgi_ge_2016(const char *iso3, double *out)
{
	FILE *fp = fopen(th_raw_file("worldbank_wgi_1996_2022_all_indicators.csv"), "r");
	char line[8192];
	char want[32];
	int found = 0;

	if (fp == NULL)
		return -1;
	snprintf(want, sizeof want, "\"%s\",", iso3);
	while (fgets(line, sizeof line, fp) != NULL) {
		char *p = strstr(line, want);
		int field = 0;

		if (p == NULL || strstr(line, "\"GE.EST\"") == NULL)
			continue;
		/* Fields: name, code, indicator name, indicator code (0..3), then
		 * 1996, 1998, 2000 (4..6), 2002..2022 (7..27): 2016 is index 21. */
		for (p = line; *p != '\0' && field < 21; p++) {
			if (*p == '"') {
				p++;
				while (*p != '\0' && *p != '"')
					p++;
			} else if (*p == ',') {
				field++;
			}
		}
		if (*p == '"')
			p++;
		*out = strtod(p, NULL);
		found = 1;
		break;
	}
	fclose(fp);
	return found ? 0 : -1;
}

Test(readiness, raw_wgi_2016_matches_and_ranks_mexico_34th)
{
	struct arena *a;
	struct readiness_data d;
	struct readiness_result r;
	size_t i, m;
	int better = 0;
	double mex = 0;

	th_raw_file("worldbank_wgi_1996_2022_all_indicators.csv");   /* or skip */
	a = arena_new();
	load_edition(a, &d, &r, READINESS_MINMAX);
	for (m = 0; m < d.nmetrics; m++)
		if (strcmp(d.metrics[m].code, "gov_effectiveness") == 0)
			break;
	cr_assert_lt(m, d.nmetrics);
	cr_assert_eq(raw_wgi_ge_2016("MEX", &mex), 0);
	for (i = 0; i < d.ncountries; i++) {
		double x;

		cr_assert_eq(raw_wgi_ge_2016(d.countries[i].code, &x), 0, "%s", d.countries[i].code);
		/* the edition rounds to 6 decimals */
		cr_assert_float_eq(d.value[i * d.nmetrics + m], x, 5e-7, "%s", d.countries[i].code);
		if (x > mex)
			better++;
	}
	cr_assert_eq(better + 1, 34);
	arena_free(a);
}

/* ---- the estimated metrics follow the method of data/SOURCES.md ---- */

static const struct col_schema basis_cols[] = {
	{ "country", COL_CODE, true, true, false, false, 0, 0, NULL },
	{ "metric", COL_CODE, true, true, false, false, 0, 0, NULL },
	{ "value", COL_NUM, true, false, false, false, 0, 0, NULL },
	{ "basis", COL_NUM, false, false, false, false, 0, 0, NULL },
	{ "provenance", COL_TEXT, true, false, false, false, 0, 0, NULL },
};
static const struct dataset_schema basis_schema = {
	"readiness values (basis)", basis_cols, 5, ',', true
};

Test(readiness, estimated_values_follow_the_documented_method)
{
	/* For each estimated metric: order the other countries by basis (then
	 * by the 2016 OSI, then by code), insert the focus country at its
	 * published rank, and expect value = ((N - p) / (N - 1))^2. */
	struct arena *a = arena_new();
	struct readiness_data d;
	struct readiness_result r;
	struct dataset t;
	size_t m, i, j, n, osi, checked = 0;
	long mex;

	load_edition(a, &d, &r, READINESS_MINMAX);
	cr_assert_eq(data_load(a, "data/2018/readiness_values.csv", &basis_schema, &t), 0);
	n = d.ncountries;
	mex = r.focus;
	for (osi = 0; osi < d.nmetrics; osi++)
		if (strcmp(d.metrics[osi].code, "digital_services") == 0)
			break;
	cr_assert_lt(osi, d.nmetrics);
	for (m = 0; m < d.nmetrics; m++) {
		double basis[64];
		size_t order[64], k = 0;
		int published = 0;

		if (strcmp(d.provenance[(size_t)mex * d.nmetrics + m], "estimated") != 0)
			continue;
		for (i = 0; i < d.npublished; i++)
			if (d.published[i].metric == (long)m && d.published[i].country == (size_t)mex)
				published = d.published[i].rank;
		cr_assert_gt(published, 0, "%s has no published rank", d.metrics[m].code);
		for (i = 0; i < n; i++) {
			basis[i] = NAN;
			for (j = 0; j < t.nrows; j++)
				if (strcmp(dataset_text(&t, j, 0), d.countries[i].code) == 0 &&
				    strcmp(dataset_text(&t, j, 1), d.metrics[m].code) == 0)
					basis[i] = dataset_num(&t, j, 3);
			if ((long)i != mex) {
				cr_assert(!isnan(basis[i]), "%s %s has no basis", d.countries[i].code,
				          d.metrics[m].code);
				order[k++] = i;
			}
		}
		/* insertion sort: basis desc, OSI desc, code asc */
		for (i = 1; i < k; i++) {
			size_t x = order[i];

			for (j = i; j > 0; j--) {
				size_t y = order[j - 1];
				double oy = d.value[y * d.nmetrics + osi], ox = d.value[x * d.nmetrics + osi];

				if (basis[y] > basis[x] || (basis[y] == basis[x] &&
				    (oy > ox || (oy == ox && strcmp(d.countries[y].code, d.countries[x].code) < 0))))
					break;
				order[j] = y;
			}
			order[j] = x;
		}
		memmove(order + published, order + published - 1, (k - (size_t)published + 1) * sizeof *order);
		order[published - 1] = (size_t)mex;
		for (i = 0; i < n; i++) {
			double want = pow((double)(n - 1 - i) / (double)(n - 1), 2.0);

			cr_assert_float_eq(d.value[order[i] * d.nmetrics + m], want, 1e-6, "%s %s",
			                   d.countries[order[i]].code, d.metrics[m].code);
			checked++;
		}
	}
	cr_assert_eq(checked, 7 * 35);
	arena_free(a);
}

/* ---- uncertainty ---- */

Test(readiness, uncertainty_with_one_metric_cannot_move_ranks)
{
	/* A single metric: weights, monotone normalisations and the geometric
	 * mean all keep the order, so every draw gives the same rank. */
	static const double v[] = { 4, 2, 3, 0 };
	static const bool lower[] = { false };
	static const size_t cl[] = { 0 };
	struct arena *a = arena_new();
	struct readiness_uncertainty u;
	struct mini x;

	mini_init(&x, 4, 1, v, lower, cl, 1);
	cr_assert_eq(readiness_uncertainty(a, &x.d, 2, 99, 42, &u), 0);
	cr_assert_eq(u.draws, 99);
	cr_assert_eq(u.median, 2);
	cr_assert_eq(u.p05, 2);
	cr_assert_eq(u.p95, 2);
	cr_assert_eq(readiness_uncertainty(a, &x.d, 2, 0, 42, &u), -1);
	cr_assert_eq(readiness_uncertainty(a, &x.d, -1, 10, 42, &u), -1);
	arena_free(a);
}

Test(readiness, uncertainty_is_reproducible_and_ordered)
{
	struct arena *a = arena_new();
	struct figset *fs = figset_new(a);
	struct readiness_data d;
	struct readiness_result r;
	struct readiness_uncertainty u1, u2;

	load_edition(a, &d, &r, READINESS_MINMAX);
	cr_assert_eq(readiness_uncertainty(a, &d, r.focus, 999, 2018, &u1), 0);
	cr_assert_eq(readiness_uncertainty(a, &d, r.focus, 999, 2018, &u2), 0);
	cr_assert_eq(u1.median, u2.median);
	cr_assert_eq(u1.p05, u2.p05);
	cr_assert_eq(u1.p95, u2.p95);
	cr_assert(u1.best <= u1.p05 && u1.p05 <= u1.median && u1.median <= u1.p95 &&
	          u1.p95 <= u1.worst);
	cr_assert(u1.best >= 1 && u1.worst <= 35);
	readiness_uncertainty_figures(&d, r.focus, &u1, fs);
	cr_assert_float_eq(figset_get(fs, "readiness.mex.rank_median")->value, u1.median, EPS);
	cr_assert_float_eq(figset_get(fs, "readiness.mex.rank_draws")->value, 999, EPS);
	cr_log_info("Mexico: median %d, 5-95%% %d-%d, range %d-%d", u1.median, u1.p05, u1.p95,
	            u1.best, u1.worst);
	arena_free(a);
}

Test(readiness, uncertainty_hand_worked_two_metrics)
{
	/* AAA (1, 0) against BBB (0, 1) and CCC (0.5, 0.5), min-max already:
	 * with equal weights all three tie; with noisy weights AAA and BBB swap
	 * places, CCC sits between them, so AAA's rank is 1 or 3 (or 1 on an
	 * exact tie) and both must appear over many draws. */
	static const double v[] = { 1, 0, 0, 1, 0.5, 0.5 };
	static const bool lower[] = { false, false };
	static const size_t cl[] = { 0, 0 };
	struct arena *a = arena_new();
	struct readiness_uncertainty u;
	struct mini x;

	mini_init(&x, 3, 2, v, lower, cl, 1);
	cr_assert_eq(readiness_uncertainty(a, &x.d, 0, 300, 7, &u), 0);
	cr_assert_eq(u.best, 1);
	cr_assert_eq(u.worst, 3);
	arena_free(a);
}
