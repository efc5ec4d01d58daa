/*
 * run: one whole run of reportgen, stage by stage:
 *   load -> model -> figures -> templates -> layout -> PDF -> commit outputs.
 * main.c parses the command line into struct run_opts and calls run_all;
 * the benchmark calls it too, and reads the per-stage times.
 */
#ifndef REPORTGEN_RUN_H
#define REPORTGEN_RUN_H

#include <stddef.h>
#include <stdio.h>

/* What a run builds, coarsely: the documents made once per edition (the
 * white paper), those made once per state (the briefs), figures.csv. The
 * document types themselves are folders of the templates (plan.c), and
 * only narrows the choice by name. */
enum { RUN_PAPER = 1, RUN_BRIEFS = 2, RUN_FIGURES = 4, RUN_ALL_DOCS = 7 };
enum { RUN_EN = 1, RUN_ES = 2, RUN_ALL_LANGS = 3 };

struct run_opts {
	const char *data;        /* edition folder */
	const char *templates;   /* template root */
	const char *out;         /* output folder */
	const char *fonts;       /* font manifest */
	unsigned docs;           /* RUN_PAPER | RUN_BRIEFS | RUN_FIGURES */
	const char *only;        /* --only: comma list of document names (or their
	                          * aliases) and "figures"; NULL: every one */
	unsigned langs;          /* RUN_EN | RUN_ES */
	const char *state;       /* only this state's briefs (slug), or NULL */
	int shard_k, shard_n;    /* K-th (1-based) of N slices; n = 0: everything */
	int letter;              /* US Letter instead of A4 */
	int progress;            /* [i/n] lines on stderr */
	int quiet;               /* no list of written files */
	int jobs;                /* processes building documents (0 or 1: this one) */
};

struct run_stats {
	double load, model, figures, tmpl, layout, pdf, commit; /* seconds */
	size_t outputs;          /* files written */
	size_t pages;            /* PDF pages laid out */
	size_t paper_bytes, brief_bytes; /* size of the English paper / first brief */
};

/* Run everything o asks for. Returns the exit status (diag.h): on any error no
 * output is written and the previous outputs stay as they were. */
int run_all(const struct run_opts *o, struct run_stats *st);

/* --watch: build what o asks for, then stay resident and rebuild what a
 * change to the edition, the templates or the fonts reaches (run/watch.c),
 * each rebuild all or nothing like a run. Returns 0 when stopped by SIGINT,
 * SIGTERM or SIGHUP, or the exit status when watching cannot start. */
int run_watch(const struct run_opts *o);

/* `reportgen diff OLD NEW` (run/diff.c): print to fp every figure that
 * changed between two runs (each a run's output folder or its figures.csv),
 * and those found on one side only; csv: as CSV. Returns the exit status:
 * 0 whatever changed, nonzero only when a side cannot be read. */
int run_diff(const char *old_side, const char *new_side, int csv, FILE *fp);

/* Parse "K/N" (1 <= K <= N). Returns 0 or -1. */
int run_parse_shard(const char *s, int *k, int *n);

#endif
