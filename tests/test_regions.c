/*
 * Tests of the regions module: population shares and ranks by hand, the
 * default edition (INEGI 2015, Appendix 2), and bad data with positions.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"
#include "helpers.h"
#include "figures/figures.h"
#include "model/regions/regions.h"

#define EPS 1e-12

/* Capture diag's messages (helpers.c), from the project root. */
static void capture_start(void)
{
	cr_assert_eq(chdir(TEST_SRCDIR), 0);
	th_capture();
}

#define capture_text th_captured

Test(regions, shares_and_tied_ranks)
{
	/* alpha 600, beta-dos 300, gamma 300, delta unknown: national 1200,
	 * shares .5 .25 .25, ranks 1 2 2 and 0 for the unknown one. */
	struct arena *a = arena_new();
	struct regions_data d;
	struct regions_result r;

	capture_start();
	cr_assert_eq(regions_load(a, "tests/fixtures/regions/base", &d), 0, "%s", capture_text());
	cr_assert_eq(d.nstates, 4);
	cr_assert(d.states[0].profiled);
	cr_assert_eq(d.states[0].profile, 0);
	cr_assert_eq(d.states[1].profile, -1);
	cr_assert(isnan(d.states[3].population));
	cr_assert_eq(regions_compute(a, &d, &r), 0);
	cr_assert_float_eq(r.national, 1200.0, EPS);
	cr_assert_eq(r.with_population, 3);
	cr_assert_float_eq(r.pop_share[0], 0.5, EPS);
	cr_assert_float_eq(r.pop_share[2], 0.25, EPS);
	cr_assert(isnan(r.pop_share[3]));
	cr_assert_eq(r.pop_rank[0], 1);
	cr_assert_eq(r.pop_rank[1], 2);
	cr_assert_eq(r.pop_rank[2], 2);
	cr_assert_eq(r.pop_rank[3], 0);
	cr_assert_eq(r.gdp_rank[0], 1);
	cr_assert_eq(r.gdp_rank[1], 0);
	cr_assert_str_eq(capture_text(), "");
	arena_free(a);
}

Test(regions, figures_of_the_fixture)
{
	struct arena *a = arena_new();
	struct figset *fs = figset_new(a);
	struct regions_data d;
	struct regions_result r;
	const struct figtable *t;
	int c;

	capture_start();
	cr_assert_eq(regions_load(a, "tests/fixtures/regions/base", &d), 0, "%s", capture_text());
	cr_assert_eq(regions_compute(a, &d, &r), 0);
	regions_figures(&r, fs);
	cr_assert_float_eq(figset_get(fs, "states.count")->value, 4, EPS);
	cr_assert_float_eq(figset_get(fs, "states.profiled")->value, 1, EPS);
	cr_assert_float_eq(figset_get(fs, "population.national")->value, 1200, EPS);
	cr_assert_float_eq(figset_get(fs, "state.beta_dos.pop_share")->value, 0.25, EPS);
	cr_assert_null(figset_get(fs, "state.delta.population"));
	t = figset_get_table(fs, "states");
	cr_assert_not_null(t);
	cr_assert_eq(t->nrows, 4);
	c = figtable_col(t, "gdp_share");
	cr_assert_geq(c, 0);
	cr_assert(figtable_cell(t, 0, (size_t)c)->is_num);
	cr_assert_float_eq(figtable_cell(t, 0, (size_t)c)->num, 0.2, EPS);
	cr_assert_str_eq(figtable_cell(t, 1, (size_t)c)->text, "");
	c = figtable_col(t, "sectors_es");
	cr_assert_str_eq(figtable_cell(t, 0, (size_t)c)->text, "Minería, Turismo");
	c = figtable_col(t, "vision_es");
	cr_assert_str_eq(figtable_cell(t, 0, (size_t)c)->text, "Una visión.");
	c = figtable_col(t, "rank_innovation");
	cr_assert_str_eq(figtable_cell(t, 0, (size_t)c)->text, "");
	t = figset_get_table(fs, "state_sectors");
	cr_assert_str_eq(figtable_cell(t, 1, (size_t)figtable_col(t, "sector_es"))->text, "Turismo");
	t = figset_get_table(fs, "state_focus");
	cr_assert_str_eq(figtable_cell(t, 0, (size_t)figtable_col(t, "focus"))->text, "ICT");
	t = figset_get_table(fs, "state_institutions");
	cr_assert_str_eq(figtable_cell(t, 0, (size_t)figtable_col(t, "description_es"))->text,
	                 "Hace cosas.");
	t = figset_get_table(fs, "state_policies");
	cr_assert_eq(t->nrows, 1);
	cr_assert_str_eq(figtable_cell(t, 0, (size_t)figtable_col(t, "description"))->text, "A plan.");
	cr_assert_float_eq(figtable_cell(t, 0, (size_t)figtable_col(t, "year"))->num, 2016, EPS);
	cr_assert_not_null(figset_get_table(fs, "state_institutions"));
	cr_assert_not_null(figset_get_table(fs, "state_focus"));
	cr_assert_not_null(figset_get_table(fs, "state_sectors"));
	arena_free(a);
}

static void expect_error(const char *dir, const char *expected)
{
	struct arena *a = arena_new();
	struct regions_data d;

	capture_start();
	cr_assert_eq(regions_load(a, dir, &d), -1);
	cr_assert_eq(diag_status(), EXIT_DATA);
	cr_assert(strstr(capture_text(), expected) != NULL, "expected \"%s\" in:\n%s",
	          expected, capture_text());
	arena_free(a);
}

Test(regions, profiled_state_without_population)
{
	expect_error("tests/fixtures/regions/no_population",
	             "reportgen: tests/fixtures/regions/no_population/states.csv:2:26: error: "
	             "state 'alpha' is profiled but has no population\n");
}

Test(regions, profiled_state_without_profile)
{
	expect_error("tests/fixtures/regions/no_profile",
	             "reportgen: tests/fixtures/regions/no_profile/states.csv:4:35: error: "
	             "state 'gamma' is profiled but has no row in state_profiles.csv\n");
}

Test(regions, profile_of_a_state_not_profiled)
{
	expect_error("tests/fixtures/regions/not_profiled",
	             "reportgen: tests/fixtures/regions/not_profiled/state_profiles.csv:2:1: error: "
	             "state 'beta-dos' has a profile but is not marked profiled in states.csv\n");
}

Test(regions, unknown_state_in_a_long_table)
{
	expect_error("tests/fixtures/regions/unknown_state",
	             "reportgen: tests/fixtures/regions/unknown_state/state_focus.csv:2:1: error: "
	             "unknown state 'zeta' (not in states.csv)\n");
}

Test(regions, bad_slug)
{
	expect_error("tests/fixtures/regions/bad_slug",
	             "reportgen: tests/fixtures/regions/bad_slug/states.csv:5:1: error: "
	             "'Delta_X' is not a state slug");
}

Test(regions, rank_without_year)
{
	expect_error("tests/fixtures/regions/rank_no_year",
	             "reportgen: tests/fixtures/regions/rank_no_year/state_profiles.csv:2:21: error: "
	             "competitiveness rank is given without its year\n");
}

Test(regions, edition_2018)
{
	struct arena *a = arena_new();
	struct figset *fs = figset_new(a);
	struct regions_data d;
	struct regions_result r;
	long cdmx, nl, jal;
	const struct figtable *t;

	capture_start();
	cr_assert_eq(regions_load(a, "data/2018", &d), 0, "%s", capture_text());
	cr_assert_eq(regions_compute(a, &d, &r), 0);
	cr_assert_eq(d.nstates, 32);
	cr_assert_eq(r.with_population, 32);
	/* INEGI Intercensal 2015 national total */
	cr_assert_float_eq(r.national, 119530753.0, 0.5);
	cdmx = regions_find(&d, "ciudad-de-mexico");
	nl = regions_find(&d, "nuevo-leon");
	jal = regions_find(&d, "jalisco");
	cr_assert_geq(cdmx, 0);
	cr_assert_float_eq(d.states[cdmx].population, 8918653.0, 0.5);
	cr_assert_float_eq(r.pop_share[cdmx], 8918653.0 / 119530753.0, EPS);
	/* State of Mexico is the most populous, then CDMX, Veracruz, Jalisco */
	cr_assert_eq(r.pop_rank[cdmx], 2);
	cr_assert_eq(r.pop_rank[jal], 4);
	/* GDP shares given for CDMX (16.82%) and Nuevo León (7.58%) only */
	cr_assert_eq(r.gdp_rank[cdmx], 1);
	cr_assert_eq(r.gdp_rank[nl], 2);
	cr_assert_eq(r.gdp_rank[jal], 0);
	regions_figures(&r, fs);
	cr_assert_float_eq(figset_get(fs, "states.profiled")->value, 5, EPS);
	t = figset_get_table(fs, "states");
	cr_assert_float_eq(figtable_cell(t, (size_t)nl, (size_t)figtable_col(t, "rank_egov"))->num,
	                   22, EPS);
	cr_assert_float_eq(figtable_cell(t, (size_t)nl, (size_t)figtable_col(t, "egov_share"))->num,
	                   0.29, EPS);
	arena_free(a);
}

#define RAW_POP "inegi_intercensal2015_population_by_state.csv"

Test(regions, raw_inegi_population_matches)
{
	struct arena *a;
	struct regions_data d;
	FILE *fp;
	char line[256];
	int matched = 0;

	const char *pop = th_raw_file(RAW_POP);

	a = arena_new();
	capture_start();
	cr_assert_eq(regions_load(a, "data/2018", &d), 0, "%s", capture_text());
	fp = fopen(pop, "r");
	cr_assert_not_null(fp);
	cr_assert_not_null(fgets(line, sizeof line, fp));   /* header */
	while (fgets(line, sizeof line, fp) != NULL) {
		char *comma = strrchr(line, ',');
		size_t i, j = d.nstates;

		if (comma == NULL)
			continue;
		*comma = '\0';
		for (i = 0; i < d.nstates; i++)
			if (strcmp(dataset_text(&d.states_t, i, 4), line) == 0)
				j = i;
		cr_assert_lt(j, d.nstates, "'%s' not in states.csv (name_inegi)", line);
		cr_assert_float_eq(d.states[j].population, strtod(comma + 1, NULL), 0.5, "%s", line);
		matched++;
	}
	fclose(fp);
	cr_assert_eq(matched, 32);
	arena_free(a);
}
