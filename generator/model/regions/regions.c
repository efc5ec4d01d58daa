/*
 * regions: states and state profiles -> population shares and ranks ->
 * the `states` table (one row per state, profile fields filled for the
 * profiled ones) and the long per-state tables.
 */
#include "model/regions/regions.h"

#include "base/base.h"
#include "figures/figures.h"
#include "model/texts/texts.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Rankings in the profiles are among Mexico's 32 federal entities, whatever
 * subset of states an edition's states.csv lists. */
#define REGIONS_FEDERAL_ENTITIES 32

#define PROV { "provenance", COL_ENUM, true, false, false, false, 0, 0, \
               "official|published|derived|estimated" }
#define SRC { "source", COL_CODE, true, false, false, false, 0, 0, NULL }
#define TEXT_REQ(n) { n, COL_TEXT, true, false, false, false, 0, 0, NULL }
#define TEXT_OPT(n) { n, COL_TEXT, false, false, false, false, 0, 0, NULL }
#define CODE_OPT(n) { n, COL_CODE, false, false, false, false, 0, 0, NULL }
#define YEAR_OPT(n) { n, COL_INT, false, false, true, true, 1900, 2999, NULL }
#define RANK_OPT(n) { n, COL_INT, false, false, true, true, 1, REGIONS_FEDERAL_ENTITIES, NULL }
#define STATE_KEY { "state", COL_CODE, true, true, false, false, 0, 0, NULL }
#define ORDER_KEY { "order", COL_INT, true, true, true, false, 1, 0, NULL }
#define SCHEMA(var, label, cols) \
	static const struct dataset_schema var = { label, cols, sizeof cols / sizeof cols[0], ',', false }

static const struct col_schema state_cols[] = {
	{ "slug", COL_CODE, true, true, false, false, 0, 0, NULL },
	CODE_OPT("inegi_code"), TEXT_REQ("name"), TEXT_REQ("name_es"), TEXT_OPT("name_inegi"),
	{ "population", COL_INT, false, false, true, false, 0, 0, NULL },
	YEAR_OPT("population_year"),
	{ "profiled", COL_ENUM, true, false, false, false, 0, 0, "yes|no" },
	PROV, SRC,
};
SCHEMA(state_schema, "states", state_cols);
enum { S_SLUG, S_INEGI, S_NAME, S_NAME_ES, S_NAME_INEGI, S_POP, S_POP_YEAR, S_PROFILED };

static const struct col_schema profile_cols[] = {
	STATE_KEY,
	{ "gdp_share", COL_SHARE, false, false, false, false, 0, 0, NULL },
	YEAR_OPT("gdp_year"), CODE_OPT("gdp_source"),
	RANK_OPT("rank_competitiveness"), YEAR_OPT("rank_competitiveness_year"),
	CODE_OPT("rank_competitiveness_source"),
	RANK_OPT("rank_innovation"), YEAR_OPT("rank_innovation_year"),
	CODE_OPT("rank_innovation_source"),
	RANK_OPT("rank_egov"), { "egov_share", COL_SHARE, false, false, false, false, 0, 0, NULL },
	YEAR_OPT("rank_egov_year"), CODE_OPT("rank_egov_source"),
	TEXT_OPT("summary"), TEXT_OPT("summary_es"), TEXT_OPT("vision"), TEXT_OPT("vision_es"),
	PROV, SRC, TEXT_OPT("note"),
};
SCHEMA(profile_schema, "state profiles", profile_cols);
enum { PR_STATE, PR_GDP, PR_GDP_YEAR, PR_GDP_SOURCE, PR_COMP, PR_COMP_YEAR, PR_COMP_SOURCE,
       PR_INNOV, PR_INNOV_YEAR, PR_INNOV_SOURCE, PR_EGOV, PR_EGOV_SHARE, PR_EGOV_YEAR,
       PR_EGOV_SOURCE, PR_SUMMARY, PR_SUMMARY_ES, PR_VISION, PR_VISION_ES };

static const struct col_schema list_cols[] = {
	STATE_KEY, ORDER_KEY, TEXT_REQ("name"), TEXT_REQ("name_es"), PROV, SRC,
};
SCHEMA(sector_schema, "state key sectors", list_cols);
SCHEMA(focus_schema, "state focus areas", list_cols);

static const struct col_schema inst_cols[] = {
	STATE_KEY, ORDER_KEY, TEXT_REQ("name"), TEXT_REQ("name_es"), TEXT_REQ("text"),
	TEXT_REQ("text_es"), PROV, SRC,
};
SCHEMA(inst_schema, "state institutions", inst_cols);

static const struct col_schema policy_cols[] = {
	STATE_KEY, ORDER_KEY, TEXT_REQ("name"), TEXT_REQ("name_es"), YEAR_OPT("year"),
	TEXT_REQ("text"), TEXT_REQ("text_es"), PROV, SRC,
};
SCHEMA(policy_schema, "state policies", policy_cols);
enum { L_STATE, L_ORDER, L_NAME, L_NAME_ES };

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
		if (!texts_is_slug(s->slug)) {
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

/* ---- model ---- */

/* Competition rank (1 = largest) of v[i] among the entries that are not NaN;
 * 0 for NaN entries. */
static void rank_desc(const double *v, size_t n, int *rank)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		int better = 0;

		if (isnan(v[i])) {
			rank[i] = 0;
			continue;
		}
		for (j = 0; j < n; j++)
			if (!isnan(v[j]) && v[j] > v[i])
				better++;
		rank[i] = better + 1;
	}
}

int regions_compute(struct arena *a, const struct regions_data *d, struct regions_result *out)
{
	size_t n = d->nstates, i;
	double *gdp;

	memset(out, 0, sizeof *out);
	if (n == 0)
		return -1;
	out->data = d;
	out->pop_share = arena_calloc(a, n, sizeof *out->pop_share);
	out->pop_rank = arena_calloc(a, n, sizeof *out->pop_rank);
	out->gdp_rank = arena_calloc(a, n, sizeof *out->gdp_rank);
	gdp = arena_calloc(a, n, sizeof *gdp);
	for (i = 0; i < n; i++) {
		if (isnan(d->states[i].population))
			continue;
		out->national += d->states[i].population;
		out->with_population++;
	}
	for (i = 0; i < n; i++) {
		const struct region_state *s = &d->states[i];

		out->pop_share[i] = isnan(s->population) || out->national <= 0.0 ? NAN :
			s->population / out->national;
		gdp[i] = NAN;
		if (s->profile >= 0 && dataset_cell(&d->profiles, (size_t)s->profile, PR_GDP)->present)
			gdp[i] = dataset_num(&d->profiles, (size_t)s->profile, PR_GDP);
	}
	rank_desc(out->pop_share, n, out->pop_rank);
	rank_desc(gdp, n, out->gdp_rank);
	return 0;
}

/* ---- figures ---- */

/* "nuevo-leon" -> "nuevo_leon": figure keys take no hyphen. */
static void key_slug(char *dst, size_t size, const char *slug)
{
	size_t i;

	for (i = 0; i + 1 < size && slug[i] != '\0'; i++)
		dst[i] = slug[i] == '-' ? '_' : slug[i];
	dst[i] = '\0';
}

/* Names of a long table's rows for one state, joined with ", ". */
static void join_names(const struct dataset *t, const char *slug, size_t col, struct buf *out)
{
	size_t i, n = 0;

	buf_clear(out);
	for (i = 0; i < t->nrows; i++) {
		if (strcmp(dataset_text(t, i, L_STATE), slug) != 0)
			continue;
		buf_printf(out, "%s%s", n++ ? ", " : "", dataset_text(t, i, col));
	}
}

void regions_figures(const struct regions_result *r, struct figset *fs)
{
	/* Profile columns copied as they are, after the computed ones. */
	static const struct {
		const char *name;
		int col;
	} prof[] = {
		{ "gdp_share", PR_GDP }, { "gdp_year", PR_GDP_YEAR }, { "gdp_source", PR_GDP_SOURCE },
		{ "rank_competitiveness", PR_COMP }, { "rank_competitiveness_year", PR_COMP_YEAR },
		{ "rank_competitiveness_source", PR_COMP_SOURCE },
		{ "rank_innovation", PR_INNOV }, { "rank_innovation_year", PR_INNOV_YEAR },
		{ "rank_innovation_source", PR_INNOV_SOURCE },
		{ "rank_egov", PR_EGOV }, { "egov_share", PR_EGOV_SHARE },
		{ "rank_egov_year", PR_EGOV_YEAR }, { "rank_egov_source", PR_EGOV_SOURCE },
		{ "summary", PR_SUMMARY }, { "summary_es", PR_SUMMARY_ES },
		{ "vision", PR_VISION }, { "vision_es", PR_VISION_ES },
	};
	enum { NPROF = sizeof prof / sizeof prof[0] };
	static const char *const head[] = {
		"slug", "key", "inegi_code", "name", "name_es", "name_inegi", "population",
		"population_year", "pop_share", "pop_rank", "profiled", "gdp_rank",
		"sectors", "sectors_es", "focus", "focus_es", "note"
	};
	enum { NHEAD = sizeof head / sizeof head[0] };
	const struct regions_data *d = r->data;
	const struct dataset *st = &d->states_t, *p = &d->profiles;
	struct arena *a = figset_arena(fs);
	const char **cols = arena_calloc(a, NHEAD + NPROF, sizeof *cols);
	const char *src = st->path;
	struct figtable *t;
	struct buf b = { 0 };
	size_t i, j, profiled = 0;
	char key[160], ks[64];

	for (j = 0; j < NHEAD; j++)
		cols[j] = head[j];
	for (j = 0; j < NPROF; j++)
		cols[NHEAD + j] = prof[j].name;
	t = figset_table(fs, "states", NHEAD + NPROF, cols, src);
	for (i = 0; i < d->nstates; i++) {
		const struct region_state *s = &d->states[i];
		size_t row = figtable_add_row(fs, t);

		key_slug(ks, sizeof ks, s->slug);
		figtable_set_text(fs, t, row, 0, s->slug);
		figtable_set_text(fs, t, row, 1, ks);
		figtable_set_text(fs, t, row, 2, dataset_text(st, i, S_INEGI));
		figtable_set_text(fs, t, row, 3, s->name);
		figtable_set_text(fs, t, row, 4, s->name_es);
		figtable_set_text(fs, t, row, 5, dataset_text(st, i, S_NAME_INEGI));
		if (!isnan(s->population)) {
			figtable_set_num(fs, t, row, 6, s->population);
			figtable_set_num(fs, t, row, 8, r->pop_share[i]);
			figtable_set_num(fs, t, row, 9, r->pop_rank[i]);
		}
		if (dataset_cell(st, i, S_POP_YEAR)->present)
			figtable_set_num(fs, t, row, 7, dataset_num(st, i, S_POP_YEAR));
		figtable_set_text(fs, t, row, 10, s->profiled ? "yes" : "no");
		if (r->gdp_rank[i] > 0)
			figtable_set_num(fs, t, row, 11, r->gdp_rank[i]);
		join_names(&d->sectors, s->slug, L_NAME, &b);
		figtable_set_text(fs, t, row, 12, buf_cstr(&b));
		join_names(&d->sectors, s->slug, L_NAME_ES, &b);
		figtable_set_text(fs, t, row, 13, buf_cstr(&b));
		join_names(&d->focus, s->slug, L_NAME, &b);
		figtable_set_text(fs, t, row, 14, buf_cstr(&b));
		join_names(&d->focus, s->slug, L_NAME_ES, &b);
		figtable_set_text(fs, t, row, 15, buf_cstr(&b));
		if (s->profile >= 0) {
			size_t pr = (size_t)s->profile;
			int note = dataset_col(p, "note");

			profiled++;
			if (note >= 0)
				figtable_set_text(fs, t, row, 16, dataset_text(p, pr, (size_t)note));
			for (j = 0; j < NPROF; j++) {
				const struct cell *c = dataset_cell(p, pr, (size_t)prof[j].col);
				enum col_type ty = p->schema->cols[prof[j].col].type;

				if (c->present && (ty == COL_INT || ty == COL_SHARE || ty == COL_NUM))
					figtable_set_num(fs, t, row, NHEAD + j, c->num);
				else
					figtable_set_text(fs, t, row, NHEAD + j, c->text);
			}
		}
		if (!isnan(s->population)) {
			snprintf(key, sizeof key, "state.%s.population", ks);
			figset_num(fs, key, s->population, "people", src, "states.csv");
			snprintf(key, sizeof key, "state.%s.pop_share", ks);
			figset_num(fs, key, r->pop_share[i], "share", src,
			           "population / sum of the states' populations");
			snprintf(key, sizeof key, "state.%s.pop_rank", ks);
			figset_num(fs, key, r->pop_rank[i], "rank", src,
			           "competition rank of population among the states");
		}
		snprintf(key, sizeof key, "state.%s.name", ks);
		figset_text(fs, key, s->name, src);
	}
	buf_free(&b);
	figset_num(fs, "states.count", (double)d->nstates, "states", src, "rows of states.csv");
	figset_num(fs, "states.profiled", (double)profiled, "states", src,
	           "states with a row in state_profiles.csv");
	figset_num(fs, "states.with_population", (double)r->with_population, "states", src,
	           "states with a population");
	figset_num(fs, "population.national", r->national, "people", src,
	           "sum of the states' populations");
	{
		/* Each table also carries its text under the name the brief
		 * templates use (sector, focus, description). */
		static const char *const scols[] = {
			"state", "order", "name", "name_es", "sector=name", "sector_es=name_es"
		};
		static const char *const fcols[] = {
			"state", "order", "name", "name_es", "focus=name", "focus_es=name_es"
		};
		static const char *const icols[] = {
			"state", "order", "name", "name_es", "text", "text_es",
			"description=text", "description_es=text_es"
		};
		static const char *const pcols[] = {
			"state", "order", "name", "name_es", "year", "text", "text_es",
			"description=text", "description_es=text_es"
		};

		texts_emit_table(fs, "state_sectors", &d->sectors, scols, 6);
		texts_emit_table(fs, "state_focus", &d->focus, fcols, 6);
		texts_emit_table(fs, "state_institutions", &d->institutions, icols, 8);
		texts_emit_table(fs, "state_policies", &d->policies, pcols, 9);
	}
}
