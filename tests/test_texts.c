/*
 * Tests of the text datasets: links between files, bibliography numbering,
 * the emitted tables, the default edition, and bad data with positions.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"
#include "helpers.h"
#include "load/load.h"
#include "figures/figures.h"
#include "model/regions/regions.h"
#include "model/texts/texts.h"

#define EPS 1e-12

/* Capture diag's messages (helpers.c), from the project root. */
static void capture_start(void)
{
	cr_assert_eq(chdir(TEST_SRCDIR), 0);
	th_capture();
}

#define capture_text th_captured

static const char *cell_text(const struct figtable *t, size_t row, const char *col)
{
	int c = figtable_col(t, col);

	cr_assert_geq(c, 0, "no column %s in %s", col, t->name);
	return figtable_cell(t, row, (size_t)c)->text;
}

static double cell_num(const struct figtable *t, size_t row, const char *col)
{
	int c = figtable_col(t, col);

	cr_assert_geq(c, 0, "no column %s in %s", col, t->name);
	cr_assert(figtable_cell(t, row, (size_t)c)->is_num, "%s.%s is not a number", t->name, col);
	return figtable_cell(t, row, (size_t)c)->num;
}

Test(texts, slugs)
{
	cr_assert(data_is_slug("nuevo-leon"));
	cr_assert(data_is_slug("jalisco"));
	cr_assert(data_is_slug("a1-b2-c3"));
	cr_assert(!data_is_slug(""));
	cr_assert(!data_is_slug("-jalisco"));
	cr_assert(!data_is_slug("jalisco-"));
	cr_assert(!data_is_slug("nuevo--leon"));
	cr_assert(!data_is_slug("Nuevo-Leon"));
	cr_assert(!data_is_slug("nuevo_leon"));
	cr_assert(!data_is_slug("yucat\xc3\xa1n"));
}

Test(texts, bibliography_numbered_by_first_citation)
{
	/* footnote 2 cites abe, 3 cites zed then abe, 4 cites cat:
	 * abe 1, zed 2, cat 3 (file order is zed, abe, cat). */
	struct arena *a = arena_new();
	struct figset *fs = figset_new(a);
	struct texts_data d;
	const struct figtable *t;

	capture_start();
	cr_assert_eq(texts_load(a, "tests/fixtures/texts/base", &d), 0, "%s", capture_text());
	cr_assert_eq(d.bib_number[0], 2);
	cr_assert_eq(d.bib_number[1], 1);
	cr_assert_eq(d.bib_number[2], 3);
	texts_figures(&d, fs);
	t = figset_get_table(fs, "bibliography");
	cr_assert_eq(t->nrows, 3);
	cr_assert_str_eq(cell_text(t, 0, "id"), "abe");
	cr_assert_float_eq(cell_num(t, 0, "number"), 1, EPS);
	cr_assert_str_eq(cell_text(t, 0, "text"), "Abe Smith. Early Paper. Press. https://example.org/x");
	cr_assert_str_eq(cell_text(t, 1, "text"), "Zed Org (2017). Late Report.");
	cr_assert_str_eq(cell_text(t, 2, "text"), "Cat Lee (2016). Both. Other.");
	t = figset_get_table(fs, "footnotes");
	cr_assert_eq(t->nrows, 4);
	cr_assert_str_eq(cell_text(t, 0, "refs"), "");
	cr_assert_str_eq(cell_text(t, 2, "refs"), "2, 1");
	cr_assert_str_eq(cell_text(t, 2, "pages"), "12");
	cr_assert_str_eq(capture_text(), "");
	arena_free(a);
}

Test(texts, tables_of_the_fixture)
{
	struct arena *a = arena_new();
	struct figset *fs = figset_new(a);
	struct texts_data d;
	const struct figtable *t;

	capture_start();
	cr_assert_eq(texts_load(a, "tests/fixtures/texts/base", &d), 0, "%s", capture_text());
	texts_figures(&d, fs);
	t = figset_get_table(fs, "recommendations");
	cr_assert_eq(t->nrows, 3);
	cr_assert_str_eq(cell_text(t, 2, "area_name_es"), "Datos");
	cr_assert_str_eq(cell_text(t, 0, "timeframe"), "Next administration");
	t = figset_get_table(fs, "rec_areas");
	cr_assert_float_eq(cell_num(t, 0, "count"), 2, EPS);
	cr_assert_float_eq(cell_num(t, 0, "first"), 1, EPS);
	cr_assert_float_eq(cell_num(t, 0, "last"), 2, EPS);
	cr_assert_float_eq(cell_num(t, 2, "count"), 0, EPS);
	cr_assert_str_eq(cell_text(t, 2, "first"), "");
	cr_assert_float_eq(figset_get(fs, "rec_areas.gov.count")->value, 2, EPS);
	/* Field A: g1 1+2+3+4 = 10, g2 0+1+0+1 = 2; Field B: g1 1, g2 2 */
	t = figset_get_table(fs, "programmes");
	cr_assert_float_eq(cell_num(t, 0, "g1_total"), 10, EPS);
	cr_assert_float_eq(cell_num(t, 1, "total"), 3, EPS);
	cr_assert_float_eq(figset_get(fs, "programmes.g1.total")->value, 11, EPS);
	cr_assert_float_eq(figset_get(fs, "programmes.g2.total")->value, 4, EPS);
	cr_assert_float_eq(figset_get(fs, "programmes.total")->value, 15, EPS);
	t = figset_get_table(fs, "strategy_themes");
	cr_assert_str_eq(cell_text(t, 0, "countries"), "France, Japan");
	cr_assert_str_eq(cell_text(t, 0, "countries_es"), "Francia, Japón");
	cr_assert_float_eq(cell_num(t, 1, "count"), 1, EPS);
	t = figset_get_table(fs, "use_cases");
	cr_assert_eq(t->nrows, 2);
	cr_assert_str_eq(cell_text(t, 1, "state"), "alpha");
	t = figset_get_table(fs, "participants");
	cr_assert_eq(t->nrows, 2);
	cr_assert_str_eq(cell_text(t, 1, "organisation"), "");
	t = figset_get_table(fs, "milestones");
	cr_assert_float_eq(cell_num(t, 0, "year"), 2016, EPS);
	cr_assert_not_null(figset_get_table(fs, "programme_stages"));
	cr_assert_not_null(figset_get_table(fs, "strategy_theme_countries"));
	arena_free(a);
}

static void expect_error(const char *dir, const char *expected)
{
	struct arena *a = arena_new();
	struct texts_data d;

	capture_start();
	cr_assert_eq(texts_load(a, dir, &d), -1);
	cr_assert_eq(diag_status(), EXIT_DATA);
	cr_assert(strstr(capture_text(), expected) != NULL, "expected \"%s\" in:\n%s",
	          expected, capture_text());
	arena_free(a);
}

Test(texts, unknown_area)
{
	expect_error("tests/fixtures/texts/unknown_area",
	             "reportgen: tests/fixtures/texts/unknown_area/recommendations.csv:4:3: error: "
	             "unknown area 'dat' (not in rec_areas.csv)\n");
}

Test(texts, numbering_gap)
{
	expect_error("tests/fixtures/texts/gap",
	             "reportgen: tests/fixtures/texts/gap/recommendations.csv:4:1: error: "
	             "recommendations should be numbered 1, 2, 3 ... in order: expected 3, found 4\n");
}

Test(texts, unknown_citation)
{
	expect_error("tests/fixtures/texts/unknown_cite",
	             "reportgen: tests/fixtures/texts/unknown_cite/footnotes.csv:4:10: error: "
	             "unknown bibliography id 'abx' (not in bibliography.csv)\n");
}

Test(texts, regional_use_case_without_state)
{
	expect_error("tests/fixtures/texts/regional_no_state",
	             "reportgen: tests/fixtures/texts/regional_no_state/use_cases.csv:3:14: error: "
	             "a regional use case needs a state\n");
}

Test(texts, unknown_theme)
{
	expect_error("tests/fixtures/texts/unknown_theme",
	             "reportgen: tests/fixtures/texts/unknown_theme/strategy_theme_countries.csv:4:1: "
	             "error: unknown theme 'ethic' (not in strategy_themes.csv)\n");
}

Test(texts, uncited_entry_is_a_warning)
{
	struct arena *a = arena_new();
	struct texts_data d;

	capture_start();
	cr_assert_eq(texts_load(a, "tests/fixtures/texts/uncited", &d), 0, "%s", capture_text());
	cr_assert_eq(diag_status(), EXIT_OK);
	cr_assert_str_eq(capture_text(),
	                 "reportgen: tests/fixtures/texts/uncited/bibliography.csv:4:1: warning: "
	                 "bibliography entry 'cat' is not cited by any footnote\n");
	/* numbered after the cited ones */
	cr_assert_eq(d.bib_number[2], 3);
	arena_free(a);
}

Test(texts, states_are_checked_against_regions)
{
	struct arena *a = arena_new();
	struct texts_data d;
	struct region_state st[1];
	struct regions_data r;

	memset(&r, 0, sizeof r);
	memset(st, 0, sizeof st);
	st[0].slug = "beta";
	r.states = st;
	r.nstates = 1;
	capture_start();
	cr_assert_eq(texts_load(a, "tests/fixtures/texts/base", &d), 0, "%s", capture_text());
	cr_assert_eq(texts_check_states(&d, &r), -1);
	cr_assert(strstr(capture_text(),
	                 "reportgen: tests/fixtures/texts/base/use_cases.csv:3:14: error: "
	                 "unknown state 'alpha' (not in states.csv)\n") != NULL, "%s", capture_text());
	cr_assert(strstr(capture_text(), "participants.csv:2:") != NULL, "%s", capture_text());
	cr_assert(strstr(capture_text(), "milestones.csv:2:6:") != NULL, "%s", capture_text());
	st[0].slug = "alpha";
	diag_reset();
	cr_assert_eq(texts_check_states(&d, &r), 0);
	arena_free(a);
}

Test(texts, edition_2018)
{
	struct arena *a = arena_new();
	struct figset *fs = figset_new(a);
	struct texts_data d;
	struct regions_data r;
	const struct figtable *t;
	size_t i;

	capture_start();
	cr_assert_eq(texts_load(a, "data/2018", &d), 0, "%s", capture_text());
	cr_assert_eq(regions_load(a, "data/2018", &r), 0, "%s", capture_text());
	cr_assert_eq(texts_check_states(&d, &r), 0, "%s", capture_text());
	/* every bibliography entry is cited by some footnote */
	cr_assert_str_eq(capture_text(), "");
	texts_figures(&d, fs);
	cr_assert_float_eq(figset_get(fs, "recommendations.count")->value, 21, EPS);
	cr_assert_float_eq(figset_get(fs, "rec_areas.government.count")->value, 8, EPS);
	cr_assert_float_eq(figset_get(fs, "rec_areas.research.count")->value, 4, EPS);
	cr_assert_float_eq(figset_get(fs, "rec_areas.skills.count")->value, 4, EPS);
	cr_assert_float_eq(figset_get(fs, "rec_areas.data.count")->value, 3, EPS);
	cr_assert_float_eq(figset_get(fs, "rec_areas.ethics.count")->value, 2, EPS);
	cr_assert_float_eq(figset_get(fs, "use_cases.count")->value, 10, EPS);
	cr_assert_float_eq(figset_get(fs, "participants.count")->value, 75, EPS);
	/* the Spanish paper has a Spanish title for everyone with a title */
	t = figset_get_table(fs, "participants");
	for (i = 0; i < t->nrows; i++)
		cr_assert(cell_text(t, i, "job_title")[0] == '\0' ||
		          cell_text(t, i, "job_title_es")[0] != '\0', "row %zu: %s", i,
		          cell_text(t, i, "job_title"));
	cr_assert_str_eq(cell_text(t, 0, "job_title_es"), "Oficial de Apoyo en Finanzas y Políticas");
	cr_assert_float_eq(figset_get(fs, "footnotes.count")->value, 77, EPS);
	/* Table 2: 65 in the first group, 35 in the second */
	cr_assert_float_eq(figset_get(fs, "programmes.g1.total")->value, 65, EPS);
	cr_assert_float_eq(figset_get(fs, "programmes.g2.total")->value, 35, EPS);
	/* Footnote 14 cites two reports: the 11th and 12th references. */
	t = figset_get_table(fs, "footnotes");
	cr_assert_str_eq(cell_text(t, 13, "refs"), "11, 12");
	t = figset_get_table(fs, "bibliography");
	cr_assert_str_eq(cell_text(t, 0, "id"), "moodys_2017");
	/* works cited by our own text come after the paper's footnote references */
	cr_assert_eq(t->nrows, 74);   /* 60 works cited, 14 data sources */
	cr_assert_str_eq(cell_text(t, 57, "id"), "oi_mx_2018");
	cr_assert_str_eq(cell_text(t, 59, "id"), "arntz_2016");
	for (i = 1; i < t->nrows; i++)
		cr_assert_float_eq(cell_num(t, i, "number"), (double)(i + 1), EPS);
	t = figset_get_table(fs, "strategy_themes");
	cr_assert_float_eq(cell_num(t, 1, "count"), 9, EPS);
	arena_free(a);
}

/* Every citation id used by the edition's datasets is described in
 * data/SOURCES.md or listed in bibliography.csv. */
Test(texts, edition_source_ids_are_documented)
{
	static const char *const files[] = {
		"readiness_countries.csv", "readiness_clusters.csv", "readiness_metrics.csv",
		"readiness_values.csv", "readiness_published.csv", "states.csv",
		"state_profiles.csv", "state_sectors.csv", "state_focus.csv",
		"state_institutions.csv", "state_policies.csv", "recommendations.csv",
		"rec_areas.csv", "use_cases.csv", "programmes.csv", "programme_stages.csv",
		"participants.csv", "bibliography.csv", "footnotes.csv", "strategy_themes.csv",
		"strategy_countries.csv", "strategy_theme_countries.csv", "milestones.csv",
	};
	static const char *const cols[] = {
		"source", "basis_source", "gdp_source", "rank_competitiveness_source",
		"rank_innovation_source", "rank_egov_source",
	};
	struct arena *a = arena_new();
	struct texts_data d;
	struct buf sources = { 0 };
	size_t f, c, i, checked = 0;

	capture_start();
	cr_assert_eq(texts_load(a, "data/2018", &d), 0, "%s", capture_text());
	cr_assert_eq(buf_read_file(&sources, "data/SOURCES.md"), 0);
	for (f = 0; f < sizeof files / sizeof files[0]; f++) {
		for (c = 0; c < sizeof cols / sizeof cols[0]; c++) {
			struct col_schema one = { .name = cols[c], .type = COL_TEXT };
			struct dataset_schema s = { "ids", &one, 1, ',', true };
			struct dataset t;
			char *path = arena_printf(a, "data/2018/%s", files[f]);

			cr_assert_eq(data_load(a, path, &s, &t), 0, "%s", capture_text());
			/* A file without the column gives empty cells. */
			for (i = 0; i < t.nrows; i++) {
				const char *id = dataset_text(&t, i, 0);
				char *tick = arena_printf(a, "`%s`", id);

				if (*id == '\0')
					continue;
				checked++;
				if (strstr(buf_cstr(&sources), tick) != NULL)
					continue;
				cr_assert_geq(dataset_find(&d.bibliography, 0, id), 0,
				              "%s: source id '%s' is neither in data/SOURCES.md nor in "
				              "bibliography.csv", files[f], id);
			}
		}
	}
	cr_assert_gt(checked, 500);
	buf_free(&sources);
	arena_free(a);
}
