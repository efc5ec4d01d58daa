/*
 * edition/load: edition.csv (the edition's own facts) and facts.csv (the
 * single cited facts of the prose), with their schemas. Load stage of the
 * pipeline (on top of load/); edition/figures.c emits them as they are.
 */
#include "model/edition/edition.h"
#include "load/load.h"

static const struct col_schema edition_cols[] = {
	{ .name = "key", .type = COL_CODE, .required = true, .key = true },
	{ .name = "value", .type = COL_TEXT, .required = true },
	{ .name = "provenance", .type = COL_ENUM, .required = true,
	  .enum_values = PROVENANCE_VALUES },
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
	  .enum_values = PROVENANCE_VALUES },
	{ .name = "source", .type = COL_TEXT, .required = true },
};

static const struct dataset_schema facts_schema = {
	.name = "facts", .cols = facts_cols,
	.ncols = sizeof facts_cols / sizeof facts_cols[0],
};

int edition_load(struct arena *a, const char *dir, struct dataset *out)
{
	return data_load_in(a, dir, "edition.csv", &edition_schema, out);
}

int edition_facts_load(struct arena *a, const char *dir, struct dataset *out)
{
	return data_load_in(a, dir, "facts.csv", &facts_schema, out);
}
