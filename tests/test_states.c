/*
 * states: the state import reproduces the committed datasets byte for byte,
 * gives the hand-worked datasets of a three-state fixture, and refuses bad raw
 * files (tests/fixtures/states/, README there); the estimated state
 * employment adds up (model/states/).
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "import/import.h"
#include "model/automation/automation.h"
#include "model/regions/regions.h"
#include "model/states/states.h"
#include "helpers.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

#define ED TEST_SRCDIR "/data/2018"
#define FX TEST_SRCDIR "/tests/fixtures/states"
#define NOUT 2

static const char *const out_files[NOUT] = { "state_indicators.csv", "state_gdp_sectors.csv" };

/* Over the states, the ENOE workforce may differ from the national model's
 * employment by the gap between the two sources (the survey's active
 * population includes the unemployed; the model's total is OECD-based):
 * within 10 %. */
#define SOURCES_GAP_TOL 0.10

Test(states, import_reproduces_the_committed_datasets)
{
	char *dir = th_tmpdir();
	struct arena *a = arena_new();
	struct import_states_opts o = { TEST_SRCDIR "/data/raw/states", dir, ED, 0, 0 };
	static const char *const files[] = { "state_indicators.csv", "state_gdp_sectors.csv" };

	cr_assert_eq(import_states(a, &o), 0);
	cr_assert_eq(outfile_commit(), 0);
	outfile_forget();
	for (size_t i = 0; i < 2; i++) {
		char *p = arena_printf(a, "%s/%s", dir, files[i]);
		char *q = arena_printf(a, "%s/%s", ED, files[i]);
		size_t n1, n2;
		char *x = th_read_file(p, &n1), *y = th_read_file(q, &n2);

		cr_assert_not_null(x);
		cr_assert_not_null(y);
		cr_expect(n1 == n2 && memcmp(x, y, n1) == 0,
		          "%s: importing again differs from the committed file", files[i]);
		free(x);
		free(y);
	}
	arena_free(a);
}

Test(states, estimated_employment_adds_up)
{
	struct arena *a = arena_new();
	struct automation_input ai;
	struct automation_result *ar = arena_alloc(a, sizeof *ar);
	struct regions_data rd;
	struct states_data sd;
	struct states_result sr;
	double all = 0;

	cr_assert_eq(automation_load(a, ED, &ai), 0);
	cr_assert_eq(automation_compute(&ai, ar), 0);
	cr_assert_eq(regions_load(a, ED, &rd), 0);
	cr_assert_eq(states_load(a, ED, &rd, &ai, &sd), 0);
	cr_assert_eq(states_compute(a, &sd, ar, &sr), 0);
	cr_assert_eq(sr.n, 32);
	for (size_t i = 0; i < sr.n; i++) {
		double e = 0;

		for (size_t s = 0; s < sr.nsectors; s++)
			e += sr.emp[i * sr.nsectors + s];
		cr_expect(fabs(e / sr.v[STI_WORK][i] - 1) < STATES_SUM_TOL,
		          "%s: estimated employment %.1f, ENOE %.1f", rd.states[i].slug, e,
		          sr.v[STI_WORK][i]);
		cr_expect(sr.affected[i] > 0 && sr.affected[i] < e);
		all += e;
	}
	/* before scaling, each sector's national employment is spread exactly */
	for (size_t s = 0; s < sr.nsectors; s++) {
		double raw = 0;

		for (size_t i = 0; i < sr.n; i++)
			raw += sr.emp_raw[i * sr.nsectors + s];
		cr_expect(fabs(raw - ar->sector[s].employed) <=
		          STATES_SUM_TOL * ar->sector[s].employed + 1e-6, "sector %s", ai.sectors[s].code);
	}
	cr_expect(fabs(all / ar->employed - 1) < SOURCES_GAP_TOL,
	          "states %.0f against national %.0f", all, ar->employed);
	cr_expect(fabs(sr.sum_affected / ar->affected[AUTO_LONG] - 1) < SOURCES_GAP_TOL);
	arena_free(a);
}

/* Ranks, base years and per-person values on the committed data. */
Test(states, ranks_and_changes_on_the_committed_data)
{
	struct arena *a = arena_new();
	struct automation_input ai;
	struct automation_result *ar = arena_alloc(a, sizeof *ar);
	struct regions_data rd;
	struct states_data sd;
	struct states_result sr;
	long cdmx, mex;

	cr_assert_eq(automation_load(a, ED, &ai), 0);
	cr_assert_eq(automation_compute(&ai, ar), 0);
	cr_assert_eq(regions_load(a, ED, &rd), 0);
	cr_assert_eq(states_load(a, ED, &rd, &ai, &sd), 0);
	cr_assert_eq(states_compute(a, &sd, ar, &sr), 0);
	cdmx = regions_find(&rd, "ciudad-de-mexico");
	mex = regions_find(&rd, "mexico");
	cr_expect_eq(sr.rank[STI_GDP][cdmx], 1, "Mexico City has the largest value added");
	cr_expect_eq(sr.rank[STI_POP][mex], 1, "the State of Mexico is the most populous");
	cr_expect_eq(sr.rank[STI_RES][cdmx], 1);
	cr_expect_eq(sr.y0[STI_GDP][cdmx], 2011);
	cr_expect_eq(sr.y0[STI_NET][cdmx], 2015, "the internet series starts in 2015");
	cr_expect(fabs(sr.gdp_pc[cdmx] - sr.v[STI_GDP][cdmx] * 1e6 / sr.v[STI_POP][cdmx]) < 1e-6);
	arena_free(a);
}

/* ---- the import on small raw fixtures ---- */

/* tmp/edition and tmp/raw copied from the fixture, an empty tmp/out; the
 * import runs from inside tmp, so that the messages name relative paths. */
static char *fx_begin(void)
{
	char *tmp = th_tmpdir();

	cr_assert_not_null(tmp);
	cr_assert_eq(th_run(NULL, "cp -r '%s/edition' '%s/raw' '%s/' && mkdir '%s/out'", FX, FX,
	                    tmp, tmp), 0);
	return tmp;
}

static int fx_import(const char *tmp, char **log)
{
	return th_run(log, "cd '%s' && '%s' import --states raw --out out --edition edition "
	              "--year 2016 --span 2 --quiet", tmp, th_bin());
}

static char *fx_read(const char *dir, const char *name, size_t *n)
{
	char *p, *d;

	cr_assert(asprintf(&p, "%s/%s", dir, name) > 0);
	d = th_read_file(p, n);
	free(p);
	return d;
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	cr_assert_not_null(d, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* Three states, two sectors' years of GDP, quarters averaged, shares from
 * percentages, rows of other valuations, indents, sexes and years skipped:
 * tests/fixtures/states/expected/ was worked out by hand. */
Test(states, import_gives_the_hand_worked_datasets)
{
	char *tmp = fx_begin(), *log = NULL, *out;

	cr_assert(asprintf(&out, "%s/out", tmp) > 0);
	cr_assert_eq(fx_import(tmp, &log), 0, "import failed:\n%s", log);
	cr_expect_str_empty(log);
	for (int i = 0; i < NOUT; i++) {
		size_t n1, n2;
		char *got = fx_read(out, out_files[i], &n1), *want;

		want = fx_read(FX "/expected", out_files[i], &n2);
		cr_assert_not_null(got, "%s not written", out_files[i]);
		cr_assert_not_null(want);
		cr_expect(n1 == n2 && memcmp(got, want, n1) == 0,
		          "%s differs from the hand-worked file:\n%s", out_files[i], got);
		free(got);
		free(want);
	}
	free(log);
	free(out);
}

ParameterizedTestParameters(states, import_refuses_bad_raw_files)
{
	return th_name_params(FX "/bad", th_keep_folder);
}

/* One folder a case under tests/fixtures/states/bad/: raw/ and edition/ files
 * laid over the fixture's, and `expected` ("exit N", then the exact stderr).
 * A good import runs first; the bad one must leave its outputs as they were
 * and no temporary file. REPORTGEN_UPDATE_GOLDEN=1 rewrites `expected`. */
ParameterizedTest(struct th_name *bc, states, import_refuses_bad_raw_files)
{
	char *tmp = fx_begin(), *dir, *out, *log = NULL, *exp_path, *want, *before[NOUT];
	size_t len[NOUT];
	int st, want_st;

	cr_assert(asprintf(&dir, "%s/bad/%s", FX, bc->name) > 0);
	cr_assert(asprintf(&out, "%s/out", tmp) > 0);
	cr_assert(asprintf(&exp_path, "%s/expected", dir) > 0);
	cr_assert_eq(fx_import(tmp, NULL), 0);
	for (int i = 0; i < NOUT; i++)
		cr_assert_not_null(before[i] = fx_read(out, out_files[i], &len[i]));
	cr_assert_eq(th_run(NULL, "for p in raw edition; do if [ -d '%s/'$p ]; then "
	                    "cp -r '%s/'$p/. '%s/'$p/; fi; done", dir, dir, tmp), 0);
	st = fx_import(tmp, &log);
	if (getenv("REPORTGEN_UPDATE_GOLDEN") != NULL) {
		char *text;

		cr_assert(asprintf(&text, "exit %d\n%s", st, log) > 0);
		cr_assert_eq(th_write_file(exp_path, text, strlen(text)), 0);
		free(text);
	}
	want = th_read_file(exp_path, NULL);
	cr_assert_not_null(want, "%s: no file 'expected'", bc->name);
	cr_assert(sscanf(want, "exit %d", &want_st) == 1 && strchr(want, '\n') != NULL,
	          "%s/expected: the first line must be 'exit N'", bc->name);
	cr_expect_eq(st, want_st, "%s: exit status %d, expected %d", bc->name, st, want_st);
	cr_expect_str_eq(log, strchr(want, '\n') + 1,
	                 "%s: stderr differs.\n---- expected:\n%s---- got:\n%s", bc->name,
	                 strchr(want, '\n') + 1, log);
	for (int i = 0; i < NOUT; i++) {
		size_t n;
		char *now = fx_read(out, out_files[i], &n);

		cr_expect(now != NULL && n == len[i] && memcmp(now, before[i], n) == 0,
		          "%s: %s changed", bc->name, out_files[i]);
		free(now);
		free(before[i]);
	}
	cr_expect_eq(count_entries(out), NOUT, "%s: more than the two outputs in out/",
	             bc->name);
	free(want);
	free(log);
	free(exp_path);
	free(out);
	free(dir);
}
