/*
 * Tests of reportgen --watch (run/watch.c), end to end on the built binary:
 * it runs on a temporary copy of the edition and the templates, a template
 * is edited, and the test waits for the rebuild line (bounded: a missing
 * line fails after a timeout, it is not a measure of speed), then looks at
 * which files changed. A broken template must leave the previous PDF as it
 * was. The watcher is stopped with SIGTERM and must exit with status 0.
 */
#define _DEFAULT_SOURCE   /* kill, sigaction names on glibc */
#include <criterion/criterion.h>

#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { WAIT_MS = 20000 };

struct watcher {
	pid_t pid;
	int fd;              /* the watcher's stderr */
	char log[65536];     /* everything it printed so far */
	size_t len;
};

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void start(struct watcher *w, const char *dir)
{
	int fds[2];
	char data[4096], tmpl[4096], out[4096], fonts[4096];

	snprintf(data, sizeof data, "%s/edition", dir);
	snprintf(tmpl, sizeof tmpl, "%s/templates", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	snprintf(fonts, sizeof fonts, "%s/fonts/manifest", TEST_SRCDIR);
	cr_assert_eq(pipe(fds), 0);
	w->len = 0;
	w->pid = fork();
	cr_assert(w->pid >= 0);
	if (w->pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);   /* never outlive a failed test */
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		setenv("SOURCE_DATE_EPOCH", "1527811200", 1);
		execl(th_bin(), "reportgen", "--watch", "--lang", "en", "--data", data,
		      "--templates", tmpl, "--out", out, "--fonts", fonts, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	w->fd = fds[0];
	fcntl(w->fd, F_SETFL, O_NONBLOCK);
}

/* Read the watcher's messages until one line after `from` contains what;
 * returns that line's offset in the log, or fails the test at the timeout. */
static size_t wait_for(struct watcher *w, size_t from, const char *what)
{
	long end = now_ms() + WAIT_MS;

	for (;;) {
		struct pollfd pf = { w->fd, POLLIN, 0 };
		char *hit;
		ssize_t r;

		w->log[w->len] = '\0';
		hit = strstr(w->log + from, what);
		if (hit != NULL && strchr(hit, '\n') != NULL)
			return (size_t)(hit - w->log);
		cr_assert(now_ms() < end, "no line with '%s' within %d ms; the watcher said:\n%s",
		          what, WAIT_MS, w->log);
		poll(&pf, 1, 100);
		r = read(w->fd, w->log + w->len, sizeof w->log - 1 - w->len);
		cr_assert(r != 0, "the watcher exited; it said:\n%s", w->log);
		if (r > 0)
			w->len += (size_t)r;
	}
}

static int stop(struct watcher *w)
{
	long end = now_ms() + WAIT_MS;
	int st = 0;

	kill(w->pid, SIGTERM);
	while (waitpid(w->pid, &st, WNOHANG) == 0) {
		if (now_ms() > end) {
			kill(w->pid, SIGKILL);
			waitpid(w->pid, &st, 0);
			return -1;
		}
		usleep(10000);
	}
	close(w->fd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *file(const char *dir, const char *rel, size_t *len)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	return th_read_file(path, len);
}

static void append(const char *dir, const char *rel, const char *text)
{
	size_t n;
	char *old = file(dir, rel, &n), *both, path[4096];

	cr_assert_not_null(old);
	both = malloc(n + strlen(text));
	memcpy(both, old, n);
	memcpy(both + n, text, strlen(text));
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	cr_assert_eq(th_write_file(path, both, n + strlen(text)), 0);
	free(both);
	free(old);
}

static int same(const char *a, size_t na, const char *b, size_t nb)
{
	return na == nb && memcmp(a, b, na) == 0;
}

static void mtime_of(const char *dir, const char *rel, struct timespec *t)
{
	char path[4096];
	struct stat sb;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	cr_assert_eq(stat(path, &sb), 0, "%s", path);
	*t = sb.st_mtim;
}

Test(watch, template_edit_rebuilds_its_document_only, .timeout = 120)
{
	const char *dir = th_tmpdir(), *brief = "out/briefs/en/jalisco.pdf";
	struct watcher *w = malloc(sizeof *w);
	char *paper0, *paper1, *brief0, *brief1;
	size_t np0, np1, nb0, nb1, at;
	struct timespec tb0, tb1;

	cr_assert_not_null(dir);
	cr_assert_eq(th_copy_edition(dir), 0);
	cr_assert_eq(th_run(NULL, "cp -r templates '%s/templates'", dir), 0);
	start(w, dir);
	at = wait_for(w, 0, "watch: watching");
	paper0 = file(dir, "out/whitepaper-en.pdf", &np0);
	brief0 = file(dir, brief, &nb0);
	cr_assert(paper0 != NULL && brief0 != NULL, "first build missing; log:\n%s", w->log);
	mtime_of(dir, brief, &tb0);

	append(dir, "templates/whitepaper/en/07-conclusion.md", "\nA paragraph the watch test adds.\n");
	at = wait_for(w, at, "07-conclusion.md: 1 rebuilt, 1 written (whitepaper-en.pdf)");
	paper1 = file(dir, "out/whitepaper-en.pdf", &np1);
	brief1 = file(dir, brief, &nb1);
	mtime_of(dir, brief, &tb1);
	cr_assert(!same(paper0, np0, paper1, np1), "the paper did not change");
	cr_assert(same(brief0, nb0, brief1, nb1), "a brief changed");
	cr_assert(tb0.tv_sec == tb1.tv_sec && tb0.tv_nsec == tb1.tv_nsec, "a brief was rewritten");

	/* a broken template: an error in the usual form, the last good PDF kept */
	append(dir, "templates/whitepaper/en/07-conclusion.md", "\n{{ unclosed\n");
	at = wait_for(w, at, "07-conclusion.md: failed");
	cr_assert(strstr(w->log, "error: unclosed '{{'") != NULL, "log:\n%s", w->log);
	free(paper0);
	paper0 = file(dir, "out/whitepaper-en.pdf", &np0);
	cr_assert(same(paper0, np0, paper1, np1), "the failed rebuild changed the paper");
	cr_assert_eq(stop(w), 0, "--watch did not stop with status 0 on SIGTERM; log:\n%s", w->log);
	free(paper0);
	free(paper1);
	free(brief0);
	free(brief1);
	free(w);
}

Test(watch, data_edit_rewrites_only_changed_outputs, .timeout = 120)
{
	const char *dir = th_tmpdir();
	struct watcher *w = malloc(sizeof *w);
	struct timespec t0, t1;
	size_t at;

	cr_assert_not_null(dir);
	cr_assert_eq(th_copy_edition(dir), 0);
	cr_assert_eq(th_run(NULL, "cp -r templates '%s/templates'", dir), 0);
	start(w, dir);
	at = wait_for(w, 0, "watch: watching");
	mtime_of(dir, "out/whitepaper-en.pdf", &t0);
	/* the same bytes saved again: every output rebuilt, no PDF rewritten */
	append(dir, "edition/states.csv", "");
	at = wait_for(w, at, "states.csv: ");
	cr_assert(strstr(w->log + at, "written (figures.csv) in") != NULL, "log:\n%s", w->log);
	mtime_of(dir, "out/whitepaper-en.pdf", &t1);
	cr_assert(t0.tv_sec == t1.tv_sec && t0.tv_nsec == t1.tv_nsec, "the paper was rewritten");
	cr_assert_eq(stop(w), 0, "log:\n%s", w->log);
	free(w);
}
