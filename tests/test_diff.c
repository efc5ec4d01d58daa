/*
 * reportgen diff: the figures that changed between two runs (run/diff.c),
 * on hand-made figures.csv files and, end to end, on two runs of the
 * default edition and of a perturbed copy.
 */
#include "helpers.h"

#include "base/base.h"
#include "run/run.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPOCH "SOURCE_DATE_EPOCH=1527811200"

/* run_diff of two figures.csv texts; returns the listing (malloc'd). */
static char *diff_of(const char *old_csv, const char *new_csv, int csv, int *rc)
{
	char *dir = th_tmpdir(), a[512], b[512], *out;
	size_t len = 0;
	FILE *fp;

	cr_assert_not_null(dir);
	snprintf(a, sizeof a, "%s/old.csv", dir);
	snprintf(b, sizeof b, "%s/new.csv", dir);
	cr_assert_eq(th_write_file(a, old_csv, strlen(old_csv)), 0);
	cr_assert_eq(th_write_file(b, new_csv, strlen(new_csv)), 0);
	fp = open_memstream(&out, &len);
	cr_assert_not_null(fp);
	th_capture();
	*rc = run_diff(a, b, csv, fp);
	th_capture_end();
	fclose(fp);
	return out;
}

#define HEAD "key,value,unit,source,formula\n"

Test(diff, identical_figures_list_nothing)
{
	const char *f = HEAD "a,1,,s,\nb,text,,s,\nc,2.50,,s,\n";
	int rc;
	char *out = diff_of(f, HEAD "a,1.0,,s,\nb,text,,s,\nc,2.5,,s,\n", 0, &rc);

	cr_assert_eq(rc, 0);
	cr_assert_eq(strncmp(out, "0 changed, 0 added, 0 removed (of 3 figures in ", 47), 0, "%s", out);
	free(out);
}

Test(diff, changed_added_removed_with_change_and_relative_change)
{
	int rc;
	char *out = diff_of(HEAD "a,200,,s,\nb,old,,s,\ngone,1,,s,\nz,0,,s,\n",
	                    HEAD "a,150,,s,\nb,new,,s,\nz,0.3,,s,\nnew,7,,s,\n", 0, &rc);

	cr_assert_eq(rc, 0);
	cr_assert_not_null(strstr(out, "a: 200 -> 150 (-50, -25.00%)\n"), "%s", out);
	cr_assert_not_null(strstr(out, "b: old -> new\n"), "%s", out);
	/* no relative change from zero, no binary noise in the change */
	cr_assert_not_null(strstr(out, "z: 0 -> 0.3 (+0.3)\n"), "%s", out);
	cr_assert_not_null(strstr(out, "new: added 7\n"), "%s", out);
	cr_assert_not_null(strstr(out, "gone: removed 1\n"), "%s", out);
	cr_assert_not_null(strstr(out, "3 changed, 1 added, 1 removed"), "%s", out);
	free(out);
}

Test(diff, csv_listing)
{
	int rc;
	char *out = diff_of(HEAD "a,200,,s,\nq,\"x, y\",,s,\n", HEAD "a,250,,s,\nq,z,,s,\n", 1, &rc);

	cr_assert_eq(rc, 0);
	cr_assert_str_eq(out, "key,old,new,change,relative_change,status\n"
	                      "a,200,250,+50,0.25,changed\n"
	                      "q,\"x, y\",z,,,changed\n");
	free(out);
}

Test(diff, an_unreadable_side_is_an_error)
{
	char *out = NULL;

	cr_assert_eq(th_run(&out, "'%s' diff /nonexistent/a /nonexistent/b", th_bin()), 3, "%s", out);
	cr_assert_not_null(strstr(out, "/nonexistent/a"), "%s", out);
	free(out);
	cr_assert_eq(th_run(&out, "'%s' diff only-one", th_bin()), 2, "%s", out);
	free(out);
}

/* Two runs of the same edition list nothing; a run of a copy with
 * construction's employment doubled lists that sector's figures. */
Test(diff, end_to_end_on_the_default_edition, .timeout = 180)
{
	char *dir = th_tmpdir(), *log = NULL;

	cr_assert_not_null(dir);
	cr_assert_eq(th_copy_edition(dir), 0);
	cr_assert_eq(th_run(&log, EPOCH " '%s' --quiet --only figures --out '%s/a'", th_bin(), dir), 0,
	             "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, EPOCH " '%s' --quiet --only figures --out '%s/b'", th_bin(), dir), 0,
	             "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, "'%s' diff '%s/a' '%s/b'", th_bin(), dir, dir), 0, "%s", log);
	cr_assert_not_null(strstr(log, "0 changed, 0 added, 0 removed"), "%s", log);
	free(log);

	cr_assert_eq(th_run(NULL, "cd '%s/edition' && awk -F, 'BEGIN{OFS=\",\"} $1==\"construction\"{$3*=2} {print}' "
	                    "employment.csv > e.tmp && mv e.tmp employment.csv", dir), 0);
	cr_assert_eq(th_run(&log, EPOCH " '%s' --quiet --only figures --data '%s/edition' --out '%s/c'",
	                    th_bin(), dir, dir), 0, "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, "'%s' diff --csv '%s/a' '%s/c'", th_bin(), dir, dir), 0, "%s", log);
	cr_assert_not_null(strstr(log, "\nsector.construction.affected,"), "%s", log);
	cr_assert_not_null(strstr(log, "\njobs.affected.total,"), "%s", log);
	cr_assert_null(strstr(log, "\nedition.year,"), "%s", log);
	free(log);
}
