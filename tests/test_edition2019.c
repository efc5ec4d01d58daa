/*
 * The 2019 edition (data/2019, data year 2018), next to the 2018 one: its
 * papers read right for 2019 (none of the 2018-bound phrases, the right
 * year and data year), their "What changed" section gives the numbers both
 * editions' figures give, each brief has its state's line, `reportgen diff`
 * lists the changed figures, and both editions rebuild byte for byte, also
 * in shards.
 */
#include "helpers.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPOCH "SOURCE_DATE_EPOCH=1527811200"

/* One run into a fresh folder; returns the output folder (static). */
static const char *run_edition(const char *data, const char *extra)
{
	static char outs[8][600];
	static int k;
	char *dir = th_tmpdir(), *log = NULL;
	char *out = outs[k++ % 8];

	cr_assert_not_null(dir);
	snprintf(out, 600, "%s/out", dir);
	cr_assert_eq(th_run(&log, EPOCH " '%s' --quiet --data %s --out '%s' %s", th_bin(), data, out,
	                    extra), 0, "%s", log);
	free(log);
	return out;
}

static double figure(const char *out, const char *key)
{
	char path[700], line[4096];
	size_t klen = strlen(key);
	FILE *fp;
	double v = NAN;

	snprintf(path, sizeof path, "%s/figures.csv", out);
	fp = fopen(path, "r");
	cr_assert_not_null(fp, "no %s", path);
	while (fgets(line, sizeof line, fp))
		if (strncmp(line, key, klen) == 0 && line[klen] == ',') {
			v = strtod(line + klen + 1, NULL);
			break;
		}
	fclose(fp);
	cr_assert(!isnan(v), "figure %s not in %s", key, path);
	return v;
}

/* pdftotext of a PDF with its lines joined by spaces (malloc'd). */
static char *text_of(const char *pdf)
{
	char *t = NULL;

	cr_assert_eq(th_run(&t, "pdftotext -q '%s' - | tr '\\n' ' ' | tr -s ' '", pdf), 0, "%s", t);
	return t;
}

static void ordinal_en(char *b, size_t n, int v)
{
	const char *suf = (v % 100 >= 11 && v % 100 <= 13) ? "th" :
	                  v % 10 == 1 ? "st" : v % 10 == 2 ? "nd" : v % 10 == 3 ? "rd" : "th";

	snprintf(b, n, "%d%s", v, suf);
}

static const char *const stale_en[] = {
	"about to take office", "this year's July elections", "The July elections",
	"outgoing administration", "Short term: current administration",
	"Transition to the new administration", "Differences from the published paper",
	"published in June 2019", "ai startups",
};
static const char *const stale_es[] = {
	"está por asumir el cargo", "elecciones de julio", "administración saliente",
	"Corto plazo: administración actual", "Transición a la nueva administración",
	"Diferencias con el documento publicado", "publicado en junio de 2019",
};

Test(edition2019, papers_read_right_for_2019, .timeout = 240)
{
	const char *o18 = run_edition("data/2018", "--only figures");
	const char *o19 = run_edition("data/2019", "--only paper,figures");
	char pdf[700], want[128], a[16], b[16], *en, *es;
	double old_jobs, new_jobs, old_rank, new_rank;
	size_t i;

	snprintf(pdf, sizeof pdf, "%s/whitepaper-en.pdf", o19);
	en = text_of(pdf);
	snprintf(pdf, sizeof pdf, "%s/whitepaper-es.pdf", o19);
	es = text_of(pdf);
	for (i = 0; i < sizeof stale_en / sizeof stale_en[0]; i++)
		cr_expect_null(strstr(en, stale_en[i]), "2019 paper says '%s'", stale_en[i]);
	for (i = 0; i < sizeof stale_es / sizeof stale_es[0]; i++)
		cr_expect_null(strstr(es, stale_es[i]), "2019 paper says '%s'", stale_es[i]);
	/* the year and the data year */
	cr_expect_eq(figure(o19, "edition.year"), 2019);
	cr_expect_eq(figure(o19, "edition.data_year"), 2018);
	cr_expect_not_null(strstr(en, "June 2019"));
	cr_expect_not_null(strstr(es, "junio de 2019"));
	cr_expect_not_null(strstr(en, "of all employment in 2018"), "data year");
	cr_expect_not_null(strstr(en, "took office in December 2018"));
	cr_expect_not_null(strstr(es, "asumió el cargo en diciembre de 2018"));
	/* what changed: the numbers of both editions' figures */
	cr_assert_not_null(strstr(en, "What changed since the 2018 edition"));
	cr_assert_not_null(strstr(es, "Qué cambió desde la edición de 2018"));
	old_jobs = figure(o18, "jobs.affected.total");
	new_jobs = figure(o19, "jobs.affected.total");
	snprintf(want, sizeof want, "at %.2f million, ", new_jobs / 1e6);
	cr_expect_not_null(strstr(en, want), "'%s' not in the paper", want);
	snprintf(want, sizeof want, "against %.2f million (%.1f%%) in the 2018 edition", old_jobs / 1e6,
	         100 * figure(o18, "jobs.affected.share"));
	cr_expect_not_null(strstr(en, want), "'%s' not in the paper", want);
	cr_expect_float_eq(figure(o19, "change.jobs.affected.total.diff"), new_jobs - old_jobs, 1e-6);
	old_rank = figure(o18, "readiness.mex.rank");
	new_rank = figure(o19, "readiness.mex.rank");
	ordinal_en(a, sizeof a, (int)new_rank);
	ordinal_en(b, sizeof b, (int)old_rank);
	snprintf(want, sizeof want, "Mexico ranks %s of 35, against %s in the 2018 edition", a, b);
	cr_expect_not_null(strstr(en, want), "'%s' not in the paper", want);
	if (new_rank != old_rank) {
		snprintf(want, sizeof want, "%d %s %s", (int)fabs(new_rank - old_rank),
		         fabs(new_rank - old_rank) == 1 ? "place" : "places",
		         new_rank > old_rank ? "lower" : "higher");
		cr_expect_not_null(strstr(en, want), "'%s' not in the paper", want);
	}
	free(en);
	free(es);
	/* a 2018 paper has no such section, and keeps its differences appendix */
	cr_expect_eq(figure(o18, "change.available"), 0);
}

/* The states that moved most: the table's rows are the differences of the
 * two editions' states tables, largest first. */
Test(edition2019, states_that_moved_most_come_from_both_editions, .timeout = 240)
{
	const char *o18 = run_edition("data/2018", "--only figures");
	const char *o19 = run_edition("data/2019", "--only figures");
	char *log = NULL;

	cr_assert_eq(th_run(&log,
		"python3 - '%s' '%s' <<'EOF'\n"
		"import csv, sys\n"
		"def st(o):\n"
		"    return {r['slug']: r for r in csv.DictReader(open(o + '/tables/states.csv'))}\n"
		"a, b = st(sys.argv[1]), st(sys.argv[2])\n"
		"ch = list(csv.DictReader(open(sys.argv[2] + '/tables/changes_states.csv')))\n"
		"assert len(ch) == len(b) == 32, len(ch)\n"
		"last = None\n"
		"for r in ch:\n"
		"    d = float(b[r['slug']]['affected_share']) - float(a[r['slug']]['affected_share'])\n"
		"    assert abs(d - float(r['diff'])) < 1e-12, (r['slug'], d, r['diff'])\n"
		"    assert r['old_rank'] == a[r['slug']]['exposure_rank'] and r['new_rank'] == b[r['slug']]['exposure_rank']\n"
		"    assert last is None or abs(d) <= last + 1e-15\n"
		"    last = abs(d)\n"
		"moved = sum(a[s]['exposure_rank'] != b[s]['exposure_rank'] for s in b)\n"
		"figs = {l.split(',')[0]: l.split(',')[1] for l in open(sys.argv[2] + '/figures.csv')}\n"
		"assert float(figs['change.states.moved']) == moved, (figs['change.states.moved'], moved)\n"
		"EOF\n", o18, o19), 0, "%s", log);
	free(log);
}

Test(edition2019, each_brief_has_its_state_line, .timeout = 120)
{
	const char *o19 = run_edition("data/2019", "--only briefs --state jalisco");
	const char *o18 = run_edition("data/2018", "--only briefs --state jalisco");
	char pdf[700], *t;

	snprintf(pdf, sizeof pdf, "%s/briefs/en/jalisco.pdf", o19);
	t = text_of(pdf);
	cr_expect(strstr(t, "Since the 2018 edition. The share of Jalisco's jobs exposed") != NULL ||
	          strstr(t, "Since the 2018 edition. The share of Jalisco\xE2\x80\x99s jobs exposed") != NULL,
	                   "%s", t);
	free(t);
	snprintf(pdf, sizeof pdf, "%s/briefs/es/jalisco.pdf", o19);
	t = text_of(pdf);
	cr_expect_not_null(strstr(t, "Desde la edición de 2018. La proporción de empleos de Jalisco"), "%s", t);
	free(t);
	snprintf(pdf, sizeof pdf, "%s/briefs/en/jalisco.pdf", o18);
	t = text_of(pdf);
	cr_expect_null(strstr(t, "Since the 2018 edition"));
	free(t);
}

Test(edition2019, diff_lists_the_changed_figures, .timeout = 240)
{
	const char *o18 = run_edition("data/2018", "--only figures");
	const char *o19 = run_edition("data/2019", "--only figures");
	char *log = NULL;

	cr_assert_eq(th_run(&log, "'%s' diff '%s' '%s'", th_bin(), o18, o19), 0, "%s", log);
	cr_expect(strstr(log, "\nedition.year: 2018 -> 2019 (+1, +0.05%)\n") != NULL ||
	          strncmp(log, "edition.year: 2018 -> 2019", 26) == 0, "%s", log);
	cr_expect_not_null(strstr(log, "\njobs.affected.total: "), "%s", log);
	cr_expect_not_null(strstr(log, "\nedition.data_year: 2016 -> 2018 (+2,"), "%s", log);
	cr_expect_not_null(strstr(log, "\nchange.jobs.affected.total.diff: added "), "%s", log);
	free(log);
}

/* No published report: no errata.csv; the 2018 edition keeps its own. */
Test(edition2019, errata_only_with_a_reproduction, .timeout = 120)
{
	const char *o18 = run_edition("data/2018", "--only figures");
	const char *o19 = run_edition("data/2019", "--only figures");
	char p[700];

	snprintf(p, sizeof p, "%s/errata.csv", o18);
	cr_expect(th_exists(p));
	snprintf(p, sizeof p, "%s/errata.csv", o19);
	cr_expect_not(th_exists(p));
}

/* Both editions rebuild byte for byte, and the shards of the 2019 one
 * together are its full run. */
Test(edition2019, reruns_and_shards_are_byte_identical, .timeout = 600)
{
	const char *a = run_edition("data/2019", "--jobs 2");
	const char *b = run_edition("data/2019", "--jobs 1");
	const char *c = run_edition("data/2018", "--lang es --only paper,figures");
	const char *d = run_edition("data/2018", "--lang es --only paper,figures");
	char *dir = th_tmpdir(), *log = NULL;
	int k;

	cr_assert_eq(th_run(&log, "diff -r '%s' '%s'", a, b), 0, "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, "diff -r '%s' '%s'", c, d), 0, "%s", log);
	free(log);
	for (k = 1; k <= 3; k++) {
		cr_assert_eq(th_run(&log, EPOCH " '%s' --quiet --data data/2019 --shard %d/3 --out '%s/sh'",
		                    th_bin(), k, dir), 0, "%s", log);
		free(log);
	}
	cr_assert_eq(th_run(&log, "diff -r '%s' '%s/sh'", a, dir), 0, "%s", log);
	free(log);
}
