/*
 * edition/figures: edition.csv -> "edition.<key>" figures and facts.csv ->
 * "fact.<key>" figures in the figure store (figures.h). Figures stage of the
 * pipeline (edition has no model stage).
 */
#include "model/edition/edition.h"
#include "load/load.h"
#include "figures/figures.h"

#include <stdio.h>

void edition_figures(const struct dataset *t, struct figset *fs)
{
	size_t r;
	char key[256];

	for (r = 0; r < t->nrows; r++) {
		const char *k = dataset_text(t, r, 0);
		const char *v = dataset_text(t, r, 1);
		const char *src = dataset_text(t, r, 3);
		double num;

		/* as the row gives it: its own provenance and source */
		figset_set_origin(fs, fig_prov_parse(dataset_text(t, r, 2)), src);
		snprintf(key, sizeof key, "edition.%s", k);
		if (data_parse_number(v, &num) == 0)
			figset_num(fs, key, num, "", src, "edition.csv");
		else
			figset_text(fs, key, v, src);
	}
	figset_set_origin(fs, FIG_PROV_NONE, "");
}

void edition_facts_figures(const struct dataset *t, struct figset *fs)
{
	size_t r;
	char key[256];

	for (r = 0; r < t->nrows; r++) {
		snprintf(key, sizeof key, "fact.%s", dataset_text(t, r, 0));
		figset_num_p(fs, key, dataset_num(t, r, 1), dataset_text(t, r, 2), dataset_text(t, r, 5),
		             dataset_text(t, r, 3), fig_prov_parse(dataset_text(t, r, 4)),
		             dataset_text(t, r, 5));
	}
}
