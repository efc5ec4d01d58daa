/*
 * import/states: the state-level raw files as their publishers lay them out
 * (data/raw/states/, see data/SOURCES.md "State data") to the edition's two
 * state datasets, state_indicators.csv (long: state, indicator, year, value)
 * and state_gdp_sectors.csv (value added by state and SCIAN sector).
 *
 *   inegi_pibe_by_state_activity_2003_2020.csv   INEGI, PIB por entidad federativa:
 *       cve_ent, valuation, concept_code, indent, one column per year (millions of
 *       pesos). Rows of constant 2013 prices; the state totals (VAB) and the SCIAN
 *       sectors (indent 25); the national rows (cve_ent 00) are the check.
 *   conapo2023_population_by_state_sex_1950_2070.csv   n_year, cve_ent, genero,
 *       pob_mid_year (genero Total).
 *   datamexico_enoe_pea_by_state_quarterly_2010_2025.csv   State ID, Quarter ID
 *       (YYYYQ), Workforce: the economically active population; a year's value is
 *       the mean of its four quarters.
 *   mcv_ips_state_indicators_long.csv   cve_ent, anio, id_indicador,
 *       indicador_value: indicator 24, households with an internet connection (%).
 *   imco_ice_indicators_2018_by_state.csv (region, Investigadores: SNI members per
 *       100,000 economically active people) and its dictionary (the year of the
 *       value is the last of "Años disponibles").
 *
 * SCIAN sectors (indent 25) must be in the edition's state_sector_map.csv (the
 * codes the automation model knows); any other is an error at its cell.
 *
 * Years: the reference year (the edition's data year) and the span years
 * before it; every state must have every year a source has for any state (a
 * year present for some states only is an error at the first state that
 * lacks it). Nothing is staged unless every file was read without error.
 */
#include "import/import.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "load/load.h"

#define MAX_STATES 64
#define MAX_YEARS 32
#define MAX_SECTORS 64

enum { IND_GDP, IND_POP, IND_WORK, IND_NET, IND_RES, NIND };

static const struct {
	const char *name, *unit, *provenance, *source;
	int prec;
} ind_info[NIND] = {
	[IND_GDP] = { "gdp", "million MXN 2013", "official", "inegi_pibe", 3 },
	[IND_POP] = { "population", "people", "official", "conapo_2023", 0 },
	[IND_WORK] = { "workforce", "people", "derived", "inegi_enoe_pea", 2 },
	[IND_NET] = { "internet_households", "share", "official", "inegi_endutih", 6 },
	[IND_RES] = { "researchers_per_100k", "per 100,000 economically active", "published",
	              "imco_ice_2018", 4 },
};

struct st_state {
	const char *slug, *code;      /* "nuevo-leon", "19" */
	struct srcloc loc;            /* its row in states.csv */
	double v[NIND][MAX_YEARS];    /* NAN when absent */
	int nq[MAX_YEARS];            /* ENOE quarters seen */
	struct srcloc qloc[MAX_YEARS];/* the last of them (its Quarter ID cell) */
	double va[MAX_SECTORS];       /* value added by sector, reference year */
	bool have_va[MAX_SECTORS];
};

struct st_ctx {
	struct arena *a;
	int year, first;              /* reference year and first year kept */
	size_t n;
	struct st_state s[MAX_STATES];
	const char *sector[MAX_SECTORS];
	size_t nsectors;
	struct dataset map;           /* the edition's state_sector_map.csv */
	int res_year;
	bool year_seen[NIND][MAX_YEARS];
	const char *path[NIND];
	int bad;
};

static long find_code(const struct st_ctx *c, const char *code)
{
	char two[3];

	if (strlen(code) == 1) {       /* ENOE writes "1" for "01" */
		two[0] = '0';
		two[1] = code[0];
		two[2] = '\0';
		code = two;
	}
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->s[i].code, code) == 0)
			return (long)i;
	return -1;
}

static const struct col_schema ed_state_cols[] = {
	{ .name = "slug", .type = COL_CODE, .required = true, .key = true },
	{ .name = "inegi_code", .type = COL_CODE, .required = true },
};
static const struct dataset_schema ed_state_schema = {
	"states", ed_state_cols, 2, ',', true
};

/* The SCIAN codes the automation model knows (model/states/ checks the rest). */
static const struct col_schema map_cols[] = {
	{ .name = "scian", .type = COL_CODE, .required = true },
};
static const struct dataset_schema map_schema = {
	"SCIAN to model sectors", map_cols, 1, ',', true
};

static const struct col_schema param_cols[] = {
	{ .name = "key", .type = COL_CODE, .required = true, .key = true },
	{ .name = "value", .type = COL_TEXT, .required = true },
};
static const struct dataset_schema param_schema = {
	"automation parameters", param_cols, 2, ',', true
};

static int read_edition(struct st_ctx *c, const char *ed, int year)
{
	struct dataset t, p;

	if (data_load_in(c->a, ed, "states.csv", &ed_state_schema, &t) < 0)
		return -1;
	if (t.nrows > MAX_STATES) {
		dataset_error(&t, MAX_STATES, 0, "more than %d states", MAX_STATES);
		return -1;
	}
	for (size_t r = 0; r < t.nrows; r++) {
		c->s[r].slug = dataset_text(&t, r, 0);
		c->s[r].code = dataset_text(&t, r, 1);
		c->s[r].loc = dataset_loc(&t, r, 0);
		for (int k = 0; k < NIND; k++)
			for (int y = 0; y < MAX_YEARS; y++)
				c->s[r].v[k][y] = NAN;
	}
	c->n = t.nrows;
	c->year = year;
	if (data_load_in(c->a, ed, "state_sector_map.csv", &map_schema, &c->map) < 0)
		return -1;
	if (year == 0) {
		long r;

		if (data_load_in(c->a, ed, "automation_parameters.csv", &param_schema, &p) < 0)
			return -1;
		r = dataset_find(&p, 0, "data_year");
		if (r < 0 || data_parse_number(dataset_text(&p, (size_t)r, 1), &(double){ 0 }) < 0) {
			struct srcloc loc = { p.path, 0, 0 };

			diag_error(&loc, EXIT_DATA, "no data_year (the state import's reference year)");
			return -1;
		}
		c->year = atoi(dataset_text(&p, (size_t)r, 1));
	}
	return 0;
}

static int year_index(const struct st_ctx *c, double y)
{
	if (isnan(y) || y < c->first || y > c->year)
		return -1;
	return (int)y - c->first;
}

static void put(struct st_ctx *c, int ind, long s, int yi, double v)
{
	c->s[s].v[ind][yi] = v;
	c->year_seen[ind][yi] = true;
}

/* Raw state code -> state index, or an error at the cell. */
static long state_of(struct st_ctx *c, const struct dataset *t, size_t r, size_t col)
{
	const char *code = dataset_text(t, r, col);
	long s;

	if (strcmp(code, "00") == 0 || strcmp(code, "0") == 0)
		return -2;    /* national */
	s = find_code(c, code);
	if (s < 0) {
		dataset_error(t, r, col, "state code '%s' is not in the edition's states.csv", code);
		c->bad++;
	}
	return s;
}

static int read_pibe(struct st_ctx *c, const char *path)
{
	struct col_schema *cols = arena_calloc(c->a, 4 + MAX_YEARS, sizeof *cols);
	struct dataset_schema sch = { "INEGI GDP by state and activity", cols, 0, ',', true };
	int ny = c->year - c->first + 1;
	struct dataset t;

	cols[0] = (struct col_schema){ .name = "cve_ent", .type = COL_CODE, .required = true };
	cols[1] = (struct col_schema){ .name = "valuation", .type = COL_CODE, .required = true };
	cols[2] = (struct col_schema){ .name = "concept_code", .type = COL_CODE, .required = true };
	cols[3] = (struct col_schema){ .name = "indent", .type = COL_INT, .required = true };
	for (int y = 0; y < ny; y++)
		cols[4 + y] = (struct col_schema){ .name = arena_printf(c->a, "%d", c->first + y),
		                                   .type = COL_NUM, .required = true };
	sch.ncols = 4 + (size_t)ny;
	c->path[IND_GDP] = path;
	if (data_load(c->a, path, &sch, &t) < 0)
		return -1;
	for (size_t r = 0; r < t.nrows; r++) {
		const char *concept = dataset_text(&t, r, 2);
		bool total = strcmp(concept, "VAB") == 0;
		long s;

		if (strcmp(dataset_text(&t, r, 1), "constant_2013_prices") != 0)
			continue;
		if (!total && dataset_num(&t, r, 3) != 25)
			continue;    /* aggregates and sub-sectors */
		s = state_of(c, &t, r, 0);
		if (s == -1)
			continue;
		for (int y = 0; y < ny; y++) {
			double v = dataset_num(&t, r, 4 + (size_t)y);

			if (v < 0) {
				dataset_error(&t, r, 4 + (size_t)y, "negative value added (%s)",
				              dataset_text(&t, r, 4 + (size_t)y));
				c->bad++;
			}
		}
		if (s == -2)
			continue;
		if (total) {
			for (int y = 0; y < ny; y++)
				put(c, IND_GDP, s, y, dataset_num(&t, r, 4 + (size_t)y));
			continue;
		}
		size_t k;

		if (dataset_find(&c->map, 0, concept) < 0) {
			dataset_error(&t, r, 2, "sector code '%s' is not in %s (the model does not know "
			              "it)", concept, c->map.path);
			c->bad++;
			continue;
		}
		for (k = 0; k < c->nsectors; k++)
			if (strcmp(c->sector[k], concept) == 0)
				break;
		if (k == c->nsectors) {
			if (c->nsectors == MAX_SECTORS) {
				dataset_error(&t, r, 2, "more than %d sectors", MAX_SECTORS);
				return -1;
			}
			c->sector[c->nsectors++] = concept;
		}
		c->s[s].va[k] = dataset_num(&t, r, 4 + (size_t)(ny - 1));
		c->s[s].have_va[k] = true;
	}
	return 0;
}

static int read_conapo(struct st_ctx *c, const char *path)
{
	static const struct col_schema cols[] = {
		{ .name = "n_year", .type = COL_INT, .required = true },
		{ .name = "cve_ent", .type = COL_CODE, .required = true },
		{ .name = "genero", .type = COL_TEXT, .required = true },
		{ .name = "pob_mid_year", .type = COL_NUM, .required = true, .has_min = true },
	};
	static const struct dataset_schema sch = { "CONAPO population", cols, 4, ',', true };
	struct dataset t;

	c->path[IND_POP] = path;
	if (data_load(c->a, path, &sch, &t) < 0)
		return -1;
	for (size_t r = 0; r < t.nrows; r++) {
		int yi = year_index(c, dataset_num(&t, r, 0));
		long s;

		if (yi < 0 || strcmp(dataset_text(&t, r, 2), "Total") != 0)
			continue;
		s = state_of(c, &t, r, 1);
		if (s >= 0)
			put(c, IND_POP, s, yi, dataset_num(&t, r, 3));
	}
	return 0;
}

static int read_enoe(struct st_ctx *c, const char *path)
{
	static const struct col_schema cols[] = {
		{ .name = "State ID", .type = COL_CODE, .required = true },
		{ .name = "Quarter ID", .type = COL_INT, .required = true,
		  .has_min = true, .min = 19001, .has_max = true, .max = 29994 },
		{ .name = "Workforce", .type = COL_NUM, .required = true, .has_min = true },
	};
	static const struct dataset_schema sch = { "ENOE workforce", cols, 3, ',', true };
	struct dataset t;

	c->path[IND_WORK] = path;
	if (data_load(c->a, path, &sch, &t) < 0)
		return -1;
	for (size_t r = 0; r < t.nrows; r++) {
		long q = (long)dataset_num(&t, r, 1);
		int yi = year_index(c, (double)(q / 10));
		long s;

		if (yi < 0)
			continue;
		if (q % 10 < 1 || q % 10 > 4) {
			dataset_error(&t, r, 1, "'%ld' is not a quarter (YYYYQ, Q 1..4)", q);
			c->bad++;
			continue;
		}
		s = state_of(c, &t, r, 0);
		if (s < 0)
			continue;
		if (isnan(c->s[s].v[IND_WORK][yi]))
			c->s[s].v[IND_WORK][yi] = 0;
		c->s[s].v[IND_WORK][yi] += dataset_num(&t, r, 2);
		c->s[s].nq[yi]++;
		c->s[s].qloc[yi] = dataset_loc(&t, r, 1);
		c->year_seen[IND_WORK][yi] = true;
	}
	for (size_t s = 0; s < c->n; s++)
		for (int y = 0; y <= c->year - c->first; y++) {
			if (c->s[s].nq[y] == 0)
				continue;
			if (c->s[s].nq[y] != 4) {
				diag_error(&c->s[s].qloc[y], EXIT_DATA, "state '%s' has %d quarters of %d, not 4",
				           c->s[s].slug, c->s[s].nq[y], c->first + y);
				c->bad++;
				continue;
			}
			c->s[s].v[IND_WORK][y] /= 4;
		}
	return 0;
}

static int read_mcv(struct st_ctx *c, const char *path)
{
	static const struct col_schema cols[] = {
		{ .name = "cve_ent", .type = COL_CODE, .required = true },
		{ .name = "anio", .type = COL_INT, .required = true },
		{ .name = "id_indicador", .type = COL_NUM, .required = true },
		{ .name = "indicador_value", .type = COL_NUM },
	};
	static const struct dataset_schema sch = { "MCV state indicators", cols, 4, ',', true };
	struct dataset t;

	c->path[IND_NET] = path;
	if (data_load(c->a, path, &sch, &t) < 0)
		return -1;
	for (size_t r = 0; r < t.nrows; r++) {
		int yi = year_index(c, dataset_num(&t, r, 1));
		double v = dataset_num(&t, r, 3);
		long s;

		if (yi < 0 || dataset_num(&t, r, 2) != 24)
			continue;
		s = state_of(c, &t, r, 0);
		if (s < 0)
			continue;
		if (!dataset_cell(&t, r, 3)->present || v < 0 || v > 100) {
			dataset_error(&t, r, 3, "share of households with internet '%s' is not 0..100",
			              dataset_text(&t, r, 3));
			c->bad++;
			continue;
		}
		put(c, IND_NET, s, yi, v / 100);
	}
	return 0;
}

static int read_imco(struct st_ctx *c, const char *path, const char *dict)
{
	static const struct col_schema cols[] = {
		{ .name = "region", .type = COL_CODE, .required = true, .key = true },
		{ .name = "Investigadores", .type = COL_NUM, .required = true, .has_min = true },
	};
	static const struct dataset_schema sch = { "IMCO state indicators", cols, 2, ',', true };
	static const struct col_schema dcols[] = {
		{ .name = "Indicador", .type = COL_TEXT, .required = true },
		{ .name = "Años disponibles", .type = COL_TEXT },
	};
	static const struct dataset_schema dsch = { "IMCO dictionary", dcols, 2, ',', true };
	struct dataset t, d;
	long r;

	c->path[IND_RES] = path;
	if (data_load(c->a, dict, &dsch, &d) < 0)
		return -1;
	r = dataset_find(&d, 0, "Investigadores");
	if (r >= 0) {
		const char *yrs = dataset_text(&d, (size_t)r, 1);
		size_t n = strlen(yrs);

		if (n >= 4)
			c->res_year = atoi(yrs + n - 4);
	}
	if (c->res_year < 1900) {
		struct srcloc loc = r >= 0 ? dataset_loc(&d, (size_t)r, 1) :
		                    (struct srcloc){ d.path, 0, 0 };

		diag_error(&loc, EXIT_DATA, "no year for the indicator 'Investigadores'");
		return -1;
	}
	if (data_load(c->a, path, &sch, &t) < 0)
		return -1;
	for (size_t i = 0; i < t.nrows; i++) {
		long s = state_of(c, &t, i, 0);

		if (s >= 0) {
			c->s[s].v[IND_RES][0] = dataset_num(&t, i, 1);
			c->year_seen[IND_RES][0] = true;
		}
	}
	return 0;
}

/* Every state has every year any state has, and the reference year. */
static void check_complete(struct st_ctx *c)
{
	int ny = c->year - c->first + 1;

	for (int k = 0; k < NIND; k++) {
		int years = k == IND_RES ? 1 : ny;

		if (k != IND_RES && !c->year_seen[k][ny - 1]) {
			struct srcloc loc = { c->path[k], 0, 0 };

			diag_error(&loc, EXIT_DATA, "no %s for the reference year %d", ind_info[k].name,
			           c->year);
			c->bad++;
		}
		for (size_t s = 0; s < c->n; s++) {
			int seen = 0, missing = 0;

			for (int y = 0; y < years; y++)
				if (c->year_seen[k][y]) {
					seen++;
					missing += isnan(c->s[s].v[k][y]);
				}
			if (missing > 1 && missing == seen) {   /* one message, not one a year */
				diag_error(&c->s[s].loc, EXIT_DATA, "state '%s' has no %s at all in %s "
				           "(other states have %d years of it)", c->s[s].slug,
				           ind_info[k].name, c->path[k], seen);
				c->bad++;
				continue;
			}
			for (int y = 0; y < years && missing > 0; y++)
				if (c->year_seen[k][y] && isnan(c->s[s].v[k][y])) {
					diag_error(&c->s[s].loc, EXIT_DATA,
					           "state '%s' has no %s for %d in %s", c->s[s].slug,
					           ind_info[k].name, k == IND_RES ? c->res_year : c->first + y,
					           c->path[k]);
					c->bad++;
				}
		}
	}
	for (size_t s = 0; s < c->n; s++)
		for (size_t k = 0; k < c->nsectors; k++)
			if (!c->s[s].have_va[k]) {
				diag_error(&c->s[s].loc, EXIT_DATA,
				           "state '%s' has no value added for sector %s in %s",
				           c->s[s].slug, c->sector[k], c->path[IND_GDP]);
				c->bad++;
			}
}

static void write_outputs(struct st_ctx *c, const char *out)
{
	struct buf b = { 0 };
	int ny = c->year - c->first + 1;

	buf_puts(&b, "state,indicator,year,value,unit,provenance,source\n");
	for (size_t s = 0; s < c->n; s++)
		for (int k = 0; k < NIND; k++)
			for (int y = 0; y < (k == IND_RES ? 1 : ny); y++) {
				if (isnan(c->s[s].v[k][y]))
					continue;
				buf_printf(&b, "%s,%s,%d,%.*f,%s%s%s,%s,%s\n", c->s[s].slug,
				           ind_info[k].name, k == IND_RES ? c->res_year : c->first + y,
				           ind_info[k].prec, c->s[s].v[k][y],
				           strchr(ind_info[k].unit, ',') ? "\"" : "", ind_info[k].unit,
				           strchr(ind_info[k].unit, ',') ? "\"" : "",
				           ind_info[k].provenance, ind_info[k].source);
			}
	outfile_stage(arena_printf(c->a, "%s/state_indicators.csv", out), b.data, b.len);
	buf_clear(&b);
	buf_puts(&b, "state,year,scian,value_added,provenance,source\n");
	for (size_t s = 0; s < c->n; s++)
		for (size_t k = 0; k < c->nsectors; k++)
			buf_printf(&b, "%s,%d,%s,%.3f,official,inegi_pibe\n", c->s[s].slug, c->year,
			           c->sector[k], c->s[s].va[k]);
	outfile_stage(arena_printf(c->a, "%s/state_gdp_sectors.csv", out), b.data, b.len);
	buf_free(&b);
}

int import_states(struct arena *a, const struct import_states_opts *o)
{
	struct st_ctx *c = arena_calloc(a, 1, sizeof *c);
	const char *raw = o->raw_dir;
	int span = o->span > 0 ? o->span : 5;

	c->a = a;
	if (read_edition(c, o->edition_dir ? o->edition_dir : o->out_dir, o->year) < 0)
		return -1;
	if (span >= MAX_YEARS) {
		diag_error(NULL, EXIT_USAGE, "import: --span must be below %d", MAX_YEARS);
		return -1;
	}
	c->first = c->year - span;
	if (read_pibe(c, data_path(a, raw, "inegi_pibe_by_state_activity_2003_2020.csv")) < 0 ||
	    read_conapo(c, data_path(a, raw, "conapo2023_population_by_state_sex_1950_2070.csv")) < 0 ||
	    read_enoe(c, data_path(a, raw, "datamexico_enoe_pea_by_state_quarterly_2010_2025.csv")) < 0 ||
	    read_mcv(c, data_path(a, raw, "mcv_ips_state_indicators_long.csv")) < 0 ||
	    read_imco(c, data_path(a, raw, "imco_ice_indicators_2018_by_state.csv"),
	              data_path(a, raw, "imco_ice_indicators_2018_dictionary.csv")) < 0)
		return -1;
	if (c->bad)
		return -1;
	check_complete(c);
	if (c->bad)
		return -1;
	write_outputs(c, o->out_dir);
	return diag_status() == EXIT_OK || diag_errors() == 0 ? 0 : -1;
}
