/*
 * Tests of the task assessment rules engine: file format and its errors,
 * first-match order, overrides, unmatched tasks, and the committed rules file.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "helpers.h"
#include "import/import.h"

static struct rule_set *parse(struct arena *a, const char *text)
{
	return rules_parse(a, "rules.txt", text, strlen(text));
}

static struct task_in task(long id, const char *text)
{
	return (struct task_in){ id, text, strlen(text) };
}

static const char sample[] =
	"# comment line\n"
	"\n"
	"mail    0.4 0.7 0.9   \\bsort\\w*\\b.*\\bmail\\b\n"
	"sort\t0.2\t0.5\t0.8\t^sort\\b\n"
	"talk    0.01 0.05 0.1 ^(negotiate|counsel)\\b   \n";

Test(rules, parses_fields_and_patterns)
{
	struct arena *a = arena_new();
	struct rule_set *rs;

	th_capture();
	rs = parse(a, sample);
	cr_assert_not_null(rs, "%s", th_captured());
	cr_assert_eq(rules_count(rs), 3);
	cr_assert_str_eq(rules_get(rs, 0)->id, "mail");
	cr_assert_float_eq(rules_get(rs, 0)->p.h15, 0.7, 1e-12);
	cr_assert_str_eq(rules_get(rs, 1)->id, "sort");
	cr_assert_float_eq(rules_get(rs, 1)->p.lt, 0.8, 1e-12);
	cr_assert_str_eq(rules_get(rs, 2)->pattern, "^(negotiate|counsel)\\b");
	cr_assert_eq(rules_get(rs, 2)->loc.line, 5);
	rules_free(rs);
	arena_free(a);
}

Test(rules, first_match_in_file_order_and_caseless)
{
	struct arena *a = arena_new();
	struct rule_set *rs = parse(a, sample);
	const char *t1 = "Sort incoming MAIL for delivery.";   /* both 0 and 1 match */
	const char *t2 = "SORT parts by size.";
	const char *t3 = "Negotiate contracts.";
	const char *t4 = "Design bridges.";

	cr_assert_not_null(rs);
	cr_assert_eq(rules_match(rs, t1, strlen(t1)), 0);
	cr_assert_eq(rules_match(rs, t2, strlen(t2)), 1);
	cr_assert_eq(rules_match(rs, t3, strlen(t3)), 2);
	cr_assert_eq(rules_match(rs, t4, strlen(t4)), -1);
	rules_free(rs);
	arena_free(a);
}

Test(rules, utf8_patterns_and_subjects)
{
	struct arena *a = arena_new();
	struct rule_set *rs = parse(a, "acc 0.1 0.2 0.3 \\bcaf\xC3\xA9\\b\n");
	const char *t = "Serve CAF\xC3\x89 to guests.";   /* uppercase E acute */

	cr_assert_not_null(rs);
	cr_assert_eq(rules_match(rs, t, strlen(t)), 0);
	rules_free(rs);
	arena_free(a);
}

Test(rules, override_wins_and_unmatched_counted)
{
	struct arena *a = arena_new();
	struct rule_set *rs = parse(a, sample);
	struct task_in tasks[4] = {
		task(10, "Sort mail."),
		task(11, "Sort mail into bins."),      /* overridden */
		task(12, "Design bridges."),           /* unmatched */
		task(13, "Counsel clients."),
	};
	struct task_override ov[2] = {
		{ 11, { 0.1, 0.2, 0.3 }, "hand check", { "ov.csv", 2, 0 } },
		{ 99, { 0.1, 0.2, 0.3 }, "no such task", { "ov.csv", 3, 0 } },
	};
	struct task_assessment out[4];
	size_t hits[3];
	struct rules_stats st;

	cr_assert_not_null(rs);
	cr_assert_eq(rules_assess(a, rs, ov, 2, tasks, 4, out, hits, &st), 0);
	cr_assert_eq(out[0].by, ASSESS_RULE);
	cr_assert_eq(out[0].rule, 0);
	cr_assert_float_eq(out[0].p.lt, 0.9, 1e-12);
	cr_assert_eq(out[1].by, ASSESS_OVERRIDE);
	cr_assert_eq(out[1].override, 0);
	cr_assert_eq(out[1].rule, -1);
	cr_assert_float_eq(out[1].p.h5, 0.1, 1e-12);
	cr_assert_eq(out[2].by, ASSESS_NONE);
	cr_assert_eq(out[3].rule, 2);
	cr_assert_eq(st.tasks, 4);
	cr_assert_eq(st.by_rule, 2);
	cr_assert_eq(st.by_override, 1);
	cr_assert_eq(st.unmatched, 1);
	cr_assert_eq(st.overrides_unused, 1);
	cr_assert_eq(hits[0], 1);
	cr_assert_eq(hits[1], 0);
	cr_assert_eq(hits[2], 1);
	rules_free(rs);
	arena_free(a);
}

Test(rules, bad_overrides_rejected)
{
	struct arena *a = arena_new();
	struct rule_set *rs = parse(a, sample);
	struct task_in tasks[1] = { task(10, "Sort mail.") };
	struct task_override ov[3] = {
		{ 10, { 0.5, 0.4, 0.9 }, "decreasing", { "ov.csv", 2, 0 } },
		{ 11, { 0.1, 0.2, 0.3 }, "first", { "ov.csv", 3, 0 } },
		{ 11, { 0.1, 0.2, 0.3 }, "again", { "ov.csv", 4, 0 } },
	};
	struct task_assessment out[1];
	struct rules_stats st;

	cr_assert_not_null(rs);
	th_capture();
	cr_assert_eq(rules_assess(a, rs, ov, 3, tasks, 1, out, NULL, &st), -1);
	cr_assert_not_null(strstr(th_captured(), "ov.csv:2: error: override for task 10"),
	                  "%s", th_captured());
	cr_assert_not_null(strstr(th_captured(), "ov.csv:4: error: duplicate override for task 11 "
	                          "(first at line 3)"), "%s", th_captured());
	cr_assert_eq(diag_status(), EXIT_DATA);
	rules_free(rs);
	arena_free(a);
}

struct bad_case {
	char text[128];
	char msg[128];
};

static struct bad_case bad_cases[] = {
	{ "ok 0.1 0.2 0.3 x\nbad 0.5 0.4 0.9 x\n",
	  "rules.txt:2:9: error: H15 likelihood is below H5" },
	{ "r 0.1 0.2 0.15 x\n", "rules.txt:1:11: error: LONG likelihood is below H15" },
	{ "r 0.1 1.2 1.3 x\n", "rules.txt:1:7: error: H15 likelihood '1.2' is outside 0..1" },
	{ "r 0.1 abc 0.3 x\n", "rules.txt:1:7: error: H15 likelihood 'abc' is not a number" },
	{ "r 0.1 0.2\n", "rules.txt:1:10: error: missing LONG likelihood" },
	{ "r 0.1 0.2 0.3\n", "rules.txt:1:14: error: rule 'r' has no pattern" },
	{ "  r 0.1 0.2 0.3   ab(c\n", "rules.txt:1:23: error: bad pattern: missing closing parenthesis" },
	{ "r 0.1 0.2 0.3 a[z-a]\n", "rules.txt:1:19: error: bad pattern: range out of order" },
	{ "r! 0.1 0.2 0.3 x\n", "rules.txt:1:1: error: rule id 'r!' must be" },
	{ "# c\nr 0.1 0.2 0.3 x\n\n  r 0.1 0.2 0.3 y\n",
	  "rules.txt:4:3: error: duplicate rule id 'r' (first at line 2)" },
	{ "# only comments\n\n", "rules.txt: error: no rules" },
	{ "r 0.1 0.2 0.3 caf\xC3\n", "rules.txt:1:18: error: invalid UTF-8" },
	{ "r\xC3\xA9 0.1 0.2 0.3 x\n", "rules.txt:1:1: error: rule id" },
	{ "\xC3\xA9 0.1 0.2 0.3 x\nr 0.1 0.2 0.3 (\n", "rules.txt:2:16: error: bad pattern" },
};

ParameterizedTestParameters(rules, bad_files_report_file_line_col)
{
	return cr_make_param_array(struct bad_case, bad_cases,
	                           sizeof bad_cases / sizeof bad_cases[0]);
}

ParameterizedTest(struct bad_case *bc, rules, bad_files_report_file_line_col)
{
	struct arena *a = arena_new();

	th_capture();
	cr_assert_null(parse(a, bc->text));
	cr_assert_not_null(strstr(th_captured(), bc->msg), "expected '%s' in:\n%s", bc->msg,
	                   th_captured());
	cr_assert_eq(diag_status(), EXIT_DATA);
	arena_free(a);
}

Test(rules, every_bad_line_reported)
{
	struct arena *a = arena_new();

	th_capture();
	cr_assert_null(parse(a, "a 0.5 0.4 0.9 x\nb 0.1 0.2 0.3 y\nc 2 2 2 z\n"));
	cr_assert_eq(diag_errors(), 2, "%s", th_captured());
	arena_free(a);
}

Test(rules, check_likelihood)
{
	struct likelihood ok = { 0.1, 0.1, 1.0 }, dec = { 0.2, 0.1, 0.3 },
	                  neg = { -0.1, 0.1, 0.2 }, over = { 0.1, 0.2, 1.01 };

	cr_assert_eq(rules_check_likelihood(&ok), 0);
	cr_assert_eq(rules_check_likelihood(&dec), -1);
	cr_assert_eq(rules_check_likelihood(&neg), -1);
	cr_assert_eq(rules_check_likelihood(&over), -1);
}

/* The committed rules file compiles, is JIT-compiled, and its rules are all
 * non-decreasing (checked by the parser) and cover the examples the method
 * names: routine recording and sorting high, caring and negotiating low. */
Test(rules, committed_rules_file)
{
	struct arena *a = arena_new();
	struct rule_set *rs;
	const char *high[] = {
		"Sort mail for delivery, using sorting machines.",
		"Enter data into computer systems.",
		"Record production figures in logs.",
		"Operate machines to cut and shape metal parts.",
	};
	const char *low[] = {
		"Negotiate contracts with suppliers.",
		"Counsel clients on personal problems.",
		"Care for patients recovering from surgery.",
		"Design buildings and landscapes.",
		"Teach courses in history.",
		"Diagnose illnesses of patients.",
	};

	th_capture();
	rs = rules_load(a, TEST_SRCDIR "/data/rules/task_rules.txt");
	cr_assert_not_null(rs, "%s", th_captured());
	cr_assert_geq(rules_count(rs), 20);
	cr_assert(rules_jit(rs));
	for (size_t i = 0; i < sizeof high / sizeof high[0]; i++) {
		long r = rules_match(rs, high[i], strlen(high[i]));

		cr_assert_geq(r, 0, "%s", high[i]);
		cr_assert_geq(rules_get(rs, (size_t)r)->p.lt, 0.7, "%s -> %s", high[i],
		              rules_get(rs, (size_t)r)->id);
	}
	for (size_t i = 0; i < sizeof low / sizeof low[0]; i++) {
		long r = rules_match(rs, low[i], strlen(low[i]));

		cr_assert_geq(r, 0, "%s", low[i]);
		cr_assert_leq(rules_get(rs, (size_t)r)->p.lt, 0.3, "%s -> %s", low[i],
		              rules_get(rs, (size_t)r)->id);
	}
	rules_free(rs);
	arena_free(a);
}

Test(rules, missing_file_is_system_error)
{
	struct arena *a = arena_new();

	th_capture();
	cr_assert_null(rules_load(a, TEST_SRCDIR "/tests/fixtures/import/no_such_rules.txt"));
	cr_assert_not_null(strstr(th_captured(), "no_such_rules.txt: error: cannot read file:"),
	                   "%s", th_captured());
	cr_assert_eq(diag_status(), EXIT_SYS);
	arena_free(a);
}

/* A pattern that backtracks without end hits PCRE2's match limit: reported at
 * the rule, as a data error, not a hang. */
Test(rules, runaway_pattern_reported, .timeout = 20)
{
	struct arena *a = arena_new();
	struct rule_set *rs = parse(a, "ok 0.1 0.2 0.3 ^sort\\b\nbad 0.1 0.2 0.3 ^(a|aa)+$\n");
	char text[200];

	cr_assert_not_null(rs);
	memset(text, 'a', sizeof text - 2);
	text[sizeof text - 2] = 'b';
	text[sizeof text - 1] = '\0';
	th_capture();
	cr_assert_eq(rules_match(rs, text, strlen(text)), -2);
	cr_assert_not_null(strstr(th_captured(),
	                          "rules.txt:2:1: error: rule 'bad': matching failed"),
	                   "%s", th_captured());
	cr_assert_eq(diag_status(), EXIT_DATA);
	rules_free(rs);
	arena_free(a);
}
