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

#include "arena.h"
#include "automation.h"
#include "diag.h"

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
