/*
 * automation/model: the automation exposure model (pure functions) and the
 * keys of the figures it computes. Model stage of the pipeline: input from
 * automation/load.c, result read by automation/figures.c.
 */
#include "model/automation/internal.h"

#include <math.h>
#include <string.h>

/* ---- the model --------------------------------------------------------- */

/* Sort idx[0..n) by key descending; ties by sector code ascending, so the
 * order never depends on the sort algorithm. */
static void rank(const struct automation_input *in, size_t *idx, size_t n, const double *key)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		idx[i] = i;
	for (i = 1; i < n; i++) {
		size_t v = idx[i];

		for (j = i; j > 0; j--) {
			size_t u = idx[j - 1];

			if (key[u] > key[v] || (key[u] == key[v] &&
			    strcmp(in->sectors[u].code, in->sectors[v].code) < 0))
				break;
			idx[j] = u;
		}
		idx[j] = v;
	}
}

int automation_compute(const struct automation_input *in, struct automation_result *out)
{
	double key[AUTOMATION_MAX_SECTORS];
	size_t s, o, t, i, n = in->nsectors, no = in->noccupations;
	int h;
	double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;

	memset(out, 0, sizeof *out);
	out->in = in;
	if (n == 0 || n > AUTOMATION_MAX_SECTORS || no > AUTOMATION_MAX_OCCUPATIONS ||
	    in->nadjustments > AUTOMATION_MAX_ADJUSTMENTS)
		return -1;
	out->nsectors = n;
	out->noccupations = no;
	out->napplied = in->nadjustments;
	for (i = 0; i < in->nadjustments; i++)
		out->applied[i].adjustment = i;

	/* tasks -> occupations, with task-level adjustments in file order */
	for (t = 0; t < in->ntasks; t++) {
		const struct automation_task *tk = &in->tasks[t];

		for (h = 0; h < AUTO_NHORIZONS; h++) {
			double v = tk->p[h];

			for (i = 0; i < in->nadjustments; i++) {
				const struct automation_adjustment *d = &in->adjustments[i];

				if (d->level == AUTO_LEVEL_TASK && d->index == t && d->horizon == h) {
					out->applied[i].computed = v;
					v = d->new_value;
					out->applied[i].value = v;
				}
			}
			out->occ_risk[tk->occ][h] += tk->time_share * v;
		}
	}
	for (i = 0; i < in->nadjustments; i++) {
		const struct automation_adjustment *d = &in->adjustments[i];

		if (d->level == AUTO_LEVEL_OCCUPATION) {
			out->applied[i].computed = out->occ_risk[d->index][d->horizon];
			out->occ_risk[d->index][d->horizon] = d->new_value;
			out->applied[i].value = d->new_value;
		}
	}

	/* occupations -> sectors */
	for (s = 0; s < n; s++) {
		struct automation_sector_result *sr = &out->sector[s];

		for (h = 0; h < AUTO_NHORIZONS; h++) {
			double risk = 0;

			for (o = 0; o < no; o++)
				risk += in->mix[s * no + o] * out->occ_risk[o][h];
			sr->risk_raw[h] = risk;
			sr->risk[h] = risk;
		}
	}
	for (i = 0; i < in->nadjustments; i++) {
		const struct automation_adjustment *d = &in->adjustments[i];

		if (d->level == AUTO_LEVEL_SECTOR) {
			out->applied[i].computed = out->sector[d->index].risk[d->horizon];
			out->sector[d->index].risk[d->horizon] = d->new_value;
			out->applied[i].value = d->new_value;
		}
	}

	/* sectors -> nation */
	for (s = 0; s < n; s++) {
		struct automation_sector_result *sr = &out->sector[s];
		const struct automation_sector *sec = &in->sectors[s];

		sr->men = sec->men;
		sr->women = sec->women;
		sr->employed = sec->men + sec->women;
		sr->share_men = sr->employed > 0 ? sec->men / sr->employed : 0;
		sr->share_women = sr->employed > 0 ? sec->women / sr->employed : 0;
		for (h = 0; h < AUTO_NHORIZONS; h++) {
			sr->affected[h] = sr->risk[h] * sr->employed;
			out->affected[h] += sr->affected[h];
		}
		sr->period[AUTO_P0_5] = sr->affected[AUTO_H5];
		sr->period[AUTO_P5_15] = sr->affected[AUTO_H15] - sr->affected[AUTO_H5];
		sr->period[AUTO_P15_] = sr->affected[AUTO_LONG] - sr->affected[AUTO_H15];
		sr->men_affected = sr->risk[AUTO_LONG] * sec->men;
		sr->women_affected = sr->risk[AUTO_LONG] * sec->women;
		out->men += sec->men;
		out->women += sec->women;
		out->men_affected += sr->men_affected;
		out->women_affected += sr->women_affected;
	}
	out->employed = out->men + out->women;
	if (out->employed <= 0)
		return -1;
	for (h = 0; h < AUTO_NHORIZONS; h++)
		out->share[h] = out->affected[h] / out->employed;
	out->period[AUTO_P0_5] = out->affected[AUTO_H5];
	out->period[AUTO_P5_15] = out->affected[AUTO_H15] - out->affected[AUTO_H5];
	out->period[AUTO_P15_] = out->affected[AUTO_LONG] - out->affected[AUTO_H15];
	for (i = 0; i < AUTO_NOUTCOMES; i++)
		out->split_jobs[i] = in->split[i] * out->affected[AUTO_LONG];
	out->men_share_at_risk = out->men > 0 ? out->men_affected / out->men : 0;
	out->women_share_at_risk = out->women > 0 ? out->women_affected / out->women : 0;

	/* Figure 5: risk on share of men, one point per sector, unweighted */
	for (s = 0; s < n; s++) {
		double x = out->sector[s].share_men, y = out->sector[s].risk[AUTO_LONG];

		sx += x;
		sy += y;
	}
	sx /= (double)n;
	sy /= (double)n;
	for (s = 0; s < n; s++) {
		double dx = out->sector[s].share_men - sx;
		double dy = out->sector[s].risk[AUTO_LONG] - sy;

		sxx += dx * dx;
		syy += dy * dy;
		sxy += dx * dy;
	}
	if (n >= 2 && sxx > 0) {
		out->fit_slope = sxy / sxx;
		out->fit_intercept = sy - out->fit_slope * sx;
		out->fit_r = syy > 0 ? sxy / sqrt(sxx * syy) : 0;
	} else {
		out->fit_slope = NAN;
		out->fit_intercept = NAN;
		out->fit_r = NAN;
	}

	for (s = 0; s < n; s++)
		key[s] = out->sector[s].affected[AUTO_LONG];
	rank(in, out->by_affected, n, key);
	for (s = 0; s < n; s++)
		key[s] = out->sector[s].risk[AUTO_LONG];
	rank(in, out->by_risk, n, key);
	for (s = 0; s < n; s++)
		key[s] = out->sector[s].share_men;
	rank(in, out->by_men, n, key);
	for (s = 0; s < n; s++)
		key[s] = out->sector[s].share_women;
	rank(in, out->by_women, n, key);
	return 0;
}

/* ---- computed figures, by key ------------------------------------------- */

const char *const automation_horizon_names[AUTO_NHORIZONS] = { "h5", "h15", "long" };
const char *const automation_outcome_names[AUTO_NOUTCOMES] = { "enhanced", "transformed",
                                                               "replaced" };
const char *const automation_level_names[3] = { "task", "occupation", "sector" };

enum nat {
	N_EMP_TOTAL, N_EMP_MEN, N_EMP_WOMEN, N_EMP_SHARE_MEN, N_EMP_SHARE_WOMEN,
	N_AFF_TOTAL, N_AFF_SHARE, N_AFF_H5, N_AFF_H15, N_AFF_SHARE_H5, N_AFF_SHARE_H15,
	N_P0_5, N_P5_15, N_P15, N_P0_5_SHARE, N_P5_15_SHARE, N_P15_SHARE,
	N_SPLIT_ENH, N_SPLIT_TRA, N_SPLIT_REP, N_SPLIT_TOTAL,
	N_SHARE_ENH, N_SHARE_TRA, N_SHARE_REP,
	N_MEN_AFF, N_WOMEN_AFF, N_MEN_RISK, N_WOMEN_RISK, N_GENDER_RATIO,
	N_FIT_R, N_FIT_SLOPE, N_FIT_INTERCEPT,
	N_SECTORS, N_OCCUPATIONS, N_TASKS, N_ADJUSTMENTS, N_H_SHORT, N_H_MEDIUM, N_DATA_YEAR
};

const struct automation_natfig automation_natfigs[] = {
	{ "emp.total", N_EMP_TOTAL, "people", AUTO_SRC_EMP, "sum over sectors of men + women employed" },
	{ "emp.men", N_EMP_MEN, "people", AUTO_SRC_EMP, "sum over sectors of men employed" },
	{ "emp.women", N_EMP_WOMEN, "people", AUTO_SRC_EMP, "sum over sectors of women employed" },
	{ "emp.share.men", N_EMP_SHARE_MEN, "share", AUTO_SRC_EMP, "emp.men / emp.total" },
	{ "emp.share.women", N_EMP_SHARE_WOMEN, "share", AUTO_SRC_EMP, "emp.women / emp.total" },
	{ "jobs.affected.total", N_AFF_TOTAL, "jobs", AUTO_SRC_MODEL,
	  "sum over sectors of risk(long) x employed; risk = sum over occupations of mix x "
	  "sum over tasks of time share x likelihood(long)" },
	{ "jobs.affected.share", N_AFF_SHARE, "share", AUTO_SRC_MODEL, "jobs.affected.total / emp.total" },
	{ "jobs.affected.h5", N_AFF_H5, "jobs", AUTO_SRC_MODEL,
	  "sum over sectors of risk(5 years) x employed (cumulative)" },
	{ "jobs.affected.h15", N_AFF_H15, "jobs", AUTO_SRC_MODEL,
	  "sum over sectors of risk(15 years) x employed (cumulative)" },
	{ "jobs.affected.share.h5", N_AFF_SHARE_H5, "share", AUTO_SRC_MODEL, "jobs.affected.h5 / emp.total" },
	{ "jobs.affected.share.h15", N_AFF_SHARE_H15, "share", AUTO_SRC_MODEL, "jobs.affected.h15 / emp.total" },
	{ "jobs.affected.p0_5", N_P0_5, "jobs", AUTO_SRC_MODEL, "jobs.affected.h5" },
	{ "jobs.affected.p5_15", N_P5_15, "jobs", AUTO_SRC_MODEL, "jobs.affected.h15 - jobs.affected.h5" },
	{ "jobs.affected.p15_", N_P15, "jobs", AUTO_SRC_MODEL, "jobs.affected.total - jobs.affected.h15" },
	{ "jobs.affected.p0_5.share_of_affected", N_P0_5_SHARE, "share", AUTO_SRC_MODEL,
	  "jobs.affected.p0_5 / jobs.affected.total" },
	{ "jobs.affected.p5_15.share_of_affected", N_P5_15_SHARE, "share", AUTO_SRC_MODEL,
	  "jobs.affected.p5_15 / jobs.affected.total" },
	{ "jobs.affected.p15_.share_of_affected", N_P15_SHARE, "share", AUTO_SRC_MODEL,
	  "jobs.affected.p15_ / jobs.affected.total" },
	{ "jobs.split.enhanced", N_SPLIT_ENH, "jobs", AUTO_SRC_SPLIT, "split.enhanced x jobs.affected.total" },
	{ "jobs.split.transformed", N_SPLIT_TRA, "jobs", AUTO_SRC_SPLIT,
	  "split.transformed x jobs.affected.total" },
	{ "jobs.split.replaced", N_SPLIT_REP, "jobs", AUTO_SRC_SPLIT, "split.replaced x jobs.affected.total" },
	{ "jobs.split.total", N_SPLIT_TOTAL, "jobs", AUTO_SRC_SPLIT,
	  "jobs.split.enhanced + jobs.split.transformed + jobs.split.replaced" },
	{ "split.enhanced", N_SHARE_ENH, "share", "impact_split.csv", "as given" },
	{ "split.transformed", N_SHARE_TRA, "share", "impact_split.csv", "as given" },
	{ "split.replaced", N_SHARE_REP, "share", "impact_split.csv", "as given" },
	{ "jobs.men.affected", N_MEN_AFF, "jobs", AUTO_SRC_MODEL,
	  "sum over sectors of risk(long) x men employed" },
	{ "jobs.women.affected", N_WOMEN_AFF, "jobs", AUTO_SRC_MODEL,
	  "sum over sectors of risk(long) x women employed" },
	{ "jobs.men.share_at_risk", N_MEN_RISK, "share", AUTO_SRC_MODEL, "jobs.men.affected / emp.men" },
	{ "jobs.women.share_at_risk", N_WOMEN_RISK, "share", AUTO_SRC_MODEL,
	  "jobs.women.affected / emp.women" },
	{ "gender.ratio_affected", N_GENDER_RATIO, "ratio", AUTO_SRC_MODEL,
	  "jobs.men.affected / jobs.women.affected" },
	{ "gender.fit.r", N_FIT_R, "", AUTO_SRC_MODEL,
	  "Pearson correlation over sectors of share of men and risk(long), unweighted" },
	{ "gender.fit.slope", N_FIT_SLOPE, "share", AUTO_SRC_MODEL,
	  "least-squares slope of risk(long) on share of men, over sectors, unweighted" },
	{ "gender.fit.intercept", N_FIT_INTERCEPT, "share", AUTO_SRC_MODEL,
	  "least-squares intercept of risk(long) on share of men, over sectors, unweighted" },
	{ "sectors.count", N_SECTORS, "", "sectors.csv", "rows" },
	{ "occupations.count", N_OCCUPATIONS, "", "occupations.csv", "rows" },
	{ "tasks.count", N_TASKS, "", "tasks.csv", "rows" },
	{ "automation.adjustments.count", N_ADJUSTMENTS, "", "automation_adjustments.csv", "rows" },
	{ "automation.horizon.short", N_H_SHORT, "years", "automation_parameters.csv", "as given" },
	{ "automation.horizon.medium", N_H_MEDIUM, "years", "automation_parameters.csv", "as given" },
	{ "automation.data_year", N_DATA_YEAR, "year", "automation_parameters.csv", "as given" },
};

const size_t automation_nnatfigs = AUTO_NELEMS(automation_natfigs);

static double ratio(double a, double b)
{
	return b != 0 ? a / b : 0;
}

double automation_nat_value(const struct automation_result *r, int id)
{
	const struct automation_input *in = r->in;

	switch ((enum nat)id) {
	case N_EMP_TOTAL: return r->employed;
	case N_EMP_MEN: return r->men;
	case N_EMP_WOMEN: return r->women;
	case N_EMP_SHARE_MEN: return ratio(r->men, r->employed);
	case N_EMP_SHARE_WOMEN: return ratio(r->women, r->employed);
	case N_AFF_TOTAL: return r->affected[AUTO_LONG];
	case N_AFF_SHARE: return r->share[AUTO_LONG];
	case N_AFF_H5: return r->affected[AUTO_H5];
	case N_AFF_H15: return r->affected[AUTO_H15];
	case N_AFF_SHARE_H5: return r->share[AUTO_H5];
	case N_AFF_SHARE_H15: return r->share[AUTO_H15];
	case N_P0_5: return r->period[AUTO_P0_5];
	case N_P5_15: return r->period[AUTO_P5_15];
	case N_P15: return r->period[AUTO_P15_];
	case N_P0_5_SHARE: return ratio(r->period[AUTO_P0_5], r->affected[AUTO_LONG]);
	case N_P5_15_SHARE: return ratio(r->period[AUTO_P5_15], r->affected[AUTO_LONG]);
	case N_P15_SHARE: return ratio(r->period[AUTO_P15_], r->affected[AUTO_LONG]);
	case N_SPLIT_ENH: return r->split_jobs[AUTO_ENHANCED];
	case N_SPLIT_TRA: return r->split_jobs[AUTO_TRANSFORMED];
	case N_SPLIT_REP: return r->split_jobs[AUTO_REPLACED];
	case N_SPLIT_TOTAL:
		return r->split_jobs[AUTO_ENHANCED] + r->split_jobs[AUTO_TRANSFORMED] +
		       r->split_jobs[AUTO_REPLACED];
	case N_SHARE_ENH: return in->split[AUTO_ENHANCED];
	case N_SHARE_TRA: return in->split[AUTO_TRANSFORMED];
	case N_SHARE_REP: return in->split[AUTO_REPLACED];
	case N_MEN_AFF: return r->men_affected;
	case N_WOMEN_AFF: return r->women_affected;
	case N_MEN_RISK: return r->men_share_at_risk;
	case N_WOMEN_RISK: return r->women_share_at_risk;
	case N_GENDER_RATIO: return ratio(r->men_affected, r->women_affected);
	case N_FIT_R: return r->fit_r;
	case N_FIT_SLOPE: return r->fit_slope;
	case N_FIT_INTERCEPT: return r->fit_intercept;
	case N_SECTORS: return (double)in->nsectors;
	case N_OCCUPATIONS: return (double)in->noccupations;
	case N_TASKS: return (double)in->ntasks;
	case N_ADJUSTMENTS: return (double)in->nadjustments;
	case N_H_SHORT: return in->horizon_years[0];
	case N_H_MEDIUM: return in->horizon_years[1];
	case N_DATA_YEAR: return in->data_year;
	}
	return NAN;
}

const struct automation_sfield_desc automation_sfields[S_NFIELDS] = {
	{ "risk", "share", "sum over occupations of mix x occupation risk(long), after adjustments" },
	{ "risk_h5", "share", "sum over occupations of mix x occupation risk(5 years)" },
	{ "risk_h15", "share", "sum over occupations of mix x occupation risk(15 years)" },
	{ "affected", "jobs", "risk x employed" },
	{ "affected_h5", "jobs", "risk_h5 x employed" },
	{ "affected_h15", "jobs", "risk_h15 x employed" },
	{ "employed", "people", "men + women" },
	{ "men", "people", "as given" },
	{ "women", "people", "as given" },
	{ "share_men", "share", "men / employed" },
	{ "share_women", "share", "women / employed" },
	{ "men_affected", "jobs", "risk x men" },
	{ "women_affected", "jobs", "risk x women" },
};

double automation_sector_value(const struct automation_sector_result *s,
                               enum automation_sfield f)
{
	switch (f) {
	case S_RISK: return s->risk[AUTO_LONG];
	case S_RISK_H5: return s->risk[AUTO_H5];
	case S_RISK_H15: return s->risk[AUTO_H15];
	case S_AFFECTED: return s->affected[AUTO_LONG];
	case S_AFFECTED_H5: return s->affected[AUTO_H5];
	case S_AFFECTED_H15: return s->affected[AUTO_H15];
	case S_EMPLOYED: return s->employed;
	case S_MEN: return s->men;
	case S_WOMEN: return s->women;
	case S_SHARE_MEN: return s->share_men;
	case S_SHARE_WOMEN: return s->share_women;
	case S_MEN_AFFECTED: return s->men_affected;
	case S_WOMEN_AFFECTED: return s->women_affected;
	case S_NFIELDS: break;
	}
	return NAN;
}

int automation_value(const struct automation_result *r, const char *key, double *v)
{
	size_t i, s;

	for (i = 0; i < automation_nnatfigs; i++)
		if (strcmp(automation_natfigs[i].key, key) == 0) {
			*v = automation_nat_value(r, automation_natfigs[i].id);
			return 0;
		}
	if (strncmp(key, "sector.", 7) != 0 || r->in == NULL)
		return -1;
	for (s = 0; s < r->nsectors; s++) {
		const char *code = r->in->sectors[s].code;
		size_t len = strlen(code);

		if (strncmp(key + 7, code, len) != 0 || key[7 + len] != '.')
			continue;
		for (i = 0; i < S_NFIELDS; i++)
			if (strcmp(key + 8 + len, automation_sfields[i].name) == 0) {
				*v = automation_sector_value(&r->sector[s], (enum automation_sfield)i);
				return 0;
			}
	}
	return -1;
}

