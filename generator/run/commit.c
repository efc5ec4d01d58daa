/*
 * run/commit.c: the end of a run, all or nothing.
 *
 * Every output (this process's and the workers', adopted by workers.c) has
 * been staged through outfile beside its final path. Only when the whole
 * run has succeeded are they all committed into the output folder at once
 * (outfile_commit_in: a journal first, so a SIGKILL at any instant leaves the
 * old outputs or, after the next run's recovery, the new ones); after any
 * error they are all removed, and the previous outputs stay as they were.
 *
 * The same commit removes what the data no longer support: a file the
 * folder's manifest says an earlier run wrote, of a kind this run selected
 * (--only, --lang), that the edition's full output plan no longer holds (a
 * state no longer profiled loses its briefs). A run limited to one state or
 * to a shard selects no such file: it removes nothing.
 */
#include "run/internal.h"

#include "base/base.h"

#include <string.h>

struct stale_ctx {
	const struct run_opts *o;
	const struct run_plan *p;
};

static unsigned lang_bit(const char *s, size_t n)
{
	if (n == 2 && strncmp(s, "en", 2) == 0)
		return RUN_EN;
	if (n == 2 && strncmp(s, "es", 2) == 0)
		return RUN_ES;
	return 0;
}

/* Would this run have written rel, had the plan held it? */
static int covered(const struct run_opts *o, const char *rel)
{
	size_t n = strlen(rel);

	if (o->shard_n != 0)
		return 0;
	if (strcmp(rel, "figures.csv") == 0 || strcmp(rel, "errata.csv") == 0 ||
	    (strncmp(rel, "tables/", 7) == 0 && strchr(rel + 7, '/') == NULL && n > 11 &&
	     strcmp(rel + n - 4, ".csv") == 0))
		return (o->docs & RUN_FIGURES) != 0;
	if (strncmp(rel, "whitepaper-", 11) == 0 && n == 11 + 2 + 4 &&
	    strcmp(rel + n - 4, ".pdf") == 0)
		return (o->docs & RUN_PAPER) && (o->langs & lang_bit(rel + 11, 2));
	if (strncmp(rel, "briefs/", 7) == 0 && n > 7 + 3 + 4 && rel[9] == '/' &&
	    strchr(rel + 10, '/') == NULL && strcmp(rel + n - 4, ".pdf") == 0)
		return (o->docs & RUN_BRIEFS) && (o->langs & lang_bit(rel + 7, 2)) &&
		       o->state == NULL;
	return 0;
}

/* outfile's question: remove rel, a file an earlier run wrote that this one
 * does not? Only when the run covers it and the full plan no longer has it. */
static int is_stale(const char *rel, void *ctx)
{
	const struct stale_ctx *c = ctx;
	size_t i;

	if (!covered(c->o, rel))
		return 0;
	for (i = 0; i < c->p->n; i++)
		if (strcmp(c->p->outs[i].name, rel) == 0)
			return 0;
	return 1;
}

void run_commit(const struct run_opts *o, const struct run_plan *p, struct run_stats *st)
{
	struct stale_ctx c = { o, p };
	int status = diag_status();
	double t = run_now();
	size_t i;

	/* without a plan (none was made) nothing counts as stale */
	if (status == EXIT_OK &&
	    outfile_commit_in(o->out, p != NULL && p->n > 0 ? is_stale : NULL, &c) == 0) {
		size_t n = outfile_committed_count();

		st->outputs = n;
		if (!o->quiet)
			for (i = 0; i < n; i++)
				diag_note("wrote %s", outfile_committed_at(i));
		diag_note("reportgen: %zu file%s written to %s", n, n == 1 ? "" : "s", o->out);
	} else {
		outfile_abort();
		diag_note("reportgen: failed; nothing written (previous outputs in %s left as they were)",
		          o->out);
	}
	st->commit = run_now() - t;
	outfile_forget();
}
