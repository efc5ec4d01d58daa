/*
 * geo/figures: the projected outlines into the figure store (as the shape
 * set "states") and the projection's parameters as keys, so that a caption
 * states them from the data. Figures stage of the pipeline.
 */
#include "model/geo/geo.h"
#include "base/base.h"
#include "figures/figures.h"

#include <string.h>

void geo_figures(const struct geo_result *r, struct figset *fs)
{
	static const char *const nums[] = { "lat_1", "lat_2", "lon_0", "lat_0" };
	const struct dataset *t = &r->data->params;
	size_t row = (size_t)r->data->row, i;
	struct arena *a = figset_arena(fs);
	/* sources by file name, not by the paths as typed (issue 21) */
	const char *src = dataset_file(t), *shapes = strrchr(r->states.path, '/');

	/* the outlines and their parameters, as the geometry row gives them */
	figset_set_origin(fs, fig_prov_parse(dataset_text(t, row, (size_t)dataset_col(t, "provenance"))),
	                  dataset_text(t, row, (size_t)dataset_col(t, "source")));
	figset_put_shapes(fs, "states", &r->states);
	figset_text(fs, "geo.states.source_name",
	            dataset_text(t, row, (size_t)dataset_col(t, "source_name")), src);
	figset_text(fs, "geo.states.projection",
	            dataset_text(t, row, (size_t)dataset_col(t, "projection")), src);
	for (i = 0; i < sizeof nums / sizeof nums[0]; i++)
		figset_num(fs, arena_printf(a, "geo.states.%s", nums[i]),
		           dataset_num(t, row, (size_t)dataset_col(t, nums[i])), "degrees", src,
		           "projection parameter, as given");
	figset_num(fs, "geo.states.count", (double)r->states.n, "areas",
	           shapes != NULL ? shapes + 1 : r->states.path, "outlines in the geometry file");
	figset_set_origin(fs, FIG_PROV_NONE, "");
}
