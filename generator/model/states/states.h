/*
 * states: every state's own figures and its estimated exposure to automation.
 * Depends on two model folders before it: regions (the list of states) and
 * automation (the national sector employment and risks); neither uses it.
 * Pipeline position: load (states_load, after regions_load and
 * automation_load) -> model (states_compute, pure) -> figures (states_figures,
 * after regions_figures: it widens the `states` table).
 *
 * Edition files (written by `reportgen import --states`, see data/SOURCES.md):
 *   state_indicators.csv   state, indicator, year, value, unit, provenance, source
 *                          indicators: gdp (value added, million MXN at 2013
 *                          prices), population, workforce, internet_households
 *                          (share), researchers_per_100k
 *   state_gdp_sectors.csv  state, year, scian, value_added, provenance, source
 *   state_sector_map.csv   scian, scian_name, sector, provenance, source: the
 *                          SCIAN sectors of the GDP file to the automation
 *                          model's sectors (a SCIAN code may feed two sectors,
 *                          each of which then gets its national employment
 *                          spread by the states' shares of that code)
 *
 * Exposure (estimated): for state i and model sector s with SCIAN codes C(s),
 *   e_raw(i,s) = VA(i,C(s)) x E(s) / VA(all states, C(s))
 * (value added x the national employment per unit of value added), then
 *   e(i,s) = e_raw(i,s) x W(i) / sum_s e_raw(i,s)
 * with W(i) the state's ENOE workforce, and jobs affected(i) = sum_s e(i,s) x
 * risk_long(s). sum_i e_raw(i,s) = E(s) exactly; sum_i W(i) differs from the
 * national employment by the gap between the two sources, reported.
 */
#ifndef REPORTGEN_STATES_H
#define REPORTGEN_STATES_H

#include <stdbool.h>
#include <stddef.h>

#include "load/load.h"

struct arena;
struct figset;
struct regions_data;
struct automation_input;
struct automation_result;

enum { STI_GDP, STI_POP, STI_WORK, STI_NET, STI_RES, STI_COUNT };

/* sum_s e(i,s) = W(i) and sum_i e_raw(i,s) = E(s) within this (relative). */
#define STATES_SUM_TOL 1e-9

struct states_data {
	struct dataset ind, gdp, map;
	const struct regions_data *rd;
	const struct automation_input *ai;
	int year;                      /* the reference year (automation data year) */
	/* [state][indicator]: row of the reference year's value, of the earliest
	 * year of the last five, or -1 */
	long (*cur)[STI_COUNT], (*base)[STI_COUNT];
	double *va;                    /* [state * nsectors + model sector] */
	size_t nsectors;
};

struct states_result {
	const struct states_data *d;
	size_t n, nsectors;
	double *v[STI_COUNT], *v0[STI_COUNT];   /* [state] value now / at the base year */
	int *y0[STI_COUNT];                      /* base year, 0 when none */
	double *gdp_pc, *gdp_pc0;                /* pesos (2013 prices) a person */
	double *share[STI_COUNT];                /* of the sum over states (gdp, pop, work) */
	double *change[STI_COUNT];               /* ratio - 1; internet: points of share */
	double *gdp_pc_change;
	int *rank[STI_COUNT], *gdp_pc_rank, *exp_rank;  /* 1 = highest */
	double *mix, *mix_nat;                   /* [i*ns+s] share of the state's / nation's VA */
	double *emp_raw, *emp, *aff;             /* [i*ns+s] jobs */
	double *emp_total, *affected, *exp_share;/* [state] */
	double sum_workforce, sum_affected, sum_raw;
	double national_employed, national_affected;
	size_t *top;                             /* [i*ns+k] sectors, most affected first */
};

/* Load and check the three files against the regions' states and the
 * automation model's sectors. Every problem is reported FILE:LINE:COL;
 * returns 0 or -1. */
int states_load(struct arena *a, const char *dir, const struct regions_data *rd,
                const struct automation_input *ai, struct states_data *out);

/* Pure. Returns 0, or -1 when a state has no value added at all. */
int states_compute(struct arena *a, const struct states_data *d,
                   const struct automation_result *ar, struct states_result *out);

/* The keys and tables of templates/KEYS.md "States": widens the `states`
 * table made by regions_figures and adds `state_sector_mix`. */
void states_figures(const struct states_result *r, struct figset *fs);

#endif
