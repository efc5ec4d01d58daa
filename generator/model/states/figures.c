/*
 * states/figures: the states result into the figure store. The `states`
 * table of regions_figures is rebuilt with the states' own columns after its
 * own (one row per state, the row a brief is bound to); `state_sector_mix`
 * holds each state's sectors, most jobs affected first. Figures stage.
 */
#include "model/states/states.h"
#include "base/base.h"
#include "figures/figures.h"
#include "model/automation/automation.h"
#include "model/regions/regions.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define TOP_SECTORS 3

static const char *const new_cols[] = {
	"ref_year", "base_year",
	"pop_now", "pop_now_share", "pop_now_rank", "pop_change",
	"va", "va_share", "va_rank", "va_change",
	"gdp_pc", "gdp_pc_rank", "gdp_pc_change",
	"workforce", "workforce_share", "workforce_change",
	"internet", "internet_rank", "internet_change", "internet_base_year", "internet_base",
	"researchers", "researchers_year", "researchers_rank",
	"employed_est", "affected_est", "affected_share", "exposure_rank",
	"top1", "top1_es", "top1_affected", "top2", "top2_es", "top2_affected",
	"top3", "top3_es", "top3_affected",
};
enum { NNEW = sizeof new_cols / sizeof new_cols[0] };

static void set_num(struct figset *fs, struct figtable *t, size_t row, size_t col, double v)
{
	if (!isnan(v))
		figtable_set_num(fs, t, row, col, v);
}

static void set_int(struct figset *fs, struct figtable *t, size_t row, size_t col, int v)
{
	if (v != 0)
		figtable_set_num(fs, t, row, col, v);
}

/* The provenance of every row of t (with indicator ind when ind is set),
 * joined into acc. */
static void join_rows(struct figset *fs, struct fig_origin *acc, const struct dataset *t,
                      const char *ind)
{
	int pc = dataset_col(t, "provenance"), sc = dataset_col(t, "source");
	int ic = dataset_col(t, "indicator");

	if (pc < 0)
		return;
	for (size_t i = 0; i < t->nrows; i++) {
		if (ind != NULL && (ic < 0 || strcmp(dataset_text(t, i, (size_t)ic), ind) != 0))
			continue;
		fig_origin_join(fs, acc, fig_prov_parse(dataset_text(t, i, (size_t)pc)),
		                sc >= 0 ? dataset_text(t, i, (size_t)sc) : "");
	}
}

/* A value computed from the indicator rows named ind. */
static struct fig_origin ind_origin(struct figset *fs, const struct states_data *d,
                                    const char *ind)
{
	struct fig_origin o = { FIG_PROV_NONE, "" };

	join_rows(fs, &o, &d->ind, ind);
	fig_origin_computed(&o);
	return o;
}

/* The estimated exposure: state value added, the sector map, the workforce,
 * the national employment and the national risks. */
static struct fig_origin exposure_origin(struct figset *fs, const struct states_data *d)
{
	struct fig_origin o = { FIG_PROV_NONE, "" };
	const struct automation_input *ai = d->ai;

	join_rows(fs, &o, &d->gdp, NULL);
	join_rows(fs, &o, &d->map, NULL);
	join_rows(fs, &o, &d->ind, "workforce");
	for (size_t s = 0; s < ai->nsectors; s++)
		fig_origin_join(fs, &o, fig_prov_parse(ai->sectors[s].emp_prov),
		                ai->sectors[s].emp_sources);
	fig_origin_join(fs, &o, fig_prov_parse(ai->risk_prov), ai->risk_sources);
	fig_origin_computed(&o);
	return o;
}

/* Columns new_cols[from..to) of t take origin o; it joins the row origin. */
static void cols_origin(struct figset *fs, struct figtable *t, size_t nold, size_t from,
                        size_t to, struct fig_origin o, struct fig_origin *row)
{
	for (size_t j = from; j < to; j++)
		figtable_set_col_origin(fs, t, nold + j, o.prov, o.sources);
	fig_origin_join(fs, row, o.prov, o.sources);
}

void states_figures(const struct states_result *r, struct figset *fs)
{
	const struct states_data *d = r->d;
	const struct automation_input *ai = d->ai;
	const struct figtable *old = figset_get_table(fs, "states");
	struct arena *a = figset_arena(fs);
	size_t nold = old ? old->ncols : 0, ns = r->nsectors;
	const char **cols = arena_calloc(a, nold + NNEW, sizeof *cols);
	/* the files, not the paths as typed */
	const char *src = arena_printf(a, "%s; %s; %s", dataset_file(&d->ind),
	                               dataset_file(&d->gdp), dataset_file(&d->map));
	const struct fcell *oc = NULL;
	struct figtable *t;
	char key[160];
	size_t oldrows = old ? old->nrows : 0;

	if (old == NULL || oldrows != r->n)
		return;
	/* keep the old cells: figset_table replaces the table of that name */
	oc = arena_alloc(a, (oldrows * nold > 0 ? oldrows * nold : 1) * sizeof *oc);
	memcpy((void *)oc, old->cells, oldrows * nold * sizeof *oc);
	for (size_t j = 0; j < nold; j++)
		cols[j] = arena_strdup(a, old->cols[j]);
	for (size_t j = 0; j < NNEW; j++)
		cols[nold + j] = new_cols[j];
	{
		const char *osrc = arena_strdup(a, old->source ? old->source : "");

		t = figset_table(fs, "states", nold + NNEW, cols,
		                 arena_printf(a, "%s; %s", osrc, src));
	}
	/* column origins: each indicator's rows; the exposure is estimated */
	struct fig_origin ind_all = { FIG_PROV_NONE, "" }, expo = exposure_origin(fs, d);
	struct fig_origin o_pop = ind_origin(fs, d, "population"), o_gdp = ind_origin(fs, d, "gdp");
	struct fig_origin o_work = ind_origin(fs, d, "workforce");
	struct fig_origin o_net = ind_origin(fs, d, "internet_households");
	struct fig_origin o_res = ind_origin(fs, d, "researchers_per_100k");
	struct fig_origin o_pc = o_gdp;

	fig_origin_join(fs, &o_pc, o_pop.prov, o_pop.sources);
	{
		/* the reference year is the automation data's year */
		struct fig_origin yr = { FIG_PROV_NONE, "" };

		fig_origin_join(fs, &yr, FIG_PROV_PUBLISHED, "oi_mx_2018");
		cols_origin(fs, t, nold, 0, 2, yr, &ind_all);
	}
	cols_origin(fs, t, nold, 2, 6, o_pop, &ind_all);
	cols_origin(fs, t, nold, 6, 10, o_gdp, &ind_all);
	cols_origin(fs, t, nold, 10, 13, o_pc, &ind_all);
	cols_origin(fs, t, nold, 13, 16, o_work, &ind_all);
	cols_origin(fs, t, nold, 16, 21, o_net, &ind_all);
	cols_origin(fs, t, nold, 21, 24, o_res, &ind_all);
	cols_origin(fs, t, nold, 24, NNEW, expo, &ind_all);
	for (size_t i = 0; i < r->n; i++) {
		size_t row = figtable_add_row(fs, t), c = nold;
		const char *ks;
		struct fig_origin base = i < old->nrows ? *figtable_origin(old, i) : ind_all;
		struct fig_origin ro = base;

		/* the row as a whole rests on every column; the regions' cells
		 * keep the origin their row had */
		fig_origin_join(fs, &ro, ind_all.prov, ind_all.sources);
		figtable_set_origin(fs, t, row, ro.prov, ro.sources);
		figtable_set_cells_origin(fs, t, row, base.prov, base.sources);

		for (size_t j = 0; j < nold; j++) {
			const struct fcell *f = &oc[i * nold + j];

			if (f->is_num)
				figtable_set_num(fs, t, row, j, f->num);
			else if (f->text && f->text[0])
				figtable_set_text(fs, t, row, j, f->text);
		}
		set_int(fs, t, row, c++, d->year);
		set_int(fs, t, row, c++, r->y0[STI_GDP][i]);
		set_num(fs, t, row, c++, r->v[STI_POP][i]);
		set_num(fs, t, row, c++, r->share[STI_POP][i]);
		set_int(fs, t, row, c++, r->rank[STI_POP][i]);
		set_num(fs, t, row, c++, r->change[STI_POP][i]);
		set_num(fs, t, row, c++, r->v[STI_GDP][i]);
		set_num(fs, t, row, c++, r->share[STI_GDP][i]);
		set_int(fs, t, row, c++, r->rank[STI_GDP][i]);
		set_num(fs, t, row, c++, r->change[STI_GDP][i]);
		set_num(fs, t, row, c++, r->gdp_pc[i]);
		set_int(fs, t, row, c++, r->gdp_pc_rank[i]);
		set_num(fs, t, row, c++, r->gdp_pc_change[i]);
		set_num(fs, t, row, c++, r->v[STI_WORK][i]);
		set_num(fs, t, row, c++, r->share[STI_WORK][i]);
		set_num(fs, t, row, c++, r->change[STI_WORK][i]);
		set_num(fs, t, row, c++, r->v[STI_NET][i]);
		set_int(fs, t, row, c++, r->rank[STI_NET][i]);
		set_num(fs, t, row, c++, r->change[STI_NET][i]);
		set_int(fs, t, row, c++, r->y0[STI_NET][i]);
		set_num(fs, t, row, c++, r->v0[STI_NET][i]);
		set_num(fs, t, row, c++, r->v[STI_RES][i]);
		set_num(fs, t, row, c++, dataset_num(&d->ind, (size_t)d->cur[i][STI_RES], 2));
		set_int(fs, t, row, c++, r->rank[STI_RES][i]);
		set_num(fs, t, row, c++, r->emp_total[i]);
		set_num(fs, t, row, c++, r->affected[i]);
		set_num(fs, t, row, c++, r->exp_share[i]);
		set_int(fs, t, row, c++, r->exp_rank[i]);
		for (size_t k = 0; k < TOP_SECTORS && k < ns; k++) {
			size_t s = r->top[i * ns + k];

			figtable_set_text(fs, t, row, c++, ai->sectors[s].name);
			figtable_set_text(fs, t, row, c++, ai->sectors[s].name_es);
			set_num(fs, t, row, c++, r->aff[i * ns + s]);
		}
		ks = d->rd->states[i].slug;
		snprintf(key, sizeof key, "state.%s.affected_share", ks);
		for (char *p = key; *p; p++)
			if (*p == '-')
				*p = '_';
		figset_num_p(fs, key, r->exp_share[i], "share", src,
		             "estimated: jobs affected / estimated employment (states.h)",
		             expo.prov, expo.sources);
	}
	{
		static const char *const mcols[] = {
			"state", "order", "sector", "name", "name_es", "va_share", "va_share_nat",
			"employed", "affected", "risk"
		};
		struct figtable *m;

		struct fig_origin va = { FIG_PROV_NONE, "" };

		figset_set_origin(fs, expo.prov, expo.sources);
		m = figset_table(fs, "state_sector_mix", 10, mcols, src);
		/* the shares of value added rest on INEGI's value added and the
		 * sector map only; the jobs on the estimate */
		join_rows(fs, &va, &d->gdp, NULL);
		join_rows(fs, &va, &d->map, NULL);
		fig_origin_computed(&va);
		figtable_set_col_origin(fs, m, 5, va.prov, va.sources);
		figtable_set_col_origin(fs, m, 6, va.prov, va.sources);

		for (size_t i = 0; i < r->n; i++)
			for (size_t k = 0; k < ns; k++) {
				size_t s = r->top[i * ns + k], row = figtable_add_row(fs, m);

				figtable_set_text(fs, m, row, 0, d->rd->states[i].slug);
				figtable_set_num(fs, m, row, 1, (double)(k + 1));
				figtable_set_text(fs, m, row, 2, ai->sectors[s].code);
				figtable_set_text(fs, m, row, 3, ai->sectors[s].name);
				figtable_set_text(fs, m, row, 4, ai->sectors[s].name_es);
				figtable_set_num(fs, m, row, 5, r->mix[i * ns + s]);
				figtable_set_num(fs, m, row, 6, r->mix_nat[s]);
				figtable_set_num(fs, m, row, 7, r->emp[i * ns + s]);
				figtable_set_num(fs, m, row, 8, r->aff[i * ns + s]);
				figtable_set_num(fs, m, row, 9, r->aff[i * ns + s] /
				                 (r->emp[i * ns + s] > 0 ? r->emp[i * ns + s] : 1));
			}
	}
	figset_set_origin(fs, FIG_PROV_PUBLISHED, "oi_mx_2018");
	figset_num(fs, "states.ref_year", d->year, "year", src, "= automation.data_year");
	figset_num(fs, "states.base_year", d->year - 5, "year", src, "ref_year - 5");
	figset_set_origin(fs, o_work.prov, o_work.sources);
	figset_num(fs, "states.sum.workforce", r->sum_workforce, "people", src,
	           "sum over states of the ENOE workforce, reference year");
	figset_set_origin(fs, expo.prov, expo.sources);
	figset_num(fs, "states.sum.employed_raw", r->sum_raw, "jobs", src,
	           "sum over states of value added x national employment per unit of value "
	           "added, before scaling (= national employment)");
	figset_num(fs, "states.sum.affected", r->sum_affected, "jobs", src,
	           "estimated: sum over states of the jobs affected");
	figset_num(fs, "states.national.employed", r->national_employed, "jobs",
	           "employment.csv", "= jobs.employed.total (national model)");
	figset_num(fs, "states.diff.employed", r->sum_workforce - r->national_employed, "jobs",
	           src, "states.sum.workforce - states.national.employed");
	figset_num(fs, "states.diff.employed_share",
	           r->sum_workforce / r->national_employed - 1, "share", src,
	           "states.sum.workforce / states.national.employed - 1");
	figset_num(fs, "states.diff.affected", r->sum_affected - r->national_affected, "jobs",
	           src, "states.sum.affected - jobs.affected.total");
	figset_num(fs, "states.diff.affected_share",
	           r->sum_affected / r->national_affected - 1, "share", src,
	           "states.sum.affected / jobs.affected.total - 1");
	figset_num(fs, "states.affected_share", r->sum_affected / r->sum_workforce, "share",
	           src, "estimated: states.sum.affected / states.sum.workforce");
	figset_set_origin(fs, FIG_PROV_NONE, "");
}
