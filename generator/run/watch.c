/*
 * run/watch.c: reportgen --watch. The process stays resident after a first
 * full build, watches the edition, the templates and the font manifest's
 * folder with inotify, and on a change rebuilds what depends on it:
 *
 *   a CSV of the edition   reload the data, recompute every figure, rebuild
 *                          every output (figures.csv and every PDF);
 *   templates/DOC/L        that language's documents of type DOC (the
 *                          paper, the briefs, ...; plan.c);
 *   templates/partials/L   every document of that language (any may
 *                          include the partial);
 *   other template files   every document;
 *   a doc.manifest         the outputs planned again: as for the data;
 *   the font folder        reload the fonts, rebuild every PDF.
 *
 * A rebuilt PDF whose bytes equal the file already in place is not staged,
 * so a data edit that moves one state's figures writes only the documents
 * those figures reach (that state's briefs, and the papers if they quote
 * it). Whatever is staged goes through the run's one commit (commit.c):
 * after an error nothing is written, the previous files stay, and the
 * outputs of the failed rebuild are redone at the next change. One line per
 * rebuild says what changed, what was written and how long it took.
 *
 * What stays resident between rebuilds: the fonts and their subsets, the
 * hyphenation dictionaries and the words already hyphenated, the figures
 * (until the data change) and the compiled templates (until any template
 * changes; they are compiled again on first use). SIGINT, SIGTERM and SIGHUP
 * are taken through a signalfd between rebuilds, so a rebuild and its
 * commit always finish; the process then exits with status 0.
 *
 * Memory: w->a (the edition's arena) lives until the data change; the
 * watch's own strings live in w->wa until the end.
 */
#include "run/internal.h"

#include "base/base.h"
#include "figures/figures.h"
#include "layout/layout.h"
#include "pdf/pdf.h"
#include "tmpl/tmpl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* What a change reaches: the data, the fonts, and one bit per document type
 * and language (doc_bit). */
#define W_DATA 1u
#define W_FONTS 2u
#define W_TMPL (((1u << (2 * RUN_MAX_DOCS)) - 1) << 2)
#define W_ALL (W_DATA | W_FONTS | W_TMPL)
#define W_EN_DOCS (W_TMPL & 0x55555554u)   /* the English bit of every document type */
#define W_ES_DOCS (W_TMPL & 0xAAAAAAA8u)

static unsigned doc_bit(int index, int es)
{
	return 1u << (2 + 2 * index + es);
}
enum { WATCH_MAX_DIRS = 512, WATCH_MAX_DEPTH = 8, WATCH_SETTLE_MS = 5 };
enum watch_root { ROOT_DATA, ROOT_TMPL, ROOT_FONTS };

struct watch_dir {
	int wd;                  /* inotify watch; -1: gone */
	enum watch_root root;
	const char *path;        /* as given, e.g. "templates/brief/en" */
};

struct watch {
	struct run_opts o;       /* the options, one process, no progress lines */
	const char *fontdir, *fontname;   /* the manifest's folder and name */
	int ifd, sfd;            /* inotify, signalfd */
	struct watch_dir dirs[WATCH_MAX_DIRS];
	size_t ndirs;
	struct arena *wa;        /* the watch's strings */
	struct arena *a;         /* the edition: figures, plan */
	struct figset *fs;       /* NULL: the last load failed */
	struct run_plan p;
	struct run_prep prep;
	struct run_engine e;
	int prep_pending;        /* the first build's helpers are still to be joined */
	unsigned redo;           /* what the last failed rebuild must do again */
	char cause[256];         /* the first file that changed */
	struct buf written;      /* names of this rebuild's staged outputs */
	size_t nbuilt, nwritten;
};

/* ---- what changed ---- */

static void watch_tree(struct watch *w, const char *path, enum watch_root root, int depth)
{
	const uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
	                      IN_DELETE | IN_ONLYDIR;
	DIR *d;
	struct dirent *de;
	int wd;

	if (depth > WATCH_MAX_DEPTH || w->ndirs == WATCH_MAX_DIRS)
		return;
	wd = inotify_add_watch(w->ifd, path, mask);
	if (wd < 0) {
		diag_warn(NULL, "watch: cannot watch '%s': %s", path, strerror(errno));
		return;
	}
	w->dirs[w->ndirs++] = (struct watch_dir){ wd, root, arena_strdup(w->wa, path) };
	if (root == ROOT_FONTS || (d = opendir(path)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char *sub;
		struct stat sb;

		if (de->d_name[0] == '.')
			continue;
		sub = arena_printf(w->wa, "%s/%s", path, de->d_name);
		if (stat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
			watch_tree(w, sub, root, depth + 1);
	}
	closedir(d);
}

static int ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);

	return n >= m && strcmp(s + n - m, end) == 0;
}

/* The documents a template file reaches, from its folder below the root. */
static unsigned tmpl_mask(const struct watch *w, const char *rel)
{
	int es = strstr(rel, "/es") != NULL;
	size_t i, n;

	for (i = 0; i < w->p.ndocs; i++) {
		n = strlen(w->p.docs[i].name);
		if (strncmp(rel, w->p.docs[i].name, n) == 0 && rel[n] == '/')
			return doc_bit(w->p.docs[i].index, es);
	}
	if (strncmp(rel, "partials/", 9) == 0)
		return es ? W_ES_DOCS : W_EN_DOCS;
	return W_TMPL;
}

/* What a change to dir/name asks for (0: nothing, e.g. an editor's temp). */
static unsigned classify(const struct watch *w, const struct watch_dir *dir, const char *name)
{
	size_t n = strlen(w->o.templates);

	if (name[0] == '.' || ends_with(name, "~") || strstr(name, ".tmp.") != NULL)
		return 0;
	switch (dir->root) {
	case ROOT_DATA:
		return ends_with(name, ".csv") ? W_DATA : 0;
	case ROOT_FONTS:
		return strcmp(name, w->fontname) == 0 || ends_with(name, ".ttf") ? W_FONTS : 0;
	case ROOT_TMPL:
		if (strcmp(name, "doc.manifest") == 0)
			return W_DATA;   /* plan again */
		if (!ends_with(name, ".md"))
			return 0;
		if (strncmp(dir->path, w->o.templates, n) != 0 || dir->path[n] != '/')
			return W_TMPL;   /* a file in the root itself */
		return tmpl_mask(w, dir->path + n + 1);
	}
	return 0;
}

static struct watch_dir *dir_of(struct watch *w, int wd)
{
	size_t i;

	for (i = 0; i < w->ndirs; i++)
		if (w->dirs[i].wd == wd)
			return &w->dirs[i];
	return NULL;
}

/* One inotify event: what it asks for. */
static unsigned on_event(struct watch *w, const struct inotify_event *ev)
{
	static const unsigned root_mask[] = { W_DATA, W_TMPL, W_FONTS };
	struct watch_dir *dir = dir_of(w, ev->wd);
	unsigned m;

	if (ev->mask & IN_Q_OVERFLOW)
		return W_ALL;
	if (dir == NULL)
		return 0;
	if (ev->mask & IN_IGNORED) {
		dir->wd = -1;
		return root_mask[dir->root];
	}
	if (ev->len == 0)
		return 0;
	if (ev->mask & IN_ISDIR) {
		if (ev->mask & (IN_CREATE | IN_MOVED_TO))
			watch_tree(w, arena_printf(w->wa, "%s/%s", dir->path, ev->name), dir->root, 1);
		return ev->mask & (IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO) ? root_mask[dir->root] : 0;
	}
	if ((ev->mask & IN_CREATE) && !(ev->mask & IN_ISDIR))
		return 0;   /* its IN_CLOSE_WRITE follows */
	m = classify(w, dir, ev->name);
	if (m != 0 && w->cause[0] == '\0')
		snprintf(w->cause, sizeof w->cause, "%s/%s", dir->path, ev->name);
	return m;
}

/* Read every pending event (the inotify fd does not block). */
static unsigned read_events(struct watch *w)
{
	_Alignas(struct inotify_event) char chunk[8192];
	unsigned m = 0;
	ssize_t r;

	while ((r = read(w->ifd, chunk, sizeof chunk)) > 0) {
		const char *p = chunk;

		while (p < chunk + r) {
			const struct inotify_event *ev = (const struct inotify_event *)(const void *)p;

			m |= on_event(w, ev);
			p += sizeof *ev + ev->len;
		}
	}
	return m;
}

/* Wait for a change worth a rebuild; a burst of events (an editor's save,
 * a copied folder) is gathered until the files are quiet for
 * WATCH_SETTLE_MS. Returns its mask, or 0 when a signal asks to stop. */
static unsigned wait_change(struct watch *w)
{
	struct pollfd pf[2] = { { w->ifd, POLLIN, 0 }, { w->sfd, POLLIN, 0 } };
	unsigned m = 0;

	w->cause[0] = '\0';
	while (m == 0) {
		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return 0;
		}
		if (pf[1].revents) {
			struct signalfd_siginfo si;
			ssize_t r = read(w->sfd, &si, sizeof si);

			(void)r;   /* taken, not delivered when the mask is restored */
			return 0;
		}
		m |= read_events(w);
	}
	while (poll(pf, 1, WATCH_SETTLE_MS) > 0 && !(pf[0].revents & ~POLLIN))
		m |= read_events(w);
	return m;
}

/* ---- rebuilding ---- */

/* This process's CPU time (all threads), s. */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void drop_templates(struct watch *w)
{
	struct run_engine *e = &w->e;

	tmpl_cache_free(e->tmpl_cache);
	arena_free(e->tmpl_arena);
	memset(e->tmpl, 0, sizeof e->tmpl);
	e->tmpl_arena = arena_new();
	e->tmpl_cache = tmpl_cache_new();
}

/* Load the edition and plan its outputs again. Returns 0 or -1. */
static int reload_data(struct watch *w, struct run_stats *st)
{
	drop_templates(w);   /* their lint and shared rows belong to the old figures */
	arena_free(w->a);
	w->a = arena_new();
	w->fs = run_edition(w->a, w->o.data, st);
	if (w->fs == NULL || run_plan(w->a, &w->o, w->fs, &w->p, st) != 0) {
		w->fs = NULL;
		return -1;
	}
	return 0;
}

static int reload_fonts(struct watch *w)
{
	struct run_engine *e = &w->e;

	pdf_fonts_free(e->fonts);
	e->fonts = pdf_fonts_load(w->o.fonts);
	if (e->hyph == NULL) {
		e->hyph = hyph_new(NULL);
		if (w->o.langs & RUN_EN)
			hyph_preload(e->hyph, "en");
		if (w->o.langs & RUN_ES)
			hyph_preload(e->hyph, "es");
	}
	return e->fonts != NULL ? 0 : -1;
}

/* The fonts for this rebuild: the first build's helpers joined, or the
 * fonts loaded again when they changed (or failed last time). Returns 0 or
 * -1. */
static int fonts_ready(struct watch *w, unsigned mask)
{
	if (w->prep_pending) {
		w->prep_pending = 0;
		return run_prep_finish(&w->prep, &w->e, 1);
	}
	if (w->p.npdf > 0 && ((mask & W_FONTS) || w->e.fonts == NULL))
		return reload_fonts(w);
	return 0;
}

/* 1 when the file at path holds exactly b's bytes. */
static int same_as_file(const char *path, const struct buf *b)
{
	char chunk[65536];
	struct stat sb;
	size_t at = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), same;

	if (fd < 0)
		return 0;
	same = fstat(fd, &sb) == 0 && (size_t)sb.st_size == b->len;
	while (same && at < b->len) {
		ssize_t r = read(fd, chunk, sizeof chunk);

		if (r <= 0 || memcmp(chunk, b->data + at, (size_t)r) != 0)
			same = 0;
		else
			at += (size_t)r;
	}
	close(fd);
	return same;
}

static unsigned out_mask(const struct run_output *out)
{
	int es = out->lang != NULL && strcmp(out->lang, "es") == 0;

	if (out->kind == RUN_OUT_FIGURES)
		return W_DATA;
	return W_DATA | W_FONTS | doc_bit(out->doc->index, es);
}

static void note_written(struct watch *w, const char *rel)
{
	if (w->nwritten++ < 3)
		buf_printf(&w->written, "%s%s", w->nwritten > 1 ? ", " : "", rel);
	else if (w->nwritten == 4)
		buf_printf(&w->written, ", ...");
}

/* Build one output; stage it unless its bytes are those in place. */
static int build_one(struct watch *w, const struct run_output *out, struct run_stats *st)
{
	struct buf pdf = { 0 }, path = { 0 };
	int rc = 0;

	w->nbuilt++;
	if (out->kind == RUN_OUT_FIGURES) {
		note_written(w, out->rel);
		return run_write_figures(w->fs, w->o.out);
	}
	rc = run_make_pdf(&w->e, &w->o, w->fs, out, st, &pdf);
	buf_printf(&path, "%s/%s", w->o.out, out->rel);
	if (rc == 0 && !same_as_file(buf_cstr(&path), &pdf)) {
		rc = outfile_stage(buf_cstr(&path), pdf.data, pdf.len);
		note_written(w, out->rel);
	}
	buf_free(&pdf);
	buf_free(&path);
	return rc;
}

static void build_outputs(struct watch *w, unsigned mask, struct run_stats *st)
{
	size_t i;

	for (i = 0; i < w->p.n; i++) {
		const struct run_output *out = &w->p.outs[i];

		if (out->rel != NULL && (out_mask(out) & mask) && build_one(w, out, st) != 0)
			return;
	}
}

/* The run's commit, its summary held back: the rebuild line says it. When
 * the commit itself fails its messages are passed on. */
static void commit(struct watch *w, struct run_stats *st)
{
	char *text = NULL;
	size_t len = 0;
	int before = diag_status();
	FILE *fp = open_memstream(&text, &len);

	if (fp != NULL)
		diag_set_stream(fp);
	run_commit(&w->o, &w->p, st);
	diag_set_stream(NULL);
	if (fp != NULL) {
		fclose(fp);
		if (before == EXIT_OK && diag_status() != EXIT_OK)
			fputs(text, stderr);
		free(text);
	}
}

/* One rebuild for mask; prints its line. */
static void rebuild(struct watch *w, unsigned mask, const char *cause)
{
	struct run_stats st;
	double t0 = run_now(), c0 = cpu_now();
	int bad = 0;

	memset(&st, 0, sizeof st);
	diag_reset();
	mask |= w->redo;
	w->nbuilt = w->nwritten = 0;
	buf_free(&w->written);
	if ((mask & W_DATA) || w->fs == NULL)
		bad = reload_data(w, &st) != 0;
	else if (mask & W_TMPL)
		drop_templates(w);
	if (fonts_ready(w, mask) != 0)   /* always: the first build joins its helpers */
		bad = 1;
	if (!bad)
		build_outputs(w, w->fs != NULL && (mask & W_DATA) ? W_ALL : mask, &st);
	commit(w, &st);
	w->redo = diag_status() == EXIT_OK ? 0 : mask | w->redo;
	if (w->redo == 0)
		diag_note("reportgen: watch: %s: %zu rebuilt, %zu written%s%s%s in %.1f ms "
		          "(CPU %.1f ms, commit %.1f ms)", cause, w->nbuilt, w->nwritten,
		          w->nwritten ? " (" : "", buf_cstr(&w->written), w->nwritten ? ")" : "",
		          1e3 * (run_now() - t0), 1e3 * (cpu_now() - c0), 1e3 * st.commit);
	else
		diag_note("reportgen: watch: %s: failed in %.1f ms; previous outputs in %s left as "
		          "they were", cause, 1e3 * (run_now() - t0), w->o.out);
}

/* ---- the resident loop ---- */

static int watch_open(struct watch *w, sigset_t *sigs)
{
	const char *slash = strrchr(w->o.fonts, '/');

	w->fontdir = slash ? arena_printf(w->wa, "%.*s", (int)(slash - w->o.fonts), w->o.fonts)
	                   : ".";
	w->fontname = slash ? slash + 1 : w->o.fonts;
	if (slash == w->o.fonts)
		w->fontdir = "/";
	w->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	sigemptyset(sigs);
	sigaddset(sigs, SIGINT);
	sigaddset(sigs, SIGTERM);
	sigaddset(sigs, SIGHUP);
	w->sfd = w->ifd < 0 ? -1 : signalfd(-1, sigs, SFD_CLOEXEC);
	if (w->ifd < 0 || w->sfd < 0) {
		diag_error(NULL, EXIT_SYS, "--watch: %s", strerror(errno));
		return -1;
	}
	watch_tree(w, w->o.data, ROOT_DATA, 0);
	watch_tree(w, w->o.templates, ROOT_TMPL, 0);
	watch_tree(w, w->fontdir, ROOT_FONTS, 0);
	return 0;
}

/* The first build: the fonts and dictionaries load on the helpers while
 * the data is read, as in every run. */
static void first_build(struct watch *w)
{
	run_prep_start(&w->prep, &w->o);
	w->prep_pending = (w->o.docs & (RUN_PAPER | RUN_BRIEFS)) != 0;
	rebuild(w, W_DATA | W_TMPL, "first build");
}

int run_watch(const struct run_opts *o)
{
	struct watch ws, *w = &ws;
	sigset_t sigs, old;
	unsigned m;
	int status;

	if (outfile_check_dir(o->out) != 0)
		return diag_status();
	memset(w, 0, sizeof *w);
	w->o = *o;
	w->o.jobs = 1;
	w->o.progress = 0;
	w->o.quiet = 1;
	w->wa = arena_new();
	w->e.tmpl_arena = arena_new();
	w->e.tmpl_cache = tmpl_cache_new();
	sigprocmask(SIG_BLOCK, NULL, &old);
	if (watch_open(w, &sigs) == 0) {
		/* the signals arrive through the signalfd, between rebuilds */
		sigprocmask(SIG_BLOCK, &sigs, NULL);
		first_build(w);
		diag_note("reportgen: watch: watching %s, %s and %s (stop with Ctrl-C)", o->data,
		          o->templates, w->fontdir);
		while ((m = wait_change(w)) != 0) {
			char cause[sizeof w->cause];

			snprintf(cause, sizeof cause, "%s", w->cause[0] ? w->cause : "a folder");
			rebuild(w, m, cause);
		}
	}
	status = w->ifd >= 0 && w->sfd >= 0 ? EXIT_OK : diag_status();
	if (w->ifd >= 0)
		close(w->ifd);
	if (w->sfd >= 0)
		close(w->sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	run_engine_free(&w->e);
	buf_free(&w->written);
	arena_free(w->a);
	arena_free(w->wa);
	return status;
}
