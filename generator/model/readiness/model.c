/*
 * readiness/model: impute, normalise, weight, aggregate and rank the
 * readiness data (pure functions, OECD/JRC Handbook 2008, steps 3, 5, 6), the
 * Monte Carlo uncertainty analysis over those choices and the one-at-a-time
 * analysis (step 7). Model stage of the pipeline: input from
 * readiness/load.c, results read by readiness/figures.c.
 */
#include "model/readiness/internal.h"
#include "base/base.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <string.h>

/* Two composites closer than this are a tie: they are means of at most a few
 * dozen values of order 1..100, so rounding noise is far below it. */
#define READINESS_TIE_EPS 1e-9

void readiness_ranks(const double *score, size_t n, double eps, int *rank)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		int better = 0;

		for (j = 0; j < n; j++)
			if (score[j] > score[i] + eps)
				better++;
		rank[i] = better + 1;
	}
}

/* The same over a strided column. */
static void ranks_strided(const double *score, size_t n, size_t stride, double eps, int *rank,
                          int *tmp_rank, double *tmp)
{
	size_t i;

	for (i = 0; i < n; i++)
		tmp[i] = score[i * stride];
	readiness_ranks(tmp, n, eps, tmp_rank);
	for (i = 0; i < n; i++)
		rank[i * stride] = tmp_rank[i];
}

/* Fill the missing values of metric m with the mean of those present. */
static size_t impute_metric(const struct readiness_data *d, size_t m, double *filled,
                            bool *imputed)
{
	size_t n = d->ncountries, k = d->nmetrics, i, have = 0, nimp = 0;
	double sum = 0.0;

	for (i = 0; i < n; i++) {
		if (d->present[i * k + m]) {
			sum += d->value[i * k + m];
			have++;
		}
	}
	for (i = 0; i < n; i++) {
		imputed[i * k + m] = !d->present[i * k + m];
		filled[i * k + m] = d->present[i * k + m] ? d->value[i * k + m] :
			have ? sum / (double)have : 0.0;
		nimp += imputed[i * k + m];
	}
	return nimp;
}

/* Normalise metric m of filled (oriented so that higher is better). */
static void normalise_metric(const struct readiness_data *d, const double *filled, size_t m,
                             enum readiness_norm norm, double *out)
{
	size_t n = d->ncountries, k = d->nmetrics, i;
	double sign = d->metrics[m].lower_is_better ? -1.0 : 1.0;

	if (norm == READINESS_ZSCORE) {
		double mean = 0.0, var = 0.0, sd;

		for (i = 0; i < n; i++)
			mean += filled[i * k + m];
		mean /= (double)n;
		for (i = 0; i < n; i++) {
			double dx = filled[i * k + m] - mean;

			var += dx * dx;
		}
		sd = sqrt(var / (double)n);
		for (i = 0; i < n; i++)
			out[i * k + m] = sd > 0.0 ? sign * (filled[i * k + m] - mean) / sd : 0.0;
	} else {
		double lo = filled[m], hi = filled[m];

		for (i = 1; i < n; i++) {
			double x = filled[i * k + m];

			if (x < lo)
				lo = x;
			if (x > hi)
				hi = x;
		}
		for (i = 0; i < n; i++) {
			double x = filled[i * k + m];

			if (hi <= lo)
				out[i * k + m] = 0.5;
			else if (d->metrics[m].lower_is_better)
				out[i * k + m] = (hi - x) / (hi - lo);
			else
				out[i * k + m] = (x - lo) / (hi - lo);
		}
	}
}

/* The positive scale of the geometric mean (readiness.h: the shift rule),
 * in place for metric m. */
static void positive_scale(size_t n, size_t k, size_t m, enum readiness_norm norm, double *v)
{
	double lo = INFINITY;
	size_t i;

	for (i = 0; i < n; i++) {
		v[i * k + m] = norm == READINESS_MINMAX ?
			READINESS_GEO_MM_LOW + (READINESS_GEO_MM_HIGH - READINESS_GEO_MM_LOW) * v[i * k + m] :
			READINESS_GEO_Z_MEAN + READINESS_GEO_Z_SD * v[i * k + m];
		if (v[i * k + m] < lo)
			lo = v[i * k + m];
	}
	if (lo < READINESS_GEO_FLOOR)
		for (i = 0; i < n; i++)
			v[i * k + m] += READINESS_GEO_FLOOR - lo;
}

/* Weights of the metrics in the index (sum 1); 0 for the others. per is
 * scratch of nclusters entries. */
static size_t set_weights(const struct readiness_data *d, enum readiness_weights how, long drop,
                          double *w, size_t *per)
{
	size_t k = d->nmetrics, nk = d->nclusters, j, used = 0, cl_used = 0;

	memset(per, 0, (nk ? nk : 1) * sizeof *per);
	for (j = 0; j < k; j++) {
		if (!d->metrics[j].used || (long)j == drop)
			continue;
		used++;
		per[d->metrics[j].cluster]++;
	}
	for (j = 0; j < nk; j++)
		cl_used += per[j] > 0;
	for (j = 0; j < k; j++) {
		if (!d->metrics[j].used || (long)j == drop)
			w[j] = 0.0;
		else if (how == READINESS_W_CLUSTER)
			w[j] = 1.0 / ((double)cl_used * (double)per[d->metrics[j].cluster]);
		else
			w[j] = 1.0 / (double)used;
	}
	return used;
}

/* Countries by rank, ties by code: an insertion sort, the lists are short. */
static void sort_by_rank(const struct readiness_data *d, const int *rank, const int *rank2,
                         size_t *order)
{
	size_t n = d->ncountries, i, j;

	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = 1; i < n; i++) {
		size_t x = order[i];

		for (j = i; j > 0; j--) {
			size_t y = order[j - 1];
			int c = rank[y] != rank[x] ? (rank[y] < rank[x] ? -1 : 1) :
				rank2 != NULL && rank2[y] != rank2[x] ? (rank2[y] < rank2[x] ? -1 : 1) :
				strcmp(d->countries[y].code, d->countries[x].code);

			if (c <= 0)
				break;
			order[j] = y;
		}
		order[j] = x;
	}
}

int readiness_compute(struct arena *a, const struct readiness_data *d,
                      const struct readiness_params *p, struct readiness_result *out)
{
	static const struct readiness_params ref = {
		READINESS_MINMAX, READINESS_ARITH, READINESS_W_METRIC, NULL, -1
	};
	size_t n = d->ncountries, k = d->nmetrics, nk = d->nclusters, i, j;
	double *raw_oriented, *pos, *tmp;
	int *tmp_rank;

	memset(out, 0, sizeof *out);
	if (n == 0 || k == 0)
		return -1;
	out->data = d;
	out->p = p != NULL ? *p : ref;
	out->focus = out->p.focus != NULL ? readiness_find_country(d, out->p.focus) : -1;
	out->filled = arena_calloc(a, n * k, sizeof *out->filled);
	out->imputed = arena_calloc(a, n * k, sizeof *out->imputed);
	out->norm_value = arena_calloc(a, n * k, sizeof *out->norm_value);
	out->metric_rank = arena_calloc(a, n * k, sizeof *out->metric_rank);
	out->weight = arena_calloc(a, k, sizeof *out->weight);
	out->composite = arena_calloc(a, n, sizeof *out->composite);
	out->rank = arena_calloc(a, n, sizeof *out->rank);
	out->cluster_score = arena_calloc(a, n * (nk ? nk : 1), sizeof *out->cluster_score);
	out->cluster_rank = arena_calloc(a, n * (nk ? nk : 1), sizeof *out->cluster_rank);
	out->order = arena_calloc(a, n, sizeof *out->order);
	raw_oriented = arena_calloc(a, n * k, sizeof *raw_oriented);
	pos = arena_calloc(a, n * k, sizeof *pos);
	tmp = arena_calloc(a, n, sizeof *tmp);
	tmp_rank = arena_calloc(a, n, sizeof *tmp_rank);

	out->nused = set_weights(d, out->p.weights, out->p.drop, out->weight,
	                         arena_calloc(a, nk ? nk : 1, sizeof(size_t)));
	if (out->nused == 0)
		return -1;
	for (j = 0; j < k; j++) {
		if (!d->metrics[j].used)
			continue;
		if ((long)j != out->p.drop)
			out->nimputed += impute_metric(d, j, out->filled, out->imputed);
		else
			impute_metric(d, j, out->filled, out->imputed);
		normalise_metric(d, out->filled, j, out->p.norm, out->norm_value);
		memcpy(pos, out->norm_value, n * k * sizeof *pos);
		if (out->p.agg == READINESS_GEOM)
			positive_scale(n, k, j, out->p.norm, pos);
		for (i = 0; i < n; i++) {
			/* Metric ranks come from the values (exact ties), oriented so
			 * that a larger number is better. */
			raw_oriented[i * k + j] = d->metrics[j].lower_is_better ?
				-out->filled[i * k + j] : out->filled[i * k + j];
			if (out->p.agg == READINESS_GEOM)
				out->norm_value[i * k + j] = pos[i * k + j];
		}
		ranks_strided(raw_oriented + j, n, k, 0.0, out->metric_rank + j, tmp_rank, tmp);
	}
	for (i = 0; i < n; i++) {
		double sum = 0.0;

		for (j = 0; j < k; j++) {
			if (out->weight[j] == 0.0)
				continue;
			sum += out->p.agg == READINESS_GEOM ?
				out->weight[j] * log(out->norm_value[i * k + j]) :
				out->weight[j] * out->norm_value[i * k + j];
		}
		out->composite[i] = out->p.agg == READINESS_GEOM ? exp(sum) : sum;
		for (j = 0; j < nk; j++) {
			double cs = 0.0;
			size_t m, cnt = 0;

			for (m = 0; m < k; m++) {
				if (d->metrics[m].cluster != j || out->weight[m] == 0.0)
					continue;
				cs += out->norm_value[i * k + m];
				cnt++;
			}
			out->cluster_score[i * nk + j] = cnt ? cs / (double)cnt : NAN;
		}
	}
	readiness_ranks(out->composite, n, READINESS_TIE_EPS, out->rank);
	for (j = 0; j < nk; j++) {
		if (isnan(out->cluster_score[j]))
			continue;
		ranks_strided(out->cluster_score + j, n, nk, READINESS_TIE_EPS, out->cluster_rank + j,
		              tmp_rank, tmp);
	}
	sort_by_rank(d, out->rank, NULL, out->order);
	return 0;
}

int readiness_check(const struct readiness_result *r)
{
	const struct readiness_data *d = r->data;
	int differ = 0;
	size_t i;

	for (i = 0; i < d->npublished; i++) {
		const struct readiness_published *p = &d->published[i];
		int got;

		if (p->metric >= 0 && !d->metrics[p->metric].used)
			continue;
		got = p->metric < 0 ? r->rank[p->country] :
			r->metric_rank[p->country * d->nmetrics + (size_t)p->metric];
		differ += got != p->rank;
	}
	return differ;
}

/* ---- uncertainty ---- */

static void fnv(unsigned long long *h, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		*h ^= s[i];
		*h *= 0x100000001B3ULL;
	}
}

/* Positions 0..n of the countries by score, descending (insertion sort:
 * n is tens, and the order of the previous draw is a good start). */
static void sort_desc(const double *score, size_t n, size_t *ord)
{
	for (size_t i = 1; i < n; i++) {
		size_t x = ord[i], j = i;

		while (j > 0 && score[ord[j - 1]] < score[x]) {
			ord[j] = ord[j - 1];
			j--;
		}
		ord[j] = x;
	}
}

/* The smallest rank whose cumulative share of draws reaches q. */
static int quantile_rank(const unsigned *hist, size_t n, int draws, double q)
{
	unsigned long cum = 0;
	double need = q * (double)draws;

	for (size_t r = 0; r < n; r++) {
		cum += hist[r];
		if ((double)cum >= need - 1e-9)
			return (int)r + 1;
	}
	return (int)n;
}

int readiness_mc(struct arena *a, const struct readiness_data *d, int draws,
                 unsigned long seed, struct readiness_mc *out)
{
	size_t n = d->ncountries, k = d->nmetrics, nu = 0, i, j, u;
	struct readiness_result ref;
	double *val[2][2], *score, *alpha, *w;
	size_t *used, *ord;
	gsl_rng *rng;

	memset(out, 0, sizeof *out);
	if (draws < 1 || readiness_compute(a, d, NULL, &ref) != 0)
		return -1;
	used = arena_calloc(a, k, sizeof *used);
	for (j = 0; j < k; j++)
		if (d->metrics[j].used)
			used[nu++] = j;
	/* The four normalised tables, metrics of the index only, country-major:
	 * [norm][agg][country * nu + u]; the geometric ones as logarithms. */
	for (int nm = 0; nm < 2; nm++) {
		struct readiness_params p = { (enum readiness_norm)nm, READINESS_ARITH,
		                              READINESS_W_METRIC, NULL, -1 };

		for (int ag = 0; ag < 2; ag++) {
			struct readiness_result r;

			p.agg = (enum readiness_agg)ag;
			readiness_compute(a, d, &p, &r);
			val[nm][ag] = arena_calloc(a, n * nu, sizeof *val[nm][ag]);
			for (i = 0; i < n; i++)
				for (u = 0; u < nu; u++) {
					double v = r.norm_value[i * k + used[u]];

					val[nm][ag][i * nu + u] = ag == READINESS_GEOM ? log(v) : v;
				}
		}
	}
	out->draws = draws;
	out->seed = seed;
	out->n = n;
	out->ref = arena_calloc(a, n, sizeof *out->ref);
	out->median = arena_calloc(a, n, sizeof *out->median);
	out->p05 = arena_calloc(a, n, sizeof *out->p05);
	out->p95 = arena_calloc(a, n, sizeof *out->p95);
	out->best = arena_calloc(a, n, sizeof *out->best);
	out->worst = arena_calloc(a, n, sizeof *out->worst);
	out->hist = arena_calloc(a, n * n, sizeof *out->hist);
	out->order = arena_calloc(a, n, sizeof *out->order);
	memcpy(out->ref, ref.rank, n * sizeof *out->ref);
	score = arena_calloc(a, n, sizeof *score);
	alpha = arena_calloc(a, nu, sizeof *alpha);
	w = arena_calloc(a, nu, sizeof *w);
	ord = arena_calloc(a, n, sizeof *ord);
	for (u = 0; u < nu; u++)
		alpha[u] = 1.0;
	for (i = 0; i < n; i++)
		ord[i] = i;
	out->digest = 0xCBF29CE484222325ULL;

	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (rng == NULL)
		return -1;
	gsl_rng_set(rng, seed);
	for (int dr = 0; dr < draws; dr++) {
		unsigned char choice[2];
		const double *v;
		int rank = 1;

		choice[0] = (unsigned char)gsl_rng_uniform_int(rng, 2);
		choice[1] = (unsigned char)gsl_rng_uniform_int(rng, 2);
		if (nu > 1)
			gsl_ran_dirichlet(rng, nu, alpha, w);
		else
			w[0] = 1.0;
		fnv(&out->digest, choice, sizeof choice);
		fnv(&out->digest, w, nu * sizeof *w);
		out->draws_minmax += choice[0] == READINESS_MINMAX;
		out->draws_geom += choice[1] == READINESS_GEOM;
		v = val[choice[0]][choice[1]];
		for (i = 0; i < n; i++) {
			double s = 0.0;

			for (u = 0; u < nu; u++)
				s += w[u] * v[i * nu + u];
			score[i] = s;
		}
		sort_desc(score, n, ord);
		/* competition ranks down the sorted list: a tie keeps the rank */
		for (i = 0; i < n; i++) {
			if (i > 0 && score[ord[i - 1]] > score[ord[i]] + READINESS_TIE_EPS)
				rank = (int)i + 1;
			out->hist[ord[i] * n + (size_t)rank - 1]++;
		}
	}
	gsl_rng_free(rng);
	for (i = 0; i < n; i++) {
		const unsigned *h = out->hist + i * n;
		size_t r;

		out->median[i] = quantile_rank(h, n, draws, 0.5);
		out->p05[i] = quantile_rank(h, n, draws, READINESS_Q_LOW);
		out->p95[i] = quantile_rank(h, n, draws, READINESS_Q_HIGH);
		for (r = 0; r < n && h[r] == 0; r++)
			;
		out->best[i] = (int)r + 1;
		for (r = n; r > 0 && h[r - 1] == 0; r--)
			;
		out->worst[i] = (int)r;
	}
	sort_by_rank(d, out->ref, out->median, out->order);
	return 0;
}

int readiness_oat(struct arena *a, const struct readiness_data *d, struct readiness_oat *out)
{
	size_t n = d->ncountries, k = d->nmetrics, i, j;
	struct readiness_result ref;

	memset(out, 0, sizeof *out);
	if (readiness_compute(a, d, NULL, &ref) != 0)
		return -1;
	out->nmetrics = k;
	out->ncountries = n;
	out->rank = arena_calloc(a, n * k, sizeof *out->rank);
	out->max_shift = arena_calloc(a, k, sizeof *out->max_shift);
	out->moved = arena_calloc(a, k, sizeof *out->moved);
	for (j = 0; j < k; j++) {
		struct readiness_params p = { READINESS_MINMAX, READINESS_ARITH, READINESS_W_METRIC,
		                              NULL, (long)j };
		struct readiness_result r;

		if (!d->metrics[j].used || readiness_compute(a, d, &p, &r) != 0)
			continue;
		for (i = 0; i < n; i++) {
			int s = r.rank[i] - ref.rank[i];

			out->rank[j * n + i] = r.rank[i];
			if (s < 0)
				s = -s;
			if (s > out->max_shift[j])
				out->max_shift[j] = s;
			out->moved[j] += s != 0;
		}
	}
	return 0;
}
