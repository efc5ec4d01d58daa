/*
 * automation/figures: hand the automation model's result to the figure store
 * (figures.h): national and per-sector figures, rankings, the sector tables,
 * the occupations and adjustments tables, the check of every published figure
 * and the errata rows. Figures stage of the pipeline.
 */
#include "model/automation/internal.h"
#include "figures/figures.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- provenance (figures.h: struct fig_origin) ---- */

static struct fig_origin origin_of(struct figset *fs, const char *prov, const char *sources)
{
	struct fig_origin o = { FIG_PROV_NONE, "" };

	fig_origin_join(fs, &o, fig_prov_parse(prov), sources);
	return o;
}

static void origin_add(struct figset *fs, struct fig_origin *acc, struct fig_origin in)
{
	fig_origin_join(fs, acc, in.prov, in.sources);
}

/* Employment of sector s (its two rows, as given). */
static struct fig_origin emp_origin(struct figset *fs, const struct automation_result *r, size_t s)
{
	return origin_of(fs, r->in->sectors[s].emp_prov, r->in->sectors[s].emp_sources);
}

/* The risk inputs (tasks, occupation mix, adjustments...). */
static struct fig_origin risk_origin(struct figset *fs, const struct automation_result *r)
{
	return origin_of(fs, r->in->risk_prov, r->in->risk_sources);
}

/* A value of sector s computed from its employment and, if with_risk, from
 * the risk inputs. */
static struct fig_origin sector_origin(struct figset *fs, const struct automation_result *r,
                                       size_t s, bool with_emp, bool with_risk)
{
	struct fig_origin o = { FIG_PROV_NONE, "" };

	if (with_emp)
		origin_add(fs, &o, emp_origin(fs, r, s));
	if (with_risk)
		origin_add(fs, &o, risk_origin(fs, r));
	fig_origin_computed(&o);
	return o;
}

/* A national value computed from every sector's employment, the risk inputs
 * (with_risk) and the impact split (with_split). */
static struct fig_origin national_origin(struct figset *fs, const struct automation_result *r,
                                         bool with_risk, bool with_split)
{
	struct fig_origin o = { FIG_PROV_NONE, "" };
	size_t s;

	for (s = 0; s < r->nsectors; s++)
		origin_add(fs, &o, emp_origin(fs, r, s));
	if (with_risk)
		origin_add(fs, &o, risk_origin(fs, r));
	if (with_split)
		origin_add(fs, &o, origin_of(fs, r->in->split_prov, r->in->split_sources));
	fig_origin_computed(&o);
	return o;
}

/* Whether a sector field rests on employment, on the risk inputs. */
static void sfield_inputs(enum automation_sfield f, bool *emp, bool *risk)
{
	*emp = f != S_RISK && f != S_RISK_H5 && f != S_RISK_H15;
	*risk = !(f == S_EMPLOYED || f == S_MEN || f == S_WOMEN || f == S_SHARE_MEN ||
	          f == S_SHARE_WOMEN);
}

static void set_sector_field_origin(struct figset *fs, const struct automation_result *r,
                                    size_t s, enum automation_sfield f)
{
	bool emp, risk;
	struct fig_origin o;

	sfield_inputs(f, &emp, &risk);
	if (emp && !risk && (f == S_MEN || f == S_WOMEN))
		o = emp_origin(fs, r, s);       /* as the row gives it */
	else
		o = sector_origin(fs, r, s, emp, risk);
	figset_set_origin(fs, o.prov, o.sources);
}

static const char *const sector_cols[] = {
	"code", "name", "name_es", "group", "employed", "men", "women", "share_men", "share_women",
	"risk_h5", "risk_h15", "risk", "affected_h5", "affected_h15", "affected",
	"affected_p0_5", "affected_p5_15", "affected_p15_", "men_affected", "women_affected",
	"risk_raw"
};

static struct figtable *sector_table(struct figset *fs, const char *name)
{
	return figset_table(fs, name, AUTO_NELEMS(sector_cols), sector_cols,
	                    "reportgen automation model: " AUTO_SRC_MODEL);
}

static void sector_row(struct figset *fs, struct figtable *t, const struct automation_result *r,
                       size_t s)
{
	const struct automation_sector *sec = &r->in->sectors[s];
	const struct automation_sector_result *sr = &r->sector[s];
	size_t row = figtable_add_row(fs, t);
	size_t c = 0;
	struct fig_origin o = sector_origin(fs, r, s, true, true);

	figtable_set_origin(fs, t, row, o.prov, o.sources);
	figtable_set_text(fs, t, row, c++, sec->code);
	figtable_set_text(fs, t, row, c++, sec->name);
	figtable_set_text(fs, t, row, c++, sec->name_es);
	figtable_set_text(fs, t, row, c++, sec->group);
	figtable_set_num(fs, t, row, c++, sr->employed);
	figtable_set_num(fs, t, row, c++, sr->men);
	figtable_set_num(fs, t, row, c++, sr->women);
	figtable_set_num(fs, t, row, c++, sr->share_men);
	figtable_set_num(fs, t, row, c++, sr->share_women);
	figtable_set_num(fs, t, row, c++, sr->risk[AUTO_H5]);
	figtable_set_num(fs, t, row, c++, sr->risk[AUTO_H15]);
	figtable_set_num(fs, t, row, c++, sr->risk[AUTO_LONG]);
	figtable_set_num(fs, t, row, c++, sr->affected[AUTO_H5]);
	figtable_set_num(fs, t, row, c++, sr->affected[AUTO_H15]);
	figtable_set_num(fs, t, row, c++, sr->affected[AUTO_LONG]);
	figtable_set_num(fs, t, row, c++, sr->period[AUTO_P0_5]);
	figtable_set_num(fs, t, row, c++, sr->period[AUTO_P5_15]);
	figtable_set_num(fs, t, row, c++, sr->period[AUTO_P15_]);
	figtable_set_num(fs, t, row, c++, sr->men_affected);
	figtable_set_num(fs, t, row, c++, sr->women_affected);
	figtable_set_num(fs, t, row, c++, sr->risk_raw[AUTO_LONG]);
}

/* Rank keys: sector.<prefix><n>.name / .code / .<field>, for every rank. */
static void rank_figs(struct figset *fs, const struct automation_result *r, const size_t *order,
                      bool ascending, const char *prefix, enum automation_sfield f, const char *what)
{
	char key[128], formula[256];
	size_t k, n = r->nsectors;

	for (k = 0; k < n; k++) {
		size_t s = order[ascending ? n - 1 - k : k];
		const struct automation_sector *sec = &r->in->sectors[s];

		set_sector_field_origin(fs, r, s, f);
		snprintf(key, sizeof key, "sector.%s%zu.name", prefix, k + 1);
		figset_text(fs, key, sec->name, "sectors.csv");
		snprintf(key, sizeof key, "sector.%s%zu.name_es", prefix, k + 1);
		figset_text(fs, key, sec->name_es, "sectors.csv");
		snprintf(key, sizeof key, "sector.%s%zu.code", prefix, k + 1);
		figset_text(fs, key, sec->code, "sectors.csv");
		snprintf(key, sizeof key, "sector.%s%zu.%s", prefix, k + 1, automation_sfields[f].name);
		snprintf(formula, sizeof formula, "sector ranked %zu by %s: sector.%s.%s", k + 1,
		         what, sec->code, automation_sfields[f].name);
		figset_num(fs, key, automation_sector_value(&r->sector[s], f), automation_sfields[f].unit, AUTO_SRC_MODEL,
		           formula);
		if (f != S_RISK) {
			set_sector_field_origin(fs, r, s, S_RISK);
			snprintf(key, sizeof key, "sector.%s%zu.risk", prefix, k + 1);
			snprintf(formula, sizeof formula, "sector.%s.risk", sec->code);
			figset_num(fs, key, r->sector[s].risk[AUTO_LONG], "share", AUTO_SRC_MODEL, formula);
		}
	}
}

static struct figtable *errata_table(struct figset *fs)
{
	static const char *const cols[] = { "item", "published", "computed", "note", "unit",
	                                    "key", "location", "item_es", "note_es" };
	const struct figtable *t = figset_get_table(fs, "errata");

	if (t != NULL)
		/* the store owns the table and it is not const there; the getter's
		 * const only protects readers (templates) */
		return (struct figtable *)t;
	return figset_table(fs, "errata", AUTO_NELEMS(cols), cols,
	                    "published figures of the 2018 paper against reportgen's");
}

static void set_col_num(struct figset *fs, struct figtable *t, size_t row, const char *col,
                        double v)
{
	int c = figtable_col(t, col);

	if (c < 0)
		return;
	if (isnan(v))
		figtable_set_text(fs, t, row, (size_t)c, "");
	else
		figtable_set_num(fs, t, row, (size_t)c, v);
}

static void set_col_text(struct figset *fs, struct figtable *t, size_t row, const char *col,
                         const char *s)
{
	int c = figtable_col(t, col);

	if (c >= 0)
		figtable_set_text(fs, t, row, (size_t)c, s ? s : "");
}

void automation_errata_add(struct figset *fs, const char *item, double published,
                           double computed, const char *note, const char *unit,
                           const char *key, const char *location, const char *item_es,
                           const char *note_es)
{
	struct figtable *t = errata_table(fs);
	size_t row = figtable_add_row(fs, t);

	set_col_text(fs, t, row, "item_es", item_es && *item_es ? item_es : item);
	set_col_text(fs, t, row, "note_es", note_es && *note_es ? note_es : note);
	set_col_text(fs, t, row, "item", item);
	set_col_num(fs, t, row, "published", published);
	set_col_num(fs, t, row, "computed", computed);
	set_col_text(fs, t, row, "note", note);
	set_col_text(fs, t, row, "unit", unit);
	set_col_text(fs, t, row, "key", key);
	set_col_text(fs, t, row, "location", location);
}

static void checks_and_errata(struct figset *fs, const struct automation_result *r)
{
	static const char *const cols[] = { "key", "item", "unit", "published", "computed",
	                                    "tolerance", "status", "agrees", "location", "note" };
	const struct automation_input *in = r->in;
	struct figtable *t;
	size_t i;
	struct fig_origin o = national_origin(fs, r, true, true);

	/* a check row sets a published figure beside the model's */
	fig_origin_join(fs, &o, FIG_PROV_PUBLISHED, "oi_mx_2018");
	figset_set_origin(fs, o.prov, o.sources);
	t = figset_table(fs, "automation_checks", AUTO_NELEMS(cols), cols,
	                 "automation_published.csv; reportgen automation model");

	for (i = 0; i < in->npublished; i++) {
		const struct automation_published *p = &in->published[i];
		double v = NAN;
		bool agrees;
		size_t row;

		automation_value(r, p->key, &v);
		agrees = !isnan(p->value) && fabs(v - p->value) <= p->tolerance;
		row = figtable_add_row(fs, t);
		set_col_text(fs, t, row, "key", p->key);
		set_col_text(fs, t, row, "item", p->item);
		set_col_text(fs, t, row, "unit", p->unit);
		set_col_num(fs, t, row, "published", p->value);
		set_col_num(fs, t, row, "computed", v);
		set_col_num(fs, t, row, "tolerance", p->tolerance);
		set_col_text(fs, t, row, "status", p->erratum ? "erratum" : "check");
		set_col_text(fs, t, row, "agrees", agrees ? "yes" : "no");
		set_col_text(fs, t, row, "location", p->location);
		set_col_text(fs, t, row, "note", p->note);
		if (p->erratum || !agrees)
			automation_errata_add(fs, p->item, p->value, v,
			                      p->erratum ? p->note :
			                      "differs from the computed value by more than the "
			                      "printed precision", p->unit, p->key, p->location,
			                      p->item_es,
			                      p->erratum ? p->note_es :
			                      "difiere del valor calculado en más que la precisión "
			                      "impresa");
	}
	/* the table exists, empty, for an edition without published figures: the
	 * templates ask for it (and show nothing) */
	errata_table(fs);
}

void automation_figures(const struct automation_result *r, struct figset *fs)
{
	const struct automation_input *in = r->in;
	char key[160];
	size_t i, s, k;
	struct figtable *t;

	for (i = 0; i < automation_nnatfigs; i++) {
		double v = automation_nat_value(r, automation_natfigs[i].id);
		const char *src = automation_natfigs[i].source;
		struct fig_origin o;

		if (strcmp(src, AUTO_SRC_EMP) == 0)
			o = national_origin(fs, r, false, false);
		else if (strcmp(src, AUTO_SRC_SPLIT) == 0)
			o = national_origin(fs, r, true, true);
		else if (strcmp(src, AUTO_SRC_MODEL) == 0)
			o = national_origin(fs, r, true, false);
		else    /* a share of the split as given */
			o = origin_of(fs, in->split_prov, in->split_sources);
		figset_set_origin(fs, o.prov, o.sources);
		if (!isnan(v))
			figset_num(fs, automation_natfigs[i].key, v, automation_natfigs[i].unit, automation_natfigs[i].source,
			           automation_natfigs[i].formula);
	}
	for (s = 0; s < r->nsectors; s++) {
		const char *code = in->sectors[s].code;

		figset_set_origin(fs, FIG_PROV_NONE, "");
		snprintf(key, sizeof key, "sector.%s.name", code);
		figset_text(fs, key, in->sectors[s].name, "sectors.csv");
		snprintf(key, sizeof key, "sector.%s.name_es", code);
		figset_text(fs, key, in->sectors[s].name_es, "sectors.csv");
		for (k = 0; k < S_NFIELDS; k++) {
			set_sector_field_origin(fs, r, s, (enum automation_sfield)k);
			snprintf(key, sizeof key, "sector.%s.%s", code, automation_sfields[k].name);
			figset_num(fs, key, automation_sector_value(&r->sector[s], (enum automation_sfield)k),
			           automation_sfields[k].unit, AUTO_SRC_MODEL, automation_sfields[k].formula);
		}
	}
	rank_figs(fs, r, r->by_risk, false, "top", S_RISK, "risk (highest first)");
	rank_figs(fs, r, r->by_risk, true, "bottom", S_RISK, "risk (lowest first)");
	rank_figs(fs, r, r->by_affected, false, "most_jobs", S_AFFECTED,
	          "jobs affected (most first)");
	rank_figs(fs, r, r->by_affected, true, "least_jobs", S_AFFECTED,
	          "jobs affected (fewest first)");
	rank_figs(fs, r, r->by_men, false, "most_men", S_SHARE_MEN, "share of men (highest first)");
	rank_figs(fs, r, r->by_women, false, "most_women", S_SHARE_WOMEN,
	          "share of women (highest first)");

	t = sector_table(fs, "sectors");
	for (k = 0; k < r->nsectors; k++)
		sector_row(fs, t, r, r->by_affected[k]);
	t = sector_table(fs, "sectors_top5");
	for (k = 0; k < 5 && k < r->nsectors; k++)
		sector_row(fs, t, r, r->by_affected[k]);
	t = sector_table(fs, "sectors_bottom5");
	for (k = 0; k < 5 && k < r->nsectors; k++)
		sector_row(fs, t, r, r->by_affected[r->nsectors - 1 - k]);
	t = sector_table(fs, "sectors_by_risk");
	for (k = 0; k < r->nsectors; k++)
		sector_row(fs, t, r, r->by_risk[k]);
	t = sector_table(fs, "sectors_men_top5");
	for (k = 0; k < 5 && k < r->nsectors; k++)
		sector_row(fs, t, r, r->by_men[k]);
	t = sector_table(fs, "sectors_women_top5");
	for (k = 0; k < 5 && k < r->nsectors; k++)
		sector_row(fs, t, r, r->by_women[k]);

	{
		static const char *const cols[] = { "code", "name", "risk_h5", "risk_h15", "risk" };

		struct fig_origin o = risk_origin(fs, r);

		fig_origin_computed(&o);
		figset_set_origin(fs, o.prov, o.sources);
		t = figset_table(fs, "occupations", AUTO_NELEMS(cols), cols,
		                 "reportgen automation model: tasks.csv, occupations.csv");
		for (k = 0; k < r->noccupations; k++) {
			size_t row = figtable_add_row(fs, t);
			int h;

			figtable_set_text(fs, t, row, 0, in->occupations[k].code);
			figtable_set_text(fs, t, row, 1, in->occupations[k].name);
			for (h = 0; h < AUTO_NHORIZONS; h++)
				figtable_set_num(fs, t, row, (size_t)(2 + h), r->occ_risk[k][h]);
		}
	}
	{
		static const char *const cols[] = { "level", "code", "horizon", "old_value",
		                                    "computed", "new_value", "reason" };

		t = figset_table(fs, "adjustments", AUTO_NELEMS(cols), cols, "automation_adjustments.csv");
		for (k = 0; k < r->napplied; k++) {
			const struct automation_adjustment *d = &in->adjustments[r->applied[k].adjustment];
			const char *code = d->level == AUTO_LEVEL_TASK ? in->tasks[d->index].id :
			                   d->level == AUTO_LEVEL_OCCUPATION ?
			                   in->occupations[d->index].code : in->sectors[d->index].code;
			size_t row = figtable_add_row(fs, t);

			figtable_set_text(fs, t, row, 0, automation_level_names[d->level]);
			figtable_set_text(fs, t, row, 1, code);
			figtable_set_text(fs, t, row, 2, automation_horizon_names[d->horizon]);
			figtable_set_num(fs, t, row, 3, d->old_value);
			figtable_set_num(fs, t, row, 4, r->applied[k].computed);
			figtable_set_num(fs, t, row, 5, r->applied[k].value);
			figtable_set_text(fs, t, row, 6, d->reason);
		}
	}
	checks_and_errata(fs, r);
	figset_set_origin(fs, FIG_PROV_NONE, "");
}

