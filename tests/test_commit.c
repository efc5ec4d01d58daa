/*
 * The run's commit end to end (run/commit.c, base/outfile.c): all or nothing
 * under SIGKILL at every step, and no output the data no longer support.
 *
 * The runs use the binary. "Old" outputs are US Letter from the default
 * edition; "new" ones are A4 from a copy of it without the state of
 * Zacatecas, so the new plan has one brief less and the commit must remove
 * it. The fault hook REPORTGEN_FAULT_COMMIT=N kills the run with SIGKILL just
 * before the N-th step of its commit.
 */
#include "helpers.h"

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAXF 64

struct tree {
	int n;
	char *name[MAXF];
	char *data[MAXF];
	size_t len[MAXF];
};

static void tree_take(const char *dir, struct tree *t)
{
	char *list = NULL, *p, *nl;

	memset(t, 0, sizeof *t);
	cr_assert_eq(th_run(&list, "cd '%s' && find . -type f | LC_ALL=C sort", dir), 0);
	for (p = list; *p != '\0' && t->n < MAXF; p = nl + 1) {
		char full[1200];

		nl = strchr(p, '\n');
		if (nl == NULL)
			break;
		*nl = '\0';
		snprintf(full, sizeof full, "%s/%s", dir, p);
		t->name[t->n] = strdup(p);
		t->data[t->n] = th_read_file(full, &t->len[t->n]);
		t->n++;
	}
	free(list);
}

static void tree_free(struct tree *t)
{
	for (int i = 0; i < t->n; i++) {
		free(t->name[i]);
		free(t->data[i]);
	}
	t->n = 0;
}

static int tree_same(const struct tree *a, const struct tree *b)
{
	if (a->n != b->n)
		return 0;
	for (int i = 0; i < a->n; i++)
		if (strcmp(a->name[i], b->name[i]) != 0 || a->len[i] != b->len[i] ||
		    memcmp(a->data[i], b->data[i], a->len[i]) != 0)
			return 0;
	return 1;
}

/* The edition copy tmp/edition without Zacatecas: its rows go from every
 * dataset keyed by state (its outline stays; an outline without a state is
 * not drawn), so the plan has two briefs less. */
static void drop_zacatecas(const char *tmp)
{
	cr_assert_eq(th_copy_edition(tmp), 0);
	cr_assert_eq(th_run(NULL, "cd '%s/edition' && grep -q '^zacatecas,' states.csv && "
	                    "for f in *.csv; do sed -i '/^zacatecas,/d' $f; done", tmp), 0);
}

#define RUN "'%s' --quiet --only paper,briefs --lang en"

Test(commit, sigkill_at_every_step_then_all_old_or_all_new, .timeout = 240)
{
	char *tmp = th_tmpdir(), *log = NULL;
	struct tree old, new, now;
	int n, saw_old = 0, saw_new = 0;

	cr_assert_not_null(tmp);
	drop_zacatecas(tmp);
	/* the two generations, each made by one clean run */
	cr_assert_eq(th_run(NULL, RUN " --letter --out '%s/old'", th_bin(), tmp), 0);
	cr_assert_eq(th_run(NULL, "cp -a '%s/old' '%s/new' && " RUN " --data '%s/edition' "
	                    "--out '%s/new'", tmp, tmp, th_bin(), tmp, tmp), 0);
	{
		char o[700], w[700];

		snprintf(o, sizeof o, "%s/old", tmp);
		snprintf(w, sizeof w, "%s/new", tmp);
		tree_take(o, &old);
		tree_take(w, &new);
	}
	cr_assert_eq(old.n, new.n + 1, "the new plan has one brief less");
	cr_assert(th_exists(TEST_SRCDIR "/data/2018/states.csv"));
	for (n = 1; n < 60; n++) {
		char out[700];
		int st;

		snprintf(out, sizeof out, "%s/out", tmp);
		cr_assert_eq(th_run(NULL, "rm -rf '%s' && cp -a '%s/old' '%s'", out, tmp, out), 0);
		st = th_run(&log, "REPORTGEN_FAULT_COMMIT=%d " RUN " --data '%s/edition' --out '%s' "
		            "--jobs 2; echo \"status $?\"", n, th_bin(), tmp, out);
		cr_assert_eq(st, 0);
		if (strstr(log, "status 0") != NULL) {
			free(log);
			tree_take(out, &now);
			cr_assert(tree_same(&now, &new), "the commit that was not killed");
			tree_free(&now);
			break;
		}
		cr_assert_not_null(strstr(log, "status 137"), "step %d: %s", n, log);
		free(log);
		/* the next command on the folder (one that then fails) finishes or
		 * drops the killed commit */
		st = th_run(&log, "'%s' --data '%s/no-such-edition' --out '%s' --quiet", th_bin(), tmp,
		            out);
		cr_assert_eq(st, 3, "%s", log);
		free(log);
		tree_take(out, &now);
		saw_old += tree_same(&now, &old);
		saw_new += tree_same(&now, &new);
		cr_assert(tree_same(&now, &old) || tree_same(&now, &new),
		          "killed before step %d of the commit: old and new outputs mixed (%d files)",
		          n, now.n);
		tree_free(&now);
	}
	cr_assert_lt(n, 60, "the commit never finished");
	/* the journal put in place, a rename per output, 1 removal, the
	 * manifest's rename, the journal's removal */
	cr_assert_eq(n - 1, (new.n - 1) + 4, "%d steps", n - 1);
	cr_assert_eq(saw_old, 1);
	cr_assert_eq(saw_new, n - 2);
	tree_free(&old);
	tree_free(&new);
	th_rmtree(tmp);
}

Test(commit, dropped_state_loses_its_briefs_foreign_files_stay, .timeout = 120)
{
	char *tmp = th_tmpdir(), *log = NULL, p[800];
	int st;

	cr_assert_not_null(tmp);
	drop_zacatecas(tmp);
	cr_assert_eq(th_run(NULL, "'%s' --quiet --out '%s/out'", th_bin(), tmp), 0);
	snprintf(p, sizeof p, "%s/out/briefs/en/notes.pdf", tmp);
	cr_assert_eq(th_write_file(p, "mine\n", 5), 0);
	snprintf(p, sizeof p, "%s/out/briefs/es/zacatecas.pdf", tmp);
	cr_assert(th_exists(p));

	/* a failed run removes nothing */
	st = th_run(&log, "cp '%s/edition/states.csv' '%s/states.csv' && "
	            "echo 'bad,row' >> '%s/edition/states.csv' && "
	            "'%s' --quiet --data '%s/edition' --out '%s/out'; s=$?; "
	            "cp '%s/states.csv' '%s/edition/states.csv'; exit $s",
	            tmp, tmp, tmp, th_bin(), tmp, tmp, tmp, tmp);
	cr_assert_eq(st, 1, "%s", log);
	free(log);
	cr_assert(th_exists(p), "a failed run removed a brief");

	/* a subset run that does not cover Spanish briefs leaves them alone */
	cr_assert_eq(th_run(&log, "'%s' --quiet --data '%s/edition' --out '%s/out' --lang en "
	                    "--only briefs", th_bin(), tmp, tmp), 0, "%s", log);
	free(log);
	cr_assert(th_exists(p), "--lang en removed a Spanish brief");
	snprintf(p, sizeof p, "%s/out/briefs/en/zacatecas.pdf", tmp);
	cr_assert_not(th_exists(p), "the English brief of a dropped state is left");

	/* a --state or --shard run removes nothing */
	cr_assert_eq(th_run(&log, "'%s' --quiet --data '%s/edition' --out '%s/out' --shard 1/1",
	                    th_bin(), tmp, tmp), 0, "%s", log);
	free(log);
	snprintf(p, sizeof p, "%s/out/briefs/es/zacatecas.pdf", tmp);
	cr_assert(th_exists(p), "--shard removed a brief");

	/* the full run removes it; the file reportgen did not write stays */
	cr_assert_eq(th_run(&log, "'%s' --quiet --data '%s/edition' --out '%s/out'", th_bin(), tmp,
	                    tmp), 0, "%s", log);
	cr_assert_not_null(strstr(log, "removing "), "%s", log);
	free(log);
	cr_assert_not(th_exists(p), "the Spanish brief of a dropped state is left");
	snprintf(p, sizeof p, "%s/out/briefs/en/notes.pdf", tmp);
	cr_assert(th_exists(p), "a file reportgen did not write was removed");
	snprintf(p, sizeof p, "%s/out/.reportgen-manifest", tmp);
	cr_assert(th_exists(p));
	th_rmtree(tmp);
}

Test(commit, failed_run_leaves_no_folder_it_made, .timeout = 60)
{
	char *tmp = th_tmpdir(), *log = NULL, p[800];
	int st;

	cr_assert_not_null(tmp);
	st = th_run(&log, "'%s' --quiet --data '%s/none' --out '%s/a/b/c'", th_bin(), tmp, tmp);
	cr_assert_eq(st, 3, "%s", log);
	free(log);
	snprintf(p, sizeof p, "%s/a", tmp);
	cr_assert_not(th_exists(p), "the failed run left the folders it made");
	th_rmtree(tmp);
}
