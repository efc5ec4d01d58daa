/*
 * texts/load: the edition's text datasets, their schemas and the links
 * between them (areas, citations, themes, state slugs; the states themselves
 * against regions_data), and the numbering of the bibliography in order of
 * first citation. Load stage of the pipeline (on top of load/); nothing here
 * computes a number the paper argues with, so texts/figures.c reads the
 * result directly.
 */
#include "model/texts/internal.h"
#include "base/base.h"
#include "load/load.h"
#include "model/regions/regions.h"

#include <stdbool.h>
#include <string.h>

#define SCHEMA(var, label, cols) \
	static const struct dataset_schema var = { label, cols, sizeof cols / sizeof cols[0], ',', false }

static const struct col_schema rec_cols[] = {
	{ .name = "number", .type = COL_INT, .required = true,
	  .key = true, .has_min = true, .min = 1 },
	{ .name = "area", .type = COL_CODE, .required = true },
	{ .name = "actor", .type = COL_TEXT, .required = true },
	{ .name = "actor_es", .type = COL_TEXT, .required = true },
	{ .name = "timeframe_code", .type = COL_ENUM, .required = true,
	  .enum_values = "current|next|current_next|unspecified" },
	{ .name = "timeframe", .type = COL_TEXT, .required = true },
	{ .name = "timeframe_es", .type = COL_TEXT, .required = true },
	{ .name = "title", .type = COL_TEXT, .required = true },
	{ .name = "title_es", .type = COL_TEXT, .required = true },
	{ .name = "summary", .type = COL_TEXT, .required = true },
	{ .name = "summary_es", .type = COL_TEXT, .required = true },
	{ .name = "regional", .type = COL_ENUM, .enum_values = "yes|no" },
	PROVENANCE_COLS,
};
SCHEMA(rec_schema, "recommendations", rec_cols);

static const struct col_schema area_cols[] = {
	{ .name = "code", .type = COL_CODE, .required = true, .key = true },
	{ .name = "order", .type = COL_INT, .required = true, .has_min = true, .min = 1 },
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "name_es", .type = COL_TEXT, .required = true },
	PROVENANCE_COLS,
};
SCHEMA(area_schema, "recommendation areas", area_cols);

static const struct col_schema use_cols[] = {
	{ .name = "id", .type = COL_CODE, .required = true, .key = true },
	{ .name = "level", .type = COL_ENUM, .required = true,
	  .enum_values = "national|regional" },
	{ .name = "state", .type = COL_CODE },
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "organisation", .type = COL_TEXT, .required = true },
	{ .name = "sector", .type = COL_TEXT, .required = true },
	{ .name = "sector_es", .type = COL_TEXT, .required = true },
	{ .name = "text", .type = COL_TEXT, .required = true },
	{ .name = "text_es", .type = COL_TEXT, .required = true },
	PROVENANCE_COLS,
};
SCHEMA(use_schema, "use cases", use_cols);

static const struct col_schema prog_cols[] = {
	{ .name = "field", .type = COL_TEXT, .required = true, .key = true },
	{ .name = "field_es", .type = COL_TEXT, .required = true },
	{ .name = "g1_recent", .type = COL_INT, .required = true, .has_min = true },
	{ .name = "g1_forming", .type = COL_INT, .required = true, .has_min = true },
	{ .name = "g1_consolidated", .type = COL_INT, .required = true, .has_min = true },
	{ .name = "g1_international", .type = COL_INT, .required = true, .has_min = true },
	{ .name = "g2_recent", .type = COL_INT, .required = true, .has_min = true },
	{ .name = "g2_forming", .type = COL_INT, .required = true, .has_min = true },
	{ .name = "g2_consolidated", .type = COL_INT, .required = true, .has_min = true },
	{ .name = "g2_international", .type = COL_INT, .required = true, .has_min = true },
	PROVENANCE_COLS,
};
SCHEMA(prog_schema, "university programmes", prog_cols);

static const struct col_schema stage_cols[] = {
	{ .name = "code", .type = COL_CODE, .required = true, .key = true },
	{ .name = "order", .type = COL_INT, .required = true, .has_min = true, .min = 1 },
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "name_es", .type = COL_TEXT, .required = true },
	PROVENANCE_COLS,
};
SCHEMA(stage_schema, "programme stages", stage_cols);

static const struct col_schema part_cols[] = {
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "job_title", .type = COL_TEXT },
	{ .name = "organisation", .type = COL_TEXT },
	{ .name = "sector", .type = COL_TEXT },
	{ .name = "sector_es", .type = COL_TEXT },
	{ .name = "state", .type = COL_CODE },
	{ .name = "sector_as_published", .type = COL_TEXT },
	{ .name = "job_title_es", .type = COL_TEXT },
	PROVENANCE_COLS,
};
SCHEMA(part_schema, "participants", part_cols);

static const struct col_schema bib_cols[] = {
	{ .name = "id", .type = COL_CODE, .required = true, .key = true },
	{ .name = "author", .type = COL_TEXT, .required = true },
	{ .name = "year", .type = COL_INT,
	  .has_min = true, .has_max = true, .min = 1000, .max = 2999 },
	{ .name = "title", .type = COL_TEXT, .required = true },
	{ .name = "publisher", .type = COL_TEXT },
	{ .name = "url", .type = COL_TEXT },
	PROVENANCE_COLS,
	{ .name = "cited_by", .type = COL_ENUM, .enum_values = "footnote|text" },
	/* the short citation a generated source line gives, en / es */
	{ .name = "cite", .type = COL_TEXT },
	{ .name = "cite_es", .type = COL_TEXT },
};
SCHEMA(bib_schema, "bibliography", bib_cols);

static const struct col_schema note_cols[] = {
	{ .name = "number", .type = COL_INT, .required = true,
	  .key = true, .has_min = true, .min = 1 },
	{ .name = "kind", .type = COL_ENUM, .required = true,
	  .enum_values = "source|note|scope|definition|acronym" },
	{ .name = "cites", .type = COL_TEXT },
	{ .name = "pages", .type = COL_TEXT },
	PROVENANCE_COLS,
};
SCHEMA(note_schema, "footnotes", note_cols);

static const struct col_schema theme_cols[] = {
	{ .name = "code", .type = COL_CODE, .required = true, .key = true },
	{ .name = "order", .type = COL_INT, .required = true, .has_min = true, .min = 1 },
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "name_es", .type = COL_TEXT, .required = true },
	PROVENANCE_COLS,
};
SCHEMA(theme_schema, "strategy themes", theme_cols);

static const struct col_schema scountry_cols[] = {
	{ .name = "code", .type = COL_CODE, .required = true, .key = true },
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "name_es", .type = COL_TEXT, .required = true },
	PROVENANCE_COLS,
};
SCHEMA(scountry_schema, "strategy countries", scountry_cols);

static const struct col_schema tc_cols[] = {
	{ .name = "theme", .type = COL_CODE, .required = true, .key = true },
	{ .name = "country", .type = COL_CODE, .required = true, .key = true },
	{ .name = "basis", .type = COL_ENUM, .required = true, .enum_values = "all|named" },
	PROVENANCE_COLS,
};
SCHEMA(tc_schema, "strategy theme countries", tc_cols);

static const struct col_schema mile_cols[] = {
	{ .name = "year", .type = COL_INT, .required = true,
	  .has_min = true, .has_max = true, .min = 1800, .max = 2999 },
	{ .name = "state", .type = COL_CODE },
	{ .name = "text", .type = COL_TEXT, .required = true },
	{ .name = "text_es", .type = COL_TEXT, .required = true },
	PROVENANCE_COLS,
};
SCHEMA(mile_schema, "milestones", mile_cols);

/* Check that a state column holds slugs (empty allowed). */
static int check_slugs(const struct dataset *t, size_t col)
{
	int rc = 0;
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		const char *s = dataset_text(t, i, col);

		if (*s == '\0' || data_is_slug(s))
			continue;
		dataset_error(t, i, col, "'%s' is not a state slug (lowercase ASCII words "
		            "joined by hyphens, e.g. nuevo-leon)", s);
		rc = -1;
	}
	return rc;
}

/* Numbers in column col must run 1..nrows in file order. */
static int check_sequence(const struct dataset *t, size_t col, const char *what)
{
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		if ((size_t)dataset_num(t, i, col) == i + 1)
			continue;
		dataset_error(t, i, col, "%s should be numbered 1, 2, 3 ... in order: expected %zu, "
		            "found %s", what, i + 1, dataset_text(t, i, col));
		return -1;
	}
	return 0;
}

static int check_recommendations(struct texts_data *d)
{
	const struct dataset *r = &d->recommendations;
	int rc = check_sequence(r, R_NUMBER, "recommendations");
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		const char *area = dataset_text(r, i, R_AREA);

		if (dataset_find(&d->areas, A_CODE, area) >= 0)
			continue;
		dataset_error(r, i, R_AREA, "unknown area '%s' (not in rec_areas.csv)", area);
		rc = -1;
	}
	return rc;
}

static int check_use_cases(const struct texts_data *d)
{
	const struct dataset *u = &d->use_cases;
	int rc = check_slugs(u, U_STATE);
	size_t i;

	for (i = 0; i < u->nrows; i++) {
		bool regional = strcmp(dataset_text(u, i, U_LEVEL), "regional") == 0;
		bool has_state = dataset_cell(u, i, U_STATE)->present;

		if (regional && !has_state) {
			dataset_error(u, i, U_STATE, "a regional use case needs a state");
			rc = -1;
		} else if (!regional && has_state) {
			dataset_error(u, i, U_STATE, "a national use case has no state");
			rc = -1;
		}
	}
	return rc;
}

size_t texts_split_ids(char *s, char **ids, size_t max)
{
	size_t n = 0;
	char *p = s;

	while (*p != '\0' && n < max) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		ids[n++] = p;
		while (*p != '\0' && *p != ' ')
			p++;
		if (*p == ' ')
			*p++ = '\0';
	}
	return n;
}

static int check_footnotes(struct arena *a, struct texts_data *d)
{
	const struct dataset *f = &d->footnotes, *b = &d->bibliography;
	int rc = check_sequence(f, F_NUMBER, "footnotes");
	int next = 1;
	size_t i, j;

	d->bib_number = arena_calloc(a, b->nrows ? b->nrows : 1, sizeof *d->bib_number);
	for (i = 0; i < f->nrows; i++) {
		bool is_source = strcmp(dataset_text(f, i, F_KIND), "source") == 0;
		char *list = arena_strdup(a, dataset_text(f, i, F_CITES));
		char *ids[16];
		size_t n = texts_split_ids(list, ids, 16);

		if (is_source && n == 0) {
			dataset_error(f, i, F_CITES,
			            "a footnote of kind 'source' must cite a bibliography id");
			rc = -1;
		} else if (!is_source && n > 0) {
			dataset_error(f, i, F_CITES,
			            "only footnotes of kind 'source' cite the bibliography");
			rc = -1;
		}
		for (j = 0; j < n; j++) {
			long row = dataset_find(b, B_ID, ids[j]);

			if (row < 0) {
				dataset_error(f, i, F_CITES,
				            "unknown bibliography id '%s' (not in bibliography.csv)", ids[j]);
				rc = -1;
				continue;
			}
			if (d->bib_number[row] == 0)
				d->bib_number[row] = next++;
		}
	}
	/* Entries no footnote cites: numbered after the others, and flagged
	 * unless they are marked as cited by our own text (cited_by = text). */
	for (i = 0; i < b->nrows; i++) {
		struct srcloc loc;

		if (d->bib_number[i] != 0)
			continue;
		d->bib_number[i] = next++;
		if (strcmp(dataset_text(b, i, B_CITED_BY), "text") == 0)
			continue;
		loc = dataset_loc(b, i, B_ID);
		diag_warn(&loc, "bibliography entry '%s' is not cited by any footnote",
		          dataset_text(b, i, B_ID));
	}
	return rc;
}

static int check_themes(const struct texts_data *d)
{
	const struct dataset *tc = &d->theme_countries;
	int rc = 0;
	size_t i;

	for (i = 0; i < tc->nrows; i++) {
		if (dataset_find(&d->themes, T_CODE, dataset_text(tc, i, TC_THEME)) < 0) {
			dataset_error(tc, i, TC_THEME, "unknown theme '%s' (not in strategy_themes.csv)",
			            dataset_text(tc, i, TC_THEME));
			rc = -1;
		}
		if (dataset_find(&d->strategy_countries, S_CODE, dataset_text(tc, i, TC_COUNTRY)) < 0) {
			dataset_error(tc, i, TC_COUNTRY, "unknown country '%s' (not in strategy_countries.csv)",
			            dataset_text(tc, i, TC_COUNTRY));
			rc = -1;
		}
	}
	return rc;
}

int texts_load(struct arena *a, const char *dir, struct texts_data *out)
{
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (data_load_in(a, dir, "recommendations.csv", &rec_schema, &out->recommendations) < 0)
		rc = -1;
	if (data_load_in(a, dir, "rec_areas.csv", &area_schema, &out->areas) < 0)
		rc = -1;
	if (data_load_in(a, dir, "use_cases.csv", &use_schema, &out->use_cases) < 0)
		rc = -1;
	if (data_load_in(a, dir, "programmes.csv", &prog_schema, &out->programmes) < 0)
		rc = -1;
	if (data_load_in(a, dir, "programme_stages.csv", &stage_schema, &out->stages) < 0)
		rc = -1;
	if (data_load_in(a, dir, "participants.csv", &part_schema, &out->participants) < 0)
		rc = -1;
	if (data_load_in(a, dir, "bibliography.csv", &bib_schema, &out->bibliography) < 0)
		rc = -1;
	if (data_load_in(a, dir, "footnotes.csv", &note_schema, &out->footnotes) < 0)
		rc = -1;
	if (data_load_in(a, dir, "strategy_themes.csv", &theme_schema, &out->themes) < 0)
		rc = -1;
	if (data_load_in(a, dir, "strategy_countries.csv", &scountry_schema,
	                 &out->strategy_countries) < 0)
		rc = -1;
	if (data_load_in(a, dir, "strategy_theme_countries.csv", &tc_schema,
	                 &out->theme_countries) < 0)
		rc = -1;
	if (data_load_in(a, dir, "milestones.csv", &mile_schema, &out->milestones) < 0)
		rc = -1;
	if (rc < 0)
		return -1;
	if (check_recommendations(out) < 0)
		rc = -1;
	if (check_use_cases(out) < 0)
		rc = -1;
	if (check_slugs(&out->participants, P_STATE) < 0)
		rc = -1;
	if (check_slugs(&out->milestones, MI_STATE) < 0)
		rc = -1;
	if (check_footnotes(a, out) < 0)
		rc = -1;
	if (check_themes(out) < 0)
		rc = -1;
	return rc;
}

static int check_state_col(const struct dataset *t, size_t col, const struct regions_data *r)
{
	int rc = 0;
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		const char *s = dataset_text(t, i, col);

		if (*s == '\0' || regions_find(r, s) >= 0)
			continue;
		dataset_error(t, i, col, "unknown state '%s' (not in states.csv)", s);
		rc = -1;
	}
	return rc;
}

int texts_check_states(const struct texts_data *t, const struct regions_data *r)
{
	int rc = 0;

	if (check_state_col(&t->use_cases, U_STATE, r) < 0)
		rc = -1;
	if (check_state_col(&t->participants, P_STATE, r) < 0)
		rc = -1;
	if (check_state_col(&t->milestones, MI_STATE, r) < 0)
		rc = -1;
	return rc;
}

