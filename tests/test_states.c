/*
 * states: the state import reproduces the committed datasets byte for byte,
 * and the estimated state employment adds up (model/states/).
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "import/import.h"
#include "model/automation/automation.h"
#include "model/regions/regions.h"
#include "model/states/states.h"
#include "helpers.h"

#define ED TEST_SRCDIR "/data/2018"

/* Over the states, the ENOE workforce may differ from the national model's
 * employment by the gap between the two sources (the survey's active
 * population includes the unemployed; the model's total is OECD-based):
 * within 10 %. */
#define SOURCES_GAP_TOL 0.10

Test(states, import_reproduces_the_committed_datasets)
{
	char *dir = th_tmpdir();
	struct arena *a = arena_new();
	struct import_states_opts o = { TEST_SRCDIR "/data/raw/states", dir, ED, 0, 0 };
	static const char *const files[] = { "state_indicators.csv", "state_gdp_sectors.csv" };

	cr_assert_eq(import_states(a, &o), 0);
	cr_assert_eq(outfile_commit(), 0);
	outfile_forget();
	for (size_t i = 0; i < 2; i++) {
		char *p = arena_printf(a, "%s/%s", dir, files[i]);
		char *q = arena_printf(a, "%s/%s", ED, files[i]);
		size_t n1, n2;
		char *x = th_read_file(p, &n1), *y = th_read_file(q, &n2);

		cr_assert_not_null(x);
		cr_assert_not_null(y);
		cr_expect(n1 == n2 && memcmp(x, y, n1) == 0,
		          "%s: importing again differs from the committed file", files[i]);
		free(x);
		free(y);
	}
	arena_free(a);
}

Test(states, estimated_employment_adds_up)
{
	struct arena *a = arena_new();
	struct automation_input ai;
	struct automation_result *ar = arena_alloc(a, sizeof *ar);
	struct regions_data rd;
	struct states_data sd;
	struct states_result sr;
	double all = 0;

	cr_assert_eq(automation_load(a, ED, &ai), 0);
	cr_assert_eq(automation_compute(&ai, ar), 0);
	cr_assert_eq(regions_load(a, ED, &rd), 0);
	cr_assert_eq(states_load(a, ED, &rd, &ai, &sd), 0);
	cr_assert_eq(states_compute(a, &sd, ar, &sr), 0);
	cr_assert_eq(sr.n, 32);
	for (size_t i = 0; i < sr.n; i++) {
		double e = 0;

		for (size_t s = 0; s < sr.nsectors; s++)
			e += sr.emp[i * sr.nsectors + s];
		cr_expect(fabs(e / sr.v[STI_WORK][i] - 1) < STATES_SUM_TOL,
		          "%s: estimated employment %.1f, ENOE %.1f", rd.states[i].slug, e,
		          sr.v[STI_WORK][i]);
		cr_expect(sr.affected[i] > 0 && sr.affected[i] < e);
		all += e;
	}
	/* before scaling, each sector's national employment is spread exactly */
	for (size_t s = 0; s < sr.nsectors; s++) {
		double raw = 0;

		for (size_t i = 0; i < sr.n; i++)
			raw += sr.emp_raw[i * sr.nsectors + s];
		cr_expect(fabs(raw - ar->sector[s].employed) <=
		          STATES_SUM_TOL * ar->sector[s].employed + 1e-6, "sector %s", ai.sectors[s].code);
	}
	cr_expect(fabs(all / ar->employed - 1) < SOURCES_GAP_TOL,
	          "states %.0f against national %.0f", all, ar->employed);
	cr_expect(fabs(sr.sum_affected / ar->affected[AUTO_LONG] - 1) < SOURCES_GAP_TOL);
	arena_free(a);
}

/* Ranks, base years and per-person values on the committed data. */
Test(states, ranks_and_changes_on_the_committed_data)
{
	struct arena *a = arena_new();
	struct automation_input ai;
	struct automation_result *ar = arena_alloc(a, sizeof *ar);
	struct regions_data rd;
	struct states_data sd;
	struct states_result sr;
	long cdmx, mex;

	cr_assert_eq(automation_load(a, ED, &ai), 0);
	cr_assert_eq(automation_compute(&ai, ar), 0);
	cr_assert_eq(regions_load(a, ED, &rd), 0);
	cr_assert_eq(states_load(a, ED, &rd, &ai, &sd), 0);
	cr_assert_eq(states_compute(a, &sd, ar, &sr), 0);
	cdmx = regions_find(&rd, "ciudad-de-mexico");
	mex = regions_find(&rd, "mexico");
	cr_expect_eq(sr.rank[STI_GDP][cdmx], 1, "Mexico City has the largest value added");
	cr_expect_eq(sr.rank[STI_POP][mex], 1, "the State of Mexico is the most populous");
	cr_expect_eq(sr.rank[STI_RES][cdmx], 1);
	cr_expect_eq(sr.y0[STI_GDP][cdmx], 2011);
	cr_expect_eq(sr.y0[STI_NET][cdmx], 2015, "the internet series starts in 2015");
	cr_expect(fabs(sr.gdp_pc[cdmx] - sr.v[STI_GDP][cdmx] * 1e6 / sr.v[STI_POP][cdmx]) < 1e-6);
	arena_free(a);
}
