/*
 * End-to-end test helpers (not a test file itself: linked into the runner).
 */
#define _GNU_SOURCE
#include "e2e.h"

#include <dirent.h>
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

const char *e2e_bin(void)
{
	static char path[4096];
	const char *env = getenv("REPORTGEN_BIN");

	if (env != NULL && env[0] == '/')
		return env;
	snprintf(path, sizeof path, "%s/%s", TEST_SRCDIR, env ? env : "reportgen");
	return path;
}

/* Temporary folders of this test process, removed when it exits. Their
 * names carry the pid ("reportgen-test-PID-XXXXXX") so that the folders of a
 * test process that was killed (a crash, a timeout) can be swept later. */
static char *tmpdirs[64];
static size_t ntmpdirs;

static void remove_tree(const char *path)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", path);
}

static void remove_tmpdirs(void)
{
	size_t i;

	for (i = 0; i < ntmpdirs; i++) {
		remove_tree(tmpdirs[i]);
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
			remove_tree(path);
	}
	closedir(d);
}

char *e2e_tmpdir(void)
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

int e2e_run(char **out, const char *fmt, ...)
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

char *e2e_slurp(const char *path, size_t *lenp)
{
	FILE *fp = fopen(path, "rb");
	char *data;
	long len;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	data = malloc((size_t)len + 1);
	if (data && fread(data, 1, (size_t)len, fp) != (size_t)len) {
		free(data);
		data = NULL;
	}
	fclose(fp);
	if (data) {
		data[len] = '\0';
		if (lenp)
			*lenp = (size_t)len;
	}
	return data;
}

int e2e_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int e2e_copy_edition(const char *dir)
{
	return e2e_run(NULL, "cp -r data/2018 '%s/edition'", dir);
}
