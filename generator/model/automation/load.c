/*
 * automation/load: the automation datasets of an edition, their schemas and
 * the checks across tables. Load stage of the pipeline (on top of data.c).
 */
#include "model/automation/internal.h"
#include "base/base.h"
#include "load/load.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- schemas ---------------------------------------------------------- */

/* Sector and occupation names go into table cells and chart labels: longer
 * ones could not be set (the longest of 2018 has 49 characters). */
#define AUTO_NAME_CHARS 120


enum { SEC_CODE, SEC_NAME, SEC_NAME_ES, SEC_GROUP, SEC_ISIC };
static const struct col_schema sectors_cols[] = {
	{ .name = "code", .type = COL_CODE, .required = true, .key = true },
	/* printed in table cells and chart labels */
	{ .name = "name", .type = COL_TEXT, .required = true, .max_chars = AUTO_NAME_CHARS },
	{ .name = "name_es", .type = COL_TEXT,     /* Spanish name; English if absent */
	  .max_chars = AUTO_NAME_CHARS },
	{ .name = "group", .type = COL_ENUM, .required = true,
	  .enum_values = "agriculture|industry|services" },
	{ .name = "isic", .type = COL_TEXT },
	PROVENANCE_COLS
};

enum { EMP_SECTOR, EMP_SEX, EMP_EMPLOYED };
static const struct col_schema employment_cols[] = {
	{ .name = "sector", .type = COL_CODE, .required = true, .key = true },
	{ .name = "sex", .type = COL_ENUM, .required = true, .key = true,
	  .enum_values = "men|women" },
	{ .name = "employed", .type = COL_NUM, .required = true, .has_min = true, .min = 0,
	  .has_max = true, .max = 1e9 },
	PROVENANCE_COLS
};

enum { OCC_CODE, OCC_NAME, OCC_SOC };
static const struct col_schema occupations_cols[] = {
	{ .name = "code", .type = COL_CODE, .required = true, .key = true },
	{ .name = "name", .type = COL_TEXT, .required = true, .max_chars = AUTO_NAME_CHARS },
	{ .name = "soc", .type = COL_TEXT },
	PROVENANCE_COLS
};

enum { MIX_SECTOR, MIX_OCC, MIX_SHARE };
static const struct col_schema mix_cols[] = {
	{ .name = "sector", .type = COL_CODE, .required = true, .key = true },
	{ .name = "occupation", .type = COL_CODE, .required = true, .key = true },
	{ .name = "share", .type = COL_SHARE, .required = true },
	PROVENANCE_COLS
};

enum { TASK_OCC, TASK_ID, TASK_NAME, TASK_TIME, TASK_H5, TASK_H15, TASK_LONG };
static const struct col_schema tasks_cols[] = {
	{ .name = "occupation", .type = COL_CODE, .required = true },
	{ .name = "task", .type = COL_CODE, .required = true, .key = true },
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "time_share", .type = COL_SHARE, .required = true },
	{ .name = "likelihood_h5", .type = COL_SHARE, .required = true },
	{ .name = "likelihood_h15", .type = COL_SHARE, .required = true },
	{ .name = "likelihood_long", .type = COL_SHARE, .required = true },
	PROVENANCE_COLS
};

enum { SPLIT_OUTCOME, SPLIT_SHARE };
static const struct col_schema split_cols[] = {
	{ .name = "outcome", .type = COL_ENUM, .required = true, .key = true,
	  .enum_values = "enhanced|transformed|replaced" },
	{ .name = "share", .type = COL_SHARE, .required = true },
	PROVENANCE_COLS
};

enum { ADJ_LEVEL, ADJ_CODE, ADJ_HORIZON, ADJ_OLD, ADJ_NEW, ADJ_REASON };
static const struct col_schema adjust_cols[] = {
	{ .name = "level", .type = COL_ENUM, .required = true, .key = true,
	  .enum_values = "task|occupation|sector" },
	{ .name = "code", .type = COL_CODE, .required = true, .key = true },
	{ .name = "horizon", .type = COL_ENUM, .required = true, .key = true,
	  .enum_values = "h5|h15|long" },
	{ .name = "old_value", .type = COL_SHARE, .required = true },
	{ .name = "new_value", .type = COL_SHARE, .required = true },
	{ .name = "reason", .type = COL_TEXT, .required = true },
	PROVENANCE_COLS
};

enum { PAR_KEY, PAR_VALUE, PAR_UNIT };
static const struct col_schema param_cols[] = {
	{ .name = "key", .type = COL_CODE, .required = true, .key = true },
	{ .name = "value", .type = COL_NUM, .required = true },
	{ .name = "unit", .type = COL_TEXT },
	PROVENANCE_COLS
};

enum { PUB_KEY, PUB_ITEM, PUB_VALUE, PUB_UNIT, PUB_TOL, PUB_STATUS, PUB_LOCATION, PUB_NOTE,
       PUB_ITEM_ES, PUB_NOTE_ES };
static const struct col_schema published_cols[] = {
	{ .name = "key", .type = COL_CODE, .required = true },
	{ .name = "item", .type = COL_TEXT, .required = true },
	{ .name = "published", .type = COL_NUM },
	{ .name = "unit", .type = COL_ENUM, .required = true, .enum_values = "jobs|share|people" },
	{ .name = "tolerance", .type = COL_NUM, .required = true, .has_min = true, .min = 0 },
	{ .name = "status", .type = COL_ENUM, .required = true, .enum_values = "check|erratum" },
	{ .name = "location", .type = COL_TEXT, .required = true },
	{ .name = "note", .type = COL_TEXT },
	{ .name = "item_es", .type = COL_TEXT },   /* optional: the Spanish paper's errata */
	{ .name = "note_es", .type = COL_TEXT },
	PROVENANCE_COLS
};

static const struct dataset_schema schemas[] = {
	{ "sectors", sectors_cols, AUTO_NELEMS(sectors_cols), ',', false },
	{ "employment", employment_cols, AUTO_NELEMS(employment_cols), ',', false },
	{ "occupations", occupations_cols, AUTO_NELEMS(occupations_cols), ',', false },
	{ "sector_occupations", mix_cols, AUTO_NELEMS(mix_cols), ',', false },
	{ "tasks", tasks_cols, AUTO_NELEMS(tasks_cols), ',', false },
	{ "impact_split", split_cols, AUTO_NELEMS(split_cols), ',', false },
	{ "automation_adjustments", adjust_cols, AUTO_NELEMS(adjust_cols), ',', false },
	{ "automation_parameters", param_cols, AUTO_NELEMS(param_cols), ',', false },
	{ "automation_published", published_cols, AUTO_NELEMS(published_cols), ',', false },
};
enum { T_SECTORS, T_EMPLOYMENT, T_OCCUPATIONS, T_MIX, T_TASKS, T_SPLIT, T_ADJUST,
       T_PARAMS, T_PUBLISHED, T_COUNT };

const struct dataset_schema *automation_schema(const char *name)
{
	size_t i;

	for (i = 0; i < T_COUNT; i++)
		if (strcmp(schemas[i].name, name) == 0)
			return &schemas[i];
	return NULL;
}


/* ---- loading and cross-table validation -------------------------------- */

int automation_load(struct arena *a, const char *edition_dir, struct automation_input *out)
{
	struct dataset t[T_COUNT];
	size_t i;
	int rc = 0;

	memset(t, 0, sizeof t);
	for (i = 0; i < T_COUNT; i++) {
		char *path = arena_printf(a, "%s/%s.csv", edition_dir, schemas[i].name);

		if (data_load(a, path, &schemas[i], &t[i]) != 0)
			rc = -1;
		/* a table the model needs rows in, empty: that is the one error,
		 * not every check across tables that it would fail */
		else if (i != T_ADJUST && i != T_PUBLISHED && data_require_rows(&t[i], 1) != 0)
			rc = -1;
	}
	if (rc != 0)
		return -1;
	return automation_build(a, &t[T_SECTORS], &t[T_EMPLOYMENT], &t[T_OCCUPATIONS],
	                        &t[T_MIX], &t[T_TASKS], &t[T_SPLIT], &t[T_ADJUST],
	                        &t[T_PARAMS], &t[T_PUBLISHED], out);
}

static void err_at(const struct dataset *t, size_t row, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void err_at(const struct dataset *t, size_t row, size_t col, const char *fmt, ...)
{
	struct srcloc loc = dataset_loc(t, row, col);
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(&loc, EXIT_DATA, "%s", msg);
}

/* An error about a whole file (something missing from it). */
static void err_file(const struct dataset *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void err_file(const struct dataset *t, const char *fmt, ...)
{
	struct srcloc loc = { t->path, 0, 0 };
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(&loc, EXIT_DATA, "%s", msg);
}

static bool lower_code(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* Rank keys are sector.<prefix><n>.*: a sector code of that form would
 * make sector.<code>.* ambiguous. */
static bool rank_like(const char *code)
{
	static const char *const prefixes[] = { "top", "bottom", "most_jobs", "least_jobs",
	                                        "most_men", "most_women" };
	size_t i, n;

	for (i = 0; i < AUTO_NELEMS(prefixes); i++) {
		n = strlen(prefixes[i]);
		if (strncmp(code, prefixes[i], n) == 0 && code[n] >= '0' && code[n] <= '9' &&
		    strspn(code + n, "0123456789") == strlen(code + n))
			return true;
	}
	return false;
}

static int horizon_index(const char *s)
{
	int h;

	for (h = 0; h < AUTO_NHORIZONS; h++)
		if (strcmp(s, automation_horizon_names[h]) == 0)
			return h;
	return -1;
}

static int build_sectors(struct arena *a, const struct dataset *sec, const struct dataset *emp,
                         struct automation_input *in)
{
	size_t i;
	int rc = 0;
	bool *seen;

	in->nsectors = sec->nrows;
	if (sec->nrows == 0) {
		err_file(sec, "no sectors");
		return -1;
	}
	if (sec->nrows > AUTOMATION_MAX_SECTORS) {
		err_at(sec, AUTOMATION_MAX_SECTORS, SEC_CODE, "too many sectors (at most %d)",
		       AUTOMATION_MAX_SECTORS);
		return -1;
	}
	in->sectors = arena_calloc(a, sec->nrows, sizeof *in->sectors);
	for (i = 0; i < sec->nrows; i++) {
		struct automation_sector *s = &in->sectors[i];

		s->code = dataset_text(sec, i, SEC_CODE);
		s->name = dataset_text(sec, i, SEC_NAME);
		s->name_es = dataset_text(sec, i, SEC_NAME_ES);
		if (s->name_es[0] == '\0')
			s->name_es = s->name;
		s->group = dataset_text(sec, i, SEC_GROUP);
		s->loc = dataset_loc(sec, i, SEC_CODE);
		if (!lower_code(s->code)) {
			err_at(sec, i, SEC_CODE, "sector code '%s' must be lowercase letters, "
			       "digits and '_' (it is part of figure keys)", s->code);
			rc = -1;
		} else if (rank_like(s->code)) {
			err_at(sec, i, SEC_CODE, "sector code '%s' would clash with the rank keys "
			       "sector.%s.*; choose another", s->code, s->code);
			rc = -1;
		}
	}
	seen = arena_calloc(a, sec->nrows * 2, sizeof *seen);
	for (i = 0; i < emp->nrows; i++) {
		const char *code = dataset_text(emp, i, EMP_SECTOR);
		long s = dataset_find(sec, SEC_CODE, code);
		bool men = strcmp(dataset_text(emp, i, EMP_SEX), "men") == 0;

		if (s < 0) {
			err_at(emp, i, EMP_SECTOR, "unknown sector '%s' (not in %s)", code, sec->path);
			rc = -1;
			continue;
		}
		if (men)
			in->sectors[s].men = dataset_num(emp, i, EMP_EMPLOYED);
		else
			in->sectors[s].women = dataset_num(emp, i, EMP_EMPLOYED);
		seen[(size_t)s * 2 + (men ? 0 : 1)] = true;
	}
	for (i = 0; i < sec->nrows; i++) {
		int k;

		for (k = 0; k < 2; k++)
			if (!seen[i * 2 + k]) {
				err_at(sec, i, SEC_CODE, "sector '%s' has no employment row for %s in %s",
				       in->sectors[i].code, k == 0 ? "men" : "women", emp->path);
				rc = -1;
			}
		if (seen[i * 2] && seen[i * 2 + 1] && in->sectors[i].men + in->sectors[i].women <= 0) {
			err_at(sec, i, SEC_CODE, "sector '%s' employs nobody", in->sectors[i].code);
			rc = -1;
		}
	}
	return rc;
}

static int build_occupations(struct arena *a, const struct dataset *occ, const struct dataset *mix,
                             const struct dataset *sec, struct automation_input *in)
{
	size_t i, s, n = in->nsectors;
	int rc = 0;
	double *sum;
	long *last;

	in->noccupations = occ->nrows;
	if (occ->nrows == 0) {
		err_file(occ, "no occupations");
		return -1;
	}
	if (occ->nrows > AUTOMATION_MAX_OCCUPATIONS) {
		err_at(occ, AUTOMATION_MAX_OCCUPATIONS, OCC_CODE,
		       "too many occupations (at most %d)", AUTOMATION_MAX_OCCUPATIONS);
		return -1;
	}
	in->occupations = arena_calloc(a, occ->nrows, sizeof *in->occupations);
	for (i = 0; i < occ->nrows; i++) {
		in->occupations[i].code = dataset_text(occ, i, OCC_CODE);
		in->occupations[i].name = dataset_text(occ, i, OCC_NAME);
		in->occupations[i].loc = dataset_loc(occ, i, OCC_CODE);
	}
	in->mix = arena_calloc(a, n * occ->nrows, sizeof *in->mix);
	sum = arena_calloc(a, n, sizeof *sum);
	last = arena_calloc(a, n, sizeof *last);
	for (s = 0; s < n; s++)
		last[s] = -1;
	for (i = 0; i < mix->nrows; i++) {
		const char *sc = dataset_text(mix, i, MIX_SECTOR);
		const char *oc = dataset_text(mix, i, MIX_OCC);
		long si = dataset_find(sec, SEC_CODE, sc);
		long oi = dataset_find(occ, OCC_CODE, oc);

		if (si < 0) {
			err_at(mix, i, MIX_SECTOR, "unknown sector '%s' (not in %s)", sc, sec->path);
			rc = -1;
		}
		if (oi < 0) {
			err_at(mix, i, MIX_OCC, "unknown occupation '%s' (not in %s)", oc, occ->path);
			rc = -1;
		}
		if (si < 0 || oi < 0)
			continue;
		in->mix[(size_t)si * occ->nrows + (size_t)oi] = dataset_num(mix, i, MIX_SHARE);
		sum[si] += dataset_num(mix, i, MIX_SHARE);
		last[si] = (long)i;
	}
	for (s = 0; s < n; s++) {
		if (last[s] < 0) {
			err_at(sec, s, SEC_CODE, "sector '%s' has no occupation mix in %s",
			       in->sectors[s].code, mix->path);
			rc = -1;
		} else if (fabs(sum[s] - 1) > AUTOMATION_SHARE_TOL) {
			err_at(mix, (size_t)last[s], MIX_SHARE, "occupation shares of sector '%s' "
			       "add up to %.6g, not 1 (tolerance %g)", in->sectors[s].code, sum[s],
			       AUTOMATION_SHARE_TOL);
			rc = -1;
		}
	}
	return rc;
}

static int build_tasks(struct arena *a, const struct dataset *tasks, const struct dataset *occ,
                       struct automation_input *in)
{
	size_t i, o, no = in->noccupations;
	int rc = 0;
	double *sum = arena_calloc(a, no, sizeof *sum);
	long *last = arena_calloc(a, no, sizeof *last);
	size_t n = 0;

	for (o = 0; o < no; o++)
		last[o] = -1;
	in->tasks = arena_calloc(a, tasks->nrows ? tasks->nrows : 1, sizeof *in->tasks);
	for (i = 0; i < tasks->nrows; i++) {
		const char *oc = dataset_text(tasks, i, TASK_OCC);
		long oi = dataset_find(occ, OCC_CODE, oc);
		struct automation_task *t;
		int h;
		bool ok = true;

		if (oi < 0) {
			err_at(tasks, i, TASK_OCC, "unknown occupation '%s' (not in %s)", oc, occ->path);
			rc = -1;
			continue;
		}
		t = &in->tasks[n++];
		t->occ = (size_t)oi;
		t->id = dataset_text(tasks, i, TASK_ID);
		t->name = dataset_text(tasks, i, TASK_NAME);
		t->time_share = dataset_num(tasks, i, TASK_TIME);
		for (h = 0; h < AUTO_NHORIZONS; h++) {
			t->p[h] = dataset_num(tasks, i, (size_t)(TASK_H5 + h));
			if (!(t->p[h] >= 0 && t->p[h] <= 1)) {
				err_at(tasks, i, (size_t)(TASK_H5 + h), "likelihood %g is outside 0..1",
				       t->p[h]);
				rc = -1;
				ok = false;
			}
		}
		for (h = 1; ok && h < AUTO_NHORIZONS; h++)
			if (t->p[h] < t->p[h - 1]) {
				err_at(tasks, i, (size_t)(TASK_H5 + h), "likelihood %s %g is below "
				       "likelihood %s %g: likelihoods are cumulative and cannot "
				       "decrease with the horizon", automation_horizon_names[h], t->p[h],
				       automation_horizon_names[h - 1], t->p[h - 1]);
				rc = -1;
			}
		sum[oi] += t->time_share;
		last[oi] = (long)i;
	}
	in->ntasks = n;
	for (o = 0; o < no; o++) {
		if (last[o] < 0) {
			err_at(occ, o, OCC_CODE, "occupation '%s' has no tasks in %s",
			       in->occupations[o].code, tasks->path);
			rc = -1;
		} else if (fabs(sum[o] - 1) > AUTOMATION_SHARE_TOL) {
			err_at(tasks, (size_t)last[o], TASK_TIME, "time shares of occupation '%s' "
			       "add up to %.6g, not 1 (tolerance %g)", in->occupations[o].code,
			       sum[o], AUTOMATION_SHARE_TOL);
			rc = -1;
		}
	}
	return rc;
}

static int build_split(const struct dataset *split, struct automation_input *in)
{
	bool seen[AUTO_NOUTCOMES] = { false, false, false };
	double sum = 0;
	size_t i;
	int k, rc = 0;

	for (i = 0; i < split->nrows; i++) {
		const char *name = dataset_text(split, i, SPLIT_OUTCOME);

		for (k = 0; k < AUTO_NOUTCOMES; k++)
			if (strcmp(name, automation_outcome_names[k]) == 0) {
				in->split[k] = dataset_num(split, i, SPLIT_SHARE);
				seen[k] = true;
				sum += in->split[k];
			}
	}
	for (k = 0; k < AUTO_NOUTCOMES; k++)
		if (!seen[k]) {
			err_file(split, "no row for outcome '%s'", automation_outcome_names[k]);
			rc = -1;
		}
	if (rc == 0 && fabs(sum - 1) > AUTOMATION_SHARE_TOL) {
		err_at(split, split->nrows - 1, SPLIT_SHARE, "outcome shares add up to %.6g, "
		       "not 1 (tolerance %g)", sum, AUTOMATION_SHARE_TOL);
		rc = -1;
	}
	return rc;
}

static int build_params(const struct dataset *par, struct automation_input *in)
{
	static const char *const keys[] = { "data_year", "horizon_short_years",
	                                    "horizon_medium_years" };
	int *dst[3];
	bool seen[3] = { false, false, false };
	long row[3] = { -1, -1, -1 };
	size_t i, k;
	int rc = 0;

	dst[0] = &in->data_year;
	dst[1] = &in->horizon_years[0];
	dst[2] = &in->horizon_years[1];
	for (i = 0; i < par->nrows; i++) {
		const char *key = dataset_text(par, i, PAR_KEY);
		double v = dataset_num(par, i, PAR_VALUE);

		for (k = 0; k < 3; k++)
			if (strcmp(key, keys[k]) == 0)
				break;
		if (k == 3) {
			err_at(par, i, PAR_KEY, "unknown parameter '%s' (known: data_year, "
			       "horizon_short_years, horizon_medium_years)", key);
			rc = -1;
			continue;
		}
		if (v != floor(v) || v < 1 || v > 9999) {
			err_at(par, i, PAR_VALUE, "parameter '%s' must be a whole number from 1 "
			       "to 9999", key);
			rc = -1;
			continue;
		}
		*dst[k] = (int)v;
		seen[k] = true;
		row[k] = (long)i;
	}
	for (k = 0; k < 3; k++)
		if (!seen[k] && rc == 0) {
			err_file(par, "parameter '%s' is missing", keys[k]);
			rc = -1;
		}
	if (rc == 0 && in->horizon_years[0] >= in->horizon_years[1]) {
		err_at(par, (size_t)row[2], PAR_VALUE, "the medium horizon (%d years) must be "
		       "longer than the short one (%d years)", in->horizon_years[1],
		       in->horizon_years[0]);
		rc = -1;
	}
	return rc;
}

static int build_adjustments(struct arena *a, const struct dataset *adj,
                             const struct dataset *sec, const struct dataset *occ,
                             const struct dataset *tasks, struct automation_input *in)
{
	size_t i;
	int rc = 0;

	if (adj->nrows > AUTOMATION_MAX_ADJUSTMENTS) {
		err_at(adj, AUTOMATION_MAX_ADJUSTMENTS, ADJ_LEVEL,
		       "too many adjustments (at most %d)", AUTOMATION_MAX_ADJUSTMENTS);
		return -1;
	}
	in->adjustments = arena_calloc(a, adj->nrows ? adj->nrows : 1, sizeof *in->adjustments);
	in->nadjustments = 0;
	for (i = 0; i < adj->nrows; i++) {
		struct automation_adjustment *d = &in->adjustments[in->nadjustments];
		const char *level = dataset_text(adj, i, ADJ_LEVEL);
		const char *code = dataset_text(adj, i, ADJ_CODE);
		const struct dataset *where;
		long idx;

		if (strcmp(level, "task") == 0) {
			d->level = AUTO_LEVEL_TASK;
			where = tasks;
			idx = dataset_find(tasks, TASK_ID, code);
		} else if (strcmp(level, "occupation") == 0) {
			d->level = AUTO_LEVEL_OCCUPATION;
			where = occ;
			idx = dataset_find(occ, OCC_CODE, code);
		} else {
			d->level = AUTO_LEVEL_SECTOR;
			where = sec;
			idx = dataset_find(sec, SEC_CODE, code);
		}
		if (idx < 0) {
			err_at(adj, i, ADJ_CODE, "unknown %s '%s' (not in %s)", level, code,
			       where->path);
			rc = -1;
			continue;
		}
		if (d->level == AUTO_LEVEL_TASK) {
			/* rows with an unknown occupation were dropped from in->tasks (and
			 * reported); only then do row and task indices differ */
			size_t k = (size_t)idx;

			if (in->ntasks != tasks->nrows) {
				for (k = 0; k < in->ntasks; k++)
					if (strcmp(in->tasks[k].id, code) == 0)
						break;
				if (k == in->ntasks)
					continue;  /* its row was already reported */
			}
			idx = (long)k;
		}
		d->index = (size_t)idx;
		d->horizon = horizon_index(dataset_text(adj, i, ADJ_HORIZON));
		d->old_value = dataset_num(adj, i, ADJ_OLD);
		d->new_value = dataset_num(adj, i, ADJ_NEW);
		d->reason = dataset_text(adj, i, ADJ_REASON);
		d->what = arena_printf(a, "%s %s %s", level, code, automation_horizon_names[d->horizon]);
		d->loc_old = dataset_loc(adj, i, ADJ_OLD);
		d->loc_new = dataset_loc(adj, i, ADJ_NEW);
		in->nadjustments++;
	}
	return rc;
}

static void build_published(struct arena *a, const struct dataset *pub, struct automation_input *in)
{
	size_t i;

	in->npublished = pub->nrows;
	in->published = arena_calloc(a, pub->nrows ? pub->nrows : 1, sizeof *in->published);
	for (i = 0; i < pub->nrows; i++) {
		struct automation_published *p = &in->published[i];

		p->key = dataset_text(pub, i, PUB_KEY);
		p->item = dataset_text(pub, i, PUB_ITEM);
		p->value = dataset_cell(pub, i, PUB_VALUE)->present ? dataset_num(pub, i, PUB_VALUE) : NAN;
		p->unit = dataset_text(pub, i, PUB_UNIT);
		p->tolerance = dataset_num(pub, i, PUB_TOL);
		p->erratum = strcmp(dataset_text(pub, i, PUB_STATUS), "erratum") == 0;
		p->location = dataset_text(pub, i, PUB_LOCATION);
		p->note = dataset_text(pub, i, PUB_NOTE);
		p->item_es = dataset_text(pub, i, PUB_ITEM_ES);
		p->note_es = dataset_text(pub, i, PUB_NOTE_ES);
		p->loc = dataset_loc(pub, i, PUB_KEY);
	}
}

/* The computed key nearest to key (at most 2 edits away), for "did you
 * mean". Returns true and fills out, or false. */
static bool closest_key(const struct automation_input *in, const char *key, char *out,
                        size_t size)
{
	size_t best = 3, i, s, f;
	char cand[160];

	for (i = 0; i < automation_nnatfigs; i++) {
		size_t d = text_distance(key, automation_natfigs[i].key, false, TEXTDIST_MAX);

		if (d < best) {
			best = d;
			snprintf(out, size, "%s", automation_natfigs[i].key);
		}
	}
	for (s = 0; s < in->nsectors; s++)
		for (f = 0; f < S_NFIELDS; f++) {
			size_t d;

			snprintf(cand, sizeof cand, "sector.%s.%s", in->sectors[s].code,
			         automation_sfields[f].name);
			d = text_distance(key, cand, false, TEXTDIST_MAX);
			if (d < best) {
				best = d;
				snprintf(out, size, "%s", cand);
			}
		}
	return best <= 2;
}

/* Checks that need the model run: adjustments' old values, monotonic
 * horizons after adjustments, published keys the model knows. */
static int check_computed(struct arena *a, const struct automation_input *in,
                          const struct dataset *pub)
{
	struct automation_result *res = arena_alloc(a, sizeof *res);
	size_t i;
	int h, rc = 0;

	if (automation_compute(in, res) != 0) {
		err_file(pub, "the automation model cannot run on these data (no employment)");
		return -1;
	}
	for (i = 0; i < res->napplied; i++) {
		const struct automation_adjustment *d = &in->adjustments[res->applied[i].adjustment];

		if (fabs(res->applied[i].computed - d->old_value) > AUTOMATION_OLD_TOL) {
			diag_error(&d->loc_old, EXIT_DATA, "old value %.4f of adjustment '%s' does "
			           "not match the value it replaces, %.4f (tolerance %g)",
			           d->old_value, d->what, res->applied[i].computed, AUTOMATION_OLD_TOL);
			rc = -1;
		}
	}
	/* an adjusted value must stay between its neighbouring horizons */
	for (i = 0; i < in->nadjustments; i++) {
		const struct automation_adjustment *d = &in->adjustments[i];
		const double *v = NULL;
		double task_p[AUTO_NHORIZONS];

		if (d->level == AUTO_LEVEL_SECTOR)
			v = res->sector[d->index].risk;
		else if (d->level == AUTO_LEVEL_OCCUPATION)
			v = res->occ_risk[d->index];
		else {
			size_t k;

			memcpy(task_p, in->tasks[d->index].p, sizeof task_p);
			for (k = 0; k < in->nadjustments; k++)
				if (in->adjustments[k].level == AUTO_LEVEL_TASK &&
				    in->adjustments[k].index == d->index)
					task_p[in->adjustments[k].horizon] = in->adjustments[k].new_value;
			v = task_p;
		}
		for (h = 1; h < AUTO_NHORIZONS; h++)
			if ((h == d->horizon || h - 1 == d->horizon) && v[h] < v[h - 1] - 1e-12) {
				diag_error(&d->loc_new, EXIT_DATA, "adjustment '%s' makes the %s value "
				           "%.4f fall below the %s value %.4f (values are cumulative)",
				           d->what, automation_horizon_names[h], v[h], automation_horizon_names[h - 1],
				           v[h - 1]);
				rc = -1;
				break;
			}
	}
	for (i = 0; i < in->npublished; i++) {
		double v;

		if (automation_value(res, in->published[i].key, &v) != 0) {
			char near_key[160];

			if (closest_key(in, in->published[i].key, near_key, sizeof near_key))
				err_at(pub, i, PUB_KEY, "'%s' is not a figure the automation model "
				       "computes (did you mean '%s'?)", in->published[i].key, near_key);
			else
				err_at(pub, i, PUB_KEY, "'%s' is not a figure the automation model "
				       "computes", in->published[i].key);
			rc = -1;
		}
	}
	return rc;
}

/* Provenance kinds from least to most doubtful (data/SOURCES.md). */
static int prov_rank(const char *p)
{
	static const char *const order[] = { "official", "published", "derived", "estimated" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(p, order[i]) == 0)
			return i + 1;
	return 0;
}

static const char *worse_prov(const char *x, const char *y)
{
	return prov_rank(y) > prov_rank(x) ? y : x;
}

/* Add the provenance and the source ids of every row of t to *prov and b
 * (ids once each). */
static void add_origin(const struct dataset *t, const char **prov, struct buf *b)
{
	int pc = dataset_col(t, "provenance"), sc = dataset_col(t, "source");
	size_t i;

	if (pc < 0)
		return;
	for (i = 0; i < t->nrows; i++) {
		const char *id = sc >= 0 ? dataset_text(t, i, (size_t)sc) : "";
		const char *p = b->len ? strstr(buf_cstr(b), id) : NULL;
		size_t n = strlen(id);

		*prov = worse_prov(*prov, dataset_text(t, i, (size_t)pc));
		while (p != NULL && !((p == buf_cstr(b) || p[-1] == ' ') &&
		                      (p[n] == '\0' || p[n] == ' ')))
			p = strstr(p + 1, id);
		if (n > 0 && p == NULL) {
			if (b->len)
				buf_putc(b, ' ');
			buf_puts(b, id);
		}
	}
}

static void build_origins(struct arena *a, const struct dataset *employment,
                          const struct dataset *occupations, const struct dataset *mix,
                          const struct dataset *tasks, const struct dataset *split,
                          const struct dataset *adjustments, const struct dataset *parameters,
                          struct automation_input *in)
{
	struct buf b = { 0 };
	const char *prov = "";
	size_t i, s;
	int pc = dataset_col(employment, "provenance"), sc = dataset_col(employment, "source");

	for (s = 0; s < in->nsectors; s++) {
		struct automation_sector *sec = &in->sectors[s];

		prov = "";
		buf_clear(&b);
		for (i = 0; i < employment->nrows && pc >= 0; i++) {
			const char *id = sc >= 0 ? dataset_text(employment, i, (size_t)sc) : "";

			if (strcmp(dataset_text(employment, i, EMP_SECTOR), sec->code) != 0)
				continue;
			prov = worse_prov(prov, dataset_text(employment, i, (size_t)pc));
			if (*id != '\0' && (b.len == 0 || strcmp(buf_cstr(&b), id) != 0)) {
				if (b.len)
					buf_putc(&b, ' ');
				buf_puts(&b, id);
			}
		}
		sec->emp_prov = prov;
		sec->emp_sources = arena_strdup(a, b.len ? buf_cstr(&b) : "");
	}
	prov = "";
	buf_clear(&b);
	add_origin(occupations, &prov, &b);
	add_origin(mix, &prov, &b);
	add_origin(tasks, &prov, &b);
	add_origin(adjustments, &prov, &b);
	add_origin(parameters, &prov, &b);
	in->risk_prov = prov;
	in->risk_sources = arena_strdup(a, b.len ? buf_cstr(&b) : "");
	prov = "";
	buf_clear(&b);
	add_origin(split, &prov, &b);
	in->split_prov = prov;
	in->split_sources = arena_strdup(a, b.len ? buf_cstr(&b) : "");
	buf_free(&b);
}

int automation_build(struct arena *a, const struct dataset *sectors,
                     const struct dataset *employment, const struct dataset *occupations,
                     const struct dataset *sector_occupations, const struct dataset *tasks,
                     const struct dataset *impact_split, const struct dataset *adjustments,
                     const struct dataset *parameters, const struct dataset *published,
                     struct automation_input *out)
{
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (build_sectors(a, sectors, employment, out) != 0)
		rc = -1;
	if (out->sectors == NULL)
		return -1;
	if (build_occupations(a, occupations, sector_occupations, sectors, out) != 0)
		rc = -1;
	if (out->occupations == NULL)
		return -1;
	if (build_tasks(a, tasks, occupations, out) != 0)
		rc = -1;
	if (build_split(impact_split, out) != 0)
		rc = -1;
	if (build_params(parameters, out) != 0)
		rc = -1;
	if (build_adjustments(a, adjustments, sectors, occupations, tasks, out) != 0)
		rc = -1;
	build_published(a, published, out);
	if (rc != 0)
		return -1;
	build_origins(a, employment, occupations, sector_occupations, tasks, impact_split,
	              adjustments, parameters, out);
	return check_computed(a, out, published);
}

