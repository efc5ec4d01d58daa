/*
 * readiness: the Government AI Readiness Index recomputed from public
 * indicators (2017 design: OECD countries, metrics in clusters), with the
 * OECD/JRC Handbook's (2008) choices of normalisation, weighting and
 * aggregation, and an uncertainty analysis over them.
 * Pipeline position: load (readiness_load in load.c, through data_load) ->
 * model (readiness_compute, readiness_mc, readiness_oat: pure, in model.c) ->
 * figures (readiness_figures in figures.c).
 *
 * Two views, never mixed: *published* (Mexico's ranks printed in Table 1 of
 * the 2018 paper, readiness_published.csv) and *recomputed* (every country,
 * from the public indicator values of readiness_values.csv). Nothing of the
 * recomputed view is set from the published one.
 *
 * Edition files, in the edition folder:
 *   readiness_countries.csv  code, name, name_es, provenance, source
 *   readiness_clusters.csv   code, name, name_es, provenance, source
 *   readiness_metrics.csv    code, name, name_es, cluster, direction,
 *                            metric_source (the 2017 index's source, in words),
 *                            indicator, indicator_es (our public indicator, in
 *                            words), indicator_source (citation id), reader
 *                            (egov|wgi|odi|none), raw_file, raw_field, raw_year
 *                            (what `reportgen import` reads), left_out,
 *                            left_out_es (why a metric without values is left
 *                            out), provenance, source
 *   readiness_values.csv     country, metric, value, raw_file, raw_line,
 *                            provenance, source (one row per value the raw
 *                            file has; written by `reportgen import`)
 *   readiness_published.csv  item, country, rank, out_of, note, note_es,
 *                            provenance, source (optional: the published view;
 *                            note: our words for the errata when the
 *                            recomputed rank differs)
 *   edition.csv              readiness_seed, readiness_draws: the Monte
 *                            Carlo's seed and draw count (readiness_mc_settings)
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
	size_t nused;          /* of which in the recomputed index */
};

struct readiness_metric {
	const char *code;
	const char *name;
	const char *name_es;
	const char *source;    /* the 2017 index's data source, in words */
	const char *indicator; /* our public indicator, in words ("" when none) */
	const char *indicator_es;
	const char *indicator_source; /* citation id, "" when none */
	const char *left_out;  /* why the metric is not in the index ("" if it is) */
	const char *left_out_es;
	size_t cluster;        /* index into clusters */
	bool lower_is_better;
	bool used;             /* has values: part of the recomputed index */
};

/* A published rank (the published view). */
struct readiness_published {
	size_t country;        /* index into countries */
	long metric;           /* index into metrics, or -1 for the overall rank */
	int rank;
	int out_of;
	const char *note;      /* why a recomputed rank may differ, for the errata */
	const char *note_es;
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
	bool *present;             /* same shape: the raw file has the value */
	const char **provenance;   /* same shape: official, published, derived, estimated */
	const char **value_source; /* same shape: the row's source id */
	struct readiness_published *published;
	size_t npublished;
	unsigned long seed;        /* edition.csv readiness_seed (readiness_mc_settings) */
	int draws;                 /* edition.csv readiness_draws; 0 until set */
	const char *sources;       /* file names, for figure provenance */
};

enum readiness_norm {
	READINESS_MINMAX,   /* (x - min) / (max - min); all equal -> 0.5 */
	READINESS_ZSCORE    /* (x - mean) / sd (population sd); all equal -> 0 */
};

enum readiness_agg {
	READINESS_ARITH,    /* sum of w * value */
	READINESS_GEOM      /* product of value^w, on the positive scales below */
};

enum readiness_weights {
	READINESS_W_METRIC, /* equal per metric: 1 / K */
	READINESS_W_CLUSTER /* equal per cluster, split equally among its metrics */
};

/*
 * The shift rule of the geometric mean (it needs positive values): min-max
 * values are taken on the 1..100 scale (1 + 99 v), z-scores on the scale of
 * mean 10 and sd 2 (10 + 2 z); a metric whose lowest value there is below 1
 * is moved up so that its lowest value is 1. Both maps are the same affine
 * map for every metric, so arithmetic ranks do not depend on them.
 *
 * The imputation rule: a country without a value on a metric gets the mean
 * of the values present (raw units), flagged as imputed (provenance
 * estimated).
 */
#define READINESS_GEO_MM_LOW 1.0     /* min-max 0..1 maps to LOW..HIGH */
#define READINESS_GEO_MM_HIGH 100.0
#define READINESS_GEO_Z_MEAN 10.0     /* z maps to MEAN + SD z */
#define READINESS_GEO_Z_SD 2.0
#define READINESS_GEO_FLOOR 1.0       /* the lowest value a metric may have */

struct readiness_params {
	enum readiness_norm norm;
	enum readiness_agg agg;
	enum readiness_weights weights;
	const char *focus;  /* country whose breakdown is tabulated, e.g. "MEX" */
	long drop;          /* metric left out (one-at-a-time), or -1 */
};

struct readiness_result {
	const struct readiness_data *data;
	struct readiness_params p;
	long focus;              /* index of the focus country, -1 if absent */
	size_t nused;            /* metrics in the index */
	double *filled;          /* [country * nmetrics + metric]: value, or the imputed one */
	bool *imputed;           /* same shape */
	size_t nimputed;         /* imputed cells of metrics in the index */
	double *norm_value;      /* same shape, oriented: higher is better (0..1 or z) */
	int *metric_rank;        /* same shape; 1 = best, ties share the best rank; 0 if unused */
	double *weight;          /* [metric]: 0 for metrics not in the index */
	double *composite;       /* [country] */
	int *rank;               /* [country]: competition rank of composite (1, 2, 2, 4) */
	double *cluster_score;   /* [country * nclusters + cluster]: mean of its metrics */
	int *cluster_rank;       /* same shape */
	size_t *order;           /* countries by rank, ties by code */
};

/* Load and cross-check the files in dir. Every problem is reported
 * (FILE:LINE:COL) before returning -1; 0 on success. *out lives in a. */
int readiness_load(struct arena *a, const char *dir, struct readiness_data *out);

/* Take the Monte Carlo's seed and draw count from the loaded edition.csv
 * (key, value, ...: rows readiness_seed, 0..4294967295, and readiness_draws,
 * 1..1000000). Reports a bad or missing row; returns 0 or -1. */
struct dataset;
int readiness_mc_settings(const struct dataset *edition, struct readiness_data *d);

/* Impute, normalise, weight, aggregate and rank. Pure: no I/O, no messages.
 * p NULL: the reference (min-max, arithmetic, equal weight per metric).
 * Returns 0, or -1 when there is nothing to rank (no country or no metric
 * with values). *out lives in a and points to d, which must outlive it. */
int readiness_compute(struct arena *a, const struct readiness_data *d,
                      const struct readiness_params *p, struct readiness_result *out);

/* Competition ranks of score[0..n) (higher is better, ties within eps share
 * the best rank: 1, 2, 2, 4). */
void readiness_ranks(const double *score, size_t n, double eps, int *rank);

/* Number of published ranks that differ from the recomputed ones (published
 * metrics not in the recomputed index are not counted). No message. */
int readiness_check(const struct readiness_result *r);

/*
 * Monte Carlo uncertainty analysis (Handbook step 7): each draw takes a
 * normalisation (min-max or z-score, one half each), an aggregation
 * (arithmetic or geometric, one half each) and weights uniform on the simplex
 * over the metrics of the index (Dirichlet with all parameters 1), with GSL's
 * MT19937 generator seeded by seed. Per country: the reference rank, and the
 * median and the 5th and 95th percentile of its rank over the draws (the
 * smallest rank r whose share of draws at rank <= r reaches 0.5, 0.05, 0.95).
 */
#define READINESS_Q_LOW 0.05   /* the interval's ends: 5th and 95th percentile */
#define READINESS_Q_HIGH 0.95

struct readiness_mc {
	int draws;
	unsigned long seed;
	size_t n;            /* countries */
	int *ref;            /* [country]: reference rank */
	int *median, *p05, *p95, *best, *worst;   /* [country] */
	unsigned *hist;      /* [country * n + rank - 1]: draws at that rank */
	size_t *order;       /* countries by reference rank, then median, then code */
	unsigned long long digest; /* FNV-1a of every draw's choices and weights */
	int draws_minmax, draws_geom;  /* how the choices fell */
};

/* Pure. Returns 0, or -1 when draws < 1 or nothing to rank. */
int readiness_mc(struct arena *a, const struct readiness_data *d, int draws,
                 unsigned long seed, struct readiness_mc *out);

/* One-at-a-time: the reference index with each metric of the index left out
 * in turn. out->rank[m * ncountries + c] is country c's rank without metric
 * m (0 for metrics not in the index). */
struct readiness_oat {
	size_t nmetrics, ncountries;
	int *rank;
	int *max_shift;      /* [metric]: largest |rank change| over the countries */
	size_t *moved;       /* [metric]: countries whose rank changes */
};

int readiness_oat(struct arena *a, const struct readiness_data *d, struct readiness_oat *out);

/* Emit the keys and tables of templates/KEYS.md, "Government AI readiness":
 * ref is the reference result (focus set), mc and oat may be NULL. */
void readiness_figures(const struct readiness_result *ref, const struct readiness_mc *mc,
                       const struct readiness_oat *oat, struct figset *fs);

/* The table readiness_variants: the focus country's rank under each of the
 * eight fixed choices (normalisation x aggregation x weights). Pure compute
 * inside; emits into fs. */
void readiness_variant_figures(struct arena *a, const struct readiness_data *d,
                               const char *focus, struct figset *fs);

#endif
