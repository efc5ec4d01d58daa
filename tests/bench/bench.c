/*
 * bench: `make bench`. Measures reportgen on this machine and prints, for
 * every measurement, the median and the spread (min..max) over repeated runs,
 * beside the targets of issue 9 (PASS / MISS) and the budgets of issue 20
 * (PASS / FAIL): printed, never asserted.
 * The figures also go to out/bench.csv (metric,value,unit) through outfile.h,
 * so that they can be compared between commits.
 *
 * What is measured:
 *   - whole runs as separate processes (fork + exec of ./reportgen into a
 *     temporary output folder): wall, user+sys CPU and peak RSS from wait4;
 *   - the stages of run_all (run.h) in this process, from struct run_stats;
 *   - scaling: synthetic editions with 32, 320 and 2,500 profiled states, briefs
 *     in one process and in two shards run in parallel;
 *   - the automation model at O*NET scale (automation_load + automation_compute);
 *   - the readiness Monte Carlo on the default edition (readiness_mc: the
 *     edition's draws, 10,000, for its 35 countries);
 *   - compiling a 1 MB template (tmpl_compile_string);
 *   - --watch: from a template edit to the rebuilt PDF, the paper and one brief;
 *   - one unbreakable word of 10 K, 100 K and 1 M characters laid out as a
 *     paragraph and in a table cell (layout_doc): time and memory must grow
 *     10x and 100x, not more (issue 21; the loader's field limit stops such
 *     a word long before, this checks that layout alone is linear);
 *   - output sizes.
 *
 * Environment: BENCH_REPS (default 5), BENCH_BIG_REPS (default 3, for the
 * 2,500-state runs), BENCH_MAX_STATES (default 2500), BENCH_TMP (default
 * /tmp), REPORTGEN_BIN (default ./reportgen).
 * `bench --make-states N` only writes a synthetic edition of N states and
 * prints its folder (kept, for profiling).
 * Other work on the machine inflates wall times: the load average is printed
 * at the start and the end; CPU times are the steadier figure.
 */
#define _GNU_SOURCE
#include "base/base.h"
#include "load/load.h"
#include "model/automation/automation.h"
#include "model/edition/edition.h"
#include "model/readiness/readiness.h"
#include "run/run.h"
#include "tmpl/tmpl.h"
#include "layout/layout.h"
#include "pdf/pdf.h"
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"   /* the builders not used here */
#include "../layout_fixture.h"
#pragma GCC diagnostic pop

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXREP 15

struct sample {
	double v[MAXREP];
	int n;
};

struct proc_res {
	double wall, cpu;      /* s */
	long rss_kb;           /* peak resident set of the (largest) child, KB */
	int status;            /* exit status, -1 if it did not exit normally */
};

static const char *bin = "./reportgen";
static const char *tmproot = "/tmp";
static int reps = 5, big_reps = 3, max_states = 2500;
static struct buf csv;          /* out/bench.csv */
static FILE *devnull;

/* ---- small helpers ---- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_self(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static void add(struct sample *s, double v)
{
	if (s->n < MAXREP)
		s->v[s->n++] = v;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(const struct sample *s)
{
	double v[MAXREP];

	if (s->n == 0)
		return 0.0;
	memcpy(v, s->v, (size_t)s->n * sizeof v[0]);
	qsort(v, (size_t)s->n, sizeof v[0], cmp_double);
	return s->n % 2 ? v[s->n / 2] : (v[s->n / 2 - 1] + v[s->n / 2]) / 2;
}

static double smin(const struct sample *s)
{
	double m = s->n ? s->v[0] : 0.0;
	int i;

	for (i = 1; i < s->n; i++)
		if (s->v[i] < m)
			m = s->v[i];
	return m;
}

static double smax(const struct sample *s)
{
	double m = s->n ? s->v[0] : 0.0;
	int i;

	for (i = 1; i < s->n; i++)
		if (s->v[i] > m)
			m = s->v[i];
	return m;
}

static void csv_row(const char *metric, double value, const char *unit)
{
	char line[256];
	int n = snprintf(line, sizeof line, "%s,%.6g,%s\n", metric, value, unit);

	buf_add(&csv, line, (size_t)n);
}

/* Scale seconds to the unit shown: ms. */
static void report(const char *metric, const char *label, const struct sample *s,
                   const char *unit, double scale)
{
	char key[200];

	if (s->n == 0) {
		printf("  %-46s %12s\n", label, "(failed)");
		return;
	}
	printf("  %-46s %10.2f %-3s [%.2f .. %.2f] n=%d\n", label, median(s) * scale, unit,
	       smin(s) * scale, smax(s) * scale, s->n);
	snprintf(key, sizeof key, "%s.median", metric);
	csv_row(key, median(s) * scale, unit);
	snprintf(key, sizeof key, "%s.min", metric);
	csv_row(key, smin(s) * scale, unit);
	snprintf(key, sizeof key, "%s.max", metric);
	csv_row(key, smax(s) * scale, unit);
}

static void report1(const char *metric, const char *label, double v, const char *unit)
{
	printf("  %-46s %10.3f %s\n", label, v, unit);
	csv_row(metric, v, unit);
}

/* One line of the targets table. */
static void target(const char *what, double measured, double limit, const char *unit,
                   int have)
{
	if (!have)
		printf("  %-52s %10s %-3s  < %-8g %s\n", what, "n/a", unit, limit, "MISS (not measured)");
	else
		printf("  %-52s %10.2f %-3s  < %-8g %s\n", what, measured, unit, limit,
		       measured < limit ? "PASS" : "MISS");
}

/* One budget of issue 20: PASS or FAIL against an upper limit. */
static void budget(const char *what, double measured, double limit, const char *unit, int have)
{
	if (!have)
		printf("  %-52s %10s %-3s <= %-8g %s\n", what, "n/a", unit, limit, "FAIL (not measured)");
	else
		printf("  %-52s %10.3f %-3s <= %-8g %s\n", what, measured, unit, limit,
		       measured <= limit ? "PASS" : "FAIL");
}

static void loadavg(const char *when)
{
	char line[128] = "";
	FILE *fp = fopen("/proc/loadavg", "r");

	if (fp != NULL) {
		if (fgets(line, sizeof line, fp) == NULL)
			line[0] = '\0';
		fclose(fp);
	}
	line[strcspn(line, "\n")] = '\0';
	printf("load average %s: %s\n", when, line);
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	st = system(cmd);
	return st == 0 ? 0 : -1;
}

static char *mkd(const char *tag)
{
	char *p;

	if (asprintf(&p, "%s/reportgen-bench-%s-XXXXXX", tmproot, tag) < 0)
		exit(3);
	if (mkdtemp(p) == NULL) {
		fprintf(stderr, "bench: cannot make a folder under %s: %s\n", tmproot,
		        strerror(errno));
		exit(3);
	}
	return p;
}

static long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* ---- child processes ---- */

/* Start bin with args (NULL-terminated, without argv[0]); stderr to log. */
static pid_t spawn(const char *const *args, const char *log)
{
	const char *argv[32];
	pid_t pid;
	int i = 0;

	argv[i++] = bin;
	while (*args != NULL && i < 31)
		argv[i++] = *args++;
	argv[i] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int nul = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			dup2(fd, STDERR_FILENO);
		if (nul >= 0)
			dup2(nul, STDOUT_FILENO);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	return pid;
}

static void show_log(const char *log)
{
	char line[512];
	FILE *fp = fopen(log, "r");
	int n = 0;

	if (fp == NULL)
		return;
	while (fgets(line, sizeof line, fp) != NULL && n++ < 6)
		fprintf(stderr, "    | %s", line);
	fclose(fp);
}

/* Run nproc copies of bin at once (argsets[i]), wait for all of them. */
static int run_procs(const char *const *const *argsets, int nproc, struct proc_res *r)
{
	pid_t pids[4];
	char logs[4][256];
	double t0 = now();
	int i, bad = 0;

	memset(r, 0, sizeof *r);
	for (i = 0; i < nproc; i++) {
		snprintf(logs[i], sizeof logs[i], "%s/reportgen-bench-%ld-%d.log", tmproot,
		         (long)getpid(), i);
		pids[i] = spawn(argsets[i], logs[i]);
	}
	for (i = 0; i < nproc; i++) {
		struct rusage ru;
		int st;

		if (pids[i] < 0 || wait4(pids[i], &st, 0, &ru) < 0) {
			bad = 1;
			continue;
		}
		r->cpu += (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
		          (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
		if (ru.ru_maxrss > r->rss_kb)
			r->rss_kb = ru.ru_maxrss;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "bench: %s %s ... failed (status %d):\n", bin, argsets[i][0],
			        WIFEXITED(st) ? WEXITSTATUS(st) : -1);
			show_log(logs[i]);
			bad = 1;
		}
	}
	r->wall = now() - t0;
	for (i = 0; i < nproc; i++)
		unlink(logs[i]);
	r->status = bad ? -1 : 0;
	return bad ? -1 : 0;
}

struct procset {
	struct sample wall, cpu, rss;
};

/* Repeat a run of one process (or two in parallel) n times. */
/* The value of "--out" in args, or NULL. */
static const char *out_arg(const char *const *args)
{
	for (; args && *args; args++)
		if (strcmp(*args, "--out") == 0 && args[1] != NULL)
			return args[1];
	return NULL;
}

static void bench_procs(struct procset *ps, int n, const char *const *a1, const char *const *a2)
{
	const char *const *sets[2] = { a1, a2 };
	const char *out = out_arg(a1);
	int i;

	memset(ps, 0, sizeof *ps);
	for (i = 0; i < n; i++) {
		struct proc_res r;

		/* every run starts from an empty output folder (not timed): renaming
		 * over thousands of earlier outputs costs the file system more than
		 * writing them fresh, and would differ between measurements */
		if (out != NULL && sh("rm -rf '%s'", out) != 0)
			return;
		if (run_procs(sets, a2 ? 2 : 1, &r) != 0)
			return;
		add(&ps->wall, r.wall);
		add(&ps->cpu, r.cpu);
		add(&ps->rss, (double)r.rss_kb / 1024.0);
	}
}

static void report_procs(const char *metric, const char *label, const struct procset *ps)
{
	char m[160], l[160];

	snprintf(m, sizeof m, "%s.wall", metric);
	snprintf(l, sizeof l, "%s: wall", label);
	report(m, l, &ps->wall, "ms", 1e3);
	snprintf(m, sizeof m, "%s.cpu", metric);
	snprintf(l, sizeof l, "%s: user+sys CPU", label);
	report(m, l, &ps->cpu, "ms", 1e3);
	snprintf(m, sizeof m, "%s.rss", metric);
	snprintf(l, sizeof l, "%s: peak RSS", label);
	report(m, l, &ps->rss, "MB", 1.0);
}

/* ---- --watch: edit to PDF ---- */

/* The first line of log past *at that holds what, read as it grows; *at
 * moves past it. Returns the line's "in X ms" (ms), or -1 after 10 s; *cpu
 * (may be NULL) gets its "CPU X ms". */
static double watch_line(const char *log, long *at, const char *what, double *cpu)
{
	double end = now() + 10;
	char line[1024];

	while (now() < end) {
		FILE *fp = fopen(log, "r");

		if (fp != NULL && fseek(fp, *at, SEEK_SET) == 0) {
			long start = *at;

			while (fgets(line, sizeof line, fp) != NULL && strchr(line, '\n') != NULL) {
				const char *in = strstr(line, " in "), *c = strstr(line, "(CPU ");
				double ms = -1;

				start += (long)strlen(line);
				if (strstr(line, what) == NULL)
					continue;
				*at = start;
				fclose(fp);
				if (in == NULL || sscanf(in, " in %lf ms", &ms) != 1)
					ms = 0;
				if (cpu != NULL && (c == NULL || sscanf(c, "(CPU %lf ms", cpu) != 1))
					*cpu = 0;
				return ms;
			}
		}
		if (fp != NULL)
			fclose(fp);
		usleep(500);
	}
	return -1;
}

/* Start --watch (args), then n times: append a paragraph to the template
 * file tfile and wait for the rebuild line naming want. edit gets the time
 * from the write to the line (inotify, the 5 ms settle, the rebuild and its
 * commit), self what the line itself says (the rebuild alone). */
static void bench_watch(const char *const *args, const char *tfile, const char *want, int n,
                        struct sample *edit, struct sample *self, struct sample *cpu)
{
	char log[300];
	long at = 0;
	pid_t pid;
	int i, st;

	memset(edit, 0, sizeof *edit);
	memset(self, 0, sizeof *self);
	memset(cpu, 0, sizeof *cpu);
	snprintf(log, sizeof log, "%s/reportgen-bench-watch-%ld.log", tmproot, (long)getpid());
	pid = spawn(args, log);
	if (pid < 0)
		return;
	if (watch_line(log, &at, "watch: watching", NULL) < 0) {
		fprintf(stderr, "bench: --watch did not start:\n");
		show_log(log);
		n = 0;
	}
	for (i = 0; i < n; i++) {
		FILE *fp = fopen(tfile, "a");
		double t0, ms, c;

		if (fp == NULL)
			break;
		fputs("\nA paragraph the benchmark adds.\n", fp);
		t0 = now();
		fclose(fp);   /* the close is the event */
		ms = watch_line(log, &at, want, &c);
		if (ms < 0) {
			fprintf(stderr, "bench: no rebuild line '%s'\n", want);
			show_log(log);
			break;
		}
		add(edit, now() - t0);
		add(self, ms / 1e3);
		add(cpu, c / 1e3);
		usleep(20000);
	}
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	unlink(log);
}

/* ---- synthetic editions ---- */

/* Copy of data/2018 in which every state is profiled and states are added
 * up to n: states.csv, state_profiles.csv and the four long per-state tables
 * are rewritten; the other datasets are untouched. The 32 real states keep
 * their slugs (other datasets refer to them). Returns the folder. */
static char *make_states_edition(int n)
{
	char tag[32], path[512], line[4096];
	char slugs[64][64];
	char *dir;
	FILE *in, *out, *prof, *sec, *foc, *ins, *pol;
	int nreal = 0, i;

	snprintf(tag, sizeof tag, "states%d", n);
	dir = mkd(tag);
	if (sh("cp -r data/2018/. '%s/'", dir) != 0 ||
	    sh("sed -i \"s|,\\.\\./raw/|,$PWD/data/raw/|\" '%s/geometry.csv'", dir) != 0)
		exit(3);   /* the outlines stay in data/raw: geometry.csv names them absolutely */
	in = fopen("data/2018/states.csv", "r");
	snprintf(path, sizeof path, "%s/states.csv", dir);
	out = fopen(path, "w");
	if (in == NULL || out == NULL || fgets(line, sizeof line, in) == NULL)
		exit(3);
	fputs(line, out);
	/* real rows: field 8 (profiled) becomes yes; states.csv has no quotes */
	while (fgets(line, sizeof line, in) != NULL && nreal < n && nreal < 64) {
		char *f[16], *p = line;
		int k = 0, j;

		line[strcspn(line, "\r\n")] = '\0';
		while (k < 16) {
			f[k++] = p;
			p = strchr(p, ',');
			if (p == NULL)
				break;
			*p++ = '\0';
		}
		snprintf(slugs[nreal++], sizeof slugs[0], "%s", f[0]);
		for (j = 0; j < k; j++)
			fprintf(out, "%s%s", j ? "," : "", j == 7 ? "yes" : f[j]);
		fputc('\n', out);
	}
	fclose(in);
	for (i = nreal; i < n; i++)
		fprintf(out, "synth-%05d,,Synthetic State %05d,Estado Sintético %05d,,%d,2015,yes,"
		        "estimated,bench\n", i, i, i, 400000 + 1013 * i);
	fclose(out);

	/* profiles: keep the real ones, add one for every other state */
	snprintf(path, sizeof path, "%s/state_profiles.csv", dir);
	prof = fopen(path, "a");
#define LONG_FILE(var, name) \
	snprintf(path, sizeof path, "%s/" name, dir); var = fopen(path, "a")
	LONG_FILE(sec, "state_sectors.csv");
	LONG_FILE(foc, "state_focus.csv");
	LONG_FILE(ins, "state_institutions.csv");
	LONG_FILE(pol, "state_policies.csv");
#undef LONG_FILE
	if (!prof || !sec || !foc || !ins || !pol)
		exit(3);
	for (i = 0; i < n; i++) {
		char slug[64];
		int j;

		if (i < nreal) {
			static const char *const real_profiled[] = {
				"ciudad-de-mexico", "jalisco", "nuevo-leon", "puebla", "yucatan"
			};
			int skip = 0;

			for (j = 0; j < 5; j++)
				skip |= strcmp(slugs[i], real_profiled[j]) == 0;
			if (skip)
				continue;
			snprintf(slug, sizeof slug, "%s", slugs[i]);
		} else {
			snprintf(slug, sizeof slug, "synth-%05d", i);
		}
		fprintf(prof, "%s,0.0%02d,2015,bench,%d,2016,bench,%d,2013,bench,%d,0.3,2015,bench,"
		        "\"A synthetic state made by the benchmark, number %d, with an economy of "
		        "services, industry and agriculture.\",\"Un estado sintético.\","
		        "\"Use science and technology to improve the lives of its %d thousand "
		        "inhabitants.\",\"Una visión.\",estimated,bench,\n",
		        slug, i % 90 + 1, i % 32 + 1, (i + 7) % 32 + 1, (i + 13) % 32 + 1, i,
		        400 + i);
		for (j = 1; j <= 4; j++)
			fprintf(sec, "%s,%d,Sector %d of state %d,Sector %d,estimated,bench\n",
			        slug, j, j, i, j);
		for (j = 1; j <= 3; j++)
			fprintf(foc, "%s,%d,Focus area %d,Área %d,estimated,bench\n", slug, j, j, j);
		for (j = 1; j <= 3; j++)
			fprintf(ins, "%s,%d,Institute %d of state %d,Instituto %d,\"Promotes research, "
			        "training and the adoption of new technology in the state.\","
			        "\"Promueve la investigación.\",estimated,bench\n", slug, j, j, i, j);
		for (j = 1; j <= 2; j++)
			fprintf(pol, "%s,%d,Programme %d,Programa %d,,\"Funds projects that join "
			        "universities, firms and government.\",\"Financia proyectos.\","
			        "estimated,bench\n", slug, j, j, j);
	}
	fclose(prof);
	fclose(sec);
	fclose(foc);
	fclose(ins);
	fclose(pol);
	return dir;
}

/* An edition whose automation datasets have nsec sectors, nocc occupations
 * and ntasks tasks (spread evenly); the rest is data/2018. */
static char *make_onet_edition(int nsec, int nocc, int ntasks)
{
	static const char *const groups[] = { "agriculture", "industry", "services" };
	char path[512], tag[48];
	char *dir;
	FILE *fp;
	int s, o, t, per_sector;

	snprintf(tag, sizeof tag, "onet%d-%d", nocc, ntasks);
	dir = mkd(tag);
	if (sh("cp -r data/2018/. '%s/'", dir) != 0 ||
	    sh("sed -i \"s|,\\.\\./raw/|,$PWD/data/raw/|\" '%s/geometry.csv'", dir) != 0)
		exit(3);   /* the outlines stay in data/raw: geometry.csv names them absolutely */

	snprintf(path, sizeof path, "%s/sectors.csv", dir);
	if ((fp = fopen(path, "w")) == NULL)
		exit(3);
	fputs("code,name,group,isic,provenance,source\n", fp);
	for (s = 0; s < nsec; s++)
		fprintf(fp, "s%02d,Sector %d,%s,%c,estimated,bench\n", s, s, groups[s % 3], 'A' + s % 21);
	fclose(fp);

	snprintf(path, sizeof path, "%s/employment.csv", dir);
	if ((fp = fopen(path, "w")) == NULL)
		exit(3);
	fputs("sector,sex,employed,provenance,source\n", fp);
	for (s = 0; s < nsec; s++)
		fprintf(fp, "s%02d,men,%d,estimated,bench\ns%02d,women,%d,estimated,bench\n",
		        s, 500000 + 37 * s, s, 300000 + 53 * s);
	fclose(fp);

	snprintf(path, sizeof path, "%s/occupations.csv", dir);
	if ((fp = fopen(path, "w")) == NULL)
		exit(3);
	fputs("code,name,soc,provenance,source\n", fp);
	for (o = 0; o < nocc; o++)
		fprintf(fp, "o%04d,Occupation %d,11,estimated,bench\n", o, o);
	fclose(fp);

	/* each sector employs 40 occupations (or all of them), equal shares */
	per_sector = nocc < 40 ? nocc : 40;
	snprintf(path, sizeof path, "%s/sector_occupations.csv", dir);
	if ((fp = fopen(path, "w")) == NULL)
		exit(3);
	fputs("sector,occupation,share,provenance,source\n", fp);
	for (s = 0; s < nsec; s++)
		for (o = 0; o < per_sector; o++)
			fprintf(fp, "s%02d,o%04d,%.10f,estimated,bench\n", s,
			        (s * per_sector + o) % nocc, 1.0 / per_sector);
	fclose(fp);

	snprintf(path, sizeof path, "%s/tasks.csv", dir);
	if ((fp = fopen(path, "w")) == NULL)
		exit(3);
	fputs("occupation,task,name,time_share,likelihood_h5,likelihood_h15,likelihood_long,"
	      "provenance,source\n", fp);
	for (o = 0; o < nocc; o++) {
		int first = (int)((long)ntasks * o / nocc), last = (int)((long)ntasks * (o + 1) / nocc);

		for (t = first; t < last; t++) {
			double p = (double)(t % 97) / 100.0;

			fprintf(fp, "o%04d,t%06d,Task %d,%.12f,%.4f,%.4f,%.4f,estimated,bench\n", o, t,
			        t, 1.0 / (last - first), p * 0.2, p * 0.6, p);
		}
	}
	fclose(fp);

	/* no adjustments, no published figures to compare with */
	snprintf(path, sizeof path, "%s/automation_adjustments.csv", dir);
	if ((fp = fopen(path, "w")) == NULL)
		exit(3);
	fputs("level,code,horizon,old_value,new_value,reason,provenance,source\n", fp);
	fclose(fp);
	if (sh("head -1 data/2018/automation_published.csv > '%s/automation_published.csv'", dir) != 0)
		exit(3);
	return dir;
}

/* ---- in-process measurements ---- */

struct stage_set {
	struct sample load, model, figures, tmpl, layout, pdf, commit, total, cpu;
};

static int run_inproc(const struct run_opts *o, struct run_stats *st, double *wall, double *cpu)
{
	double t0 = now(), c0 = cpu_self();
	int rc;

	diag_reset();
	rc = run_all(o, st);
	*wall = now() - t0;
	*cpu = cpu_self() - c0;
	diag_reset();
	return rc;
}

static void bench_stages(struct stage_set *ss, const struct run_opts *o, int n)
{
	int i;

	memset(ss, 0, sizeof *ss);
	for (i = 0; i < n; i++) {
		struct run_stats st;
		double wall, cpu;

		if (run_inproc(o, &st, &wall, &cpu) != 0) {
			fprintf(stderr, "bench: in-process run failed\n");
			return;
		}
		add(&ss->load, st.load);
		add(&ss->model, st.model);
		add(&ss->figures, st.figures);
		add(&ss->tmpl, st.tmpl);
		add(&ss->layout, st.layout);
		add(&ss->pdf, st.pdf);
		add(&ss->commit, st.commit);
		add(&ss->total, wall);
		add(&ss->cpu, cpu);
	}
}

static void report_stages(const char *metric, const struct stage_set *ss)
{
	static const char *const names[] = {
		"load + validate", "models", "figures (incl. figures.csv)", "templates (render)",
		"layout", "PDF writing (incl. staging)", "commit (renames)", "whole run_all (wall)",
		"whole run_all (CPU)",
	};
	static const char *const keys[] = {
		"load", "model", "figures", "tmpl", "layout", "pdf", "commit", "total", "cpu",
	};
	const struct sample *v[] = { &ss->load, &ss->model, &ss->figures, &ss->tmpl, &ss->layout,
	                             &ss->pdf, &ss->commit, &ss->total, &ss->cpu };
	char m[128];
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		snprintf(m, sizeof m, "%s.%s", metric, keys[i]);
		report(m, names[i], v[i], "ms", 1e3);
	}
}

/* automation_load + automation_compute on dir, n times: wall time into s,
 * this process's user+sys CPU into c. Returns 0, or -1 with why set. */
static int bench_model(const char *dir, int n, struct sample *s, struct sample *c, char *why,
                       size_t whylen)
{
	int i;

	memset(s, 0, sizeof *s);
	memset(c, 0, sizeof *c);
	why[0] = '\0';
	for (i = 0; i < n; i++) {
		struct arena *a = arena_new();
		struct automation_input in;
		struct automation_result *res = arena_alloc(a, sizeof *res);
		char *msg = NULL;
		size_t msglen = 0;
		FILE *mem = open_memstream(&msg, &msglen);
		double t0, c0;
		int rc;

		diag_set_stream(mem);
		diag_reset();
		t0 = now();
		c0 = cpu_self();
		rc = automation_load(a, dir, &in);
		if (rc == 0)
			rc = automation_compute(&in, res) == 0 ? 0 : -2;
		if (rc == 0) {
			add(s, now() - t0);
			add(c, cpu_self() - c0);
		}
		fclose(mem);
		diag_set_stream(devnull);
		diag_reset();
		arena_free(a);
		if (rc != 0) {
			if (rc == -2)
				snprintf(why, whylen, "automation_compute refused the input");
			else
				snprintf(why, whylen, "%.*s", (int)strcspn(msg ? msg : "", "\n"),
				         msg ? msg : "");
			free(msg);
			return -1;
		}
		free(msg);
	}
	return 0;
}

/* The readiness Monte Carlo of data/2018 (load outside the timing). Returns
 * the draw count, or 0 when the edition cannot be read. */
static int bench_readiness(int n, struct sample *s, struct sample *c, size_t *countries)
{
	struct arena *a = arena_new();
	struct readiness_data d;
	struct dataset ed;
	int draws = 0;

	memset(s, 0, sizeof *s);
	memset(c, 0, sizeof *c);
	diag_set_stream(devnull);
	if (readiness_load(a, "data/2018", &d) == 0 && edition_load(a, "data/2018", &ed) == 0 &&
	    readiness_mc_settings(&ed, &d) == 0) {
		draws = d.draws;
		*countries = d.ncountries;
		for (int i = 0; i < n; i++) {
			struct arena *b = arena_new();
			struct readiness_mc mc;
			double t0 = now(), c0 = cpu_self();

			if (readiness_mc(b, &d, d.draws, d.seed, &mc) != 0)
				draws = 0;
			add(s, now() - t0);
			add(c, cpu_self() - c0);
			arena_free(b);
		}
	}
	diag_reset();
	arena_free(a);
	return draws;
}

/* Lay out one word of n characters as a paragraph and as a table cell; CPU
 * seconds of the best of reps, and the arena's bytes. */
static double bench_long_word(struct pdf_fonts *f, size_t n, size_t *bytes)
{
	double best = -1;
	char *word = malloc(n + 1);
	int r;

	memset(word, 'a', n);
	word[n] = '\0';
	for (r = 0; r < reps; r++) {
		struct arena *a = arena_new();
		struct doc *d = fx_doc(a, "en");
		struct doc_node *t;
		double c0 = cpu_self();

		fx_para(a, d->root, word);
		t = fx_table(a, d->root, "1", 2);
		t->table->cells[0] = word;
		layout_doc(a, d, pdf_fonts_measure(f), NULL);
		if (best < 0 || cpu_self() - c0 < best)
			best = cpu_self() - c0;
		*bytes = arena_used(a);
		arena_free(a);
	}
	free(word);
	return best;
}

/* About 1 MB of template text using every construct of SYNTAX.md. */
static char *make_big_template(size_t want)
{
	static const char head[] =
		"---\ntitle: Benchmark\nauthor: bench\ndate: {{ edition.date | date }}\n---\n\n";
	static const char chunk[] =
		"## A section about automation\n\n"
		"In {{ edition.data_year }} the model counted {{ jobs.affected.total | num }} jobs at "
		"risk, *{{ jobs.affected.share | pct(1) }}* of **all** jobs; ***see*** [@tbl:x] and "
		"the note.[^n1] A [link](https://example.org/a) and an escaped \\* star.\n"
		"{.ragged}\n\n"
		"{% if jobs.affected.share > 0.15 and not edition.year == 2000 %}High exposure."
		"{% elif jobs.affected.share > 0.1 %}Medium.{% else %}Low.{% endif %}\n\n"
		"- first item with {{ readiness.mex.rank | ordinal }}\n"
		"  - nested item\n"
		"1. numbered {{ readiness.countries | outof(35) }}\n\n"
		"> A quotation about policy.\n> -- Someone, somewhere\n\n"
		"::: table\ncaption: Sectors\nsource: model\n| Sector | Jobs | Share |\n"
		"|:-------|-----:|-----:|\n"
		"{% for s in sectors limit 5 %}| {{ s.name | upper }} | {{ s.affected | num }} | "
		"{{ s.risk | pct(1) }} |\n{% endfor %}:::\n\n"
		"::: chart bar\ncaption: Risk\ndata: sectors\nlabel: name\nvalue: risk\n"
		"format: pct(1)\nsort: desc\n:::\n\n"
		"[^n1]: A footnote with {{ edition.year }}.\n\n";
	struct buf b = { 0 };
	char *s;

	buf_add(&b, head, sizeof head - 1);
	while (b.len < want)
		buf_add(&b, chunk, sizeof chunk - 1);
	s = xmalloc(b.len + 1);
	memcpy(s, b.data, b.len);
	s[b.len] = '\0';
	buf_free(&b);
	return s;
}

/* ---- main ---- */

static int env_int(const char *name, int dflt, int lo, int hi)
{
	const char *v = getenv(name);
	int n;

	if (v == NULL || *v == '\0')
		return dflt;
	n = atoi(v);
	return n < lo ? lo : n > hi ? hi : n;
}

static int env_int_str(const char *v)
{
	int n = atoi(v);

	return n < 1 ? 1 : n > 100000 ? 100000 : n;
}

int main(int argc, char **argv)
{
	static const int scale_n[] = { 32, 320, 2500 };
	struct procset whole, paper, brief, paper32, scale1[3], scale2[3], scale3[3];
	struct stage_set stages, stages_brief;
	double warm_cpu = 0, warm_stages = 0;
	struct sample model_s[3], model_c[3], tmpl_s, mc_s, mc_c;
	struct sample watch_paper, watch_paper_self, watch_brief, watch_brief_self, wcpu;
	int mc_draws;
	size_t mc_n = 0;
	char why[3][512];
	static const int onet[3][2] = { { 1000, 20000 }, { 128, 20000 }, { 128, 2000 } };
	int have_scale[3] = { 0 }, model_ok[3], i, r, nscale;
	char *out, *dirs[3] = { NULL, NULL, NULL };
	long paper_bytes = -1, brief_bytes = -1;
	size_t tmpl_bytes = 0;
	char outpath[600];
	const char *e;
	struct run_opts ro;

	e = getenv("REPORTGEN_BIN");
	if (e != NULL && *e != '\0')
		bin = e;
	e = getenv("BENCH_TMP");
	if (e != NULL && *e != '\0')
		tmproot = e;
	if (argc == 3 && strcmp(argv[1], "--make-states") == 0) {
		/* for profiling: write a synthetic edition, print its folder, keep it */
		puts(make_states_edition(env_int_str(argv[2])));
		return 0;
	}
	reps = env_int("BENCH_REPS", 5, 1, MAXREP);
	big_reps = env_int("BENCH_BIG_REPS", 3, 1, MAXREP);
	max_states = env_int("BENCH_MAX_STATES", 2500, 32, 2500);
	devnull = fopen("/dev/null", "w");
	diag_set_stream(devnull);
	setvbuf(stdout, NULL, _IOLBF, 0);

	printf("reportgen benchmark: %d runs per measurement (%d for 2,500 states); "
	       "median [min .. max]\n", reps, big_reps);
	loadavg("at start");

	/* 1. whole runs as processes */
	out = mkd("out");
	snprintf(outpath, sizeof outpath, "%s/o", out);
	{
		const char *a_whole[] = { "--data", "data/2018", "--templates", "templates", "--out",
		                          outpath, "--quiet", NULL };
		const char *a_paper[] = { "--data", "data/2018", "--out", outpath, "--only", "paper",
		                          "--lang", "en", "--quiet", NULL };
		const char *a_brief[] = { "--data", "data/2018", "--out", outpath, "--state",
		                          "jalisco", "--lang", "en", "--quiet", NULL };

		printf("\n== whole runs, one process each (fork+exec %s, out in %s) ==\n", bin, tmproot);
		char p[700];

		bench_procs(&whole, reps, a_whole, NULL);
		report_procs("whole", "default run (2 papers, 10 briefs, figures)", &whole);
		/* sizes now: each measurement starts from an empty folder */
		snprintf(p, sizeof p, "%s/whitepaper-en.pdf", outpath);
		paper_bytes = file_size(p);
		snprintf(p, sizeof p, "%s/briefs/en/jalisco.pdf", outpath);
		brief_bytes = file_size(p);
		bench_procs(&paper, reps, a_paper, NULL);
		report_procs("paper", "paper alone (--only paper)", &paper);
		bench_procs(&brief, reps, a_brief, NULL);
		report_procs("brief", "one brief (--state jalisco)", &brief);
	}

	/* 2. stages in this process */
	memset(&ro, 0, sizeof ro);
	ro.data = "data/2018";
	ro.templates = "templates";
	ro.out = outpath;
	ro.fonts = "fonts/manifest";
	ro.docs = RUN_ALL_DOCS;
	ro.langs = RUN_EN;
	ro.quiet = 1;
	printf("\n== stages of the default run (run_all in this process, run_stats; wall) ==\n");
	bench_stages(&stages, &ro, reps);
	report_stages("stage", &stages);
	ro.docs = RUN_BRIEFS;
	ro.state = "jalisco";
	printf("\n== one brief (--state jalisco) in this process, stage by stage ==\n");
	bench_stages(&stages_brief, &ro, reps);
	report_stages("stage_brief", &stages_brief);
	ro.state = NULL;
	ro.docs = RUN_ALL_DOCS;

	/* 3. scaling with synthetic states */
	printf("\n== scaling: synthetic editions, every state profiled; briefs only (--only "
	       "briefs --lang en) ==\n");
	nscale = 0;
	for (i = 0; i < 3 && scale_n[i] <= max_states; i++) {
		int n = scale_n[i], nrep = n >= 2500 ? big_reps : reps;
		char o2[600];

		dirs[i] = make_states_edition(n);
		snprintf(o2, sizeof o2, "%s/s%d", out, n);
		{
			const char *a1[] = { "--data", dirs[i], "--out", o2, "--only", "briefs", "--lang",
			                     "en", "--quiet", "--jobs", "1", NULL };
			const char *s1[] = { "--data", dirs[i], "--out", o2, "--only", "briefs", "--lang",
			                     "en", "--quiet", "--jobs", "1", "--shard", "1/2", NULL };
			const char *s2[] = { "--data", dirs[i], "--out", o2, "--only", "briefs", "--lang",
			                     "en", "--quiet", "--jobs", "1", "--shard", "2/2", NULL };
			const char *a3[] = { "--data", dirs[i], "--out", o2, "--only", "briefs", "--lang",
			                     "en", "--quiet", NULL };
			char m[64], l[96];

			bench_procs(&scale1[i], nrep, a1, NULL);
			bench_procs(&scale2[i], nrep, s1, s2);
			bench_procs(&scale3[i], nrep, a3, NULL);
			snprintf(m, sizeof m, "scale%d.one", n);
			snprintf(l, sizeof l, "%d briefs, one process (--jobs 1)", n);
			report_procs(m, l, &scale1[i]);
			snprintf(m, sizeof m, "scale%d.two", n);
			snprintf(l, sizeof l, "%d briefs, two shards in parallel", n);
			report_procs(m, l, &scale2[i]);
			snprintf(m, sizeof m, "scale%d.jobs", n);
			snprintf(l, sizeof l, "%d briefs, one command (--jobs: one per CPU)", n);
			report_procs(m, l, &scale3[i]);
			have_scale[i] = scale1[i].wall.n > 0 && scale2[i].wall.n > 0 &&
			                scale3[i].wall.n > 0;
		}
		if (n == 32) {
			/* one brief in a warm process: the 32 briefs of this edition in
			 * one run_all against one brief alone, in this process; the
			 * difference over 31 is what one more brief costs once fonts and
			 * dictionaries are loaded (CPU of the whole run_all, and the
			 * template + layout + PDF stages) */
			struct stage_set all32, one;
			struct run_opts wo = ro;

			wo.data = dirs[i];
			wo.out = o2;
			wo.docs = RUN_BRIEFS;
			wo.langs = RUN_EN;
			wo.state = NULL;
			bench_stages(&all32, &wo, reps);
			wo.state = "jalisco";
			bench_stages(&one, &wo, reps);
			if (all32.cpu.n > 0 && one.cpu.n > 0) {
				warm_cpu = (median(&all32.cpu) - median(&one.cpu)) / 31 * 1e3;
				warm_stages = ((median(&all32.tmpl) + median(&all32.layout) +
				                median(&all32.pdf)) - (median(&one.tmpl) +
				                median(&one.layout) + median(&one.pdf))) / 31 * 1e3;
				printf("  one more brief in a warm process (32 briefs - 1, / 31): %.2f ms CPU, "
				       "%.2f ms in templates + layout + PDF (wall)\n", warm_cpu, warm_stages);
				csv_row("warm_brief.cpu", warm_cpu, "ms");
				csv_row("warm_brief.stages", warm_stages, "ms");
			}
		}
		if (n == 32) {
			/* the paper plus 32 briefs, the comparison with Typst */
			const char *a[] = { "--data", dirs[i], "--out", o2, "--lang", "en", "--quiet",
			                    NULL };

			bench_procs(&paper32, reps, a, NULL);
			report_procs("paper32", "paper + 32 briefs + figures, one command", &paper32);
		}
		nscale++;
	}
	if (nscale > 0) {
		printf("\n  %-8s %14s %14s %14s %12s %12s\n", "states", "ms/brief 1p", "ms/brief 2p",
		       "CPU ms/brief", "ratio 1p", "ratio 2p");
		for (i = 0; i < nscale; i++) {
			double per1, per2, cpu1, r1, r2;
			char m[64];

			if (!have_scale[i])
				continue;
			per1 = median(&scale1[i].wall) / scale_n[i];
			per2 = median(&scale2[i].wall) / scale_n[i];
			cpu1 = median(&scale1[i].cpu) / scale_n[i];
			r1 = have_scale[0] ? per1 / (median(&scale1[0].wall) / scale_n[0]) : 0;
			r2 = have_scale[0] ? per2 / (median(&scale2[0].wall) / scale_n[0]) : 0;
			printf("  %-8d %14.2f %14.2f %14.2f %12.2f %12.2f\n", scale_n[i], per1 * 1e3,
			       per2 * 1e3, cpu1 * 1e3, r1, r2);
			snprintf(m, sizeof m, "scale%d.per_brief_one", scale_n[i]);
			csv_row(m, per1 * 1e3, "ms");
			snprintf(m, sizeof m, "scale%d.per_brief_two", scale_n[i]);
			csv_row(m, per2 * 1e3, "ms");
			snprintf(m, sizeof m, "scale%d.cpu_per_brief", scale_n[i]);
			csv_row(m, cpu1 * 1e3, "ms");
			snprintf(m, sizeof m, "scale%d.ratio_one", scale_n[i]);
			csv_row(m, r1, "x");
			snprintf(m, sizeof m, "scale%d.ratio_two", scale_n[i]);
			csv_row(m, r2, "x");
		}
		printf("  (ratio: time per brief against the 32-state edition; flat = 1.00)\n");
	}

	/* 4. automation model at O*NET scale */
	printf("\n== automation model: automation_load + automation_compute, 20 sectors ==\n");
	for (i = 0; i < 3; i++) {
		char *d = make_onet_edition(20, onet[i][0], onet[i][1]);
		char m[64], l[96];

		model_ok[i] = bench_model(d, reps, &model_s[i], &model_c[i], why[i],
		                          sizeof why[i]) == 0;
		snprintf(m, sizeof m, "model.occ%d_tasks%d", onet[i][0], onet[i][1]);
		snprintf(l, sizeof l, "%d occupations, %d tasks: wall", onet[i][0], onet[i][1]);
		if (model_ok[i]) {
			report(m, l, &model_s[i], "ms", 1e3);
			snprintf(m, sizeof m, "model.occ%d_tasks%d.cpu", onet[i][0], onet[i][1]);
			snprintf(l, sizeof l, "%d occupations, %d tasks: user+sys CPU", onet[i][0],
			         onet[i][1]);
			report(m, l, &model_c[i], "ms", 1e3);
			printf("  %-46s %10.3f us (wall), %.3f us (CPU)\n", "  per task",
			       median(&model_s[i]) / onet[i][1] * 1e6,
			       median(&model_c[i]) / onet[i][1] * 1e6);
			snprintf(m, sizeof m, "model.occ%d_tasks%d.per_task", onet[i][0], onet[i][1]);
			csv_row(m, median(&model_s[i]) / onet[i][1] * 1e6, "us");
			snprintf(m, sizeof m, "model.occ%d_tasks%d.per_task_cpu", onet[i][0], onet[i][1]);
			csv_row(m, median(&model_c[i]) / onet[i][1] * 1e6, "us");
		} else {
			printf("  %-46s REFUSED: %s\n", l, why[i]);
		}
		sh("rm -rf '%s'", d);
		free(d);
	}
	/* Per task the 2,000-task input also carries what does not grow with the
	 * tasks (20 x 40 occupation-mix rows, the small tables, the model run), so
	 * this ratio sits below 1; above 1 would mean a cost growing faster than N. */
	if (model_ok[1] && model_ok[2]) {
		double ratio = (median(&model_s[1]) / onet[1][1]) / (median(&model_s[2]) / onet[2][1]);
		double rc = (median(&model_c[1]) / onet[1][1]) / (median(&model_c[2]) / onet[2][1]);

		printf("  time per task, 20,000 against 2,000 tasks: %.2f wall, %.2f CPU "
		       "(flat = 1.00)\n", ratio, rc);
		csv_row("model.per_task_ratio", ratio, "x");
		csv_row("model.per_task_ratio_cpu", rc, "x");
	}
	/* same tasks, 8 times the occupations: a lookup linear in the occupations
	 * would show here */
	if (model_ok[0] && model_ok[1]) {
		double ratio = median(&model_s[0]) / median(&model_s[1]);
		double rc = median(&model_c[0]) / median(&model_c[1]);

		printf("  time per task, 1,000 against 128 occupations (20,000 tasks): %.2f wall, "
		       "%.2f CPU (flat = 1.00)\n", ratio, rc);
		csv_row("model.occupation_ratio", ratio, "x");
		csv_row("model.occupation_ratio_cpu", rc, "x");
	}

	/* 5. a 1 MB template */
	printf("\n== template: tmpl_compile_string on about 1 MB ==\n");
	{
		char *text = make_big_template(1 << 20);

		tmpl_bytes = strlen(text);
		memset(&tmpl_s, 0, sizeof tmpl_s);
		for (r = 0; r < reps; r++) {
			struct arena *a = arena_new();
			double t0 = now();
			struct tmpl *t;

			diag_reset();
			t = tmpl_compile_string(a, "bench.md", text, "en", NULL);
			if (t != NULL)
				add(&tmpl_s, now() - t0);
			arena_free(a);
			if (t == NULL) {
				fprintf(stderr, "bench: the 1 MB template does not compile\n");
				break;
			}
		}
		printf("  template size %zu bytes\n", tmpl_bytes);
		report("tmpl.compile_1mb", "compile", &tmpl_s, "ms", 1e3);
		free(text);
	}

	/* 6. --watch: edit to PDF, on a copy of the templates */
	printf("\n== --watch: edit a template, wait for the rebuild line ==\n");
	{
		char *wd = mkd("watch"), t[600], o3[600], f1[700], f2[700];

		snprintf(t, sizeof t, "%s/t", wd);
		snprintf(o3, sizeof o3, "%s/o", wd);
		snprintf(f1, sizeof f1, "%s/whitepaper/en/07-conclusion.md", t);
		snprintf(f2, sizeof f2, "%s/brief/en/00-brief.md", t);
		if (sh("cp -r templates '%s'", t) == 0) {
			const char *wp[] = { "--watch", "--data", "data/2018", "--templates", t, "--out",
			                     o3, "--only", "paper", "--lang", "en", NULL };
			const char *wb[] = { "--watch", "--data", "data/2018", "--templates", t, "--out",
			                     o3, "--state", "jalisco", "--lang", "en", NULL };

			bench_watch(wp, f1, "1 rebuilt, 1 written (whitepaper-en.pdf)", reps, &watch_paper,
			            &watch_paper_self, &wcpu);
			report("watch.paper.edit", "English paper: edit to PDF (wall)", &watch_paper, "ms",
			       1e3);
			report("watch.paper.rebuild", "English paper: the rebuild line's time",
			       &watch_paper_self, "ms", 1e3);
			report("watch.paper.cpu", "English paper: the rebuild's CPU", &wcpu, "ms", 1e3);
			bench_watch(wb, f2, "1 rebuilt, 1 written (briefs/en/jalisco.pdf)", reps,
			            &watch_brief, &watch_brief_self, &wcpu);
			report("watch.brief.edit", "one brief: edit to PDF (wall)", &watch_brief, "ms", 1e3);
			report("watch.brief.rebuild", "one brief: the rebuild line's time",
			       &watch_brief_self, "ms", 1e3);
			report("watch.brief.cpu", "one brief: the rebuild's CPU", &wcpu, "ms", 1e3);
		}
		sh("rm -rf '%s'", wd);
		free(wd);
	}

	/* 7. one long word through layout: linear */
	printf("\n== layout: one unbreakable word, paragraph + table cell ==\n");
	{
		struct pdf_fonts *f = pdf_fonts_load("fonts/manifest");
		static const size_t sizes[] = { 10000, 100000, 1000000 };
		double t[3];
		size_t bytes[3];

		for (i = 0; f != NULL && i < 3; i++) {
			char m[64];

			t[i] = bench_long_word(f, sizes[i], &bytes[i]);
			printf("  %7zu characters: %8.1f ms CPU, %8.1f MB\n", sizes[i], t[i] * 1e3,
			       (double)bytes[i] / (1 << 20));
			snprintf(m, sizeof m, "layout.word%zu_cpu", sizes[i]);
			csv_row(m, t[i] * 1e3, "ms");
			snprintf(m, sizeof m, "layout.word%zu_mem", sizes[i]);
			csv_row(m, (double)bytes[i] / (1 << 20), "MB");
		}
		if (f != NULL && t[0] > 0) {
			printf("  ratios against 10 K (linear: 10 and 100): time %.1f and %.1f, "
			       "memory %.1f and %.1f\n", t[1] / t[0], t[2] / t[0],
			       (double)bytes[1] / (double)bytes[0],
			       (double)bytes[2] / (double)bytes[0]);
			csv_row("layout.word_ratio_10x", t[1] / t[0], "x");
			csv_row("layout.word_ratio_100x", t[2] / t[0], "x");
		} else if (f == NULL) {
			printf("  (fonts/manifest does not load: skipped)\n");
		}
		pdf_fonts_free(f);
	}

	/* 8. output sizes */
	printf("\n== output sizes ==\n");
	report1("size.paper", "whitepaper-en.pdf", (double)paper_bytes / 1024.0, "KB");
	report1("size.brief", "briefs/en/jalisco.pdf", (double)brief_bytes / 1024.0, "KB");

	/* 6. the readiness Monte Carlo (issue 15) */
	printf("\n== readiness index: Monte Carlo on data/2018 ==\n");
	mc_draws = bench_readiness(reps, &mc_s, &mc_c, &mc_n);
	if (mc_draws > 0) {
		char l[96];

		snprintf(l, sizeof l, "%d draws x %zu countries: wall", mc_draws, mc_n);
		report("readiness.mc", l, &mc_s, "ms", 1e3);
		snprintf(l, sizeof l, "%d draws x %zu countries: user+sys CPU", mc_draws, mc_n);
		report("readiness.mc.cpu", l, &mc_c, "ms", 1e3);
	} else {
		printf("  could not run the readiness Monte Carlo on data/2018\n");
	}

	/* targets */
	printf("\n== targets of issue 9 (this machine; measured median) ==\n");
	printf("  (wall times suffer from other work on the machine: see the load average;\n"
	       "   the CPU lines are the same targets measured in user+sys CPU time)\n");
	target("paper + 32 briefs, one command, wall (ms)", median(&paper32.wall) * 1e3, 150, "ms",
	       paper32.wall.n > 0);
	target("paper + 32 briefs, one command, CPU (ms)", median(&paper32.cpu) * 1e3, 150, "ms",
	       paper32.cpu.n > 0);
	target("paper alone, process wall (ms)", median(&paper.wall) * 1e3, 50, "ms",
	       paper.wall.n > 0);
	target("paper alone, process CPU (ms)", median(&paper.cpu) * 1e3, 50, "ms",
	       paper.cpu.n > 0);
	target("one brief, warm process, CPU (ms)", warm_cpu, 3, "ms", warm_cpu > 0);
	target("2,500 briefs, one command (--jobs default), wall (s)",
	       have_scale[2] ? median(&scale3[2].wall) : 0, 10, "s", have_scale[2]);
	target("2,500 briefs, two shards, wall (s)",
	       have_scale[2] ? median(&scale2[2].wall) : 0, 10, "s", have_scale[2]);
	target("2,500 briefs, two shards, CPU / 2 (s)",
	       have_scale[2] ? median(&scale2[2].cpu) / 2 : 0, 10, "s", have_scale[2]);
	if (have_scale[2] && have_scale[0]) {
		double r2 = (median(&scale2[2].wall) / 2500) / (median(&scale2[0].wall) / 32);

		target("  linear in N: per-brief ratio 2,500 / 32", r2, 1.25, "x", 1);
	}
	target("readiness Monte Carlo, 10,000 draws x 35 countries, CPU (ms)",
	       mc_draws > 0 ? median(&mc_c) * 1e3 : 0, 20, "ms", mc_draws > 0);
	target("automation model, 1,000 occ / 20,000 tasks, wall (ms)",
	       model_ok[0] ? median(&model_s[0]) * 1e3 : 0, 50, "ms", model_ok[0]);
	target("automation model, 1,000 occ / 20,000 tasks, CPU (ms)",
	       model_ok[0] ? median(&model_c[0]) * 1e3 : 0, 50, "ms", model_ok[0]);
	target("peak RSS of the whole default run (MB)", median(&whole.rss), 64, "MB",
	       whole.rss.n > 0);
	target("a brief (KB)", (double)brief_bytes / 1024.0, 60, "KB", brief_bytes >= 0);
	target("the paper (KB)", (double)paper_bytes / 1024.0, 500, "KB", paper_bytes >= 0);

	printf("\n== budgets of issue 20 (this machine; median) ==\n");
	budget("paper + 32 briefs, English, one command, wall (s)", median(&paper32.wall), 0.065,
	       "s", paper32.wall.n > 0);
	budget("paper + 32 briefs, English, one command, CPU (s)", median(&paper32.cpu), 0.10, "s",
	       paper32.cpu.n > 0);
	budget("default run (both languages, all briefs), wall (s)", median(&whole.wall), 0.4, "s",
	       whole.wall.n > 0);
	budget("2,500 briefs, one command, wall (s)", have_scale[2] ? median(&scale3[2].wall) : 0,
	       3, "s", have_scale[2]);
	budget("peak memory of the default run (MiB)", median(&whole.rss), 32, "MiB",
	       whole.rss.n > 0);
	budget("a brief (KB)", (double)brief_bytes / 1024.0, 40, "KB", brief_bytes >= 0);
	budget("the paper (KB)", (double)paper_bytes / 1024.0, 200, "KB", paper_bytes >= 0);
	budget("--watch: English paper, edit to PDF (s)", median(&watch_paper), 0.060, "s",
	       watch_paper.n > 0);
	budget("--watch: one brief, edit to PDF (s)", median(&watch_brief), 0.010, "s",
	       watch_brief.n > 0);
	loadavg("at end");

	/* out/bench.csv, all or nothing */
	{
		struct buf all = { 0 };

		buf_add(&all, "metric,value,unit\n", 18);
		buf_add(&all, csv.data, csv.len);
		diag_set_stream(stderr);
		diag_reset();
		if (outfile_check_dir("out") != 0 || outfile_stage("out/bench.csv", all.data, all.len) != 0 ||
		    outfile_commit() != 0) {
			outfile_abort();
			return 3;
		}
		printf("\nwrote out/bench.csv\n");
		buf_free(&all);
	}
	for (i = 0; i < 3; i++) {
		if (dirs[i] != NULL) {
			sh("rm -rf '%s'", dirs[i]);
			free(dirs[i]);
		}
	}
	sh("rm -rf '%s'", out);
	free(out);
	return 0;
}
