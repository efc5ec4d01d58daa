/*
 * geo/load: geometry.csv and the outlines it names (load/geojson.c), and the
 * check that every state of the edition has an outline. Load stage of the
 * pipeline; geo/model.c projects the result.
 */
#include "model/geo/geo.h"
#include "base/base.h"
#include "load/load.h"
#include "model/regions/regions.h"

#include <string.h>

enum {
	G_NAME, G_FILE, G_CODE_PROP, G_NAME_PROP, G_PROJ, G_LAT1, G_LAT2, G_LON0, G_LAT0,
	G_SEMI_MAJOR, G_INV_F, G_SOURCE_NAME
};

static const struct col_schema geometry_cols[] = {
	[G_NAME] = { .name = "name", .type = COL_CODE, .required = true, .key = true },
	[G_FILE] = { .name = "file", .type = COL_TEXT, .required = true },
	[G_CODE_PROP] = { .name = "code_property", .type = COL_TEXT, .required = true },
	[G_NAME_PROP] = { .name = "name_property", .type = COL_TEXT },
	[G_PROJ] = { .name = "projection", .type = COL_ENUM, .required = true,
	             .enum_values = "lcc" },
	[G_LAT1] = { .name = "lat_1", .type = COL_NUM, .required = true,
	             .has_min = true, .has_max = true, .min = -89, .max = 89 },
	[G_LAT2] = { .name = "lat_2", .type = COL_NUM, .required = true,
	             .has_min = true, .has_max = true, .min = -89, .max = 89 },
	[G_LON0] = { .name = "lon_0", .type = COL_NUM, .required = true,
	             .has_min = true, .has_max = true, .min = -180, .max = 180 },
	[G_LAT0] = { .name = "lat_0", .type = COL_NUM, .required = true,
	             .has_min = true, .has_max = true, .min = -89, .max = 89 },
	[G_SEMI_MAJOR] = { .name = "semi_major", .type = COL_NUM, .required = true,
	                   .has_min = true, .has_max = true, .min = 1, .max = 1e8 },
	[G_INV_F] = { .name = "inv_flattening", .type = COL_NUM, .required = true,
	              .has_min = true, .min = 0 },
	[G_SOURCE_NAME] = { .name = "source_name", .type = COL_TEXT, .required = true },
	PROVENANCE_COLS,
};
static const struct dataset_schema geometry_schema = {
	"geometry", geometry_cols, sizeof geometry_cols / sizeof geometry_cols[0], ',', false
};

int geo_load(struct arena *a, const char *dir, struct geo_data *out)
{
	const struct dataset *t = &out->params;
	const char *name_prop, *file;
	long row;

	memset(out, 0, sizeof *out);
	out->row = -1;
	if (data_load_in(a, dir, "geometry.csv", &geometry_schema, &out->params) != 0)
		return -1;
	if ((row = dataset_find(t, G_NAME, "states")) < 0) {
		struct srcloc loc = { t->path, 0, 0 };

		diag_error(&loc, EXIT_DATA, "no row named 'states' (the outlines of the states)");
		return -1;
	}
	out->row = row;
	file = dataset_text(t, (size_t)row, G_FILE);
	name_prop = dataset_text(t, (size_t)row, G_NAME_PROP);
	return geojson_load(a, data_path(a, dir, file), dataset_text(t, (size_t)row, G_CODE_PROP),
	                    name_prop, &out->states);
}

int geo_check_states(const struct geo_data *g, const struct regions_data *d)
{
	const struct dataset *st = &d->states_t;
	int col = dataset_col(st, "inegi_code");
	size_t i, k;
	int bad = 0;

	if (col < 0)
		return 0;
	for (i = 0; i < st->nrows; i++) {
		const struct cell *c = dataset_cell(st, i, (size_t)col);

		if (!c->present)
			continue;   /* no code, no outline: maps leave the state out */
		for (k = 0; k < g->states.n; k++)
			if (strcmp(g->states.v[k].code, c->text) == 0)
				break;
		if (k == g->states.n) {
			dataset_error(st, i, (size_t)col, "state code '%s' has no outline in %s",
			              c->text, g->states.path);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}
