/*
 * run/workers.c: the worker processes of --jobs.
 *
 * With jobs > 1 the documents are shared out among this process and jobs - 1
 * children forked once the data, figures, fonts, dictionaries and templates
 * are ready (copy-on-write: nothing is loaded twice). A document's bytes
 * depend only on the inputs, so the outputs are those of a single process.
 * Each child stages its files as usual and, when all went well, sends the
 * parent the list (temp path, final path; NUL-separated) through a pipe and
 * leaves its temps behind; the parent adopts them (outfile_adopt) and its one
 * commit renames every file of the run, or its abort removes them all. A child
 * that fails removes its own temps and exits with its status; its messages
 * went to stderr already.
 */
#include "run/internal.h"

#include "base/base.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* pipe or fork failed for the k-th worker: the shares of the workers not
 * started fall to this process. */
static void start_failed(const struct run_workers *w, struct run_plan *p, int k, int fds[2])
{
	size_t i;

	diag_warn(NULL, "cannot start a worker process (%s): %d of %d started",
	          strerror(errno), w->n, p->jobs - 1);
	if (fds[0] >= 0) {
		close(fds[0]);
		close(fds[1]);
	}
	for (i = 0; i < p->n; i++)
		if (p->outs[i].worker >= k)
			p->outs[i].worker = 0;
}

/* In the k-th worker, just forked. */
static void become_worker(struct run_workers *w, int k, int fds[2], pid_t parent)
{
	int c;

	/* a worker must not outlive its parent (killed outright, it
	 * could commit nothing): SIGTERM then removes its temps */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(EXIT_SYS);
	for (c = 0; c < w->n; c++)
		close(w->fd[c]);
	close(fds[0]);
	w->fd[0] = fds[1];
	w->me = k;
	w->n = 0;
}

void run_workers_start(struct run_workers *w, struct run_plan *p)
{
	pid_t parent = getpid();
	int k;

	fflush(NULL);
	for (k = 1; k < p->jobs; k++) {
		int fds[2] = { -1, -1 };
		pid_t pid = -1;

		if (pipe(fds) == 0)
			pid = fork();
		if (pid < 0) {
			start_failed(w, p, k, fds);
			return;
		}
		if (pid == 0) {
			become_worker(w, k, fds, parent);
			return;
		}
		close(fds[1]);
		w->pid[w->n] = pid;
		w->fd[w->n++] = fds[0];
	}
}

static int write_all_fd(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* In a child, after its share: hand the staged list to the parent. */
_Noreturn void run_worker_exit(int fd)
{
	int status = diag_status();

	if (status == EXIT_OK) {
		struct buf b = { 0 };
		size_t i;

		for (i = 0; i < outfile_staged_count(); i++) {
			buf_add(&b, outfile_staged_tmp(i), strlen(outfile_staged_tmp(i)) + 1);
			buf_add(&b, outfile_staged_path(i), strlen(outfile_staged_path(i)) + 1);
		}
		if (write_all_fd(fd, b.data ? b.data : "", b.len) == 0) {
			outfile_release();   /* the parent commits them */
			_exit(0);
		}
		status = EXIT_SYS;
	}
	outfile_abort();
	_exit(status);
}

/* In the parent: read a child's list, wait for it, adopt its files. */
static void worker_collect(pid_t pid, int fd)
{
	struct buf b = { 0 };
	char chunk[8192];
	int st;
	size_t at;

	for (;;) {
		ssize_t r = read(fd, chunk, sizeof chunk);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		buf_add(&b, chunk, (size_t)r);
	}
	close(fd);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		for (at = 0; at < b.len;) {
			const char *tmp = b.data + at, *path;

			at += strlen(tmp) + 1;
			if (at >= b.len)
				break;
			path = b.data + at;
			at += strlen(path) + 1;
			outfile_adopt(path, tmp);
		}
	} else if (WIFEXITED(st)) {
		diag_raise(WEXITSTATUS(st) == EXIT_OK ? EXIT_SYS : WEXITSTATUS(st));
	} else {
		diag_error(NULL, EXIT_SYS, "a worker process died (signal %d)",
		           WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	}
	buf_free(&b);
}

void run_workers_collect(struct run_workers *w)
{
	int c;

	for (c = 0; c < w->n; c++)
		worker_collect(w->pid[c], w->fd[c]);
	w->n = 0;
}
