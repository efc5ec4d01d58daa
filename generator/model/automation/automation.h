/*
 * automation: the automation exposure model of the 2018 edition.
 * Pipeline position: load (automation_load, on top of data.c) -> model
 * (automation_compute, pure) -> figures (automation_figures, into figures.h).
 *
 * Method (Appendix 3 of the 2018 paper): every task of an occupation has a
 * share of working time and a cumulative likelihood of being automated within
 * 5 years, within 15 years and in the long term. An occupation's risk at a
 * horizon is the time-weighted mean of its tasks' likelihoods; a sector's risk
 * is the occupation-mix-weighted mean of its occupations' risks; jobs affected
 * are risk x employment. Manual adjustments (task, occupation or sector level)
 * override a value and are recorded. The national impact split (enhanced /
 * transformed / replaced) divides the long-term total.
 */
#ifndef REPORTGEN_AUTOMATION_H
#define REPORTGEN_AUTOMATION_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"

struct arena;
struct figset;
struct dataset;
struct dataset_schema;

/* Limits of one edition; automation_load rejects larger inputs. */
#define AUTOMATION_MAX_SECTORS 64
#define AUTOMATION_MAX_OCCUPATIONS 4096  /* O*NET has ~1,100 occupations */
#define AUTOMATION_MAX_ADJUSTMENTS 64

/* Shares that must add up to 1 (occupation mix of a sector, task time of an
 * occupation, impact split) may be off by at most this much. */
#define AUTOMATION_SHARE_TOL 1e-6
/* An adjustment's old value must match the value it replaces within this
 * (old values are written to four decimals). */
#define AUTOMATION_OLD_TOL 5e-5

/* Horizons, cumulative: within 5 years, within 15 years, long term. */
enum { AUTO_H5, AUTO_H15, AUTO_LONG, AUTO_NHORIZONS };
/* Periods: 0-5 years, 5-15 years, after 15 years. */
enum { AUTO_P0_5, AUTO_P5_15, AUTO_P15_, AUTO_NPERIODS };
/* Impact split of the affected jobs. */
enum { AUTO_ENHANCED, AUTO_TRANSFORMED, AUTO_REPLACED, AUTO_NOUTCOMES };
/* Level an adjustment applies to. */
enum auto_level { AUTO_LEVEL_TASK, AUTO_LEVEL_OCCUPATION, AUTO_LEVEL_SECTOR };

struct automation_sector {
	const char *code;      /* lowercase [a-z0-9_], used in figure keys */
	const char *name;
	const char *name_es;   /* Spanish name */
	const char *group;     /* agriculture | industry | services */
	double men, women;     /* people employed */
	struct srcloc loc;     /* row in sectors.csv */
	/* provenance of its employment: the more doubtful of its two rows'
	 * (official < published < derived < estimated), and their source ids */
	const char *emp_prov, *emp_sources;
};

struct automation_occupation {
	const char *code;
	const char *name;
	struct srcloc loc;
};

struct automation_task {
	size_t occ;                      /* index into occupations */
	const char *id, *name;
	double time_share;               /* 0..1 of the occupation's working time */
	double p[AUTO_NHORIZONS];        /* cumulative likelihood, 0..1, non-decreasing */
};

struct automation_adjustment {
	enum auto_level level;
	size_t index;                    /* task, occupation or sector index */
	int horizon;                     /* AUTO_H5 .. AUTO_LONG */
	double old_value, new_value;     /* 0..1 */
	const char *what;                /* "sector construction long", for messages and tables */
	const char *reason;
	struct srcloc loc_old, loc_new;  /* cells, for messages */
};

/* A published figure to compare with the computed one (errata table). */
struct automation_published {
	const char *key;       /* figure key it is compared with */
	const char *item;      /* what it is, in words */
	double value;          /* NaN when the paper does not state it */
	const char *unit;      /* jobs | share | people */
	double tolerance;      /* absolute, in unit: the printed precision */
	bool erratum;          /* known to contradict the paper's own figures */
	const char *location;  /* where in the paper */
	const char *note;
	const char *item_es, *note_es;   /* Spanish, "" when not given */
	struct srcloc loc;
};

struct automation_input {
	size_t nsectors, noccupations, ntasks, nadjustments, npublished;
	struct automation_sector *sectors;
	struct automation_occupation *occupations;
	struct automation_task *tasks;
	double *mix;                         /* nsectors x noccupations, row-major; rows sum to 1 */
	struct automation_adjustment *adjustments;   /* applied in order */
	struct automation_published *published;
	double split[AUTO_NOUTCOMES];        /* shares of affected jobs, sum to 1 */
	int horizon_years[2];                /* 5, 15 */
	int data_year;                       /* year of the employment data */
	/* provenance of the risk inputs (occupations, sector occupation mix,
	 * tasks, adjustments, parameters) and of the impact split: the most
	 * doubtful row's kind, and every row's source id (space-separated) */
	const char *risk_prov, *risk_sources;
	const char *split_prov, *split_sources;
};

struct automation_sector_result {
	double employed, men, women;         /* people */
	double share_men, share_women;       /* 0..1 of the sector's workers */
	double risk_raw[AUTO_NHORIZONS];     /* before sector-level adjustments */
	double risk[AUTO_NHORIZONS];         /* cumulative share of jobs, 0..1 */
	double affected[AUTO_NHORIZONS];     /* jobs, cumulative */
	double period[AUTO_NPERIODS];        /* jobs first affected in each period */
	double men_affected, women_affected; /* jobs, long term */
};

struct automation_applied {
	size_t adjustment;     /* index into input adjustments */
	double computed;       /* value before the adjustment (at the time it applied) */
	double value;          /* value after it */
};

struct automation_result {
	const struct automation_input *in;   /* borrowed: what was computed */
	size_t nsectors, noccupations, napplied;
	struct automation_sector_result sector[AUTOMATION_MAX_SECTORS];
	double occ_risk[AUTOMATION_MAX_OCCUPATIONS][AUTO_NHORIZONS]; /* after adjustments */
	struct automation_applied applied[AUTOMATION_MAX_ADJUSTMENTS];
	double employed, men, women;         /* people */
	double affected[AUTO_NHORIZONS];     /* jobs, cumulative */
	double share[AUTO_NHORIZONS];        /* affected / employed */
	double period[AUTO_NPERIODS];        /* jobs */
	double split_jobs[AUTO_NOUTCOMES];   /* jobs, long term */
	double men_affected, women_affected; /* jobs, long term */
	double men_share_at_risk, women_share_at_risk; /* 0..1 */
	double fit_r, fit_slope, fit_intercept; /* risk on share of men, over sectors */
	size_t by_affected[AUTOMATION_MAX_SECTORS]; /* sector indices, most affected jobs first */
	size_t by_risk[AUTOMATION_MAX_SECTORS];     /* highest long-term risk first */
	size_t by_men[AUTOMATION_MAX_SECTORS];      /* highest share of men first */
	size_t by_women[AUTOMATION_MAX_SECTORS];    /* highest share of women first */
};

/* Load the automation datasets of the edition in edition_dir (sectors.csv,
 * employment.csv, occupations.csv, sector_occupations.csv, tasks.csv,
 * impact_split.csv, automation_adjustments.csv, automation_parameters.csv,
 * automation_published.csv) into *out and validate them across tables.
 * Reports every problem as FILE:LINE:COL. Returns 0, or -1 (status EXIT_DATA,
 * EXIT_SYS if a file cannot be read). Everything is owned by the arena. */
int automation_load(struct arena *a, const char *edition_dir, struct automation_input *out);

/* Same on tables already loaded with automation_schema(); used by
 * automation_load and by tests. */
int automation_build(struct arena *a, const struct dataset *sectors,
                     const struct dataset *employment, const struct dataset *occupations,
                     const struct dataset *sector_occupations, const struct dataset *tasks,
                     const struct dataset *impact_split, const struct dataset *adjustments,
                     const struct dataset *parameters, const struct dataset *published,
                     struct automation_input *out);

/* The schema of dataset name ("sectors", "employment", ...) or NULL. */
const struct dataset_schema *automation_schema(const char *name);

/* Compute the model. Pure: no I/O, no allocation. Returns 0, or -1 if the
 * input exceeds the limits above or has no employment. */
int automation_compute(const struct automation_input *in, struct automation_result *out);

/* Emit the figures and tables of templates/KEYS.md, section "Automation
 * exposure", the table automation_checks (every published figure against the
 * computed one) and the rows of the errata table, into fs. Strings are copied
 * into the figure store; r->in must still be valid. */
void automation_figures(const struct automation_result *r, struct figset *fs);

/* Append a row to the run's errata table. If fs has no table "errata" yet it
 * is created with the columns item, published, computed, note, unit, key,
 * location, item_es, note_es (the Spanish ones fall back to item and note
 * when NULL or empty); an existing one (made by another stage) gets the row in the
 * columns it has. published or computed NaN leaves the cell empty. Strings
 * are copied. Note that figset_table() with the name "errata" would replace
 * the table and its rows: other stages should append through this. */
void automation_errata_add(struct figset *fs, const char *item, double published,
                           double computed, const char *note, const char *unit,
                           const char *key, const char *location, const char *item_es,
                           const char *note_es);

/* Value of a computed figure by its key (the keys of automation_published.csv):
 * returns 0 and sets *v, or -1 if the key is not one the model computes. */
int automation_value(const struct automation_result *r, const char *key, double *v);

#endif
