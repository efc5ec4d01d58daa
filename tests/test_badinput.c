/*
 * Bad-input corpus (issue 9): malformed editions, templates and environments.
 *
 * Most cases are data: a folder tests/fixtures/bad/<case>/ with the files
 * that differ from a copy of data/2018 (edition/), templates/ (templates/) or
 * the font manifest (fonts/manifest), optionally a file "remove" (paths to
 * delete from the copy, one a line) and "args" (more options, one a line), and
 * "expected": "exit N" on its first line, then the exact stderr of the run.
 * The one table-driven test below runs them all (README there says how to
 * add a case or rewrite the expected files).
 *
 * Every case first runs reportgen successfully into an output folder, then
 * runs it again on the broken input into the same folder and checks the exit
 * status and the messages, that the previous outputs are byte-identical and
 * that no *.tmp.* file is left.
 *
 * Cases stay in code where the input is made by code or the trouble is not a
 * file: a 1 MB field and 100,000 rows (generated, too large to keep), a full
 * disk (a process limit), SIGKILL at several moments, temps of dead runs, and
 * the in-process template regressions from fuzzing.
 */
#define _GNU_SOURCE
#include "helpers.h"

#include "base/base.h"
#include "figures/figures.h"
#include "tmpl/tmpl.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <dirent.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXFILES 64

struct snap {
	int n;
	char *name[MAXFILES];
	char *data[MAXFILES];
	size_t len[MAXFILES];
};

/* A case's temp folder: edition/ (copy of data/2018), templates/, fonts/manifest
 * and out/; runs are made from inside it with these relative paths, so that
 * the messages do not depend on where the folder is. */
struct bctx {
	char *tmp;          /* temp folder */
	char data[600];     /* tmp/edition */
	char out[600];      /* tmp/out */
	struct snap before;
};

enum { ST_DATA = 1, ST_SYS = 2, ST_ANY = 3 };

/* ---- files ---- */

static char *path_in(const char *dir, const char *rel)
{
	char *p;

	cr_assert(asprintf(&p, "%s/%s", dir, rel) > 0);
	return p;
}

static char *slurp(const char *path, size_t *len)
{
	char *d = th_read_file(path, len);

	cr_assert_not_null(d, "cannot read %s", path);
	return d;
}

static void spill(const char *path, const char *bytes, size_t len)
{
	cr_assert_eq(th_write_file(path, bytes, len), 0, "cannot write %s", path);
}

/* Replace the first occurrence of old (len olen) by new (len nlen) in file
 * dir/rel; returns the 1-based line of the occurrence. */
static int replace_n(const char *dir, const char *rel, const char *old, size_t olen,
                     const char *new, size_t nlen)
{
	char *path = path_in(dir, rel);
	size_t len, off;
	char *d = slurp(path, &len), *hit, *nd;
	int line = 1;

	hit = memmem(d, len, old, olen);
	cr_assert_not_null(hit, "'%s' not found in %s", old, rel);
	off = (size_t)(hit - d);
	for (size_t i = 0; i < off; i++)
		line += d[i] == '\n';
	nd = malloc(len - olen + nlen);
	memcpy(nd, d, off);
	memcpy(nd + off, new, nlen);
	memcpy(nd + off + nlen, d + off + olen, len - off - olen);
	spill(path, nd, len - olen + nlen);
	free(nd);
	free(d);
	free(path);
	return line;
}

/* Lines in dir/rel (the line number the next appended line will have, minus 1). */
static int count_lines(const char *dir, const char *rel)
{
	char *path = path_in(dir, rel);
	size_t len;
	char *d = slurp(path, &len);
	int n = 0;

	for (size_t i = 0; i < len; i++)
		n += d[i] == '\n';
	free(d);
	free(path);
	return n;
}

/* ---- snapshots of the output folder ---- */

static void snap_take(const char *out, struct snap *s)
{
	char *list = NULL, *p, *nl;

	memset(s, 0, sizeof *s);
	cr_assert_eq(th_run(&list, "cd '%s' && find . -type f | LC_ALL=C sort", out), 0);
	for (p = list; *p != '\0' && s->n < MAXFILES; p = nl + 1) {
		char *full;

		nl = strchr(p, '\n');
		if (nl == NULL)
			break;
		*nl = '\0';
		full = path_in(out, p);
		/* a worker of a killed run may still be at work on its temps (it
		 * outlives its parent): one that vanished since the listing is skipped */
		if (strstr(p, ".tmp.") != NULL && !th_exists(full)) {
			free(full);
			continue;
		}
		s->name[s->n] = strdup(p);
		s->data[s->n] = strstr(p, ".tmp.") != NULL ? th_read_file(full, &s->len[s->n]) : NULL;
		if (s->data[s->n] == NULL && strstr(p, ".tmp.") != NULL) {
			s->data[s->n] = strdup("");
			s->len[s->n] = 0;
		} else if (s->data[s->n] == NULL) {
			s->data[s->n] = slurp(full, &s->len[s->n]);
		}
		free(full);
		s->n++;
	}
	free(list);
}

static void snap_free(struct snap *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->name[i]);
		free(s->data[i]);
	}
	s->n = 0;
}

static void snap_same(const struct snap *a, const struct snap *b, const char *what)
{
	cr_assert_eq(a->n, b->n, "%s: %d files before, %d after", what, a->n, b->n);
	for (int i = 0; i < a->n; i++) {
		cr_assert_str_eq(a->name[i], b->name[i], "%s: file list changed", what);
		cr_assert(a->len[i] == b->len[i] && memcmp(a->data[i], b->data[i], a->len[i]) == 0,
		          "%s: %s changed", what, a->name[i]);
	}
}

static int count_temps(const char *out)
{
	char *list = NULL;
	int n;

	th_run(&list, "find '%s' -name '*.tmp.*' | wc -l", out);
	n = atoi(list ? list : "0");
	free(list);
	return n;
}

/* ---- runs ---- */

/* Run reportgen in the case's folder; *log gets its stderr only. */
static int run_rg(const struct bctx *c, const char *prefix, const char *extra, char **log)
{
	return th_run(log, "cd '%s' && %s '%s' --data edition --templates templates --out out "
	              "--fonts fonts/manifest --lang en --quiet --state jalisco %s 2>&1 >/dev/null",
	              c->tmp, prefix, th_bin(), extra);
}

/* Temp copy of the edition and templates, and one good run into out. */
static void bad_begin(struct bctx *c)
{
	char *log = NULL;
	int st;

	memset(c, 0, sizeof *c);
	c->tmp = th_tmpdir();
	cr_assert_not_null(c->tmp);
	cr_assert_eq(th_copy_edition(c->tmp), 0);
	snprintf(c->data, sizeof c->data, "%s/edition", c->tmp);
	snprintf(c->out, sizeof c->out, "%s/out", c->tmp);
	cr_assert_eq(th_run(NULL, "cp -r templates '%s/templates' && mkdir '%s/fonts' && "
	                    "cp fonts/manifest '%s/fonts/'", c->tmp, c->tmp, c->tmp), 0);
	st = run_rg(c, "", "", &log);
	cr_assert_eq(st, 0, "the good run failed (%d):\n%s", st, log);
	free(log);
	snap_take(c->out, &c->before);
	cr_assert_gt(c->before.n, 0);
}

/* Lines of log that contain "error:". */
static int count_errors(const char *log)
{
	int n = 0;

	for (const char *p = log; (p = strstr(p, "error:")) != NULL; p++)
		n++;
	return n;
}

/* Some line of log has both "error:" and place. */
static int error_names(const char *log, const char *place)
{
	const char *p = log;

	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, n);
		int ok = strstr(line, "error:") != NULL && strstr(line, place) != NULL;

		free(line);
		if (ok)
			return 1;
		p += n + (nl != NULL);
	}
	return 0;
}

/* The broken run, with the checks listed at the top of this file. */
static void bad_end_with(struct bctx *c, const char *prefix, const char *extra, int statuses,
                         const char *place, int max_errors)
{
	struct snap after;
	char *log = NULL;
	int st = run_rg(c, prefix, extra, &log);
	int ok_status = (st == 1 && (statuses & ST_DATA)) || (st == 3 && (statuses & ST_SYS));

	if (getenv("BADINPUT_SHOW") != NULL)    /* to read the messages: BADINPUT_SHOW=1 */
		fprintf(stderr, "---- exit %d, expected place '%s'\n%.1500s", st, place, log);

	cr_assert(ok_status, "exit status %d, expected %s:\n%.3000s", st,
	          statuses == ST_DATA ? "1" : statuses == ST_SYS ? "3" : "1 or 3", log);
	cr_assert(error_names(log, place), "no error line names '%s':\n%.3000s", place, log);
	cr_assert_leq(count_errors(log), max_errors, "%d error lines (at most %d):\n%.3000s",
	              count_errors(log), max_errors, log);
	cr_assert_lt(strlen(log), 8000, "messages too long (%zu bytes)", strlen(log));
	snap_take(c->out, &after);
	snap_same(&c->before, &after, "previous outputs");
	cr_assert_eq(count_temps(c->out), 0, "temp files left in %s", c->out);
	snap_free(&after);
	snap_free(&c->before);
	free(log);
	th_rmtree(c->tmp);
}

static void bad_end(struct bctx *c, int statuses, const char *place, int max_errors)
{
	bad_end_with(c, "", "", statuses, place, max_errors);
}

static char *place(const char *file, int line)
{
	static char buf[256];

	snprintf(buf, sizeof buf, "%s:%d:", file, line);
	return buf;
}

/* ---- the fixture cases ---- */

#define BAD_DIR TEST_SRCDIR "/tests/fixtures/bad"

/* Every folder in tests/fixtures/bad is a case. */
ParameterizedTestParameters(badinput, fixture)
{
	return th_name_params(BAD_DIR, th_keep_folder);
}

/* The case's "args" as shell words: each line one argument, single-quoted. */
static char *case_args(const char *dir)
{
	char *path = path_in(dir, "args"), *text = th_read_file(path, NULL), *p, *nl;
	struct buf b = { 0 };

	free(path);
	for (p = text; p != NULL && *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		cr_assert_not_null(nl, "args: the last line has no newline");
		*nl = '\0';
		cr_assert_null(strchr(p, '\''), "args: no quote marks, please: %s", p);
		buf_printf(&b, " '%s'", p);
	}
	free(text);
	return strdup(buf_cstr(&b));
}

/* Overlay the case's files on the copies and remove what "remove" lists. */
static void case_apply(const struct bctx *c, const char *dir)
{
	static const char *const parts[] = { "edition", "templates", "fonts" };
	char *path, *text, *p, *nl;

	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		path = path_in(dir, parts[i]);
		if (th_exists(path))
			cr_assert_eq(th_run(NULL, "cp -r '%s/.' '%s/%s/'", path, c->tmp, parts[i]),
			             0);
		free(path);
	}
	path = path_in(dir, "remove");
	text = th_read_file(path, NULL);
	free(path);
	for (p = text; p != NULL && *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		cr_assert_not_null(nl, "remove: the last line has no newline");
		*nl = '\0';
		path = path_in(c->tmp, p);
		cr_assert_eq(unlink(path), 0, "remove: cannot remove %s", p);
		free(path);
	}
	free(text);
}

ParameterizedTest(struct th_name *bc, badinput, fixture, .timeout = 120)
{
	char *dir = path_in(BAD_DIR, bc->name), *exp_path = path_in(dir, "expected");
	char *args = case_args(dir), *log = NULL, *want, *want_log;
	struct bctx c;
	struct snap after;
	int st, want_st;

	bad_begin(&c);
	case_apply(&c, dir);
	st = run_rg(&c, "", args, &log);
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
	want_log = strchr(want, '\n') + 1;
	cr_assert_eq(st, want_st, "%s: exit status %d, expected %d; stderr:\n%s", bc->name, st,
	             want_st, log);
	cr_assert_str_eq(log, want_log, "%s: stderr differs.\n---- expected:\n%s---- got:\n%s",
	                 bc->name, want_log, log);
	snap_take(c.out, &after);
	snap_same(&c.before, &after, "previous outputs");
	cr_assert_eq(count_temps(c.out), 0, "%s: temp files left in %s", bc->name, c.out);
	snap_free(&after);
	snap_free(&c.before);
	free(want);
	free(log);
	free(args);
	free(exp_path);
	free(dir);
	th_rmtree(c.tmp);
}

/* ---- cases made by code ---- */

Test(badinput, one_megabyte_field, .timeout = 120)
{
	struct bctx c;
	size_t n = 1 << 20;
	char *big = malloc(n + 1);
	int line;

	bad_begin(&c);
	memset(big, '7', n);
	big[n] = '\0';
	big[n / 2] = 'x';      /* a 1 MB value that is not a number */
	line = replace_n(c.data, "employment.csv", "5926142", 7, big, n);
	free(big);
	bad_end(&c, ST_DATA, place("employment.csv", line), 2);
}

/* Issue 21: each of these ended in a hang, 7 GB of memory or SIGSEGV. Now
 * one message at the place, in well under the timeout. */
Test(badinput, ten_megabyte_sector_name, .timeout = 120)
{
	struct bctx c;
	size_t n = 10 << 20;
	char *big = malloc(n + 2);
	int line;

	bad_begin(&c);
	memset(big, 'A', n);
	big[n] = ',';
	big[n + 1] = '\0';
	line = replace_n(c.data, "sectors.csv", "Agriculture,", 12, big, n + 1);
	free(big);
	bad_end(&c, ST_DATA, place("sectors.csv", line), 1);
}

/* Replace the first "{% if state.vision %}" of the English brief by text. */
static int brief_condition(struct bctx *c, const char *text, size_t len)
{
	static const char old[] = "{% if state.vision %}";

	return replace_n(c->tmp, "templates/brief/en/00-brief.md", old, sizeof old - 1, text, len);
}

Test(badinput, hundred_thousand_nots, .timeout = 120)
{
	struct bctx c;
	struct buf b = { 0 };
	int line;

	bad_begin(&c);
	buf_puts(&b, "{% if ");
	for (int i = 0; i < 100000; i++)
		buf_puts(&b, "not ");
	buf_puts(&b, "state.vision %}");
	line = brief_condition(&c, b.data, b.len);
	buf_free(&b);
	bad_end(&c, ST_DATA, place("00-brief.md", line), 1);
}

Test(badinput, hundred_thousand_nested_blocks, .timeout = 120)
{
	struct bctx c;
	struct buf b = { 0 };
	int line;

	bad_begin(&c);
	for (int i = 0; i < 100000; i++)
		buf_puts(&b, "{% if state.vision %}\n");
	for (int i = 0; i < 99999; i++)
		buf_puts(&b, "{% endif %}\n");
	line = brief_condition(&c, b.data, b.len);
	buf_free(&b);
	/* the first block past the limit, TMPL_MAX_NESTING (512) lines on */
	bad_end(&c, ST_DATA, place("00-brief.md", line + 512), 1);
}

Test(badinput, hundred_thousand_rows, .timeout = 180)
{
	struct bctx c;
	char *p;
	FILE *fp;
	int first;

	bad_begin(&c);
	first = count_lines(c.data, "footnotes.csv") + 1;
	p = path_in(c.data, "footnotes.csv");
	fp = fopen(p, "ab");
	cr_assert_not_null(fp);
	/* 100,000 rows that repeat the key of the first data row */
	{
		size_t len;
		char *d = slurp(p, &len);
		char *row = strchr(d, '\n') + 1;
		char *end = strchr(row, '\n');

		*end = '\0';
		for (int i = 0; i < 100000; i++)
			fprintf(fp, "%s\n", row);
		free(d);
	}
	fclose(fp);
	free(p);
	/* the first repeated row is the first error; the loader stops after 50 */
	bad_end(&c, ST_DATA, place("footnotes.csv", first), 52);
}

Test(badinput, full_disk_ulimit, .timeout = 120)
{
	struct bctx c;

	bad_begin(&c);
	/* 64 KB per file: a font subset or the brief cannot be written; the
	 * message names the file and the reason */
	bad_end_with(&c, "ulimit -f 64;", "", ST_SYS, "File too large", 2);
}

/* ---- template regressions (fuzz crashers), in this process ---- */

/* Compile and render one template file against a tiny store. Returns 1 if it
 * rendered, 0 if it reported an error; a crash or UB (under make test-asan)
 * fails the test. */
static int tmpl_file_renders(const char *path, char **msgs)
{
	struct arena *a = arena_new();
	struct figset *fs = figset_new(a);
	static const char *const cols[] = { "name", "risk" };
	struct figtable *t = figset_table(fs, "sectors", 2, cols, "test");
	size_t len;
	char *text = slurp(path, &len);
	struct tmpl *tp;
	int ok = 0;

	for (int i = 0; i < 3; i++) {
		size_t r = figtable_add_row(fs, t);

		figtable_set_text(fs, t, r, 0, i ? "Mining" : "Construction");
		figtable_set_num(fs, t, r, 1, 0.1 * (i + 1));
	}
	figset_num(fs, "jobs.total", 51400000, "jobs", "test", "");
	th_capture();
	tp = tmpl_compile_string(a, "t.md", text, "en", NULL);
	if (tp != NULL && tmpl_render(a, tp, fs, NULL) != NULL)
		ok = 1;
	cr_assert(ok || diag_errors() > 0, "%s failed without a message", path);
	*msgs = th_capture_take();
	diag_reset();
	arena_free(a);
	free(text);
	return ok;
}

Test(badinput, template_number_arguments_out_of_range)
{
	static const char *const bad[] = { "tmpl_decimals_huge.md", "tmpl_decimals_big.md" };
	static const char *const good[] = { "tmpl_limit_huge.ok.md", "tmpl_chart_limit_huge.ok.md" };
	char path[600], *msgs = NULL;

	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/tests/fixtures/bad/%s", TEST_SRCDIR, bad[i]);
		cr_assert_eq(tmpl_file_renders(path, &msgs), 0, "%s rendered", bad[i]);
		cr_assert_not_null(strstr(msgs, "t.md:1:"), "%s: %s", bad[i], msgs);
		cr_assert_not_null(strstr(msgs, "whole number 0..9"), "%s: %s", bad[i], msgs);
		free(msgs);
		snprintf(path, sizeof path, "%s/tests/fixtures/bad/%s", TEST_SRCDIR, good[i]);
		cr_assert_eq(tmpl_file_renders(path, &msgs), 1, "%s: %s", good[i], msgs);
		free(msgs);
	}
}

/* Every crasher the fuzzer found stays here and must now end cleanly. */
Test(badinput, fuzz_crashers_replay)
{
	char dir[600], path[900], *msgs = NULL;
	DIR *d;
	struct dirent *e;
	int n = 0;

	snprintf(dir, sizeof dir, "%s/tests/fuzz/crashers", TEST_SRCDIR);
	d = opendir(dir);
	if (d == NULL)
		cr_skip_test("no crashers kept");
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "tmpl-", 5) != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		tmpl_file_renders(path, &msgs);
		free(msgs);
		n++;
	}
	closedir(d);
	cr_assert_gt(n, 0);
}

/* ---- temps of dead runs ---- */

Test(badinput, stale_temps_of_dead_runs_removed, .timeout = 120)
{
	char *tmp = th_tmpdir(), path[700], *log = NULL, *pidtext = NULL;
	long dead;
	int st;

	cr_assert_not_null(tmp);
	/* the pid of a shell that has exited */
	cr_assert_eq(th_run(&pidtext, "sh -c 'echo $$'"), 0);
	dead = atol(pidtext);
	free(pidtext);
	cr_assert_gt(dead, 0);
	cr_assert_eq(th_copy_edition(tmp), 0);
	cr_assert_eq(th_run(NULL, "mkdir -p '%s/out/briefs/en' '%s/out/tables'", tmp, tmp), 0);
	/* temps of a dead pid, of a live one (this test), and a user's file */
	snprintf(path, sizeof path, "%s/out/briefs/en/jalisco.pdf.tmp.%ld", tmp, (long)dead);
	spill(path, "%PDF-1.3 trunc", 14);
	snprintf(path, sizeof path, "%s/out/tables/states.csv.tmp.%ld", tmp, (long)dead);
	spill(path, "slug,na", 7);
	snprintf(path, sizeof path, "%s/out/briefs/en/puebla.pdf.tmp.%ld", tmp, (long)getpid());
	spill(path, "%PDF-1.3 live", 13);
	snprintf(path, sizeof path, "%s/out/notes.txt.tmp.%ld", tmp, (long)dead);
	spill(path, "keep me", 7);
	st = th_run(&log, "%s --data '%s/edition' --out '%s/out' --only figures --quiet",
	             th_bin(), tmp, tmp);
	cr_assert_eq(st, 0, "%s", log);
	free(log);
	snprintf(path, sizeof path, "%s/out/briefs/en/jalisco.pdf.tmp.%ld", tmp, (long)dead);
	cr_assert(!th_exists(path), "a dead run's PDF temp is left");
	snprintf(path, sizeof path, "%s/out/tables/states.csv.tmp.%ld", tmp, (long)dead);
	cr_assert(!th_exists(path), "a dead run's CSV temp is left");
	snprintf(path, sizeof path, "%s/out/briefs/en/puebla.pdf.tmp.%ld", tmp, (long)getpid());
	cr_assert(th_exists(path), "a live process's temp was removed");
	snprintf(path, sizeof path, "%s/out/notes.txt.tmp.%ld", tmp, (long)dead);
	cr_assert(th_exists(path), "a file reportgen does not write was removed");
	th_rmtree(tmp);
}

/* ---- kill test ---- */

/* Start a run to be killed, with TMPDIR inside the test's own folder (runs
 * write nothing there today, fonts are subset in memory; anything a future
 * version leaves behind goes with the folder). */
static pid_t start_run(const char *data, const char *out, const char *tmpdir, const char *extra)
{
	pid_t pid = fork();

	if (pid == 0) {
		int nul = open("/dev/null", 1);

		dup2(nul, 1);
		dup2(nul, 2);
		if (chdir(TEST_SRCDIR) != 0 || setenv("TMPDIR", tmpdir, 1) != 0)
			_exit(127);
		execl(th_bin(), th_bin(), "--data", data, "--out", out, "--lang", "en", "--quiet",
		      "--only", "briefs", extra, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int qpdf_ok(const char *path)
{
	return th_run(NULL, "qpdf --check '%s' >/dev/null 2>&1", path) == 0;
}

Test(badinput, sigkill_leaves_old_or_new, .timeout = 300)
{
	static const int delays_ms[] = { 2, 10, 40, 80, 150, 250, 400, 700, 1100 };
	char *tmp = th_tmpdir(), data[600], out[600], ref[600], fonts[600];
	struct snap old, new, now;
	int stale = 0;

	cr_assert_not_null(tmp);
	cr_assert_eq(th_copy_edition(tmp), 0);
	snprintf(data, sizeof data, "%s/edition", tmp);
	snprintf(out, sizeof out, "%s/out", tmp);
	snprintf(ref, sizeof ref, "%s/ref", tmp);
	snprintf(fonts, sizeof fonts, "%s/fonts", tmp);
	cr_assert_eq(mkdir(fonts, 0700), 0);
	/* previous version: US Letter; new version: A4 (other bytes) */
	cr_assert_eq(th_run(NULL, "%s --data '%s' --out '%s' --lang en --quiet --only briefs "
	                     "--letter", th_bin(), data, out), 0);
	cr_assert_eq(th_run(NULL, "%s --data '%s' --out '%s' --lang en --quiet --only briefs",
	                     th_bin(), data, ref), 0);
	snap_take(out, &old);
	snap_take(ref, &new);
	cr_assert_eq(old.n, new.n);
	for (size_t k = 0; k < sizeof delays_ms / sizeof delays_ms[0]; k++) {
		struct timespec ts = { delays_ms[k] / 1000, (delays_ms[k] % 1000) * 1000000L };
		/* alternately A4 (new) and Letter (previous) runs */
		pid_t pid = start_run(data, out, fonts, k % 2 ? "--letter" : "--quiet");
		int st;

		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		/* a commit killed half-way is finished by the next command on the
		 * folder (its journal), here one that then fails and writes nothing */
		th_run(NULL, "%s --data '%s/none' --out '%s' --quiet", th_bin(), tmp, out);
		snap_take(out, &now);
		for (int i = 0; i < now.n; i++) {
			int j, known = 0;

			if (strstr(now.name[i], ".tmp.") != NULL) {
				stale++;
				continue;
			}
			for (j = 0; j < old.n && !known; j++)
				known = strcmp(old.name[j], now.name[i]) == 0 &&
				        ((old.len[j] == now.len[i] &&
				          memcmp(old.data[j], now.data[i], now.len[i]) == 0) ||
				         (new.len[j] == now.len[i] &&
				          memcmp(new.data[j], now.data[i], now.len[i]) == 0));
			cr_assert(known, "after SIGKILL at %d ms: %s is neither the previous nor the new "
			          "version (%zu bytes)", delays_ms[k], now.name[i], now.len[i]);
			if (strstr(now.name[i], ".pdf") != NULL) {
				char *full = path_in(out, now.name[i]);

				cr_assert(qpdf_ok(full), "%s fails qpdf --check", full);
				free(full);
			}
		}
		snap_free(&now);
	}
	/* the next successful run removes the temps of the killed runs */
	cr_assert_eq(th_run(NULL, "%s --data '%s' --out '%s' --lang en --quiet --only briefs",
	                     th_bin(), data, out), 0);
	cr_assert_eq(count_temps(out), 0, "stale temps of dead runs are left (%d seen after "
	             "the kills)", stale);
	snap_take(out, &now);
	snap_same(&new, &now, "outputs after a clean run");
	snap_free(&now);
	snap_free(&old);
	snap_free(&new);
	th_rmtree(tmp);
}
