/*
 * run/commit.c: the end of a run, all or nothing.
 *
 * Every output (this process's and the workers', adopted by workers.c) has
 * been staged through outfile beside its final path. Only when the whole
 * run has succeeded are they all renamed into place; after any error they
 * are all removed, and the previous outputs stay as they were.
 */
#include "run/internal.h"

#include "base/base.h"

void run_commit(const struct run_opts *o, struct run_stats *st)
{
	int status = diag_status();
	double t = run_now();
	size_t i;

	if (status == EXIT_OK && outfile_commit() == 0) {
		size_t c = outfile_committed_count();

		st->outputs = c;
		if (!o->quiet)
			for (i = 0; i < c; i++)
				diag_note("wrote %s", outfile_committed_at(i));
		diag_note("reportgen: %zu file%s written to %s", c, c == 1 ? "" : "s", o->out);
	} else {
		outfile_abort();
		diag_note("reportgen: failed; nothing written (previous outputs in %s left as they were)",
		          o->out);
	}
	st->commit = run_now() - t;
	outfile_forget();
}
