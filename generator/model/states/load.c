/*
 * states/load: state_indicators.csv, state_gdp_sectors.csv and
 * state_sector_map.csv, their schemas and the checks across them and against
 * the regions' states and the automation sectors. Load stage (on top of
 * load/); states/model.c computes on the result.
 */
#include "model/states/states.h"
#include "base/base.h"
#include "model/automation/automation.h"
#include "model/regions/regions.h"

#include <math.h>
#include <string.h>

#define SCHEMA(var, label, cols) \
	static const struct dataset_schema var = { label, cols, sizeof cols / sizeof cols[0], ',', false }

static const char *const ind_names[STI_COUNT] = {
	"gdp", "population", "workforce", "internet_households", "researchers_per_100k"
};

static const struct col_schema ind_cols[] = {
	{ .name = "state", .type = COL_CODE, .required = true, .key = true },
	{ .name = "indicator", .type = COL_ENUM, .required = true, .key = true,
	  .enum_values = "gdp|population|workforce|internet_households|researchers_per_100k" },
	{ .name = "year", .type = COL_INT, .required = true, .key = true,
	  .has_min = true, .has_max = true, .min = 1900, .max = 2999 },
	{ .name = "value", .type = COL_NUM, .required = true },
	{ .name = "unit", .type = COL_TEXT, .required = true },
	PROVENANCE_COLS,
};
SCHEMA(ind_schema, "state indicators", ind_cols);
enum { I_STATE, I_IND, I_YEAR, I_VALUE };

static const struct col_schema gdp_cols[] = {
	{ .name = "state", .type = COL_CODE, .required = true, .key = true },
	{ .name = "year", .type = COL_INT, .required = true, .key = true,
	  .has_min = true, .has_max = true, .min = 1900, .max = 2999 },
	{ .name = "scian", .type = COL_CODE, .required = true, .key = true },
	{ .name = "value_added", .type = COL_NUM, .required = true },
	PROVENANCE_COLS,
};
SCHEMA(gdp_schema, "state value added by sector", gdp_cols);
enum { G_STATE, G_YEAR, G_SCIAN, G_VA };

static const struct col_schema map_cols[] = {
	{ .name = "scian", .type = COL_CODE, .required = true, .key = true },
	{ .name = "scian_name", .type = COL_TEXT, .required = true },
	{ .name = "sector", .type = COL_CODE, .required = true, .key = true },
	PROVENANCE_COLS,
};
SCHEMA(map_schema, "SCIAN to model sectors", map_cols);
enum { M_SCIAN, M_NAME, M_SECTOR };

static long sector_of(const struct automation_input *ai, const char *code)
{
	for (size_t s = 0; s < ai->nsectors; s++)
		if (strcmp(ai->sectors[s].code, code) == 0)
			return (long)s;
	return -1;
}

static int check_map(const struct states_data *d)
{
	const struct dataset *m = &d->map;
	int rc = 0;

	for (size_t r = 0; r < m->nrows; r++)
		if (sector_of(d->ai, dataset_text(m, r, M_SECTOR)) < 0) {
			dataset_error(m, r, M_SECTOR, "'%s' is not a sector of sectors.csv",
			              dataset_text(m, r, M_SECTOR));
			rc = -1;
		}
	for (size_t s = 0; s < d->ai->nsectors; s++)
		if (dataset_find(m, M_SECTOR, d->ai->sectors[s].code) < 0) {
			diag_error(&d->ai->sectors[s].loc, EXIT_DATA,
			           "sector '%s' has no SCIAN code in %s", d->ai->sectors[s].code, m->path);
			rc = -1;
		}
	return rc;
}

static int check_indicators(struct arena *a, struct states_data *d)
{
	const struct dataset *t = &d->ind;
	size_t n = d->rd->nstates;
	int rc = 0;
	/* years[k][y - 1900]: how many states have indicator k in year y;
	 * last[i][k]: the state's last row of indicator k */
	int (*years)[1100] = arena_calloc(a, STI_COUNT, sizeof *years);
	long (*last)[STI_COUNT] = arena_calloc(a, n ? n : 1, sizeof *last);
	long (*latest)[STI_COUNT] = arena_calloc(a, n ? n : 1, sizeof *latest);

	d->cur = arena_calloc(a, n ? n : 1, sizeof *d->cur);
	d->base = arena_calloc(a, n ? n : 1, sizeof *d->base);
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < STI_COUNT; k++)
			d->cur[i][k] = d->base[i][k] = last[i][k] = latest[i][k] = -1;
	for (size_t r = 0; r < t->nrows; r++) {
		long i = regions_find(d->rd, dataset_text(t, r, I_STATE));
		int k, y = (int)dataset_num(t, r, I_YEAR);
		double v = dataset_num(t, r, I_VALUE);

		for (k = 0; k < STI_COUNT; k++)
			if (strcmp(ind_names[k], dataset_text(t, r, I_IND)) == 0)
				break;
		if (i < 0) {
			dataset_error(t, r, I_STATE, "unknown state '%s' (not in states.csv)",
			              dataset_text(t, r, I_STATE));
			rc = -1;
			continue;
		}
		if (v < 0 || (k == STI_NET && v > 1) || ((k == STI_POP || k == STI_WORK) && v == 0)) {
			dataset_error(t, r, I_VALUE, "%s '%s' is out of range", ind_names[k],
			              dataset_text(t, r, I_VALUE));
			rc = -1;
		}
		years[k][y - 1900]++;
		last[i][k] = (long)r;
		if (k == STI_RES) {   /* one value, the latest the source has */
			if (latest[i][k] < 0 || dataset_num(t, (size_t)latest[i][k], I_YEAR) < y)
				latest[i][k] = (long)r;
			continue;
		}
		if (y == d->year)
			d->cur[i][k] = (long)r;
		else if (y >= d->year - 5 && y < d->year &&
		         (d->base[i][k] < 0 || dataset_num(t, (size_t)d->base[i][k], I_YEAR) > y))
			d->base[i][k] = (long)r;
	}
	for (size_t i = 0; i < n; i++)
		d->cur[i][STI_RES] = latest[i][STI_RES];
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < STI_COUNT; k++) {
			const struct region_state *s = &d->rd->states[i];

			if (d->cur[i][k] < 0) {
				struct srcloc loc = dataset_loc(&d->rd->states_t, i, 0);

				if (k == STI_RES)
					diag_error(&loc, EXIT_DATA, "state '%s' has no %s in %s", s->slug,
					           ind_names[k], t->path);
				else
					diag_error(&loc, EXIT_DATA, "state '%s' has no %s for %d in %s", s->slug,
					           ind_names[k], d->year, t->path);
				rc = -1;
				continue;
			}
			/* a year other states have and this one lacks */
			for (int y = 0; y < 1100; y++) {
				long r;
				bool have = false;

				if (years[k][y] == 0 || (size_t)years[k][y] == n)
					continue;
				for (r = 0; r < (long)t->nrows; r++)
					if (dataset_num(t, (size_t)r, I_YEAR) == 1900 + y &&
					    strcmp(dataset_text(t, (size_t)r, I_IND), ind_names[k]) == 0 &&
					    strcmp(dataset_text(t, (size_t)r, I_STATE), s->slug) == 0) {
						have = true;
						break;
					}
				if (!have) {
					dataset_error(t, (size_t)last[i][k], I_YEAR,
					              "state '%s' has no %s for %d, which %d other states have",
					              s->slug, ind_names[k], 1900 + y, years[k][y]);
					rc = -1;
				}
			}
		}
	return rc;
}

static int check_gdp(struct arena *a, struct states_data *d)
{
	const struct dataset *g = &d->gdp, *m = &d->map;
	size_t n = d->rd->nstates, ns = d->ai->nsectors;
	bool *seen = arena_calloc(a, (n ? n : 1) * (m->nrows ? m->nrows : 1), sizeof *seen);
	int rc = 0;

	d->nsectors = ns;
	d->va = arena_calloc(a, (n ? n : 1) * ns, sizeof *d->va);
	for (size_t r = 0; r < g->nrows; r++) {
		long i = regions_find(d->rd, dataset_text(g, r, G_STATE));
		const char *code = dataset_text(g, r, G_SCIAN);
		double v = dataset_num(g, r, G_VA);
		bool known = false;

		if (i < 0) {
			dataset_error(g, r, G_STATE, "unknown state '%s' (not in states.csv)",
			              dataset_text(g, r, G_STATE));
			rc = -1;
			continue;
		}
		if (dataset_num(g, r, G_YEAR) != d->year) {
			dataset_error(g, r, G_YEAR, "year %s is not the model's data year %d",
			              dataset_text(g, r, G_YEAR), d->year);
			rc = -1;
			continue;
		}
		if (v < 0) {
			dataset_error(g, r, G_VA, "negative value added (%s)", dataset_text(g, r, G_VA));
			rc = -1;
		}
		for (size_t mr = 0; mr < m->nrows; mr++) {
			long s;

			if (strcmp(dataset_text(m, mr, M_SCIAN), code) != 0)
				continue;
			known = true;
			seen[(size_t)i * m->nrows + mr] = true;
			s = sector_of(d->ai, dataset_text(m, mr, M_SECTOR));
			if (s >= 0)
				d->va[(size_t)i * ns + (size_t)s] += v;
		}
		if (!known) {
			dataset_error(g, r, G_SCIAN, "sector code '%s' is not in %s (the model does not "
			              "know it)", code, m->path);
			rc = -1;
		}
	}
	for (size_t i = 0; i < n && rc == 0; i++)
		for (size_t mr = 0; mr < m->nrows; mr++)
			if (!seen[i * m->nrows + mr]) {
				struct srcloc loc = dataset_loc(&d->rd->states_t, i, 0);

				diag_error(&loc, EXIT_DATA, "state '%s' has no value added for SCIAN %s "
				           "(%d) in %s", d->rd->states[i].slug, dataset_text(m, mr, M_SCIAN),
				           d->year, g->path);
				rc = -1;
				break;
			}
	return rc;
}

int states_load(struct arena *a, const char *dir, const struct regions_data *rd,
                const struct automation_input *ai, struct states_data *out)
{
	int rc = 0;

	memset(out, 0, sizeof *out);
	out->rd = rd;
	out->ai = ai;
	out->year = ai->data_year;
	if (data_load_in(a, dir, "state_indicators.csv", &ind_schema, &out->ind) < 0)
		rc = -1;
	if (data_load_in(a, dir, "state_gdp_sectors.csv", &gdp_schema, &out->gdp) < 0)
		rc = -1;
	if (data_load_in(a, dir, "state_sector_map.csv", &map_schema, &out->map) < 0)
		rc = -1;
	if (rc < 0)
		return -1;
	if (check_map(out) < 0)
		rc = -1;
	if (check_indicators(a, out) < 0)
		rc = -1;
	if (rc == 0 && check_gdp(a, out) < 0)
		rc = -1;
	return rc;
}
