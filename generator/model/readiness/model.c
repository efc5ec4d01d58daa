/*
 * readiness/model: normalise, aggregate and rank the readiness data (pure
 * functions), check the ranks against the published ones, and the draws of
 * the sensitivity analysis. Model stage of the pipeline: input from
 * readiness/load.c, result read by readiness/figures.c.
 */
#include "model/readiness/internal.h"
#include "base/base.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Two composites closer than this are a tie: they are means of at most a few
 * dozen values in 0..1 (or z-scores), so rounding noise is far below it. */
#define READINESS_TIE_EPS 1e-9

/* Competition ranks of score[0..n) (higher is better): 1 + the number of
 * items strictly better, so ties share the best rank and the next rank is
 * skipped (1, 2, 2, 4). */
static void competition_ranks(const double *score, size_t n, size_t stride, double eps,
                              int *rank)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		int better = 0;

		for (j = 0; j < n; j++)
			if (score[j * stride] > score[i * stride] + eps)
				better++;
		rank[i * stride] = better + 1;
	}
}

static void normalise_metric(const struct readiness_data *d, size_t m,
                             enum readiness_norm norm, double *out)
{
	size_t n = d->ncountries, k = d->nmetrics, i;
	if (norm == READINESS_ZSCORE) {
		double sign = d->metrics[m].lower_is_better ? -1.0 : 1.0;
		double mean = 0.0, var = 0.0, sd;

		for (i = 0; i < n; i++)
			mean += d->value[i * k + m];
		mean /= (double)n;
		for (i = 0; i < n; i++) {
			double dx = d->value[i * k + m] - mean;

			var += dx * dx;
		}
		sd = sqrt(var / (double)n);
		for (i = 0; i < n; i++)
			out[i * k + m] = sd > 0.0 ? sign * (d->value[i * k + m] - mean) / sd : 0.0;
	} else {
		double lo = d->value[m], hi = d->value[m];

		for (i = 1; i < n; i++) {
			double x = d->value[i * k + m];

			if (x < lo)
				lo = x;
			if (x > hi)
				hi = x;
		}
		for (i = 0; i < n; i++) {
			double x = d->value[i * k + m];

			if (hi <= lo)
				out[i * k + m] = 0.5;
			else if (d->metrics[m].lower_is_better)
				out[i * k + m] = (hi - x) / (hi - lo);
			else
				out[i * k + m] = (x - lo) / (hi - lo);
		}
	}
}

/* Countries by rank, ties by code: an insertion sort, the lists are short. */
static void sort_by_rank(const struct readiness_data *d, const int *rank, size_t *order)
{
	size_t n = d->ncountries, i, j;

	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = 1; i < n; i++) {
		size_t x = order[i];

		for (j = i; j > 0; j--) {
			size_t y = order[j - 1];

			if (rank[y] < rank[x] ||
			    (rank[y] == rank[x] && strcmp(d->countries[y].code, d->countries[x].code) <= 0))
				break;
			order[j] = y;
		}
		order[j] = x;
	}
}

int readiness_compute(struct arena *a, const struct readiness_data *d,
                      const struct readiness_params *p, struct readiness_result *out)
{
	size_t n = d->ncountries, k = d->nmetrics, nk = d->nclusters, i, j;
	double *raw_oriented;

	memset(out, 0, sizeof *out);
	if (n == 0 || k == 0)
		return -1;
	out->data = d;
	out->norm = p != NULL ? p->norm : READINESS_MINMAX;
	out->focus = p != NULL && p->focus != NULL ?
		readiness_find_country(d, p->focus) : -1;
	out->norm_value = arena_calloc(a, n * k, sizeof *out->norm_value);
	out->metric_rank = arena_calloc(a, n * k, sizeof *out->metric_rank);
	out->composite = arena_calloc(a, n, sizeof *out->composite);
	out->rank = arena_calloc(a, n, sizeof *out->rank);
	out->cluster_score = arena_calloc(a, n * (nk ? nk : 1), sizeof *out->cluster_score);
	out->cluster_rank = arena_calloc(a, n * (nk ? nk : 1), sizeof *out->cluster_rank);
	out->order = arena_calloc(a, n, sizeof *out->order);
	raw_oriented = arena_calloc(a, n * k, sizeof *raw_oriented);

	for (j = 0; j < k; j++) {
		normalise_metric(d, j, out->norm, out->norm_value);
		/* Metric ranks come from the raw values (exact ties), oriented so
		 * that a larger number is better. */
		for (i = 0; i < n; i++)
			raw_oriented[i * k + j] = d->metrics[j].lower_is_better ?
				-d->value[i * k + j] : d->value[i * k + j];
		competition_ranks(raw_oriented + j, n, k, 0.0, out->metric_rank + j);
	}
	for (i = 0; i < n; i++) {
		double sum = 0.0;

		for (j = 0; j < k; j++)
			sum += out->norm_value[i * k + j];
		out->composite[i] = sum / (double)k;
		for (j = 0; j < nk; j++) {
			double cs = 0.0;
			size_t m, cnt = 0;

			for (m = 0; m < k; m++) {
				if (d->metrics[m].cluster != j)
					continue;
				cs += out->norm_value[i * k + m];
				cnt++;
			}
			out->cluster_score[i * nk + j] = cnt ? cs / (double)cnt : NAN;
		}
	}
	competition_ranks(out->composite, n, 1, READINESS_TIE_EPS, out->rank);
	for (j = 0; j < nk; j++)
		competition_ranks(out->cluster_score + j, n, nk, READINESS_TIE_EPS,
		                  out->cluster_rank + j);
	sort_by_rank(d, out->rank, out->order);
	return 0;
}

int readiness_check(const struct readiness_result *r)
{
	const struct readiness_data *d = r->data;
	int bad = 0;
	size_t i;

	for (i = 0; i < d->npublished; i++) {
		const struct readiness_published *p = &d->published[i];
		int got = p->metric < 0 ? r->rank[p->country] :
			r->metric_rank[p->country * d->nmetrics + (size_t)p->metric];

		if (p->out_of != (int)d->ncountries)
			diag_warn(&p->loc, "published rank is out of %d, the model ranks %zu countries",
			          p->out_of, d->ncountries);
		if (got == p->rank)
			continue;
		diag_warn(&p->loc, "%s: published rank %d for %s, the model gives %d",
		          p->metric < 0 ? "overall" : d->metrics[p->metric].code, p->rank,
		          d->countries[p->country].code, got);
		bad++;
	}
	return bad;
}

/* ---- uncertainty ---- */

/* splitmix64: a small, well-mixed generator; only reproducibility matters. */
static unsigned long long next_random(unsigned long long *state)
{
	unsigned long long z = (*state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double next_uniform(unsigned long long *state)
{
	return (double)(next_random(state) >> 11) * (1.0 / 9007199254740992.0);
}

static int cmp_int(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;

	return (a > b) - (a < b);
}

int readiness_uncertainty(struct arena *a, const struct readiness_data *d, long focus,
                          int draws, unsigned long long seed,
                          struct readiness_uncertainty *out)
{
	size_t n = d->ncountries, k = d->nmetrics, i, j;
	double *norm_mm, *norm_z, *w, *score;
	int *ranks, draw;
	unsigned long long state = seed;

	memset(out, 0, sizeof *out);
	if (draws < 1 || focus < 0 || (size_t)focus >= n || k == 0)
		return -1;
	norm_mm = arena_calloc(a, n * k, sizeof *norm_mm);
	norm_z = arena_calloc(a, n * k, sizeof *norm_z);
	w = arena_calloc(a, k, sizeof *w);
	score = arena_calloc(a, n, sizeof *score);
	ranks = arena_calloc(a, (size_t)draws, sizeof *ranks);
	for (j = 0; j < k; j++) {
		normalise_metric(d, j, READINESS_MINMAX, norm_mm);
		normalise_metric(d, j, READINESS_ZSCORE, norm_z);
	}
	for (draw = 0; draw < draws; draw++) {
		int scheme = draw % 3;
		double wsum = 0.0;
		int better = 0;

		for (j = 0; j < k; j++) {
			w[j] = 1.0 + 0.5 * (next_uniform(&state) - 0.5);
			wsum += w[j];
		}
		for (i = 0; i < n; i++) {
			double sc = 0.0;

			for (j = 0; j < k; j++) {
				double wj = w[j] / wsum;

				if (scheme == 0)
					sc += wj * norm_mm[i * k + j];
				else if (scheme == 1)
					sc += wj * norm_z[i * k + j];
				else
					sc += wj * log(0.01 + 0.99 * norm_mm[i * k + j]);
			}
			score[i] = sc;
		}
		for (i = 0; i < n; i++)
			if (score[i] > score[focus] + READINESS_TIE_EPS)
				better++;
		ranks[draw] = better + 1;
	}
	qsort(ranks, (size_t)draws, sizeof *ranks, cmp_int);
	out->draws = draws;
	out->median = ranks[(draws - 1) / 2];
	out->p05 = ranks[(int)floor(0.05 * (draws - 1))];
	out->p95 = ranks[(int)ceil(0.95 * (draws - 1))];
	out->best = ranks[0];
	out->worst = ranks[draws - 1];
	return 0;
}
