/*
 * regions/figures: hand the regions result to the figure store (figures.h):
 * the `states` table (one row per state, profile fields filled for the
 * profiled ones), the per-state keys and the long per-state tables copied as
 * they were loaded. Figures stage of the pipeline.
 */
#include "model/regions/internal.h"
#include "base/base.h"
#include "figures/figures.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* "nuevo-leon" -> "nuevo_leon": figure keys take no hyphen. */
static void key_slug(char *dst, size_t size, const char *slug)
{
	size_t i;

	for (i = 0; i + 1 < size && slug[i] != '\0'; i++)
		dst[i] = slug[i] == '-' ? '_' : slug[i];
	dst[i] = '\0';
}

/* Names of a long table's rows for one state, joined with ", ". */
static void join_names(const struct dataset *t, const char *slug, size_t col, struct buf *out)
{
	size_t i, n = 0;

	buf_clear(out);
	for (i = 0; i < t->nrows; i++) {
		if (strcmp(dataset_text(t, i, L_STATE), slug) != 0)
			continue;
		buf_printf(out, "%s%s", n++ ? ", " : "", dataset_text(t, i, col));
	}
}

/* The origin of row i of t as its provenance and source columns give it. */
static void join_row(struct figset *fs, struct fig_origin *acc, const struct dataset *t, size_t i)
{
	int pc = dataset_col(t, "provenance"), sc = dataset_col(t, "source");

	if (pc >= 0)
		fig_origin_join(fs, acc, fig_prov_parse(dataset_text(t, i, (size_t)pc)),
		                sc >= 0 ? dataset_text(t, i, (size_t)sc) : "");
}

void regions_figures(const struct regions_result *r, struct figset *fs)
{
	/* Profile columns copied as they are, after the computed ones. */
	static const struct {
		const char *name;
		int col;
	} prof[] = {
		{ "gdp_share", PR_GDP }, { "gdp_year", PR_GDP_YEAR }, { "gdp_source", PR_GDP_SOURCE },
		{ "rank_competitiveness", PR_COMP }, { "rank_competitiveness_year", PR_COMP_YEAR },
		{ "rank_competitiveness_source", PR_COMP_SOURCE },
		{ "rank_innovation", PR_INNOV }, { "rank_innovation_year", PR_INNOV_YEAR },
		{ "rank_innovation_source", PR_INNOV_SOURCE },
		{ "rank_egov", PR_EGOV }, { "egov_share", PR_EGOV_SHARE },
		{ "rank_egov_year", PR_EGOV_YEAR }, { "rank_egov_source", PR_EGOV_SOURCE },
		{ "summary", PR_SUMMARY }, { "summary_es", PR_SUMMARY_ES },
		{ "vision", PR_VISION }, { "vision_es", PR_VISION_ES },
	};
	enum { NPROF = sizeof prof / sizeof prof[0] };
	static const char *const head[] = {
		"slug", "key", "inegi_code", "name", "name_es", "name_inegi", "population",
		"population_year", "pop_share", "pop_rank", "profiled", "gdp_rank",
		"sectors", "sectors_es", "focus", "focus_es", "note"
	};
	enum { NHEAD = sizeof head / sizeof head[0] };
	const struct regions_data *d = r->data;
	const struct dataset *st = &d->states_t, *p = &d->profiles;
	struct arena *a = figset_arena(fs);
	const char **cols = arena_calloc(a, NHEAD + NPROF, sizeof *cols);
	const char *src = dataset_file(st);   /* not the path as typed */
	struct figtable *t;
	struct buf b = { 0 };
	size_t i, j, profiled = 0;
	char key[160], ks[64];

	for (j = 0; j < NHEAD; j++)
		cols[j] = head[j];
	for (j = 0; j < NPROF; j++)
		cols[NHEAD + j] = prof[j].name;
	t = figset_table(fs, "states", NHEAD + NPROF, cols, src);
	for (i = 0; i < d->nstates; i++) {
		const struct region_state *s = &d->states[i];
		size_t row = figtable_add_row(fs, t);
		struct fig_origin o = { FIG_PROV_NONE, "" }, pop = { FIG_PROV_NONE, "" };
		size_t st_row = i;

		/* the row: its states.csv row (shares and ranks computed from the
		 * populations) and its profile row with the sources it names */
		for (j = 0; j < st->nrows; j++)
			if (strcmp(dataset_text(st, j, S_SLUG), s->slug) == 0)
				st_row = j;
		if (st_row < st->nrows)
			join_row(fs, &pop, st, st_row);
		o = pop;
		fig_origin_computed(&o);
		if (s->profile >= 0) {
			size_t pr = (size_t)s->profile;
			static const int srcs[] = { PR_GDP_SOURCE, PR_COMP_SOURCE, PR_INNOV_SOURCE,
			                            PR_EGOV_SOURCE };

			join_row(fs, &o, p, pr);
			for (j = 0; j < sizeof srcs / sizeof srcs[0]; j++)
				fig_origin_join(fs, &o, FIG_PROV_NONE,
				                dataset_text(p, pr, (size_t)srcs[j]));
		}
		figtable_set_origin(fs, t, row, o.prov, o.sources);

		key_slug(ks, sizeof ks, s->slug);
		figtable_set_text(fs, t, row, 0, s->slug);
		figtable_set_text(fs, t, row, 1, ks);
		figtable_set_text(fs, t, row, 2, dataset_text(st, i, S_INEGI));
		figtable_set_text(fs, t, row, 3, s->name);
		figtable_set_text(fs, t, row, 4, s->name_es);
		figtable_set_text(fs, t, row, 5, dataset_text(st, i, S_NAME_INEGI));
		if (!isnan(s->population)) {
			figtable_set_num(fs, t, row, 6, s->population);
			figtable_set_num(fs, t, row, 8, r->pop_share[i]);
			figtable_set_num(fs, t, row, 9, r->pop_rank[i]);
		}
		if (dataset_cell(st, i, S_POP_YEAR)->present)
			figtable_set_num(fs, t, row, 7, dataset_num(st, i, S_POP_YEAR));
		figtable_set_text(fs, t, row, 10, s->profiled ? "yes" : "no");
		if (r->gdp_rank[i] > 0)
			figtable_set_num(fs, t, row, 11, r->gdp_rank[i]);
		join_names(&d->sectors, s->slug, L_NAME, &b);
		figtable_set_text(fs, t, row, 12, buf_cstr(&b));
		join_names(&d->sectors, s->slug, L_NAME_ES, &b);
		figtable_set_text(fs, t, row, 13, buf_cstr(&b));
		join_names(&d->focus, s->slug, L_NAME, &b);
		figtable_set_text(fs, t, row, 14, buf_cstr(&b));
		join_names(&d->focus, s->slug, L_NAME_ES, &b);
		figtable_set_text(fs, t, row, 15, buf_cstr(&b));
		if (s->profile >= 0) {
			size_t pr = (size_t)s->profile;
			int note = dataset_col(p, "note");

			profiled++;
			if (note >= 0)
				figtable_set_text(fs, t, row, 16, dataset_text(p, pr, (size_t)note));
			for (j = 0; j < NPROF; j++) {
				const struct cell *c = dataset_cell(p, pr, (size_t)prof[j].col);
				enum col_type ty = p->schema->cols[prof[j].col].type;

				if (c->present && (ty == COL_INT || ty == COL_SHARE || ty == COL_NUM))
					figtable_set_num(fs, t, row, NHEAD + j, c->num);
				else
					figtable_set_text(fs, t, row, NHEAD + j, c->text);
			}
		}
		if (!isnan(s->population)) {
			struct fig_origin c = pop;

			fig_origin_computed(&c);
			snprintf(key, sizeof key, "state.%s.population", ks);
			figset_num_p(fs, key, s->population, "people", src, "states.csv", pop.prov,
			             pop.sources);
			figset_set_origin(fs, c.prov, c.sources);
			snprintf(key, sizeof key, "state.%s.pop_share", ks);
			figset_num(fs, key, r->pop_share[i], "share", src,
			           "population / sum of the states' populations");
			snprintf(key, sizeof key, "state.%s.pop_rank", ks);
			figset_num(fs, key, r->pop_rank[i], "rank", src,
			           "competition rank of population among the states");
		}
		snprintf(key, sizeof key, "state.%s.name", ks);
		figset_text(fs, key, s->name, src);
	}
	buf_free(&b);
	{
		struct fig_origin all = { FIG_PROV_NONE, "" };

		for (i = 0; i < st->nrows; i++)
			join_row(fs, &all, st, i);
		fig_origin_computed(&all);
		figset_set_origin(fs, all.prov, all.sources);
	}
	figset_num(fs, "states.count", (double)d->nstates, "states", src, "rows of states.csv");
	figset_num(fs, "states.profiled", (double)profiled, "states", src,
	           "states with a row in state_profiles.csv");
	figset_num(fs, "states.with_population", (double)r->with_population, "states", src,
	           "states with a population");
	figset_num(fs, "population.national", r->national, "people", src,
	           "sum of the states' populations");
	{
		/* Each table also carries its text under the name the brief
		 * templates use (sector, focus, description). */
		static const char *const scols[] = {
			"state", "order", "name", "name_es", "sector=name", "sector_es=name_es"
		};
		static const char *const fcols[] = {
			"state", "order", "name", "name_es", "focus=name", "focus_es=name_es"
		};
		static const char *const icols[] = {
			"state", "order", "name", "name_es", "text", "text_es",
			"description=text", "description_es=text_es"
		};
		static const char *const pcols[] = {
			"state", "order", "name", "name_es", "year", "text", "text_es",
			"description=text", "description_es=text_es"
		};

		figset_table_from_dataset(fs, "state_sectors", &d->sectors, scols, 6);
		figset_table_from_dataset(fs, "state_focus", &d->focus, fcols, 6);
		figset_table_from_dataset(fs, "state_institutions", &d->institutions, icols, 8);
		figset_table_from_dataset(fs, "state_policies", &d->policies, pcols, 9);
	}
	figset_set_origin(fs, FIG_PROV_NONE, "");
}
