/*
 * run: the steps of one run in order (run_all), and --shard's parser.
 *
 * Each step lives in a file of its own; internal.h lists the steps and the
 * files. Every output is staged through outfile and committed only when the
 * whole run has succeeded (commit.c).
 */
#include "run/run.h"
#include "run/internal.h"

#include "base/base.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int run_all(const struct run_opts *o, struct run_stats *st)
{
	struct arena *a = arena_new();
	struct run_prep prep;
	struct run_engine e = { 0 };
	struct run_workers w = { 0 };
	struct run_plan p;
	struct figset *fs;

	memset(st, 0, sizeof *st);
	memset(&prep, 0, sizeof prep);
	memset(&p, 0, sizeof p);
	if (outfile_check_dir(o->out) != 0)
		goto done;
	run_prep_start(&prep, o);
	fs = run_edition(a, o->data, st);
	if (fs == NULL || run_plan(a, o, fs, &p, st) != 0)
		goto done;

	run_engine_init(&e, &prep, &p);
	run_plan_share(&p, o->jobs);
	if (p.jobs > 1) {
		/* everything the children share is made before they are */
		if (run_engine_ready(&e, o, fs, &p) != 0)
			goto done;
		run_workers_start(&w, &p);
	}
	run_build_share(&e, o, fs, &p, w.me, st);
	if (w.me != 0)
		run_worker_exit(w.fd[0]);
	run_workers_collect(&w);
	run_progress_end(o, &p);

done:
	run_workers_collect(&w);
	run_prep_finish(&prep, &e, 0);   /* after a failure: wait for the helper, drop its work */
	run_commit(o, &p, st);
	run_engine_free(&e);
	arena_free(a);
	return diag_status();
}

int run_parse_shard(const char *s, int *k, int *n)
{
	char *end;
	long kk, nn;

	kk = strtol(s, &end, 10);
	if (end == s || *end != '/')
		return -1;
	s = end + 1;
	nn = strtol(s, &end, 10);
	if (end == s || *end != '\0' || nn < 1 || nn > 1000000 || kk < 1 || kk > nn)
		return -1;
	*k = (int)kk;
	*n = (int)nn;
	return 0;
}
