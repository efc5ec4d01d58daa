/*
 * readiness/figures: hand the readiness result to the figure store
 * (figures.h): the composite ranking, the clusters, the focus country's
 * breakdown, the check against the published ranks, the variant and the
 * sensitivity figures. Figures stage of the pipeline.
 */
#include "model/readiness/readiness.h"
#include "base/base.h"
#include "figures/figures.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static void lower_code(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < size && src[i] != '\0'; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
	dst[i] = '\0';
}

static const char *norm_name(enum readiness_norm n)
{
	return n == READINESS_ZSCORE ? "z-score" : "min-max";
}

void readiness_figures(const struct readiness_result *r, struct figset *fs)
{
	const struct readiness_data *d = r->data;
	struct arena *a = figset_arena(fs);
	size_t n = d->ncountries, k = d->nmetrics, nk = d->nclusters, i, j;
	const char *src = d->sources;
	const char *formula = arena_printf(a, "mean of the %zu %s-normalised metrics", k,
	                                   norm_name(r->norm));
	const char **cols;
	struct figtable *t;
	char key[160];

	figset_num(fs, "readiness.countries", (double)n, "countries", src, "rows of readiness_countries.csv");
	figset_num(fs, "readiness.metrics", (double)k, "metrics", src, "rows of readiness_metrics.csv");
	figset_num(fs, "readiness.clusters", (double)nk, "clusters", src, "rows of readiness_clusters.csv");
	figset_text(fs, "readiness.normalisation", norm_name(r->norm), src);

	for (i = 0; i < n && i < 5; i++) {
		size_t c = r->order[i];

		snprintf(key, sizeof key, "readiness.top%zu.country", i + 1);
		figset_text(fs, key, d->countries[c].name, src);
		snprintf(key, sizeof key, "readiness.top%zu.country_es", i + 1);
		figset_text(fs, key, d->countries[c].name_es, src);
		snprintf(key, sizeof key, "readiness.top%zu.code", i + 1);
		figset_text(fs, key, d->countries[c].code, src);
		snprintf(key, sizeof key, "readiness.top%zu.score", i + 1);
		figset_num(fs, key, r->composite[c], "score", src, formula);
		snprintf(key, sizeof key, "readiness.top%zu.rank", i + 1);
		figset_num(fs, key, r->rank[c], "rank", src, "competition rank of the composite");
	}

	/* readiness: every country, by rank, with its cluster scores. */
	cols = arena_calloc(a, 6 + nk, sizeof *cols);
	cols[0] = "code";
	cols[1] = "country";
	cols[2] = "country_es";
	cols[3] = "score";
	cols[4] = "rank";
	cols[5] = "estimated";
	for (j = 0; j < nk; j++)
		cols[6 + j] = d->clusters[j].code;
	t = figset_table(fs, "readiness", 6 + nk, cols, src);
	for (i = 0; i < n; i++) {
		size_t c = r->order[i], row = figtable_add_row(fs, t), est = 0;

		for (j = 0; j < k; j++)
			if (d->provenance[c * k + j] != NULL &&
			    strcmp(d->provenance[c * k + j], "estimated") == 0)
				est++;
		figtable_set_text(fs, t, row, 0, d->countries[c].code);
		figtable_set_text(fs, t, row, 1, d->countries[c].name);
		figtable_set_text(fs, t, row, 2, d->countries[c].name_es);
		figtable_set_num(fs, t, row, 3, r->composite[c]);
		figtable_set_num(fs, t, row, 4, r->rank[c]);
		figtable_set_num(fs, t, row, 5, (double)est);
		for (j = 0; j < nk; j++)
			figtable_set_num(fs, t, row, 6 + j, r->cluster_score[c * nk + j]);
	}

	/* readiness_clusters: the clusters, with the focus country's standing. */
	{
		static const char *const ccols[] = {
			"code", "name", "name_es", "metrics", "score", "rank"
		};

		t = figset_table(fs, "readiness_clusters", 6, ccols, src);
		for (j = 0; j < nk; j++) {
			size_t row = figtable_add_row(fs, t);

			figtable_set_text(fs, t, row, 0, d->clusters[j].code);
			figtable_set_text(fs, t, row, 1, d->clusters[j].name);
			figtable_set_text(fs, t, row, 2, d->clusters[j].name_es);
			figtable_set_num(fs, t, row, 3, (double)d->clusters[j].nmetrics);
			if (r->focus >= 0) {
				figtable_set_num(fs, t, row, 4,
				               r->cluster_score[(size_t)r->focus * nk + j]);
				figtable_set_num(fs, t, row, 5,
				               r->cluster_rank[(size_t)r->focus * nk + j]);
			}
		}
	}

	if (r->focus >= 0) {
		static const char *const mcols[] = {
			"cluster", "cluster_es", "cluster_code", "metric", "metric_es",
			"metric_code", "rank", "score", "value", "provenance", "metric_source"
		};
		size_t f = (size_t)r->focus, best = 0, worst = 0;
		char pre[64];

		lower_code(pre, sizeof pre, d->countries[f].code);
		snprintf(key, sizeof key, "readiness.%s.rank", pre);
		figset_num(fs, key, r->rank[f], "rank", src, "competition rank of the composite");
		snprintf(key, sizeof key, "readiness.%s.score", pre);
		figset_num(fs, key, r->composite[f], "score", src, formula);
		snprintf(key, sizeof key, "readiness.%s.country", pre);
		figset_text(fs, key, d->countries[f].name, src);

		/* readiness_mex: the focus country's rank on each metric, grouped
		 * by cluster in the order of readiness_clusters.csv. */
		t = figset_table(fs, "readiness_mex", 11, mcols, src);
		for (j = 0; j < nk; j++) {
			size_t m;

			for (m = 0; m < k; m++) {
				size_t row;

				if (d->metrics[m].cluster != j)
					continue;
				row = figtable_add_row(fs, t);
				figtable_set_text(fs, t, row, 0, d->clusters[j].name);
				figtable_set_text(fs, t, row, 1, d->clusters[j].name_es);
				figtable_set_text(fs, t, row, 2, d->clusters[j].code);
				figtable_set_text(fs, t, row, 3, d->metrics[m].name);
				figtable_set_text(fs, t, row, 4, d->metrics[m].name_es);
				figtable_set_text(fs, t, row, 5, d->metrics[m].code);
				figtable_set_num(fs, t, row, 6, r->metric_rank[f * k + m]);
				figtable_set_num(fs, t, row, 7, r->norm_value[f * k + m]);
				figtable_set_num(fs, t, row, 8, d->value[f * k + m]);
				figtable_set_text(fs, t, row, 9, d->provenance[f * k + m]);
				figtable_set_text(fs, t, row, 10, d->metrics[m].source);
			}
		}
		for (j = 0; j < k; j++) {
			int rk = r->metric_rank[f * k + j];

			/* The first metric in file order wins a tie. */
			if (rk < r->metric_rank[f * k + best])
				best = j;
			if (rk > r->metric_rank[f * k + worst])
				worst = j;
			snprintf(key, sizeof key, "readiness.%s.metric.%s.rank", pre,
			         d->metrics[j].code);
			figset_num(fs, key, rk, "rank", src, "competition rank of the metric");
			snprintf(key, sizeof key, "readiness.%s.metric.%s.score", pre,
			         d->metrics[j].code);
			figset_num(fs, key, r->norm_value[f * k + j], "score", src,
			           norm_name(r->norm));
		}
		for (j = 0; j < nk; j++) {
			snprintf(key, sizeof key, "readiness.%s.cluster.%s.score", pre,
			         d->clusters[j].code);
			figset_num(fs, key, r->cluster_score[f * nk + j], "score", src,
			           "mean of the cluster's normalised metrics");
			snprintf(key, sizeof key, "readiness.%s.cluster.%s.rank", pre,
			         d->clusters[j].code);
			figset_num(fs, key, r->cluster_rank[f * nk + j], "rank", src,
			           "competition rank of the cluster score");
		}
		snprintf(key, sizeof key, "readiness.%s.best.metric", pre);
		figset_text(fs, key, d->metrics[best].name, src);
		snprintf(key, sizeof key, "readiness.%s.best.metric_es", pre);
		figset_text(fs, key, d->metrics[best].name_es, src);
		snprintf(key, sizeof key, "readiness.%s.best.rank", pre);
		figset_num(fs, key, r->metric_rank[f * k + best], "rank", src,
		           "lowest rank of the country over the metrics");
		snprintf(key, sizeof key, "readiness.%s.worst.metric", pre);
		figset_text(fs, key, d->metrics[worst].name, src);
		snprintf(key, sizeof key, "readiness.%s.worst.metric_es", pre);
		figset_text(fs, key, d->metrics[worst].name_es, src);
		snprintf(key, sizeof key, "readiness.%s.worst.rank", pre);
		figset_num(fs, key, r->metric_rank[f * k + worst], "rank", src,
		           "highest rank of the country over the metrics");
	}

	/* readiness_check: published ranks beside the model's. */
	if (d->npublished > 0) {
		static const char *const pcols[] = {
			"item", "country", "published", "computed", "match"
		};

		t = figset_table(fs, "readiness_check", 5, pcols, "readiness_published.csv");
		for (i = 0; i < d->npublished; i++) {
			const struct readiness_published *p = &d->published[i];
			int got = p->metric < 0 ? r->rank[p->country] :
				r->metric_rank[p->country * k + (size_t)p->metric];
			size_t row = figtable_add_row(fs, t);

			figtable_set_text(fs, t, row, 0,
			                p->metric < 0 ? "overall" : d->metrics[p->metric].code);
			figtable_set_text(fs, t, row, 1, d->countries[p->country].code);
			figtable_set_num(fs, t, row, 2, p->rank);
			figtable_set_num(fs, t, row, 3, got);
			figtable_set_text(fs, t, row, 4, got == p->rank ? "yes" : "no");
		}
	}
}

void readiness_variant_figures(const struct readiness_result *r, struct figset *fs)
{
	const struct readiness_data *d = r->data;
	const char *tag = r->norm == READINESS_ZSCORE ? "zscore" : "minmax";
	char pre[64], key[160], formula[96];

	if (r->focus < 0)
		return;
	lower_code(pre, sizeof pre, d->countries[r->focus].code);
	snprintf(formula, sizeof formula, "composite with %s normalisation", norm_name(r->norm));
	snprintf(key, sizeof key, "readiness.%s.rank_%s", pre, tag);
	figset_num(fs, key, r->rank[r->focus], "rank", d->sources, formula);
	snprintf(key, sizeof key, "readiness.%s.score_%s", pre, tag);
	figset_num(fs, key, r->composite[r->focus], "score", d->sources, formula);
}

void readiness_uncertainty_figures(const struct readiness_data *d, long focus,
                                   const struct readiness_uncertainty *u, struct figset *fs)
{
	static const char *const how =
		"over draws of min-max/z-score/geometric aggregation with weights 1 +/- 25%";
	char pre[64], key[160];

	if (focus < 0 || u->draws < 1)
		return;
	lower_code(pre, sizeof pre, d->countries[focus].code);
	snprintf(key, sizeof key, "readiness.%s.rank_median", pre);
	figset_num(fs, key, u->median, "rank", d->sources, how);
	snprintf(key, sizeof key, "readiness.%s.rank_p05", pre);
	figset_num(fs, key, u->p05, "rank", d->sources, how);
	snprintf(key, sizeof key, "readiness.%s.rank_p95", pre);
	figset_num(fs, key, u->p95, "rank", d->sources, how);
	snprintf(key, sizeof key, "readiness.%s.rank_draws", pre);
	figset_num(fs, key, u->draws, "draws", d->sources, "number of draws");
}
