/*
 * import: readers of the official raw files an analyst downloads every year,
 * and the task-level automation method run on them at full scale. A stage
 * before the edition: `reportgen import --raw DIR --out EDITION_DIR` turns the
 * raw files into an edition-like folder of CSVs (tasks with their assessed
 * likelihoods, occupations, sectors, readiness inputs, cross-check figures),
 * and, given an edition's occupation groups, that edition's tasks.csv.
 *
 * Sources (formats as published; see the raw folder's PROVENANCE.md):
 *   O*NET text database (TSV): Occupation Data.txt, Task Statements.txt
 *   Frey & Osborne (2013) probabilities, 702 SOC codes; and the copy with US
 *   employment May 2016 (plotly), whose damaged rows are reported, not fixed
 *   UN E-Government Survey 2016 (ISO3 code, OSI ...); World Bank WGI bulk CSV
 *   (wide, one column per year, UTF-8 BOM); Global Open Data Index 2016 scores;
 *   INEGI Intercensal 2015 population by state.
 * Every reader checks columns, codes and ranges through the data loader and
 * reports FILE:LINE:COL errors (EXIT_DATA), or EXIT_SYS when unreadable.
 * Results live in the arena passed in.
 */
#ifndef REPORTGEN_IMPORT_H
#define REPORTGEN_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include "base/base.h"

/* ---- task rules (rules.c) ---- */
/*
 * rules: the task assessment rules engine of the task-level automation method.
 * Sits between the O*NET importer (task statements) and the occupation model:
 * each task statement gets a likelihood of automation at three horizons
 * (within 5 years, within 15 years, long term; cumulative) from the first rule
 * whose pattern matches it, unless a per-task override (by O*NET Task ID)
 * sets it. Tasks that nothing matches are flagged, never given a silent default.
 *
 * The rules file (data/rules/task_rules.txt) is ours and human-editable:
 *   # comment
 *   ID  H5  H15  LONG  PATTERN
 * ID is [A-Za-z0-9_.-]+ and unique; H5 <= H15 <= LONG, each in 0..1; PATTERN is
 * the rest of the line, a PCRE2 pattern compiled with UTF, UCP and CASELESS
 * (JIT when available). Fields are separated by spaces or tabs. Rules are
 * tried in file order; the first match wins.
 */



struct arena;

/* Likelihoods of automation, shares 0..1, cumulative: h5 <= h15 <= lt. */
struct likelihood {
	double h5;    /* within 5 years */
	double h15;   /* within 15 years */
	double lt;    /* long term */
};

struct rule {
	const char *id;          /* arena-owned */
	struct likelihood p;
	const char *pattern;     /* arena-owned source text of the pattern */
	struct srcloc loc;       /* line of the rule, col of its id */
};

/* A compiled rule set. Opaque: it holds PCRE2 handles (see rules_free). */
struct rule_set;

/* A per-task override: wins over every rule. */
struct task_override {
	long task_id;            /* O*NET Task ID */
	struct likelihood p;
	const char *reason;      /* why (borrowed; usually arena-owned) */
	struct srcloc loc;       /* row of the overrides file */
};

/* A task to assess. text must be valid UTF-8 (validated once by the loader:
 * matching skips PCRE2's own check). */
struct task_in {
	long task_id;
	const char *text;
	size_t len;
};

enum assess_by {
	ASSESS_NONE,      /* no rule matched and no override: not assessed */
	ASSESS_RULE,
	ASSESS_OVERRIDE
};

struct task_assessment {
	enum assess_by by;
	struct likelihood p;     /* zeros when by == ASSESS_NONE */
	long rule;               /* index of the rule (ASSESS_RULE), else -1 */
	long override;           /* index into the overrides (ASSESS_OVERRIDE), else -1 */
};

struct rules_stats {
	size_t tasks;            /* tasks assessed */
	size_t by_rule;          /* set by a rule */
	size_t by_override;      /* set by an override */
	size_t unmatched;        /* neither */
	size_t overrides_unused; /* overrides naming no task in the input */
};

/* Parse and compile rules from text (name is used in messages). Reports every
 * bad line as name:line:col (unknown field, number out of 0..1, decreasing
 * likelihoods, duplicate id, pattern that does not compile: col of the
 * offending pattern character) and returns NULL (status EXIT_DATA). The result
 * lives in arena a except the PCRE2 handles: free them with rules_free. */
struct rule_set *rules_parse(struct arena *a, const char *name, const char *text, size_t len);
/* Same, reading path (EXIT_SYS if unreadable). */
struct rule_set *rules_load(struct arena *a, const char *path);
/* Release the PCRE2 handles. NULL is fine. */
void rules_free(struct rule_set *rs);

size_t rules_count(const struct rule_set *rs);
const struct rule *rules_get(const struct rule_set *rs, size_t i);
/* Whether the set was JIT-compiled (it falls back to the interpreter). */
bool rules_jit(const struct rule_set *rs);

/* Index of the first rule matching text[0..len) (valid UTF-8), or -1.
 * Returns -2 after reporting a matching failure such as a match limit hit by
 * a backtracking pattern (EXIT_DATA: the rule is at fault). */
long rules_match(const struct rule_set *rs, const char *text, size_t len);

/* Check one likelihood triple: 0..1 and non-decreasing. Returns 0 or -1
 * (no message). */
int rules_check_likelihood(const struct likelihood *p);

/* Assess tasks[0..n) into out[0..n): override by Task ID first, then the first
 * matching rule, else ASSESS_NONE. Overrides are checked (0..1, non-decreasing,
 * duplicate Task ID: errors at their loc) before any task; rule_hits, if not
 * NULL, gets per-rule match counts (rules_count entries). Scratch memory comes
 * from a. Returns 0, or -1 after reporting. Does not report unmatched tasks:
 * the caller lists them. */
int rules_assess(struct arena *a, const struct rule_set *rs,
                 const struct task_override *ov, size_t nov,
                 const struct task_in *tasks, size_t n, struct task_assessment *out,
                 size_t *rule_hits, struct rules_stats *st);





struct arena;
struct figset;

/* ---- O*NET ---- */

enum task_type {
	TASK_CORE,          /* weight 1.0 */
	TASK_SUPPLEMENTAL,  /* weight 0.5 */
	TASK_UNTYPED        /* "n/a" or empty in O*NET (analyst-written tasks with no
	                       incumbent ratings): weight 1.0, counted apart */
};

struct onet_occupation {
	const char *code;         /* O*NET-SOC "11-1011.00" */
	const char *title;
	struct srcloc loc;
	size_t first_task, ntasks; /* its tasks: onet.tasks[first_task ..), in file order */
};

struct onet_task {
	const char *code;         /* O*NET-SOC code of its occupation */
	long task_id;
	const char *text;         /* the task statement, valid UTF-8 */
	size_t len;
	enum task_type type;
	size_t occ;               /* index into onet.occ */
	struct srcloc loc;
};

struct onet {
	struct onet_occupation *occ;
	size_t nocc;
	struct onet_task *tasks;  /* grouped by occupation (file order kept within) */
	size_t ntasks;
	size_t nocc_with_tasks;
	size_t ncore, nsupp, nuntyped;   /* task types */
};

/* Read Occupation Data.txt and Task Statements.txt from dir. Task codes must
 * name an occupation; Task IDs must be unique. Returns 0 or -1. */
int import_onet(struct arena *a, const char *dir, struct onet *out);
/* The two files one by one (import_onet_tasks needs the occupations). */
int import_onet_occupations(struct arena *a, const char *path, struct onet *out);
int import_onet_tasks(struct arena *a, const char *path, struct onet *out);

/* Weight of a task type in its occupation's mean (1.0, 0.5, 1.0). */
double import_task_weight(enum task_type t);

/* ---- Frey & Osborne ---- */

struct fo_row {
	const char *soc;          /* SOC 2010 "11-1011" */
	const char *title;
	double prob;              /* probability of computerisation, 0..1 */
	double employed;          /* US employment May 2016 (plotly file), else NAN */
	bool damaged;             /* a row with shifted columns (plotly file) */
	struct srcloc loc;
};

struct fo_scores {
	struct fo_row *rows;
	size_t n;
	size_t ndamaged;          /* rows reported as shifted */
	double employed_total;    /* sum of numbEmployed (plotly file) */
};

/* The 702-row appendix table (Rank,Probability,Label,SOC code,Occupation). */
int import_fo(struct arena *a, const char *path, struct fo_scores *out);
/* The plotly copy with US employment: prob and numbEmployed are used; a row
 * whose employed_may2016 is not a number, or whose prob and probability
 * disagree, is reported as a warning with its line and marked damaged. */
int import_fo_employment(struct arena *a, const char *path, struct fo_scores *out);
/* Row index of a SOC code, or -1 (linear; tables are small). */
long import_fo_find(const struct fo_scores *t, const char *soc);

/* ---- Indicator tables ---- */

struct ind_row {
	const char *code;         /* ISO3 (NULL for name-keyed tables) */
	const char *name;
	double value;             /* NAN when the source has no value */
	struct srcloc loc;
	const char *text;         /* the value's cell as written in the raw file */
};

struct indicator {
	const char *name;         /* e.g. "UN OSI 2016" */
	struct ind_row *rows;
	size_t n;
};

/* UN E-Government Survey: one column (e.g. "osi") as the value, 0..1. */
int import_egov(struct arena *a, const char *path, const char *column, struct indicator *out);
/* WGI bulk CSV: rows whose Indicator Code is indicator (e.g. "GE.EST"), the
 * column of year (e.g. "2016"); estimates must lie within -3..3 (the WGI
 * scale is about -2.5..2.5). */
int import_wgi(struct arena *a, const char *path, const char *indicator, const char *year,
               struct indicator *out);
/* Global Open Data Index (country,odi 0..100), keyed by GODI's names. */
int import_odi(struct arena *a, const char *path, struct indicator *out);
/* INEGI population by state (Entidad,Habitantes2015), keyed by name. */
int import_inegi(struct arena *a, const char *path, struct indicator *out);
/* Our list of OECD members (iso3,name,odi_name): value unused. */
int import_oecd(struct arena *a, const char *path, struct indicator *out,
                const char ***odi_names);
/* Row of code (or of name when the table has no codes), or -1. */
long import_ind_find(const struct indicator *t, const char *key);

/* ---- The task model ---- */

struct occ_score {
	const char *code;          /* O*NET-SOC */
	const char *title;
	size_t ntasks, nassessed;  /* tasks, of which assessed (rule or override) */
	double weight;             /* sum of weights of assessed tasks */
	struct likelihood p;       /* weighted mean over assessed tasks */
	bool scored;               /* at least one assessed task */
};

/* Occupation likelihood = sum(w_t * p_t) / sum(w_t) over its assessed tasks,
 * w = import_task_weight (Core 1.0, Supplemental 0.5, untyped 1.0); unmatched
 * tasks are left out of the mean. out has onet->nocc entries. */
void import_occupations(const struct onet *onet, const struct task_assessment *ta,
                        struct occ_score *out);

/* SOC 2010 code of an O*NET-SOC code: "11-1011.03" -> "11-1011" (arena). */
const char *import_soc(struct arena *a, const char *onet_code);

/* Spearman rank correlation of x and y (n >= 2), ties given their average
 * rank; NAN when either has no variance. */
double import_spearman(struct arena *a, const double *x, const double *y, size_t n);
/* Standard competition ranks (1, 2, 2, 4): rank[i] = 1 + number of values
 * strictly better than v[i]; higher_better chooses the direction. */
void import_ranks(const double *v, size_t n, bool higher_better, int *rank);

/* ---- Sectors ---- */

struct sector_link {
	const char *soc_major;     /* "11" .. "55" */
	const char *sector;        /* our sector code */
	const char *sector_name;
	double share;              /* share of the major group's jobs in that sector */
	struct srcloc loc;
};

struct crosswalk {
	struct sector_link *links;
	size_t n;
};

/* data/rules/soc_major_to_sector.csv: soc_major,sector,sector_name,share,
 * provenance,note; shares of each major group must sum to 1 (within 1e-6). */
int import_crosswalk(struct arena *a, const char *path, struct crosswalk *out);

/* ---- The whole import ---- */

struct import_opts {
	const char *raw_dir;       /* folder with the raw files (PROVENANCE.md names) */
	const char *out_dir;       /* edition folder to write (created) */
	const char *rules_path;    /* default data/rules/task_rules.txt */
	const char *overrides_path;/* default data/rules/task_overrides.csv */
	const char *crosswalk_path;/* default data/rules/soc_major_to_sector.csv */
	const char *oecd_path;     /* default data/rules/oecd_members_2017.csv */
	const char *edition_dir;   /* an edition whose occupations.csv groups SOC major
	                              groups (code,soc "11|13"): when set, the edition's
	                              tasks.csv is also written, in its own format */
	bool readiness_only;       /* read only the readiness raw files named by the
	                              edition's readiness_metrics.csv (and --oecd) and
	                              write only readiness_values.csv (needs edition_dir) */
	const char *inputs_path;   /* the raw files by name and year (import.csv);
	                              NULL: EDITION/import.csv when --edition has
	                              one, else the 2018 edition's inputs */
	bool quiet;                /* no progress notes */
};

/* The raw inputs of the import, by name (the rows of an import.csv). */
enum import_input {
	IMPORT_ONET, IMPORT_FO, IMPORT_US_EMPLOYMENT, IMPORT_EGOV, IMPORT_WGI,
	IMPORT_OPEN_DATA, IMPORT_POPULATION, IMPORT_NINPUTS
};

struct import_inputs {
	const char *file[IMPORT_NINPUTS];   /* relative to --raw */
	const char *year[IMPORT_NINPUTS];   /* the year its values describe */
};

/* The inputs of an import.csv (input,file,year,provenance,source; every
 * input named once), or, for path NULL, the 2018 edition's. Returns 0, or -1
 * after reporting (FILE:LINE:COL). */
int import_inputs_load(struct arena *a, const char *path, struct import_inputs *in);

/* What a run found: the figures it reports (also written to figures.csv). */
struct import_result {
	size_t occupations, occupations_with_tasks, tasks;
	size_t core, supplemental, untyped;
	struct rules_stats stats;
	size_t rules;
	size_t occ_scored;         /* occupations with at least one assessed task */
	size_t fo_rows, fo_emp_rows, fo_damaged;
	size_t fo_disagree;        /* SOC codes whose probability differs between the
	                              two Frey & Osborne copies, or missing in one */
	size_t states;             /* INEGI rows */
	double population;         /* their sum */
	size_t matched_soc;        /* SOC codes with both our score and F&O's */
	double spearman;           /* our long-term score against F&O probability */
	double us_high_risk_share; /* US employment with F&O prob > 0.7 / total */
	double us_employment;      /* sum of numbEmployed */
	double ours_us_employment; /* of the SOC codes we score */
	double ours_us_high_risk_share; /* our long term > 0.7, employment-weighted */
	double ours_us_expected_share;  /* employment-weighted mean of our long term */
	size_t oecd;               /* OECD members found in every indicator */
	int mex_rank_osi, mex_rank_ge;
	double t_import_s, t_assess_s, t_model_s; /* seconds (monotonic clock) */
	double cpu_s;              /* CPU seconds of the three, process clock */
	size_t edition_left_out;   /* scored occupations not in the edition's tasks.csv */
	size_t readiness_values;   /* rows of readiness_values.csv written */
	size_t readiness_missing;  /* country x metric cells the raw files lack */
};

/* Run every importer and the model on opts->raw_dir; when out_dir is set,
 * STAGE the edition's files there (outfile_stage: the caller commits them
 * with outfile_commit, or drops them with outfile_abort). Returns 0, or -1
 * after reporting (nothing staged when an input is bad). */
int import_run(struct arena *a, const struct import_opts *opts, struct import_result *res);

/* Add every figure of an import_figures.csv (key,value,unit,source,formula,
 * as written by import_run) to fs, e.g. from an edition folder into the run's
 * figures. Returns 0, or -1 after reporting (EXIT_DATA, EXIT_SYS). */
int import_figures_load(struct arena *a, const char *path, struct figset *fs);

/* ---- State data (states.c) ---- */

struct import_states_opts {
	const char *raw_dir;       /* data/raw/states: the files as published */
	const char *out_dir;       /* the edition folder written */
	const char *edition_dir;   /* whose states.csv (slug, inegi_code) and
	                              automation_parameters.csv (data_year) are read;
	                              NULL: out_dir */
	int year;                  /* reference year; 0: the edition's data_year */
	int span;                  /* years before it kept for the changes; 0: 5 */
};

/* Read the state raw files and STAGE state_indicators.csv and
 * state_gdp_sectors.csv in out_dir. Every problem is reported (FILE:LINE:COL)
 * and nothing is staged; returns 0 or -1. */
int import_states(struct arena *a, const struct import_states_opts *o);

/* `reportgen import --raw DIR --out EDITION_DIR [--edition DIR] [--rules F]
 * [--overrides F] [--crosswalk F] [--oecd F] [--quiet]`, or `reportgen import
 * --states DIR --out EDITION_DIR [--edition DIR] [--year Y] [--span N]`; argv[0] is "import". A whole run:
 * checks the output folder, imports, commits the staged files (or aborts).
 * Returns an exit status (diag.h). */
int import_main(int argc, char **argv);

#endif
