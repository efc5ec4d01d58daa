/*
 * Bad-input corpus (issue 9): malformed editions, templates and environments,
 * each a small edit of a temporary copy of data/2018 or templates/ made here.
 *
 * Every case first runs reportgen successfully into an output folder, then
 * runs it again on the broken input into the same folder and checks:
 *   - the exit status is 1 (bad data or template) or 3 (system);
 *   - an "error:" line names the place (FILE:LINE[:COL], or the path);
 *   - at most a few error lines (one clear message, not a cascade);
 *   - the previous outputs are byte-identical and no *.tmp.* file is left.
 * One case (BOM + CRLF) must still succeed with identical outputs.
 * The kill test SIGKILLs runs at several moments and checks that every output
 * is the previous version or a complete new one, never a truncated file.
 * tests/fixtures/bad/README lists the cases.
 */
#define _GNU_SOURCE
#include "helpers.h"

#include "base/base.h"
#include "figures/figures.h"
#include "tmpl/tmpl.h"

#include <criterion/criterion.h>

#include <dirent.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXFILES 64

struct snap {
	int n;
	char *name[MAXFILES];
	char *data[MAXFILES];
	size_t len[MAXFILES];
};

struct bctx {
	char *tmp;          /* temp folder */
	char data[600];     /* tmp/edition */
	char tmpl[600];     /* tmp/templates */
	char out[600];      /* tmp/out */
	char fonts[600];    /* font manifest */
	struct snap before;
};

enum { ST_DATA = 1, ST_SYS = 2, ST_ANY = 3 };

/* ---- files ---- */

static char *path_in(const char *dir, const char *rel)
{
	char *p;

	cr_assert(asprintf(&p, "%s/%s", dir, rel) > 0);
	return p;
}

static char *slurp(const char *path, size_t *len)
{
	char *d = th_read_file(path, len);

	cr_assert_not_null(d, "cannot read %s", path);
	return d;
}

static void spill(const char *path, const char *bytes, size_t len)
{
	cr_assert_eq(th_write_file(path, bytes, len), 0, "cannot write %s", path);
}

/* Replace the first occurrence of old (len olen) by new (len nlen) in file
 * dir/rel; returns the 1-based line of the occurrence. */
static int replace_n(const char *dir, const char *rel, const char *old, size_t olen,
                     const char *new, size_t nlen)
{
	char *path = path_in(dir, rel);
	size_t len, off;
	char *d = slurp(path, &len), *hit, *nd;
	int line = 1;

	hit = memmem(d, len, old, olen);
	cr_assert_not_null(hit, "'%s' not found in %s", old, rel);
	off = (size_t)(hit - d);
	for (size_t i = 0; i < off; i++)
		line += d[i] == '\n';
	nd = malloc(len - olen + nlen);
	memcpy(nd, d, off);
	memcpy(nd + off, new, nlen);
	memcpy(nd + off + nlen, d + off + olen, len - off - olen);
	spill(path, nd, len - olen + nlen);
	free(nd);
	free(d);
	free(path);
	return line;
}

static int replace(const char *dir, const char *rel, const char *old, const char *new)
{
	return replace_n(dir, rel, old, strlen(old), new, strlen(new));
}

static void append(const char *dir, const char *rel, const char *text)
{
	char *path = path_in(dir, rel);
	FILE *fp = fopen(path, "ab");

	cr_assert_not_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(path);
}

/* Lines in dir/rel (the line number the next appended line will have, minus 1). */
static int count_lines(const char *dir, const char *rel)
{
	char *path = path_in(dir, rel);
	size_t len;
	char *d = slurp(path, &len);
	int n = 0;

	for (size_t i = 0; i < len; i++)
		n += d[i] == '\n';
	free(d);
	free(path);
	return n;
}

/* ---- snapshots of the output folder ---- */

static void snap_take(const char *out, struct snap *s)
{
	char *list = NULL, *p, *nl;

	memset(s, 0, sizeof *s);
	cr_assert_eq(th_run(&list, "cd '%s' && find . -type f | LC_ALL=C sort", out), 0);
	for (p = list; *p != '\0' && s->n < MAXFILES; p = nl + 1) {
		char *full;

		nl = strchr(p, '\n');
		if (nl == NULL)
			break;
		*nl = '\0';
		s->name[s->n] = strdup(p);
		full = path_in(out, p);
		s->data[s->n] = slurp(full, &s->len[s->n]);
		free(full);
		s->n++;
	}
	free(list);
}

static void snap_free(struct snap *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->name[i]);
		free(s->data[i]);
	}
	s->n = 0;
}

static void snap_same(const struct snap *a, const struct snap *b, const char *what)
{
	cr_assert_eq(a->n, b->n, "%s: %d files before, %d after", what, a->n, b->n);
	for (int i = 0; i < a->n; i++) {
		cr_assert_str_eq(a->name[i], b->name[i], "%s: file list changed", what);
		cr_assert(a->len[i] == b->len[i] && memcmp(a->data[i], b->data[i], a->len[i]) == 0,
		          "%s: %s changed", what, a->name[i]);
	}
}

static int count_temps(const char *out)
{
	char *list = NULL;
	int n;

	th_run(&list, "find '%s' -name '*.tmp.*' | wc -l", out);
	n = atoi(list ? list : "0");
	free(list);
	return n;
}

/* ---- runs ---- */

static int run_rg(const struct bctx *c, const char *prefix, const char *extra, char **log)
{
	return th_run(log, "%s '%s' --data '%s' --templates '%s' --out '%s' --fonts '%s' "
	               "--lang en --quiet --state jalisco %s", prefix, th_bin(), c->data, c->tmpl,
	               c->out, c->fonts, extra);
}

/* Temp copy of the edition and templates, and one good run into out. */
static void bad_begin(struct bctx *c)
{
	char *log = NULL;
	int st;

	memset(c, 0, sizeof *c);
	c->tmp = th_tmpdir();
	cr_assert_not_null(c->tmp);
	cr_assert_eq(th_copy_edition(c->tmp), 0);
	snprintf(c->data, sizeof c->data, "%s/edition", c->tmp);
	snprintf(c->tmpl, sizeof c->tmpl, "%s/templates", c->tmp);
	snprintf(c->out, sizeof c->out, "%s/out", c->tmp);
	snprintf(c->fonts, sizeof c->fonts, "%s/fonts/manifest", TEST_SRCDIR);
	cr_assert_eq(th_run(NULL, "cp -r templates '%s'", c->tmpl), 0);
	st = run_rg(c, "", "", &log);
	cr_assert_eq(st, 0, "the good run failed (%d):\n%s", st, log);
	free(log);
	snap_take(c->out, &c->before);
	cr_assert_gt(c->before.n, 0);
}

/* Lines of log that contain "error:". */
static int count_errors(const char *log)
{
	int n = 0;

	for (const char *p = log; (p = strstr(p, "error:")) != NULL; p++)
		n++;
	return n;
}

/* Some line of log has both "error:" and place. */
static int error_names(const char *log, const char *place)
{
	const char *p = log;

	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, n);
		int ok = strstr(line, "error:") != NULL && strstr(line, place) != NULL;

		free(line);
		if (ok)
			return 1;
		p += n + (nl != NULL);
	}
	return 0;
}

/* The broken run, with the checks listed at the top of this file. */
static void bad_end_with(struct bctx *c, const char *prefix, const char *extra, int statuses,
                         const char *place, int max_errors)
{
	struct snap after;
	char *log = NULL;
	int st = run_rg(c, prefix, extra, &log);
	int ok_status = (st == 1 && (statuses & ST_DATA)) || (st == 3 && (statuses & ST_SYS));

	if (getenv("BADINPUT_SHOW") != NULL)    /* to read the messages: BADINPUT_SHOW=1 */
		fprintf(stderr, "---- exit %d, expected place '%s'\n%.1500s", st, place, log);

	cr_assert(ok_status, "exit status %d, expected %s:\n%.3000s", st,
	          statuses == ST_DATA ? "1" : statuses == ST_SYS ? "3" : "1 or 3", log);
	cr_assert(error_names(log, place), "no error line names '%s':\n%.3000s", place, log);
	cr_assert_leq(count_errors(log), max_errors, "%d error lines (at most %d):\n%.3000s",
	              count_errors(log), max_errors, log);
	cr_assert_lt(strlen(log), 8000, "messages too long (%zu bytes)", strlen(log));
	snap_take(c->out, &after);
	snap_same(&c->before, &after, "previous outputs");
	cr_assert_eq(count_temps(c->out), 0, "temp files left in %s", c->out);
	snap_free(&after);
	snap_free(&c->before);
	free(log);
	th_rmtree(c->tmp);
}

static void bad_end(struct bctx *c, int statuses, const char *place, int max_errors)
{
	bad_end_with(c, "", "", statuses, place, max_errors);
}

static char *place(const char *file, int line)
{
	static char buf[256];

	snprintf(buf, sizeof buf, "%s:%d:", file, line);
	return buf;
}

/* ---- malformed editions ---- */

Test(badinput, truncated_csv, .timeout = 120)
{
	struct bctx c;
	char *p;
	size_t len;
	char *d;
	int line = 1;
	size_t cut;

	bad_begin(&c);
	p = path_in(c.data, "states.csv");
	d = slurp(p, &len);
	/* cut in the middle of line 12 */
	for (cut = 0; cut < len && line < 12; cut++)
		line += d[cut] == '\n';
	cut += 10;
	spill(p, d, cut);
	free(d);
	free(p);
	bad_end(&c, ST_DATA, place("states.csv", 12), 2);
}

Test(badinput, truncated_inside_quotes, .timeout = 120)
{
	struct bctx c;
	char *p;
	size_t len;
	char *d, *q;
	int line = 1;

	bad_begin(&c);
	p = path_in(c.data, "state_profiles.csv");
	d = slurp(p, &len);
	q = strstr(d, "\"A young state");
	cr_assert_not_null(q);
	for (char *s = d; s < q; s++)
		line += *s == '\n';
	spill(p, d, (size_t)(q - d) + 20);
	free(d);
	free(p);
	bad_end(&c, ST_DATA, place("state_profiles.csv", line), 2);
}

Test(badinput, latin1_bytes, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.data, "states.csv", "Yucat\xc3\xa1n", "Yucat\xe1n");
	bad_end(&c, ST_DATA, place("states.csv", line), 2);
}

Test(badinput, latin1_whole_file, .timeout = 120)
{
	struct bctx c;

	bad_begin(&c);
	/* the whole file re-encoded: every accented name is a bad byte */
	cr_assert_eq(th_run(NULL, "cd '%s' && iconv -f UTF-8 -t LATIN1 state_focus.csv > x && mv x "
	                     "state_focus.csv", c.data), 0);
	bad_end(&c, ST_DATA, "state_focus.csv:", 50);
}

Test(badinput, utf16_file, .timeout = 120)
{
	struct bctx c;

	bad_begin(&c);
	cr_assert_eq(th_run(NULL, "cd '%s' && iconv -f UTF-8 -t UTF-16 edition.csv > x && mv x "
	                     "edition.csv", c.data), 0);
	bad_end(&c, ST_DATA, "edition.csv:1:", 3);
}

Test(badinput, overlong_and_surrogate_utf8, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.data, "state_institutions.csv", "Leads the city",
	               "Leads \xed\xa0\x80 the \xc0\xaf city");
	bad_end(&c, ST_DATA, place("state_institutions.csv", line), 2);
}

Test(badinput, bom_crlf_still_passes, .timeout = 120)
{
	struct bctx c;
	struct snap after;
	char *log = NULL;
	int st;

	bad_begin(&c);
	cr_assert_eq(th_run(NULL, "cd '%s' && for f in states.csv state_profiles.csv "
	                     "sectors.csv; do { printf '\\357\\273\\277'; sed 's/$/\\r/' $f; } > x "
	                     "&& mv x $f; done", c.data), 0);
	st = run_rg(&c, "", "", &log);
	cr_assert_eq(st, 0, "BOM + CRLF edition failed (%d):\n%s", st, log);
	snap_take(c.out, &after);
	/* same data, same bytes */
	snap_same(&c.before, &after, "outputs of the BOM + CRLF edition");
	cr_assert_eq(count_temps(c.out), 0);
	snap_free(&after);
	snap_free(&c.before);
	free(log);
	th_rmtree(c.tmp);
}

Test(badinput, one_megabyte_field, .timeout = 120)
{
	struct bctx c;
	size_t n = 1 << 20;
	char *big = malloc(n + 1);
	int line;

	bad_begin(&c);
	memset(big, '7', n);
	big[n] = '\0';
	big[n / 2] = 'x';      /* a 1 MB value that is not a number */
	line = replace(c.data, "employment.csv", "5926142", big);
	free(big);
	bad_end(&c, ST_DATA, place("employment.csv", line), 2);
}

Test(badinput, hundred_thousand_rows, .timeout = 180)
{
	struct bctx c;
	char *p;
	FILE *fp;
	int first;

	bad_begin(&c);
	first = count_lines(c.data, "footnotes.csv") + 1;
	p = path_in(c.data, "footnotes.csv");
	fp = fopen(p, "ab");
	cr_assert_not_null(fp);
	/* 100,000 rows that repeat the key of the first data row */
	{
		size_t len;
		char *d = slurp(p, &len);
		char *row = strchr(d, '\n') + 1;
		char *end = strchr(row, '\n');

		*end = '\0';
		for (int i = 0; i < 100000; i++)
			fprintf(fp, "%s\n", row);
		free(d);
	}
	fclose(fp);
	free(p);
	/* the first repeated row is the first error; the loader stops after 50 */
	bad_end(&c, ST_DATA, place("footnotes.csv", first), 52);
}

Test(badinput, nul_byte, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace_n(c.data, "states.csv", "Campeche,Campeche", 17, "Camp\0che,Campeche", 17);
	bad_end(&c, ST_DATA, place("states.csv", line), 2);
}

Test(badinput, nan_value, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.data, "employment.csv", "5926142", "NaN");
	bad_end(&c, ST_DATA, place("employment.csv", line), 2);
}

Test(badinput, infinity_value, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.data, "sector_occupations.csv", "0.231299", "inf");
	bad_end(&c, ST_DATA, place("sector_occupations.csv", line), 3);
}

Test(badinput, overflowing_number, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.data, "states.csv", "1312544", "1e999");
	bad_end(&c, ST_DATA, place("states.csv", line), 2);
}

Test(badinput, huge_integer, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	/* an integer column: beyond 2^53 a double no longer holds every integer */
	line = replace(c.data, "states.csv", "1312544", "99999999999999999999999999");
	bad_end(&c, ST_DATA, place("states.csv", line), 2);
}

Test(badinput, negative_number, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.data, "employment.csv", "5926142", "-5926142");
	bad_end(&c, ST_DATA, place("employment.csv", line), 2);
}

Test(badinput, duplicated_key, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = count_lines(c.data, "states.csv") + 1;
	append(c.data, "states.csv",
	       "campeche,04,Campeche,Campeche,Campeche,899931,2015,no,official,inegi_intercensal_2015\n");
	bad_end(&c, ST_DATA, place("states.csv", line), 2);
}

Test(badinput, unknown_code, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.data, "employment.csv", "agriculture,women", "agricultura,women");
	bad_end(&c, ST_DATA, place("employment.csv", line), 3);
}

Test(badinput, unknown_state_in_long_table, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.data, "state_focus.csv", "jalisco,1,", "jalisko,1,");
	bad_end(&c, ST_DATA, place("state_focus.csv", line), 2);
}

Test(badinput, share_above_100_percent, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.data, "state_profiles.csv", "0.1682", "1.682");
	bad_end(&c, ST_DATA, place("state_profiles.csv", line), 2);
}

Test(badinput, shares_not_summing_to_one, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.data, "impact_split.csv", "0.508359", "0.608359");
	(void)line;
	bad_end(&c, ST_DATA, "impact_split.csv:", 2);
}

Test(badinput, likelihood_decreasing, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	/* within 5 years more likely than within 15 */
	line = replace(c.data, "tasks.csv", "0.0006,0.008,0.01", "0.0106,0.008,0.01");
	bad_end(&c, ST_DATA, place("tasks.csv", line), 2);
}

Test(badinput, missing_column, .timeout = 120)
{
	struct bctx c;

	bad_begin(&c);
	cr_assert_eq(th_run(NULL, "cd '%s' && cut -d, -f1,2,3,5 employment.csv > x && mv x "
	                     "employment.csv", c.data), 0);
	/* the provenance column is gone (employment.csv has no quoted fields) */
	bad_end(&c, ST_DATA, "employment.csv:1:", 2);
}

Test(badinput, too_many_fields, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.data, "states.csv", "campeche,04,", "campeche,04,extra,");
	bad_end(&c, ST_DATA, place("states.csv", line), 2);
}

Test(badinput, stray_quote, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.data, "sectors.csv", "Mining and quarrying", "Mining \"and quarrying");
	bad_end(&c, ST_DATA, place("sectors.csv", line), 2);
}

Test(badinput, empty_file, .timeout = 120)
{
	struct bctx c;
	char *p;

	bad_begin(&c);
	p = path_in(c.data, "edition.csv");
	spill(p, "", 0);
	free(p);
	bad_end(&c, ST_DATA, "edition.csv:", 2);
}

Test(badinput, header_only, .timeout = 120)
{
	struct bctx c;

	bad_begin(&c);
	cr_assert_eq(th_run(NULL, "cd '%s' && head -1 employment.csv > x && mv x employment.csv",
	                     c.data), 0);
	/* every sector then lacks its employment: the first message names a row */
	bad_end(&c, ST_DATA, "sectors.csv:", 50);
}

Test(badinput, missing_file, .timeout = 120)
{
	struct bctx c;
	char *p;

	bad_begin(&c);
	p = path_in(c.data, "occupations.csv");
	cr_assert_eq(unlink(p), 0);
	free(p);
	bad_end(&c, ST_ANY, "occupations.csv", 3);
}

Test(badinput, unknown_readiness_country, .timeout = 120)
{
	struct bctx c;
	char *v;
	int line;

	bad_begin(&c);
	line = count_lines(c.data, "readiness_values.csv") + 1;
	/* a copy of the last row with an unknown country code */
	cr_assert_eq(th_run(&v, "tail -1 '%s/readiness_values.csv' | sed 's/^[A-Z]*,/ZZZ,/'",
	                     c.data), 0);
	append(c.data, "readiness_values.csv", v);
	free(v);
	bad_end(&c, ST_DATA, place("readiness_values.csv", line), 2);
}

/* ---- malformed templates ---- */

#define BRIEF "brief/en/00-brief.md"

Test(badinput, cyclic_include, .timeout = 120)
{
	struct bctx c;
	char *p;

	bad_begin(&c);
	p = path_in(c.tmpl, "partials/en/loop-a.md");
	spill(p, "A\n{% include \"partials/en/loop-b.md\" %}\n", 39);
	free(p);
	p = path_in(c.tmpl, "partials/en/loop-b.md");
	spill(p, "B\n{% include \"partials/en/loop-a.md\" %}\n", 39);
	free(p);
	replace(c.tmpl, BRIEF, "## The national picture",
	        "{% include \"partials/en/loop-a.md\" %}\n\n## The national picture");
	bad_end(&c, ST_DATA, "loop-", 3);
}

Test(badinput, self_include, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.tmpl, "partials/en/national-picture.md", "\n",
	               "\n{% include \"partials/en/national-picture.md\" %}\n");
	bad_end(&c, ST_DATA, place("national-picture.md", line + 1), 3);
}

Test(badinput, unbalanced_if, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.tmpl, BRIEF, "{% if state.vision %}", "{% if state.vision %}{% if 1 %}");
	bad_end(&c, ST_DATA, place("00-brief.md", line), 3);
}

Test(badinput, stray_endfor, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.tmpl, BRIEF, "## How ", "{% endfor %}\n## How ");
	bad_end(&c, ST_DATA, place("00-brief.md", line), 3);
}

Test(badinput, unknown_figure, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.tmpl, BRIEF, "{{ state.population | num }}", "{{ jobs.totl | num }}");
	bad_end(&c, ST_DATA, place("00-brief.md", line), 2);
}

Test(badinput, unknown_filter, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.tmpl, BRIEF, "{{ state.population | num }}", "{{ state.population | nmu }}");
	bad_end(&c, ST_DATA, place("00-brief.md", line), 2);
}

Test(badinput, unknown_table, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.tmpl, BRIEF, "{% for s in sectors_top5 %}", "{% for s in sectors_top6 %}");
	bad_end(&c, ST_DATA, place("00-brief.md", line), 2);
}

Test(badinput, unterminated_tag, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.tmpl, BRIEF, "{{ state.population | num }}", "{{ state.population | num ");
	bad_end(&c, ST_DATA, place("00-brief.md", line), 3);
}

Test(badinput, truncated_template, .timeout = 120)
{
	struct bctx c;
	char *p;
	size_t len;
	char *d, *q;
	int line = 1;

	bad_begin(&c);
	p = path_in(c.tmpl, BRIEF);
	d = slurp(p, &len);
	q = strstr(d, "{% for i in state_institutions");
	cr_assert_not_null(q);
	for (char *s = d; s < q; s++)
		line += *s == '\n';
	spill(p, d, (size_t)(q - d) + 12);     /* "{% for i in " */
	free(d);
	free(p);
	bad_end(&c, ST_DATA, place("00-brief.md", line), 3);
}

Test(badinput, missing_include, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.tmpl, BRIEF, "partials/en/national-picture.md", "partials/en/nowhere.md");
	bad_end(&c, ST_ANY, place("00-brief.md", line), 2);
}

Test(badinput, latin1_template, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace(c.tmpl, BRIEF, "sets the state against", "sets the st\xe1te against");
	bad_end(&c, ST_DATA, place("00-brief.md", line), 2);
}

Test(badinput, nul_in_template, .timeout = 120)
{
	struct bctx c;
	int line;

	bad_begin(&c);
	line = replace_n(c.tmpl, BRIEF, "sets the state", 14, "sets the\0state", 14);
	bad_end(&c, ST_DATA, place("00-brief.md", line), 2);
}

Test(badinput, unclosed_fence, .timeout = 120)
{
	struct bctx c;
	char *p;
	size_t len;
	char *d;

	bad_begin(&c);
	/* the table fence at the end of the brief loses its closing ::: */
	p = path_in(c.tmpl, BRIEF);
	d = slurp(p, &len);
	{
		char *q = strstr(d, "{% endfor %}\n:::\n");

		cr_assert_not_null(q);
		memmove(q + 13, q + 17, len - (size_t)(q + 17 - d));
		len -= 4;
	}
	spill(p, d, len);
	free(d);
	free(p);
	bad_end(&c, ST_DATA, "00-brief.md:", 3);
}

/* ---- environment ---- */

Test(badinput, missing_font_file, .timeout = 120)
{
	struct bctx c;
	char *man;

	bad_begin(&c);
	man = path_in(c.tmp, "manifest");
	cr_assert_eq(th_run(NULL, "sed 's|Lato-Bold.ttf|Lato-Gone.ttf|' fonts/manifest > '%s'",
	                     man), 0);
	snprintf(c.fonts, sizeof c.fonts, "%s", man);
	free(man);
	bad_end(&c, ST_SYS, place("manifest", 10), 2);
}

Test(badinput, output_folder_under_a_file, .timeout = 120)
{
	struct bctx c;
	char extra[700];

	bad_begin(&c);
	/* a path whose parent is a regular file: unwritable even for root */
	snprintf(extra, sizeof extra, "--out '%s/briefs/en/jalisco.pdf/sub'", c.out);
	bad_end_with(&c, "", extra, ST_SYS, "jalisco.pdf/sub", 2);
}

Test(badinput, output_folder_in_proc, .timeout = 120)
{
	struct bctx c;

	bad_begin(&c);
	bad_end_with(&c, "", "--out /proc/reportgen-forbidden", ST_SYS,
	             "/proc/reportgen-forbidden", 2);
}

Test(badinput, full_disk_ulimit, .timeout = 120)
{
	struct bctx c;

	bad_begin(&c);
	/* 64 KB per file: a font subset or the brief cannot be written; the
	 * message names the file and the reason */
	bad_end_with(&c, "ulimit -f 64;", "", ST_SYS, "File too large", 2);
}

/* ---- template regressions (fuzz crashers), in this process ---- */

/* Compile and render one template file against a tiny store. Returns 1 if it
 * rendered, 0 if it reported an error; a crash or UB (under make test-asan)
 * fails the test. */
static int tmpl_file_renders(const char *path, char **msgs)
{
	struct arena *a = arena_new();
	struct figset *fs = figset_new(a);
	static const char *const cols[] = { "name", "risk" };
	struct figtable *t = figset_table(fs, "sectors", 2, cols, "test");
	size_t len;
	char *text = slurp(path, &len);
	struct tmpl *tp;
	int ok = 0;

	for (int i = 0; i < 3; i++) {
		size_t r = figtable_add_row(fs, t);

		figtable_set_text(fs, t, r, 0, i ? "Mining" : "Construction");
		figtable_set_num(fs, t, r, 1, 0.1 * (i + 1));
	}
	figset_num(fs, "jobs.total", 51400000, "jobs", "test", "");
	th_capture();
	tp = tmpl_compile_string(a, "t.md", text, "en", NULL);
	if (tp != NULL && tmpl_render(a, tp, fs, NULL) != NULL)
		ok = 1;
	cr_assert(ok || diag_errors() > 0, "%s failed without a message", path);
	*msgs = th_capture_take();
	diag_reset();
	arena_free(a);
	free(text);
	return ok;
}

Test(badinput, template_number_arguments_out_of_range)
{
	static const char *const bad[] = { "tmpl_decimals_huge.md", "tmpl_decimals_big.md" };
	static const char *const good[] = { "tmpl_limit_huge.ok.md", "tmpl_chart_limit_huge.ok.md" };
	char path[600], *msgs = NULL;

	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/tests/fixtures/bad/%s", TEST_SRCDIR, bad[i]);
		cr_assert_eq(tmpl_file_renders(path, &msgs), 0, "%s rendered", bad[i]);
		cr_assert_not_null(strstr(msgs, "t.md:1:"), "%s: %s", bad[i], msgs);
		cr_assert_not_null(strstr(msgs, "whole number 0..9"), "%s: %s", bad[i], msgs);
		free(msgs);
		snprintf(path, sizeof path, "%s/tests/fixtures/bad/%s", TEST_SRCDIR, good[i]);
		cr_assert_eq(tmpl_file_renders(path, &msgs), 1, "%s: %s", good[i], msgs);
		free(msgs);
	}
}

/* Every crasher the fuzzer found stays here and must now end cleanly. */
Test(badinput, fuzz_crashers_replay)
{
	char dir[600], path[900], *msgs = NULL;
	DIR *d;
	struct dirent *e;
	int n = 0;

	snprintf(dir, sizeof dir, "%s/tests/fuzz/crashers", TEST_SRCDIR);
	d = opendir(dir);
	if (d == NULL)
		cr_skip_test("no crashers kept");
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "tmpl-", 5) != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		tmpl_file_renders(path, &msgs);
		free(msgs);
		n++;
	}
	closedir(d);
	cr_assert_gt(n, 0);
}

/* ---- temps of dead runs ---- */

Test(badinput, stale_temps_of_dead_runs_removed, .timeout = 120)
{
	char *tmp = th_tmpdir(), path[700], *log = NULL, *pidtext = NULL;
	long dead;
	int st;

	cr_assert_not_null(tmp);
	/* the pid of a shell that has exited */
	cr_assert_eq(th_run(&pidtext, "sh -c 'echo $$'"), 0);
	dead = atol(pidtext);
	free(pidtext);
	cr_assert_gt(dead, 0);
	cr_assert_eq(th_copy_edition(tmp), 0);
	cr_assert_eq(th_run(NULL, "mkdir -p '%s/out/briefs/en' '%s/out/tables'", tmp, tmp), 0);
	/* temps of a dead pid, of a live one (this test), and a user's file */
	snprintf(path, sizeof path, "%s/out/briefs/en/jalisco.pdf.tmp.%ld", tmp, (long)dead);
	spill(path, "%PDF-1.3 trunc", 14);
	snprintf(path, sizeof path, "%s/out/tables/states.csv.tmp.%ld", tmp, (long)dead);
	spill(path, "slug,na", 7);
	snprintf(path, sizeof path, "%s/out/briefs/en/puebla.pdf.tmp.%ld", tmp, (long)getpid());
	spill(path, "%PDF-1.3 live", 13);
	snprintf(path, sizeof path, "%s/out/notes.txt.tmp.%ld", tmp, (long)dead);
	spill(path, "keep me", 7);
	st = th_run(&log, "%s --data '%s/edition' --out '%s/out' --only figures --quiet",
	             th_bin(), tmp, tmp);
	cr_assert_eq(st, 0, "%s", log);
	free(log);
	snprintf(path, sizeof path, "%s/out/briefs/en/jalisco.pdf.tmp.%ld", tmp, (long)dead);
	cr_assert(!th_exists(path), "a dead run's PDF temp is left");
	snprintf(path, sizeof path, "%s/out/tables/states.csv.tmp.%ld", tmp, (long)dead);
	cr_assert(!th_exists(path), "a dead run's CSV temp is left");
	snprintf(path, sizeof path, "%s/out/briefs/en/puebla.pdf.tmp.%ld", tmp, (long)getpid());
	cr_assert(th_exists(path), "a live process's temp was removed");
	snprintf(path, sizeof path, "%s/out/notes.txt.tmp.%ld", tmp, (long)dead);
	cr_assert(th_exists(path), "a file reportgen does not write was removed");
	th_rmtree(tmp);
}

/* ---- kill test ---- */

/* Start a run to be killed, with TMPDIR inside the test's own folder (runs
 * write nothing there today, fonts are subset in memory; anything a future
 * version leaves behind goes with the folder). */
static pid_t start_run(const char *data, const char *out, const char *tmpdir, const char *extra)
{
	pid_t pid = fork();

	if (pid == 0) {
		int nul = open("/dev/null", 1);

		dup2(nul, 1);
		dup2(nul, 2);
		if (chdir(TEST_SRCDIR) != 0 || setenv("TMPDIR", tmpdir, 1) != 0)
			_exit(127);
		execl(th_bin(), th_bin(), "--data", data, "--out", out, "--lang", "en", "--quiet",
		      "--only", "briefs", extra, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int qpdf_ok(const char *path)
{
	return th_run(NULL, "qpdf --check '%s' >/dev/null 2>&1", path) == 0;
}

Test(badinput, sigkill_leaves_old_or_new, .timeout = 300)
{
	static const int delays_ms[] = { 2, 10, 40, 80, 150, 250, 400, 700, 1100 };
	char *tmp = th_tmpdir(), data[600], out[600], ref[600], fonts[600];
	struct snap old, new, now;
	int stale = 0;

	cr_assert_not_null(tmp);
	cr_assert_eq(th_copy_edition(tmp), 0);
	snprintf(data, sizeof data, "%s/edition", tmp);
	snprintf(out, sizeof out, "%s/out", tmp);
	snprintf(ref, sizeof ref, "%s/ref", tmp);
	snprintf(fonts, sizeof fonts, "%s/fonts", tmp);
	cr_assert_eq(mkdir(fonts, 0700), 0);
	/* previous version: US Letter; new version: A4 (other bytes) */
	cr_assert_eq(th_run(NULL, "%s --data '%s' --out '%s' --lang en --quiet --only briefs "
	                     "--letter", th_bin(), data, out), 0);
	cr_assert_eq(th_run(NULL, "%s --data '%s' --out '%s' --lang en --quiet --only briefs",
	                     th_bin(), data, ref), 0);
	snap_take(out, &old);
	snap_take(ref, &new);
	cr_assert_eq(old.n, new.n);
	for (size_t k = 0; k < sizeof delays_ms / sizeof delays_ms[0]; k++) {
		struct timespec ts = { delays_ms[k] / 1000, (delays_ms[k] % 1000) * 1000000L };
		/* alternately A4 (new) and Letter (previous) runs */
		pid_t pid = start_run(data, out, fonts, k % 2 ? "--letter" : "--quiet");
		int st;

		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		snap_take(out, &now);
		for (int i = 0; i < now.n; i++) {
			int j, known = 0;

			if (strstr(now.name[i], ".tmp.") != NULL) {
				stale++;
				continue;
			}
			for (j = 0; j < old.n && !known; j++)
				known = strcmp(old.name[j], now.name[i]) == 0 &&
				        ((old.len[j] == now.len[i] &&
				          memcmp(old.data[j], now.data[i], now.len[i]) == 0) ||
				         (new.len[j] == now.len[i] &&
				          memcmp(new.data[j], now.data[i], now.len[i]) == 0));
			cr_assert(known, "after SIGKILL at %d ms: %s is neither the previous nor the new "
			          "version (%zu bytes)", delays_ms[k], now.name[i], now.len[i]);
			if (strstr(now.name[i], ".pdf") != NULL) {
				char *full = path_in(out, now.name[i]);

				cr_assert(qpdf_ok(full), "%s fails qpdf --check", full);
				free(full);
			}
		}
		snap_free(&now);
	}
	/* the next successful run removes the temps of the killed runs */
	cr_assert_eq(th_run(NULL, "%s --data '%s' --out '%s' --lang en --quiet --only briefs",
	                     th_bin(), data, out), 0);
	cr_assert_eq(count_temps(out), 0, "stale temps of dead runs are left (%d seen after "
	             "the kills)", stale);
	snap_take(out, &now);
	snap_same(&new, &now, "outputs after a clean run");
	snap_free(&now);
	snap_free(&old);
	snap_free(&new);
	th_rmtree(tmp);
}
