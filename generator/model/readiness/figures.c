/*
 * readiness/figures: hand the readiness results to the figure store
 * (figures.h): the two views (published and recomputed), the recomputed
 * ranking with its Monte Carlo intervals, the clusters, the focus country's
 * breakdown (Table 1), the one-at-a-time effects, the fixed variants and the
 * ranks that differ from the published ones (errata). Figures stage.
 */
#include "model/readiness/readiness.h"
#include "base/base.h"
#include "figures/figures.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define NELEMS(x) (sizeof (x) / sizeof (x)[0])

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

/* Append a row to the run's errata table (made by the automation figures,
 * or here when absent), by column name. */
static void errata_add(struct figset *fs, const char *item, const char *item_es,
                       double published, double computed, const char *note,
                       const char *note_es, const char *key)
{
	static const char *const cols[] = { "item", "published", "computed", "note", "unit",
	                                    "key", "location", "item_es", "note_es" };
	struct figtable *t = figset_table_mut(fs, "errata");
	const char *text[NELEMS(cols)] = { item, NULL, NULL, note, "rank", key, "Table 1",
	                                   item_es, note_es };
	size_t row, i;

	if (t == NULL)
		t = figset_table(fs, "errata", NELEMS(cols), cols,
		                 "published figures of the 2018 paper against reportgen's");
	row = figtable_add_row(fs, t);
	for (i = 0; i < NELEMS(cols); i++) {
		int c = figtable_col(t, cols[i]);

		if (c < 0)
			continue;
		if (i == 1 || i == 2)
			figtable_set_num(fs, t, row, (size_t)c, i == 1 ? published : computed);
		else
			figtable_set_text(fs, t, row, (size_t)c, text[i]);
	}
}

/* The published rank of item (metric index, or -1 overall) for country c, or 0. */
static int published_rank(const struct readiness_data *d, size_t c, long metric)
{
	for (size_t i = 0; i < d->npublished; i++)
		if (d->published[i].country == c && d->published[i].metric == metric)
			return d->published[i].rank;
	return 0;
}

static void published_figures(const struct readiness_data *d, struct figset *fs)
{
	char key[160], pre[64];

	for (size_t i = 0; i < d->npublished; i++) {
		const struct readiness_published *p = &d->published[i];

		lower_code(pre, sizeof pre, d->countries[p->country].code);
		if (p->metric < 0) {
			snprintf(key, sizeof key, "readiness.published.%s.rank", pre);
			figset_num(fs, key, p->rank, "rank", "readiness_published.csv (published: "
			           "the 2018 paper, Table 1)", "as printed");
			figset_num(fs, "readiness.published.out_of", p->out_of, "countries",
			           "readiness_published.csv (published)", "as printed");
		} else {
			snprintf(key, sizeof key, "readiness.published.%s.metric.%s.rank", pre,
			         d->metrics[p->metric].code);
			figset_num(fs, key, p->rank, "rank", "readiness_published.csv (published: "
			           "the 2018 paper, Table 1)", "as printed");
		}
	}
}

/* The values of metric m (every country; m < 0: every metric the index
 * uses), the basis of any rank or score: joined and computed. An imputed
 * value is an estimate (readiness.h). */
static struct fig_origin values_origin(struct figset *fs, const struct readiness_result *r,
                                       long m)
{
	const struct readiness_data *d = r->data;
	struct fig_origin o = { FIG_PROV_NONE, "" };
	size_t c, j;

	for (c = 0; c < d->ncountries; c++)
		for (j = 0; j < d->nmetrics; j++) {
			size_t at = c * d->nmetrics + j;

			if ((m >= 0 && (size_t)m != j) || (m < 0 && !d->metrics[j].used))
				continue;
			if (r->imputed != NULL && r->imputed[at])
				fig_origin_join(fs, &o, FIG_PROV_ESTIMATED, "est_readiness_imputed");
			else if (d->provenance != NULL && d->provenance[at] != NULL)
				fig_origin_join(fs, &o, fig_prov_parse(d->provenance[at]),
				                d->value_source ? d->value_source[at] : "");
		}
	fig_origin_computed(&o);
	return o;
}

static void set_values_origin(struct figset *fs, const struct readiness_result *r, long m)
{
	struct fig_origin o = values_origin(fs, r, m);

	figset_set_origin(fs, o.prov, o.sources);
}

void readiness_figures(const struct readiness_result *r, const struct readiness_mc *mc,
                       const struct readiness_oat *oat, struct figset *fs)
{
	const struct readiness_data *d = r->data;
	struct arena *a = figset_arena(fs);
	size_t n = d->ncountries, k = d->nmetrics, nk = d->nclusters, i, j;
	size_t imputed_countries = 0;
	const char *src = arena_printf(a, "%s (derived from official indicators%s)", d->sources,
	                               r->nimputed ? "; estimated where imputed" : "");
	const char *formula = arena_printf(a, "weighted mean of the %zu %s-normalised metrics "
	                                   "with values, equal weights", r->nused,
	                                   norm_name(r->p.norm));
	const char *mc_how = mc ? arena_printf(a, "%d Monte Carlo draws (seed %lu) over min-max/"
	                                       "z-score, arithmetic/geometric mean and weights "
	                                       "uniform on the simplex", mc->draws, mc->seed) : "";
	const char **cols;
	struct figtable *t;
	char key[160];
	int differ = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < k; j++)
			if (r->imputed[i * k + j] && d->metrics[j].used)
				break;
		imputed_countries += j < k;
	}
	/* a rank or a score rests on every value the index uses */
	set_values_origin(fs, r, -1);
	figset_num(fs, "readiness.countries", (double)n, "countries", src, "rows of readiness_countries.csv");
	figset_num(fs, "readiness.metrics", (double)k, "metrics", src, "rows of readiness_metrics.csv");
	figset_num(fs, "readiness.metrics_used", (double)r->nused, "metrics", src,
	           "metrics with values in readiness_values.csv");
	figset_num(fs, "readiness.metrics_left_out", (double)(k - r->nused), "metrics", src,
	           "metrics without a public indicator");
	figset_num(fs, "readiness.clusters", (double)nk, "clusters", src, "rows of readiness_clusters.csv");
	figset_text(fs, "readiness.normalisation", norm_name(r->p.norm), src);
	figset_num(fs, "readiness.imputed", (double)r->nimputed, "values", src,
	           "country x metric cells without a value, set to the mean of the values present");
	figset_num(fs, "readiness.imputed_countries", (double)imputed_countries, "countries", src,
	           "countries with at least one imputed value");

	/* the positive scales of the geometric mean (readiness.h: the shift rule) */
	figset_num(fs, "readiness.geo.minmax_low", READINESS_GEO_MM_LOW, "", "readiness model",
	           "min-max values on this scale for the geometric mean: lowest");
	figset_num(fs, "readiness.geo.minmax_high", READINESS_GEO_MM_HIGH, "", "readiness model",
	           "min-max values on this scale for the geometric mean: highest");
	figset_num(fs, "readiness.geo.z_mean", READINESS_GEO_Z_MEAN, "", "readiness model",
	           "z-scores on this scale for the geometric mean: mean");
	figset_num(fs, "readiness.geo.z_sd", READINESS_GEO_Z_SD, "", "readiness model",
	           "z-scores on this scale for the geometric mean: standard deviation");
	figset_num(fs, "readiness.geo.floor", READINESS_GEO_FLOOR, "", "readiness model",
	           "a metric is moved up until its lowest value is this");

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

	/* readiness: every country, by reference rank, with its interval and
	 * its cluster scores. */
	{
		static const char *const base[] = {
			"code", "country", "country_es", "score", "rank", "median", "p05", "p95",
			"imputed", "provenance"
		};
		size_t nb = NELEMS(base);

		cols = arena_calloc(a, nb + nk, sizeof *cols);
		for (j = 0; j < nb; j++)
			cols[j] = base[j];
		for (j = 0; j < nk; j++)
			cols[nb + j] = d->clusters[j].code;
		t = figset_table(fs, "readiness", nb + nk, cols, src);
		for (i = 0; i < n; i++) {
			size_t c = mc ? mc->order[i] : r->order[i], row = figtable_add_row(fs, t), imp = 0;

			for (j = 0; j < k; j++)
				imp += r->imputed[c * k + j] && d->metrics[j].used;
			figtable_set_text(fs, t, row, 0, d->countries[c].code);
			figtable_set_text(fs, t, row, 1, d->countries[c].name);
			figtable_set_text(fs, t, row, 2, d->countries[c].name_es);
			figtable_set_num(fs, t, row, 3, r->composite[c]);
			figtable_set_num(fs, t, row, 4, r->rank[c]);
			if (mc) {
				figtable_set_num(fs, t, row, 5, mc->median[c]);
				figtable_set_num(fs, t, row, 6, mc->p05[c]);
				figtable_set_num(fs, t, row, 7, mc->p95[c]);
			}
			figtable_set_num(fs, t, row, 8, (double)imp);
			figtable_set_text(fs, t, row, 9, imp ? "estimated" : "derived");
			for (j = 0; j < nk; j++)
				if (!isnan(r->cluster_score[c * nk + j]))
					figtable_set_num(fs, t, row, nb + j, r->cluster_score[c * nk + j]);
		}
	}

	/* readiness_clusters: the clusters, with the focus country's standing. */
	{
		static const char *const ccols[] = {
			"code", "name", "name_es", "metrics", "used", "score", "rank"
		};

		t = figset_table(fs, "readiness_clusters", NELEMS(ccols), ccols, src);
		for (j = 0; j < nk; j++) {
			size_t row = figtable_add_row(fs, t);

			figtable_set_text(fs, t, row, 0, d->clusters[j].code);
			figtable_set_text(fs, t, row, 1, d->clusters[j].name);
			figtable_set_text(fs, t, row, 2, d->clusters[j].name_es);
			figtable_set_num(fs, t, row, 3, (double)d->clusters[j].nmetrics);
			figtable_set_num(fs, t, row, 4, (double)d->clusters[j].nused);
			if (r->focus >= 0 && d->clusters[j].nused > 0) {
				figtable_set_num(fs, t, row, 5,
				               r->cluster_score[(size_t)r->focus * nk + j]);
				figtable_set_num(fs, t, row, 6,
				               r->cluster_rank[(size_t)r->focus * nk + j]);
			}
		}
	}

	/* readiness_metrics: every metric, its indicator, or why it is left out */
	{
		static const char *const mcols[] = {
			"code", "metric", "metric_es", "cluster_code", "used", "indicator",
			"indicator_es", "indicator_source", "metric_source", "left_out", "left_out_es",
			"values", "imputed"
		};

		t = figset_table(fs, "readiness_metrics", NELEMS(mcols), mcols, "readiness_metrics.csv");
		for (j = 0; j < k; j++) {
			const struct readiness_metric *m = &d->metrics[j];
			size_t row = figtable_add_row(fs, t), have = 0;

			for (i = 0; i < n; i++)
				have += d->present[i * k + j];
			figtable_set_text(fs, t, row, 0, m->code);
			figtable_set_text(fs, t, row, 1, m->name);
			figtable_set_text(fs, t, row, 2, m->name_es);
			figtable_set_text(fs, t, row, 3, d->clusters[m->cluster].code);
			figtable_set_num(fs, t, row, 4, m->used);
			figtable_set_text(fs, t, row, 5, m->indicator);
			figtable_set_text(fs, t, row, 6, m->indicator_es);
			figtable_set_text(fs, t, row, 7, m->indicator_source);
			figtable_set_text(fs, t, row, 8, m->source);
			figtable_set_text(fs, t, row, 9, m->left_out);
			figtable_set_text(fs, t, row, 10, m->left_out_es);
			figtable_set_num(fs, t, row, 11, (double)have);
			figtable_set_num(fs, t, row, 12, m->used ? (double)(n - have) : 0.0);
		}
	}

	if (r->focus >= 0) {
		static const char *const mcols[] = {
			"cluster", "cluster_es", "cluster_code", "metric", "metric_es",
			"metric_code", "published", "recomputed", "rank", "used", "indicator",
			"indicator_es", "score", "value", "provenance", "metric_source", "differs"
		};
		size_t f = (size_t)r->focus;
		long best = -1, worst = -1;
		char pre[64];

		lower_code(pre, sizeof pre, d->countries[f].code);
		snprintf(key, sizeof key, "readiness.%s.rank", pre);
		figset_num(fs, key, r->rank[f], "rank", src, "competition rank of the composite "
		           "(recomputed: min-max, arithmetic mean, equal weights per metric)");
		snprintf(key, sizeof key, "readiness.%s.score", pre);
		figset_num(fs, key, r->composite[f], "score", src, formula);
		snprintf(key, sizeof key, "readiness.%s.country", pre);
		figset_text(fs, key, d->countries[f].name, src);

		/* readiness_mex (Table 1): the two views side by side, metric by
		 * metric, grouped by cluster in the order of readiness_clusters.csv,
		 * then the overall rank. */
		t = figset_table(fs, "readiness_mex", NELEMS(mcols), mcols, src);
		for (j = 0; j < nk; j++) {
			for (size_t m = 0; m < k; m++) {
				const struct readiness_metric *me = &d->metrics[m];
				int pub = published_rank(d, f, (long)m);
				size_t row;

				if (me->cluster != j)
					continue;
				row = figtable_add_row(fs, t);
				{
					/* the metric's rank rests on its values; its published
					 * rank beside it on the paper */
					struct fig_origin o = values_origin(fs, r, (long)m);

					if (pub > 0)
						fig_origin_join(fs, &o, FIG_PROV_PUBLISHED, "oi_mx_2018");
					figtable_set_origin(fs, t, row, o.prov, o.sources);
				}
				figtable_set_text(fs, t, row, 0, d->clusters[j].name);
				figtable_set_text(fs, t, row, 1, d->clusters[j].name_es);
				figtable_set_text(fs, t, row, 2, d->clusters[j].code);
				figtable_set_text(fs, t, row, 3, me->name);
				figtable_set_text(fs, t, row, 4, me->name_es);
				figtable_set_text(fs, t, row, 5, me->code);
				if (pub > 0)
					figtable_set_num(fs, t, row, 6, pub);
				figtable_set_num(fs, t, row, 9, me->used);
				figtable_set_text(fs, t, row, 10, me->indicator);
				figtable_set_text(fs, t, row, 11, me->indicator_es);
				figtable_set_text(fs, t, row, 15, me->source);
				if (!me->used)
					continue;
				figtable_set_num(fs, t, row, 7, r->metric_rank[f * k + m]);
				figtable_set_num(fs, t, row, 8, r->metric_rank[f * k + m]);
				figtable_set_num(fs, t, row, 12, r->norm_value[f * k + m]);
				figtable_set_num(fs, t, row, 13, r->filled[f * k + m]);
				figtable_set_text(fs, t, row, 14, r->imputed[f * k + m] ? "estimated" :
				                  d->provenance[f * k + m]);
				figtable_set_num(fs, t, row, 16, pub > 0 && pub != r->metric_rank[f * k + m]);
			}
		}
		for (j = 0; j < k; j++) {
			int rk = r->metric_rank[f * k + j];

			if (!d->metrics[j].used)
				continue;
			/* The first metric in file order wins a tie. */
			if (best < 0 || rk < r->metric_rank[f * k + (size_t)best])
				best = (long)j;
			if (worst < 0 || rk > r->metric_rank[f * k + (size_t)worst])
				worst = (long)j;
			snprintf(key, sizeof key, "readiness.%s.metric.%s.rank", pre,
			         d->metrics[j].code);
			figset_num(fs, key, rk, "rank", r->imputed[f * k + j] ?
			           arena_printf(a, "%s (estimated: imputed)", d->sources) : src,
			           "competition rank of the indicator value among the countries");
			snprintf(key, sizeof key, "readiness.%s.metric.%s.score", pre,
			         d->metrics[j].code);
			figset_num(fs, key, r->norm_value[f * k + j], "score", src,
			           norm_name(r->p.norm));
		}
		for (j = 0; j < nk; j++) {
			if (d->clusters[j].nused == 0)
				continue;
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
		figset_num(fs, key, r->metric_rank[f * k + (size_t)best], "rank", src,
		           "lowest rank of the country over the metrics of the index");
		snprintf(key, sizeof key, "readiness.%s.worst.metric", pre);
		figset_text(fs, key, d->metrics[worst].name, src);
		snprintf(key, sizeof key, "readiness.%s.worst.metric_es", pre);
		figset_text(fs, key, d->metrics[worst].name_es, src);
		snprintf(key, sizeof key, "readiness.%s.worst.rank", pre);
		figset_num(fs, key, r->metric_rank[f * k + (size_t)worst], "rank", src,
		           "highest rank of the country over the metrics of the index");

		if (mc != NULL) {
			snprintf(key, sizeof key, "readiness.%s.rank_median", pre);
			figset_num(fs, key, mc->median[f], "rank", src, mc_how);
			snprintf(key, sizeof key, "readiness.%s.rank_p05", pre);
			figset_num(fs, key, mc->p05[f], "rank", src, mc_how);
			snprintf(key, sizeof key, "readiness.%s.rank_p95", pre);
			figset_num(fs, key, mc->p95[f], "rank", src, mc_how);
			snprintf(key, sizeof key, "readiness.%s.rank_best", pre);
			figset_num(fs, key, mc->best[f], "rank", src, mc_how);
			snprintf(key, sizeof key, "readiness.%s.rank_worst", pre);
			figset_num(fs, key, mc->worst[f], "rank", src, mc_how);
		}

		/* readiness_oat: the focus country's rank with each metric left out */
		if (oat != NULL) {
			static const char *const ocols[] = {
				"metric", "metric_es", "metric_code", "indicator", "indicator_es",
				"rank", "change", "max_shift", "moved"
			};

			t = figset_table(fs, "readiness_oat", NELEMS(ocols), ocols, src);
			for (j = 0; j < k; j++) {
				size_t row;

				if (!d->metrics[j].used)
					continue;
				row = figtable_add_row(fs, t);
				figtable_set_text(fs, t, row, 0, d->metrics[j].name);
				figtable_set_text(fs, t, row, 1, d->metrics[j].name_es);
				figtable_set_text(fs, t, row, 2, d->metrics[j].code);
				figtable_set_text(fs, t, row, 3, d->metrics[j].indicator);
				figtable_set_text(fs, t, row, 4, d->metrics[j].indicator_es);
				figtable_set_num(fs, t, row, 5, oat->rank[j * n + f]);
				figtable_set_num(fs, t, row, 6, oat->rank[j * n + f] - r->rank[f]);
				figtable_set_num(fs, t, row, 7, oat->max_shift[j]);
				figtable_set_num(fs, t, row, 8, (double)oat->moved[j]);
			}
		}
	}

	if (mc != NULL) {
		figset_num(fs, "readiness.mc.draws", mc->draws, "draws", "edition.csv "
		           "(readiness_draws)", "number of Monte Carlo draws");
		figset_num(fs, "readiness.mc.seed", (double)mc->seed, "seed", "edition.csv "
		           "(readiness_seed)", "seed of GSL's MT19937 generator");
		figset_num(fs, "readiness.mc.share_minmax", (double)mc->draws_minmax / mc->draws,
		           "share", src, "draws that took min-max normalisation");
		figset_num(fs, "readiness.mc.share_geometric", (double)mc->draws_geom / mc->draws,
		           "share", src, "draws that took the geometric mean");
		figset_num(fs, "readiness.mc.interval", READINESS_Q_HIGH - READINESS_Q_LOW, "share",
		           "readiness model", "share of the draws between the 5th and 95th "
		           "percentile ranks");
	}

	/* The published view, and readiness_check: each published rank beside
	 * the recomputed one; every rank that differs goes to the errata. */
	figset_set_origin(fs, FIG_PROV_PUBLISHED, "oi_mx_2018");   /* as the paper printed them */
	published_figures(d, fs);
	{
		struct fig_origin o = values_origin(fs, r, -1);

		fig_origin_join(fs, &o, FIG_PROV_PUBLISHED, "oi_mx_2018");
		figset_set_origin(fs, o.prov, o.sources);
	}
	if (d->npublished > 0) {
		static const char *const pcols[] = {
			"item", "item_es", "country", "published", "recomputed", "match"
		};

		t = figset_table(fs, "readiness_check", NELEMS(pcols), pcols,
		                 "readiness_published.csv (published); readiness_values.csv (derived)");
		for (i = 0; i < d->npublished; i++) {
			const struct readiness_published *p = &d->published[i];
			bool used = p->metric < 0 || d->metrics[p->metric].used;
			int got = !used ? 0 : p->metric < 0 ? r->rank[p->country] :
				r->metric_rank[p->country * k + (size_t)p->metric];
			const char *it = p->metric < 0 ? "Overall rank" : d->metrics[p->metric].name;
			const char *it_es = p->metric < 0 ? "Lugar general" :
				d->metrics[p->metric].name_es;
			size_t row = figtable_add_row(fs, t);

			figtable_set_text(fs, t, row, 0, it);
			figtable_set_text(fs, t, row, 1, it_es);
			figtable_set_text(fs, t, row, 2, d->countries[p->country].code);
			figtable_set_num(fs, t, row, 3, p->rank);
			if (used)
				figtable_set_num(fs, t, row, 4, got);
			figtable_set_text(fs, t, row, 5, !used ? "not recomputed" :
			                  got == p->rank ? "yes" : "no");
			if (!used || got == p->rank)
				continue;
			differ++;
			errata_add(fs, arena_printf(a, "Readiness rank of %s: %s",
			                            d->countries[p->country].name, it),
			           arena_printf(a, "Lugar de %s en preparación: %s",
			                        d->countries[p->country].name_es, it_es),
			           p->rank, got,
			           p->note, p->note_es,
			           p->metric < 0 ? "readiness.mex.rank" :
			           arena_printf(a, "readiness.mex.metric.%s.rank",
			                        d->metrics[p->metric].code));
		}
		figset_num(fs, "readiness.differ", differ, "ranks", "readiness_check table",
		           "published ranks the recomputed index does not give back");
	}
	figset_set_origin(fs, FIG_PROV_NONE, "");
}

void readiness_variant_figures(struct arena *a, const struct readiness_data *d,
                               const char *focus, struct figset *fs)
{
	static const char *const cols[] = {
		"normalisation", "aggregation", "aggregation_es", "weights", "weights_es", "rank"
	};
	struct figtable *t = figset_table(fs, "readiness_variants", NELEMS(cols), cols,
	                                  d->sources);

	for (int w = 0; w < 2; w++)
		for (int ag = 0; ag < 2; ag++)
			for (int nm = 0; nm < 2; nm++) {
				struct readiness_params p = { (enum readiness_norm)nm,
				                              (enum readiness_agg)ag,
				                              (enum readiness_weights)w, focus, -1 };
				struct readiness_result r;
				size_t row;

				if (readiness_compute(a, d, &p, &r) != 0 || r.focus < 0)
					return;
				row = figtable_add_row(fs, t);
				figtable_set_text(fs, t, row, 0, norm_name(p.norm));
				figtable_set_text(fs, t, row, 1, ag ? "geometric" : "arithmetic");
				figtable_set_text(fs, t, row, 2, ag ? "geométrica" : "aritmética");
				figtable_set_text(fs, t, row, 3, w ? "equal per cluster" :
				                  "equal per metric");
				figtable_set_text(fs, t, row, 4, w ? "iguales por grupo" :
				                  "iguales por métrica");
				figtable_set_num(fs, t, row, 5, r.rank[r.focus]);
			}
}
