/*
 * Shared test helpers (see helpers.h). Not a test file: it holds no tests and
 * is linked into the one Criterion runner with every tests/test_*.c.
 */
#define _GNU_SOURCE
#include "helpers.h"

#include <criterion/criterion.h>

#include "base/base.h"
#include "layout/layout.h"

#include <dirent.h>
#include <locale.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- diagnostics ---- */

static char *cap_text;
static size_t cap_len;
static FILE *cap_fp;

void th_capture(void)
{
	th_capture_end();
	cap_fp = open_memstream(&cap_text, &cap_len);
	cr_assert_not_null(cap_fp, "open_memstream failed");
	diag_set_stream(cap_fp);
	diag_reset();
}

const char *th_captured(void)
{
	if (cap_fp == NULL)
		return "";
	fflush(cap_fp);
	return cap_text ? cap_text : "";
}

char *th_capture_take(void)
{
	char *text = strdup(th_captured());

	th_capture_end();
	return text;
}

void th_capture_end(void)
{
	if (cap_fp == NULL)
		return;
	diag_set_stream(NULL);
	fclose(cap_fp);
	free(cap_text);
	cap_fp = NULL;
	cap_text = NULL;
	cap_len = 0;
}

/* ---- temporary folders and files ---- */

/* Temporary folders of this test process, removed when it exits. Their
 * names carry the pid ("reportgen-test-PID-XXXXXX") so that the folders of a
 * test process that was killed (a crash, a timeout) can be swept later. */
static char *tmpdirs[64];
static size_t ntmpdirs;

int th_rmtree(const char *path)
{
	char *cmd;
	int st;

	if (asprintf(&cmd, "chmod -R u+w '%s' 2>/dev/null; rm -rf '%s'", path, path) < 0)
		return -1;
	st = system(cmd);
	free(cmd);
	if (st != 0) {
		fprintf(stderr, "could not remove %s\n", path);
		return -1;
	}
	return 0;
}

static void remove_tmpdirs(void)
{
	size_t i;

	for (i = 0; i < ntmpdirs; i++) {
		th_rmtree(tmpdirs[i]);
		free(tmpdirs[i]);
	}
	ntmpdirs = 0;
}

/* Remove the temporary folders left by test processes that no longer exist,
 * once they are an hour old (an hour also covers a pid seen from another pid
 * namespace sharing /tmp). */
static void sweep_dead_tmpdirs(void)
{
	DIR *d = opendir("/tmp");
	struct dirent *e;
	char path[300];
	struct stat st;
	long pid;
	char *end;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "reportgen-test-", 15) != 0)
			continue;
		pid = strtol(e->d_name + 15, &end, 10);
		if (pid <= 0 || *end != '-' || (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		snprintf(path, sizeof path, "/tmp/%s", e->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
		    time(NULL) - st.st_mtime > 3600)
			th_rmtree(path);
	}
	closedir(d);
}

char *th_tmpdir(void)
{
	char tmpl[64];
	char *d;

	if (ntmpdirs == sizeof tmpdirs / sizeof tmpdirs[0])
		return NULL;
	snprintf(tmpl, sizeof tmpl, "/tmp/reportgen-test-%ld-XXXXXX", (long)getpid());
	d = mkdtemp(tmpl);
	if (d == NULL)
		return NULL;
	if (ntmpdirs == 0) {
		atexit(remove_tmpdirs);
		sweep_dead_tmpdirs();
	}
	tmpdirs[ntmpdirs] = strdup(d);
	return tmpdirs[ntmpdirs++];
}

int th_write_file(const char *path, const void *bytes, size_t n)
{
	FILE *fp = fopen(path, "wb");
	int bad;

	if (fp == NULL)
		return -1;
	bad = fwrite(bytes, 1, n, fp) != n;
	return fclose(fp) != 0 || bad ? -1 : 0;
}

char *th_read_file(const char *path, size_t *lenp)
{
	FILE *fp = fopen(path, "rb");
	char *data = NULL, chunk[65536];
	size_t len = 0, cap = 0, n;

	if (fp == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		if (len + n + 1 > cap) {
			char *nd;

			cap = (len + n + 1) * 2;
			nd = realloc(data, cap);
			if (nd == NULL) {
				free(data);
				fclose(fp);
				return NULL;
			}
			data = nd;
		}
		memcpy(data + len, chunk, n);
		len += n;
	}
	if (ferror(fp)) {
		free(data);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	if (data == NULL && (data = malloc(1)) == NULL)
		return NULL;
	data[len] = '\0';
	if (lenp)
		*lenp = len;
	return data;
}

int th_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int th_german_locale(void)
{
	static const char *const names[] = { "de_DE.UTF-8", "de_DE.utf8", "de_DE" };
	const char *got = NULL;
	char *dir, *cmd;
	size_t i;

	for (i = 0; i < 3 && got == NULL; i++)
		got = setlocale(LC_ALL, names[i]);
	if (got == NULL && (dir = th_tmpdir()) != NULL &&
	    asprintf(&cmd, "localedef -i de_DE -f UTF-8 '%s/de_DE.UTF-8' >/dev/null 2>&1",
	             dir) > 0) {
		if (system(cmd) == 0) {
			setenv("LOCPATH", dir, 1);
			got = setlocale(LC_ALL, "de_DE.UTF-8");
			unsetenv("LOCPATH");
		}
		free(cmd);
	}
	return got != NULL ? 0 : -1;
}

/* ---- the built binary ---- */

const char *th_bin(void)
{
	static char path[4096];
	const char *env = getenv("REPORTGEN_BIN");

	if (env != NULL && env[0] == '/')
		return env;
	snprintf(path, sizeof path, "%s/%s", TEST_SRCDIR, env ? env : "reportgen");
	return path;
}

int th_run(char **out, const char *fmt, ...)
{
	va_list ap;
	char *cmd = NULL, *full = NULL;
	FILE *fp;
	size_t len = 0, cap = 0;
	char *data = NULL;
	char chunk[4096];
	size_t n;
	int st;

	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) < 0)
		cmd = NULL;
	va_end(ap);
	if (cmd == NULL || asprintf(&full, "cd '%s' && ( %s ) 2>&1", TEST_SRCDIR, cmd) < 0) {
		free(cmd);
		return -1;
	}
	free(cmd);
	fp = popen(full, "r");
	free(full);
	if (fp == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			data = realloc(data, cap);
		}
		memcpy(data + len, chunk, n);
		len += n;
	}
	if (data == NULL)
		data = calloc(1, 1);
	else
		data[len] = '\0';
	st = pclose(fp);
	if (out)
		*out = data;
	else
		free(data);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

int th_copy_edition(const char *dir)
{
	/* the edition's geometry.csv names ../raw/states/...: the raw files go beside it */
	return th_run(NULL, "cp -r data/2018 '%s/edition' && cp -r data/raw '%s/raw'", dir, dir);
}

/* ---- layout ---- */

static double fake_width(void *ctx, int role, double size, const char *s, size_t len)
{
	(void)ctx;
	(void)role;
	(void)s;
	return 0.5 * size * (double)len;
}

struct draw_measure th_fake_measure(void)
{
	struct draw_measure m;
	int i;

	memset(&m, 0, sizeof m);
	m.width = fake_width;
	for (i = 0; i < FONT_NROLES; i++) {
		m.ascent[i] = 0.8;
		m.descent[i] = 0.2;
	}
	return m;
}

/* ---- table-driven tests over fixture files ---- */

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct th_name *)a)->name, ((const struct th_name *)b)->name);
}

static void free_names(struct criterion_test_params *p)
{
	cr_free(p->params);
}

struct criterion_test_params th_name_params(const char *dir,
                                            int (*keep)(const char *dir, const char *name))
{
	enum { MAX = 256 };
	struct th_name *names = cr_malloc(MAX * sizeof *names);
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (names == NULL || d == NULL) {
		fprintf(stderr, "tests: cannot list %s\n", dir);
		abort();
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !keep(dir, e->d_name))
			continue;
		if (n == MAX || strlen(e->d_name) >= sizeof names[n].name) {
			fprintf(stderr, "tests: too many entries in %s, or too long a name: %s\n",
			        dir, e->d_name);
			abort();
		}
		strcpy(names[n++].name, e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	return cr_make_param_array(struct th_name, names, n, free_names);
}

int th_keep_folder(const char *dir, const char *name)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int th_keep_bad_table(const char *dir, const char *name)
{
	size_t len = strlen(name);

	(void)dir;
	return strncmp(name, "bad_", 4) == 0 && len > 8 &&
	       (strcmp(name + len - 4, ".csv") == 0 || strcmp(name + len - 4, ".tsv") == 0);
}

/* ---- the public raw files ---- */

const char *th_raw_dir(void)
{
	const char *env = getenv("REPORTGEN_RAW");

	return env != NULL && env[0] != '\0' ? env : TEST_SRCDIR "/../shared/reference/raw";
}

const char *th_raw_file(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof path, "%s/%s", th_raw_dir(), name);
	if (access(path, R_OK) != 0)
		cr_skip_test("public raw file %s is absent (the raw files are looked for "
		             "in ../shared/reference/raw beside the project, or $REPORTGEN_RAW)",
		             path);
	return path;
}
