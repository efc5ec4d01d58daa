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

/* Folders this process created (make_dirs), in creation order: a run that
 * fails removes them again (when empty), so it leaves no folder behind. */
static char **made_dirs;
static size_t made_n, made_cap;

static void remember_dir(const char *d);
static void forget_dirs(void);
static int outfile_sync_staged(void);

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
		if (mkdir(p, 0777) == 0) {
			remember_dir(p);
		} else if (errno != EEXIST) {
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
		            strncmp(name, ".reportgen-", 11) == 0)) {
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
	/* an earlier run killed in the middle of its commit is finished first,
	 * before its temps could look stale */
	if (outfile_recover(dir) != 0)
		return -1;
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

/* ---- the journal and the manifest ----
 *
 * A commit in a folder ROOT (outfile_commit_in) first writes ROOT/JOURNAL
 * (through a temp, fsynced, renamed into place: it exists whole or not at
 * all). It lists, relative to ROOT and in order, every rename of the commit
 * ("R TEMP<TAB>FINAL"), the files an earlier run wrote that are now removed
 * ("D PATH"), and ends with "end". Only then are the steps carried out; the
 * journal is removed last. Each step can be done again safely (a rename
 * whose temp is gone was done; a removal of a missing file was done), so a
 * commit killed at any instant is finished by outfile_recover, which
 * outfile_check_dir calls before a later run does anything else. */
#define JOURNAL ".reportgen-journal"
#define MANIFEST ".reportgen-manifest"

/* The fault hook of the tests: REPORTGEN_FAULT_COMMIT=N sends this process
 * SIGKILL just before the N-th step of a commit (1: the journal's rename into
 * place, then each rename and removal it lists, then the journal's removal).
 * Read only here. */
static long fault_at = -1, fault_step;

static void fault_point(void)
{
	if (fault_at > 0 && ++fault_step == fault_at)
		raise(SIGKILL);
}

static char *join(const char *root, const char *rel)
{
	size_t n = strlen(root) + strlen(rel) + 2;
	char *p = xmalloc(n);

	snprintf(p, n, "%s/%s", root, rel);
	return p;
}

/* fsync a folder (best effort: some file systems refuse it). */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Write tmp whole and fsync it. Returns 0, or -1 (errno set, tmp removed). */
static int write_synced(const char *tmp, const char *bytes, size_t len)
{
	int fd, rc = -1, err;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	if (write_all(fd, bytes, len) == 0 && fsync(fd) == 0)
		rc = 0;
	err = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		err = errno;
	}
	if (rc != 0)
		unlink(tmp);
	errno = err;
	return rc;
}

/* Write a small file whole and durably: temp, fsync, rename. Returns 0 or -1
 * (errno set); fault_point runs before the rename. */
static int write_durably(const char *path, const char *bytes, size_t len)
{
	size_t n = strlen(path) + 32;
	char *tmp = xmalloc(n);
	int rc, err;

	snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
	rc = write_synced(tmp, bytes, len);
	if (rc == 0) {
		fault_point();
		if (rename(tmp, path) != 0) {
			err = errno;
			unlink(tmp);
			errno = err;
			rc = -1;
		}
	}
	free(tmp);
	return rc;
}

/* The lines of a text file in b (NULs for the newlines); 0, or -1 when it
 * cannot be read (errno ENOENT: there is none). */
static int read_text(const char *path, struct buf *b)
{
	if (buf_read_file(b, path) != 0)
		return -1;
	buf_cstr(b);
	return 0;
}

/* Carry out the journal of root (its text in j, NUL-terminated). */
static int roll_forward(const char *root, char *j)
{
	char *line, *next;
	int rc = 0;

	for (line = j; line && *line; line = next) {
		char *tab, *a, *b;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] == 'R' && line[1] == ' ' && (tab = strchr(line + 2, '\t')) != NULL) {
			struct stat st;

			*tab = '\0';
			a = join(root, line + 2);
			b = join(root, tab + 1);
			fault_point();
			if (lstat(a, &st) == 0 && rename(a, b) != 0 && errno != ENOENT) {
				diag_error(NULL, EXIT_SYS, "cannot rename '%s' to '%s': %s", a, b,
				           strerror(errno));
				rc = -1;
			}
			free(a);
			free(b);
		} else if (line[0] == 'D' && line[1] == ' ') {
			a = join(root, line + 2);
			fault_point();
			if (unlink(a) != 0 && errno != ENOENT) {
				diag_error(NULL, EXIT_SYS, "cannot remove '%s': %s", a, strerror(errno));
				rc = -1;
			}
			free(a);
		}
	}
	return rc;
}

/* 1 if the journal's text j is whole (its last line is "end"). */
static int journal_whole(const struct buf *j)
{
	return j->len >= 4 && memcmp(j->data + j->len - 4, "end\n", 4) == 0 &&
	       strncmp(j->data, "reportgen-journal 1 ", 20) == 0;
}

/* Sync the folders of every file the journal names, and root. */
static void sync_journal_dirs(const char *root, const struct buf *j)
{
	const char *p = j->data, *end = j->data + j->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *f = NULL, *slash;

		if (nl == NULL)
			break;
		if (p[0] == 'R' && p[1] == ' ')
			f = memchr(p, '\t', (size_t)(nl - p));
		else if (p[0] == 'D' && p[1] == ' ')
			f = p + 1;
		if (f != NULL) {
			size_t rn = (size_t)(nl - f - 1);
			char *rel = xmalloc(rn + 1), *dir;

			memcpy(rel, f + 1, rn);
			rel[rn] = '\0';
			slash = strrchr(rel, '/');
			if (slash != NULL) {
				rel[slash - rel] = '\0';
				dir = join(root, rel);
				sync_dir(dir);
				free(dir);
			}
			free(rel);
		}
		p = nl + 1;
	}
	sync_dir(root);
}

int outfile_recover(const char *root)
{
	struct buf j = { 0 };
	char *path = join(root, JOURNAL);
	int rc = 0;
	const char *fe = getenv("REPORTGEN_FAULT_COMMIT");

	if (fe != NULL && fault_at < 0)
		fault_at = atol(fe);
	if (read_text(path, &j) != 0) {
		int err = errno;

		buf_free(&j);
		free(path);
		if (err == ENOENT)
			return 0;
		diag_error(NULL, EXIT_SYS, "cannot read '%s/" JOURNAL "': %s", root, strerror(err));
		return -1;
	}
	if (journal_whole(&j)) {
		long pid = atol(j.data + 20);

		/* a live process is committing right now: its commit, not ours */
		if (pid > 0 && pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno == EPERM)) {
			buf_free(&j);
			free(path);
			return 0;
		}
	}
	if (journal_whole(&j)) {
		char *text = xmalloc(j.len + 1);

		memcpy(text, j.data, j.len);
		text[j.len] = '\0';
		rc = roll_forward(root, text);
		free(text);
		sync_journal_dirs(root, &j);
		if (rc == 0)
			diag_note("reportgen: finished the commit an earlier run left unfinished in %s",
			          root);
	}
	/* a journal that is not whole was never put in place (it is renamed in
	 * only once complete): nothing was renamed, the temps go as stale */
	if (rc == 0 && unlink(path) != 0 && errno != ENOENT) {
		diag_error(NULL, EXIT_SYS, "cannot remove '%s': %s", path, strerror(errno));
		rc = -1;
	}
	sync_dir(root);
	buf_free(&j);
	free(path);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The path of s relative to root, or NULL when it is not inside it. */
static const char *rel_to(const char *root, const char *path)
{
	size_t n = strlen(root);

	while (n > 1 && root[n - 1] == '/')
		n--;
	if (strncmp(path, root, n) != 0 || path[n] != '/')
		return NULL;
	path += n;
	while (*path == '/')
		path++;
	return path;
}

/* Is rel (a name from the manifest) among the files staged now? */
static int staged_rel(const char *root, const char *rel)
{
	struct staged *s;

	for (s = staged_head; s != NULL; s = s->next) {
		const char *r = rel_to(root, s->path);

		if (r != NULL && strcmp(r, rel) == 0)
			return 1;
	}
	return 0;
}

/* A name a journal line can hold: relative, no newline or tab, no "..". */
static int plain_name(const char *rel)
{
	return rel[0] != '\0' && rel[0] != '/' && strpbrk(rel, "\n\t") == NULL &&
	       strstr(rel, "..") == NULL;
}

int outfile_commit_in(const char *root, int (*stale)(const char *rel, void *ctx), void *ctx)
{
	struct buf man = { 0 }, jr = { 0 }, nm = { 0 };
	char **names = NULL, *line, *next, *jpath, *mpath;
	size_t nn = 0, cap = 0, i;
	struct staged *s;
	int rc = 0;
	sigset_t old;
	const char *fe = getenv("REPORTGEN_FAULT_COMMIT");

	if (fe != NULL)
		fault_at = atol(fe);
	fault_step = 0;
	if (outfile_sync_staged() != 0) {
		outfile_abort();
		return -1;
	}
	jpath = join(root, JOURNAL);
	mpath = join(root, MANIFEST);
	buf_printf(&jr, "reportgen-journal 1 %ld\n", (long)getpid());
	for (s = staged_head; s != NULL && rc == 0; s = s->next) {
		const char *rt = rel_to(root, s->tmp), *rp = rel_to(root, s->path);

		if (rt == NULL || rp == NULL || !plain_name(rt) || !plain_name(rp)) {
			diag_error(NULL, EXIT_SYS, "cannot commit '%s': not a plain name inside '%s'",
			           s->path, root);
			rc = -1;
			break;
		}
		buf_printf(&jr, "R %s\t%s\n", rt, rp);
		if (nn == cap) {
			cap = cap ? cap * 2 : 64;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[nn++] = xstrdup(rp);
	}
	/* what earlier runs wrote: kept, or removed when stale says so */
	if (rc == 0 && read_text(mpath, &man) == 0) {
		for (line = (char *)buf_cstr(&man); line && *line; line = next) {
			struct stat st;
			char *full;

			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			if (line[0] == '#' || !plain_name(line) || staged_rel(root, line))
				continue;
			full = join(root, line);
			if (lstat(full, &st) == 0 && S_ISREG(st.st_mode)) {
				if (stale != NULL && stale(line, ctx)) {
					buf_printf(&jr, "D %s\n", line);
					diag_note("reportgen: removing %s: the data no longer support it", full);
				} else {
					if (nn == cap) {
						cap = cap ? cap * 2 : 64;
						names = xrealloc(names, cap * sizeof *names);
					}
					names[nn++] = xstrdup(line);
				}
			}
			free(full);
		}
	}
	/* the new manifest: every file reportgen wrote here that stays */
	if (rc == 0) {
		char *mtmp;
		size_t n = strlen(mpath) + 32;

		qsort(names, nn, sizeof *names, cmp_str);
		buf_puts(&nm, "# The files reportgen wrote in this folder; it removes those the data\n"
		              "# no longer supports (README, Reliability). Do not edit.\n");
		for (i = 0; i < nn; i++)
			if (i == 0 || strcmp(names[i], names[i - 1]) != 0)
				buf_printf(&nm, "%s\n", names[i]);
		mtmp = xmalloc(n);
		snprintf(mtmp, n, "%s.tmp.%ld", mpath, (long)getpid());
		if (write_synced(mtmp, nm.data, nm.len) != 0) {
			diag_error(NULL, EXIT_SYS, "cannot write '%s': %s", mpath, strerror(errno));
			rc = -1;
		} else {
			buf_printf(&jr, "R " MANIFEST ".tmp.%ld\t" MANIFEST "\n", (long)getpid());
		}
		free(mtmp);
	}
	buf_puts(&jr, "end\n");
	/* an interrupt waits until the commit is done: all or nothing */
	block_signals(&old);
	if (rc == 0 && write_durably(jpath, jr.data, jr.len) != 0) {
		diag_error(NULL, EXIT_SYS, "cannot write '%s': %s", jpath, strerror(errno));
		rc = -1;
	}
	if (rc == 0) {
		sync_dir(root);
		{
			char *text = xmalloc(jr.len + 1);

			memcpy(text, jr.data, jr.len);
			text[jr.len] = '\0';
			rc = roll_forward(root, text);
			free(text);
		}
		sync_journal_dirs(root, &jr);
		if (rc == 0) {
			fault_point();
			if (unlink(jpath) != 0) {
				diag_error(NULL, EXIT_SYS, "cannot remove '%s': %s", jpath, strerror(errno));
				rc = -1;
			}
			sync_dir(root);
		}
	}
	if (rc == 0) {
		for (s = staged_head; s != NULL; s = s->next) {
			if (committed_n == committed_cap) {
				committed_cap = committed_cap ? committed_cap * 2 : 16;
				committed = xrealloc(committed, committed_cap * sizeof *committed);
			}
			committed[committed_n++] = xstrdup(s->path);
		}
		free_staged();
		forget_dirs();
	} else {
		char *mt = xmalloc(strlen(mpath) + 32);

		sprintf(mt, "%s.tmp.%ld", mpath, (long)getpid());
		unlink(mt);
		free(mt);
	}
	restore_signals(&old);
	if (rc != 0)
		outfile_abort();
	for (i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	buf_free(&man);
	buf_free(&jr);
	buf_free(&nm);
	free(jpath);
	free(mpath);
	return rc;
}

/* Make every staged file durable before a rename exposes it: a crash leaves
 * the old file or the whole new one. One syncfs flushes every staged file
 * of a file system; the outputs of a run normally share one (a file on
 * another device gets its own call). Returns 0 or -1 after reporting. */
static int outfile_sync_staged(void)
{
	struct staged *s;
	int rc = 0, have_dev = 0;
	dev_t dev = 0;

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
	return rc;
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
	if (rc == 0) {
		sync_dirs();
		forget_dirs();
	}
	free_staged();
	return rc;
}

static void remember_dir(const char *d)
{
	if (made_n == made_cap) {
		made_cap = made_cap ? made_cap * 2 : 8;
		made_dirs = xrealloc(made_dirs, made_cap * sizeof *made_dirs);
	}
	made_dirs[made_n++] = xstrdup(d);
}

/* The folders made so far stay (the run committed). */
static void forget_dirs(void)
{
	size_t i;

	for (i = 0; i < made_n; i++)
		free(made_dirs[i]);
	free(made_dirs);
	made_dirs = NULL;
	made_n = made_cap = 0;
}

void outfile_abort(void)
{
	struct staged *s;
	size_t i;

	for (s = staged_head; s != NULL; s = s->next)
		unlink(s->tmp);
	free_staged();
	/* the folders this run made, deepest first; one that is not empty
	 * (another process wrote into it meanwhile) stays */
	for (i = made_n; i > 0; i--)
		rmdir(made_dirs[i - 1]);
	forget_dirs();
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
