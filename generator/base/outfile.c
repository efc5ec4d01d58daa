/*
 * outfile: staged output files, renamed into place only when the run
 * succeeded (see outfile.h).
 *
 * The staged list is a singly linked list appended at the tail with signals
 * blocked, so the signal handler always walks a consistent list and only
 * calls unlink() (async-signal-safe) on it.
 */
#define _GNU_SOURCE 1   /* syncfs */
#include "base/base.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

struct staged {
	char *path;            /* final path */
	char *tmp;             /* "<path>.tmp.<pid>" */
	struct staged *next;
};

static struct staged *volatile staged_head;
static struct staged *staged_tail;
static size_t staged_n;

static char **committed;
static size_t committed_n, committed_cap;

static int handlers_installed;

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = xmalloc(n);

	memcpy(p, s, n);
	return p;
}

/* Signals that run the cleanup are held while the list changes. */
static void block_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void restore_signals(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

/* mkdir -p. Returns 0, or -1 with errno set. */
static int make_dirs(const char *dir)
{
	char *p = xstrdup(dir);
	char *s;
	struct stat st;
	int rc = 0;

	for (s = p + 1; ; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	if (rc == 0 && stat(dir, &st) != 0)
		rc = -1;
	else if (rc == 0 && !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		rc = -1;
	}
	free(p);
	return rc;
}

/* The folder part of path ("." when there is none). Caller frees. */
static char *parent_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	d = xmalloc((size_t)(slash - path) + 1);
	memcpy(d, path, (size_t)(slash - path));
	d[slash - path] = '\0';
	return d;
}

/* Temps of runs that died without cleaning up (SIGKILL, power loss) are
 * "<name>.pdf.tmp.<pid>" / "<name>.csv.tmp.<pid>"; remove those whose process
 * no longer exists, in dir and its subfolders down to depth levels (the
 * outputs live at most two folders down: briefs/<lang>/). Only these names
 * are touched, and symbolic links are not followed. A live pid (another shard
 * writing into the same folder, or a reused pid) keeps its files. */
/* Name of the probe file outfile_check_dir may make: PROBE_PREFIX.tmp.<pid> */
#define PROBE_PREFIX ".reportgen-probe"

static void remove_stale_temps(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		const char *name = e->d_name, *t = strstr(name, ".tmp.");
		size_t n = strlen(dir) + strlen(name) + 2;
		char *path;
		struct stat st;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		path = xmalloc(n);
		snprintf(path, n, "%s/%s", dir, name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (depth > 0)
				remove_stale_temps(path, depth - 1);
		} else if (t != NULL && S_ISREG(st.st_mode) &&
		           ((t - name >= 4 && (strncmp(t - 4, ".pdf", 4) == 0 ||
		                               strncmp(t - 4, ".csv", 4) == 0)) ||
		            strncmp(name, PROBE_PREFIX ".tmp.", strlen(PROBE_PREFIX) + 5) == 0)) {
			char *end;
			long pid = strtol(t + 5, &end, 10);

			if (end != t + 5 && *end == '\0' && pid > 0 && pid != (long)getpid() &&
			    kill((pid_t)pid, 0) != 0 && errno == ESRCH)
				unlink(path);
		}
		free(path);
	}
	closedir(d);
}

int outfile_check_dir(const char *dir)
{
	char probe[4096];
	int fd;

	if (make_dirs(dir) != 0) {
		diag_error(NULL, EXIT_SYS, "cannot write to '%s': %s", dir, strerror(errno));
		return -1;
	}
	/* Can a file be made here? An unnamed one (O_TMPFILE) leaves nothing
	 * behind however the run ends; where the file system has no such thing,
	 * a named probe that a killed run may leave is named like a temp, and
	 * remove_stale_temps takes it away with the others. */
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	if (fd >= 0) {
		close(fd);
		remove_stale_temps(dir, 2);
		return 0;
	}
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL && errno != ENOENT) {
		diag_error(NULL, EXIT_SYS, "cannot write to '%s': %s", dir, strerror(errno));
		return -1;
	}
#endif
	snprintf(probe, sizeof probe, "%s/" PROBE_PREFIX ".tmp.%ld", dir, (long)getpid());
	fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		diag_error(NULL, EXIT_SYS, "cannot write to '%s': %s", dir, strerror(errno));
		return -1;
	}
	close(fd);
	unlink(probe);
	remove_stale_temps(dir, 2);
	return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static struct staged *find_staged(const char *path)
{
	struct staged *s;

	for (s = staged_head; s != NULL; s = s->next)
		if (strcmp(s->path, path) == 0)
			return s;
	return NULL;
}

/* Take s out of the list (its temp already removed) and free it. */
static void drop_staged(struct staged *s)
{
	struct staged *p, *prev = NULL;
	sigset_t old;

	block_signals(&old);
	for (p = staged_head; p != NULL && p != s; p = p->next)
		prev = p;
	if (p != NULL) {
		if (prev != NULL)
			prev->next = s->next;
		else
			staged_head = s->next;
		if (staged_tail == s)
			staged_tail = prev;
		staged_n--;
	}
	restore_signals(&old);
	free(s->path);
	free(s->tmp);
	free(s);
}

/* Add (path, tmp) at the end of the staged list; tmp is taken over. */
static struct staged *append_staged(const char *path, char *tmp)
{
	struct staged *s = xmalloc(sizeof *s);
	sigset_t old;

	s->path = xstrdup(path);
	s->tmp = tmp;
	s->next = NULL;
	block_signals(&old);
	if (staged_tail != NULL)
		staged_tail->next = s;
	else
		staged_head = s;
	staged_tail = s;
	staged_n++;
	restore_signals(&old);
	return s;
}

int outfile_stage(const char *path, const void *bytes, size_t len)
{
	struct staged *s = find_staged(path);
	char *dir, *tmp;
	int fd, err;

	signal(SIGXFSZ, SIG_IGN);
	dir = parent_of(path);
	if (make_dirs(dir) != 0) {
		diag_error(NULL, EXIT_SYS, "cannot create folder '%s': %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	free(dir);
	if (s != NULL) {
		tmp = s->tmp;
	} else {
		size_t n = strlen(path) + 32;

		tmp = xmalloc(n);
		snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
		/* listed before it exists, so a signal during the write removes it */
		s = append_staged(path, tmp);
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		diag_error(NULL, EXIT_SYS, "cannot write '%s': %s", path, strerror(errno));
		goto fail;
	}
	/* no fsync here: outfile_commit makes every staged file durable with
	 * one syncfs before the renames (one flush per run, not per file) */
	if (write_all(fd, bytes, len) != 0) {
		err = errno;
		close(fd);
		diag_error(NULL, EXIT_SYS, "cannot write '%s': %s", path, strerror(err));
		goto fail;
	}
	if (close(fd) != 0) {
		diag_error(NULL, EXIT_SYS, "cannot write '%s': %s", path, strerror(errno));
		goto fail;
	}
	return 0;
fail:
	unlink(tmp);
	drop_staged(s);
	return -1;
}

/* Drop the whole staged list (temps already renamed or removed). */
static void free_staged(void)
{
	struct staged *s, *next;
	sigset_t old;

	block_signals(&old);
	s = staged_head;
	staged_head = NULL;
	staged_tail = NULL;
	staged_n = 0;
	restore_signals(&old);
	for (; s != NULL; s = next) {
		next = s->next;
		free(s->path);
		free(s->tmp);
		free(s);
	}
}

/* fsync the folders of the committed files so the renames are durable;
 * each folder once. Best effort: some file systems refuse it. */
static void sync_dirs(void)
{
	struct staged *s, *t;

	for (s = staged_head; s != NULL; s = s->next) {
		char *dir = parent_of(s->path);
		int done = 0, fd;

		for (t = staged_head; t != s && !done; t = t->next) {
			char *other = parent_of(t->path);

			done = strcmp(other, dir) == 0;
			free(other);
		}
		if (!done && (fd = open(dir, O_RDONLY | O_CLOEXEC)) >= 0) {
			fsync(fd);
			close(fd);
		}
		free(dir);
	}
}

int outfile_commit(void)
{
	struct staged *s;
	int rc = 0, have_dev = 0;
	dev_t dev = 0;
	sigset_t old;

	/* The data reach the disk before any rename exposes them: a crash
	 * leaves the old file or the whole new one. One syncfs flushes every
	 * staged file of a file system; the outputs of a run normally share one
	 * (a file on another device gets its own call). */
	for (s = staged_head; s != NULL && rc == 0; s = s->next) {
		struct stat st;
		int fd = open(s->tmp, O_RDONLY | O_CLOEXEC);

		if (fd < 0 || fstat(fd, &st) != 0 || (!have_dev || st.st_dev != dev ? syncfs(fd) : 0) != 0) {
			diag_error(NULL, EXIT_SYS, "cannot write '%s': %s", s->path, strerror(errno));
			rc = -1;
		} else if (!have_dev || st.st_dev != dev) {
			have_dev = 1;
			dev = st.st_dev;
		}
		if (fd >= 0)
			close(fd);
	}
	if (rc != 0) {
		outfile_abort();
		return -1;
	}
	/* an interrupt waits until every rename is done: all or nothing */
	block_signals(&old);
	for (s = staged_head; s != NULL; s = s->next) {
		if (rc != 0) {
			unlink(s->tmp);
			continue;
		}
		if (rename(s->tmp, s->path) != 0) {
			diag_error(NULL, EXIT_SYS, "cannot rename '%s' to '%s': %s", s->tmp, s->path,
			           strerror(errno));
			unlink(s->tmp);
			rc = -1;
			continue;
		}
		if (committed_n == committed_cap) {
			committed_cap = committed_cap ? committed_cap * 2 : 16;
			committed = xrealloc(committed, committed_cap * sizeof *committed);
		}
		committed[committed_n++] = xstrdup(s->path);
	}
	restore_signals(&old);
	if (rc == 0)
		sync_dirs();
	free_staged();
	return rc;
}

void outfile_abort(void)
{
	struct staged *s;

	for (s = staged_head; s != NULL; s = s->next)
		unlink(s->tmp);
	free_staged();
}

size_t outfile_staged_count(void)
{
	return staged_n;
}

static struct staged *staged_at(size_t i)
{
	struct staged *s;

	for (s = staged_head; s != NULL && i > 0; s = s->next)
		i--;
	return s;
}

const char *outfile_staged_path(size_t i)
{
	struct staged *s = staged_at(i);

	return s ? s->path : NULL;
}

const char *outfile_staged_tmp(size_t i)
{
	struct staged *s = staged_at(i);

	return s ? s->tmp : NULL;
}

void outfile_release(void)
{
	free_staged();
}

int outfile_adopt(const char *path, const char *tmp)
{
	struct stat st;

	if (stat(tmp, &st) != 0) {
		diag_error(NULL, EXIT_SYS, "cannot find '%s' made for '%s': %s", tmp, path,
		           strerror(errno));
		return -1;
	}
	append_staged(path, xstrdup(tmp));
	return 0;
}

size_t outfile_committed_count(void)
{
	return committed_n;
}

const char *outfile_committed_at(size_t i)
{
	return i < committed_n ? committed[i] : NULL;
}

void outfile_forget(void)
{
	size_t i;

	for (i = 0; i < committed_n; i++)
		free(committed[i]);
	free(committed);
	committed = NULL;
	committed_n = committed_cap = 0;
}

static void on_signal(int sig)
{
	struct staged *s;
	int saved = errno;

	for (s = staged_head; s != NULL; s = s->next)
		unlink(s->tmp);
	errno = saved;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void at_exit(void)
{
	outfile_abort();
	outfile_forget();
}

void outfile_install_signal_cleanup(void)
{
	struct sigaction sa;
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	size_t i;

	signal(SIGXFSZ, SIG_IGN);
	if (handlers_installed)
		return;
	handlers_installed = 1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
	atexit(at_exit);
}
