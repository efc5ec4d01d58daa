/*
 * edition: edition.csv and facts.csv become edition.* and fact.* figures.
 */
#include "base/base.h"
#include "load/load.h"
#include "model/edition/edition.h"
#include "figures/figures.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(edition, default_edition_gives_year_date_and_facts)
{
	struct arena *a = arena_new();
	struct figset *fs = figset_new(a);
	struct dataset ed, facts;
	const struct figure *f;

	cr_assert_eq(edition_load(a, TEST_SRCDIR "/data/2018", &ed), 0);
	cr_assert_eq(edition_facts_load(a, TEST_SRCDIR "/data/2018", &facts), 0);
	edition_figures(&ed, fs);
	edition_facts_figures(&facts, fs);
	f = figset_get(fs, "edition.year");
	cr_assert_not_null(f);
	cr_assert_eq(f->kind, FIG_NUM);
	cr_assert_float_eq(f->value, 2018, 0);
	f = figset_get(fs, "edition.date");
	cr_assert_not_null(f);
	cr_assert_eq(f->kind, FIG_TEXT);
	cr_assert_str_eq(f->text, "2018-06");
	f = figset_get(fs, "fact.sni_ai");
	cr_assert_not_null(f);
	cr_assert_float_eq(f->value, 141, 0);
	cr_assert_str_eq(f->unit, "researchers");
	cr_assert_str_eq(f->source, "oi_mx_2018");
	arena_free(a);
}

Test(edition, a_fact_that_is_not_a_number_is_placed)
{
	struct arena *a = arena_new();
	struct dataset facts;
	char *msg;

	th_capture();
	cr_assert_eq(edition_facts_load(a, TEST_SRCDIR "/tests/fixtures/edition/bad", &facts), -1);
	msg = th_capture_take();
	cr_assert_not_null(strstr(msg, "/tests/fixtures/edition/bad/facts.csv:2:8: error: 'many' is not a number (column 'value')"),
	                   "%s", msg);
	free(msg);
	arena_free(a);
}
