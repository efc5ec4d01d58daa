/*
 * import/run: `reportgen import`. Reads every raw source, assesses all O*NET
 * tasks with the rules, runs the occupation and sector model and the
 * cross-checks, and stages an edition-like folder of CSVs through outfile.h.
 * Nothing is staged unless every input was read without error; import_main
 * commits the staged files when the run succeeded and removes them otherwise.
 */
#include "import/import.h"

#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/base.h"
#include "load/load.h"

#define HIGH_RISK 0.7        /* Frey & Osborne's "high risk" threshold */
#define FO_PUBLISHED 0.47    /* their published share of US employment at high risk */

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now_s(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* CPU time of the process: the figure that does not depend on the load of a
 * shared machine. */
static double cpu_s(void)
{
	return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

/* ---- CSV output ---- */

static void csv_text(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	if (strpbrk(s, ",\"\r\n") == NULL && (n == 0 || (s[0] != ' ' && s[n - 1] != ' '))) {
		buf_add(b, s, n);
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static void csv_num(struct buf *b, double v, int prec)
{
	if (isnan(v))
		return;   /* empty cell: no value */
	buf_printf(b, "%.*f", prec, v);
}

static void csv_sep(struct buf *b)
{
	buf_putc(b, ',');
}

static void csv_end(struct buf *b)
{
	buf_putc(b, '\n');
}

static void csv_p(struct buf *b, const struct likelihood *p, bool have)
{
	csv_num(b, have ? p->h5 : NAN, 4);
	csv_sep(b);
	csv_num(b, have ? p->h15 : NAN, 4);
	csv_sep(b);
	csv_num(b, have ? p->lt : NAN, 4);
}

/* One output file of the edition, held until every file is ready. */
struct outf {
	const char *name;
	struct buf b;
};

enum {
	OUT_TASKS, OUT_UNMATCHED, OUT_RULES, OUT_OCC, OUT_SOC, OUT_SECTORS, OUT_READY,
	OUT_STATES, OUT_FIGURES, OUT_EDITION_TASKS, OUT_READY_VALUES, OUT_N
};

static const char *const out_names[OUT_N] = {
	"onet_tasks.csv", "onet_unmatched_tasks.csv", "rules_coverage.csv",
	"onet_occupations.csv", "soc_scores.csv", "sector_scores.csv", "readiness_inputs.csv",
	"states_population.csv", "import_figures.csv",
	"tasks.csv",   /* the edition's own format; only with opts->edition_dir */
	"readiness_values.csv",  /* only with an edition that has readiness_metrics.csv */
};

/* Stage every file of the edition (committed by the caller: outfile.h). */
static int stage_all(struct arena *a, const char *dir, struct outf *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *path = arena_printf(a, "%s/%s", dir, o[i].name);

		if (outfile_stage(path, o[i].b.data ? o[i].b.data : "", o[i].b.len) < 0)
			return -1;
	}
	return 0;
}

/* ---- import_figures.csv (same columns as the run's figures.csv) ---- */

static void figure(struct buf *b, const char *key, double v, int prec, const char *unit,
                   const char *source, const char *formula)
{
	csv_text(b, key);
	csv_sep(b);
	csv_num(b, v, prec);
	csv_sep(b);
	csv_text(b, unit);
	csv_sep(b);
	csv_text(b, source);
	csv_sep(b);
	csv_text(b, formula);
	csv_end(b);
}

/* ---- overrides ---- */

static const struct col_schema ov_cols[] = {
	{ .name = "task_id", .type = COL_INT, .required = true, .key = true,
	  .has_min = true, .min = 1 },
	{ .name = "h5", .type = COL_NUM, .required = true,
	  .has_min = true, .min = 0, .has_max = true, .max = 1 },
	{ .name = "h15", .type = COL_NUM, .required = true,
	  .has_min = true, .min = 0, .has_max = true, .max = 1 },
	{ .name = "long", .type = COL_NUM, .required = true,
	  .has_min = true, .min = 0, .has_max = true, .max = 1 },
	{ .name = "reason", .type = COL_TEXT, .required = true },
};
static const struct dataset_schema ov_schema = { "task overrides", ov_cols, 5, ',', false };

static int load_overrides(struct arena *a, const char *path, struct task_override **ov,
                          size_t *n)
{
	struct dataset t;

	*ov = NULL;
	*n = 0;
	if (data_load(a, path, &ov_schema, &t) < 0)
		return -1;
	*ov = arena_calloc(a, t.nrows ? t.nrows : 1, sizeof **ov);
	for (size_t r = 0; r < t.nrows; r++) {
		(*ov)[r].task_id = (long)dataset_num(&t, r, 0);
		(*ov)[r].p = (struct likelihood){ dataset_num(&t, r, 1), dataset_num(&t, r, 2),
		                                  dataset_num(&t, r, 3) };
		(*ov)[r].reason = dataset_text(&t, r, 4);
		(*ov)[r].loc = dataset_loc(&t, r, 0);
	}
	*n = t.nrows;
	return 0;
}

/* ---- SOC level ---- */

struct soc_score {
	const char *soc;
	const char *title;           /* of its first O*NET occupation */
	struct buf codes;            /* O*NET-SOC codes averaged, ';'-separated */
	size_t nsub;                 /* scored O*NET occupations averaged */
	struct likelihood p;         /* unweighted mean over them */
	double fo_prob;              /* NAN when F&O has no such code */
	double employed;             /* US employment (import.csv's year), NAN when absent */
	bool damaged;
};

/* An occupation group of the edition (its occupations.csv): the SOC major
 * groups it covers. */
struct edition_group {
	const char *code;
	const char *soc;             /* "11|13" */
	struct srcloc loc;
	double employed;             /* US employment of its scored occupations */
	size_t ntasks;
};

/* The run's state, shared by the steps below. */
struct run {
	struct arena *a;
	const struct import_opts *o;
	struct import_result *res;
	struct onet onet;
	struct fo_scores fo, foe;
	struct indicator osi, ge, odi, pop, oecd;
	const char **odi_names;
	struct crosswalk xw;
	struct rule_set *rules;
	struct task_override *ov;
	size_t nov;
	struct task_assessment *ta;
	size_t *hits;
	struct occ_score *occ;
	struct soc_score *soc;
	size_t nsoc;
	double *osi_v, *ge_v;
	int *osi_rank, *ge_rank;
	struct edition_group *groups;   /* occupation groups of opts->edition_dir */
	size_t ngroups;
	struct ready_spec *rspec;       /* the edition's readiness indicators */
	size_t nrspec;
	bool have_rspec;
	struct import_inputs in;        /* the raw files by name and year */
	struct outf out[OUT_N];
};

static const char *raw(struct run *r, const char *name)
{
	return arena_printf(r->a, "%s/%s", r->o->raw_dir, name);
}

/* The raw file of input k, as import.csv names it. */
static const char *raw_input(struct run *r, enum import_input k)
{
	return raw(r, r->in.file[k]);
}

/* ---- the inputs by name and year (import.csv) ---- */

static const char *const input_names[IMPORT_NINPUTS] = {
	"onet", "frey_osborne", "us_employment", "egov", "wgi", "open_data", "population"
};

/* The 2018 edition's inputs: what an import without an import.csv reads. */
static const char *const default_files[IMPORT_NINPUTS] = {
	"onet_18_1_text", "frey_osborne_2013_prob_computerisation_702.csv",
	"frey_osborne_prob_with_bls_may2016_employment.csv", "un_egdi_2016.csv",
	"worldbank_wgi_1996_2022_all_indicators.csv", "global_open_data_index_2016_scores.csv",
	"inegi_intercensal2015_population_by_state.csv"
};
static const char *const default_years[IMPORT_NINPUTS] = {
	"2014", "2013", "2016", "2016", "2016", "2016", "2015"
};

static const struct col_schema input_cols[] = {
	{ .name = "input", .type = COL_ENUM, .required = true, .key = true,
	  .enum_values = "onet|frey_osborne|us_employment|egov|wgi|open_data|population" },
	{ .name = "file", .type = COL_TEXT, .required = true },
	{ .name = "year", .type = COL_INT, .required = true, .has_min = true, .min = 1990,
	  .has_max = true, .max = 2100 },
	PROVENANCE_COLS
};
static const struct dataset_schema input_schema = {
	"import", input_cols, sizeof input_cols / sizeof input_cols[0], ',', false
};

int import_inputs_load(struct arena *a, const char *path, struct import_inputs *in)
{
	struct dataset t;
	size_t k, r;
	int bad = 0;

	for (k = 0; k < IMPORT_NINPUTS; k++) {
		in->file[k] = default_files[k];
		in->year[k] = default_years[k];
	}
	if (path == NULL)
		return 0;
	if (data_load(a, path, &input_schema, &t) != 0)
		return -1;
	for (k = 0; k < IMPORT_NINPUTS; k++) {
		long row = dataset_find(&t, 0, input_names[k]);

		if (row < 0) {
			struct srcloc loc = { path, 0, 0 };

			diag_error(&loc, EXIT_DATA, "no row for the input '%s'", input_names[k]);
			bad = 1;
			continue;
		}
		in->file[k] = dataset_text(&t, (size_t)row, 1);
		in->year[k] = dataset_text(&t, (size_t)row, 2);
	}
	for (r = 0; r < t.nrows; r++) {
		const char *f = dataset_text(&t, r, 1);

		if (f[0] == '/' || strstr(f, "..") != NULL) {
			dataset_error(&t, r, 1, "'%s' is not a file inside the raw folder", f);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

static const struct col_schema group_cols[] = {
	{ .name = "code", .type = COL_CODE, .required = true, .key = true },
	{ .name = "soc", .type = COL_TEXT, .required = true },
};
static const struct dataset_schema group_schema = {
	"edition occupations", group_cols, 2, ',', true
};

/* The edition's occupation groups; each SOC major group in at most one. */
static int load_groups(struct run *r)
{
	struct dataset t;
	int bad = 0;

	if (data_load(r->a, arena_printf(r->a, "%s/occupations.csv", r->o->edition_dir),
	              &group_schema, &t) < 0)
		return -1;
	r->groups = arena_calloc(r->a, t.nrows + 1, sizeof *r->groups);
	for (size_t i = 0; i < t.nrows; i++) {
		const char *soc = dataset_text(&t, i, 1);

		for (const char *p = soc; *p; p += 3) {
			if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9') ||
			    (p[2] != '|' && p[2] != '\0')) {
				struct srcloc loc = dataset_loc(&t, i, 1);

				diag_error(&loc, EXIT_DATA, "soc '%s' is not a list of SOC major groups "
				           "(e.g. 11|13)", soc);
				bad++;
				break;
			}
			for (size_t j = 0; j < i; j++) {
				if (strstr(r->groups[j].soc, arena_strndup(r->a, p, 2)) != NULL) {
					struct srcloc loc = dataset_loc(&t, i, 1);

					diag_error(&loc, EXIT_DATA, "SOC major group %.2s is already in "
					           "occupation '%s'", p, r->groups[j].code);
					bad++;
				}
			}
			if (p[2] == '\0')
				break;
		}
		r->groups[i] = (struct edition_group){ dataset_text(&t, i, 0), soc,
		                                       dataset_loc(&t, i, 0), 0, 0 };
	}
	r->ngroups = t.nrows;
	return bad ? -1 : 0;
}

/* Index of the group covering SOC major group "NN", or -1. */
static long group_of(const struct run *r, const char *soc)
{
	for (size_t g = 0; g < r->ngroups; g++)
		for (const char *p = r->groups[g].soc; strlen(p) >= 2; p += 3)
			if (p[0] == soc[0] && p[1] == soc[1])
				return (long)g;
	return -1;
}

/* ---- readiness indicators ---- */

/* A readiness metric of the edition and the raw column that measures it. */
struct ready_spec {
	const char *metric, *reader, *file, *field, *year, *source;
	struct srcloc loc;
	struct indicator ind;        /* read from the raw file (reader != none) */
};

static const struct col_schema rspec_cols[] = {
	{ .name = "code", .type = COL_CODE, .required = true, .key = true },
	{ .name = "reader", .type = COL_ENUM, .required = true,
	  .enum_values = "egov|wgi|odi|none" },
	{ .name = "raw_file", .type = COL_TEXT },
	{ .name = "raw_field", .type = COL_TEXT },
	{ .name = "raw_year", .type = COL_TEXT },
	{ .name = "indicator_source", .type = COL_TEXT },
};
static const struct dataset_schema rspec_schema = {
	"readiness metrics", rspec_cols, sizeof rspec_cols / sizeof rspec_cols[0], ',', true
};

static int file_exists(const char *path)
{
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		return 0;
	fclose(fp);
	return 1;
}

/* The edition's readiness_metrics.csv, and each metric's raw indicator. */
static int read_readiness_specs(struct run *r)
{
	const char *path = arena_printf(r->a, "%s/readiness_metrics.csv", r->o->edition_dir);
	struct dataset t;
	int bad = 0;

	if (!file_exists(path)) {
		if (!r->o->readiness_only)
			return 0;
	}
	if (data_load(r->a, path, &rspec_schema, &t) < 0)
		return -1;
	r->have_rspec = true;
	r->rspec = arena_calloc(r->a, t.nrows + 1, sizeof *r->rspec);
	for (size_t i = 0; i < t.nrows; i++) {
		struct ready_spec *s = &r->rspec[r->nrspec];

		s->metric = dataset_text(&t, i, 0);
		s->reader = dataset_text(&t, i, 1);
		s->file = dataset_text(&t, i, 2);
		s->field = dataset_text(&t, i, 3);
		s->year = dataset_text(&t, i, 4);
		s->source = dataset_text(&t, i, 5);
		s->loc = dataset_loc(&t, i, 1);
		if (strcmp(s->reader, "none") == 0)
			continue;
		r->nrspec++;
		if (s->file[0] == '\0' || s->source[0] == '\0' ||
		    (strcmp(s->reader, "odi") != 0 && s->field[0] == '\0') ||
		    (strcmp(s->reader, "wgi") == 0 && s->year[0] == '\0')) {
			diag_error(&s->loc, EXIT_DATA, "metric '%s' (reader %s) needs raw_file, "
			           "indicator_source%s", s->metric, s->reader,
			           strcmp(s->reader, "wgi") == 0 ? ", raw_field and raw_year" :
			           strcmp(s->reader, "egov") == 0 ? " and raw_field" : "");
			bad++;
			continue;
		}
		if (strcmp(s->reader, "egov") == 0)
			bad |= import_egov(r->a, raw(r, s->file), s->field, &s->ind) < 0;
		else if (strcmp(s->reader, "wgi") == 0)
			bad |= import_wgi(r->a, raw(r, s->file), s->field, s->year, &s->ind) < 0;
		else
			bad |= import_odi(r->a, raw(r, s->file), &s->ind) < 0;
	}
	return bad ? -1 : 0;
}

static void out_readiness_values(struct run *r)
{
	struct buf *b = &r->out[OUT_READY_VALUES].b;

	buf_puts(b, "country,metric,value,raw_file,raw_line,provenance,source\n");
	for (size_t m = 0; m < r->nrspec; m++) {
		const struct ready_spec *s = &r->rspec[m];
		bool by_name = strcmp(s->reader, "odi") == 0;

		for (size_t i = 0; i < r->oecd.n; i++) {
			const char *key = by_name ? r->odi_names[i] : r->oecd.rows[i].code;
			long x = key != NULL ? import_ind_find(&s->ind, key) : -1;

			if (x < 0 || isnan(s->ind.rows[x].value)) {
				r->res->readiness_missing++;
				continue;
			}
			buf_printf(b, "%s,%s,", r->oecd.rows[i].code, s->metric);
			/* the raw file's own digits */
			csv_text(b, s->ind.rows[x].text);
			csv_sep(b);
			csv_text(b, s->file);
			buf_printf(b, ",%d,official,", s->ind.rows[x].loc.line);
			csv_text(b, s->source);
			csv_end(b);
			r->res->readiness_values++;
		}
	}
}


static int read_sources(struct run *r)
{
	struct arena *a = r->a;
	int bad = 0;

	bad |= import_onet(a, raw_input(r, IMPORT_ONET), &r->onet) < 0;
	bad |= import_fo(a, raw_input(r, IMPORT_FO), &r->fo) < 0;
	bad |= import_fo_employment(a, raw_input(r, IMPORT_US_EMPLOYMENT), &r->foe) < 0;
	bad |= import_egov(a, raw_input(r, IMPORT_EGOV), "osi", &r->osi) < 0;
	bad |= import_wgi(a, raw_input(r, IMPORT_WGI), "GE.EST", r->in.year[IMPORT_WGI], &r->ge) < 0;
	bad |= import_odi(a, raw_input(r, IMPORT_OPEN_DATA), &r->odi) < 0;
	bad |= import_inegi(a, raw_input(r, IMPORT_POPULATION), &r->pop) < 0;
	bad |= import_oecd(a, r->o->oecd_path, &r->oecd, &r->odi_names) < 0;
	bad |= import_crosswalk(a, r->o->crosswalk_path, &r->xw) < 0;
	bad |= load_overrides(a, r->o->overrides_path, &r->ov, &r->nov) < 0;
	r->rules = rules_load(a, r->o->rules_path);
	bad |= r->rules == NULL;
	if (r->o->edition_dir != NULL)
		bad |= load_groups(r) < 0;
	if (r->o->edition_dir != NULL)
		bad |= read_readiness_specs(r) < 0;
	return bad ? -1 : 0;
}

/* The two Frey & Osborne copies must agree: each probability of the
 * employment copy is checked against the appendix table. */
static void compare_fo(struct run *r)
{
	for (size_t i = 0; i < r->foe.n; i++) {
		const struct fo_row *e = &r->foe.rows[i];
		long f = import_fo_find(&r->fo, e->soc);

		if (f < 0) {
			diag_warn(&e->loc, "%s is not in the Frey & Osborne appendix table", e->soc);
			r->res->fo_disagree++;
		} else if (fabs(r->fo.rows[f].prob - e->prob) > 1e-9) {
			diag_warn(&e->loc, "probability of %s is %g here but %g in the appendix "
			          "table", e->soc, e->prob, r->fo.rows[f].prob);
			r->res->fo_disagree++;
		}
	}
	for (size_t i = 0; i < r->fo.n; i++) {
		if (import_fo_find(&r->foe, r->fo.rows[i].soc) < 0) {
			diag_warn(&r->fo.rows[i].loc, "%s is not in the copy with US employment",
			          r->fo.rows[i].soc);
			r->res->fo_disagree++;
		}
	}
}

static int assess(struct run *r)
{
	struct task_in *in = arena_calloc(r->a, r->onet.ntasks + 1, sizeof *in);

	for (size_t i = 0; i < r->onet.ntasks; i++)
		in[i] = (struct task_in){ r->onet.tasks[i].task_id, r->onet.tasks[i].text,
		                          r->onet.tasks[i].len };
	r->ta = arena_calloc(r->a, r->onet.ntasks + 1, sizeof *r->ta);
	r->hits = arena_calloc(r->a, rules_count(r->rules) + 1, sizeof *r->hits);
	return rules_assess(r->a, r->rules, r->ov, r->nov, in, r->onet.ntasks, r->ta, r->hits,
	                    &r->res->stats);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Average the scored O*NET occupations of each SOC 2010 code. */
static void soc_level(struct run *r)
{
	size_t n = 0;
	const char **socs = arena_calloc(r->a, r->onet.nocc + 1, sizeof *socs);

	for (size_t i = 0; i < r->onet.nocc; i++)
		if (r->occ[i].scored)
			socs[n++] = import_soc(r->a, r->occ[i].code);
	qsort(socs, n, sizeof *socs, cmp_str);
	r->soc = arena_calloc(r->a, n + 1, sizeof *r->soc);
	r->nsoc = 0;
	for (size_t i = 0; i < n; i++)
		if (r->nsoc == 0 || strcmp(r->soc[r->nsoc - 1].soc, socs[i]) != 0)
			r->soc[r->nsoc++].soc = socs[i];
	for (size_t i = 0; i < r->onet.nocc; i++) {
		const struct occ_score *o = &r->occ[i];
		struct soc_score *s, key;

		if (!o->scored)
			continue;
		/* soc is the first member: cmp_str reads it through the pointer. */
		key.soc = import_soc(r->a, o->code);
		s = bsearch(&key, r->soc, r->nsoc, sizeof *r->soc, cmp_str);
		if (s->nsub == 0)
			s->title = o->title;
		else
			buf_putc(&s->codes, ';');
		buf_puts(&s->codes, o->code);
		s->nsub++;
		s->p.h5 += o->p.h5;
		s->p.h15 += o->p.h15;
		s->p.lt += o->p.lt;
	}
	for (size_t i = 0; i < r->nsoc; i++) {
		struct soc_score *s = &r->soc[i];
		long f = import_fo_find(&r->fo, s->soc);
		long e = import_fo_find(&r->foe, s->soc);

		s->p.h5 /= (double)s->nsub;
		s->p.h15 /= (double)s->nsub;
		s->p.lt /= (double)s->nsub;
		s->fo_prob = f >= 0 ? r->fo.rows[f].prob : NAN;
		s->employed = e >= 0 ? r->foe.rows[e].employed : NAN;
		s->damaged = e >= 0 && r->foe.rows[e].damaged;
	}
}

static void crosschecks(struct run *r)
{
	struct import_result *res = r->res;
	double *x = arena_calloc(r->a, r->nsoc + 1, sizeof *x);
	double *y = arena_calloc(r->a, r->nsoc + 1, sizeof *y);
	double high = 0, tot = 0;
	size_t m = 0;

	for (size_t i = 0; i < r->nsoc; i++) {
		if (isnan(r->soc[i].fo_prob))
			continue;
		x[m] = r->soc[i].p.lt;
		y[m] = r->soc[i].fo_prob;
		m++;
	}
	res->matched_soc = m;
	res->spearman = import_spearman(r->a, x, y, m);
	for (size_t i = 0; i < r->foe.n; i++) {
		tot += r->foe.rows[i].employed;
		if (r->foe.rows[i].prob > HIGH_RISK)
			high += r->foe.rows[i].employed;
	}
	res->us_employment = tot;
	res->us_high_risk_share = tot > 0 ? high / tot : NAN;
	/* The same measures on our scores, over the SOC codes we score that have
	 * US employment. */
	high = tot = 0;
	double expected = 0;
	for (size_t i = 0; i < r->nsoc; i++) {
		const struct soc_score *s = &r->soc[i];

		if (isnan(s->employed))
			continue;
		tot += s->employed;
		expected += s->employed * s->p.lt;
		if (s->p.lt > HIGH_RISK)
			high += s->employed;
	}
	res->ours_us_employment = tot;
	res->ours_us_high_risk_share = tot > 0 ? high / tot : NAN;
	res->ours_us_expected_share = tot > 0 ? expected / tot : NAN;
}

/* Ranks of the OECD members on the UN Online Service Index and the WGI
 * government effectiveness estimate (of the years import.csv names). */
static int readiness(struct run *r)
{
	size_t n = r->oecd.n;
	int bad = 0;

	r->osi_v = arena_calloc(r->a, n + 1, sizeof *r->osi_v);
	r->ge_v = arena_calloc(r->a, n + 1, sizeof *r->ge_v);
	r->osi_rank = arena_calloc(r->a, n + 1, sizeof *r->osi_rank);
	r->ge_rank = arena_calloc(r->a, n + 1, sizeof *r->ge_rank);
	for (size_t i = 0; i < n; i++) {
		const struct ind_row *c = &r->oecd.rows[i];
		long o = import_ind_find(&r->osi, c->code);
		long g = import_ind_find(&r->ge, c->code);

		if (o < 0 || g < 0 || isnan(r->ge.rows[g].value)) {
			diag_error(&c->loc, EXIT_DATA, "OECD member %s has no %s %s value", c->code,
			           o < 0 ? "UN OSI" : "WGI GE.EST",
			           r->in.year[o < 0 ? IMPORT_EGOV : IMPORT_WGI]);
			bad++;
			continue;
		}
		r->osi_v[i] = r->osi.rows[o].value;
		r->ge_v[i] = r->ge.rows[g].value;
	}
	if (bad)
		return -1;
	import_ranks(r->osi_v, n, true, r->osi_rank);
	import_ranks(r->ge_v, n, true, r->ge_rank);
	r->res->oecd = n;
	r->res->mex_rank_osi = r->res->mex_rank_ge = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(r->oecd.rows[i].code, "MEX") == 0) {
			r->res->mex_rank_osi = r->osi_rank[i];
			r->res->mex_rank_ge = r->ge_rank[i];
		}
	}
	return 0;
}

/* ---- the edition's files ---- */

static const char *type_name(enum task_type t)
{
	return t == TASK_CORE ? "Core" : t == TASK_SUPPLEMENTAL ? "Supplemental" : "n/a";
}

static void out_tasks(struct run *r)
{
	struct buf *b = &r->out[OUT_TASKS].b, *u = &r->out[OUT_UNMATCHED].b;

	buf_puts(b, "onet_soc,task_id,task_type,weight,h5,h15,long,set_by,rule,task\n");
	buf_puts(u, "onet_soc,task_id,task_type,task\n");
	for (size_t i = 0; i < r->onet.ntasks; i++) {
		const struct onet_task *t = &r->onet.tasks[i];
		const struct task_assessment *a = &r->ta[i];

		buf_printf(b, "%s,%ld,%s,%.1f,", t->code, t->task_id, type_name(t->type),
		           import_task_weight(t->type));
		csv_p(b, &a->p, a->by != ASSESS_NONE);
		if (a->by == ASSESS_RULE)
			buf_printf(b, ",rule,%s,", rules_get(r->rules, (size_t)a->rule)->id);
		else if (a->by == ASSESS_OVERRIDE)
			buf_printf(b, ",override,line %d,", r->ov[a->override].loc.line);
		else
			buf_puts(b, ",none,,");
		csv_text(b, t->text);
		csv_end(b);
		if (a->by == ASSESS_NONE) {
			buf_printf(u, "%s,%ld,%s,", t->code, t->task_id, type_name(t->type));
			csv_text(u, t->text);
			csv_end(u);
		}
	}
}

static void out_rules(struct run *r)
{
	struct buf *b = &r->out[OUT_RULES].b;

	buf_puts(b, "rule,line,h5,h15,long,tasks\n");
	for (size_t i = 0; i < rules_count(r->rules); i++) {
		const struct rule *ru = rules_get(r->rules, i);

		buf_printf(b, "%s,%d,", ru->id, ru->loc.line);
		csv_p(b, &ru->p, true);
		buf_printf(b, ",%zu\n", r->hits[i]);
	}
	buf_printf(b, "(override),,,,,%zu\n(unmatched),,,,,%zu\n", r->res->stats.by_override,
	           r->res->stats.unmatched);
}

static void out_occupations(struct run *r)
{
	struct buf *b = &r->out[OUT_OCC].b;

	buf_puts(b, "onet_soc,soc,title,tasks,assessed,h5,h15,long\n");
	for (size_t i = 0; i < r->onet.nocc; i++) {
		const struct occ_score *o = &r->occ[i];

		buf_printf(b, "%s,%.7s,", o->code, o->code);
		csv_text(b, o->title);
		buf_printf(b, ",%zu,%zu,", o->ntasks, o->nassessed);
		csv_p(b, &o->p, o->scored);
		csv_end(b);
	}
}

static void out_soc(struct run *r)
{
	struct buf *b = &r->out[OUT_SOC].b;

	buf_printf(b, "soc,title,onet_codes,h5,h15,long,fo_probability,us_employment_%s,"
	           "fo_row_damaged\n", r->in.year[IMPORT_US_EMPLOYMENT]);
	for (size_t i = 0; i < r->nsoc; i++) {
		struct soc_score *s = &r->soc[i];

		buf_printf(b, "%s,", s->soc);
		csv_text(b, s->title);
		csv_sep(b);
		csv_text(b, buf_cstr(&s->codes));
		csv_sep(b);
		csv_p(b, &s->p, true);
		csv_sep(b);
		csv_num(b, s->fo_prob, 4);
		csv_sep(b);
		csv_num(b, s->employed, 0);
		buf_printf(b, ",%s\n", s->damaged ? "yes" : "no");
	}
}

/* Sector likelihood = US-employment-weighted mean of its SOC codes' scores,
 * each SOC counted in the sectors of its major group by the crosswalk share. */
static void out_sectors(struct run *r)
{
	struct buf *b = &r->out[OUT_SECTORS].b;
	size_t n = r->xw.n;
	double *emp = arena_calloc(r->a, n + 1, sizeof *emp);
	struct likelihood *acc = arena_calloc(r->a, n + 1, sizeof *acc);
	size_t *cnt = arena_calloc(r->a, n + 1, sizeof *cnt);
	size_t nomajor = 0;

	for (size_t i = 0; i < r->nsoc; i++) {
		const struct soc_score *s = &r->soc[i];
		bool found = false;

		if (isnan(s->employed))
			continue;
		for (size_t k = 0; k < n; k++) {
			const struct sector_link *l = &r->xw.links[k];
			double w = s->employed * l->share;

			if (strncmp(l->soc_major, s->soc, 2) != 0)
				continue;
			found = true;
			emp[k] += w;
			acc[k].h5 += w * s->p.h5;
			acc[k].h15 += w * s->p.h15;
			acc[k].lt += w * s->p.lt;
			cnt[k]++;
		}
		nomajor += !found;
	}
	if (nomajor > 0)
		diag_warn(NULL, "%zu SOC codes belong to a major group missing from the crosswalk",
		          nomajor);
	buf_puts(b, "sector,name,us_employment_weight,soc_codes,h5,h15,long,provenance\n");
	/* Merge links of the same sector (they come from several major groups). */
	for (size_t k = 0; k < n; k++) {
		double e = 0;
		struct likelihood p = { 0, 0, 0 };
		size_t c = 0;
		bool first = true;

		for (size_t j = 0; j < n; j++) {
			if (strcmp(r->xw.links[j].sector, r->xw.links[k].sector) != 0)
				continue;
			if (j < k)
				first = false;
			e += emp[j];
			p.h5 += acc[j].h5;
			p.h15 += acc[j].h15;
			p.lt += acc[j].lt;
			c += cnt[j];
		}
		if (!first)
			continue;
		if (e > 0) {
			p.h5 /= e;
			p.h15 /= e;
			p.lt /= e;
		}
		csv_text(b, r->xw.links[k].sector);
		csv_sep(b);
		csv_text(b, r->xw.links[k].sector_name);
		buf_printf(b, ",%.0f,%zu,", e, c);
		csv_p(b, &p, e > 0);
		buf_puts(b, ",estimated\n");
	}
}

static void out_readiness(struct run *r)
{
	struct buf *b = &r->out[OUT_READY].b;

	buf_printf(b, "iso3,name,osi_%s,osi_rank,ge_%s,ge_rank,odi_%s\n", r->in.year[IMPORT_EGOV],
	           r->in.year[IMPORT_WGI], r->in.year[IMPORT_OPEN_DATA]);
	for (size_t i = 0; i < r->oecd.n; i++) {
		const char *on = r->odi_names[i];
		long d = on ? import_ind_find(&r->odi, on) : -1;

		buf_printf(b, "%s,", r->oecd.rows[i].code);
		csv_text(b, r->oecd.rows[i].name);
		buf_printf(b, ",%.5f,%d,%.5f,%d,", r->osi_v[i], r->osi_rank[i], r->ge_v[i],
		           r->ge_rank[i]);
		csv_num(b, d >= 0 ? r->odi.rows[d].value : NAN, 0);
		csv_end(b);
	}
}

static void out_states(struct run *r)
{
	struct buf *b = &r->out[OUT_STATES].b;
	double tot = 0;

	for (size_t i = 0; i < r->pop.n; i++)
		tot += r->pop.rows[i].value;
	buf_printf(b, "state,population_%s,share\n", r->in.year[IMPORT_POPULATION]);
	for (size_t i = 0; i < r->pop.n; i++) {
		csv_text(b, r->pop.rows[i].name);
		buf_printf(b, ",%.0f,%.6f\n", r->pop.rows[i].value,
		           tot > 0 ? r->pop.rows[i].value / tot : 0);
	}
}

/*
 * The edition's tasks.csv: every assessed O*NET task under its occupation
 * group, with a share of the group's working time. Within an O*NET occupation
 * tasks share time by their weights (Core 1, Supplemental 0.5, n/a 1); an
 * occupation's share of its group is its share of the group's US employment
 * (May 2016), a SOC code's employment split evenly over its scored O*NET
 * occupations. Occupations without US employment or group are left out.
 */
static void out_edition_tasks(struct run *r)
{
	struct buf *b = &r->out[OUT_EDITION_TASKS].b;
	double *emp = arena_calloc(r->a, r->onet.nocc + 1, sizeof *emp);
	long *grp = arena_calloc(r->a, r->onet.nocc + 1, sizeof *grp);
	size_t left_out = 0;

	for (size_t i = 0; i < r->onet.nocc; i++) {
		const struct occ_score *o = &r->occ[i];
		struct soc_score key, *s;

		grp[i] = -1;
		if (!o->scored)
			continue;
		key.soc = import_soc(r->a, o->code);
		s = bsearch(&key, r->soc, r->nsoc, sizeof *r->soc, cmp_str);
		grp[i] = group_of(r, o->code);
		if (s == NULL || isnan(s->employed) || grp[i] < 0) {
			grp[i] = -1;
			left_out++;
			continue;
		}
		emp[i] = s->employed / (double)s->nsub;
		r->groups[grp[i]].employed += emp[i];
	}
	buf_puts(b, "occupation,task,name,time_share,likelihood_h5,likelihood_h15,"
	         "likelihood_long,provenance,source\n");
	for (size_t g = 0; g < r->ngroups; g++) {
		struct edition_group *eg = &r->groups[g];

		for (size_t i = 0; i < r->onet.nocc; i++) {
			const struct onet_occupation *oc = &r->onet.occ[i];

			if (grp[i] != (long)g || eg->employed <= 0)
				continue;
			for (size_t k = oc->first_task; k < oc->first_task + oc->ntasks; k++) {
				const struct task_assessment *ta = &r->ta[k];
				double w = import_task_weight(r->onet.tasks[k].type);

				if (ta->by == ASSESS_NONE)
					continue;
				buf_printf(b, "%s,onet-%ld,", eg->code, r->onet.tasks[k].task_id);
				csv_text(b, r->onet.tasks[k].text);
				buf_printf(b, ",%.10f,", emp[i] / eg->employed * w / r->occ[i].weight);
				csv_p(b, &ta->p, true);
				buf_puts(b, ",estimated,onet_18_1_rules\n");
				eg->ntasks++;
			}
		}
		if (eg->ntasks == 0)
			diag_warn(&eg->loc, "occupation '%s' gets no O*NET task (no scored occupation "
			          "with US employment in SOC major groups %s)", eg->code, eg->soc);
	}
	if (left_out > 0)
		diag_warn(NULL, "%zu scored O*NET occupations are left out of the edition's "
		          "tasks.csv (no US employment for their SOC code, or no occupation group)",
		          left_out);
	r->res->edition_left_out = left_out;
}

static void out_figures(struct run *r)
{
	struct buf *b = &r->out[OUT_FIGURES].b;
	const struct import_result *s = r->res;
	const char *onet = "O*NET 18.1 Task Statements.txt";
	const char *foe = arena_printf(r->a, "Frey & Osborne with BLS OES May %s employment",
	                               r->in.year[IMPORT_US_EMPLOYMENT]);
	const char *pop = arena_printf(r->a, "INEGI population by state %s",
	                               r->in.year[IMPORT_POPULATION]);

	buf_puts(b, "key,value,unit,source,formula\n");
	figure(b, "import.onet.occupations", (double)s->occupations, 0, "occupations",
	       "O*NET 18.1 Occupation Data.txt", "rows");
	figure(b, "import.onet.occupations_with_tasks", (double)s->occupations_with_tasks, 0,
	       "occupations", onet, "distinct O*NET-SOC codes");
	figure(b, "import.onet.tasks", (double)s->tasks, 0, "tasks", onet, "rows");
	figure(b, "import.onet.tasks.core", (double)s->core, 0, "tasks", onet, "Task Type Core");
	figure(b, "import.onet.tasks.supplemental", (double)s->supplemental, 0, "tasks", onet,
	       "Task Type Supplemental");
	figure(b, "import.onet.tasks.untyped", (double)s->untyped, 0, "tasks", onet,
	       "Task Type n/a or empty (weighted as Core)");
	figure(b, "import.rules", (double)s->rules, 0, "rules", "data/rules/task_rules.txt",
	       "rules in the file");
	figure(b, "import.tasks.by_rule", (double)s->stats.by_rule, 0, "tasks", onet,
	       "tasks set by the first matching rule");
	figure(b, "import.tasks.by_override", (double)s->stats.by_override, 0, "tasks",
	       "data/rules/task_overrides.csv", "tasks set by an override");
	figure(b, "import.tasks.unmatched", (double)s->stats.unmatched, 0, "tasks", onet,
	       "tasks no rule matched: left out of their occupation's mean");
	figure(b, "import.tasks.unmatched.share",
	       s->tasks ? (double)s->stats.unmatched / (double)s->tasks : NAN, 4, "share", onet,
	       "unmatched / tasks");
	figure(b, "import.occupations.scored", (double)s->occ_scored, 0, "occupations", onet,
	       "occupations with at least one assessed task");
	figure(b, "import.fo.rows", (double)s->fo_rows, 0, "occupations",
	       "Frey & Osborne (2013) appendix", "rows");
	figure(b, "import.fo_emp.rows", (double)s->fo_emp_rows, 0, "occupations",
	       foe, "rows");
	figure(b, "import.fo_emp.damaged", (double)s->fo_damaged, 0, "rows",
	       foe,
	       "rows whose repeated columns disagree (reported, not repaired)");
	figure(b, "import.fo.copies_disagree", (double)s->fo_disagree, 0, "occupations",
	       "both Frey & Osborne copies", "SOC codes whose probability differs or is "
	       "missing in one copy");
	figure(b, "import.weight.core", import_task_weight(TASK_CORE), 1, "weight", "",
	       "weight of a Core task in its occupation's mean");
	figure(b, "import.weight.supplemental", import_task_weight(TASK_SUPPLEMENTAL), 1,
	       "weight", "", "weight of a Supplemental task in its occupation's mean");
	figure(b, "import.weight.untyped", import_task_weight(TASK_UNTYPED), 1, "weight", "",
	       "weight of a task without type (n/a) in its occupation's mean");
	figure(b, "import.inegi.states", (double)s->states, 0, "states",
	       pop, "rows");
	figure(b, "import.inegi.population", s->population, 0, "people",
	       pop, "sum over states");
	figure(b, "crosscheck.spearman.n", (double)s->matched_soc, 0, "occupations",
	       "soc_scores.csv", "SOC codes with our score and a Frey & Osborne probability");
	figure(b, "crosscheck.spearman", s->spearman, 4, "rho", "soc_scores.csv",
	       "Spearman rank correlation (average ranks for ties) of our long-term likelihood "
	       "and Frey & Osborne's probability");
	figure(b, "crosscheck.us_employment", s->us_employment, 0, "jobs",
	       foe, "sum of numbEmployed");
	figure(b, "crosscheck.us_high_risk.share", s->us_high_risk_share, 4, "share",
	       foe,
	       "sum of numbEmployed where prob > 0.7 / sum of numbEmployed");
	figure(b, "crosscheck.us_high_risk.published", FO_PUBLISHED, 2, "share",
	       "Frey & Osborne (2013), with 2010 employment", "published");
	figure(b, "crosscheck.ours.us_employment", s->ours_us_employment, 0, "jobs",
	       "soc_scores.csv", arena_printf(r->a, "US employment May %s of the SOC codes we score",
	                                      r->in.year[IMPORT_US_EMPLOYMENT]));
	figure(b, "crosscheck.ours.us_high_risk.share", s->ours_us_high_risk_share, 4, "share",
	       "soc_scores.csv", "US employment where our long-term likelihood > 0.7 / US "
	       "employment of the SOC codes we score");
	figure(b, "crosscheck.ours.us_expected.share", s->ours_us_expected_share, 4, "share",
	       "soc_scores.csv", "US-employment-weighted mean of our long-term likelihood");
	figure(b, "readiness.countries", (double)s->oecd, 0, "countries",
	       "data/rules/oecd_members_2017.csv", "OECD members of 2017");
	for (int k = 0; k < IMPORT_NINPUTS; k++)
		figure(b, arena_printf(r->a, "import.%s.year", input_names[k]), atof(r->in.year[k]), 0,
		       "year", r->in.file[k], "the year of the input, as import.csv names it");
	figure(b, "readiness.mex.rank.osi", s->mex_rank_osi, 0, "rank",
	       arena_printf(r->a, "UN E-Government Survey %s (OSI)", r->in.year[IMPORT_EGOV]),
	       "competition rank among OECD members, higher OSI first");
	figure(b, "readiness.mex.rank.ge", s->mex_rank_ge, 0, "rank",
	       arena_printf(r->a, "World Bank WGI GE.EST %s", r->in.year[IMPORT_WGI]),
	       "competition rank among OECD members, higher estimate first");
}

/* The import.csv to read: --inputs, else the edition's when it has one,
 * else none (the 2018 edition's inputs). */
static const char *inputs_path(struct run *r)
{
	const char *p;

	if (r->o->inputs_path != NULL)
		return r->o->inputs_path;
	if (r->o->edition_dir == NULL)
		return NULL;
	p = arena_printf(r->a, "%s/import.csv", r->o->edition_dir);
	return file_exists(p) ? p : NULL;
}

int import_run(struct arena *a, const struct import_opts *opts, struct import_result *res)
{
	struct run r = { 0 };
	double t0, t1, c0;
	int rc = -1;

	memset(res, 0, sizeof *res);
	r.a = a;
	r.o = opts;
	r.res = res;
	c0 = cpu_s();
	t0 = now_s();
	if (opts->readiness_only) {
		if (opts->edition_dir == NULL) {
			diag_error(NULL, EXIT_USAGE, "import: --readiness needs --edition (its "
			           "readiness_metrics.csv names the raw files)");
			goto out;
		}
		if (import_oecd(a, opts->oecd_path, &r.oecd, &r.odi_names) < 0 ||
		    read_readiness_specs(&r) < 0)
			goto out;
		res->oecd = r.oecd.n;
		if (opts->out_dir != NULL) {
			r.out[OUT_READY_VALUES].name = out_names[OUT_READY_VALUES];
			out_readiness_values(&r);
			if (stage_all(a, opts->out_dir, &r.out[OUT_READY_VALUES], 1) < 0)
				goto out;
		}
		rc = 0;
		goto out;
	}
	if (import_inputs_load(a, inputs_path(&r), &r.in) < 0 || read_sources(&r) < 0)
		goto out;
	t1 = now_s();
	res->t_import_s = t1 - t0;
	res->occupations = r.onet.nocc;
	res->occupations_with_tasks = r.onet.nocc_with_tasks;
	res->tasks = r.onet.ntasks;
	res->core = r.onet.ncore;
	res->supplemental = r.onet.nsupp;
	res->untyped = r.onet.nuntyped;
	res->rules = rules_count(r.rules);
	res->fo_rows = r.fo.n;
	res->fo_emp_rows = r.foe.n;
	res->fo_damaged = r.foe.ndamaged;
	compare_fo(&r);
	res->states = r.pop.n;
	for (size_t i = 0; i < r.pop.n; i++)
		res->population += r.pop.rows[i].value;

	if (assess(&r) < 0)
		goto out;
	t0 = now_s();
	res->t_assess_s = t0 - t1;

	r.occ = arena_calloc(a, r.onet.nocc + 1, sizeof *r.occ);
	import_occupations(&r.onet, r.ta, r.occ);
	for (size_t i = 0; i < r.onet.nocc; i++)
		res->occ_scored += r.occ[i].scored;
	soc_level(&r);
	crosschecks(&r);
	if (readiness(&r) < 0)
		goto out;
	res->t_model_s = now_s() - t0;
	res->cpu_s = cpu_s() - c0;

	if (res->stats.unmatched > 0)
		diag_warn(NULL, "%zu of %zu tasks match no rule and have no override: they are "
		          "left out of their occupation's mean (listed in onet_unmatched_tasks.csv)",
		          res->stats.unmatched, res->tasks);
	for (size_t i = 0; i < rules_count(r.rules); i++)
		if (r.hits[i] == 0)
			diag_warn(&rules_get(r.rules, i)->loc, "rule '%s' sets no task (shadowed by "
			          "earlier rules or overrides, or matches nothing)",
			          rules_get(r.rules, i)->id);
	if (res->stats.overrides_unused > 0)
		diag_warn(NULL, "%zu overrides name no task of the O*NET release",
		          res->stats.overrides_unused);
	if (res->occ_scored < res->occupations_with_tasks)
		diag_warn(NULL, "%zu occupations with tasks have no assessed task and no score",
		          res->occupations_with_tasks - res->occ_scored);

	if (opts->out_dir != NULL) {
		for (size_t i = 0; i < OUT_N; i++)
			r.out[i].name = out_names[i];
		out_tasks(&r);
		out_rules(&r);
		out_occupations(&r);
		out_soc(&r);
		out_sectors(&r);
		out_readiness(&r);
		out_states(&r);
		out_figures(&r);
		if (opts->edition_dir != NULL)
			out_edition_tasks(&r);
		if (r.have_rspec)
			out_readiness_values(&r);
		if (stage_all(a, opts->out_dir, r.out, opts->edition_dir ? OUT_N - 1 : OUT_N - 2) < 0)
			goto out;
		if (r.have_rspec &&
		    stage_all(a, opts->out_dir, &r.out[OUT_READY_VALUES], 1) < 0)
			goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; i < OUT_N; i++)
		buf_free(&r.out[i].b);
	for (size_t i = 0; i < r.nsoc; i++)
		buf_free(&r.soc[i].codes);
	rules_free(r.rules);
	return rc;
}

/* ---- command line ---- */

static void usage(void)
{
	diag_note("usage: reportgen import --raw DIR --out EDITION_DIR [--edition DIR] "
	          "[--inputs FILE] [--rules FILE] [--overrides FILE] [--crosswalk FILE] [--oecd FILE] "
	          "[--readiness] [--quiet]");
	diag_note("       reportgen import --states DIR --out EDITION_DIR [--edition DIR] "
	          "[--year Y] [--span N] [--quiet]");
}

/* The state import: its own files, its own outputs. */
static int states_main(const struct import_states_opts *so, bool quiet)
{
	struct arena *a;
	int rc;

	if (outfile_check_dir(so->out_dir) != 0)
		return diag_status();
	a = arena_new();
	rc = import_states(a, so);
	if (rc == 0 && outfile_commit() == 0) {
		if (!quiet)
			for (size_t i = 0; i < outfile_committed_count(); i++)
				diag_note("reportgen: wrote %s", outfile_committed_at(i));
	} else {
		outfile_abort();
		rc = -1;
	}
	arena_free(a);
	if (rc < 0)
		return diag_status() > EXIT_OK ? diag_status() : EXIT_DATA;
	return diag_status();
}

int import_main(int argc, char **argv)
{
	struct import_opts o = {
		.rules_path = "data/rules/task_rules.txt",
		.overrides_path = "data/rules/task_overrides.csv",
		.crosswalk_path = "data/rules/soc_major_to_sector.csv",
		.oecd_path = "data/rules/oecd_members_2017.csv",
	};
	struct import_result res;
	struct import_states_opts so = { 0 };
	const char *states_dir = NULL, *year = NULL, *span = NULL;
	struct arena *a;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *opt = argv[i];
		const char **dst = NULL;

		if (strcmp(opt, "--raw") == 0)
			dst = &o.raw_dir;
		else if (strcmp(opt, "--states") == 0)
			dst = &states_dir;
		else if (strcmp(opt, "--year") == 0)
			dst = &year;
		else if (strcmp(opt, "--span") == 0)
			dst = &span;
		else if (strcmp(opt, "--out") == 0)
			dst = &o.out_dir;
		else if (strcmp(opt, "--rules") == 0)
			dst = &o.rules_path;
		else if (strcmp(opt, "--overrides") == 0)
			dst = &o.overrides_path;
		else if (strcmp(opt, "--crosswalk") == 0)
			dst = &o.crosswalk_path;
		else if (strcmp(opt, "--oecd") == 0)
			dst = &o.oecd_path;
		else if (strcmp(opt, "--edition") == 0)
			dst = &o.edition_dir;
		else if (strcmp(opt, "--inputs") == 0)
			dst = &o.inputs_path;
		if (dst != NULL) {
			if (i + 1 >= argc) {
				diag_error(NULL, EXIT_USAGE, "option %s needs a value", opt);
				usage();
				return EXIT_USAGE;
			}
			*dst = argv[++i];
		} else if (strcmp(opt, "--quiet") == 0) {
			o.quiet = true;
		} else if (strcmp(opt, "--readiness") == 0) {
			o.readiness_only = true;
		} else if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
			usage();
			return EXIT_OK;
		} else {
			diag_error(NULL, EXIT_USAGE, "import: unknown option '%s'", opt);
			usage();
			return EXIT_USAGE;
		}
	}
	if (states_dir != NULL && o.raw_dir == NULL && o.out_dir != NULL) {
		double v;

		so.raw_dir = states_dir;
		so.out_dir = o.out_dir;
		so.edition_dir = o.edition_dir;
		if ((year != NULL && (data_parse_number(year, &v) < 0 || v < 1900 || v > 2999 ||
		                      (so.year = (int)v) != v)) ||
		    (span != NULL && (data_parse_number(span, &v) < 0 || v < 1 || v > 30 ||
		                      (so.span = (int)v) != v))) {
			diag_error(NULL, EXIT_USAGE, "import: --year takes a year, --span 1..30");
			return EXIT_USAGE;
		}
		return states_main(&so, o.quiet);
	}
	if (o.raw_dir == NULL || o.out_dir == NULL || states_dir != NULL) {
		diag_error(NULL, EXIT_USAGE, "import: --raw and --out are required (or --states and --out)");
		usage();
		return EXIT_USAGE;
	}
	if (outfile_check_dir(o.out_dir) != 0)
		return diag_status();
	a = arena_new();
	rc = import_run(a, &o, &res);
	if (rc == 0 && outfile_commit() == 0) {
		if (!o.quiet)
			for (size_t i = 0; i < outfile_committed_count(); i++)
				diag_note("reportgen: wrote %s", outfile_committed_at(i));
	} else {
		outfile_abort();
		rc = -1;
	}
	if (rc == 0 && !o.quiet && o.readiness_only)
		diag_note("reportgen: import: readiness: %zu values for %zu OECD members, %zu "
		          "missing in the raw files", res.readiness_values, res.oecd,
		          res.readiness_missing);
	else if (rc == 0 && !o.quiet) {
		diag_note("reportgen: import: %zu occupations (%zu with tasks), %zu tasks "
		          "(%zu Core, %zu Supplemental, %zu n/a)", res.occupations,
		          res.occupations_with_tasks, res.tasks, res.core, res.supplemental,
		          res.untyped);
		diag_note("reportgen: import: %zu rules: %zu tasks by rule, %zu by override, %zu "
		          "unmatched", res.rules, res.stats.by_rule, res.stats.by_override,
		          res.stats.unmatched);
		diag_note("reportgen: import: Spearman rho (ours long term vs Frey & Osborne) = "
		          "%.3f over %zu SOC codes", res.spearman, res.matched_soc);
		diag_note("reportgen: import: US employment at high risk (F&O > 0.7) = "
		          "%.1f %% (published, 2010 employment: 47 %%)", 100 * res.us_high_risk_share);
		diag_note("reportgen: import: Mexico among %zu OECD members: OSI %d, WGI GE %d",
		          res.oecd, res.mex_rank_osi, res.mex_rank_ge);
		diag_note("reportgen: import: %.1f ms reading, %.1f ms assessing, %.1f ms model "
		          "(wall clock); %.1f ms CPU in all", 1e3 * res.t_import_s,
		          1e3 * res.t_assess_s, 1e3 * res.t_model_s, 1e3 * res.cpu_s);
	}
	arena_free(a);
	if (rc < 0)
		return diag_status() > EXIT_OK ? diag_status() : EXIT_DATA;
	return diag_status();
}
