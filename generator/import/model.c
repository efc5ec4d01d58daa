/*
 * import/model: the arithmetic of the task-level method at full scale, pure
 * functions: task likelihoods -> occupation means, ranks, Spearman's rho.
 */
#include "import/import.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

void import_occupations(const struct onet *onet, const struct task_assessment *ta,
                        struct occ_score *out)
{
	for (size_t i = 0; i < onet->nocc; i++) {
		const struct onet_occupation *o = &onet->occ[i];
		struct occ_score *s = &out[i];
		double w = 0, h5 = 0, h15 = 0, lt = 0;

		memset(s, 0, sizeof *s);
		s->code = o->code;
		s->title = o->title;
		s->ntasks = o->ntasks;
		for (size_t k = o->first_task; k < o->first_task + o->ntasks; k++) {
			double wk;

			if (ta[k].by == ASSESS_NONE)
				continue;
			wk = import_task_weight(onet->tasks[k].type);
			w += wk;
			h5 += wk * ta[k].p.h5;
			h15 += wk * ta[k].p.h15;
			lt += wk * ta[k].p.lt;
			s->nassessed++;
		}
		s->weight = w;
		if (w > 0) {
			s->scored = true;
			s->p = (struct likelihood){ h5 / w, h15 / w, lt / w };
		}
	}
}

void import_ranks(const double *v, size_t n, bool higher_better, int *rank)
{
	/* n is a few dozen countries: the quadratic count is the clearest form. */
	for (size_t i = 0; i < n; i++) {
		int r = 1;

		for (size_t j = 0; j < n; j++)
			if (higher_better ? v[j] > v[i] : v[j] < v[i])
				r++;
		rank[i] = r;
	}
}

struct idx_val {
	double v;
	size_t i;
};

static int cmp_idx_val(const void *x, const void *y)
{
	const struct idx_val *a = x, *b = y;

	if (a->v != b->v)
		return a->v < b->v ? -1 : 1;
	return a->i < b->i ? -1 : (a->i > b->i);
}

/* Ranks 1..n, ties sharing the mean of the ranks they span. */
static void average_ranks(struct arena *a, const double *v, size_t n, double *rank)
{
	struct idx_val *s = arena_calloc(a, n, sizeof *s);

	for (size_t i = 0; i < n; i++)
		s[i] = (struct idx_val){ v[i], i };
	qsort(s, n, sizeof *s, cmp_idx_val);
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j + 1 < n && s[j + 1].v == s[i].v)
			j++;
		for (size_t k = i; k <= j; k++)
			rank[s[k].i] = (double)(i + j) / 2.0 + 1.0;
		i = j + 1;
	}
}

double import_spearman(struct arena *a, const double *x, const double *y, size_t n)
{
	double *rx, *ry, mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;

	if (n < 2)
		return NAN;
	rx = arena_calloc(a, n, sizeof *rx);
	ry = arena_calloc(a, n, sizeof *ry);
	average_ranks(a, x, n, rx);
	average_ranks(a, y, n, ry);
	/* Pearson's r of the ranks: exact with ties, unlike 1 - 6 sum d^2 / ... */
	for (size_t i = 0; i < n; i++) {
		mx += rx[i];
		my += ry[i];
	}
	mx /= (double)n;
	my /= (double)n;
	for (size_t i = 0; i < n; i++) {
		sxy += (rx[i] - mx) * (ry[i] - my);
		sxx += (rx[i] - mx) * (rx[i] - mx);
		syy += (ry[i] - my) * (ry[i] - my);
	}
	if (sxx == 0 || syy == 0)
		return NAN;
	return sxy / sqrt(sxx * syy);
}
