/*
 * states/model: the states' figures of the reference year, their changes over
 * the last five years, their ranks, their sector mix, and the estimated
 * employment and jobs affected by sector (method in states.h). Pure: no I/O.
 */
#include "model/states/states.h"
#include "base/base.h"
#include "model/automation/automation.h"
#include "model/regions/regions.h"

#include <math.h>
#include <string.h>

enum { I_YEAR = 2, I_VALUE = 3 };

/* Competition rank, 1 = largest, over the non-NaN entries; 0 for NaN. */
static void rank_desc(const double *v, size_t n, int *rank)
{
	for (size_t i = 0; i < n; i++) {
		int better = 0;

		rank[i] = 0;
		if (isnan(v[i]))
			continue;
		for (size_t j = 0; j < n; j++)
			if (!isnan(v[j]) && v[j] > v[i])
				better++;
		rank[i] = better + 1;
	}
}

static double *nans(struct arena *a, size_t n)
{
	double *v = arena_alloc(a, (n ? n : 1) * sizeof *v);

	for (size_t i = 0; i < n; i++)
		v[i] = NAN;
	return v;
}

int states_compute(struct arena *a, const struct states_data *d,
                   const struct automation_result *ar, struct states_result *out)
{
	size_t n = d->rd->nstates, ns = d->nsectors;
	double sum[STI_COUNT] = { 0 }, *va_nat;

	memset(out, 0, sizeof *out);
	out->d = d;
	out->n = n;
	out->nsectors = ns;
	for (int k = 0; k < STI_COUNT; k++) {
		out->v[k] = nans(a, n);
		out->v0[k] = nans(a, n);
		out->y0[k] = arena_calloc(a, n ? n : 1, sizeof *out->y0[k]);
		out->share[k] = nans(a, n);
		out->change[k] = nans(a, n);
		out->rank[k] = arena_calloc(a, n ? n : 1, sizeof *out->rank[k]);
	}
	out->gdp_pc = nans(a, n);
	out->gdp_pc0 = nans(a, n);
	out->gdp_pc_change = nans(a, n);
	out->gdp_pc_rank = arena_calloc(a, n ? n : 1, sizeof *out->gdp_pc_rank);
	out->exp_rank = arena_calloc(a, n ? n : 1, sizeof *out->exp_rank);
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < STI_COUNT; k++) {
			if (d->cur[i][k] >= 0)
				out->v[k][i] = dataset_num(&d->ind, (size_t)d->cur[i][k], I_VALUE);
			if (d->base[i][k] >= 0) {
				out->v0[k][i] = dataset_num(&d->ind, (size_t)d->base[i][k], I_VALUE);
				out->y0[k][i] = (int)dataset_num(&d->ind, (size_t)d->base[i][k], I_YEAR);
			}
			if (!isnan(out->v[k][i]))
				sum[k] += out->v[k][i];
		}
	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < STI_COUNT; k++) {
			if (k == STI_GDP || k == STI_POP || k == STI_WORK)
				out->share[k][i] = sum[k] > 0 ? out->v[k][i] / sum[k] : NAN;
			if (k == STI_NET)
				out->change[k][i] = out->v[k][i] - out->v0[k][i];
			else if (out->v0[k][i] > 0)
				out->change[k][i] = out->v[k][i] / out->v0[k][i] - 1;
		}
		/* million pesos -> pesos a person */
		out->gdp_pc[i] = out->v[STI_GDP][i] * 1e6 / out->v[STI_POP][i];
		if (out->y0[STI_GDP][i] != 0 && out->y0[STI_GDP][i] == out->y0[STI_POP][i]) {
			out->gdp_pc0[i] = out->v0[STI_GDP][i] * 1e6 / out->v0[STI_POP][i];
			out->gdp_pc_change[i] = out->gdp_pc[i] / out->gdp_pc0[i] - 1;
		}
	}
	for (int k = 0; k < STI_COUNT; k++)
		rank_desc(out->v[k], n, out->rank[k]);
	rank_desc(out->gdp_pc, n, out->gdp_pc_rank);

	/* sector mix and exposure */
	out->mix = arena_calloc(a, (n ? n : 1) * ns, sizeof *out->mix);
	out->mix_nat = arena_calloc(a, ns ? ns : 1, sizeof *out->mix_nat);
	out->emp_raw = arena_calloc(a, (n ? n : 1) * ns, sizeof *out->emp_raw);
	out->emp = arena_calloc(a, (n ? n : 1) * ns, sizeof *out->emp);
	out->aff = arena_calloc(a, (n ? n : 1) * ns, sizeof *out->aff);
	out->emp_total = arena_calloc(a, n ? n : 1, sizeof *out->emp_total);
	out->affected = arena_calloc(a, n ? n : 1, sizeof *out->affected);
	out->exp_share = nans(a, n);
	out->top = arena_calloc(a, (n ? n : 1) * ns, sizeof *out->top);
	va_nat = arena_calloc(a, ns ? ns : 1, sizeof *va_nat);
	for (size_t i = 0; i < n; i++)
		for (size_t s = 0; s < ns; s++)
			va_nat[s] += d->va[i * ns + s];
	{
		double tot = 0;

		for (size_t s = 0; s < ns; s++)
			tot += va_nat[s];
		for (size_t s = 0; s < ns; s++)
			out->mix_nat[s] = tot > 0 ? va_nat[s] / tot : 0;
	}
	out->national_employed = ar->employed;
	out->national_affected = ar->affected[AUTO_LONG];
	for (size_t i = 0; i < n; i++) {
		double raw = 0, va = 0, w = out->v[STI_WORK][i];

		for (size_t s = 0; s < ns; s++) {
			double *e = &out->emp_raw[i * ns + s];

			va += d->va[i * ns + s];
			*e = va_nat[s] > 0 ? d->va[i * ns + s] * ar->sector[s].employed / va_nat[s] : 0;
			raw += *e;
		}
		if (raw <= 0 || va <= 0)
			return -1;
		out->sum_raw += raw;
		for (size_t s = 0; s < ns; s++) {
			out->mix[i * ns + s] = d->va[i * ns + s] / va;
			out->emp[i * ns + s] = out->emp_raw[i * ns + s] * w / raw;
			out->aff[i * ns + s] = out->emp[i * ns + s] * ar->sector[s].risk[AUTO_LONG];
			out->emp_total[i] += out->emp[i * ns + s];
			out->affected[i] += out->aff[i * ns + s];
		}
		out->exp_share[i] = out->affected[i] / out->emp_total[i];
		out->sum_workforce += w;
		out->sum_affected += out->affected[i];
		/* sectors by jobs affected, most first (stable: ties keep sector order) */
		for (size_t s = 0; s < ns; s++) {
			size_t j = s;

			while (j > 0 && out->aff[i * ns + out->top[i * ns + j - 1]] <
			                out->aff[i * ns + s]) {
				out->top[i * ns + j] = out->top[i * ns + j - 1];
				j--;
			}
			out->top[i * ns + j] = s;
		}
	}
	rank_desc(out->exp_share, n, out->exp_rank);
	return 0;
}
