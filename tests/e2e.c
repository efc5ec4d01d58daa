/*
 * End-to-end test helpers (not a test file itself: linked into the runner).
 */
#define _GNU_SOURCE
#include "e2e.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* Temporary folders of this test process, removed when it exits. */
static char *tmpdirs[64];
static size_t ntmpdirs;

static void remove_tmpdirs(void)
{
	char cmd[600];
	size_t i;

	for (i = 0; i < ntmpdirs; i++) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdirs[i]);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdirs[i]);
		free(tmpdirs[i]);
	}
	ntmpdirs = 0;
}

char *e2e_tmpdir(void)
{
	char tmpl[] = "/tmp/reportgen-test-XXXXXX";
	char *d = mkdtemp(tmpl);

	if (d == NULL || ntmpdirs == sizeof tmpdirs / sizeof tmpdirs[0])
		return NULL;
	if (ntmpdirs == 0)
		atexit(remove_tmpdirs);
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
