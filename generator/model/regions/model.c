/*
 * regions/model: the states' shares of national population and their ranks
 * by population and by GDP share (pure functions). Model stage of the
 * pipeline: input from regions/load.c, result read by regions/figures.c.
 */
#include "model/regions/internal.h"
#include "base/base.h"

#include <math.h>
#include <string.h>

/* Competition rank (1 = largest) of v[i] among the entries that are not NaN;
 * 0 for NaN entries. */
static void rank_desc(const double *v, size_t n, int *rank)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		int better = 0;

		if (isnan(v[i])) {
			rank[i] = 0;
			continue;
		}
		for (j = 0; j < n; j++)
			if (!isnan(v[j]) && v[j] > v[i])
				better++;
		rank[i] = better + 1;
	}
}

int regions_compute(struct arena *a, const struct regions_data *d, struct regions_result *out)
{
	size_t n = d->nstates, i;
	double *gdp;

	memset(out, 0, sizeof *out);
	if (n == 0)
		return -1;
	out->data = d;
	out->pop_share = arena_calloc(a, n, sizeof *out->pop_share);
	out->pop_rank = arena_calloc(a, n, sizeof *out->pop_rank);
	out->gdp_rank = arena_calloc(a, n, sizeof *out->gdp_rank);
	gdp = arena_calloc(a, n, sizeof *gdp);
	for (i = 0; i < n; i++) {
		if (isnan(d->states[i].population))
			continue;
		out->national += d->states[i].population;
		out->with_population++;
	}
	for (i = 0; i < n; i++) {
		const struct region_state *s = &d->states[i];

		out->pop_share[i] = isnan(s->population) || out->national <= 0.0 ? NAN :
			s->population / out->national;
		gdp[i] = NAN;
		if (s->profile >= 0 && dataset_cell(&d->profiles, (size_t)s->profile, PR_GDP)->present)
			gdp[i] = dataset_num(&d->profiles, (size_t)s->profile, PR_GDP);
	}
	rank_desc(out->pop_share, n, out->pop_rank);
	rank_desc(gdp, n, out->gdp_rank);
	return 0;
}

