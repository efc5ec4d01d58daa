/*
 * import/figures: bring the figures of a `reportgen import` run (its
 * import_figures.csv) into a run's figure store, so that templates (the
 * methodology appendix) can cite the cross-checks like any other figure.
 */
#include "import/import.h"

#include "load/load.h"
#include "figures/figures.h"

static const struct col_schema fig_cols[] = {
	{ .name = "key", .type = COL_TEXT, .required = true, .key = true },
	{ .name = "value", .type = COL_NUM },
	{ .name = "unit", .type = COL_TEXT },
	{ .name = "source", .type = COL_TEXT },
	{ .name = "formula", .type = COL_TEXT },
};
static const struct dataset_schema fig_schema = { "import figures", fig_cols, 5, ',', false };

int import_figures_load(struct arena *a, const char *path, struct figset *fs)
{
	struct dataset t;

	if (data_load(a, path, &fig_schema, &t) < 0)
		return -1;
	/* An empty value is a figure the run could not compute (e.g. a rank
	 * correlation of fewer than two occupations): templates must not see it. */
	for (size_t r = 0; r < t.nrows; r++)
		if (dataset_cell(&t, r, 1)->present)
			figset_num(fs, dataset_text(&t, r, 0), dataset_num(&t, r, 1), dataset_text(&t, r, 2),
			           dataset_text(&t, r, 3), dataset_text(&t, r, 4));
	return 0;
}
