/*
 * run/plan.c: the list of outputs a run writes, and who builds each.
 *
 * The list of outputs is fixed and ordered (figures, papers, briefs), so
 * --shard K/N can take every N-th item deterministically and the union of
 * the N shards equals one full run. With --jobs the selected documents are
 * then shared out among the processes (workers.c forks them).
 */
#include "run/internal.h"

#include "base/base.h"
#include "figures/figures.h"

#include <string.h>

/* The ordered list of every output the options can select. */
static size_t plan_outputs(struct arena *a, const struct figset *fs,
                           struct run_output **outp)
{
	static const char *const langs[] = { "en", "es" };
	const struct figtable *states = figset_get_table(fs, "states");
	int slug_col = states ? figtable_col(states, "slug") : -1;
	size_t cap = 4 + (states ? 2 * states->nrows : 0);
	struct run_output *v = arena_calloc(a, cap, sizeof *v);
	size_t n = 0, li, r;

	v[n++] = (struct run_output){ RUN_OUT_FIGURES, NULL, 0, "figures.csv", "figures.csv", 0 };
	for (li = 0; li < 2; li++)
		v[n++] = (struct run_output){ RUN_OUT_PAPER, langs[li], 0,
		                              arena_printf(a, "whitepaper-%s.pdf", langs[li]), NULL, 0 };
	for (li = 0; li < 2 && states && slug_col >= 0; li++) {
		for (r = 0; r < states->nrows; r++) {
			const char *slug = figtable_cell(states, r, (size_t)slug_col)->text;

			v[n++] = (struct run_output){ RUN_OUT_BRIEF, langs[li], r,
			                              arena_printf(a, "briefs/%s/%s.pdf", langs[li], slug),
			                              NULL, 0 };
		}
	}
	*outp = v;
	return n;
}

static int selected(const struct run_opts *o, const struct run_output *out, const struct figset *fs)
{
	unsigned lang = 0;

	if (out->lang)
		lang = strcmp(out->lang, "en") == 0 ? RUN_EN : RUN_ES;
	switch (out->kind) {
	case RUN_OUT_FIGURES:
		return (o->docs & RUN_FIGURES) != 0;
	case RUN_OUT_PAPER:
		return (o->docs & RUN_PAPER) && (o->langs & lang);
	case RUN_OUT_BRIEF:
		if (!(o->docs & RUN_BRIEFS) || !(o->langs & lang))
			return 0;
		if (o->state != NULL) {
			const struct figtable *st = figset_get_table(fs, "states");
			int c = figtable_col(st, "slug");

			return strcmp(figtable_cell(st, out->state_row, (size_t)c)->text, o->state) == 0;
		}
		return 1;
	}
	return 0;
}

/* Keep what the options and the shard select (the others get rel = NULL).
 * Returns 0, or -1 when --state names no state with a brief. */
static int select_outputs(const struct run_opts *o, const struct figset *fs, struct run_plan *p)
{
	struct run_output *outs = p->outs;
	size_t i, n = p->n;

	if (o->state != NULL) {
		for (i = 0; i < n; i++)
			if (outs[i].kind == RUN_OUT_BRIEF && selected(o, &outs[i], fs))
				break;
		if (i == n) {
			diag_error(NULL, EXIT_USAGE, "no state '%s' with a brief in %s", o->state, o->data);
			return -1;
		}
	}
	for (i = 0; i < n; i++) {
		int mine = o->shard_n == 0 || (int)(i % (size_t)o->shard_n) == o->shard_k - 1;

		outs[i].rel = outs[i].name;
		if (!mine || !selected(o, &outs[i], fs)) {
			outs[i].rel = NULL;
			continue;
		}
		p->nsel++;
		if (outs[i].kind != RUN_OUT_FIGURES)
			p->npdf++;
	}
	return 0;
}

int run_plan(struct arena *a, const struct run_opts *o, const struct figset *fs,
             struct run_plan *p, struct run_stats *st)
{
	double t = run_now();

	memset(p, 0, sizeof *p);
	p->jobs = 1;
	p->n = plan_outputs(a, fs, &p->outs);
	st->figures += run_now() - t;
	return select_outputs(o, fs, p);
}

/* Estimated cost, to share the work: the paper takes about as long as 20
 * to 25 briefs (measured on the default edition; a worker's first briefs
 * are slower, its caches being cold). */
static unsigned out_cost(const struct run_output *x)
{
	return x->kind == RUN_OUT_PAPER ? 20 : 1;
}

/* Give each selected output to the least loaded worker (ties: the lowest),
 * in plan order; figures stay with the parent. */
static void share_out(struct run_output *outs, size_t n, int jobs)
{
	unsigned load[RUN_MAX_JOBS] = { 0 };
	size_t i;
	int w, best;

	for (i = 0; i < n; i++) {
		outs[i].worker = 0;
		if (outs[i].rel == NULL || outs[i].kind == RUN_OUT_FIGURES)
			continue;
		for (best = 0, w = 1; w < jobs; w++)
			if (load[w] < load[best])
				best = w;
		outs[i].worker = best;
		load[best] += out_cost(&outs[i]);
	}
}

void run_plan_share(struct run_plan *p, int jobs)
{
	jobs = jobs < 1 ? 1 : jobs > RUN_MAX_JOBS ? RUN_MAX_JOBS : jobs;
	if ((size_t)jobs > p->npdf)
		jobs = p->npdf > 0 ? (int)p->npdf : 1;
	p->jobs = jobs;
	share_out(p->outs, p->n, jobs);
}
