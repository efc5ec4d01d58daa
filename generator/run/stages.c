/*
 * run/stages.c: the edition's stages of a run, load -> model -> figures, and
 * the writing of figures.csv (with errata.csv beside it).
 *
 * Every dataset of the edition is loaded and checked before the models run,
 * so that one run reports all of the data's problems at once. What comes
 * out is the figure store (figures/figures.h) the templates read.
 */
#include "run/internal.h"

#include "base/base.h"
#include "figures/figures.h"
#include "import/import.h"
#include "load/load.h"
#include "model/automation/automation.h"
#include "model/edition/edition.h"
#include "model/geo/geo.h"
#include "model/readiness/readiness.h"
#include "model/regions/regions.h"
#include "model/states/states.h"
#include "model/texts/texts.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Everything the model stage produced. */
struct model {
	struct dataset edition, facts;
	struct automation_input auto_in;
	struct automation_result *auto_res;
	struct readiness_data rd;
	struct readiness_result rr;
	struct readiness_mc rmc;
	struct readiness_oat roat;
	struct regions_data gd;
	struct regions_result gr;
	struct states_data sd;
	struct states_result sr;
	struct texts_data td;
	struct geo_data geo;
	struct geo_result geor;
};

/* Load every dataset, reporting the problems of all of them. */
static int stage_load(struct arena *a, const char *dir, struct model *m)
{
	struct stat sb;
	int bad = 0;

	/* one message for a wrong --data, not one per dataset (an edition held
	 * in memory, the whole-path fuzzer's, is a folder) */
	if (buf_mem_mounted(dir)) {
		/* no folder to check */
	} else if (stat(dir, &sb) != 0) {
		diag_error(NULL, EXIT_SYS, "edition folder '%s': %s", dir, strerror(errno));
		return -1;
	} else if (!S_ISDIR(sb.st_mode)) {
		diag_error(NULL, EXIT_SYS, "edition folder '%s': not a folder", dir);
		return -1;
	}

	bad |= edition_load(a, dir, &m->edition) != 0;
	bad |= edition_facts_load(a, dir, &m->facts) != 0;
	bad |= automation_load(a, dir, &m->auto_in) != 0;
	bad |= readiness_load(a, dir, &m->rd) != 0;
	if (!bad)
		bad |= readiness_mc_settings(&m->edition, &m->rd) != 0;
	bad |= regions_load(a, dir, &m->gd) != 0;
	bad |= texts_load(a, dir, &m->td) != 0;
	bad |= geo_load(a, dir, &m->geo) != 0;
	if (!bad)
		bad |= texts_check_states(&m->td, &m->gd) != 0;
	if (!bad)
		bad |= states_load(a, dir, &m->gd, &m->auto_in, &m->sd) != 0;
	if (!bad)
		bad |= geo_check_states(&m->geo, &m->gd) != 0;
	return bad || diag_status() != EXIT_OK ? -1 : 0;
}

static int stage_model(struct arena *a, struct model *m)
{
	/* the reference index: min-max, arithmetic mean, equal weight per metric */
	struct readiness_params rp = { READINESS_MINMAX, READINESS_ARITH, READINESS_W_METRIC,
	                               "MEX", -1 };

	m->auto_res = arena_alloc(a, sizeof *m->auto_res);
	if (automation_compute(&m->auto_in, m->auto_res) != 0) {
		diag_error(NULL, EXIT_DATA, "automation model: the edition has no employment");
		return -1;
	}
	if (readiness_compute(a, &m->rd, &rp, &m->rr) != 0) {
		diag_error(NULL, EXIT_DATA, "readiness index: nothing to rank");
		return -1;
	}
	/* its uncertainty (seed and draws from edition.csv) and one-at-a-time
	 * sensitivity, both reported in the chapter and the methodology */
	if (readiness_mc(a, &m->rd, m->rd.draws, m->rd.seed, &m->rmc) != 0 ||
	    readiness_oat(a, &m->rd, &m->roat) != 0)
		return -1;
	if (regions_compute(a, &m->gd, &m->gr) != 0) {
		diag_error(NULL, EXIT_DATA, "regions: no state with a population");
		return -1;
	}
	if (states_compute(a, &m->sd, m->auto_res, &m->sr) != 0) {
		diag_error(NULL, EXIT_DATA, "states: a state has no value added");
		return -1;
	}
	if (geo_compute(a, &m->geo, &m->geor) != 0)
		return -1;
	return 0;
}

/* Emit every figure and table. The cross-checks against official raw files
 * (written by `reportgen import`) join them when the edition has them. */
static int stage_figures(struct arena *a, const char *dir, const struct model *m,
                         struct figset *fs)
{
	const struct figure *dy;
	char *imp = arena_printf(a, "%s/import_figures.csv", dir);

	edition_figures(&m->edition, fs);
	edition_facts_figures(&m->facts, fs);
	automation_figures(m->auto_res, fs);
	/* The year the employment data describe is the automation model's input. */
	dy = figset_get(fs, "automation.data_year");
	if (dy != NULL)
		figset_num(fs, "edition.data_year", dy->value, "year", dy->source,
		           "= automation.data_year");
	readiness_figures(&m->rr, &m->rmc, &m->roat, fs);
	readiness_variant_figures(a, &m->rd, "MEX", fs);
	regions_figures(&m->gr, fs);
	states_figures(&m->sr, fs);
	texts_figures(&m->td, fs);
	geo_figures(&m->geor, fs);
	figset_num(fs, "crosscheck.available", buf_file_exists(imp), "flag", "",
	           "1 when the edition has import_figures.csv");
	if (buf_file_exists(imp) && import_figures_load(a, imp, fs) != 0)
		return -1;
	return 0;
}

struct figset *run_edition_only(struct arena *a, const char *dir, struct run_stats *st)
{
	struct model *m = arena_alloc(a, sizeof *m);
	struct figset *fs;
	double t;

	t = run_now();
	if (stage_load(a, dir, m) != 0)
		return NULL;
	st->load = run_now() - t;

	t = run_now();
	if (stage_model(a, m) != 0)
		return NULL;
	st->model = run_now() - t;

	t = run_now();
	fs = figset_new(a);
	if (stage_figures(a, dir, m, fs) != 0)
		return NULL;
	st->figures = run_now() - t;
	return fs;
}

int run_write_figures(const struct figset *fs, const char *dir)
{
	const struct figtable *errata = figset_get_table(fs, "errata");
	struct buf b = { 0 }, path = { 0 };
	int rc;

	const struct figure *repro = figset_get(fs, "edition.reproduces");

	if (figset_write_csv(fs, dir) != 0)
		return -1;
	/* errata.csv belongs to an edition that reproduces a published report
	 * (edition.csv: reproduces) */
	if (errata == NULL || repro == NULL || repro->text == NULL || strcmp(repro->text, "none") == 0)
		return 0;
	/* the errata also stand on their own beside figures.csv */
	figtable_csv(errata, &b);
	buf_printf(&path, "%s/errata.csv", dir);
	rc = outfile_stage(buf_cstr(&path), b.data ? b.data : "", b.len);
	buf_free(&b);
	buf_free(&path);
	return rc;
}
