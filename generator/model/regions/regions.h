/*
 * regions: Mexico's federal entities (states) and the profiles of the states
 * that get a brief (Appendix 2 of the 2018 paper).
 * Pipeline position: load (regions_load in load.c, through data_load) ->
 * model (regions_compute in model.c, pure: population shares and ranks) ->
 * figures (regions_figures in figures.c).
 *
 * Edition files:
 *   states.csv              slug, inegi_code, name, name_es, name_inegi,
 *                           population, population_year, profiled, provenance, source
 *   state_profiles.csv      state, gdp_share, gdp_year, gdp_source,
 *                           rank_competitiveness(_year, _source), rank_innovation(...),
 *                           rank_egov, egov_share, rank_egov_year, rank_egov_source,
 *                           summary(_es), vision(_es), provenance, source, note
 *   state_sectors.csv, state_focus.csv         state, order, name, name_es, ...
 *   state_institutions.csv                     state, order, name, name_es, text, text_es, ...
 *   state_policies.csv                         state, order, name, name_es, year, text, text_es, ...
 */
#ifndef REPORTGEN_REGIONS_H
#define REPORTGEN_REGIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "load/load.h"

struct arena;
struct figset;

struct region_state {
	const char *slug;        /* "nuevo-leon" */
	const char *name;        /* English name */
	const char *name_es;
	double population;       /* people; NaN when unknown */
	bool profiled;           /* has a brief (a row in state_profiles.csv) */
	long profile;            /* row in state_profiles.csv, or -1 */
};

struct regions_data {
	struct region_state *states;
	size_t nstates;
	struct dataset states_t;       /* states.csv */
	struct dataset profiles;       /* state_profiles.csv */
	struct dataset sectors;        /* state_sectors.csv */
	struct dataset focus;          /* state_focus.csv */
	struct dataset institutions;   /* state_institutions.csv */
	struct dataset policies;       /* state_policies.csv */
};

struct regions_result {
	const struct regions_data *data;
	double national;         /* sum of the populations given (people) */
	size_t with_population;  /* states that have one */
	double *pop_share;       /* [state] 0..1 of national; NaN when unknown */
	int *pop_rank;           /* [state] 1 = most populous; 0 when unknown */
	int *gdp_rank;           /* [state] rank of gdp_share among states with one; 0 if none */
};

/* Load and cross-check the six files in dir. Every problem is reported
 * (FILE:LINE:COL) before returning -1; 0 on success. *out lives in a. */
int regions_load(struct arena *a, const char *dir, struct regions_data *out);

/* Index of the state with this slug, or -1. */
long regions_find(const struct regions_data *d, const char *slug);

/* Shares of national population and ranks. Pure. Returns 0, or -1 when there
 * is no state. *out lives in a and points to d. */
int regions_compute(struct arena *a, const struct regions_data *d, struct regions_result *out);

/* Emit the keys and tables of templates/KEYS.md, "Regions". */
void regions_figures(const struct regions_result *r, struct figset *fs);

#endif
