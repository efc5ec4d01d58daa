/*
 * Tests of the automation exposure model: hand-worked small cases, invariants,
 * adjustments, bad data with exact messages, and the 2018 edition against the
 * figures the paper publishes.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "helpers.h"
#include "model/automation/automation.h"
#include "load/load.h"
#include "figures/figures.h"

#define EPS 1e-9

/*
 * The hand-worked case (all figures below worked out on paper).
 *
 * Occupation x: task x1 (time 0.5, likelihoods 0.1 / 0.4 / 0.6 at 5 y / 15 y /
 *   long term) and x2 (time 0.5, 0 / 0.2 / 0.2).
 *   risk x = 0.5*(0.1, 0.4, 0.6) + 0.5*(0, 0.2, 0.2) = (0.05, 0.30, 0.40)
 * Occupation y: y1 (time 0.25, 0.2 / 0.2 / 0.4), y2 (time 0.75, 0 / 0 / 0).
 *   risk y = 0.25*(0.2, 0.2, 0.4) = (0.05, 0.05, 0.10)
 * Sector alpha: mix x 0.5, y 0.5; men 300, women 100 (400 employed).
 *   risk = (0.05, 0.175, 0.25); affected = (20, 70, 100)
 * Sector beta: mix x 0.2, y 0.8; men 200, women 400 (600 employed).
 *   risk = (0.01 + 0.04, 0.06 + 0.04, 0.08 + 0.08) = (0.05, 0.10, 0.16)
 *   affected = (30, 60, 96)
 * Nation: employed 1000 (men 500, women 500); affected (50, 130, 196);
 *   share long 0.196; periods 0-5: 50, 5-15: 80, 15+: 66.
 * Split 0.5 / 0.3 / 0.2 of 196: 98, 58.8, 39.2.
 * Men affected: 0.25*300 + 0.16*200 = 107 (share of men's jobs 0.214);
 * women: 0.25*100 + 0.16*400 = 89 (0.178).
 * Figure 5 line through (0.75, 0.25) and (1/3, 0.16): slope 0.09 / (5/12)
 *   = 0.216, intercept 0.25 - 0.216*0.75 = 0.088, r = 1 (two points).
 */
struct small {
	struct automation_sector sectors[3];
	struct automation_occupation occupations[2];
	struct automation_task tasks[4];
	double mix[6];
	struct automation_adjustment adjustments[4];
	struct automation_input in;
};

static void small_init(struct small *s)
{
	static const struct automation_task tasks[4] = {
		{ 0, "x1", "Task one", 0.5, { 0.1, 0.4, 0.6 } },
		{ 0, "x2", "Task two", 0.5, { 0.0, 0.2, 0.2 } },
		{ 1, "y1", "Task three", 0.25, { 0.2, 0.2, 0.4 } },
		{ 1, "y2", "Task four", 0.75, { 0.0, 0.0, 0.0 } },
	};

	memset(s, 0, sizeof *s);
	s->sectors[0].code = "alpha";
	s->sectors[0].name = "Alpha";
	s->sectors[0].group = "industry";
	s->sectors[0].men = 300;
	s->sectors[0].women = 100;
	s->sectors[1].code = "beta";
	s->sectors[1].name = "Beta";
	s->sectors[1].group = "services";
	s->sectors[1].men = 200;
	s->sectors[1].women = 400;
	s->occupations[0].code = "x";
	s->occupations[1].code = "y";
	memcpy(s->tasks, tasks, sizeof tasks);
	s->mix[0] = 0.5;   /* alpha x */
	s->mix[1] = 0.5;   /* alpha y */
	s->mix[2] = 0.2;   /* beta x */
	s->mix[3] = 0.8;   /* beta y */
	s->in.nsectors = 2;
	s->in.noccupations = 2;
	s->in.ntasks = 4;
	s->in.sectors = s->sectors;
	s->in.occupations = s->occupations;
	s->in.tasks = s->tasks;
	s->in.mix = s->mix;
	s->in.adjustments = s->adjustments;
	s->in.split[AUTO_ENHANCED] = 0.5;
	s->in.split[AUTO_TRANSFORMED] = 0.3;
	s->in.split[AUTO_REPLACED] = 0.2;
	s->in.horizon_years[0] = 5;
	s->in.horizon_years[1] = 15;
	s->in.data_year = 2016;
}

static void near(double got, double want, double eps, const char *what)
{
	cr_assert(fabs(got - want) <= eps, "%s: got %.12g, want %.12g", what, got, want);
}

Test(automation, hand_worked_two_sectors)
{
	struct small s;
	struct automation_result r;

	small_init(&s);
	cr_assert_eq(automation_compute(&s.in, &r), 0);
	near(r.occ_risk[0][AUTO_H5], 0.05, EPS, "risk x h5");
	near(r.occ_risk[0][AUTO_H15], 0.30, EPS, "risk x h15");
	near(r.occ_risk[0][AUTO_LONG], 0.40, EPS, "risk x long");
	near(r.occ_risk[1][AUTO_LONG], 0.10, EPS, "risk y long");
	near(r.sector[0].risk[AUTO_H5], 0.05, EPS, "alpha h5");
	near(r.sector[0].risk[AUTO_H15], 0.175, EPS, "alpha h15");
	near(r.sector[0].risk[AUTO_LONG], 0.25, EPS, "alpha long");
	near(r.sector[1].risk[AUTO_H15], 0.10, EPS, "beta h15");
	near(r.sector[1].risk[AUTO_LONG], 0.16, EPS, "beta long");
	near(r.sector[0].affected[AUTO_LONG], 100, EPS, "alpha affected");
	near(r.sector[1].affected[AUTO_LONG], 96, EPS, "beta affected");
	near(r.sector[1].period[AUTO_P5_15], 30, EPS, "beta 5-15");
	near(r.employed, 1000, EPS, "employed");
	near(r.affected[AUTO_H5], 50, EPS, "nation h5");
	near(r.affected[AUTO_H15], 130, EPS, "nation h15");
	near(r.affected[AUTO_LONG], 196, EPS, "nation long");
	near(r.share[AUTO_LONG], 0.196, EPS, "share long");
	near(r.period[AUTO_P0_5], 50, EPS, "period 0-5");
	near(r.period[AUTO_P5_15], 80, EPS, "period 5-15");
	near(r.period[AUTO_P15_], 66, EPS, "period 15+");
	near(r.split_jobs[AUTO_ENHANCED], 98, EPS, "enhanced");
	near(r.split_jobs[AUTO_TRANSFORMED], 58.8, EPS, "transformed");
	near(r.split_jobs[AUTO_REPLACED], 39.2, EPS, "replaced");
	near(r.men_affected, 107, EPS, "men affected");
	near(r.women_affected, 89, EPS, "women affected");
	near(r.men_share_at_risk, 0.214, EPS, "men share");
	near(r.women_share_at_risk, 0.178, EPS, "women share");
	near(r.sector[0].share_men, 0.75, EPS, "alpha share men");
	near(r.fit_slope, 0.216, EPS, "slope");
	near(r.fit_intercept, 0.088, EPS, "intercept");
	near(r.fit_r, 1, EPS, "r");
	cr_assert_eq(r.by_affected[0], 0);
	cr_assert_eq(r.by_affected[1], 1);
	cr_assert_eq(r.by_women[0], 1);
	cr_assert_eq(r.napplied, 0);
}

/*
 * Third sector gamma: men 50, women 50 (share of men 0.5), only occupation y,
 * so risk long 0.10. Points (3/4, 0.25), (1/3, 0.16), (1/2, 0.10):
 *   mean x = 19/36, mean y = 0.17
 *   Sxx = 19/216, Sxy = 13/600, Syy = 0.0114
 *   slope = (13/600) / (19/216) = 2808/11400 = 0.2463157894...
 *   intercept = 0.17 - slope * 19/36 = 0.17 - 0.13 = 0.04
 *   r = (13/600) / sqrt(19/216 * 0.0114) = 13/19 = 0.6842105263...
 */
Test(automation, hand_worked_gender_fit_three_sectors)
{
	struct small s;
	struct automation_result r;

	small_init(&s);
	s.sectors[2].code = "gamma";
	s.sectors[2].name = "Gamma";
	s.sectors[2].group = "services";
	s.sectors[2].men = 50;
	s.sectors[2].women = 50;
	s.mix[4] = 0;
	s.mix[5] = 1;
	s.in.nsectors = 3;
	cr_assert_eq(automation_compute(&s.in, &r), 0);
	near(r.sector[2].risk[AUTO_LONG], 0.10, EPS, "gamma long");
	near(r.fit_slope, 2808.0 / 11400.0, 1e-12, "slope");
	near(r.fit_intercept, 0.04, 1e-12, "intercept");
	near(r.fit_r, 13.0 / 19.0, 1e-12, "r");
	/* by risk: alpha 0.25, beta 0.16, gamma 0.10 */
	cr_assert_eq(r.by_risk[0], 0);
	cr_assert_eq(r.by_risk[1], 1);
	cr_assert_eq(r.by_risk[2], 2);
	/* by affected: alpha 100, beta 96, gamma 10 */
	cr_assert_eq(r.by_affected[2], 2);
	/* by share of men: alpha 0.75, gamma 0.5, beta 1/3 */
	cr_assert_eq(r.by_men[1], 2);
}

/*
 * Adjustments, one per level, applied in pipeline order:
 *   task x1 long 0.6 -> 0.8: risk x long = 0.5*0.8 + 0.5*0.2 = 0.5
 *   occupation y h15 0.05 -> 0.10
 *   sector beta long: computed 0.2*0.5 + 0.8*0.1 = 0.18 -> 0.20
 * alpha long = 0.5*0.5 + 0.5*0.1 = 0.30 (affected 120)
 * alpha h15 = 0.5*0.3 + 0.5*0.1 = 0.20; beta h15 = 0.2*0.3 + 0.8*0.1 = 0.14
 * beta long = 0.20 (affected 120); nation long 240.
 */
Test(automation, adjustments_applied_and_recorded)
{
	struct small s;
	struct automation_result r;

	small_init(&s);
	s.adjustments[0] = (struct automation_adjustment){ .level = AUTO_LEVEL_SECTOR,
		.index = 1, .horizon = AUTO_LONG, .old_value = 0.18, .new_value = 0.20 };
	s.adjustments[1] = (struct automation_adjustment){ .level = AUTO_LEVEL_TASK,
		.index = 0, .horizon = AUTO_LONG, .old_value = 0.6, .new_value = 0.8 };
	s.adjustments[2] = (struct automation_adjustment){ .level = AUTO_LEVEL_OCCUPATION,
		.index = 1, .horizon = AUTO_H15, .old_value = 0.05, .new_value = 0.10 };
	s.in.nadjustments = 3;
	cr_assert_eq(automation_compute(&s.in, &r), 0);
	cr_assert_eq(r.napplied, 3);
	near(r.applied[1].computed, 0.6, EPS, "task before");
	near(r.applied[1].value, 0.8, EPS, "task after");
	near(r.applied[2].computed, 0.05, EPS, "occupation before");
	near(r.applied[0].computed, 0.18, EPS, "sector before (after the task change)");
	near(r.sector[1].risk_raw[AUTO_LONG], 0.18, EPS, "beta raw");
	near(r.sector[1].risk[AUTO_LONG], 0.20, EPS, "beta adjusted");
	near(r.sector[0].risk[AUTO_LONG], 0.30, EPS, "alpha long");
	near(r.sector[0].risk[AUTO_H15], 0.20, EPS, "alpha h15");
	near(r.sector[1].risk[AUTO_H15], 0.14, EPS, "beta h15");
	near(r.affected[AUTO_LONG], 240, EPS, "nation long");
	/* the input is untouched: compute is pure */
	near(s.tasks[0].p[AUTO_LONG], 0.6, 0, "task input");
}

Test(automation, compute_rejects_degenerate_input)
{
	struct small s;
	struct automation_result r;

	small_init(&s);
	s.sectors[0].men = s.sectors[0].women = 0;
	s.sectors[1].men = s.sectors[1].women = 0;
	cr_assert_eq(automation_compute(&s.in, &r), -1);
	small_init(&s);
	s.in.nsectors = AUTOMATION_MAX_SECTORS + 1;
	cr_assert_eq(automation_compute(&s.in, &r), -1);
}

Test(automation, value_by_key)
{
	struct small s;
	struct automation_result r;
	double v;

	small_init(&s);
	cr_assert_eq(automation_compute(&s.in, &r), 0);
	cr_assert_eq(automation_value(&r, "jobs.affected.total", &v), 0);
	near(v, 196, EPS, "jobs.affected.total");
	cr_assert_eq(automation_value(&r, "jobs.affected.p15_.share_of_affected", &v), 0);
	near(v, 66.0 / 196.0, EPS, "p15 share");
	cr_assert_eq(automation_value(&r, "sector.beta.affected_h15", &v), 0);
	near(v, 60, EPS, "beta affected h15");
	cr_assert_eq(automation_value(&r, "sector.alpha.share_women", &v), 0);
	near(v, 0.25, EPS, "alpha share women");
	cr_assert_eq(automation_value(&r, "jobs.split.total", &v), 0);
	near(v, 196, EPS, "split total");
	cr_assert_eq(automation_value(&r, "sector.alph.risk", &v), -1);
	cr_assert_eq(automation_value(&r, "sector.alpha.riskk", &v), -1);
	cr_assert_eq(automation_value(&r, "jobs.total", &v), -1);
}

/* Invariants on random inputs: risks within 0..1 and non-decreasing with
 * the horizon, periods add up to the long-term total, men + women affected
 * equals the total, the split adds up, |r| <= 1. */
Test(automation, invariants_random_inputs)
{
	struct automation_sector sectors[8];
	struct automation_occupation occs[5];
	struct automation_task tasks[20];
	double mix[8 * 5];
	struct automation_input in;
	struct automation_result r;
	unsigned seed = 12345;
	int round;

	for (round = 0; round < 200; round++) {
		size_t s, o, t, k;
		int h;

#define RND() ((seed = seed * 1103515245u + 12345u), (double)((seed >> 8) & 0xffff) / 65535.0)
		memset(&in, 0, sizeof in);
		for (s = 0; s < 8; s++) {
			double sum = 0;

			sectors[s].code = "s";
			sectors[s].men = floor(RND() * 1000);
			sectors[s].women = floor(RND() * 1000) + 1;
			for (o = 0; o < 5; o++)
				sum += mix[s * 5 + o] = RND();
			for (o = 0; o < 5; o++)
				mix[s * 5 + o] /= sum;
		}
		for (o = 0; o < 5; o++) {
			double sum = 0;

			for (k = 0; k < 4; k++) {
				struct automation_task *tk = &tasks[o * 4 + k];
				double a = RND(), b = RND(), c = RND();

				tk->occ = o;
				sum += tk->time_share = RND() + 0.01;
				/* sort three draws so the likelihoods are cumulative */
				if (a > b) { double x = a; a = b; b = x; }
				if (b > c) { double x = b; b = c; c = x; }
				if (a > b) { double x = a; a = b; b = x; }
				tk->p[0] = a;
				tk->p[1] = b;
				tk->p[2] = c;
			}
			for (k = 0; k < 4; k++)
				tasks[o * 4 + k].time_share /= sum;
		}
#undef RND
		in.nsectors = 8;
		in.noccupations = 5;
		in.ntasks = 20;
		in.sectors = sectors;
		in.occupations = occs;
		in.tasks = tasks;
		in.mix = mix;
		in.split[0] = 0.51;
		in.split[1] = 0.33;
		in.split[2] = 0.16;
		cr_assert_eq(automation_compute(&in, &r), 0);
		for (s = 0; s < 8; s++) {
			for (h = 0; h < AUTO_NHORIZONS; h++) {
				cr_assert(r.sector[s].risk[h] >= 0 && r.sector[s].risk[h] <= 1 + 1e-12);
				if (h > 0)
					cr_assert(r.sector[s].risk[h] >= r.sector[s].risk[h - 1] - 1e-12);
			}
			cr_assert(fabs(r.sector[s].men_affected + r.sector[s].women_affected -
			               r.sector[s].affected[AUTO_LONG]) < 1e-6);
		}
		cr_assert(fabs(r.period[0] + r.period[1] + r.period[2] - r.affected[AUTO_LONG]) < 1e-6);
		cr_assert(fabs(r.men_affected + r.women_affected - r.affected[AUTO_LONG]) < 1e-6);
		cr_assert(fabs(r.split_jobs[0] + r.split_jobs[1] + r.split_jobs[2] -
		               r.affected[AUTO_LONG]) < 1e-6);
		cr_assert(r.share[AUTO_LONG] >= 0 && r.share[AUTO_LONG] <= 1);
		cr_assert(fabs(r.fit_r) <= 1 + 1e-12);
		for (t = 1; t < 8; t++)
			cr_assert(r.sector[r.by_affected[t - 1]].affected[AUTO_LONG] >=
			          r.sector[r.by_affected[t]].affected[AUTO_LONG]);
	}
}

/* ---- loading: fixtures and messages ------------------------------------ */

#define FIX TEST_SRCDIR "/tests/fixtures/automation"

static const char *const dataset_names[] = {
	"sectors", "employment", "occupations", "sector_occupations", "tasks",
	"impact_split", "automation_adjustments", "automation_parameters", "automation_published"
};

/* Load the good fixture edition, with the datasets named in over[] (pairs
 * of dataset name and file, NULL-terminated) read from bad/<file> instead.
 * Returns what automation_load would. */
static int load_case_over(struct arena *a, const char *const *over,
                          struct automation_input *in)
{
	struct dataset t[9];
	size_t i, k;
	int rc = 0;

	for (i = 0; i < 9; i++) {
		char *path = arena_printf(a, "%s/good/%s.csv", FIX, dataset_names[i]);

		for (k = 0; over[k] != NULL; k += 2)
			if (strcmp(over[k], dataset_names[i]) == 0)
				path = arena_printf(a, "%s/bad/%s", FIX, over[k + 1]);
		cr_assert_not_null(automation_schema(dataset_names[i]));
		if (data_load(a, path, automation_schema(dataset_names[i]), &t[i]) != 0)
			rc = -1;
	}
	if (rc != 0)
		return -1;
	return automation_build(a, &t[0], &t[1], &t[2], &t[3], &t[4], &t[5], &t[6], &t[7],
	                        &t[8], in);
}

/* One dataset from bad/<file> (name NULL: all good). */
static int load_case(struct arena *a, const char *name, const char *file,
                     struct automation_input *in)
{
	const char *over[3] = { name, file, NULL };

	return load_case_over(a, over, in);
}

/* Run load_case with diagnostics captured; returns the text (malloc'd). */
static char *load_case_messages(const char *name, const char *file, int *rc)
{
	struct arena *a = arena_new();
	struct automation_input in;

	th_capture();
	*rc = load_case(a, name, file, &in);
	arena_free(a);
	return th_capture_take();
}

Test(automation, load_good_fixture_matches_hand_worked_case)
{
	struct arena *a = arena_new();
	struct automation_input in;
	struct automation_result r;

	diag_reset();
	cr_assert_eq(load_case(a, NULL, NULL, &in), 0);
	cr_assert_eq(in.nsectors, 2);
	cr_assert_eq(in.noccupations, 2);
	cr_assert_eq(in.ntasks, 4);
	cr_assert_eq(in.nadjustments, 0);
	cr_assert_eq(in.npublished, 4);
	cr_assert(isnan(in.published[3].value), "an empty published value is NaN");
	cr_assert_eq(in.horizon_years[1], 15);
	cr_assert_eq(automation_compute(&in, &r), 0);
	near(r.affected[AUTO_LONG], 196, EPS, "long");
	near(r.men_affected, 107, EPS, "men");
	near(r.sector[1].risk[AUTO_H15], 0.10, EPS, "beta h15");
	cr_assert_eq(diag_errors(), 0);
	arena_free(a);
}

Test(automation, load_adjustments_checked_and_applied)
{
	struct arena *a = arena_new();
	struct automation_input in;
	struct automation_result r;

	diag_reset();
	cr_assert_eq(load_case(a, "automation_adjustments", "adjustments_ok.csv", &in), 0);
	cr_assert_eq(in.nadjustments, 3);
	cr_assert_str_eq(in.adjustments[2].what, "sector beta long");
	cr_assert_eq(automation_compute(&in, &r), 0);
	/* same numbers as adjustments_applied_and_recorded, through the files */
	near(r.affected[AUTO_LONG], 240, EPS, "nation long");
	near(r.applied[2].computed, 0.18, EPS, "sector before");
	arena_free(a);
}

/* A task adjustment names its task by id; it must land on that task (the
 * third row of tasks.csv), found through the tasks table's key. */
Test(automation, load_task_adjustment_finds_its_task)
{
	struct arena *a = arena_new();
	struct automation_input in;
	struct automation_result r;

	diag_reset();
	cr_assert_eq(load_case(a, "automation_adjustments", "adjustments_task.csv", &in), 0);
	cr_assert_eq(in.nadjustments, 1);
	cr_assert_eq(in.adjustments[0].level, AUTO_LEVEL_TASK);
	cr_assert_eq(in.adjustments[0].index, 2);
	cr_assert_str_eq(in.tasks[2].id, "y1");
	cr_assert_eq(automation_compute(&in, &r), 0);
	near(r.applied[0].computed, 0.2, EPS, "y1 h15 before");
	/* occupation y at 15 years: 0.25 x 0.3 (y1, adjusted) + 0.75 x 0 (y2) */
	near(r.occ_risk[1][AUTO_H15], 0.075, EPS, "y h15");
	near(r.occ_risk[1][AUTO_LONG], 0.10, EPS, "y long unchanged");
	cr_assert_eq(diag_errors(), 0);
	arena_free(a);
}

struct bad_case {
	const char *dataset, *file;
	const char *expect;   /* whole stderr; FIX-relative paths written as %s */
};

Test(automation, bad_data_reported_with_positions)
{
	static const struct bad_case cases[] = {
		{ "employment", "employment_unknown_sector.csv",
		  "reportgen: %s/bad/employment_unknown_sector.csv:5:1: error: unknown sector "
		  "'gamma' (not in %s/good/sectors.csv)\n"
		  "reportgen: %s/good/sectors.csv:3:1: error: sector 'beta' has no employment "
		  "row for women in %s/bad/employment_unknown_sector.csv\n" },
		{ "employment", "employment_negative.csv",
		  "reportgen: %s/bad/employment_negative.csv:3:13: error: '-100' is below the "
		  "minimum 0 (column 'employed')\n" },
		{ "sectors", "sectors_duplicate.csv",
		  "reportgen: %s/bad/sectors_duplicate.csv:4:1: error: duplicate key 'alpha' "
		  "(first on line 2)\n" },
		{ "sector_occupations", "mix_sum.csv",
		  "reportgen: %s/bad/mix_sum.csv:5:8: error: occupation shares of sector 'beta' "
		  "add up to 0.9, not 1 (tolerance 1e-06)\n" },
		{ "sector_occupations", "mix_unknown.csv",
		  "reportgen: %s/bad/mix_unknown.csv:5:6: error: unknown occupation 'z' "
		  "(not in %s/good/occupations.csv)\n"
		  "reportgen: %s/bad/mix_unknown.csv:4:8: error: occupation shares of sector "
		  "'beta' add up to 0.2, not 1 (tolerance 1e-06)\n" },
		{ "tasks", "tasks_decreasing.csv",
		  "reportgen: %s/bad/tasks_decreasing.csv:2:23: error: likelihood h15 0.05 is "
		  "below likelihood h5 0.1: likelihoods are cumulative and cannot decrease "
		  "with the horizon\n" },
		{ "tasks", "tasks_unknown.csv",
		  "reportgen: %s/bad/tasks_unknown.csv:5:1: error: unknown occupation 'z' "
		  "(not in %s/good/occupations.csv)\n"
		  "reportgen: %s/bad/tasks_unknown.csv:4:17: error: time shares of occupation "
		  "'y' add up to 0.25, not 1 (tolerance 1e-06)\n" },
		{ "tasks", "tasks_time_sum.csv",
		  "reportgen: %s/bad/tasks_time_sum.csv:5:16: error: time shares of occupation "
		  "'y' add up to 0.95, not 1 (tolerance 1e-06)\n" },
		{ "tasks", "tasks_range.csv",
		  "reportgen: %s/bad/tasks_range.csv:2:27: error: '1.2' is above 100%% "
		  "(column 'likelihood_long')\n" },
		{ "impact_split", "split_sum.csv",
		  "reportgen: %s/bad/split_sum.csv:4:10: error: outcome shares add up to 0.9, "
		  "not 1 (tolerance 1e-06)\n" },
		{ "automation_parameters", "parameters_missing.csv",
		  "reportgen: %s/bad/parameters_missing.csv: error: parameter "
		  "'horizon_medium_years' is missing\n" },
		{ "automation_adjustments", "adjustments_old.csv",
		  "reportgen: %s/bad/adjustments_old.csv:2:18: error: old value 0.1500 of "
		  "adjustment 'sector beta long' does not match the value it replaces, 0.1600 "
		  "(tolerance 5e-05)\n" },
		{ "automation_adjustments", "adjustments_unknown.csv",
		  "reportgen: %s/bad/adjustments_unknown.csv:2:6: error: unknown task 'x9' "
		  "(not in %s/good/tasks.csv)\n" },
		{ "automation_adjustments", "adjustments_decreasing.csv",
		  "reportgen: %s/bad/adjustments_decreasing.csv:2:21: error: adjustment "
		  "'sector beta h15' makes the long value 0.1600 fall below the h15 value "
		  "0.3000 (values are cumulative)\n" },
		{ "automation_published", "published_unknown.csv",
		  "reportgen: %s/bad/published_unknown.csv:2:1: error: 'jobs.affected.totl' is "
		  "not a figure the automation model computes (did you mean "
		  "'jobs.affected.total'?)\n"
		  "reportgen: %s/bad/published_unknown.csv:3:1: error: 'sector.alpha.risky' is "
		  "not a figure the automation model computes (did you mean "
		  "'sector.alpha.risk'?)\n"
		  "reportgen: %s/bad/published_unknown.csv:4:1: error: 'readiness.mex.rank' is "
		  "not a figure the automation model computes\n" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char want[4096];
		int rc;
		char *got = load_case_messages(cases[i].dataset, cases[i].file, &rc);

		/* every %s in the expectation is the fixture folder */
		snprintf(want, sizeof want, cases[i].expect, FIX, FIX, FIX, FIX, FIX, FIX, FIX, FIX,
		         FIX);
		cr_expect_eq(rc, -1, "%s: load should fail", cases[i].file);
		cr_expect_str_eq(got, want, "%s:\n got: %s\nwant: %s", cases[i].file, got, want);
		cr_expect_eq(diag_status(), EXIT_DATA, "%s: status", cases[i].file);
		free(got);
	}
}

/* Problems in several files are all reported, in dataset order, before the
 * load fails; a file the loader rejects still lets the others be read. */
Test(automation, every_problem_reported)
{
	static const char *const over[] = {
		"employment", "employment_negative.csv", "sector_occupations", "mix_sum.csv",
		"tasks", "tasks_decreasing.csv", NULL
	};
	struct arena *a = arena_new();
	struct automation_input in;
	char *text;

	th_capture();
	cr_assert_eq(load_case_over(a, over, &in), -1);
	text = th_capture_take();
	/* employment fails in the loader, so the cross-table checks do not run;
	 * every loader-level problem of every file is still there */
	cr_assert(strstr(text, "employment_negative.csv:3:13:") != NULL, "got: %s", text);
	cr_assert_eq(diag_errors(), 1, "got: %s", text);
	free(text);

	/* two cross-table problems in two files: both reported */
	th_capture();
	cr_assert_eq(load_case_over(a, over + 2, &in), -1);
	text = th_capture_take();
	cr_assert(strstr(text, "mix_sum.csv:5:8:") != NULL, "got: %s", text);
	cr_assert(strstr(text, "tasks_decreasing.csv:2:23:") != NULL, "got: %s", text);
	cr_assert_eq(diag_errors(), 2, "got: %s", text);
	free(text);
	arena_free(a);
}

Test(automation, sector_code_must_be_lowercase)
{
	int rc;
	char *got = load_case_messages("sectors", "sectors_bad_code.csv", &rc);
	char want[512];

	snprintf(want, sizeof want, "reportgen: %s/bad/sectors_bad_code.csv:2:1: error: sector "
	         "code 'Alpha' must be lowercase letters, digits and '_' (it is part of figure "
	         "keys)\n", FIX);
	cr_assert_eq(rc, -1);
	/* the first message; the good employment file then names an unknown 'alpha' */
	cr_assert(strncmp(got, want, strlen(want)) == 0, "got: %s", got);
	cr_assert(strstr(got, "unknown sector 'alpha'") != NULL, "got: %s", got);
	free(got);

	got = load_case_messages("sectors", "sectors_rank_code.csv", &rc);
	snprintf(want, sizeof want, "reportgen: %s/bad/sectors_rank_code.csv:3:1: error: sector "
	         "code 'top2' would clash with the rank keys sector.top2.*; choose another\n",
	         FIX);
	cr_assert_eq(rc, -1);
	cr_assert(strncmp(got, want, strlen(want)) == 0, "got: %s", got);
	free(got);
}

Test(automation, load_missing_file_is_a_system_error)
{
	struct arena *a = arena_new();
	struct automation_input in;
	char *text;

	th_capture();
	cr_assert_eq(automation_load(a, FIX "/no-such-edition", &in), -1);
	text = th_capture_take();
	cr_assert_eq(diag_status(), EXIT_SYS);
	cr_assert(strstr(text, "no-such-edition/sectors.csv") != NULL, "got: %s", text);
	free(text);
	arena_free(a);
}

/* ---- the 2018 edition against the paper --------------------------------- */

static void load_edition(struct arena *a, struct automation_input *in,
                         struct automation_result *r)
{
	diag_reset();
	cr_assert_eq(automation_load(a, TEST_SRCDIR "/data/2018", in), 0,
	             "the 2018 edition must load cleanly");
	cr_assert_eq(automation_compute(in, r), 0);
}

static size_t sector_index(const struct automation_input *in, const char *code)
{
	size_t s;

	for (s = 0; s < in->nsectors; s++)
		if (strcmp(in->sectors[s].code, code) == 0)
			return s;
	cr_assert_fail("no sector '%s'", code);
	return 0;
}

/* relative tolerance of Table 3's counts */
#define TABLE3_REL 0.005

Test(automation, edition_2018_headline_figures)
{
	struct arena *a = arena_new();
	struct automation_input in;
	struct automation_result r;

	load_edition(a, &in, &r);
	/* "19% of all jobs in Mexico (or 9.77 million jobs)" */
	near(r.affected[AUTO_LONG], 9770000, 5000, "jobs affected");
	near(r.share[AUTO_LONG], 0.19, 0.005, "share affected");
	/* "1.54 million jobs ... in the next 5 years", "7.19 million jobs between
	 * the next 5 and 15 years" */
	near(r.period[AUTO_P0_5], 1540000, 5000, "within 5 years");
	near(r.period[AUTO_P5_15], 7190000, 5000, "5 to 15 years");
	/* "16% of these" and "almost 75%" */
	near(r.period[AUTO_P0_5] / r.affected[AUTO_LONG], 0.16, 0.005, "16%");
	cr_assert(r.period[AUTO_P5_15] / r.affected[AUTO_LONG] < 0.75);
	near(r.period[AUTO_P5_15] / r.affected[AUTO_LONG], 0.75, 0.015, "almost 75%");
	/* 4.97 / 3.20 / 1.61 million; 51 / 33 / 16 % */
	near(r.split_jobs[AUTO_ENHANCED], 4970000, 5000, "enhanced");
	near(r.split_jobs[AUTO_TRANSFORMED], 3200000, 5000, "transformed");
	near(r.split_jobs[AUTO_REPLACED], 1610000, 5000, "replaced");
	near(in.split[AUTO_ENHANCED], 0.51, 0.005, "51%");
	near(in.split[AUTO_TRANSFORMED], 0.33, 0.005, "33%");
	near(in.split[AUTO_REPLACED], 0.16, 0.005, "16%");
	/* "men make up 61.8% of the formal workforce, and women 38.2%" */
	near(r.men / r.employed, 0.618, 0.0005, "men's share");
	/* mining "employs ... 0.21 million workers" */
	near(r.sector[sector_index(&in, "mining")].employed, 210000, 5000, "mining workers");
	arena_free(a);
}

Test(automation, edition_2018_table3_in_order)
{
	static const struct { const char *code; double jobs; } top[5] = {
		{ "manufacturing", 2809944 }, { "construction", 1750676 }, { "trade", 1653335 },
		{ "agriculture", 942705 }, { "accommodation", 725092 },
	}, bottom[5] = {
		{ "self_employed", 29448 }, { "ict", 32382 }, { "arts", 42769 },
		{ "finance", 47047 }, { "education", 51401 },
	};
	struct arena *a = arena_new();
	struct automation_input in;
	struct automation_result r;
	size_t k, n;

	load_edition(a, &in, &r);
	n = r.nsectors;
	for (k = 0; k < 5; k++) {
		size_t s = r.by_affected[k], b = r.by_affected[n - 1 - k];

		cr_assert_str_eq(in.sectors[s].code, top[k].code, "top %zu", k + 1);
		near(r.sector[s].affected[AUTO_LONG], top[k].jobs, top[k].jobs * TABLE3_REL,
		     top[k].code);
		cr_assert_str_eq(in.sectors[b].code, bottom[k].code, "bottom %zu", k + 1);
		near(r.sector[b].affected[AUTO_LONG], bottom[k].jobs,
		     bottom[k].jobs * TABLE3_REL, bottom[k].code);
	}
	arena_free(a);
}

Test(automation, edition_2018_sector_risks_and_table4)
{
	static const struct { const char *code; double share, risk; } women[5] = {
		{ "self_employed", 0.9051, 0.0125 }, { "health", 0.6741, 0.0674 },
		{ "education", 0.6378, 0.0200 }, { "accommodation", 0.5905, 0.1875 },
		{ "trade", 0.5184, -1 },   /* the printed 1.25% is an erratum */
	}, men[5] = {
		{ "construction", 0.9691, 0.4108 }, { "transport", 0.9184, 0.2697 },
		{ "agriculture", 0.8958, 0.1425 }, { "mining", 0.8822, 0.3312 },
		{ "arts", 0.7160, 0.0930 },
	};
	struct arena *a = arena_new();
	struct automation_input in;
	struct automation_result r;
	size_t k;

	load_edition(a, &in, &r);
	for (k = 0; k < 5; k++) {
		const struct automation_sector_result *w = &r.sector[r.by_women[k]];
		const struct automation_sector_result *m = &r.sector[r.by_men[k]];

		cr_assert_str_eq(in.sectors[r.by_women[k]].code, women[k].code, "women %zu", k + 1);
		near(w->share_women, women[k].share, 0.00005, women[k].code);
		if (women[k].risk >= 0)
			near(w->risk[AUTO_LONG], women[k].risk, 0.00005, women[k].code);
		cr_assert_str_eq(in.sectors[r.by_men[k]].code, men[k].code, "men %zu", k + 1);
		near(m->share_men, men[k].share, 0.00005, men[k].code);
		near(m->risk[AUTO_LONG], men[k].risk, 0.00005, men[k].code);
	}
	/* "Construction will be affected most ... 41.08%, while manufacturing is
	 * ranked second, at 33.71%"; mining "third-highest ... (33.12%)" */
	cr_assert_str_eq(in.sectors[r.by_risk[0]].code, "construction");
	cr_assert_str_eq(in.sectors[r.by_risk[1]].code, "manufacturing");
	cr_assert_str_eq(in.sectors[r.by_risk[2]].code, "mining");
	near(r.sector[r.by_risk[1]].risk[AUTO_LONG], 0.3371, 0.00005, "manufacturing");
	/* self-employed: "This is the lowest risk of all sectors" */
	cr_assert_str_eq(in.sectors[r.by_risk[r.nsectors - 1]].code, "self_employed");
	/* Figure 5: "a correlation between the proportion of male workers in a
	 * sector and a higher risk" */
	cr_assert(r.fit_r > 0.3 && r.fit_slope > 0, "r %g slope %g", r.fit_r, r.fit_slope);
	/* "Over twice as many jobs at risk of automation are held by men" */
	cr_assert(r.men_affected > 2 * r.women_affected);
	arena_free(a);
}

/* Where the paper contradicts itself, the model gives the consistent value. */
Test(automation, edition_2018_consistent_values_for_contradictions)
{
	struct arena *a = arena_new();
	struct automation_input in;
	struct automation_result r;
	size_t trade;

	load_edition(a, &in, &r);
	/* 1.54 + 7.19 = 8.73, not 9.77: the rest comes after 15 years */
	near(r.period[AUTO_P15_], 9770000 - 1540000 - 7190000, 10000, "after 15 years");
	near(r.period[0] + r.period[1] + r.period[2], r.affected[AUTO_LONG], 1e-6, "periods");
	/* 4.97 + 3.20 + 1.61 = 9.78: the split adds up to the total */
	near(r.split_jobs[0] + r.split_jobs[1] + r.split_jobs[2], r.affected[AUTO_LONG], 1e-6,
	     "split total");
	cr_assert(fabs(r.split_jobs[0] + r.split_jobs[1] + r.split_jobs[2] - 9780000) > 5000);
	/* 9.8 + 2.8 = 12.6 million by sex: the consistent split adds up to 9.77 */
	near(r.men_affected + r.women_affected, r.affected[AUTO_LONG], 1e-6, "by sex");
	cr_assert(fabs(r.men_affected - 9800000) > 50000);
	near(r.men_share_at_risk, r.men_affected / r.men, 1e-12, "men's jobs at risk");
	near(r.women_share_at_risk, r.women_affected / r.women, 1e-12, "women's jobs at risk");
	cr_assert(fabs(r.men_share_at_risk - 0.128) > 0.0005);
	/* Table 4's 1.25% for wholesale and retail: the consistent risk is Table 3's
	 * jobs over the sector's employment */
	trade = sector_index(&in, "trade");
	near(r.sector[trade].risk[AUTO_LONG], 1653335 / r.sector[trade].employed, 1e-6, "trade");
	cr_assert(r.sector[trade].risk[AUTO_LONG] > 0.10);
	arena_free(a);
}

/* Every row of automation_published.csv: checks agree within their
 * tolerance; errata disagree (else the paper was right and the row is wrong). */
Test(automation, edition_2018_published_file)
{
	struct arena *a = arena_new();
	struct automation_input in;
	struct automation_result r;
	size_t i, nerr = 0;

	load_edition(a, &in, &r);
	cr_assert(in.npublished >= 40);
	for (i = 0; i < in.npublished; i++) {
		const struct automation_published *p = &in.published[i];
		double v;

		cr_assert_eq(automation_value(&r, p->key, &v), 0, "%s", p->key);
		if (p->erratum) {
			nerr++;
			cr_expect(isnan(p->value) || fabs(v - p->value) > p->tolerance,
			          "erratum %s: published %.10g agrees with computed %.10g", p->key,
			          p->value, v);
		} else {
			cr_expect(fabs(v - p->value) <= p->tolerance,
			          "%s (%s): published %.10g, computed %.10g, tolerance %g",
			          p->key, p->item, p->value, v, p->tolerance);
		}
	}
	cr_assert_eq(nerr, 7);
	arena_free(a);
}

/* The data files honour their own contracts beyond what the loader checks:
 * every value row has a provenance and a source id described in SOURCES.md. */
Test(automation, edition_2018_sources_documented)
{
	struct buf b = { NULL, 0, 0 };
	size_t i, r;
	struct arena *a = arena_new();

	cr_assert_eq(buf_read_file(&b, TEST_SRCDIR "/data/SOURCES.md"), 0);
	cr_assert(strstr(buf_cstr(&b), "## Automation exposure") != NULL);
	for (i = 0; i < 9; i++) {
		struct dataset t;
		char *path = arena_printf(a, "%s/data/2018/%s.csv", TEST_SRCDIR, dataset_names[i]);
		int col;

		cr_assert_eq(data_load(a, path, automation_schema(dataset_names[i]), &t), 0, "%s",
		             path);
		col = dataset_col(&t, "source");
		cr_assert(col >= 0);
		for (r = 0; r < t.nrows; r++) {
			char *id = arena_printf(a, "`%s`", dataset_text(&t, r, (size_t)col));

			cr_expect(strstr(buf_cstr(&b), id) != NULL, "%s:%d: source %s not in SOURCES.md",
			          path, t.row_line[r], id);
		}
	}
	buf_free(&b);
	arena_free(a);
}

/* Independent check of the estimated task likelihoods: the occupation groups'
 * long-term risks should rank broadly like the employment-weighted Frey and
 * Osborne (2013) probabilities of the same SOC major groups (BLS May 2016
 * employment). Skipped when the raw reference files are absent. */
static double spearman(const double *x, const double *y, size_t n)
{
	double rx[AUTOMATION_MAX_OCCUPATIONS], ry[AUTOMATION_MAX_OCCUPATIONS];
	double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
	size_t i, j;

	for (i = 0; i < n; i++) {
		double lx = 0, ex = 0, ly = 0, ey = 0;

		for (j = 0; j < n; j++) {
			lx += x[j] < x[i];
			ex += x[j] == x[i];
			ly += y[j] < y[i];
			ey += y[j] == y[i];
		}
		rx[i] = lx + (ex + 1) / 2;   /* average rank of ties */
		ry[i] = ly + (ey + 1) / 2;
		mx += rx[i];
		my += ry[i];
	}
	mx /= (double)n;
	my /= (double)n;
	for (i = 0; i < n; i++) {
		sxy += (rx[i] - mx) * (ry[i] - my);
		sxx += (rx[i] - mx) * (rx[i] - mx);
		syy += (ry[i] - my) * (ry[i] - my);
	}
	return sxy / sqrt(sxx * syy);
}

Test(automation, edition_2018_likelihoods_rank_like_frey_osborne)
{
	static const struct col_schema cols[] = {
		{ .name = "_ - code", .type = COL_TEXT, .required = true },
		{ .name = "prob", .type = COL_TEXT, .required = true },
		{ .name = "numbEmployed", .type = COL_TEXT, .required = true },
	};
	static const struct dataset_schema schema = { "frey_osborne", cols, 3, ',', true };
	const char *path = th_raw_file("frey_osborne_prob_with_bls_may2016_employment.csv");
	struct arena *a = arena_new();
	struct automation_input in;
	struct automation_result r;
	struct dataset fo;
	double emp[100] = { 0 }, wprob[100] = { 0 };
	double ours[AUTOMATION_MAX_OCCUPATIONS], theirs[AUTOMATION_MAX_OCCUPATIONS];
	size_t i, o;
	double rho;

	load_edition(a, &in, &r);
	cr_assert_eq(data_load(a, path, &schema, &fo), 0);
	for (i = 0; i < fo.nrows; i++) {
		const char *code = dataset_text(&fo, i, 0);
		double p, e;

		if (data_parse_number(dataset_text(&fo, i, 1), &p) != 0 ||
		    data_parse_number(dataset_text(&fo, i, 2), &e) != 0 ||
		    code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9')
			continue;
		emp[(code[0] - '0') * 10 + (code[1] - '0')] += e;
		wprob[(code[0] - '0') * 10 + (code[1] - '0')] += e * p;
	}
	/* occupations.csv gives each group's SOC major groups as "11|13" */
	{
		struct dataset occ;

		cr_assert_eq(data_load(a, TEST_SRCDIR "/data/2018/occupations.csv",
		                       automation_schema("occupations"), &occ), 0);
		for (o = 0; o < occ.nrows; o++) {
			const char *s = dataset_text(&occ, o, (size_t)dataset_col(&occ, "soc"));
			double e = 0, w = 0;

			while (*s) {
				int g = (s[0] - '0') * 10 + (s[1] - '0');

				e += emp[g];
				w += wprob[g];
				s += 2;
				if (*s == '|')
					s++;
			}
			cr_assert(e > 0, "no US employment for occupation %zu", o);
			theirs[o] = w / e;
			ours[o] = r.occ_risk[o][AUTO_LONG];
		}
	}
	rho = spearman(ours, theirs, in.noccupations);
	cr_assert(rho > 0.5, "Spearman rank correlation %g", rho);
	arena_free(a);
}

/* ---- figures ------------------------------------------------------------ */

static struct figset *edition_figures(struct arena *a, struct automation_input *in,
                                      struct automation_result *r)
{
	struct figset *fs = figset_new(a);

	load_edition(a, in, r);
	automation_figures(r, fs);
	return fs;
}

/* Every key and table named in templates/KEYS.md, section "Automation
 * exposure", exists after automation_figures (patterns with <code> are
 * expanded over the sectors; rank patterns written with N are skipped). */
Test(automation, figures_cover_keys_md)
{
	struct arena *a = arena_new();
	struct automation_input in;
	struct automation_result r;
	struct figset *fs = edition_figures(a, &in, &r);
	struct buf b = { NULL, 0, 0 };
	const char *p, *end;
	size_t checked = 0;

	cr_assert_eq(buf_read_file(&b, TEST_SRCDIR "/templates/KEYS.md"), 0);
	p = strstr(buf_cstr(&b), "## Automation exposure");
	cr_assert_not_null(p);
	end = strstr(p + 3, "\n## ");
	cr_assert_not_null(end);
	while ((p = strchr(p, '`')) != NULL && p < end) {
		const char *q = strchr(p + 1, '`');
		char tok[128];
		size_t n = (size_t)(q - p - 1), s;
		const char *lt;

		cr_assert_not_null(q);
		cr_assert(n < sizeof tok);
		memcpy(tok, p + 1, n);
		tok[n] = '\0';
		p = q + 1;
		if (tok[0] == '.' || strchr(tok, '*') || strstr(tok, ".csv") || strstr(tok, "N."))
			continue;
		lt = strstr(tok, "<code>");
		if (lt != NULL) {
			for (s = 0; s < in.nsectors; s++) {
				char key[192];

				snprintf(key, sizeof key, "%.*s%s%s", (int)(lt - tok), tok,
				         in.sectors[s].code, lt + 6);
				cr_expect_not_null(figset_get(fs, key), "missing figure %s", key);
				checked++;
			}
			continue;
		}
		/* a figure, a table, or a column of one ("sorted by `affected`") */
		cr_expect(figset_get(fs, tok) != NULL || figset_get_table(fs, tok) != NULL ||
		          figtable_col(figset_get_table(fs, "sectors"), tok) >= 0 ||
		          figtable_col(figset_get_table(fs, "errata"), tok) >= 0,
		          "KEYS.md names '%s', which automation_figures does not emit", tok);
		checked++;
	}
	cr_assert(checked > 60, "only %zu keys checked", checked);
	buf_free(&b);
	arena_free(a);
}

Test(automation, figures_values_and_provenance)
{
	struct arena *a = arena_new();
	struct automation_input in;
	struct automation_result r;
	struct figset *fs = edition_figures(a, &in, &r);
	const struct figure *f;
	const struct figtable *t;
	size_t k;

	f = figset_get(fs, "jobs.affected.total");
	cr_assert_not_null(f);
	near(f->value, r.affected[AUTO_LONG], 0, "jobs.affected.total");
	cr_assert_str_eq(f->unit, "jobs");
	cr_assert(f->source != NULL && strstr(f->source, "tasks.csv") != NULL);
	cr_assert(f->formula != NULL && f->formula[0] != '\0');
	f = figset_get(fs, "sector.construction.risk");
	cr_assert_not_null(f);
	near(f->value, 0.4108, 0.00005, "construction risk");
	cr_assert_str_eq(f->unit, "share");
	f = figset_get(fs, "sector.top1.name");
	cr_assert_not_null(f);
	cr_assert_str_eq(f->text, "Construction");
	f = figset_get(fs, "sector.most_jobs1.name");
	cr_assert_str_eq(f->text, "Manufacturing");
	f = figset_get(fs, "sector.least_jobs1.code");
	cr_assert_str_eq(f->text, "self_employed");
	f = figset_get(fs, "sector.most_women1.share_women");
	near(f->value, 0.9051, 0.00005, "most women");
	f = figset_get(fs, "sector.bottom1.risk");
	near(f->value, 0.0125, 0.00005, "lowest risk");

	t = figset_get_table(fs, "sectors");
	cr_assert_not_null(t);
	cr_assert_eq(t->nrows, in.nsectors);
	cr_assert_str_eq(figtable_cell(t, 0, (size_t)figtable_col(t, "code"))->text, "manufacturing");
	for (k = 1; k < t->nrows; k++)
		cr_assert(figtable_cell(t, k - 1, (size_t)figtable_col(t, "affected"))->num >=
		          figtable_cell(t, k, (size_t)figtable_col(t, "affected"))->num);
	t = figset_get_table(fs, "sectors_bottom5");
	cr_assert_eq(t->nrows, 5);
	cr_assert_str_eq(figtable_cell(t, 0, 0)->text, "self_employed");
	cr_assert_str_eq(figtable_cell(t, 4, 0)->text, "education");
	t = figset_get_table(fs, "sectors_men_top5");
	cr_assert_str_eq(figtable_cell(t, 0, 0)->text, "construction");
	t = figset_get_table(fs, "occupations");
	cr_assert_eq(t->nrows, in.noccupations);
	t = figset_get_table(fs, "adjustments");
	cr_assert_eq(t->nrows, 0);
	/* the 2018 errata: the seven rows marked erratum, nothing else */
	t = figset_get_table(fs, "errata");
	cr_assert_not_null(t);
	cr_assert_eq(t->nrows, 7);
	t = figset_get_table(fs, "automation_checks");
	cr_assert_eq(t->nrows, in.npublished);
	arena_free(a);
}

Test(automation, errata_from_fixture_and_appended_rows)
{
	struct arena *a = arena_new();
	struct automation_input in;
	struct automation_result r;
	struct figset *fs = figset_new(a);
	const struct figtable *t;
	int item, pub, comp, note;

	diag_reset();
	cr_assert_eq(load_case(a, NULL, NULL, &in), 0);
	cr_assert_eq(automation_compute(&in, &r), 0);
	automation_figures(&r, fs);
	t = figset_get_table(fs, "automation_checks");
	cr_assert_eq(t->nrows, 4);
	cr_assert_str_eq(figtable_cell(t, 0, (size_t)figtable_col(t, "agrees"))->text, "yes");
	cr_assert_str_eq(figtable_cell(t, 1, (size_t)figtable_col(t, "agrees"))->text, "no");
	t = figset_get_table(fs, "errata");
	cr_assert_not_null(t);
	item = figtable_col(t, "item");
	pub = figtable_col(t, "published");
	comp = figtable_col(t, "computed");
	note = figtable_col(t, "note");
	cr_assert(item >= 0 && pub >= 0 && comp >= 0 && note >= 0);
	/* h5 published 51 but computed 50 (a failed check), men 150 against 107
	 * (an erratum), after 15 years not stated (an erratum) */
	cr_assert_eq(t->nrows, 3);
	cr_assert_str_eq(figtable_cell(t, 0, (size_t)item)->text, "Jobs affected within 5 years");
	near(figtable_cell(t, 0, (size_t)comp)->num, 50, EPS, "h5 computed");
	cr_assert(strstr(figtable_cell(t, 0, (size_t)note)->text, "printed precision") != NULL);
	near(figtable_cell(t, 1, (size_t)pub)->num, 150, EPS, "men published");
	near(figtable_cell(t, 1, (size_t)comp)->num, 107, EPS, "men computed");
	cr_assert_not(figtable_cell(t, 2, (size_t)pub)->is_num);
	cr_assert_str_eq(figtable_cell(t, 2, (size_t)pub)->text, "");
	near(figtable_cell(t, 2, (size_t)comp)->num, 66, EPS, "after 15 years");

	/* the fixture has no Spanish columns: an erratum falls back to English,
	 * a failed check gets the Spanish wording of its generic note */
	{
		int item_es = figtable_col(t, "item_es"), note_es = figtable_col(t, "note_es");

		cr_assert(item_es >= 0 && note_es >= 0);
		cr_assert_str_eq(figtable_cell(t, 0, (size_t)item_es)->text, "Jobs affected within 5 years");
		cr_assert_not_null(strstr(figtable_cell(t, 0, (size_t)note_es)->text,
		                          "precisión impresa"));
		cr_assert_str_eq(figtable_cell(t, 1, (size_t)note_es)->text,
		                 figtable_cell(t, 1, (size_t)note)->text);
	}

	/* another stage appends its own row, with its Spanish text */
	automation_errata_add(fs, "Readiness rank", 22, 23, "Off by one.", "rank",
	                      "readiness.mex.rank", "Table 1", "Lugar en el índice", "Uno de más.");
	t = figset_get_table(fs, "errata");
	cr_assert_eq(t->nrows, 4);
	cr_assert_str_eq(figtable_cell(t, 3, (size_t)item)->text, "Readiness rank");
	cr_assert_str_eq(figtable_cell(t, 3, (size_t)figtable_col(t, "item_es"))->text,
	                 "Lugar en el índice");
	cr_assert_str_eq(figtable_cell(t, 3, (size_t)figtable_col(t, "note_es"))->text, "Uno de más.");
	near(figtable_cell(t, 3, (size_t)comp)->num, 23, EPS, "appended");
	arena_free(a);
}

/* If the run already has an errata table (e.g. from a text dataset with the
 * four columns of KEYS.md), rows go into it, filling the columns it has. */
Test(automation, errata_add_into_existing_table)
{
	static const char *const cols[] = { "item", "published", "computed", "note" };
	struct arena *a = arena_new();
	struct figset *fs = figset_new(a);
	struct figtable *t = figset_table(fs, "errata", 4, cols, "errata.csv");
	size_t row = figtable_add_row(fs, t);
	const struct figtable *got;

	figtable_set_text(fs, t, row, 0, "Typed by hand");
	automation_errata_add(fs, "Jobs by sex", 12600000, 9770000, "Adds up to more.", "jobs",
	                      "jobs.men.affected", "p. 27", NULL, NULL);
	got = figset_get_table(fs, "errata");
	cr_assert_eq(got, t);
	cr_assert_eq(got->nrows, 2);
	cr_assert_str_eq(figtable_cell(got, 1, 0)->text, "Jobs by sex");
	near(figtable_cell(got, 1, 1)->num, 12600000, 0, "published");
	cr_assert_str_eq(figtable_cell(got, 1, 3)->text, "Adds up to more.");
	arena_free(a);
}
