/*
 * edition: edition.csv -> "edition.*" figures.
 */
#include "model/edition/edition.h"
#include "base/base.h"
#include "load/load.h"
#include "figures/figures.h"

#include <stdio.h>

static const struct col_schema edition_cols[] = {
	{ .name = "key", .type = COL_CODE, .required = true, .key = true },
	{ .name = "value", .type = COL_TEXT, .required = true },
	{ .name = "provenance", .type = COL_ENUM, .required = true,
	  .enum_values = "official|published|derived|estimated" },
	{ .name = "source", .type = COL_TEXT, .required = true },
};

static const struct dataset_schema edition_schema = {
	.name = "edition", .cols = edition_cols,
	.ncols = sizeof edition_cols / sizeof edition_cols[0],
};

static const struct col_schema facts_cols[] = {
	{ .name = "key", .type = COL_CODE, .required = true, .key = true },
	{ .name = "value", .type = COL_NUM, .required = true },
	{ .name = "unit", .type = COL_TEXT, .required = true },
	{ .name = "what", .type = COL_TEXT, .required = true },
	{ .name = "provenance", .type = COL_ENUM, .required = true,
	  .enum_values = "official|published|derived|estimated" },
	{ .name = "source", .type = COL_TEXT, .required = true },
};

static const struct dataset_schema facts_schema = {
	.name = "facts", .cols = facts_cols,
	.ncols = sizeof facts_cols / sizeof facts_cols[0],
};

int edition_facts_load(struct arena *a, const char *dir, struct dataset *out)
{
	return data_load_in(a, dir, "facts.csv", &facts_schema, out);
}

void edition_facts_figures(const struct dataset *t, struct figset *fs)
{
	size_t r;
	char key[256];

	for (r = 0; r < t->nrows; r++) {
		snprintf(key, sizeof key, "fact.%s", dataset_text(t, r, 0));
		figset_num(fs, key, dataset_num(t, r, 1), dataset_text(t, r, 2), dataset_text(t, r, 5),
		           dataset_text(t, r, 3));
	}
}

int edition_load(struct arena *a, const char *dir, struct dataset *out)
{
	return data_load_in(a, dir, "edition.csv", &edition_schema, out);
}

void edition_figures(const struct dataset *t, struct figset *fs)
{
	size_t r;
	char key[256];

	for (r = 0; r < t->nrows; r++) {
		const char *k = dataset_text(t, r, 0);
		const char *v = dataset_text(t, r, 1);
		const char *src = dataset_text(t, r, 3);
		double num;

		snprintf(key, sizeof key, "edition.%s", k);
		if (data_parse_number(v, &num) == 0)
			figset_num(fs, key, num, "", src, "edition.csv");
		else
			figset_text(fs, key, v, src);
	}
}
