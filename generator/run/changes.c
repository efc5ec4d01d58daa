/*
 * run/changes.c: what changed since the previous edition. When edition.csv
 * names a previous edition (previous = ../2018), that edition is loaded and
 * computed too (the same stages, its own folder), and the figures of both
 * are compared into
 *   change.available            1 (0 without a previous edition: the
 *                               templates' "What changed" section is then
 *                               neither rendered nor checked);
 *   change.prev.year, change.prev.data_year;
 *   change.<key>.old/.new/.diff/.rel and .dir ("up", "down", "same") for
 *                               the headline figures below;
 *   table changes_readiness     Mexico's rank on each readiness metric both
 *                               editions compute: old, new, diff (new - old)
 *                               and dir ("better": a lower rank, "worse",
 *                               "same");
 *   table changes_states        each state's share of jobs exposed to
 *                               automation and its rank (1: the most
 *                               exposed), in both editions, the change in
 *                               percentage points, the states that moved
 *                               most first;
 *   change.states.moved         how many states changed exposure rank.
 * The previous edition's messages name its own files; its problems fail the
 * run like the edition's own.
 */
#include "run/internal.h"

#include "base/base.h"
#include "figures/figures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The headline figures compared (keys of both editions' figures). */
static const char *const headline[] = {
	"jobs.affected.total", "jobs.affected.share", "emp.total", "readiness.mex.rank",
	"readiness.mex.score", "split.replaced",
};

static const char *direction(double diff)
{
	return diff > 0 ? "up" : diff < 0 ? "down" : "same";
}

static void compare_headline(struct arena *a, struct figset *fs, const struct figset *prev,
                             const char *src)
{
	size_t i;

	for (i = 0; i < sizeof headline / sizeof headline[0]; i++) {
		const struct figure *o = figset_get(prev, headline[i]), *n = figset_get(fs, headline[i]);
		double d;

		if (o == NULL || n == NULL || o->kind != FIG_NUM || n->kind != FIG_NUM)
			continue;
		d = n->value - o->value;
		figset_num(fs, arena_printf(a, "change.%s.old", headline[i]), o->value, o->unit, src,
		           "the previous edition's value");
		figset_num(fs, arena_printf(a, "change.%s.new", headline[i]), n->value, n->unit,
		           n->source, "this edition's value");
		figset_num(fs, arena_printf(a, "change.%s.diff", headline[i]), d, n->unit, src,
		           "new - old");
		figset_num(fs, arena_printf(a, "change.%s.absdiff", headline[i]), fabs(d), n->unit,
		           src, "|new - old|");
		if (o->value != 0)
			figset_num(fs, arena_printf(a, "change.%s.rel", headline[i]), d / fabs(o->value),
			           "share", src, "(new - old) / |old|");
		figset_text(fs, arena_printf(a, "change.%s.dir", headline[i]), direction(d), src);
	}
}

static const struct fcell *cell(const struct figtable *t, size_t r, const char *col)
{
	int c = figtable_col(t, col);

	return c < 0 ? NULL : figtable_cell(t, r, (size_t)c);
}

/* Row of t whose column col is key, or -1. */
static long find_row(const struct figtable *t, const char *col, const char *key)
{
	size_t r;

	for (r = 0; r < t->nrows; r++) {
		const struct fcell *c = cell(t, r, col);

		if (c != NULL && strcmp(c->text, key) == 0)
			return (long)r;
	}
	return -1;
}

static void compare_readiness(struct figset *fs, const struct figset *prev, const char *src)
{
	static const char *const cols[] = { "metric_code", "metric", "metric_es", "old", "new",
	                                    "diff", "places", "dir" };
	const struct figtable *nt = figset_get_table(fs, "readiness_mex");
	const struct figtable *ot = figset_get_table(prev, "readiness_mex");
	struct figtable *t = figset_table(fs, "changes_readiness", 8, cols, src);
	size_t r;

	if (nt == NULL || ot == NULL)
		return;
	for (r = 0; r < nt->nrows; r++) {
		const struct fcell *code = cell(nt, r, "metric_code"), *used = cell(nt, r, "used");
		const struct fcell *rank = cell(nt, r, "rank"), *ou, *ok;
		long o = code ? find_row(ot, "metric_code", code->text) : -1;
		size_t row;
		double d;

		if (o < 0 || used == NULL || !used->is_num || used->num != 1 || rank == NULL ||
		    !rank->is_num)
			continue;
		ou = cell(ot, (size_t)o, "used");
		ok = cell(ot, (size_t)o, "rank");
		if (ou == NULL || !ou->is_num || ou->num != 1 || ok == NULL || !ok->is_num)
			continue;
		d = rank->num - ok->num;
		row = figtable_add_row(fs, t);
		figtable_set_text(fs, t, row, 0, code->text);
		figtable_set_text(fs, t, row, 1, cell(nt, r, "metric")->text);
		figtable_set_text(fs, t, row, 2, cell(nt, r, "metric_es")->text);
		figtable_set_num(fs, t, row, 3, ok->num);
		figtable_set_num(fs, t, row, 4, rank->num);
		figtable_set_num(fs, t, row, 5, d);
		figtable_set_num(fs, t, row, 6, fabs(d));
		figtable_set_text(fs, t, row, 7, d < 0 ? "better" : d > 0 ? "worse" : "same");
	}
}

struct state_change {
	const char *slug, *name, *name_es;
	double old, new_, diff, old_rank, new_rank;
};

static int by_movement(const void *x, const void *y)
{
	const struct state_change *a = x, *b = y;

	if (fabs(a->diff) != fabs(b->diff))
		return fabs(a->diff) > fabs(b->diff) ? -1 : 1;
	return strcmp(a->slug, b->slug);
}

static void compare_states(struct arena *a, struct figset *fs, const struct figset *prev,
                           const char *src)
{
	static const char *const cols[] = { "slug", "name", "name_es", "old", "new", "diff",
	                                    "absdiff", "points", "dir", "old_rank", "new_rank",
	                                    "rank_diff" };
	const struct figtable *nt = figset_get_table(fs, "states");
	const struct figtable *ot = figset_get_table(prev, "states");
	struct figtable *t = figset_table(fs, "changes_states", 12, cols, src);
	struct state_change *v;
	size_t r, n = 0, moved = 0;

	if (nt == NULL || ot == NULL)
		return;
	v = arena_calloc(a, nt->nrows + 1, sizeof *v);
	for (r = 0; r < nt->nrows; r++) {
		const struct fcell *slug = cell(nt, r, "slug"), *ns = cell(nt, r, "affected_share");
		const struct fcell *nr = cell(nt, r, "exposure_rank"), *os, *orank;
		long o = slug ? find_row(ot, "slug", slug->text) : -1;

		if (o < 0 || ns == NULL || !ns->is_num || nr == NULL || !nr->is_num)
			continue;
		os = cell(ot, (size_t)o, "affected_share");
		orank = cell(ot, (size_t)o, "exposure_rank");
		if (os == NULL || !os->is_num || orank == NULL || !orank->is_num)
			continue;
		v[n] = (struct state_change){ slug->text, cell(nt, r, "name")->text,
		                              cell(nt, r, "name_es")->text, os->num, ns->num,
		                              ns->num - os->num, orank->num, nr->num };
		moved += orank->num != nr->num;
		n++;
	}
	qsort(v, n, sizeof *v, by_movement);
	for (r = 0; r < n; r++) {
		size_t row = figtable_add_row(fs, t);

		figtable_set_text(fs, t, row, 0, v[r].slug);
		figtable_set_text(fs, t, row, 1, v[r].name);
		figtable_set_text(fs, t, row, 2, v[r].name_es);
		figtable_set_num(fs, t, row, 3, v[r].old);
		figtable_set_num(fs, t, row, 4, v[r].new_);
		figtable_set_num(fs, t, row, 5, v[r].diff);
		figtable_set_num(fs, t, row, 6, fabs(v[r].diff));
		figtable_set_num(fs, t, row, 7, 100 * fabs(v[r].diff));
		figtable_set_text(fs, t, row, 8, direction(v[r].diff));
		figtable_set_num(fs, t, row, 9, v[r].old_rank);
		figtable_set_num(fs, t, row, 10, v[r].new_rank);
		figtable_set_num(fs, t, row, 11, v[r].new_rank - v[r].old_rank);
	}
	figset_num(fs, "change.states.compared", (double)n, "states", src,
	           "states in both editions");
	figset_num(fs, "change.states.moved", (double)moved, "states", src,
	           "states whose exposure rank changed");
}

static int run_changes(struct arena *a, const char *dir, struct figset *fs, struct run_stats *st)
{
	const struct figure *p = figset_get(fs, "edition.previous");
	const struct figure *py, *pdy;
	struct figset *prev;
	struct run_stats pst;
	const char *pdir, *src;

	if (p == NULL || p->text == NULL || strcmp(p->text, "none") == 0) {
		figset_num(fs, "change.available", 0, "flag", "edition.csv",
		           "1 when edition.csv names a previous edition");
		return 0;
	}
	pdir = p->text[0] == '/' ? p->text : arena_printf(a, "%s/%s", dir, p->text);
	memset(&pst, 0, sizeof pst);
	prev = run_edition_only(a, pdir, &pst);
	st->load += pst.load;
	st->model += pst.model;
	if (prev == NULL)
		return -1;
	src = arena_printf(a, "this edition and %s", p->text);
	figset_num(fs, "change.available", 1, "flag", "edition.csv",
	           "1 when edition.csv names a previous edition");
	py = figset_get(prev, "edition.year");
	pdy = figset_get(prev, "edition.data_year");
	if (py != NULL && py->kind == FIG_NUM)
		figset_num(fs, "change.prev.year", py->value, "year", p->text, "edition.year");
	if (pdy != NULL && pdy->kind == FIG_NUM)
		figset_num(fs, "change.prev.data_year", pdy->value, "year", p->text,
		           "edition.data_year");
	compare_headline(a, fs, prev, src);
	compare_readiness(fs, prev, src);
	compare_states(a, fs, prev, src);
	return 0;
}

/* The edition's figures (stages.c), then what changed since the previous
 * edition. */
struct figset *run_edition(struct arena *a, const char *dir, struct run_stats *st)
{
	struct figset *fs = run_edition_only(a, dir, st);
	double t = run_now();

	if (fs == NULL || run_changes(a, dir, fs, st) != 0)
		return NULL;
	st->figures += run_now() - t;
	return fs;
}
