/*
 * run: the stages of one run in order, and the list of outputs it writes.
 *
 * Every output is staged through outfile.c and committed only when the whole
 * run has succeeded. The list of outputs is fixed and ordered (figures, papers,
 * briefs), so --shard K/N can take every N-th item deterministically and the
 * union of the N shards equals one full run.
 */
#include "run/run.h"

#include "base/base.h"
#include "model/automation/automation.h"
#include "load/load.h"
#include "doc/doc.h"
#include "model/edition/edition.h"
#include "figures/figures.h"
#include "layout/layout.h"
#include "import/import.h"
#include "pdf/pdf.h"
#include "model/readiness/readiness.h"
#include "model/regions/regions.h"
#include "model/texts/texts.h"
#include "tmpl/tmpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum out_kind { OUT_FIGURES, OUT_PAPER, OUT_BRIEF };

struct output {
	enum out_kind kind;
	const char *lang;
	size_t state_row;        /* OUT_BRIEF: row of the states table */
	const char *rel;         /* path relative to the output folder */
	int worker;              /* process that builds it (0: this one) */
};

/* Everything the model stage produced. */
struct model {
	struct dataset edition, facts;
	struct automation_input auto_in;
	struct automation_result *auto_res;
	struct readiness_data rd;
	struct readiness_result rr, rz;
	struct readiness_uncertainty ru;
	struct regions_data gd;
	struct regions_result gr;
	struct texts_data td;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int run_parse_shard(const char *s, int *k, int *n)
{
	char *end;
	long kk, nn;

	kk = strtol(s, &end, 10);
	if (end == s || *end != '/')
		return -1;
	s = end + 1;
	nn = strtol(s, &end, 10);
	if (end == s || *end != '\0' || nn < 1 || nn > 1000000 || kk < 1 || kk > nn)
		return -1;
	*k = (int)kk;
	*n = (int)nn;
	return 0;
}

/* Load every dataset, reporting the problems of all of them. */
static int stage_load(struct arena *a, const char *dir, struct model *m)
{
	struct stat sb;
	int bad = 0;

	/* one message for a wrong --data, not one per dataset */
	if (stat(dir, &sb) != 0) {
		diag_error(NULL, EXIT_SYS, "edition folder '%s': %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		diag_error(NULL, EXIT_SYS, "edition folder '%s': not a folder", dir);
		return -1;
	}

	bad |= edition_load(a, dir, &m->edition) != 0;
	bad |= edition_facts_load(a, dir, &m->facts) != 0;
	bad |= automation_load(a, dir, &m->auto_in) != 0;
	bad |= readiness_load(a, dir, &m->rd) != 0;
	bad |= regions_load(a, dir, &m->gd) != 0;
	bad |= texts_load(a, dir, &m->td) != 0;
	if (!bad)
		bad |= texts_check_states(&m->td, &m->gd) != 0;
	return bad || diag_status() != EXIT_OK ? -1 : 0;
}

static int stage_model(struct arena *a, struct model *m)
{
	struct readiness_params rp = { READINESS_MINMAX, "MEX" };
	struct readiness_params zp = { READINESS_ZSCORE, "MEX" };

	m->auto_res = arena_alloc(a, sizeof *m->auto_res);
	if (automation_compute(&m->auto_in, m->auto_res) != 0) {
		diag_error(NULL, EXIT_DATA, "automation model: the edition has no employment");
		return -1;
	}
	if (readiness_compute(a, &m->rd, &rp, &m->rr) != 0) {
		diag_error(NULL, EXIT_DATA, "readiness index: nothing to rank");
		return -1;
	}
	readiness_check(&m->rr);
	/* the same index under z-scores, and how far Mexico's rank moves when the
	 * estimated metrics are perturbed: both reported in the methodology */
	if (readiness_compute(a, &m->rd, &zp, &m->rz) != 0)
		return -1;
	if (readiness_uncertainty(a, &m->rd, m->rr.focus, 999, 2018, &m->ru) != 0)
		return -1;
	if (regions_compute(a, &m->gd, &m->gr) != 0) {
		diag_error(NULL, EXIT_DATA, "regions: no state with a population");
		return -1;
	}
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
	readiness_figures(&m->rr, fs);
	readiness_variant_figures(&m->rz, fs);
	readiness_uncertainty_figures(&m->rd, m->rr.focus, &m->ru, fs);
	regions_figures(&m->gr, fs);
	texts_figures(&m->td, fs);
	figset_num(fs, "crosscheck.available", access(imp, F_OK) == 0, "flag", "",
	           "1 when the edition has import_figures.csv");
	if (access(imp, F_OK) == 0 && import_figures_load(a, imp, fs) != 0)
		return -1;
	return 0;
}

/* The ordered list of every output the options select. */
static size_t plan_outputs(struct arena *a, const struct figset *fs,
                           struct output **outp)
{
	static const char *const langs[] = { "en", "es" };
	const struct figtable *states = figset_get_table(fs, "states");
	int slug_col = states ? figtable_col(states, "slug") : -1;
	int prof_col = states ? figtable_col(states, "profiled") : -1;
	size_t cap = 4 + (states ? 2 * states->nrows : 0);
	struct output *v = arena_calloc(a, cap, sizeof *v);
	size_t n = 0, li, r;

	v[n++] = (struct output){ OUT_FIGURES, NULL, 0, "figures.csv", 0 };
	for (li = 0; li < 2; li++)
		v[n++] = (struct output){ OUT_PAPER, langs[li], 0,
		                          arena_printf(a, "whitepaper-%s.pdf", langs[li]), 0 };
	for (li = 0; li < 2 && states && slug_col >= 0; li++) {
		for (r = 0; r < states->nrows; r++) {
			const char *slug = figtable_cell(states, r, (size_t)slug_col)->text;

			if (prof_col >= 0 && strcmp(figtable_cell(states, r, (size_t)prof_col)->text, "yes") != 0)
				continue;
			v[n++] = (struct output){ OUT_BRIEF, langs[li], r,
			                          arena_printf(a, "briefs/%s/%s.pdf", langs[li], slug),
			                          0 };
		}
	}
	*outp = v;
	return n;
}

static int selected(const struct run_opts *o, const struct output *out, const struct figset *fs)
{
	unsigned lang = 0;

	if (out->lang)
		lang = strcmp(out->lang, "en") == 0 ? RUN_EN : RUN_ES;
	switch (out->kind) {
	case OUT_FIGURES:
		return (o->docs & RUN_FIGURES) != 0;
	case OUT_PAPER:
		return (o->docs & RUN_PAPER) && (o->langs & lang);
	case OUT_BRIEF:
		if (!(o->docs & RUN_BRIEFS) || !(o->langs & lang))
			return 0;
		if (o->state != NULL) {
			const struct figtable *st = figset_get_table(fs, "states");
			int c = figtable_col(st, "slug");

			return strcmp(figtable_cell(st, out->state_row, (size_t)c)->text, o->state) == 0;
		}
		return 1;
	}
	return 0;
}

static int write_figures(const struct figset *fs, const char *dir)
{
	const struct figtable *errata = figset_get_table(fs, "errata");
	struct buf b = { 0 }, path = { 0 };
	int rc;

	if (figset_write_csv(fs, dir) != 0)
		return -1;
	if (errata == NULL)
		return 0;
	/* the errata also stand on their own beside figures.csv */
	figtable_csv(errata, &b);
	buf_printf(&path, "%s/errata.csv", dir);
	rc = outfile_stage(buf_cstr(&path), b.data ? b.data : "", b.len);
	buf_free(&b);
	buf_free(&path);
	return rc;
}

struct prep;

struct engine {
	struct prep *prep;                 /* fonts and dictionaries still loading */
	struct pdf_fonts *fonts;
	struct hyph *hyph;
	struct tmpl *paper[2], *brief[2];  /* compiled once per run, [en, es] */
	struct arena *tmpl_arena;
	struct tmpl_cache *tmpl_cache;     /* rows shared by the renders (tmpl.h) */
};

static int lang_index(const char *lang)
{
	return strcmp(lang, "es") == 0;
}

static struct tmpl *get_tmpl(struct engine *e, const struct run_opts *o, const struct figset *fs,
                             enum out_kind kind, const char *lang)
{
	struct tmpl **slot = kind == OUT_PAPER ? &e->paper[lang_index(lang)] : &e->brief[lang_index(lang)];
	char rel[64];

	if (*slot == NULL) {
		snprintf(rel, sizeof rel, "%s/%s", kind == OUT_PAPER ? "whitepaper" : "brief", lang);
		*slot = tmpl_compile_dir(e->tmpl_arena, o->templates, rel, lang);
		if (*slot != NULL)
			tmpl_lint(*slot, fs);
	}
	return *slot;
}

/* Fonts and hyphenation dictionaries, loaded on a helper thread while the
 * main thread reads the data, computes the figures and compiles the
 * templates: they take about as long, and a run has two cores. Messages are
 * held (diag_hold) and passed on only if the run goes on to make a PDF, so
 * a run that makes none says nothing about fonts, as before. */
struct prep {
	const struct run_opts *o;
	struct pdf_fonts *fonts;
	struct hyph *hyph;
	struct diag_held held[2];    /* [0] fonts, [1] dictionaries */
	pthread_t thread[2];
	int started[2], done[2];
};

/* The two jobs run on threads of their own: on two cores, with the main
 * thread reading the data, the dictionaries (the longer job) are ready
 * soonest that way. */
static void *prep_fonts(void *arg)
{
	struct prep *p = arg;

	diag_hold(&p->held[0]);
	p->fonts = pdf_fonts_load(p->o->fonts);
	diag_hold_end();
	return NULL;
}

static void *prep_hyph(void *arg)
{
	struct prep *p = arg;

	diag_hold(&p->held[1]);
	p->hyph = hyph_new(NULL);
	if (p->o->langs & RUN_EN)
		hyph_preload(p->hyph, "en");
	if (p->o->langs & RUN_ES)
		hyph_preload(p->hyph, "es");
	diag_hold_end();
	return NULL;
}

static void *(*const prep_job[2])(void *) = { prep_fonts, prep_hyph };

static void prep_start(struct prep *p, const struct run_opts *o)
{
	int k;

	memset(p, 0, sizeof *p);
	p->o = o;
	if (!(o->docs & (RUN_PAPER | RUN_BRIEFS)))
		return;
	for (k = 0; k < 2; k++)
		p->started[k] = pthread_create(&p->thread[k], NULL, prep_job[k], p) == 0;
}

/* Wait for the helpers (or do their work now if one could not start); use =
 * 1 passes their messages on and keeps the results in e. Returns 0, or -1
 * when the fonts could not be loaded. */
static int prep_finish(struct prep *p, struct engine *e, int use)
{
	int k;

	for (k = 0; k < 2; k++) {
		if (p->started[k]) {
			pthread_join(p->thread[k], NULL);
			p->started[k] = 0;
			p->done[k] = 1;
		} else if (use && !p->done[k]) {
			prep_job[k](p);
			p->done[k] = 1;
		}
	}
	if (!use) {
		for (k = 0; k < 2; k++)
			diag_discard(&p->held[k]);
		pdf_fonts_free(p->fonts);
		hyph_free(p->hyph);
		p->fonts = NULL;
		p->hyph = NULL;
		return 0;
	}
	for (k = 0; k < 2; k++)
		diag_release(&p->held[k]);
	e->fonts = p->fonts;
	e->hyph = p->hyph;
	p->fonts = NULL;
	p->hyph = NULL;
	if (e->fonts == NULL) {
		hyph_free(e->hyph);
		e->hyph = NULL;
		return -1;
	}
	return 0;
}

/* Render, lay out and stage one PDF. */
static int build_pdf(struct engine *e, const struct run_opts *o, const struct figset *fs,
                     const struct output *out, struct run_stats *st, size_t *bytes)
{
	struct arena *a = arena_new();
	const struct tmpl *t = get_tmpl(e, o, fs, out->kind, out->lang);
	struct tmpl_bind bind;
	struct doc *d;
	struct layout *l;
	struct layout_opts lo = { o->letter ? LAYOUT_LETTER : LAYOUT_A4, e->hyph };
	struct pdf_info info;
	struct buf pdf = { 0 };
	char *path;
	double t0 = now(), t1, t2;
	int rc = -1;

	if (t == NULL)
		goto out;
	if (out->kind == OUT_BRIEF) {
		bind.name = "state";
		bind.table = figset_get_table(fs, "states");
		bind.row = out->state_row;
	}
	d = tmpl_render_cached(a, t, fs, out->kind == OUT_BRIEF ? &bind : NULL, e->tmpl_cache);
	t1 = now();
	st->tmpl += t1 - t0;
	if (d == NULL)
		goto out;
	if (e->prep != NULL) {   /* the first layout needs the fonts and dictionaries */
		int bad = prep_finish(e->prep, e, 1);

		e->prep = NULL;
		t1 = now();
		if (bad)
			goto out;
	}
	lo.hyph = e->hyph;   /* set only now: the helper may have just delivered it */
	l = layout_doc(a, d, pdf_fonts_measure(e->fonts), &lo);
	t2 = now();
	st->layout += t2 - t1;
	if (l == NULL)
		goto out;
	st->pages += l->npages;
	info.title = d->title;
	info.author = d->author;
	info.subject = d->subject;
	info.keywords = d->keywords;
	if (pdf_render(e->fonts, l, &info, &pdf) != 0)
		goto out;
	path = arena_printf(a, "%s/%s", o->out, out->rel);
	rc = outfile_stage(path, pdf.data, pdf.len);
	*bytes = pdf.len;
	st->pdf += now() - t2;
out:
	buf_free(&pdf);
	arena_free(a);
	return rc;
}

static void progress(const struct run_opts *o, size_t i, size_t n, const char *rel)
{
	if (o->progress)
		fprintf(stderr, "\r\033[K[%zu/%zu] %s", i, n, rel);
}

/* ---- worker processes (--jobs) ----
 *
 * With jobs > 1 the documents are shared out among this process and jobs - 1
 * children forked once the data, figures, fonts, dictionaries and templates
 * are ready (copy-on-write: nothing is loaded twice). A document's bytes
 * depend only on the inputs, so the outputs are those of a single process.
 * Each child stages its files as usual and, when all went well, sends the
 * parent the list (temp path, final path; NUL-separated) through a pipe and
 * leaves its temps behind; the parent adopts them (outfile_adopt) and its one
 * commit renames every file of the run, or its abort removes them all. A child
 * that fails removes its own temps and exits with its status; its messages
 * went to stderr already. */

/* Estimated cost, to share the work: the paper takes about as long as 20
 * to 25 briefs (measured on the default edition; a worker's first briefs
 * are slower, its caches being cold). */
static unsigned out_cost(const struct output *x)
{
	return x->kind == OUT_PAPER ? 20 : 1;
}

/* Give each selected output to the least loaded worker (ties: the lowest),
 * in plan order; figures stay with the parent. */
static void share_out(struct output *outs, size_t n, int jobs)
{
	unsigned load[64] = { 0 };
	size_t i;
	int w, best;

	for (i = 0; i < n; i++) {
		outs[i].worker = 0;
		if (outs[i].rel == NULL || outs[i].kind == OUT_FIGURES)
			continue;
		for (best = 0, w = 1; w < jobs; w++)
			if (load[w] < load[best])
				best = w;
		outs[i].worker = best;
		load[best] += out_cost(&outs[i]);
	}
}

static int write_all_fd(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* In a child, after its share: hand the staged list to the parent. */
static _Noreturn void worker_exit(int fd)
{
	int status = diag_status();

	if (status == EXIT_OK) {
		struct buf b = { 0 };
		size_t i;

		for (i = 0; i < outfile_staged_count(); i++) {
			buf_add(&b, outfile_staged_tmp(i), strlen(outfile_staged_tmp(i)) + 1);
			buf_add(&b, outfile_staged_path(i), strlen(outfile_staged_path(i)) + 1);
		}
		if (write_all_fd(fd, b.data ? b.data : "", b.len) == 0) {
			outfile_release();   /* the parent commits them */
			_exit(0);
		}
		status = EXIT_SYS;
	}
	outfile_abort();
	_exit(status);
}

/* In the parent: read a child's list, wait for it, adopt its files. */
static void worker_collect(pid_t pid, int fd)
{
	struct buf b = { 0 };
	char chunk[8192];
	int st;
	size_t at;

	for (;;) {
		ssize_t r = read(fd, chunk, sizeof chunk);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		buf_add(&b, chunk, (size_t)r);
	}
	close(fd);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		for (at = 0; at < b.len;) {
			const char *tmp = b.data + at, *path;

			at += strlen(tmp) + 1;
			if (at >= b.len)
				break;
			path = b.data + at;
			at += strlen(path) + 1;
			outfile_adopt(path, tmp);
		}
	} else if (WIFEXITED(st)) {
		diag_raise(WEXITSTATUS(st) == EXIT_OK ? EXIT_SYS : WEXITSTATUS(st));
	} else {
		diag_error(NULL, EXIT_SYS, "a worker process died (signal %d)",
		           WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	}
	buf_free(&b);
}

int run_all(const struct run_opts *o, struct run_stats *st)
{
	struct prep prep;
	pid_t kids[64], parent = 0;
	int kid_fd[64], nkids = 0, me = 0, jobs = 1;
	struct arena *a = arena_new();
	struct model *m = arena_alloc(a, sizeof *m);
	struct figset *fs;
	struct output *outs;
	struct engine e = { 0 };
	size_t n, i, nsel = 0, k = 0;
	size_t npdf = 0;
	double t;
	int status;

	memset(st, 0, sizeof *st);
	memset(&prep, 0, sizeof prep);
	if (outfile_check_dir(o->out) != 0)
		goto done;
	prep_start(&prep, o);

	t = now();
	if (stage_load(a, o->data, m) != 0)
		goto done;
	st->load = now() - t;

	t = now();
	if (stage_model(a, m) != 0)
		goto done;
	st->model = now() - t;

	t = now();
	fs = figset_new(a);
	if (stage_figures(a, o->data, m, fs) != 0)
		goto done;
	n = plan_outputs(a, fs, &outs);
	st->figures = now() - t;

	if (o->state != NULL) {
		for (i = 0; i < n; i++)
			if (outs[i].kind == OUT_BRIEF && selected(o, &outs[i], fs))
				break;
		if (i == n) {
			diag_error(NULL, EXIT_USAGE, "no state '%s' with a brief in %s", o->state, o->data);
			goto done;
		}
	}
	for (i = 0; i < n; i++) {
		int mine = o->shard_n == 0 || (int)(i % (size_t)o->shard_n) == o->shard_k - 1;

		if (!mine || !selected(o, &outs[i], fs)) {
			outs[i].rel = NULL;
			continue;
		}
		nsel++;
		if (outs[i].kind != OUT_FIGURES)
			npdf++;
	}

	if (npdf == 0)
		prep_finish(&prep, &e, 0);
	else
		e.prep = &prep;   /* joined before the first layout (build_pdf) */
	if (npdf > 0) {
		e.tmpl_arena = arena_new();
		e.tmpl_cache = tmpl_cache_new();
	}
	jobs = o->jobs < 1 ? 1 : o->jobs > 64 ? 64 : o->jobs;
	if ((size_t)jobs > npdf)
		jobs = npdf > 0 ? (int)npdf : 1;
	share_out(outs, n, jobs);
	if (jobs > 1) {
		/* everything the children share is made before they are */
		if (prep_finish(&prep, &e, 1) != 0)
			goto done;
		e.prep = NULL;
		for (i = 0; i < n; i++)
			if (outs[i].rel != NULL && outs[i].kind != OUT_FIGURES &&
			    get_tmpl(&e, o, fs, outs[i].kind, outs[i].lang) == NULL)
				goto done;
		parent = getpid();
		fflush(NULL);
		for (int w = 1; w < jobs; w++) {
			int fds[2] = { -1, -1 };
			pid_t pid = -1;

			if (pipe(fds) == 0)
				pid = fork();
			if (pid < 0) {
				/* the shares of the workers not started fall to this process */
				diag_warn(NULL, "cannot start a worker process (%s): %d of %d started",
				          strerror(errno), nkids, jobs - 1);
				if (fds[0] >= 0) {
					close(fds[0]);
					close(fds[1]);
				}
				for (i = 0; i < n; i++)
					if (outs[i].worker >= w)
						outs[i].worker = 0;
				break;
			}
			if (pid == 0) {
				/* a worker must not outlive its parent (killed outright, it
				 * could commit nothing): SIGTERM then removes its temps */
				prctl(PR_SET_PDEATHSIG, SIGTERM);
				if (getppid() != parent)
					_exit(EXIT_SYS);
				for (int c = 0; c < nkids; c++)
					close(kid_fd[c]);
				close(fds[0]);
				kid_fd[0] = fds[1];
				me = w;
				nkids = 0;
				break;
			}
			close(fds[1]);
			kids[nkids] = pid;
			kid_fd[nkids++] = fds[0];
		}
	}
	for (i = 0; i < n; i++) {
		size_t bytes = 0;

		if (outs[i].rel == NULL || outs[i].worker != me)
			continue;
		if (me == 0)
			progress(o, ++k, nsel, outs[i].rel);
		if (outs[i].kind == OUT_FIGURES) {
			t = now();
			if (write_figures(fs, o->out) != 0)
				break;
			st->figures += now() - t;
		} else if (build_pdf(&e, o, fs, &outs[i], st, &bytes) != 0) {
			break;
		}
		if (outs[i].kind == OUT_PAPER && strcmp(outs[i].lang, "en") == 0)
			st->paper_bytes = bytes;
		if (outs[i].kind == OUT_BRIEF && st->brief_bytes == 0)
			st->brief_bytes = bytes;
	}
	if (me != 0)
		worker_exit(kid_fd[0]);
	for (int c = 0; c < nkids; c++)
		worker_collect(kids[c], kid_fd[c]);
	nkids = 0;
	if (o->progress && nsel > 0)
		fputs("\r\033[K", stderr);

done:
	for (int c = 0; c < nkids; c++)
		worker_collect(kids[c], kid_fd[c]);
	prep_finish(&prep, &e, 0);   /* after a failure: wait for the helper, drop its work */
	status = diag_status();
	t = now();
	if (status == EXIT_OK && outfile_commit() == 0) {
		size_t c = outfile_committed_count();

		st->outputs = c;
		if (!o->quiet)
			for (i = 0; i < c; i++)
				diag_note("wrote %s", outfile_committed_at(i));
		diag_note("reportgen: %zu file%s written to %s", c, c == 1 ? "" : "s", o->out);
	} else {
		outfile_abort();
		diag_note("reportgen: failed; nothing written (previous outputs in %s left as they were)",
		          o->out);
	}
	st->commit = now() - t;
	outfile_forget();
	if (e.fonts)
		pdf_fonts_free(e.fonts);
	if (e.hyph)
		hyph_free(e.hyph);
	tmpl_cache_free(e.tmpl_cache);
	arena_free(e.tmpl_arena);
	arena_free(a);
	return diag_status();
}
