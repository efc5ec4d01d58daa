/*
 * fmt and i18n: number, date and case formatting in English and Mexican Spanish.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "base/base.h"

static struct arena *A;

static void setup(void) { A = arena_new(); }
static void teardown(void) { arena_free(A); }

#define EQ(got, want) cr_assert_str_eq((got), (want))

Test(fmt, number_groups_thousands, .init = setup, .fini = teardown)
{
	EQ(fmt_number(A, LANG_EN, 9770000, 0), "9,770,000");
	EQ(fmt_number(A, LANG_ES, 9770000, 0), "9,770,000");
	EQ(fmt_number(A, LANG_EN, 999, 0), "999");
	EQ(fmt_number(A, LANG_EN, 1000, 0), "1,000");
	EQ(fmt_number(A, LANG_EN, 123456.789, 2), "123,456.79");
	EQ(fmt_number(A, LANG_EN, -1234567, 0), "-1,234,567");
	EQ(fmt_number(A, LANG_EN, 0, 0), "0");
	EQ(fmt_number(A, LANG_EN, 0.4, 0), "0");
	EQ(fmt_number(A, LANG_EN, 999999.5, 0), "1,000,000");
	EQ(fmt_number(A, LANG_EN, NAN, 0), "n/a");
}

Test(fmt, rounds_half_away_from_zero, .init = setup, .fini = teardown)
{
	EQ(fmt_fixed(A, LANG_EN, 2.5, 0), "3");
	EQ(fmt_fixed(A, LANG_EN, -2.5, 0), "-3");
	EQ(fmt_fixed(A, LANG_EN, 1.005, 2), "1.01");
	EQ(fmt_fixed(A, LANG_EN, 0.125, 2), "0.13");
	EQ(fmt_fixed(A, LANG_EN, 19.0249, 2), "19.02");
	EQ(fmt_fixed(A, LANG_EN, 0.0049, 2), "0.00");
	EQ(fmt_fixed(A, LANG_EN, 0.005, 2), "0.01");
	EQ(fmt_fixed(A, LANG_EN, 0.0004, 2), "0.00");
	EQ(fmt_fixed(A, LANG_EN, -0.001, 2), "0.00");
	EQ(fmt_fixed(A, LANG_EN, 2018, 0), "2018");
	EQ(fmt_fixed(A, LANG_EN, 9.995, 2), "10.00");
	EQ(fmt_fixed(A, LANG_EN, 1e20, 0), "100000000000000000000");
}

Test(fmt, percent_of_share, .init = setup, .fini = teardown)
{
	EQ(fmt_percent(A, LANG_EN, 0.19, 0), "19%");
	EQ(fmt_percent(A, LANG_EN, 0.4108, 2), "41.08%");
	EQ(fmt_percent(A, LANG_ES, 0.195, 1), "19.5%");
	EQ(fmt_percent(A, LANG_EN, 0.1902, 0), "19%");
	EQ(fmt_percent(A, LANG_EN, 0.3312, 2), "33.12%");
	EQ(fmt_percent(A, LANG_EN, 0.125, 0), "13%");
}

Test(fmt, millions_with_words, .init = setup, .fini = teardown)
{
	EQ(fmt_millions(A, LANG_EN, 9770000, 2), "9.77 million");
	EQ(fmt_millions(A, LANG_ES, 9770000, 2), "9.77 millones");
	EQ(fmt_millions(A, LANG_EN, 9774321, 1), "9.8 million");
	EQ(fmt_millions(A, LANG_ES, 1000000, 0), "1 millón");
	EQ(fmt_millions(A, LANG_ES, 1000000, 2), "1.00 millones");
	EQ(fmt_millions(A, LANG_EN, 1540000, 2), "1.54 million");
}

Test(fmt, ordinals, .init = setup, .fini = teardown)
{
	static const struct { int n; const char *en; } cases[] = {
		{ 1, "1st" }, { 2, "2nd" }, { 3, "3rd" }, { 4, "4th" }, { 11, "11th" },
		{ 12, "12th" }, { 13, "13th" }, { 21, "21st" }, { 22, "22nd" }, { 23, "23rd" },
		{ 101, "101st" }, { 111, "111th" }, { 112, "112th" }, { 0, "0th" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		EQ(fmt_ordinal(A, LANG_EN, cases[i].n), cases[i].en);
	EQ(fmt_ordinal(A, LANG_ES, 22), "22.º");
	EQ(fmt_ordinal(A, LANG_ES, 1), "1.º");
	EQ(fmt_ordinal(A, LANG_EN, 21.6), "22nd");
}

Test(fmt, out_of, .init = setup, .fini = teardown)
{
	EQ(fmt_outof(A, LANG_EN, 22, 35), "22 out of 35");
	EQ(fmt_outof(A, LANG_ES, 22, 35), "22 de 35");
	EQ(fmt_outof(A, LANG_EN, 1500, 2000), "1,500 out of 2,000");
}

Test(fmt, dates, .init = setup, .fini = teardown)
{
	EQ(fmt_date(A, LANG_EN, "2018-06"), "June 2018");
	EQ(fmt_date(A, LANG_ES, "2018-06"), "junio de 2018");
	EQ(fmt_date(A, LANG_EN, "2018-01-15"), "15 January 2018");
	EQ(fmt_date(A, LANG_ES, "2018-09-01"), "1 de septiembre de 2018");
	EQ(fmt_date(A, LANG_EN, "2018"), "2018");
	cr_assert_null(fmt_date(A, LANG_EN, "2018-13"));
	cr_assert_null(fmt_date(A, LANG_EN, "June 2018"));
	cr_assert_null(fmt_date(A, LANG_EN, "2018-02-30"));
	cr_assert_null(fmt_date(A, LANG_EN, "18-06"));
}

Test(fmt, pct_takes_a_value_already_in_percent, .init = setup, .fini = teardown)
{
	EQ(fmt_pct(A, LANG_EN, 25, 0), "25%");
	EQ(fmt_pct(A, LANG_ES, 1234.5, 1), "1,234.5%");
	EQ(fmt_pct(A, LANG_EN, 12.345, 2), "12.35%");   /* 12.3449999... in binary */
	EQ(fmt_pct(A, LANG_EN, -0.04, 1), "0.0%");      /* no "-0" */
	EQ(fmt_pct(A, LANG_EN, -7.25, 1), "-7.3%");     /* half away from zero */
	EQ(fmt_pct(A, LANG_EN, NAN, 0), "n/a");
}

Test(fmt, case_mapping_utf8, .init = setup, .fini = teardown)
{
	EQ(fmt_upper(A, "méxico y señal"), "MÉXICO Y SEÑAL");
	EQ(fmt_lower(A, "MÉXICO ÁÉÍÓÚÜÑ"), "méxico áéíóúüñ");
	/* in mixed case an acronym stays: "AI startups", not "ai startups" */
	EQ(fmt_lower(A, "AI startups"), "AI startups");
	EQ(fmt_lower(A, "Startups de IA y TIC"), "startups de IA y TIC");
	EQ(fmt_lower(A, "Digital Public Services"), "digital public services");
	EQ(fmt_lower(A, "A Single Letter"), "a single letter");
	EQ(fmt_title(A, "ciudad de méxico"), "Ciudad De México");
	EQ(fmt_title(A, "ÁREA 2nd-place"), "Área 2nd-Place");
	EQ(fmt_upper(A, "ŁÓDŹ łódź ÿ"), "ŁÓDŹ ŁÓDŹ Ÿ");
	EQ(fmt_upper(A, "straße €"), "STRAßE €");
	EQ(fmt_upper(A, ""), "");
}

Test(fmt, case_mapping_copies_invalid_bytes, .init = setup, .fini = teardown)
{
	/* an overlong 'a' (C1 A1), a surrogate, a stray continuation byte and a
	 * cut-off sequence are copied byte for byte, and end the word */
	EQ(fmt_upper(A, "a\xC1\xA1" "b"), "A\xC1\xA1" "B");
	EQ(fmt_title(A, "ab\xC1\xA1" "cd"), "Ab\xC1\xA1" "Cd");
	EQ(fmt_lower(A, "\xED\xA0\x80X\x80Y\xC3"), "\xED\xA0\x80x\x80y\xC3");
	EQ(fmt_upper(A, "\xF4\x90\x80\x80\xC3\xA9"), "\xF4\x90\x80\x80\xC3\x89");
}

Test(fmt, plain_numbers, .init = setup, .fini = teardown)
{
	EQ(fmt_plain(A, 2018), "2018");
	EQ(fmt_plain(A, 35), "35");
	EQ(fmt_plain(A, 0.19), "0.19");
	EQ(fmt_plain(A, -1.5), "-1.5");
	EQ(fmt_plain(A, 1.0 / 3.0), "0.333333");
}

Test(fmt, parse_number)
{
	double v;

	cr_assert(fmt_parse_number("19", &v) && v == 19);
	cr_assert(fmt_parse_number(" -0.25 ", &v) && v == -0.25);
	cr_assert(fmt_parse_number("1e6", &v) && v == 1e6);
	cr_assert(!fmt_parse_number("", &v));
	cr_assert(!fmt_parse_number("1,000", &v));
	cr_assert(!fmt_parse_number("nan", &v));
	cr_assert(!fmt_parse_number("0x10", &v));
	cr_assert(!fmt_parse_number("12abc", &v));
}

Test(i18n, labels_and_months)
{
	enum i18n_lang l;

	cr_assert_eq(i18n_lang_parse("es", &l), 0);
	cr_assert_eq(l, LANG_ES);
	cr_assert_eq(i18n_lang_parse("es-MX", &l), 0);
	cr_assert_eq(l, LANG_ES);
	cr_assert_eq(i18n_lang_parse("en", &l), 0);
	cr_assert_eq(l, LANG_EN);
	cr_assert_eq(i18n_lang_parse("fr", &l), -1);
	cr_assert_eq(i18n_lang_parse("eng", &l), -1);
	EQ(i18n_label(LANG_EN, I18N_TABLE), "Table");
	EQ(i18n_label(LANG_ES, I18N_TABLE), "Tabla");
	EQ(i18n_label(LANG_ES, I18N_CHAPTER), "Capítulo");
	EQ(i18n_label(LANG_ES, I18N_APPENDIX), "Anexo");
	EQ(i18n_label(LANG_ES, I18N_CONTENTS), "Contenido");
	EQ(i18n_month(LANG_ES, 6), "junio");
	EQ(i18n_month(LANG_EN, 12), "December");
	EQ(i18n_month(LANG_EN, 13), "");
	for (int k = 0; k < I18N_KEY_COUNT; k++) {
		cr_assert_not_null(i18n_label(LANG_EN, (enum i18n_key)k));
		if (k != I18N_DATE_OF)
			cr_assert_neq(strlen(i18n_label(LANG_ES, (enum i18n_key)k)), 0, "key %d", k);
	}
}

/* The illustrative values of the filter table in templates/SYNTAX.md (and
 * README "Number formats") are what the filters give. */
Test(fmt, the_documented_examples_hold, .init = setup, .fini = teardown)
{
	static const enum i18n_lang langs[] = { LANG_EN, LANG_ES };
	size_t i;

	for (i = 0; i < 2; i++) {
		EQ(fmt_number(A, langs[i], 1234567.8, 0), "1,234,568");
		EQ(fmt_fixed(A, langs[i], 3.14159, 2), "3.14");
		EQ(fmt_percent(A, langs[i], 0.125, 0), "13%");
		EQ(fmt_percent(A, langs[i], 0.125, 2), "12.50%");
	}
	EQ(fmt_millions(A, LANG_EN, 1234567, 2), "1.23 million");
	EQ(fmt_millions(A, LANG_ES, 1234567, 2), "1.23 millones");
	EQ(fmt_ordinal(A, LANG_EN, 3), "3rd");
	EQ(fmt_ordinal(A, LANG_ES, 3), "3.º");
	EQ(fmt_outof(A, LANG_EN, 3, 10), "3 out of 10");
	EQ(fmt_outof(A, LANG_ES, 3, 10), "3 de 10");
	EQ(fmt_date(A, LANG_EN, "2018-06"), "June 2018");
	EQ(fmt_date(A, LANG_ES, "2018-06"), "junio de 2018");
}
