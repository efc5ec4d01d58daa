/*
 * Tests of staged, all-or-nothing output (generator/outfile.c).
 */
#include <criterion/criterion.h>

#include "base/base.h"
#include "helpers.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64];
static int set_up;

static void setup(void)
{
	char *t = th_tmpdir();

	cr_assert(t != NULL && strlen(t) < sizeof dir);
	strcpy(dir, t);
	th_capture();
	set_up = 1;
}

/* Also called by a test before it skips: Criterion runs no .fini then. */
static void teardown(void)
{
	if (!set_up)
		return;
	set_up = 0;
	outfile_abort();
	outfile_forget();
	th_capture_end();
	if (th_rmtree(dir) != 0)
		cr_log_warn("could not remove %s", dir);
}

static char *path_in(const char *name)
{
	static char bufs[8][256];
	static int k;
	char *p = bufs[k++ % 8];

	snprintf(p, 256, "%s/%s", dir, name);
	return p;
}

/* A whole file, or NULL; valid until four more calls. */
static char *slurp(const char *path)
{
	static char *last[4];
	static int k;

	k = (k + 1) % 4;
	free(last[k]);
	last[k] = th_read_file(path, NULL);
	return last[k];
}

/* Number of temp files ("*.tmp.*") under d, recursively. */
static int count_temps(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *e;
	int n = 0;

	if (dp == NULL)
		return 0;
	while ((e = readdir(dp)) != NULL) {
		char sub[512];

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (strstr(e->d_name, ".tmp.") != NULL)
			n++;
		snprintf(sub, sizeof sub, "%s/%s", d, e->d_name);
		n += count_temps(sub);
	}
	closedir(dp);
	return n;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

TestSuite(outfile, .init = setup, .fini = teardown);

Test(outfile, nothing_appears_before_commit)
{
	const char *a = path_in("figures.csv"), *b = path_in("tables/sectors.csv");

	cr_assert_eq(outfile_stage(a, "key,value\n", 10), 0);
	cr_assert_eq(outfile_stage(b, "x\n", 2), 0);
	cr_assert_eq(outfile_staged_count(), 2);
	cr_assert_not(exists(a));
	cr_assert_not(exists(b));
	cr_assert_eq(count_temps(dir), 2);
	cr_assert_eq(outfile_commit(), 0);
	cr_assert_str_eq(slurp(a), "key,value\n");
	cr_assert_str_eq(slurp(b), "x\n");
	cr_assert_eq(count_temps(dir), 0);
	cr_assert_eq(outfile_staged_count(), 0);
	cr_assert_eq(outfile_committed_count(), 2);
	cr_assert_str_eq(outfile_committed_at(0), a);
	cr_assert_str_eq(outfile_committed_at(1), b);
	cr_assert_null(outfile_committed_at(2));
	cr_assert_str_eq(th_captured(), "");
}

Test(outfile, abort_keeps_previous_good_output)
{
	const char *a = path_in("report.pdf");

	cr_assert_eq(outfile_stage(a, "old", 3), 0);
	cr_assert_eq(outfile_commit(), 0);
	cr_assert_eq(outfile_stage(a, "new, longer", 11), 0);
	cr_assert_str_eq(slurp(a), "old");
	outfile_abort();
	cr_assert_str_eq(slurp(a), "old");
	cr_assert_eq(count_temps(dir), 0);
	cr_assert_eq(outfile_committed_count(), 1);
}

Test(outfile, staging_a_path_twice_keeps_the_last)
{
	const char *a = path_in("x.csv");

	cr_assert_eq(outfile_stage(a, "first version", 13), 0);
	cr_assert_eq(outfile_stage(a, "2nd", 3), 0);
	cr_assert_eq(outfile_staged_count(), 1);
	cr_assert_eq(outfile_commit(), 0);
	cr_assert_str_eq(slurp(a), "2nd");
	cr_assert_eq(outfile_committed_count(), 1);
}

Test(outfile, empty_file)
{
	const char *a = path_in("empty.csv");

	cr_assert_eq(outfile_stage(a, "", 0), 0);
	cr_assert_eq(outfile_commit(), 0);
	cr_assert_str_eq(slurp(a), "");
}

Test(outfile, check_dir_creates_nested_folders)
{
	const char *d = path_in("out/2018");

	cr_assert_eq(outfile_check_dir(d), 0);
	cr_assert(exists(d));
	cr_assert_eq(count_temps(dir), 0);
	cr_assert_eq(outfile_check_dir(d), 0, "an existing folder is fine");
}

Test(outfile, check_dir_on_a_file)
{
	const char *f = path_in("out");
	char want[512];
	FILE *fp = fopen(f, "w");

	cr_assert_not_null(fp);
	fclose(fp);
	cr_assert_eq(outfile_check_dir(path_in("out/2018")), -1);
	snprintf(want, sizeof want, "reportgen: error: cannot write to '%s/out/2018': "
	         "Not a directory\n", dir);
	cr_assert_str_eq(th_captured(), want);
	cr_assert_eq(diag_status(), EXIT_SYS);
}

Test(outfile, check_dir_permission_denied)
{
	const char *d = path_in("ro");
	char want[512];

	if (geteuid() == 0) {
		teardown();
		cr_skip_test("running as root: permissions are not enforced");
	}
	cr_assert_eq(mkdir(d, 0555), 0);
	cr_assert_eq(outfile_check_dir(d), -1);
	snprintf(want, sizeof want, "reportgen: error: cannot write to '%s/ro': "
	         "Permission denied\n", dir);
	cr_assert_str_eq(th_captured(), want);
	cr_assert_eq(diag_status(), EXIT_SYS);
}

/* ulimit -f: with SIGXFSZ ignored the write fails with EFBIG. */
Test(outfile, file_size_limit_is_a_clear_error)
{
	const char *a = path_in("big.bin");
	static char bytes[64 * 1024];
	struct rlimit rl = { 4096, 4096 };
	char want[512];

	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
	memset(bytes, 'x', sizeof bytes);
	cr_assert_eq(outfile_stage(a, bytes, sizeof bytes), -1);
	snprintf(want, sizeof want, "reportgen: error: cannot write '%s/big.bin': "
	         "File too large\n", dir);
	cr_assert_str_eq(th_captured(), want);
	cr_assert_eq(diag_status(), EXIT_SYS);
	cr_assert_eq(count_temps(dir), 0, "temp left behind");
	cr_assert_eq(outfile_staged_count(), 0);
	outfile_abort();
	cr_assert_not(exists(a));
}

/* A failed restage drops the file from the commit; the others stay. */
Test(outfile, failed_stage_is_not_committed)
{
	const char *a = path_in("a.csv"), *b = path_in("b.csv");
	static char bytes[64 * 1024];
	struct rlimit rl = { 4096, 4096 };

	cr_assert_eq(outfile_stage(a, "a", 1), 0);
	cr_assert_eq(outfile_stage(b, "b", 1), 0);
	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
	cr_assert_eq(outfile_stage(a, bytes, sizeof bytes), -1);
	cr_assert_eq(outfile_staged_count(), 1);
	cr_assert_eq(outfile_commit(), 0);
	cr_assert_not(exists(a));
	cr_assert_str_eq(slurp(b), "b");
	cr_assert_eq(count_temps(dir), 0);
}

Test(outfile, rename_failure_removes_the_rest)
{
	const char *a = path_in("taken"), *b = path_in("later.csv");
	char want[1024];

	cr_assert_eq(mkdir(a, 0777), 0);
	cr_assert_eq(mkdir(path_in("taken/inner"), 0777), 0);
	cr_assert_eq(outfile_stage(a, "x", 1), 0);
	cr_assert_eq(outfile_stage(b, "y", 1), 0);
	cr_assert_eq(outfile_commit(), -1);
	snprintf(want, sizeof want, "reportgen: error: cannot rename '%s/taken.tmp.%ld' to "
	         "'%s/taken': Is a directory\n", dir, (long)getpid(), dir);
	cr_assert_str_eq(th_captured(), want);
	cr_assert_eq(count_temps(dir), 0);
	cr_assert_not(exists(b));
	cr_assert_eq(outfile_committed_count(), 0);
}

Test(outfile, parent_folder_cannot_be_created)
{
	const char *f = path_in("file");
	char want[512];
	FILE *fp = fopen(f, "w");

	cr_assert_not_null(fp);
	fclose(fp);
	cr_assert_eq(outfile_stage(path_in("file/x.csv"), "a", 1), -1);
	snprintf(want, sizeof want, "reportgen: error: cannot create folder '%s/file': "
	         "Not a directory\n", dir);
	cr_assert_str_eq(th_captured(), want);
}

/* Run child() in a forked process and return its wait status. */
static int in_child(void (*child)(void))
{
	pid_t pid = fork();
	int st = 0;

	cr_assert_neq(pid, -1);
	if (pid == 0) {
		child();
		_exit(0);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	return st;
}

static void stage_and_get_killed(void)
{
	outfile_install_signal_cleanup();
	if (outfile_stage(path_in("a.pdf"), "partial", 7) != 0 ||
	    outfile_stage(path_in("tables/t.csv"), "partial", 7) != 0)
		_exit(10);
	if (count_temps(dir) != 2)
		_exit(11);
	kill(getpid(), SIGTERM);
	_exit(12);
}

Test(outfile, sigterm_removes_staged_temps)
{
	int st = in_child(stage_and_get_killed);

	cr_assert(WIFSIGNALED(st), "child status %d", st);
	cr_assert_eq(WTERMSIG(st), SIGTERM);
	cr_assert_eq(count_temps(dir), 0);
	cr_assert_not(exists(path_in("a.pdf")));
}

static void stage_and_exit(void)
{
	outfile_install_signal_cleanup();
	if (outfile_stage(path_in("a.pdf"), "partial", 7) != 0)
		_exit(10);
	exit(EXIT_SYS);   /* e.g. out of memory: atexit handlers run */
}

Test(outfile, exit_removes_staged_temps)
{
	int st = in_child(stage_and_exit);

	cr_assert(WIFEXITED(st));
	cr_assert_eq(WEXITSTATUS(st), EXIT_SYS);
	cr_assert_eq(count_temps(dir), 0);
	cr_assert_not(exists(path_in("a.pdf")));
}

/* What a worker process does (run.c --jobs): stage, hand the list over,
 * release it; the parent adopts the temps and commits or aborts them all. */
Test(outfile, released_temps_are_adopted_and_committed_or_aborted)
{
	const char *a = path_in("briefs/en/a.pdf"), *b = path_in("briefs/en/b.pdf");
	char tmp_a[512], tmp_b[512];

	cr_assert_eq(outfile_stage(a, "AAA", 3), 0);
	cr_assert_eq(outfile_stage(b, "BB", 2), 0);
	cr_assert_eq(outfile_staged_count(), 2);
	cr_assert_str_eq(outfile_staged_path(0), a);
	cr_assert_str_eq(outfile_staged_path(1), b);
	cr_assert_null(outfile_staged_path(2));
	snprintf(tmp_a, sizeof tmp_a, "%s", outfile_staged_tmp(0));
	snprintf(tmp_b, sizeof tmp_b, "%s", outfile_staged_tmp(1));
	outfile_release();
	cr_assert_eq(outfile_staged_count(), 0);
	cr_assert(exists(tmp_a) && exists(tmp_b), "released temps stay on disk");
	outfile_abort();
	cr_assert(exists(tmp_a), "abort no longer knows released temps");

	/* the parent: adopt, then commit */
	cr_assert_eq(outfile_adopt(a, tmp_a), 0);
	cr_assert_eq(outfile_adopt(b, tmp_b), 0);
	cr_assert_eq(outfile_staged_count(), 2);
	cr_assert_eq(outfile_commit(), 0);
	cr_assert_str_eq(slurp(a), "AAA");
	cr_assert_str_eq(slurp(b), "BB");
	cr_assert_eq(count_temps(dir), 0);

	/* adopted temps are removed by an abort too */
	cr_assert_eq(outfile_stage(a, "new", 3), 0);
	snprintf(tmp_a, sizeof tmp_a, "%s", outfile_staged_tmp(0));
	outfile_release();
	cr_assert_eq(outfile_adopt(a, tmp_a), 0);
	outfile_abort();
	cr_assert_not(exists(tmp_a));
	cr_assert_str_eq(slurp(a), "AAA", "the committed file is untouched");

	/* a temp that is not there is an error naming it */
	cr_assert_eq(outfile_adopt(b, tmp_a), -1);
	cr_assert_not_null(strstr(th_captured(), tmp_a), "%s", th_captured());
	cr_assert_eq(diag_status(), EXIT_SYS);
}

/* A run killed while probing the folder leaves nothing that the next run
 * does not take away: the probe is unnamed where the file system allows it,
 * else named like a temp of its process. */
Test(outfile, check_dir_leaves_no_probe_and_removes_dead_ones)
{
	char probe[512], live[512];
	pid_t pid = fork();
	int st;

	cr_assert_geq(pid, 0);
	if (pid == 0)
		_exit(0);
	waitpid(pid, &st, 0);   /* pid is now a dead process */
	snprintf(probe, sizeof probe, "%s/.reportgen-probe.tmp.%ld", dir, (long)pid);
	snprintf(live, sizeof live, "%s/.reportgen-probe.tmp.%ld", dir, (long)getppid());
	FILE *a = fopen(probe, "w"), *b = fopen(live, "w");

	cr_assert(a != NULL && b != NULL);
	fclose(a);
	fclose(b);
	cr_assert_eq(outfile_check_dir(dir), 0);
	cr_assert_not(exists(probe), "the dead run's probe is removed");
	cr_assert(exists(live), "a live process's probe is left alone");
	unlink(live);
	cr_assert_eq(count_temps(dir), 0, "outfile_check_dir left a file of its own");
}

/* ---- the journalled commit (outfile_commit_in) ---- */

static int stale_all(const char *rel, void *ctx)
{
	(void)ctx;
	(void)rel;
	return 1;
}

static int stale_none(const char *rel, void *ctx)
{
	(void)ctx;
	(void)rel;
	return 0;
}

/* The files of the "old" generation: a.csv, sub/b.pdf, sub/c.pdf and gone.pdf
 * (which the new plan no longer has), written by an earlier commit so that
 * the manifest lists them; plus a user's notes.txt, never listed. */
static void old_generation(void)
{
	static const char *const names[] = { "a.csv", "sub/b.pdf", "sub/c.pdf", "gone.pdf" };

	for (size_t i = 0; i < 4; i++)
		cr_assert_eq(outfile_stage(path_in(names[i]), "old\n", 4), 0);
	cr_assert_eq(outfile_commit_in(dir, stale_none, NULL), 0);
	outfile_forget();
	cr_assert_eq(th_write_file(path_in("notes.txt"), "mine\n", 5), 0);
}

/* Stage the new generation (gone.pdf is not in it) and commit, stale
 * files removed. */
static int new_generation(void)
{
	static const char *const names[] = { "a.csv", "sub/b.pdf", "sub/c.pdf", "sub/d/e.pdf" };

	for (size_t i = 0; i < 4; i++)
		if (outfile_stage(path_in(names[i]), "new\n", 4) != 0)
			return -1;
	return outfile_commit_in(dir, stale_all, NULL);
}

/* "old", "new", or "mixed" for the outputs now in dir. */
static const char *generation(void)
{
	static const char *const shared[] = { "a.csv", "sub/b.pdf", "sub/c.pdf" };
	int olds = 0, news = 0;

	for (size_t i = 0; i < 3; i++) {
		const char *t = slurp(path_in(shared[i]));

		olds += t != NULL && strcmp(t, "old\n") == 0;
		news += t != NULL && strcmp(t, "new\n") == 0;
	}
	olds += exists(path_in("gone.pdf"));
	news += exists(path_in("sub/d/e.pdf"));
	return olds == 4 && news == 0 ? "old" : news == 4 && olds == 0 ? "new" : "mixed";
}

Test(outfile, commit_removes_stale_listed_files_only)
{
	char *man;

	old_generation();
	cr_assert_eq(new_generation(), 0);
	cr_assert_str_eq(generation(), "new");
	cr_assert_str_eq(slurp(path_in("notes.txt")), "mine\n", "a file reportgen did not write");
	man = slurp(path_in(".reportgen-manifest"));
	cr_assert_not_null(man);
	cr_assert_not_null(strstr(man, "\na.csv\nsub/b.pdf\nsub/c.pdf\nsub/d/e.pdf\n"), "%s", man);
	cr_assert_null(strstr(man, "gone.pdf"));
	cr_assert_null(strstr(man, "notes.txt"));
	cr_assert_not(exists(path_in(".reportgen-journal")));
	cr_assert_eq(count_temps(dir), 0);
	cr_assert_not_null(strstr(th_captured(), "removing "), "%s", th_captured());
}

Test(outfile, stale_none_keeps_what_earlier_runs_wrote)
{
	char *man;

	old_generation();
	cr_assert_eq(outfile_stage(path_in("a.csv"), "new\n", 4), 0);
	cr_assert_eq(outfile_commit_in(dir, stale_none, NULL), 0);
	cr_assert(exists(path_in("gone.pdf")));
	man = slurp(path_in(".reportgen-manifest"));
	cr_assert_not_null(strstr(man, "gone.pdf\n"), "still listed: %s", man);
}

Test(outfile, aborted_run_removes_nothing_and_its_new_folders)
{
	old_generation();
	cr_assert_eq(outfile_stage(path_in("sub/d/e.pdf"), "new\n", 4), 0);
	cr_assert(exists(path_in("sub/d")));
	outfile_abort();
	cr_assert_str_eq(generation(), "old");
	cr_assert_not(exists(path_in("sub/d")), "a folder made for the failed run is left");
	cr_assert(exists(path_in("sub")), "a folder of an earlier run was removed");
}

/* SIGKILL before each step of the commit in turn (the fault hook): the
 * folder then holds the old generation or, once outfile_recover has run, the
 * new one; never a mix, and no journal or temp after the recovery. */
Test(outfile, sigkill_at_every_step_is_old_or_new_after_recovery, .timeout = 60)
{
	int saw_old = 0, saw_new = 0, n;

	for (n = 1; n < 40; n++) {
		pid_t pid;
		int st;

		cr_assert_eq(th_rmtree(dir), 0);
		cr_assert_eq(mkdir(dir, 0700), 0);
		old_generation();
		fflush(NULL);
		pid = fork();
		cr_assert_geq(pid, 0);
		if (pid == 0) {
			char v[16];

			snprintf(v, sizeof v, "%d", n);
			setenv("REPORTGEN_FAULT_COMMIT", v, 1);
			_exit(new_generation() == 0 ? 0 : 1);
		}
		cr_assert_eq(waitpid(pid, &st, 0), pid);
		if (WIFEXITED(st)) {
			cr_assert_eq(WEXITSTATUS(st), 0);
			cr_assert_str_eq(generation(), "new");
			break;
		}
		cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "step %d: status %d", n, st);
		cr_assert_eq(outfile_recover(dir), 0, "step %d", n);
		/* the temps of the killed process go as a later run's stale temps */
		cr_assert_eq(outfile_check_dir(dir), 0);
		saw_old += strcmp(generation(), "old") == 0;
		saw_new += strcmp(generation(), "new") == 0;
		cr_assert_str_neq(generation(), "mixed", "killed before step %d: old and new mixed", n);
		cr_assert_str_eq(slurp(path_in("notes.txt")), "mine\n");
		cr_assert_not(exists(path_in(".reportgen-journal")), "step %d", n);
		cr_assert_eq(count_temps(dir), 0, "step %d: temps left", n);
	}
	cr_assert_lt(n, 40, "the commit never finished");
	/* 1: before the journal is in place; then 4 renames, 1 removal, the
	 * manifest's rename and the journal's removal */
	cr_assert_eq(n, 9, "steps: %d", n - 1);
	cr_assert_eq(saw_old, 1);
	cr_assert_eq(saw_new, 7);
}

Test(outfile, journal_not_whole_is_dropped)
{
	old_generation();
	cr_assert_eq(th_write_file(path_in(".reportgen-journal"), "reportgen-journal 1 1\nR x\ty\n",
	                           26), 0);
	cr_assert_eq(outfile_recover(dir), 0);
	cr_assert_not(exists(path_in(".reportgen-journal")));
	cr_assert_str_eq(generation(), "old");
}
