/*
 * regions/load: states.csv, state_profiles.csv and the long per-state tables,
 * their schemas and the checks across them (every profile and every long-table
 * row names a known state, profiled states have a profile). Load stage of the
 * pipeline (on top of load/); regions/model.c computes on the result.
 */
#include "model/regions/internal.h"
#include "base/base.h"
#include "load/load.h"

#include <math.h>
#include <string.h>

/* Rankings in the profiles are among Mexico's 32 federal entities, whatever
 * subset of states an edition's states.csv lists. */
#define REGIONS_FEDERAL_ENTITIES 32

#define SCHEMA(var, label, cols) \
	static const struct dataset_schema var = { label, cols, sizeof cols / sizeof cols[0], ',', false }

static const struct col_schema state_cols[] = {
	{ .name = "slug", .type = COL_CODE, .required = true, .key = true },
	{ .name = "inegi_code", .type = COL_CODE },
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "name_es", .type = COL_TEXT, .required = true },
	{ .name = "name_inegi", .type = COL_TEXT },
	{ .name = "population", .type = COL_INT, .has_min = true },
	{ .name = "population_year", .type = COL_INT,
	  .has_min = true, .has_max = true, .min = 1900, .max = 2999 },
	{ .name = "profiled", .type = COL_ENUM, .required = true, .enum_values = "yes|no" },
	PROVENANCE_COLS,
};
SCHEMA(state_schema, "states", state_cols);

static const struct col_schema profile_cols[] = {
	{ .name = "state", .type = COL_CODE, .required = true, .key = true },
	{ .name = "gdp_share", .type = COL_SHARE },
	{ .name = "gdp_year", .type = COL_INT,
	  .has_min = true, .has_max = true, .min = 1900, .max = 2999 },
	{ .name = "gdp_source", .type = COL_CODE },
	{ .name = "rank_competitiveness", .type = COL_INT,
	  .has_min = true, .has_max = true, .min = 1, .max = REGIONS_FEDERAL_ENTITIES },
	{ .name = "rank_competitiveness_year", .type = COL_INT,
	  .has_min = true, .has_max = true, .min = 1900, .max = 2999 },
	{ .name = "rank_competitiveness_source", .type = COL_CODE },
	{ .name = "rank_innovation", .type = COL_INT,
	  .has_min = true, .has_max = true, .min = 1, .max = REGIONS_FEDERAL_ENTITIES },
	{ .name = "rank_innovation_year", .type = COL_INT,
	  .has_min = true, .has_max = true, .min = 1900, .max = 2999 },
	{ .name = "rank_innovation_source", .type = COL_CODE },
	{ .name = "rank_egov", .type = COL_INT,
	  .has_min = true, .has_max = true, .min = 1, .max = REGIONS_FEDERAL_ENTITIES },
	{ .name = "egov_share", .type = COL_SHARE },
	{ .name = "rank_egov_year", .type = COL_INT,
	  .has_min = true, .has_max = true, .min = 1900, .max = 2999 },
	{ .name = "rank_egov_source", .type = COL_CODE },
	{ .name = "summary", .type = COL_TEXT },
	{ .name = "summary_es", .type = COL_TEXT },
	{ .name = "vision", .type = COL_TEXT },
	{ .name = "vision_es", .type = COL_TEXT },
	PROVENANCE_COLS,
	{ .name = "note", .type = COL_TEXT },
};
SCHEMA(profile_schema, "state profiles", profile_cols);

static const struct col_schema list_cols[] = {
	{ .name = "state", .type = COL_CODE, .required = true, .key = true },
	{ .name = "order", .type = COL_INT, .required = true,
	  .key = true, .has_min = true, .min = 1 },
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "name_es", .type = COL_TEXT, .required = true },
	PROVENANCE_COLS,
};
SCHEMA(sector_schema, "state key sectors", list_cols);
SCHEMA(focus_schema, "state focus areas", list_cols);

static const struct col_schema inst_cols[] = {
	{ .name = "state", .type = COL_CODE, .required = true, .key = true },
	{ .name = "order", .type = COL_INT, .required = true,
	  .key = true, .has_min = true, .min = 1 },
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "name_es", .type = COL_TEXT, .required = true },
	{ .name = "text", .type = COL_TEXT, .required = true },
	{ .name = "text_es", .type = COL_TEXT, .required = true },
	PROVENANCE_COLS,
};
SCHEMA(inst_schema, "state institutions", inst_cols);

static const struct col_schema policy_cols[] = {
	{ .name = "state", .type = COL_CODE, .required = true, .key = true },
	{ .name = "order", .type = COL_INT, .required = true,
	  .key = true, .has_min = true, .min = 1 },
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "name_es", .type = COL_TEXT, .required = true },
	{ .name = "year", .type = COL_INT,
	  .has_min = true, .has_max = true, .min = 1900, .max = 2999 },
	{ .name = "text", .type = COL_TEXT, .required = true },
	{ .name = "text_es", .type = COL_TEXT, .required = true },
	PROVENANCE_COLS,
};
SCHEMA(policy_schema, "state policies", policy_cols);

long regions_find(const struct regions_data *d, const char *slug)
{
	size_t i;

	for (i = 0; i < d->nstates; i++)
		if (strcmp(d->states[i].slug, slug) == 0)
			return (long)i;
	return -1;
}

static int build_states(struct arena *a, struct regions_data *d)
{
	const struct dataset *t = &d->states_t;
	int rc = 0;
	size_t i;

	d->nstates = t->nrows;
	d->states = arena_calloc(a, t->nrows ? t->nrows : 1, sizeof *d->states);
	for (i = 0; i < t->nrows; i++) {
		struct region_state *s = &d->states[i];

		s->slug = dataset_text(t, i, S_SLUG);
		s->name = dataset_text(t, i, S_NAME);
		s->name_es = dataset_text(t, i, S_NAME_ES);
		s->population = dataset_cell(t, i, S_POP)->present ? dataset_num(t, i, S_POP) : NAN;
		s->profiled = strcmp(dataset_text(t, i, S_PROFILED), "yes") == 0;
		s->profile = -1;
		if (!data_is_slug(s->slug)) {
			dataset_error(t, i, S_SLUG, "'%s' is not a state slug (lowercase ASCII words "
			            "joined by hyphens, e.g. nuevo-leon)", s->slug);
			rc = -1;
		}
		if (s->profiled && isnan(s->population)) {
			dataset_error(t, i, S_POP, "state '%s' is profiled but has no population",
			            s->slug);
			rc = -1;
		}
	}
	return rc;
}

/* A rank, a share or a GDP figure needs its year and its source. */
static int check_pair(const struct dataset *p, size_t row, size_t value, size_t year,
                      size_t source, const char *what)
{
	int rc = 0;

	if (!dataset_cell(p, row, value)->present)
		return 0;
	if (!dataset_cell(p, row, year)->present) {
		dataset_error(p, row, value, "%s is given without its year", what);
		rc = -1;
	}
	if (!dataset_cell(p, row, source)->present) {
		dataset_error(p, row, value, "%s is given without its source", what);
		rc = -1;
	}
	return rc;
}

static int build_profiles(struct regions_data *d)
{
	const struct dataset *p = &d->profiles;
	int rc = 0;
	size_t i;

	for (i = 0; i < p->nrows; i++) {
		const char *slug = dataset_text(p, i, PR_STATE);
		long s = regions_find(d, slug);

		if (s < 0) {
			dataset_error(p, i, PR_STATE, "unknown state '%s' (not in states.csv)", slug);
			rc = -1;
			continue;
		}
		if (!d->states[s].profiled) {
			dataset_error(p, i, PR_STATE,
			            "state '%s' has a profile but is not marked profiled in states.csv",
			            slug);
			rc = -1;
		}
		d->states[s].profile = (long)i;
		if (check_pair(p, i, PR_GDP, PR_GDP_YEAR, PR_GDP_SOURCE, "GDP share") < 0 ||
		    check_pair(p, i, PR_COMP, PR_COMP_YEAR, PR_COMP_SOURCE,
		               "competitiveness rank") < 0 ||
		    check_pair(p, i, PR_INNOV, PR_INNOV_YEAR, PR_INNOV_SOURCE,
		               "innovation rank") < 0 ||
		    check_pair(p, i, PR_EGOV, PR_EGOV_YEAR, PR_EGOV_SOURCE,
		               "e-government rank") < 0)
			rc = -1;
		if (dataset_cell(p, i, PR_EGOV_SHARE)->present && !dataset_cell(p, i, PR_EGOV)->present) {
			dataset_error(p, i, PR_EGOV_SHARE,
			            "e-government share is given without its rank");
			rc = -1;
		}
	}
	for (i = 0; i < d->nstates; i++) {
		if (!d->states[i].profiled || d->states[i].profile >= 0)
			continue;
		dataset_error(&d->states_t, i, S_PROFILED,
		            "state '%s' is profiled but has no row in state_profiles.csv",
		            d->states[i].slug);
		rc = -1;
	}
	return rc;
}

/* Rows of a long table must name a profiled state. */
static int check_long(const struct regions_data *d, const struct dataset *t)
{
	int rc = 0;
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		const char *slug = dataset_text(t, i, L_STATE);
		long s = regions_find(d, slug);

		if (s < 0) {
			dataset_error(t, i, L_STATE, "unknown state '%s' (not in states.csv)", slug);
			rc = -1;
		} else if (!d->states[s].profiled) {
			dataset_error(t, i, L_STATE, "state '%s' is not profiled in states.csv", slug);
			rc = -1;
		}
	}
	return rc;
}

int regions_load(struct arena *a, const char *dir, struct regions_data *out)
{
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (data_load_in(a, dir, "states.csv", &state_schema, &out->states_t) < 0)
		rc = -1;
	if (data_load_in(a, dir, "state_profiles.csv", &profile_schema, &out->profiles) < 0)
		rc = -1;
	if (data_load_in(a, dir, "state_sectors.csv", &sector_schema, &out->sectors) < 0)
		rc = -1;
	if (data_load_in(a, dir, "state_focus.csv", &focus_schema, &out->focus) < 0)
		rc = -1;
	if (data_load_in(a, dir, "state_institutions.csv", &inst_schema, &out->institutions) < 0)
		rc = -1;
	if (data_load_in(a, dir, "state_policies.csv", &policy_schema, &out->policies) < 0)
		rc = -1;
	if (rc < 0)
		return -1;
	if (build_states(a, out) < 0)
		rc = -1;
	if (build_profiles(out) < 0)
		rc = -1;
	if (check_long(out, &out->sectors) < 0 || check_long(out, &out->focus) < 0 ||
	    check_long(out, &out->institutions) < 0 || check_long(out, &out->policies) < 0)
		rc = -1;
	return rc;
}

