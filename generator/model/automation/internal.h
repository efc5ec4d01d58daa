/*
 * Private to the automation module (the files in generator/automation/): names and the
 * tables of computed figures shared by the model, the loader and the figures.
 */
#ifndef REPORTGEN_AUTOMATION_INTERNAL_H
#define REPORTGEN_AUTOMATION_INTERNAL_H

#include "model/automation/automation.h"

#define AUTO_NELEMS(c) (sizeof(c) / sizeof((c)[0]))

#define AUTO_SRC_EMP "employment.csv"
#define AUTO_SRC_MODEL "tasks.csv, sector_occupations.csv, employment.csv, automation_adjustments.csv"
#define AUTO_SRC_SPLIT "impact_split.csv; " AUTO_SRC_MODEL

extern const char *const automation_horizon_names[AUTO_NHORIZONS];   /* h5 h15 long */
extern const char *const automation_outcome_names[AUTO_NOUTCOMES];
extern const char *const automation_level_names[3];                  /* task occupation sector */

/* National figures: key, unit, source, formula; value by automation_nat_value. */
struct automation_natfig {
	const char *key;
	int id;
	const char *unit;
	const char *source;
	const char *formula;
};
extern const struct automation_natfig automation_natfigs[];
extern const size_t automation_nnatfigs;
double automation_nat_value(const struct automation_result *r, int id);

/* Per-sector figures sector.<code>.<name>. */
enum automation_sfield {
	S_RISK, S_RISK_H5, S_RISK_H15, S_AFFECTED, S_AFFECTED_H5, S_AFFECTED_H15,
	S_EMPLOYED, S_MEN, S_WOMEN, S_SHARE_MEN, S_SHARE_WOMEN, S_MEN_AFFECTED,
	S_WOMEN_AFFECTED, S_NFIELDS
};
struct automation_sfield_desc {
	const char *name;
	const char *unit;
	const char *formula;
};
extern const struct automation_sfield_desc automation_sfields[S_NFIELDS];
double automation_sector_value(const struct automation_sector_result *s, enum automation_sfield f);

#endif
