/*
 * Tests of textdist: edit distances worked out by hand.
 */
#include <criterion/criterion.h>

#include "base/base.h"

#include <stdint.h>
#include <string.h>

Test(textdist, levenshtein_by_hand)
{
	cr_assert_eq(text_distance("kitten", "sitting", false, 64), 3);   /* k->s, e->i, +g */
	cr_assert_eq(text_distance("", "abc", false, 64), 3);
	cr_assert_eq(text_distance("abc", "", false, 64), 3);
	cr_assert_eq(text_distance("share_men", "share_man", false, 64), 1);
	cr_assert_eq(text_distance("sector", "sectors", false, 64), 1);
	cr_assert_eq(text_distance("same", "same", false, 64), 0);
}

Test(textdist, case_folding_and_length_limit)
{
	char longer[200];

	cr_assert_eq(text_distance("Code", "code", true, 64), 0);
	cr_assert_eq(text_distance("Code", "code", false, 64), 1);
	/* only ASCII letters fold: é and É differ */
	cr_assert_eq(text_distance("\xC3\xA9", "\xC3\x89", true, 64), 1);
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	cr_assert_eq(text_distance(longer, "a", false, 64), SIZE_MAX);
	cr_assert_eq(text_distance("a", longer, false, TEXTDIST_MAX + 50), SIZE_MAX,
	             "the limit is capped at TEXTDIST_MAX");
	longer[64] = '\0';
	cr_assert_eq(text_distance(longer, "a", false, 64), 63);
}
