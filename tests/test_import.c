/*
 * Tests of the raw-source importers and the full-scale task model: small
 * fixtures in each official format (ours, same columns), hand-worked figures,
 * format errors with file:line:col, and an integration run on the real raw
 * files when the shared reference folder exists.
 */
#include <criterion/criterion.h>
#include <criterion/logging.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base.h"
#include "model/automation/automation.h"
#include "helpers.h"
#include "figures/figures.h"
#include "import/import.h"

#define FIX TEST_SRCDIR "/tests/fixtures/import"
#define EPS 1e-9

#define assert_msg(needle) \
	cr_assert_not_null(strstr(th_captured(), needle), "expected '%s' in:\n%s", needle, \
	                   th_captured())

static struct import_opts fixture_opts(const char *out)
{
	return (struct import_opts){
		.raw_dir = FIX "/raw",
		.out_dir = out,
		.rules_path = FIX "/rules.txt",
		.overrides_path = FIX "/overrides.csv",
		.crosswalk_path = FIX "/crosswalk.csv",
		.oecd_path = FIX "/oecd4.csv",
		.quiet = true,
	};
}

/* A temporary folder (helpers.c removes it when the test process exits, so
 * a failed assertion leaves nothing behind). */
static char *tmpdir(void)
{
	char *t = th_tmpdir();

	cr_assert_not_null(t);
	return t;
}

static char *slurp(const char *dir, const char *name)
{
	struct buf b = { 0 };
	char path[512];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	cr_assert_eq(buf_read_file(&b, path), 0, "cannot read %s", path);
	buf_cstr(&b);
	return b.data;   /* the caller frees it */
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* ---- O*NET ---- */

Test(import, onet_reads_occupations_and_groups_tasks)
{
	struct arena *a = arena_new();
	struct onet o;

	th_capture();
	cr_assert_eq(import_onet(a, FIX "/raw/onet_18_1_text", &o), 0, "%s", th_captured());
	cr_assert_eq(o.nocc, 5);
	cr_assert_eq(o.ntasks, 9);
	cr_assert_eq(o.nocc_with_tasks, 4);
	cr_assert_eq(o.ncore, 5);
	cr_assert_eq(o.nsupp, 3);
	cr_assert_eq(o.nuntyped, 1);
	/* 21-1012.00 (third occupation) has tasks 1008 and 1009, which are not
	 * adjacent in the file: grouped, in file order. */
	cr_assert_str_eq(o.occ[2].code, "21-1012.00");
	cr_assert_eq(o.occ[2].ntasks, 2);
	cr_assert_eq(o.tasks[o.occ[2].first_task].task_id, 1008);
	cr_assert_eq(o.tasks[o.occ[2].first_task + 1].task_id, 1009);
	cr_assert_eq(o.occ[4].ntasks, 0);
	/* The literal quotes of the TSV survive, and positions are the file's. */
	cr_assert_str_eq(o.tasks[0].text, "Direct or coordinate \"budget\" activities.");
	cr_assert_eq(o.tasks[0].loc.line, 2);
	cr_assert_eq(o.tasks[0].loc.col, 17);
	cr_assert_eq(o.tasks[2].type, TASK_UNTYPED);
	cr_assert_eq(diag_errors(), 0);
	arena_free(a);
}

Test(import, onet_task_errors_with_positions)
{
	struct arena *a = arena_new();
	struct onet o;

	th_capture();
	cr_assert_eq(import_onet(a, FIX "/bad_onet", &o), -1);
	assert_msg("Task Statements.txt:3:1: error: O*NET-SOC Code '99-0000.00' names no "
	           "occupation");
	/* Column 36 is after a field with quotes: the file's column, not the
	 * loader's view of the re-quoted line. */
	assert_msg("Task Statements.txt:4:36: error: Task Type 'Primary' is not Core, "
	           "Supplemental or n/a");
	assert_msg("Task Statements.txt:5:33: error: Incumbents Responding 'many' is not a count");
	assert_msg("Task Statements.txt:6:41: error: Date '13/2006' is not a month MM/YYYY");
	cr_assert_eq(diag_status(), EXIT_DATA);
	arena_free(a);
}

Test(import, onet_occupation_code_checked)
{
	struct arena *a = arena_new();
	struct onet o;

	th_capture();
	cr_assert_eq(import_onet(a, FIX "/bad_occ", &o), -1);
	assert_msg("Occupation Data.txt:3:1: error: O*NET-SOC Code '11-1011' is not an "
	           "O*NET-SOC code");
	arena_free(a);
}

Test(import, onet_missing_file_is_system_error)
{
	struct arena *a = arena_new();
	struct onet o;

	th_capture();
	cr_assert_eq(import_onet(a, FIX "/no_such_dir", &o), -1);
	cr_assert_eq(diag_status(), EXIT_SYS, "%s", th_captured());
	arena_free(a);
}

/* ---- Frey & Osborne ---- */

Test(import, fo_reads_probabilities)
{
	struct arena *a = arena_new();
	struct fo_scores t;
	long i;

	th_capture();
	cr_assert_eq(import_fo(a, FIX "/raw/frey_osborne_2013_prob_computerisation_702.csv", &t),
	             0, "%s", th_captured());
	cr_assert_eq(t.n, 4);
	i = import_fo_find(&t, "43-5053");
	cr_assert_geq(i, 0);
	cr_assert_float_eq(t.rows[i].prob, 0.79, EPS);
	cr_assert(isnan(t.rows[i].employed));
	cr_assert_eq(import_fo_find(&t, "99-9999"), -1);
	arena_free(a);
}

Test(import, fo_bad_rows)
{
	struct arena *a = arena_new();
	struct fo_scores t;

	th_capture();
	cr_assert_eq(import_fo(a, FIX "/fo_bad.csv", &t), -1);
	/* The range error comes from the loader; the code format from us. */
	assert_msg("fo_bad.csv:3:3: error:");
	cr_assert_eq(diag_errors(), 1, "%s", th_captured());
	arena_free(a);
}

Test(import, fo_bad_soc_code)
{
	struct arena *a = arena_new();
	struct fo_scores t;
	const char csv[] = "Rank,Probability,Label,SOC code,Occupation\n"
	                   "1,0.003,,111011,Emergency management directors\n";
	char *dir = tmpdir(), path[600];
	FILE *fp;

	snprintf(path, sizeof path, "%s/fo.csv", dir);
	fp = fopen(path, "wb");
	cr_assert_not_null(fp);
	cr_assert_eq(fwrite(csv, 1, sizeof csv - 1, fp), sizeof csv - 1);
	cr_assert_eq(fclose(fp), 0);
	th_capture();
	cr_assert_eq(import_fo(a, path, &t), -1);
	assert_msg(":2:10: error: SOC code '111011' is not a SOC 2010 code");
	th_rmtree(dir);
	arena_free(a);
}

Test(import, fo_employment_reports_shifted_rows)
{
	struct arena *a = arena_new();
	struct fo_scores t;
	long i;

	th_capture();
	cr_assert_eq(import_fo_employment(a, FIX "/raw/frey_osborne_prob_with_bls_may2016_"
	                                  "employment.csv", &t), 0, "%s", th_captured());
	cr_assert_eq(t.n, 4);
	cr_assert_eq(t.ndamaged, 1);
	cr_assert_float_eq(t.employed_total, 1000000, EPS);
	i = import_fo_find(&t, "21-1012");
	cr_assert(t.rows[i].damaged);
	cr_assert_float_eq(t.rows[i].employed, 250000, EPS);   /* numbEmployed kept */
	cr_assert_eq(diag_warnings(), 1);
	/* Line 2 (first data row), column of employed_may2016. */
	assert_msg("employment.csv:2:");
	assert_msg("warning: row of 21-1012 looks shifted: employed_may2016 is 'Secondary");
	cr_assert_eq(diag_status(), EXIT_OK);
	arena_free(a);
}

/* ---- Indicators ---- */

Test(import, egov_osi)
{
	struct arena *a = arena_new();
	struct indicator t;
	long i;

	th_capture();
	cr_assert_eq(import_egov(a, FIX "/raw/un_egdi_2016.csv", "osi", &t), 0, "%s",
	             th_captured());
	cr_assert_eq(t.n, 5);
	i = import_ind_find(&t, "MEX");
	cr_assert_float_eq(t.rows[i].value, 0.84783, EPS);
	arena_free(a);
}

Test(import, wgi_picks_indicator_and_year)
{
	struct arena *a = arena_new();
	struct indicator t;
	long i;

	th_capture();
	cr_assert_eq(import_wgi(a, FIX "/raw/worldbank_wgi_1996_2022_all_indicators.csv",
	                        "GE.EST", "2016", &t), 0, "%s", th_captured());
	cr_assert_eq(t.n, 5);
	i = import_ind_find(&t, "MEX");
	cr_assert_float_eq(t.rows[i].value, 0.225326701998711, EPS);
	/* The quoted newline in an indicator name moves later rows one line down. */
	i = import_ind_find(&t, "USA");
	cr_assert_eq(t.rows[i].loc.line, 6);
	i = import_ind_find(&t, "ARG");
	cr_assert(isnan(t.rows[i].value));
	cr_assert_eq(import_wgi(a, FIX "/raw/worldbank_wgi_1996_2022_all_indicators.csv",
	                        "GE.EST", "2015", &t), 0, "%s", th_captured());
	cr_assert_float_eq(t.rows[import_ind_find(&t, "MEX")].value, -0.2, EPS);
	arena_free(a);
}

Test(import, wgi_errors)
{
	struct arena *a = arena_new();
	struct indicator t;

	th_capture();
	cr_assert_eq(import_wgi(a, FIX "/wgi_bad.csv", "GE.EST", "2016", &t), -1);
	/* The quoted "7.5" opens at column 62 of line 2. */
	assert_msg("wgi_bad.csv:2:62: error: 2016: estimate '7.5' is outside -3..3");
	/* The other series is not range-checked as an estimate. */
	cr_assert_eq(diag_errors(), 1, "%s", th_captured());
	th_capture();
	cr_assert_eq(import_wgi(a, FIX "/wgi_bad.csv", "XX.EST", "2016", &t), -1);
	assert_msg("wgi_bad.csv: error: no rows with Indicator Code 'XX.EST'");
	th_capture();
	cr_assert_eq(import_wgi(a, FIX "/wgi_bad.csv", "GE.EST", "2031", &t), -1);
	assert_msg("wgi_bad.csv:1: error: no column for year '2031'");
	arena_free(a);
}

Test(import, odi_inegi_oecd)
{
	struct arena *a = arena_new();
	struct indicator odi, pop, oecd;
	const char **odi_names;

	th_capture();
	cr_assert_eq(import_odi(a, FIX "/raw/global_open_data_index_2016_scores.csv", &odi), 0,
	             "%s", th_captured());
	cr_assert_eq(odi.n, 4);
	cr_assert_float_eq(odi.rows[import_ind_find(&odi, "Great Britain")].value, 79, EPS);
	cr_assert_eq(import_inegi(a, FIX "/raw/inegi_intercensal2015_population_by_state.csv",
	                          &pop), 0, "%s", th_captured());
	cr_assert_eq(pop.n, 3);
	cr_assert_float_eq(pop.rows[import_ind_find(&pop, "Yucat\xC3\xA1n")].value, 2097175, EPS);
	cr_assert_eq(import_oecd(a, FIX "/oecd4.csv", &oecd, &odi_names), 0, "%s", th_captured());
	cr_assert_eq(oecd.n, 4);
	cr_assert_str_eq(odi_names[3], "Great Britain");
	cr_assert_null(odi_names[2]);
	arena_free(a);
}

Test(import, crosswalk_shares_sum_to_one)
{
	struct arena *a = arena_new();
	struct crosswalk x;

	th_capture();
	cr_assert_eq(import_crosswalk(a, FIX "/crosswalk.csv", &x), 0, "%s", th_captured());
	cr_assert_eq(x.n, 5);
	th_capture();
	cr_assert_eq(import_crosswalk(a, FIX "/crosswalk_bad.csv", &x), -1);
	assert_msg("crosswalk_bad.csv:3:");
	assert_msg("error: shares of SOC major group 43 sum to 0.9, not 1");
	arena_free(a);
}

Test(import, committed_crosswalk_and_oecd_list)
{
	struct arena *a = arena_new();
	struct crosswalk x;
	struct indicator oecd;
	const char **odi_names;
	static const char *const majors[] = { "11", "13", "15", "17", "19", "21", "23", "25",
	                                      "27", "29", "31", "33", "35", "37", "39", "41",
	                                      "43", "45", "47", "49", "51", "53", "55" };

	th_capture();
	cr_assert_eq(import_crosswalk(a, TEST_SRCDIR "/data/rules/soc_major_to_sector.csv", &x),
	             0, "%s", th_captured());
	for (size_t m = 0; m < sizeof majors / sizeof majors[0]; m++) {
		bool found = false;

		for (size_t i = 0; i < x.n; i++)
			found |= strcmp(x.links[i].soc_major, majors[m]) == 0;
		cr_assert(found, "major group %s missing", majors[m]);
	}
	cr_assert_eq(import_oecd(a, TEST_SRCDIR "/data/rules/oecd_members_2017.csv", &oecd,
	                         &odi_names), 0, "%s", th_captured());
	cr_assert_eq(oecd.n, 35);
	cr_assert_geq(import_ind_find(&oecd, "MEX"), 0);
	cr_assert_eq(import_ind_find(&oecd, "LTU"), -1);   /* joined in 2018 */
	arena_free(a);
}

/* ---- Model arithmetic ---- */

Test(import, spearman_hand_worked_with_ties)
{
	struct arena *a = arena_new();
	/* Ranks of x with the tie averaged: 1, 2.5, 2.5, 4; of y: 1, 3, 2, 4.
	 * Centered: (-1.5, 0, 0, 1.5) and (-1.5, .5, -.5, 1.5): sxy = 4.5,
	 * sxx = 4.5, syy = 5, rho = 4.5 / sqrt(22.5) = sqrt(0.9). */
	const double x[] = { 1, 2, 2, 3 }, y[] = { 10, 30, 20, 40 };
	const double p[] = { 3, 1, 2 }, q[] = { 30, 10, 20 }, r[] = { 1, 1, 1 };

	cr_assert_float_eq(import_spearman(a, x, y, 4), sqrt(0.9), 1e-12);
	cr_assert_float_eq(import_spearman(a, p, q, 3), 1.0, 1e-12);
	cr_assert(isnan(import_spearman(a, p, r, 3)));
	cr_assert(isnan(import_spearman(a, p, q, 1)));
	arena_free(a);
}

Test(import, competition_ranks)
{
	const double v[] = { 0.5, 0.9, 0.5, 0.1, 0.9 };
	int hi[5], lo[5];

	import_ranks(v, 5, true, hi);
	cr_assert_eq(hi[0], 3);
	cr_assert_eq(hi[1], 1);
	cr_assert_eq(hi[2], 3);
	cr_assert_eq(hi[3], 5);
	cr_assert_eq(hi[4], 1);
	import_ranks(v, 5, false, lo);
	cr_assert_eq(lo[3], 1);
	cr_assert_eq(lo[0], 2);
	cr_assert_eq(lo[1], 4);
}

Test(import, weights_and_soc)
{
	struct arena *a = arena_new();

	cr_assert_float_eq(import_task_weight(TASK_CORE), 1.0, EPS);
	cr_assert_float_eq(import_task_weight(TASK_SUPPLEMENTAL), 0.5, EPS);
	cr_assert_float_eq(import_task_weight(TASK_UNTYPED), 1.0, EPS);
	cr_assert_str_eq(import_soc(a, "11-1011.03"), "11-1011");
	arena_free(a);
}

/* ---- The whole run on the fixtures: every figure worked by hand ---- */

Test(import, run_on_fixtures_hand_worked)
{
	struct arena *a = arena_new();
	char *dir = tmpdir();
	struct import_opts o = fixture_opts(dir);
	struct import_result res;
	char *tasks, *occ, *soc, *sectors, *ready, *figs, *unm;

	th_capture();
	cr_assert_eq(import_run(a, &o, &res), 0, "%s", th_captured());
	cr_assert_eq(outfile_staged_count(), 9);
	cr_assert_eq(outfile_commit(), 0, "%s", th_captured());
	cr_assert_eq(res.tasks, 9);
	cr_assert_eq(res.stats.by_rule, 7);
	cr_assert_eq(res.stats.by_override, 1);
	cr_assert_eq(res.stats.unmatched, 1);
	cr_assert_eq(res.occ_scored, 4);
	assert_msg("warning: 1 of 9 tasks match no rule");
	/* Matched SOC: 11-1011 (ours 0.3, F&O 0.015), 21-1012 (1/3, 0.0077),
	 * 43-5053 (0.82, 0.79): d = (1, 1, 0), rho = 1 - 6*2/(3*8) = 0.5. */
	cr_assert_eq(res.matched_soc, 3);
	cr_assert_float_eq(res.spearman, 0.5, 1e-12);
	/* F&O > 0.7: 100,000 + 450,000 of 1,000,000. */
	cr_assert_float_eq(res.us_high_risk_share, 0.55, EPS);
	cr_assert_eq(res.fo_damaged, 1);
	cr_assert_eq(res.fo_disagree, 0);
	cr_assert_eq(res.states, 3);
	cr_assert_float_eq(res.population, 16187608 + 8918653 + 2097175, EPS);
	/* Ours over 550,000 jobs: > 0.7 only 43-5053 (100,000); expected
	 * (200,000*0.3 + 250,000/3 + 100,000*0.82) / 550,000. */
	cr_assert_float_eq(res.ours_us_high_risk_share, 100000.0 / 550000.0, EPS);
	cr_assert_float_eq(res.ours_us_expected_share,
	                   (60000.0 + 250000.0 / 3.0 + 82000.0) / 550000.0, EPS);
	/* OSI: GBR 1, USA .92754, MEX .84783, TUR .7; GE: USA 1.48, GBR 1.4,
	 * MEX .2253, TUR 0. */
	cr_assert_eq(res.oecd, 4);
	cr_assert_eq(res.mex_rank_osi, 3);
	cr_assert_eq(res.mex_rank_ge, 3);

	tasks = slurp(dir, "onet_tasks.csv");
	cr_assert_eq(count_lines(tasks), 10);
	/* 1006 matches both sortmail and record: the first rule wins. */
	cr_assert_not_null(strstr(tasks, "43-5053.00,1006,Supplemental,0.5,0.4000,0.8000,0.9000,"
	                          "rule,sortmail,\"Record counts of \"\"sorted\"\" mail.\"\n"), "%s",
	                   tasks);
	cr_assert_not_null(strstr(tasks, "43-5053.00,1007,Core,1.0,0.5000,0.6000,0.7000,override,"
	                          "line 2,Load mail into trays.\n"), "%s", tasks);
	cr_assert_not_null(strstr(tasks, "11-1011.00,1003,n/a,1.0,,,,none,,Confer with board "
	                          "members.\n"), "%s", tasks);
	unm = slurp(dir, "onet_unmatched_tasks.csv");
	cr_assert_str_eq(unm, "onet_soc,task_id,task_type,task\n"
	                 "11-1011.00,1003,n/a,Confer with board members.\n");
	/* 11-1011.00: (1*0.2 + 0.5*0.8) / 1.5 = 0.4 long term; 43-5053.00:
	 * (0.9 + 0.45 + 0.7) / 2.5 = 0.82; the occupation without tasks is empty. */
	occ = slurp(dir, "onet_occupations.csv");
	cr_assert_not_null(strstr(occ, "11-1011.00,11-1011,Chief Executives,3,2,0.1667,0.2667,"
	                          "0.4000\n"), "%s", occ);
	cr_assert_not_null(strstr(occ, "43-5053.00,43-5053,\"Postal Service Mail Sorters, "
	                          "Processors, and Processing Machine Operators\",3,3,0.4400,"
	                          "0.7200,0.8200\n"), "%s", occ);
	cr_assert_not_null(strstr(occ, "51-9199.00,51-9199,\"Production Workers, All Other\","
	                          "0,0,,,\n"), "%s", occ);
	/* 11-1011 averages its two O*NET occupations: (0.4 + 0.2) / 2. */
	soc = slurp(dir, "soc_scores.csv");
	cr_assert_not_null(strstr(soc, "11-1011,Chief Executives,11-1011.00;11-1011.03,0.1333,"
	                          "0.1833,0.3000,0.0150,200000,no\n"), "%s", soc);
	cr_assert_not_null(strstr(soc, "21-1012,"), "%s", soc);
	cr_assert_not_null(strstr(soc, ",0.0077,250000,yes\n"), "%s", soc);
	/* Sector H gets half of 43-5053's 100,000 jobs; 53-3032 has no score. */
	sectors = slurp(dir, "sector_scores.csv");
	cr_assert_not_null(strstr(sectors, "H,Transport,50000,1,0.4400,0.7200,0.8200,estimated\n"),
	                   "%s", sectors);
	cr_assert_not_null(strstr(sectors, "M,Professional services,200000,1,0.1333,0.1833,0.3000,"
	                          "estimated\n"), "%s", sectors);
	ready = slurp(dir, "readiness_inputs.csv");
	cr_assert_not_null(strstr(ready, "MEX,Mexico,0.84783,3,0.22533,3,65\n"), "%s", ready);
	cr_assert_not_null(strstr(ready, "TUR,Turkey,0.70000,4,0.00000,4,\n"), "%s", ready);
	figs = slurp(dir, "import_figures.csv");
	cr_assert_not_null(strstr(figs, "\ncrosscheck.spearman,0.5000,rho,"), "%s", figs);
	cr_assert_not_null(strstr(figs, "\ncrosscheck.us_high_risk.share,0.5500,share,"), "%s",
	                   figs);
	cr_assert_not_null(strstr(figs, "\nimport.tasks.unmatched,1,tasks,"), "%s", figs);
	cr_assert_not_null(strstr(figs, "\nreadiness.mex.rank.ge,3,rank,"), "%s", figs);
	free(tasks);
	free(occ);
	free(soc);
	free(sectors);
	free(ready);
	free(figs);
	free(unm);
	th_rmtree(dir);
	arena_free(a);
}

Test(import, run_writes_nothing_on_bad_input)
{
	struct arena *a = arena_new();
	char *dir = tmpdir();
	char out[600];
	struct import_opts o = fixture_opts(NULL);
	struct import_result res;
	struct stat st;

	snprintf(out, sizeof out, "%s/edition", dir);
	o.out_dir = out;
	o.crosswalk_path = FIX "/crosswalk_bad.csv";
	th_capture();
	cr_assert_eq(import_run(a, &o, &res), -1);
	cr_assert_eq(diag_status(), EXIT_DATA);
	cr_assert_eq(outfile_staged_count(), 0);
	cr_assert_neq(stat(out, &st), 0, "%s was created", out);
	th_rmtree(dir);
	arena_free(a);
}

/* argv for import_main: writable copies of the strings (argv is char **). */
static void free_argv(char **v)
{
	for (char **p = v; *p != NULL; p++)
		free(*p);
	free(v);
}

static char **make_argv(const char *const *args, int *argc)
{
	int n = 0;
	char **v;

	while (args[n] != NULL)
		n++;
	v = calloc((size_t)n + 1, sizeof *v);
	for (int i = 0; i < n; i++)
		v[i] = strdup(args[i]);
	*argc = n;
	return v;
}

Test(import, main_usage_errors)
{
	static const char *const a1[] = { "import", "--raw", FIX "/raw", NULL };
	static const char *const a2[] = { "import", "--bogus", NULL };
	static const char *const a3[] = { "import", "--raw", NULL };
	int argc;
	char **argv;

	th_capture();
	argv = make_argv(a1, &argc);
	cr_assert_eq(import_main(argc, argv), EXIT_USAGE);
	assert_msg("--raw and --out are required");
	free_argv(argv);
	argv = make_argv(a2, &argc);
	cr_assert_eq(import_main(argc, argv), EXIT_USAGE);
	assert_msg("unknown option '--bogus'");
	free_argv(argv);
	argv = make_argv(a3, &argc);
	cr_assert_eq(import_main(argc, argv), EXIT_USAGE);
	assert_msg("option --raw needs a value");
	free_argv(argv);
}

Test(import, main_on_fixtures)
{
	char *dir = tmpdir();
	char out[600];
	const char *args[] = { "import", "--raw", FIX "/raw", "--out", out, "--rules",
	                       FIX "/rules.txt", "--overrides", FIX "/overrides.csv",
	                       "--crosswalk", FIX "/crosswalk.csv", "--oecd", FIX "/oecd4.csv",
	                       NULL };
	int argc;
	char **argv;
	char *figs;

	snprintf(out, sizeof out, "%s/ed", dir);
	argv = make_argv(args, &argc);
	th_capture();
	cr_assert_eq(import_main(argc, argv), EXIT_OK, "%s", th_captured());
	assert_msg("Spearman rho (ours long term vs Frey & Osborne) = 0.500 over 3 SOC codes");
	assert_msg("wrote ");
	figs = slurp(out, "import_figures.csv");
	cr_assert_not_null(strstr(figs, "key,value,unit,source,formula\n"));
	free(figs);
	free_argv(argv);
	th_rmtree(dir);
}

/* ---- The real raw files, when the shared reference folder exists ---- */

/* The raw folder, or a skip naming the file that is missing. */
static const char *real_raw(void)
{
	th_raw_file("onet_18_1_text/Task Statements.txt");
	return th_raw_dir();
}

Test(import, full_scale_on_real_raw_files, .timeout = 60)
{
	const char *raw = real_raw();
	struct arena *a;
	char *dir;
	struct import_opts o;
	struct import_result res;
	char *tasks;

	a = arena_new();
	dir = tmpdir();
	o = (struct import_opts){
		.raw_dir = raw,
		.out_dir = dir,
		.rules_path = TEST_SRCDIR "/data/rules/task_rules.txt",
		.overrides_path = TEST_SRCDIR "/data/rules/task_overrides.csv",
		.crosswalk_path = TEST_SRCDIR "/data/rules/soc_major_to_sector.csv",
		.oecd_path = TEST_SRCDIR "/data/rules/oecd_members_2017.csv",
		.quiet = true,
	};
	th_capture();
	cr_assert_eq(import_run(a, &o, &res), 0, "%s", th_captured());
	cr_assert_eq(outfile_commit(), 0, "%s", th_captured());
	cr_assert_eq(res.occupations_with_tasks, 974);
	cr_assert_eq(res.tasks, 19450);
	cr_assert_eq(res.core + res.supplemental + res.untyped, 19450);
	cr_assert_eq(res.fo_rows, 702);
	cr_assert_eq(res.fo_emp_rows, 702);
	cr_assert_eq(res.fo_damaged, 2);   /* 47-1011 and 13-1023, per PROVENANCE.md */
	cr_assert_eq(res.oecd, 35);
	cr_assert_eq(res.mex_rank_osi, 17);
	cr_assert_eq(res.mex_rank_ge, 34);
	cr_assert_eq(res.stats.by_rule + res.stats.by_override + res.stats.unmatched, 19450);
	cr_assert_eq(res.stats.overrides_unused, 0);
	cr_assert_eq(res.fo_disagree, 0);   /* PROVENANCE.md: the copies agree on all 702 */
	cr_assert_eq(res.states, 32);
	cr_assert_float_eq(res.population, 119530753, 0.5);   /* Intercensal 2015 total */
	cr_assert(res.spearman > -1 && res.spearman < 1);
	cr_assert(res.us_high_risk_share > 0 && res.us_high_risk_share < 1);
	tasks = slurp(dir, "onet_tasks.csv");
	cr_assert_eq(count_lines(tasks), 19451);
	free(tasks);
	tasks = slurp(dir, "onet_unmatched_tasks.csv");
	cr_assert_eq(count_lines(tasks), res.stats.unmatched + 1);
	free(tasks);
	tasks = slurp(dir, "onet_occupations.csv");
	cr_assert_eq(count_lines(tasks), 1111);
	free(tasks);
	tasks = slurp(dir, "readiness_inputs.csv");
	cr_assert_eq(count_lines(tasks), 36);
	cr_assert_not_null(strstr(tasks, "\nMEX,Mexico,0.84783,17,"), "%s", tasks);
	free(tasks);
	tasks = slurp(dir, "import_figures.csv");
	cr_assert_not_null(strstr(tasks, "\nimport.onet.tasks,19450,tasks,"));
	cr_assert_not_null(strstr(tasks, "\nreadiness.mex.rank.ge,34,rank,"));
	free(tasks);
	cr_log_info("import full scale: %zu tasks, %zu by rule (%zu rules), %zu by override, "
	            "%zu unmatched (%.1f %%)", res.tasks, res.stats.by_rule, res.rules,
	            res.stats.by_override, res.stats.unmatched,
	            100.0 * (double)res.stats.unmatched / (double)res.tasks);
	cr_log_info("import cross-checks: Spearman %.4f over %zu SOC codes; US employment at "
	            "high risk (F&O > 0.7, May 2016) %.2f %% (published 47 %%, 2010 employment)",
	            res.spearman, res.matched_soc, 100 * res.us_high_risk_share);
	cr_log_info("import timings: reading %.1f ms, assessing %.1f ms, model %.1f ms (wall "
	            "clock); %.1f ms CPU in all", 1e3 * res.t_import_s, 1e3 * res.t_assess_s,
	            1e3 * res.t_model_s, 1e3 * res.cpu_s);
	th_rmtree(dir);
	arena_free(a);
}

Test(import, same_input_same_bytes)
{
	static const char *const names[] = { "onet_tasks.csv", "onet_unmatched_tasks.csv",
	                                      "rules_coverage.csv", "onet_occupations.csv",
	                                      "soc_scores.csv", "sector_scores.csv",
	                                      "readiness_inputs.csv", "states_population.csv",
	                                      "import_figures.csv" };
	char *d1 = tmpdir(), *d2 = tmpdir();
	struct import_opts o1 = fixture_opts(d1), o2 = fixture_opts(d2);
	struct import_result res;
	struct arena *a = arena_new();

	th_capture();
	cr_assert_eq(import_run(a, &o1, &res), 0, "%s", th_captured());
	cr_assert_eq(import_run(a, &o2, &res), 0, "%s", th_captured());
	cr_assert_eq(outfile_commit(), 0, "%s", th_captured());
	cr_assert_eq(outfile_staged_count(), 0);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *x = slurp(d1, names[i]), *y = slurp(d2, names[i]);

		cr_assert_str_eq(x, y, "%s differs between runs", names[i]);
		free(x);
		free(y);
	}
	/* Nothing else in the folder: no temporary file left behind. */
	DIR *dp = opendir(d1);
	struct dirent *de;
	int nfiles = 0;

	cr_assert_not_null(dp);
	while ((de = readdir(dp)) != NULL)
		nfiles += de->d_name[0] != '.';
	closedir(dp);
	cr_assert_eq(nfiles, 9);
	th_rmtree(d1);
	th_rmtree(d2);
	arena_free(a);
}

Test(import, rule_setting_no_task_is_reported)
{
	struct arena *a = arena_new();
	struct import_opts o = fixture_opts(NULL);
	struct import_result res;

	o.rules_path = FIX "/rules_dead.txt";
	th_capture();
	cr_assert_eq(import_run(a, &o, &res), 0, "%s", th_captured());
	assert_msg("rules_dead.txt:6:1: warning: rule 'dead' sets no task");
	cr_assert_eq(diag_status(), EXIT_OK);
	arena_free(a);
}

/* A raw folder like the fixture one, with the employment copy replaced. */
static char *raw_with_employment(const char *csv)
{
	static const char *const keep[] = { "onet_18_1_text",
	                                    "frey_osborne_2013_prob_computerisation_702.csv",
	                                    "un_egdi_2016.csv",
	                                    "worldbank_wgi_1996_2022_all_indicators.csv",
	                                    "global_open_data_index_2016_scores.csv",
	                                    "inegi_intercensal2015_population_by_state.csv" };
	char *dir = tmpdir();
	char from[700], to[700];
	FILE *fp;

	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		snprintf(from, sizeof from, "%s/raw/%s", FIX, keep[i]);
		snprintf(to, sizeof to, "%s/%s", dir, keep[i]);
		cr_assert_eq(symlink(from, to), 0);
	}
	snprintf(to, sizeof to, "%s/frey_osborne_prob_with_bls_may2016_employment.csv", dir);
	fp = fopen(to, "w");
	cr_assert_not_null(fp);
	fputs(csv, fp);
	fclose(fp);
	return dir;
}

Test(import, fo_copies_compared)
{
	struct arena *a = arena_new();
	char *raw = raw_with_employment(
		"_ - rank,_ - code,prob,occupation,probability,numbEmployed,employed_may2016\n"
		"1,21-1012,0.0077,Counselors,0.0077,250000,250000\n"
		"2,11-1011,0.02,Chief Executives,0.02,200000,200000\n"
		"3,43-5053,0.79,Mail sorters,0.79,100000,100000\n"
		"4,99-9999,0.5,Unknown,0.5,10,10\n");
	struct import_opts o = fixture_opts(NULL);
	struct import_result res;

	o.raw_dir = raw;
	th_capture();
	cr_assert_eq(import_run(a, &o, &res), 0, "%s", th_captured());
	/* 11-1011 differs, 99-9999 is unknown, 53-3032 is missing here. */
	cr_assert_eq(res.fo_disagree, 3, "%s", th_captured());
	assert_msg("employment.csv:3:3: warning: probability of 11-1011 is 0.02 here but 0.015 in "
	           "the appendix table");
	assert_msg("employment.csv:5:3: warning: 99-9999 is not in the Frey & Osborne appendix");
	assert_msg("702.csv:5:10: warning: 53-3032 is not in the copy with US employment");
	th_rmtree(raw);
	arena_free(a);
}

Test(import, edition_tasks_in_the_edition_format)
{
	struct arena *a = arena_new();
	char *dir = tmpdir();
	struct import_opts o = fixture_opts(dir);
	struct import_result res;
	char *t;

	o.edition_dir = FIX "/edition";
	th_capture();
	cr_assert_eq(import_run(a, &o, &res), 0, "%s", th_captured());
	cr_assert_eq(outfile_commit(), 0, "%s", th_captured());
	assert_msg("occupations.csv:5:1: warning: occupation 'prd' gets no O*NET task");
	assert_msg("occupations.csv:6:1: warning: occupation 'trn' gets no O*NET task");
	cr_assert_eq(res.edition_left_out, 0);
	t = slurp(dir, "tasks.csv");
	/* mgt: 11-1011.00 and .03 split 11-1011's 200,000 jobs; within .00, Core
	 * 1001 weighs 1 and Supplemental 1002 weighs 0.5 (1003 is unmatched). */
	cr_assert_str_eq(t,
		"occupation,task,name,time_share,likelihood_h5,likelihood_h15,likelihood_long,"
		"provenance,source\n"
		"mgt,onet-1001,\"Direct or coordinate \"\"budget\"\" activities.\",0.3333333333,"
		"0.1000,0.1000,0.2000,estimated,onet_18_1_rules\n"
		"mgt,onet-1002,Record board decisions.,0.1666666667,0.3000,0.6000,0.8000,"
		"estimated,onet_18_1_rules\n"
		"mgt,onet-1004,Direct sustainability programs.,0.5000000000,0.1000,0.1000,0.2000,"
		"estimated,onet_18_1_rules\n"
		"svc,onet-1008,Counsel students on careers.,0.6666666667,0.0000,0.1000,0.1000,"
		"estimated,onet_18_1_rules\n"
		"svc,onet-1009,Record student progress.,0.3333333333,0.3000,0.6000,0.8000,"
		"estimated,onet_18_1_rules\n"
		"off,onet-1005,Sort mail by destination.,0.4000000000,0.4000,0.8000,0.9000,"
		"estimated,onet_18_1_rules\n"
		"off,onet-1006,\"Record counts of \"\"sorted\"\" mail.\",0.2000000000,0.4000,0.8000,"
		"0.9000,estimated,onet_18_1_rules\n"
		"off,onet-1007,Load mail into trays.,0.4000000000,0.5000,0.6000,0.7000,estimated,"
		"onet_18_1_rules\n");
	free(t);
	th_rmtree(dir);
	arena_free(a);
}

Test(import, edition_groups_checked)
{
	struct arena *a = arena_new();
	char *dir = tmpdir();
	char occ[700];
	struct import_opts o = fixture_opts(NULL);
	struct import_result res;

	snprintf(occ, sizeof occ, "%s/occupations.csv", dir);
	cr_assert_eq(symlink(FIX "/edition_bad_occupations.csv", occ), 0);
	o.edition_dir = dir;
	th_capture();
	cr_assert_eq(import_run(a, &o, &res), -1);
	assert_msg("occupations.csv:3:");
	assert_msg("error: soc '43|1x' is not a list of SOC major groups");
	assert_msg("occupations.csv:4:");
	assert_msg("error: SOC major group 13 is already in occupation 'mgt'");
	th_rmtree(dir);
	arena_free(a);
}

/* The full-scale task list feeds the edition's own automation model: the
 * default edition with its tasks.csv replaced by the imported one loads,
 * validates (time shares of every occupation sum to 1) and computes. */
Test(import, full_scale_tasks_run_the_automation_model, .timeout = 120)
{
	const char *raw = real_raw();
	struct arena *a;
	char *dir, *ed;
	char cmd[1600];
	struct import_opts o;
	struct import_result res;
	struct automation_input *in;
	struct automation_result *out;
	double share, total;

	a = arena_new();
	dir = tmpdir();
	ed = tmpdir();
	o = (struct import_opts){
		.raw_dir = raw,
		.out_dir = dir,
		.edition_dir = TEST_SRCDIR "/data/2018",
		.rules_path = TEST_SRCDIR "/data/rules/task_rules.txt",
		.overrides_path = TEST_SRCDIR "/data/rules/task_overrides.csv",
		.crosswalk_path = TEST_SRCDIR "/data/rules/soc_major_to_sector.csv",
		.oecd_path = TEST_SRCDIR "/data/rules/oecd_members_2017.csv",
	};
	th_capture();
	cr_assert_eq(import_run(a, &o, &res), 0, "%s", th_captured());
	cr_assert_eq(outfile_commit(), 0, "%s", th_captured());
	snprintf(cmd, sizeof cmd, "cp '%s'/*.csv '%s'/ && cp '%s/tasks.csv' '%s/tasks.csv'",
	         TEST_SRCDIR "/data/2018", ed, dir, ed);
	cr_assert_eq(system(cmd), 0);
	in = arena_calloc(a, 1, sizeof *in);
	out = arena_calloc(a, 1, sizeof *out);
	cr_assert_eq(automation_load(a, ed, in), 0, "%s", th_captured());
	cr_assert_gt(in->ntasks, 15000);
	cr_assert_eq(automation_compute(in, out), 0, "%s", th_captured());
	cr_assert_eq(automation_value(out, "jobs.affected.share", &share), 0);
	cr_assert_eq(automation_value(out, "jobs.affected.total", &total), 0);
	cr_assert(share > 0 && share < 1);
	cr_log_info("import: the edition's model on %zu O*NET tasks (our rules, US occupation "
	            "weights): %.1f %% of Mexican jobs affected in the long term (%.2f million); "
	            "%zu scored O*NET occupations left out (no US employment)", in->ntasks,
	            100 * share, total / 1e6, res.edition_left_out);
	th_rmtree(dir);
	th_rmtree(ed);
	arena_free(a);
}

Test(import, figures_load_into_a_figure_store)
{
	struct arena *a = arena_new();
	char *dir = tmpdir();
	struct import_opts o = fixture_opts(dir);
	struct import_result res;
	struct figset *fs = figset_new(a);
	const struct figure *f;
	char path[700];

	th_capture();
	cr_assert_eq(import_run(a, &o, &res), 0, "%s", th_captured());
	cr_assert_eq(outfile_commit(), 0, "%s", th_captured());
	snprintf(path, sizeof path, "%s/import_figures.csv", dir);
	cr_assert_eq(import_figures_load(a, path, fs), 0, "%s", th_captured());
	f = figset_get(fs, "crosscheck.spearman");
	cr_assert_not_null(f);
	cr_assert_float_eq(f->value, 0.5, 1e-9);
	cr_assert_str_eq(f->unit, "rho");
	f = figset_get(fs, "readiness.mex.rank.osi");
	cr_assert_not_null(f);
	cr_assert_float_eq(f->value, 3, 1e-9);
	th_rmtree(dir);
	arena_free(a);
}

/* ---- readiness indicators: the edition's readiness_values.csv ---- */

static struct import_opts readiness_opts(const char *out)
{
	return (struct import_opts){
		.raw_dir = TEST_SRCDIR "/data/raw",
		.out_dir = out,
		.oecd_path = TEST_SRCDIR "/data/rules/oecd_members_2017.csv",
		.edition_dir = TEST_SRCDIR "/data/2018",
		.readiness_only = true,
		.quiet = true,
	};
}

Test(import, readiness_values_reimport_byte_for_byte)
{
	char *dir = tmpdir();
	struct import_opts o = readiness_opts(dir);
	struct import_result res;
	struct arena *a = arena_new();
	char *got, *want;

	th_capture();
	cr_assert_eq(import_run(a, &o, &res), 0, "%s", th_captured());
	cr_assert_eq(outfile_commit(), 0, "%s", th_captured());
	got = slurp(dir, "readiness_values.csv");
	want = slurp(TEST_SRCDIR "/data/2018", "readiness_values.csv");
	cr_assert_str_eq(got, want, "data/2018/readiness_values.csv is not what `reportgen import "
	                 "--readiness --raw data/raw --edition data/2018` writes");
	cr_assert_eq(res.oecd, 35);
	cr_assert_eq(res.readiness_values + 1, count_lines(got));
	/* the seven members the Open Data Index lacks (data/SOURCES.md) */
	cr_assert_eq(res.readiness_missing, 7);
	free(got);
	free(want);
	arena_free(a);
}

/* Every value row names a line of a raw file that holds the value. */
Test(import, readiness_values_trace_to_raw_lines)
{
	FILE *fp = fopen(TEST_SRCDIR "/data/2018/readiness_values.csv", "r");
	char line[1024];
	size_t rows = 0;

	cr_assert_not_null(fp);
	cr_assert_not_null(fgets(line, sizeof line, fp));   /* header */
	while (fgets(line, sizeof line, fp) != NULL) {
		char *f[7], *p = line, path[512], raw[16384];
		int n = 0, want, ln = 0;
		FILE *rf;

		line[strcspn(line, "\n")] = '\0';
		for (f[n++] = p; *p && n < 7; p++)
			if (*p == ',') {
				*p = '\0';
				f[n++] = p + 1;
			}
		cr_assert_eq(n, 7, "%s", line);
		cr_assert_str_eq(f[5], "official");
		want = atoi(f[4]);
		snprintf(path, sizeof path, "%s/data/raw/%s", TEST_SRCDIR, f[3]);
		rf = fopen(path, "r");
		cr_assert_not_null(rf, "%s", path);
		while (fgets(raw, sizeof raw, rf) != NULL)
			if (++ln == want)
				break;
		fclose(rf);
		cr_assert_eq(ln, want, "%s: no line %d", f[3], want);
		cr_assert_not_null(strstr(raw, f[2]), "%s:%d does not hold %s", f[3], want, f[2]);
		/* the country's own row (ISO code, or the Open Data Index's name) */
		cr_assert(strstr(raw, f[0]) != NULL || strcmp(f[1], "data_available") == 0,
		          "%s:%d is not %s's row", f[3], want, f[0]);
		rows++;
	}
	fclose(fp);
	cr_assert_gt(rows, 200);
}

Test(import, readiness_only_needs_an_edition)
{
	struct import_opts o = readiness_opts(NULL);
	struct import_result res;
	struct arena *a = arena_new();

	o.edition_dir = NULL;
	th_capture();
	cr_assert_eq(import_run(a, &o, &res), -1);
	assert_msg("--readiness needs --edition");
	arena_free(a);
}

Test(import, readiness_metric_names_its_raw_column)
{
	char *ed = tmpdir();
	char path[4096];
	struct import_opts o = readiness_opts(NULL);
	struct import_result res;
	struct arena *a = arena_new();
	static const char bad[] =
		"code,reader,raw_file,raw_field,raw_year,indicator_source\n"
		"m1,wgi,worldbank_wgi_1996_2022_all_indicators.csv,GE.EST,,wb_wgi\n";

	snprintf(path, sizeof path, "%s/readiness_metrics.csv", ed);
	cr_assert_eq(th_write_file(path, bad, sizeof bad - 1), 0);
	o.edition_dir = ed;
	th_capture();
	cr_assert_eq(import_run(a, &o, &res), -1);
	assert_msg("readiness_metrics.csv:2:4: error: metric 'm1' (reader wgi) needs raw_file, "
	           "indicator_source, raw_field and raw_year");
	arena_free(a);
}

/* A later edition names later raw files in its readiness_metrics.csv: the
 * 2018 Survey and WGI 2018 are read by the same code. */
Test(import, readiness_later_edition_needs_no_code_change)
{
	char *ed = tmpdir(), *out = tmpdir();
	char path[4096];
	struct import_opts o = readiness_opts(out);
	struct import_result res;
	struct arena *a = arena_new();
	char *got;
	static const char spec[] =
		"code,reader,raw_file,raw_field,raw_year,indicator_source\n"
		"digital_services,egov,un_egdi_2018.csv,osi,2018,un_egov_2018\n"
		"gov_effectiveness,wgi,worldbank_wgi_1996_2022_all_indicators.csv,GE.EST,2018,wb_wgi\n"
		"ai_startups,none,,,,\n";

	snprintf(path, sizeof path, "%s/readiness_metrics.csv", ed);
	cr_assert_eq(th_write_file(path, spec, sizeof spec - 1), 0);
	o.edition_dir = ed;
	th_capture();
	cr_assert_eq(import_run(a, &o, &res), 0, "%s", th_captured());
	cr_assert_eq(outfile_commit(), 0, "%s", th_captured());
	got = slurp(out, "readiness_values.csv");
	cr_assert_eq(res.readiness_values, 70, "%s", got);
	cr_assert_not_null(strstr(got, "\nMEX,digital_services,"), "%s", got);
	cr_assert_not_null(strstr(got, ",un_egdi_2018.csv,"), "%s", got);
	cr_assert_null(strstr(got, ",ai_startups,"), "%s", got);
	free(got);
	arena_free(a);
}

/* ---- The inputs by name and year (import.csv) ---- */

static char *write_inputs(const char *text)
{
	char *dir = tmpdir(), *path = malloc(strlen(dir) + 16);

	cr_assert_not_null(path);
	sprintf(path, "%s/import.csv", dir);
	cr_assert_eq(th_write_file(path, text, strlen(text)), 0);
	return path;
}

#define INPUTS_HEAD "input,file,year,provenance,source\n"
#define INPUTS_2019 INPUTS_HEAD \
	"onet,onet_18_1_text,2014,official,onet_18_1\n" \
	"frey_osborne,frey_osborne_2013_prob_computerisation_702.csv,2013,published,frey_osborne_2013\n" \
	"us_employment,frey_osborne_prob_with_bls_may2016_employment.csv,2016,official,bls_oes_2016\n" \
	"egov,un_egdi_2018.csv,2018,official,un_egov_2018\n" \
	"wgi,worldbank_wgi_1996_2022_all_indicators.csv,2018,official,wb_wgi\n" \
	"open_data,global_open_data_index_2016_scores.csv,2016,official,godi_2016\n" \
	"population,inegi_intercensal2015_population_by_state.csv,2015,official,inegi_intercensal_2015\n"

Test(import, inputs_by_name_and_year)
{
	struct arena *a = arena_new();
	struct import_inputs in;
	char *path = write_inputs(INPUTS_2019);

	th_capture();
	cr_assert_eq(import_inputs_load(a, path, &in), 0, "%s", th_captured());
	cr_assert_str_eq(in.file[IMPORT_EGOV], "un_egdi_2018.csv");
	cr_assert_str_eq(in.year[IMPORT_WGI], "2018");
	cr_assert_eq(import_inputs_load(a, NULL, &in), 0);   /* the 2018 edition's */
	cr_assert_str_eq(in.file[IMPORT_EGOV], "un_egdi_2016.csv");
	cr_assert_str_eq(in.year[IMPORT_WGI], "2016");
	free(path);
	arena_free(a);
}

Test(import, inputs_missing_or_unknown_are_errors)
{
	struct arena *a = arena_new();
	struct import_inputs in;
	char *path = write_inputs(INPUTS_HEAD "onet,onet_18_1_text,2014,official,onet_18_1\n"
	                          "egovv,un_egdi_2018.csv,2018,official,un_egov_2018\n");

	th_capture();
	cr_assert_eq(import_inputs_load(a, path, &in), -1);
	assert_msg("import.csv:3:1: error:");
	free(path);
	path = write_inputs(INPUTS_HEAD "onet,onet_18_1_text,2014,official,onet_18_1\n");
	th_capture();
	cr_assert_eq(import_inputs_load(a, path, &in), -1);
	assert_msg("import.csv: error: no row for the input 'frey_osborne'");
	free(path);
	path = write_inputs(INPUTS_HEAD "onet,../onet_18_1_text,2014,official,onet_18_1\n");
	th_capture();
	cr_assert_eq(import_inputs_load(a, path, &in), -1);
	assert_msg("import.csv:2:6: error: '../onet_18_1_text' is not a file inside the raw folder");
	free(path);
	arena_free(a);
}

/* The 2018 Survey and the WGI for 2018 feed an import with no code change. */
Test(import, a_later_edition_reads_its_inputs_from_import_csv, .timeout = 60)
{
	const char *raw = real_raw();
	struct arena *a = arena_new();
	char *dir = tmpdir(), *path = write_inputs(INPUTS_2019), *figs;
	struct import_opts o = {
		.raw_dir = raw,
		.out_dir = dir,
		.inputs_path = path,
		.rules_path = TEST_SRCDIR "/data/rules/task_rules.txt",
		.overrides_path = TEST_SRCDIR "/data/rules/task_overrides.csv",
		.crosswalk_path = TEST_SRCDIR "/data/rules/soc_major_to_sector.csv",
		.oecd_path = TEST_SRCDIR "/data/rules/oecd_members_2017.csv",
		.quiet = true,
	};
	struct import_result res;

	th_capture();
	cr_assert_eq(import_run(a, &o, &res), 0, "%s", th_captured());
	cr_assert_eq(outfile_commit(), 0, "%s", th_captured());
	figs = slurp(dir, "import_figures.csv");
	cr_assert_not_null(strstr(figs, "\nimport.egov.year,2018,year,un_egdi_2018.csv,"), "%s", figs);
	cr_assert_not_null(strstr(figs, "\nimport.wgi.year,2018,year,"), "%s", figs);
	cr_assert_not_null(strstr(figs, ",UN E-Government Survey 2018 (OSI),"), "%s", figs);
	cr_assert_not_null(strstr(figs, ",World Bank WGI GE.EST 2018,"), "%s", figs);
	free(figs);
	figs = slurp(dir, "readiness_inputs.csv");
	cr_assert_eq(strncmp(figs, "iso3,name,osi_2018,osi_rank,ge_2018,ge_rank,odi_2016\n", 52), 0,
	             "%s", figs);
	free(figs);
	cr_log_info("import with the 2018 inputs: Mexico OSI rank %d, WGI GE rank %d among %zu",
	            res.mex_rank_osi, res.mex_rank_ge, res.oecd);
	free(path);
	arena_free(a);
}
