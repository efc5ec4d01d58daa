/*
 * readiness: the Government AI Readiness Index (2017 design: OECD countries,
 * nine metrics in three clusters, composite = mean of normalised metrics).
 * Pipeline position: load (readiness_load in load.c, through data_load) ->
 * model (readiness_compute, pure, in model.c) -> figures (readiness_figures
 * in figures.c).
 *
 * Edition files, in the edition folder:
 *   readiness_countries.csv  code, name, name_es, provenance, source
 *   readiness_clusters.csv   code, name, name_es, provenance, source
 *   readiness_metrics.csv    code, name, name_es, cluster, direction,
 *                            metric_source, provenance, source
 *   readiness_values.csv     country, metric, value, basis, basis_source,
 *                            provenance, source   (one row per country x metric)
 *   readiness_published.csv  item, country, rank, out_of, provenance, source
 *                            (optional: published ranks to check against)
 */
#ifndef REPORTGEN_READINESS_H
#define REPORTGEN_READINESS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"

struct arena;
struct figset;

struct readiness_country {
	const char *code;      /* ISO 3166-1 alpha-3, e.g. "MEX" */
	const char *name;
	const char *name_es;
	struct srcloc loc;     /* its row in readiness_countries.csv */
};

struct readiness_cluster {
	const char *code;
	const char *name;
	const char *name_es;
	size_t nmetrics;       /* metrics that belong to it */
};

struct readiness_metric {
	const char *code;
	const char *name;
	const char *name_es;
	const char *source;    /* the metric's published data source, in words */
	size_t cluster;        /* index into clusters */
	bool lower_is_better;
};

/* A published rank to check the model against. */
struct readiness_published {
	size_t country;        /* index into countries */
	long metric;           /* index into metrics, or -1 for the overall rank */
	int rank;
	int out_of;
	struct srcloc loc;     /* the rank cell */
};

struct readiness_data {
	struct readiness_country *countries;
	size_t ncountries;
	struct readiness_cluster *clusters;
	size_t nclusters;
	struct readiness_metric *metrics;
	size_t nmetrics;
	double *value;             /* [country * nmetrics + metric], raw units */
	const char **provenance;   /* same shape: official, published, derived, estimated */
	struct readiness_published *published;
	size_t npublished;
	const char *sources;       /* file names, for figure provenance */
};

enum readiness_norm {
	READINESS_MINMAX,   /* (x - min) / (max - min); all equal -> 0.5 */
	READINESS_ZSCORE    /* (x - mean) / sd (population sd); all equal -> 0 */
};

struct readiness_params {
	enum readiness_norm norm;
	const char *focus;  /* country whose breakdown is tabulated, e.g. "MEX" */
};

struct readiness_result {
	const struct readiness_data *data;
	enum readiness_norm norm;
	long focus;              /* index of the focus country, -1 if absent */
	double *norm_value;      /* [country * nmetrics + metric], oriented: higher is better */
	int *metric_rank;        /* same shape; 1 = best, ties share the best rank */
	double *composite;       /* [country]: mean of the normalised metrics */
	int *rank;               /* [country]: competition rank of composite (1, 2, 2, 4) */
	double *cluster_score;   /* [country * nclusters + cluster]: mean of its metrics */
	int *cluster_rank;       /* same shape */
	size_t *order;           /* countries by rank, ties by code */
};

/* Load and cross-check the five files in dir. Every problem is reported
 * (FILE:LINE:COL) before returning -1; 0 on success. *out lives in a. */
int readiness_load(struct arena *a, const char *dir, struct readiness_data *out);

/* Normalise, aggregate and rank. Pure: no I/O, no messages. Returns 0, or
 * -1 when there is nothing to rank (no country or no metric). *out lives in a
 * and points to d, which must outlive it. */
int readiness_compute(struct arena *a, const struct readiness_data *d,
                      const struct readiness_params *p, struct readiness_result *out);

/* Compare the result with the published ranks: one warning per mismatch.
 * Returns the number of mismatches. */
int readiness_check(const struct readiness_result *r);

/* Emit the keys and tables of templates/KEYS.md, "Government AI readiness".
 * Figures are copied into fs. */
void readiness_figures(const struct readiness_result *r, struct figset *fs);

/* Sensitivity of the focus country's rank to the method (users-and-methods
 * B.5): draws cycle through three schemes (min-max + arithmetic mean,
 * z-score + arithmetic mean, min-max floored at 0.01 + geometric mean), each
 * with weights 1 +/- up to 25% (uniform noise, then rescaled to sum 1). */
struct readiness_uncertainty {
	int draws;
	int median;       /* median rank of the focus country (lower median) */
	int p05, p95;     /* 5th and 95th percentile ranks (nearest rank) */
	int best, worst;  /* extremes over the draws */
};

/* Run draws (>= 1) draws with a deterministic generator seeded by seed.
 * Pure. Returns 0, or -1 if the focus is missing or draws < 1. */
int readiness_uncertainty(struct arena *a, const struct readiness_data *d, long focus,
                          int draws, unsigned long long seed,
                          struct readiness_uncertainty *out);

/* Emit readiness.<focus>.rank_median, .rank_p05, .rank_p95, .rank_draws. */
void readiness_uncertainty_figures(const struct readiness_data *d, long focus,
                                   const struct readiness_uncertainty *u, struct figset *fs);

/* For a result computed with another normalisation: emit only the focus
 * country's rank and score under it, as readiness.<focus>.rank_<norm> and
 * readiness.<focus>.score_<norm> (norm = minmax or zscore), so that the text
 * can say whether the ranking depends on the choice. */
void readiness_variant_figures(const struct readiness_result *r, struct figset *fs);

#endif
