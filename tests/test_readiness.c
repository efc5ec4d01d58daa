/*
 * Tests of the readiness index: hand-worked normalisation (min-max, z-score),
 * aggregation (arithmetic, geometric), weights, imputation and ranking; the
 * Monte Carlo and the one-at-a-time analysis; the loader on good and bad
 * files; the default edition (published view against recomputed view).
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
#include "model/edition/edition.h"
#include "model/readiness/readiness.h"

#define EPS 1e-9

/* A hand-built dataset: n <= 4 countries, k <= 3 metrics (row-major values;
 * NAN = missing). */
struct mini {
	struct readiness_country c[4];
	struct readiness_cluster k[2];
	struct readiness_metric m[3];
	double v[12];
	bool present[12];
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
		x->m[i].source = x->m[i].indicator = x->m[i].indicator_es = "";
		x->m[i].indicator_source = x->m[i].left_out = x->m[i].left_out_es = "";
		x->m[i].lower_is_better = lower[i];
		x->m[i].cluster = cluster[i];
		x->m[i].used = true;
		x->k[cluster[i]].nmetrics++;
		x->k[cluster[i]].nused++;
	}
	for (i = 0; i < n * k; i++) {
		x->v[i] = isnan(v[i]) ? 0.0 : v[i];
		x->present[i] = !isnan(v[i]);
		x->prov[i] = "official";
	}
	x->d.countries = x->c;
	x->d.ncountries = n;
	x->d.clusters = x->k;
	x->d.nclusters = nclusters;
	x->d.metrics = x->m;
	x->d.nmetrics = k;
	x->d.value = x->v;
	x->d.present = x->present;
	x->d.provenance = x->prov;
	x->d.sources = "test";
}

static struct readiness_params params(enum readiness_norm nm, enum readiness_agg ag,
                                      enum readiness_weights w, const char *focus)
{
	struct readiness_params p = { nm, ag, w, focus, -1 };

	return p;
}

/* 4 countries x 3 metrics, worked by hand:
 *   m1 (higher better) 10 20 30 40 -> min-max 0 1/3 2/3 1
 *   m2 (lower better)   1  3  2  5 -> (5 - x) / 4 = 1 .5 .75 0
 *   m3 (higher better)  0  0 10  5 -> 0 0 1 .5
 * arithmetic, equal weights: AAA 1/3, BBB 5/18, CCC 29/36, DDD 1/2
 * -> ranks 3 4 1 2. */
static const double v43[] = { 10, 1, 0, 20, 3, 0, 30, 2, 10, 40, 5, 5 };
static const bool lower43[] = { false, true, false };
static const size_t cl43[] = { 0, 0, 1 };

Test(readiness, minmax_hand_worked_4x3)
{
	static const double mm[] = { 0, 1, 0, 1.0 / 3, 0.5, 0, 2.0 / 3, 0.75, 1, 1, 0, 0.5 };
	struct arena *a = arena_new();
	struct readiness_params p = params(READINESS_MINMAX, READINESS_ARITH, READINESS_W_METRIC,
	                                   "AAA");
	struct readiness_result r;
	struct mini x;

	mini_init(&x, 4, 3, v43, lower43, cl43, 2);
	cr_assert_eq(readiness_compute(a, &x.d, &p, &r), 0);
	for (size_t i = 0; i < 12; i++)
		cr_assert_float_eq(r.norm_value[i], mm[i], EPS, "cell %zu", i);
	cr_assert_float_eq(r.composite[0], 1.0 / 3, EPS);
	cr_assert_float_eq(r.composite[1], 5.0 / 18, EPS);
	cr_assert_float_eq(r.composite[2], 29.0 / 36, EPS);
	cr_assert_float_eq(r.composite[3], 0.5, EPS);
	cr_assert_eq(r.rank[0], 3);
	cr_assert_eq(r.rank[1], 4);
	cr_assert_eq(r.rank[2], 1);
	cr_assert_eq(r.rank[3], 2);
	cr_assert_eq(r.order[0], 2);
	cr_assert_eq(r.order[3], 1);
	/* metric ranks on the values: m2 lower is better -> 1 3 2 4 */
	cr_assert_eq(r.metric_rank[0 * 3 + 1], 1);
	cr_assert_eq(r.metric_rank[1 * 3 + 1], 3);
	cr_assert_eq(r.metric_rank[3 * 3 + 1], 4);
	/* m3 ties 0 0: both 3rd */
	cr_assert_eq(r.metric_rank[0 * 3 + 2], 3);
	cr_assert_eq(r.metric_rank[1 * 3 + 2], 3);
	/* cluster c1 = mean of m1, m2 */
	cr_assert_float_eq(r.cluster_score[0 * 2 + 0], 0.5, EPS);
	cr_assert_float_eq(r.cluster_score[2 * 2 + 1], 1.0, EPS);
	cr_assert_eq(r.focus, 0);
	cr_assert_eq(r.nused, 3);
	cr_assert_eq(r.nimputed, 0);
	arena_free(a);
}

Test(readiness, zscore_hand_worked_4x3)
{
	/* m1: mean 25, population sd sqrt(125); m2: mean 2.75, sd sqrt(2.1875),
	 * sign flipped (lower is better); m3: mean 3.75, sd sqrt(17.1875). */
	double s1 = sqrt(125.0), s2 = sqrt(2.1875), s3 = sqrt(17.1875);
	double z[12] = {
		-15 / s1, 1.75 / s2, -3.75 / s3, -5 / s1, -0.25 / s2, -3.75 / s3,
		5 / s1, 0.75 / s2, 6.25 / s3, 15 / s1, -2.25 / s2, 1.25 / s3
	};
	struct arena *a = arena_new();
	struct readiness_params p = params(READINESS_ZSCORE, READINESS_ARITH, READINESS_W_METRIC,
	                                   NULL);
	struct readiness_result r;
	struct mini x;

	mini_init(&x, 4, 3, v43, lower43, cl43, 2);
	cr_assert_eq(readiness_compute(a, &x.d, &p, &r), 0);
	for (size_t i = 0; i < 12; i++)
		cr_assert_float_eq(r.norm_value[i], z[i], EPS, "cell %zu", i);
	for (size_t i = 0; i < 4; i++)
		cr_assert_float_eq(r.composite[i], (z[i * 3] + z[i * 3 + 1] + z[i * 3 + 2]) / 3, EPS);
	/* AAA -0.197 BBB -0.549 CCC 0.745 DDD 0.001 */
	cr_assert_eq(r.rank[0], 3);
	cr_assert_eq(r.rank[1], 4);
	cr_assert_eq(r.rank[2], 1);
	cr_assert_eq(r.rank[3], 2);
	arena_free(a);
}

Test(readiness, geometric_against_arithmetic)
{
	/* m1 0 .5 1, m2 1 .5 0: arithmetic means all .5, a three-way tie. On
	 * the geometric mean's 1..100 scale: AAA sqrt(1 * 100) = 10, BBB 50.5,
	 * CCC 10: the balanced country wins and the two others tie. */
	static const double v[] = { 0, 1, 0.5, 0.5, 1, 0 };
	static const bool lower[] = { false, false };
	static const size_t cl[] = { 0, 0 };
	struct arena *a = arena_new();
	struct readiness_params pa = params(READINESS_MINMAX, READINESS_ARITH, READINESS_W_METRIC,
	                                    NULL);
	struct readiness_params pg = params(READINESS_MINMAX, READINESS_GEOM, READINESS_W_METRIC,
	                                    NULL);
	struct readiness_result ra, rg;
	struct mini x;

	mini_init(&x, 3, 2, v, lower, cl, 1);
	cr_assert_eq(readiness_compute(a, &x.d, &pa, &ra), 0);
	cr_assert_eq(readiness_compute(a, &x.d, &pg, &rg), 0);
	for (size_t i = 0; i < 3; i++) {
		cr_assert_float_eq(ra.composite[i], 0.5, EPS);
		cr_assert_eq(ra.rank[i], 1);
	}
	cr_assert_float_eq(rg.composite[0], 10.0, EPS);
	cr_assert_float_eq(rg.composite[1], 50.5, EPS);
	cr_assert_float_eq(rg.composite[2], 10.0, EPS);
	cr_assert_eq(rg.rank[0], 2);
	cr_assert_eq(rg.rank[1], 1);
	cr_assert_eq(rg.rank[2], 2);
	arena_free(a);
}

Test(readiness, geometric_on_zscores_is_positive)
{
	/* z on the scale 10 + 2z: m1 1 2 3 -> z -1.22 0 1.22 -> 7.55 10 12.45 */
	static const double v[] = { 1, 3, 2, 2, 3, 1 };
	static const bool lower[] = { false, false };
	static const size_t cl[] = { 0, 0 };
	struct arena *a = arena_new();
	struct readiness_params p = params(READINESS_ZSCORE, READINESS_GEOM, READINESS_W_METRIC,
	                                   NULL);
	struct readiness_result r;
	struct mini x;
	double z = 1.0 / sqrt(2.0 / 3.0);

	mini_init(&x, 3, 2, v, lower, cl, 1);
	cr_assert_eq(readiness_compute(a, &x.d, &p, &r), 0);
	cr_assert_float_eq(r.norm_value[0], 10 - 2 * z, EPS);
	cr_assert_float_eq(r.norm_value[1], 10 + 2 * z, EPS);
	cr_assert_float_eq(r.composite[1], 10.0, EPS);
	cr_assert_float_eq(r.composite[0], sqrt((10 - 2 * z) * (10 + 2 * z)), EPS);
	for (size_t i = 0; i < 6; i++)
		cr_assert_gt(r.norm_value[i], 0.0);
	/* balanced BBB (10, 10) beats the unbalanced two */
	cr_assert_eq(r.rank[1], 1);
	cr_assert_eq(r.rank[0], 2);
	arena_free(a);
}

Test(readiness, ties_use_competition_ranking)
{
	/* One metric 4 2 2 0: ranks 1 2 2 4. */
	static const double v[] = { 4, 2, 2, 0 };
	static const bool lower[] = { false };
	static const size_t cl[] = { 0 };
	static const double s[] = { 4, 2, 2, 0 };
	struct arena *a = arena_new();
	struct readiness_result r;
	struct mini x;
	int rk[4];

	mini_init(&x, 4, 1, v, lower, cl, 1);
	cr_assert_eq(readiness_compute(a, &x.d, NULL, &r), 0);
	cr_assert_eq(r.rank[0], 1);
	cr_assert_eq(r.rank[1], 2);
	cr_assert_eq(r.rank[2], 2);
	cr_assert_eq(r.rank[3], 4);
	cr_assert_eq(r.metric_rank[3], 4);
	cr_assert_eq(r.order[1], 1);   /* ties listed by code */
	cr_assert_eq(r.order[2], 2);
	readiness_ranks(s, 4, 0.0, rk);
	cr_assert(rk[0] == 1 && rk[1] == 2 && rk[2] == 2 && rk[3] == 4);
	arena_free(a);
}

Test(readiness, missing_value_is_imputed_and_flagged)
{
	/* m1 10 _ 30 20: BBB gets the mean of the others, 20, then min-max .5;
	 * m2 complete. */
	static const double v[] = { 10, 1, NAN, 2, 30, 3, 20, 4 };
	static const bool lower[] = { false, false };
	static const size_t cl[] = { 0, 0 };
	struct arena *a = arena_new();
	struct readiness_result r;
	struct mini x;

	mini_init(&x, 4, 2, v, lower, cl, 1);
	cr_assert_eq(readiness_compute(a, &x.d, NULL, &r), 0);
	cr_assert_float_eq(r.filled[1 * 2 + 0], 20.0, EPS);
	cr_assert(r.imputed[1 * 2 + 0]);
	cr_assert(!r.imputed[0]);
	cr_assert_eq(r.nimputed, 1);
	cr_assert_float_eq(r.norm_value[1 * 2 + 0], 0.5, EPS);
	/* composites: AAA 0, BBB (.5 + 1/3) / 2, CCC (1 + 2/3) / 2, DDD (.5 + 1) / 2 */
	cr_assert_float_eq(r.composite[1], (0.5 + 1.0 / 3) / 2, EPS);
	cr_assert_eq(r.rank[2], 1);
	cr_assert_eq(r.rank[3], 2);
	cr_assert_eq(r.rank[1], 3);
	arena_free(a);
}

Test(readiness, weights_per_metric_and_per_cluster)
{
	struct arena *a = arena_new();
	struct readiness_params pm = params(READINESS_MINMAX, READINESS_ARITH, READINESS_W_METRIC,
	                                    NULL);
	struct readiness_params pc = params(READINESS_MINMAX, READINESS_ARITH,
	                                    READINESS_W_CLUSTER, NULL);
	struct readiness_result rm, rc;
	struct mini x;

	mini_init(&x, 4, 3, v43, lower43, cl43, 2);
	cr_assert_eq(readiness_compute(a, &x.d, &pm, &rm), 0);
	cr_assert_eq(readiness_compute(a, &x.d, &pc, &rc), 0);
	for (size_t j = 0; j < 3; j++)
		cr_assert_float_eq(rm.weight[j], 1.0 / 3, EPS);
	/* c1 holds m1 and m2, c2 only m3 */
	cr_assert_float_eq(rc.weight[0], 0.25, EPS);
	cr_assert_float_eq(rc.weight[1], 0.25, EPS);
	cr_assert_float_eq(rc.weight[2], 0.5, EPS);
	/* DDD: .25 * 1 + .25 * 0 + .5 * .5 = .5; CCC: .25 * 2/3 + .25 * .75 + .5 */
	cr_assert_float_eq(rc.composite[3], 0.5, EPS);
	cr_assert_float_eq(rc.composite[2], 0.25 * 2.0 / 3 + 0.25 * 0.75 + 0.5, EPS);
	arena_free(a);
}

Test(readiness, metric_without_values_is_left_out)
{
	struct arena *a = arena_new();
	struct readiness_result r;
	struct mini x;

	mini_init(&x, 4, 3, v43, lower43, cl43, 2);
	x.m[2].used = false;
	x.k[1].nused = 0;
	cr_assert_eq(readiness_compute(a, &x.d, NULL, &r), 0);
	cr_assert_eq(r.nused, 2);
	cr_assert_float_eq(r.weight[2], 0.0, EPS);
	cr_assert_eq(r.metric_rank[2], 0);
	/* AAA (0 + 1) / 2, BBB (1/3 + .5) / 2, CCC (2/3 + .75) / 2, DDD 1/2 */
	cr_assert_float_eq(r.composite[2], (2.0 / 3 + 0.75) / 2, EPS);
	cr_assert_eq(r.rank[2], 1);
	cr_assert(isnan(r.cluster_score[0 * 2 + 1]));
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

/* ---- Monte Carlo and one-at-a-time ---- */

Test(readiness, monte_carlo_dominant_country_has_zero_width_interval)
{
	/* CCC is best on every metric: under any normalisation, aggregation
	 * and weights it comes first. */
	static const double v[] = { 5, 4, 0, 1, 2, 1, 9, 1, 7, 2, 3, 3 };
	static const bool lower[] = { false, true, false };
	struct arena *a = arena_new();
	struct readiness_mc mc;
	struct mini x;

	mini_init(&x, 4, 3, v, lower, cl43, 2);
	cr_assert_eq(readiness_mc(a, &x.d, 2000, 11, &mc), 0);
	cr_assert_eq(mc.ref[2], 1);
	cr_assert_eq(mc.median[2], 1);
	cr_assert_eq(mc.p05[2], 1);
	cr_assert_eq(mc.p95[2], 1);
	cr_assert_eq(mc.best[2], 1);
	cr_assert_eq(mc.worst[2], 1);
	cr_assert_eq(mc.hist[2 * 4 + 0], 2000);
	/* the others do move: not every interval is empty */
	cr_assert_lt(mc.p05[0] == mc.p95[0] && mc.p05[1] == mc.p95[1] && mc.p05[3] == mc.p95[3],
	             1);
	cr_assert_eq(mc.order[0], 2);
	/* about half the draws each way */
	cr_assert(mc.draws_minmax > 800 && mc.draws_minmax < 1200, "%d", mc.draws_minmax);
	cr_assert(mc.draws_geom > 800 && mc.draws_geom < 1200, "%d", mc.draws_geom);
	arena_free(a);
}

Test(readiness, monte_carlo_same_seed_same_bytes)
{
	struct arena *a = arena_new();
	struct readiness_mc m1, m2;
	struct mini x;

	mini_init(&x, 4, 3, v43, lower43, cl43, 2);
	cr_assert_eq(readiness_mc(a, &x.d, 3000, 2018, &m1), 0);
	cr_assert_eq(readiness_mc(a, &x.d, 3000, 2018, &m2), 0);
	cr_assert_eq(m1.digest, m2.digest);
	cr_assert_eq(memcmp(m1.hist, m2.hist, 16 * sizeof *m1.hist), 0);
	cr_assert_eq(memcmp(m1.median, m2.median, 4 * sizeof *m1.median), 0);
	cr_assert_eq(memcmp(m1.p05, m2.p05, 4 * sizeof *m1.p05), 0);
	cr_assert_eq(memcmp(m1.p95, m2.p95, 4 * sizeof *m1.p95), 0);
	for (size_t i = 0; i < 4; i++) {
		unsigned s = 0;

		cr_assert(m1.p05[i] <= m1.median[i] && m1.median[i] <= m1.p95[i]);
		cr_assert(m1.best[i] <= m1.p05[i] && m1.p95[i] <= m1.worst[i]);
		for (size_t k = 0; k < 4; k++)
			s += m1.hist[i * 4 + k];
		cr_assert_eq(s, 3000);
	}
	arena_free(a);
}

Test(readiness, monte_carlo_other_seed_other_draws_same_reference)
{
	struct arena *a = arena_new();
	struct readiness_mc m1, m2;
	struct mini x;

	mini_init(&x, 4, 3, v43, lower43, cl43, 2);
	cr_assert_eq(readiness_mc(a, &x.d, 3000, 2018, &m1), 0);
	cr_assert_eq(readiness_mc(a, &x.d, 3000, 2019, &m2), 0);
	cr_assert_neq(m1.digest, m2.digest);
	cr_assert_neq(memcmp(m1.hist, m2.hist, 16 * sizeof *m1.hist), 0);
	cr_assert_eq(memcmp(m1.ref, m2.ref, 4 * sizeof *m1.ref), 0);
	cr_assert_eq(m1.ref[2], 1);
	cr_assert_eq(readiness_mc(a, &x.d, 0, 2018, &m2), -1);
	arena_free(a);
}

Test(readiness, one_at_a_time_hand_worked)
{
	/* Without m1: AAA (1 + 0) / 2 = .5, BBB .25, CCC .875, DDD .25 ->
	 * ranks 2 3 1 3 (reference 3 4 1 2): AAA +1 place, DDD -1, BBB +1. */
	struct arena *a = arena_new();
	struct readiness_oat o;
	struct mini x;

	mini_init(&x, 4, 3, v43, lower43, cl43, 2);
	cr_assert_eq(readiness_oat(a, &x.d, &o), 0);
	cr_assert_eq(o.rank[0 * 4 + 0], 2);
	cr_assert_eq(o.rank[0 * 4 + 1], 3);
	cr_assert_eq(o.rank[0 * 4 + 2], 1);
	cr_assert_eq(o.rank[0 * 4 + 3], 3);
	cr_assert_eq(o.max_shift[0], 1);
	cr_assert_eq(o.moved[0], 3);
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
	struct readiness_params p = params(READINESS_MINMAX, READINESS_ARITH, READINESS_W_METRIC,
	                                   "AAA");
	struct dataset ed;

	capture_start();
	cr_assert_eq(readiness_load(a, "tests/fixtures/readiness/base", &d), 0, "%s",
	             capture_text());
	cr_assert_eq(d.draws, 0);
	cr_assert_eq(edition_load(a, "tests/fixtures/readiness/base", &ed), 0, "%s",
	             capture_text());
	cr_assert_eq(readiness_mc_settings(&ed, &d), 0, "%s", capture_text());
	cr_assert_eq(d.ncountries, 3);
	cr_assert_eq(d.nmetrics, 2);
	cr_assert(d.metrics[1].lower_is_better);
	cr_assert(d.metrics[0].used && d.metrics[1].used);
	cr_assert_str_eq(d.provenance[2 * 2 + 1], "estimated");
	cr_assert_eq(d.npublished, 3);
	cr_assert_eq(d.seed, 7);
	cr_assert_eq(d.draws, 500);
	cr_assert_eq(readiness_compute(a, &d, &p, &r), 0);
	cr_assert_eq(r.rank[0], 2);
	/* The fixture publishes rank 1 on m1 for AAA; the index gives 3. No
	 * warning: the published view is reported, not enforced. */
	cr_assert_eq(readiness_check(&r), 1);
	cr_assert_str_eq(capture_text(), "");
	arena_free(a);
}

Test(readiness, metric_left_out_with_a_reason)
{
	struct arena *a = arena_new();
	struct readiness_data d;
	struct readiness_result r;

	capture_start();
	cr_assert_eq(readiness_load(a, "tests/fixtures/readiness/left_out", &d), 0, "%s",
	             capture_text());
	cr_assert(d.metrics[0].used);
	cr_assert(!d.metrics[1].used);
	cr_assert_str_eq(d.metrics[1].left_out, "no public indicator");
	cr_assert_str_eq(d.metrics[0].indicator, "Indicator one");
	cr_assert_eq(d.draws, 0);   /* no edition.csv: no Monte Carlo */
	cr_assert_eq(readiness_compute(a, &d, NULL, &r), 0);
	cr_assert_eq(r.nused, 1);
	cr_assert_eq(r.rank[2], 1);
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

Test(readiness, metric_without_values_must_say_why)
{
	expect_load_error("tests/fixtures/readiness/left_out_no_reason",
	                  "reportgen: tests/fixtures/readiness/left_out_no_reason/"
	                  "readiness_metrics.csv:3:");
	cr_assert(strstr(capture_text(), "error: metric 'm2' has no value in "
	                 "tests/fixtures/readiness/left_out_no_reason/readiness_values.csv and "
	                 "'left_out' does not say why") != NULL, "%s", capture_text());
}

Test(readiness, metric_with_one_value_cannot_be_normalised)
{
	expect_load_error("tests/fixtures/readiness/one_value",
	                  "reportgen: tests/fixtures/readiness/one_value/readiness_metrics.csv:3:1: "
	                  "error: metric 'm2' has one value");
}

Test(readiness, missing_values_load_and_are_imputed)
{
	struct arena *a = arena_new();
	struct readiness_data d;
	struct readiness_result r;

	capture_start();
	cr_assert_eq(readiness_load(a, "tests/fixtures/readiness/missing_value", &d), 0, "%s",
	             capture_text());
	cr_assert(!d.present[1 * 2 + 1]);
	cr_assert_eq(readiness_compute(a, &d, NULL, &r), 0);
	cr_assert(r.imputed[1 * 2 + 1]);
	cr_assert_float_eq(r.filled[1 * 2 + 1], 1.5, EPS);   /* mean of 1 and 2 */
	arena_free(a);
}

Test(readiness, bad_seed_in_edition_csv)
{
	struct arena *a = arena_new();
	struct readiness_data d;
	struct dataset ed;

	capture_start();
	cr_assert_eq(readiness_load(a, "tests/fixtures/readiness/bad_seed", &d), 0, "%s",
	             capture_text());
	cr_assert_eq(edition_load(a, "tests/fixtures/readiness/bad_seed", &ed), 0);
	cr_assert_eq(readiness_mc_settings(&ed, &d), -1);
	cr_assert_eq(diag_status(), EXIT_DATA);
	cr_assert_str_eq(capture_text(), "reportgen: tests/fixtures/readiness/bad_seed/"
	                 "edition.csv:2:16: error: readiness_seed is 'abc': expected a whole "
	                 "number from 0 to 4294967295\n");
	/* and without the rows */
	th_capture();
	cr_assert_eq(edition_load(a, "tests/fixtures/readiness/left_out", &ed), -1);
	cr_assert_eq(edition_load(a, "data/2018", &ed), 0);
	ed.nrows = 2;   /* year and date only */
	cr_assert_eq(readiness_mc_settings(&ed, &d), -1);
	cr_assert_not_null(strstr(capture_text(), "data/2018/edition.csv: error: no "
	                          "'readiness_seed' row"), "%s", capture_text());
	arena_free(a);
}

/* ---- the default edition ---- */

static size_t metric_index(const struct readiness_data *d, const char *code)
{
	for (size_t j = 0; j < d->nmetrics; j++)
		if (strcmp(d->metrics[j].code, code) == 0)
			return j;
	cr_assert_fail("no metric %s", code);
	return 0;
}

static void load_edition(struct arena *a, struct readiness_data *d, struct readiness_result *r)
{
	struct readiness_params p = params(READINESS_MINMAX, READINESS_ARITH, READINESS_W_METRIC,
	                                   "MEX");

	capture_start();
	struct dataset ed;

	cr_assert_eq(readiness_load(a, "data/2018", d), 0, "%s", capture_text());
	cr_assert_eq(edition_load(a, "data/2018", &ed), 0, "%s", capture_text());
	cr_assert_eq(readiness_mc_settings(&ed, d), 0, "%s", capture_text());
	cr_assert_eq(readiness_compute(a, d, &p, r), 0);
}

Test(readiness, edition_2018_recomputes_the_two_indicators_of_the_2017_index)
{
	struct arena *a = arena_new();
	struct readiness_data d;
	struct readiness_result r;
	size_t mex;

	load_edition(a, &d, &r);
	cr_assert_eq(d.ncountries, 35);
	cr_assert_geq(r.focus, 0);
	mex = (size_t)r.focus;
	/* UN Online Service Index 2016 and WGI GE.EST 2016 */
	cr_assert_eq(r.metric_rank[mex * d.nmetrics + metric_index(&d, "digital_services")], 17);
	cr_assert_eq(r.metric_rank[mex * d.nmetrics + metric_index(&d, "gov_effectiveness")], 34);
	/* every value of the recomputed view is official or imputed, none published */
	for (size_t i = 0; i < d.ncountries * d.nmetrics; i++)
		if (d.present[i])
			cr_assert_str_eq(d.provenance[i], "official");
	cr_assert_eq(d.draws, 10000);
	arena_free(a);
}

Test(readiness, edition_2018_table_1_keeps_the_published_ranks)
{
	struct arena *a = arena_new();
	struct figset *fs = figset_new(a);
	struct readiness_data d;
	struct readiness_result r;
	struct readiness_mc mc;
	struct readiness_oat oat;
	const struct figtable *t;
	int pc, mc_col, rc;
	size_t mex, seen = 0;

	load_edition(a, &d, &r);
	mex = (size_t)r.focus;
	cr_assert_eq(readiness_mc(a, &d, 500, d.seed, &mc), 0);
	cr_assert_eq(readiness_oat(a, &d, &oat), 0);
	readiness_figures(&r, &mc, &oat, fs);
	t = figset_get_table(fs, "readiness_mex");
	cr_assert_not_null(t);
	cr_assert_eq(t->nrows, d.nmetrics);
	pc = figtable_col(t, "published");
	mc_col = figtable_col(t, "metric_code");
	rc = figtable_col(t, "recomputed");
	cr_assert(pc >= 0 && mc_col >= 0 && rc >= 0);
	/* every published rank of readiness_published.csv, as printed */
	for (size_t i = 0; i < d.npublished; i++) {
		const struct readiness_published *p = &d.published[i];

		if (p->metric < 0) {
			cr_assert_float_eq(figset_get(fs, "readiness.published.mex.rank")->value,
			                   p->rank, EPS);
			continue;
		}
		for (size_t row = 0; row < t->nrows; row++) {
			if (strcmp(figtable_cell(t, row, (size_t)mc_col)->text,
			           d.metrics[p->metric].code) != 0)
				continue;
			cr_assert_float_eq(figtable_cell(t, row, (size_t)pc)->num, p->rank, EPS);
			if (d.metrics[p->metric].used)
				cr_assert_float_eq(figtable_cell(t, row, (size_t)rc)->num,
				                   r.metric_rank[mex * d.nmetrics + (size_t)p->metric], EPS);
			else
				cr_assert_str_eq(figtable_cell(t, row, (size_t)rc)->text, "");
			seen++;
		}
	}
	cr_assert_eq(seen, d.nmetrics);
	/* the recomputed overall rank is the index's, the published one the paper's */
	cr_assert_float_eq(figset_get(fs, "readiness.mex.rank")->value, r.rank[mex], EPS);
	cr_assert_not_null(figset_get(fs, "readiness.mex.rank_p05"));
	cr_assert_not_null(figset_get(fs, "readiness.mex.rank_p95"));
	cr_assert_not_null(figset_get_table(fs, "readiness_oat"));
	/* each rank that differs is an erratum */
	t = figset_get_table(fs, "errata");
	cr_assert_not_null(t);
	cr_assert_float_eq(figset_get(fs, "readiness.differ")->value, (double)t->nrows, EPS);
	cr_assert_eq(readiness_check(&r), (int)t->nrows);
	arena_free(a);
}

Test(readiness, edition_2018_intervals_hold_the_reference_and_median)
{
	struct arena *a = arena_new();
	struct readiness_data d;
	struct readiness_result r;
	struct readiness_mc mc;

	load_edition(a, &d, &r);
	cr_assert_eq(readiness_mc(a, &d, d.draws, d.seed, &mc), 0);
	for (size_t i = 0; i < d.ncountries; i++) {
		cr_assert_eq(mc.ref[i], r.rank[i]);
		cr_assert(mc.p05[i] <= mc.median[i] && mc.median[i] <= mc.p95[i]);
		cr_assert(mc.p05[i] >= 1 && mc.p95[i] <= 35);
	}
	/* sorted by reference rank */
	for (size_t i = 1; i < d.ncountries; i++)
		cr_assert_leq(mc.ref[mc.order[i - 1]], mc.ref[mc.order[i]]);
	arena_free(a);
}
