/*
 * run internals shared by the files of generator/run/.
 * Not a public header: only the run module includes it (the public one is
 * run/run.h).
 *
 * A run (run_all, run.c) goes through these steps, in order:
 *   1. start the helper threads that load the fonts and the hyphenation
 *      dictionaries (prep.c), while this thread goes on;
 *   2. load the edition's datasets, compute the models and emit every figure
 *      and table (stages.c), and, when edition.csv names a previous edition,
 *      the same for it and what changed between them (changes.c);
 *   3. plan the outputs: the fixed, ordered list of figures, papers and
 *      briefs, narrowed to what the options and the shard select (plan.c);
 *   4. with --jobs > 1, make everything the workers share (fonts,
 *      dictionaries, templates), share the documents out and fork the worker
 *      processes (plan.c, build.c, workers.c);
 *   5. build this process's share: figures.csv, then each PDF rendered, laid
 *      out and staged (build.c); a worker then hands its staged files to the
 *      parent and exits, and the parent collects them (workers.c);
 *   6. commit every staged file of the run at once, or, after any error,
 *      remove them all and leave the previous outputs as they were
 *      (commit.c).
 */
#ifndef REPORTGEN_RUN_INTERNAL_H
#define REPORTGEN_RUN_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "base/base.h"
#include "run/run.h"

struct arena;
struct buf;
struct figset;
struct hyph;
struct pdf_fonts;
struct tmpl;
struct tmpl_cache;

#define RUN_MAX_JOBS 64
#define RUN_MAX_DOCS 14          /* document types of one template folder */

/* A document type (plan.c): a folder templates/NAME/ with a doc.manifest
 * and one folder of templates per language (templates/NAME/en/ ...). */
enum run_per { RUN_PER_EDITION, RUN_PER_STATE };

struct run_doctype {
	const char *name;        /* the folder's name: "whitepaper", "brief" */
	const char *alias;       /* another name --only accepts ("paper"), or NULL */
	enum run_per per;        /* one document per edition, or one per state */
	const char *output;      /* output path pattern, with {lang} and {state} */
	int letter;              /* page = letter (--letter makes every page so) */
	int order;               /* place in the plan (then the name) */
	unsigned langs;          /* RUN_EN | RUN_ES: the language folders it has */
	int index;               /* in the plan's list */
};

enum run_out_kind { RUN_OUT_FIGURES, RUN_OUT_DOC };

struct run_output {
	enum run_out_kind kind;
	const struct run_doctype *doc;   /* RUN_OUT_DOC */
	const char *lang;
	size_t state_row;        /* RUN_PER_STATE: row of the states table */
	const char *name;        /* path relative to the output folder */
	const char *rel;         /* name when selected; NULL: not selected */
	int worker;              /* process that builds it (0: this one) */
};

/* The outputs of the run (plan.c). */
struct run_plan {
	struct run_doctype *docs;   /* the document types found, in plan order */
	size_t ndocs;
	struct run_output *outs; /* every output, in plan order */
	size_t n;
	size_t nsel;             /* selected (rel != NULL) */
	size_t npdf;             /* selected and a PDF */
	int jobs;                /* processes sharing the PDFs */
};

/* Fonts and hyphenation dictionaries, loaded on helper threads (prep.c). */
struct run_prep {
	const struct run_opts *o;
	struct pdf_fonts *fonts;
	struct hyph *hyph;
	struct diag_held held[2];    /* [0] fonts, [1] dictionaries */
	pthread_t thread[2];
	int started[2], done[2];
};

/* What building a document needs (build.c). */
struct run_engine {
	struct run_prep *prep;             /* fonts and dictionaries still loading */
	struct pdf_fonts *fonts;
	struct hyph *hyph;
	struct tmpl *tmpl[RUN_MAX_DOCS][2]; /* compiled once per run, [doc][en, es] */
	struct arena *tmpl_arena;
	struct tmpl_cache *tmpl_cache;     /* rows shared by the renders (tmpl.h) */
	size_t missing_seen;               /* missing glyphs reported so far (pdf.h) */
};

/* The worker processes (workers.c). */
struct run_workers {
	pid_t pid[RUN_MAX_JOBS];
	int fd[RUN_MAX_JOBS];    /* parent: read ends; worker: fd[0] is its write end */
	int n;                   /* children started (0 in a worker) */
	int me;                  /* 0: the parent; k: the k-th worker */
};

/* Seconds on the monotonic clock, for the stage times. */
static inline double run_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* stages.c: load -> model -> figures of one edition. Returns the figures,
 * or NULL after reporting the problems. */
struct figset *run_edition_only(struct arena *a, const char *dir, struct run_stats *st);
/* changes.c: run_edition_only, then the figures of what changed since the
 * previous edition that edition.csv names (change.available = 0 without
 * one). What a run and --watch call. */
struct figset *run_edition(struct arena *a, const char *dir, struct run_stats *st);
int run_write_figures(const struct figset *fs, const char *dir);

/* plan.c */
int run_plan(struct arena *a, const struct run_opts *o, const struct figset *fs,
             struct run_plan *p, struct run_stats *st);
void run_plan_share(struct run_plan *p, int jobs);

/* prep.c */
void run_prep_start(struct run_prep *p, const struct run_opts *o);
int run_prep_finish(struct run_prep *p, struct run_engine *e, int use);

/* build.c */
void run_engine_init(struct run_engine *e, struct run_prep *prep, const struct run_plan *p);
int run_engine_ready(struct run_engine *e, const struct run_opts *o, const struct figset *fs,
                     const struct run_plan *p);
void run_engine_free(struct run_engine *e);
void run_build_share(struct run_engine *e, const struct run_opts *o, const struct figset *fs,
                     const struct run_plan *p, int me, struct run_stats *st);
void run_progress_end(const struct run_opts *o, const struct run_plan *p);
/* Render, lay out and make one PDF into *pdf, staging nothing (--watch
 * compares the bytes with the file in place first). Returns 0 or -1 after
 * reporting; *pdf may then hold partial bytes. */
int run_make_pdf(struct run_engine *e, const struct run_opts *o, const struct figset *fs,
                 const struct run_output *out, struct run_stats *st, struct buf *pdf);

/* workers.c */
void run_workers_start(struct run_workers *w, struct run_plan *p);
_Noreturn void run_worker_exit(int fd);
void run_workers_collect(struct run_workers *w);

/* commit.c */
void run_commit(const struct run_opts *o, const struct run_plan *p, struct run_stats *st);

#endif
