/*
 * texts/figures: hand the text datasets to the figure store (figures.h): the
 * recommendations with their areas, the programmes with their totals, the
 * bibliography in citation order with the footnotes' references, the
 * strategy themes, and the tables copied as they were loaded. Figures stage
 * of the pipeline (texts has no model stage).
 */
#include "model/texts/internal.h"
#include "base/base.h"
#include "figures/figures.h"

#include <stdio.h>
#include <string.h>

/* "Author (Year). Title. Publisher. URL" with the empty parts left out and
 * the publisher dropped when it repeats the author. */
static const char *citation_text(struct arena *a, const struct dataset *b, size_t i)
{
	struct buf out = { 0 };
	const char *author = dataset_text(b, i, B_AUTHOR);
	const char *publisher = dataset_text(b, i, B_PUBLISHER);
	const char *url = dataset_text(b, i, B_URL);
	const char *s;

	buf_puts(&out, author);
	if (dataset_cell(b, i, B_YEAR)->present)
		buf_printf(&out, " (%s)", dataset_text(b, i, B_YEAR));
	buf_printf(&out, ". %s.", dataset_text(b, i, B_TITLE));
	if (*publisher != '\0' && strcmp(publisher, author) != 0)
		buf_printf(&out, " %s.", publisher);
	if (*url != '\0')
		buf_printf(&out, " %s", url);
	s = arena_strdup(a, buf_cstr(&out));
	buf_free(&out);
	return s;
}

/* ---- provenance: a row as its dataset row gives it; counts and sums
 * computed from every row of a dataset ---- */

static void row_origin(struct figset *fs, struct figtable *t, size_t row,
                       const struct dataset *ds, size_t i)
{
	int pc = dataset_col(ds, "provenance"), sc = dataset_col(ds, "source");

	if (pc >= 0)
		figtable_join_origin(fs, t, row, fig_prov_parse(dataset_text(ds, i, (size_t)pc)),
		                     sc >= 0 ? dataset_text(ds, i, (size_t)sc) : "");
}

static void counted_from(struct figset *fs, const struct dataset *ds)
{
	struct fig_origin o = { FIG_PROV_NONE, "" };
	int pc = dataset_col(ds, "provenance"), sc = dataset_col(ds, "source");

	for (size_t i = 0; pc >= 0 && i < ds->nrows; i++)
		fig_origin_join(fs, &o, fig_prov_parse(dataset_text(ds, i, (size_t)pc)),
		                sc >= 0 ? dataset_text(ds, i, (size_t)sc) : "");
	fig_origin_computed(&o);
	figset_set_origin(fs, o.prov, o.sources);
}

static void emit_recommendations(const struct texts_data *d, struct figset *fs)
{
	static const char *const cols[] = {
		"number", "area", "area_name", "area_name_es", "title", "title_es", "summary",
		"summary_es", "actor", "actor_es", "timeframe", "timeframe_es", "timeframe_code",
		"regional"
	};
	static const int src[] = {
		R_NUMBER, R_AREA, -1, -1, R_TITLE, R_TITLE_ES, R_SUMMARY, R_SUMMARY_ES, R_ACTOR,
		R_ACTOR_ES, R_TF, R_TF_ES, R_TF_CODE, R_REGIONAL
	};
	const struct dataset *r = &d->recommendations;
	struct figtable *t = figset_table(fs, "recommendations", 14, cols, dataset_file(r));
	size_t i, j;

	for (i = 0; i < r->nrows; i++) {
		size_t row = figtable_add_row(fs, t);
		long area = dataset_find(&d->areas, A_CODE, dataset_text(r, i, R_AREA));

		row_origin(fs, t, row, r, i);

		for (j = 0; j < 14; j++) {
			if (src[j] == R_NUMBER)
				figtable_set_num(fs, t, row, j, dataset_num(r, i, R_NUMBER));
			else if (src[j] >= 0)
				figtable_set_text(fs, t, row, j, dataset_text(r, i, (size_t)src[j]));
		}
		if (dataset_text(r, i, R_REGIONAL)[0] == '\0')
			figtable_set_text(fs, t, row, 13, "no");
		if (area >= 0) {
			figtable_set_text(fs, t, row, 2, dataset_text(&d->areas, (size_t)area, A_NAME));
			figtable_set_text(fs, t, row, 3, dataset_text(&d->areas, (size_t)area, A_NAME_ES));
		}
	}
	counted_from(fs, r);
	figset_num(fs, "recommendations.count", (double)r->nrows, "recommendations", dataset_file(r),
	           "rows of recommendations.csv");
}

static void emit_areas(const struct texts_data *d, struct figset *fs)
{
	static const char *const cols[] = { "code", "order", "name", "name_es", "count", "first", "last" };
	const struct dataset *ar = &d->areas, *r = &d->recommendations;
	struct figtable *t = figset_table(fs, "rec_areas", 7, cols, dataset_file(ar));
	size_t i, j;

	for (i = 0; i < ar->nrows; i++) {
		size_t row = figtable_add_row(fs, t), n = 0;
		double first = 0, last = 0;
		char key[128];

		figtable_set_origin(fs, t, row, FIG_PROV_NONE, "");
		row_origin(fs, t, row, ar, i);

		for (j = 0; j < r->nrows; j++) {
			if (strcmp(dataset_text(r, j, R_AREA), dataset_text(ar, i, A_CODE)) != 0)
				continue;
			if (n++ == 0)
				first = dataset_num(r, j, R_NUMBER);
			last = dataset_num(r, j, R_NUMBER);
		}
		figtable_set_text(fs, t, row, 0, dataset_text(ar, i, A_CODE));
		figtable_set_num(fs, t, row, 1, dataset_num(ar, i, A_ORDER));
		figtable_set_text(fs, t, row, 2, dataset_text(ar, i, A_NAME));
		figtable_set_text(fs, t, row, 3, dataset_text(ar, i, A_NAME_ES));
		figtable_set_num(fs, t, row, 4, (double)n);
		if (n > 0) {
			figtable_set_num(fs, t, row, 5, first);
			figtable_set_num(fs, t, row, 6, last);
		}
		counted_from(fs, r);
		snprintf(key, sizeof key, "rec_areas.%s.count", dataset_text(ar, i, A_CODE));
		figset_num(fs, key, (double)n, "recommendations", dataset_file(r),
		           "recommendations in the area");
	}
	figset_num(fs, "rec_areas.count", (double)ar->nrows, "areas", dataset_file(ar),
	           "rows of rec_areas.csv");
}

static void emit_programmes(const struct texts_data *d, struct figset *fs)
{
	static const char *const cols[] = {
		"field", "field_es", "g1_recent", "g1_forming", "g1_consolidated",
		"g1_international", "g2_recent", "g2_forming", "g2_consolidated",
		"g2_international", "g1_total", "g2_total", "total"
	};
	const struct dataset *p = &d->programmes;
	struct figtable *t = figset_table(fs, "programmes", 13, cols, dataset_file(p));
	double sum1 = 0, sum2 = 0;
	size_t i, j;

	for (i = 0; i < p->nrows; i++) {
		size_t row = figtable_add_row(fs, t);
		double g1 = 0, g2 = 0;

		row_origin(fs, t, row, p, i);

		figtable_set_text(fs, t, row, 0, dataset_text(p, i, G_FIELD));
		figtable_set_text(fs, t, row, 1, dataset_text(p, i, G_FIELD_ES));
		for (j = 0; j < 8; j++) {
			double v = dataset_num(p, i, G_FIRST + j);

			figtable_set_num(fs, t, row, 2 + j, v);
			if (j < 4)
				g1 += v;
			else
				g2 += v;
		}
		figtable_set_num(fs, t, row, 10, g1);
		figtable_set_num(fs, t, row, 11, g2);
		figtable_set_num(fs, t, row, 12, g1 + g2);
		sum1 += g1;
		sum2 += g2;
	}
	counted_from(fs, p);
	{
		/* the totals are sums: derived from the rows */
		struct fig_origin o = figset_current_origin(fs);

		for (j = 10; j < 13; j++)
			figtable_set_col_origin(fs, t, j, o.prov, o.sources);
	}
	figset_num(fs, "programmes.g1.total", sum1, "programmes", dataset_file(p), "sum of group 1 over fields and stages");
	figset_num(fs, "programmes.g2.total", sum2, "programmes", dataset_file(p), "sum of group 2 over fields and stages");
	figset_num(fs, "programmes.total", sum1 + sum2, "programmes", dataset_file(p), "sum over groups, fields and stages");
	{
		static const char *const scols[] = { "code", "order", "name", "name_es" };

		figset_table_from_dataset(fs, "programme_stages", &d->stages, scols, 4);
	}
}

static void emit_bibliography(const struct texts_data *d, struct figset *fs)
{
	static const char *const cols[] = {
		"id", "number", "text", "author", "year", "title", "publisher", "url", "cite",
		"cite_es"
	};
	static const char *const ncols[] = { "number", "kind", "cites", "refs", "pages" };
	struct arena *a = figset_arena(fs);
	const struct dataset *b = &d->bibliography, *f = &d->footnotes;
	struct figtable *t = figset_table(fs, "bibliography", 10, cols, dataset_file(b));
	int n;
	size_t i, j;

	/* Rows in bibliography order (by number). */
	for (n = 1; n <= (int)b->nrows; n++) {
		for (i = 0; i < b->nrows; i++) {
			size_t row;

			if (d->bib_number[i] != n)
				continue;
			row = figtable_add_row(fs, t);
			row_origin(fs, t, row, b, i);
			figtable_set_text(fs, t, row, 0, dataset_text(b, i, B_ID));
			figtable_set_num(fs, t, row, 1, n);
			figtable_set_text(fs, t, row, 2, citation_text(a, b, i));
			for (j = B_AUTHOR; j <= B_URL; j++) {
				if (j == B_YEAR && dataset_cell(b, i, j)->present)
					figtable_set_num(fs, t, row, 2 + j, dataset_num(b, i, j));
				else
					figtable_set_text(fs, t, row, 2 + j, dataset_text(b, i, j));
			}
			/* the short citation: as given, else "author (year)" */
			for (j = 0; j < 2; j++) {
				const char *c = dataset_text(b, i, j == 0 ? B_CITE : B_CITE_ES);

				if (*c == '\0')
					c = dataset_text(b, i, B_CITE);
				if (*c == '\0')
					c = dataset_cell(b, i, B_YEAR)->present ?
					    arena_printf(a, "%s (%s)", dataset_text(b, i, B_AUTHOR),
					                 dataset_text(b, i, B_YEAR)) :
					    dataset_text(b, i, B_AUTHOR);
				figtable_set_text(fs, t, row, 8 + j, c);
			}
		}
	}
	counted_from(fs, b);
	figset_num(fs, "bibliography.count", (double)b->nrows, "references", dataset_file(b),
	           "rows of bibliography.csv");

	figset_set_origin(fs, FIG_PROV_NONE, "");
	t = figset_table(fs, "footnotes", 5, ncols, dataset_file(f));
	for (i = 0; i < f->nrows; i++) {
		size_t row = figtable_add_row(fs, t), k, nid;

		row_origin(fs, t, row, f, i);
		char *list = arena_strdup(a, dataset_text(f, i, F_CITES));
		char *ids[16];
		struct buf refs = { 0 };

		nid = texts_split_ids(list, ids, 16);
		for (k = 0; k < nid; k++) {
			long r = dataset_find(b, B_ID, ids[k]);

			if (r >= 0)
				buf_printf(&refs, "%s%d", k ? ", " : "", d->bib_number[r]);
		}
		figtable_set_num(fs, t, row, 0, dataset_num(f, i, F_NUMBER));
		figtable_set_text(fs, t, row, 1, dataset_text(f, i, F_KIND));
		figtable_set_text(fs, t, row, 2, dataset_text(f, i, F_CITES));
		figtable_set_text(fs, t, row, 3, buf_cstr(&refs));
		figtable_set_text(fs, t, row, 4, dataset_text(f, i, F_PAGES));
		buf_free(&refs);
	}
	counted_from(fs, f);
	figset_num(fs, "footnotes.count", (double)f->nrows, "footnotes", dataset_file(f),
	           "rows of footnotes.csv");
}

static void emit_themes(const struct texts_data *d, struct figset *fs)
{
	static const char *const cols[] = {
		"code", "order", "name", "name_es", "count", "countries", "countries_es"
	};
	static const char *const ccols[] = { "theme", "country", "name", "name_es", "basis" };
	const struct dataset *th = &d->themes, *tc = &d->theme_countries, *sc = &d->strategy_countries;
	struct figtable *t = figset_table(fs, "strategy_themes", 7, cols, dataset_file(th));
	struct figtable *t2 = figset_table(fs, "strategy_theme_countries", 5, ccols,
	                                   dataset_file(tc));
	size_t i, j;

	for (i = 0; i < th->nrows; i++) {
		size_t row = figtable_add_row(fs, t), n = 0;
		struct buf en = { 0 }, es = { 0 };

		row_origin(fs, t, row, th, i);

		for (j = 0; j < tc->nrows; j++) {
			long c;

			if (strcmp(dataset_text(tc, j, TC_THEME), dataset_text(th, i, T_CODE)) != 0)
				continue;
			row_origin(fs, t, row, tc, j);
			c = dataset_find(sc, S_CODE, dataset_text(tc, j, TC_COUNTRY));
			if (c < 0)
				continue;
			buf_printf(&en, "%s%s", n ? ", " : "", dataset_text(sc, (size_t)c, S_NAME));
			buf_printf(&es, "%s%s", n ? ", " : "", dataset_text(sc, (size_t)c, S_NAME_ES));
			n++;
		}
		figtable_set_text(fs, t, row, 0, dataset_text(th, i, T_CODE));
		figtable_set_num(fs, t, row, 1, dataset_num(th, i, T_ORDER));
		figtable_set_text(fs, t, row, 2, dataset_text(th, i, T_NAME));
		figtable_set_text(fs, t, row, 3, dataset_text(th, i, T_NAME_ES));
		figtable_set_num(fs, t, row, 4, (double)n);
		figtable_set_text(fs, t, row, 5, buf_cstr(&en));
		figtable_set_text(fs, t, row, 6, buf_cstr(&es));
		buf_free(&en);
		buf_free(&es);
	}
	for (j = 0; j < tc->nrows; j++) {
		size_t row = figtable_add_row(fs, t2);
		long c = dataset_find(sc, S_CODE, dataset_text(tc, j, TC_COUNTRY));

		row_origin(fs, t2, row, tc, j);

		figtable_set_text(fs, t2, row, 0, dataset_text(tc, j, TC_THEME));
		figtable_set_text(fs, t2, row, 1, dataset_text(tc, j, TC_COUNTRY));
		if (c >= 0) {
			figtable_set_text(fs, t2, row, 2, dataset_text(sc, (size_t)c, S_NAME));
			figtable_set_text(fs, t2, row, 3, dataset_text(sc, (size_t)c, S_NAME_ES));
		}
		figtable_set_text(fs, t2, row, 4, dataset_text(tc, j, TC_BASIS));
	}
	counted_from(fs, sc);
	figset_num(fs, "strategy_countries.count", (double)sc->nrows, "countries", dataset_file(sc),
	           "rows of strategy_countries.csv");
	{
		static const char *const scols[] = { "code", "name", "name_es" };

		figset_table_from_dataset(fs, "strategy_countries", sc, scols, 3);
	}
}

void texts_figures(const struct texts_data *d, struct figset *fs)
{
	static const char *const ucols[] = {
		"id", "level", "state", "name", "organisation", "sector", "sector_es", "text", "text_es"
	};
	static const char *const pcols[] = {
		"name", "job_title", "organisation", "sector", "sector_es", "state", "job_title_es"
	};
	static const char *const mcols[] = { "year", "state", "text", "text_es" };

	figset_set_origin(fs, FIG_PROV_NONE, "");
	emit_recommendations(d, fs);
	figset_set_origin(fs, FIG_PROV_NONE, "");
	emit_areas(d, fs);
	figset_set_origin(fs, FIG_PROV_NONE, "");
	figset_table_from_dataset(fs, "use_cases", &d->use_cases, ucols, 9);
	counted_from(fs, &d->use_cases);
	figset_num(fs, "use_cases.count", (double)d->use_cases.nrows, "use cases",
	           dataset_file(&d->use_cases), "rows of use_cases.csv");
	figset_set_origin(fs, FIG_PROV_NONE, "");
	emit_programmes(d, fs);
	figset_set_origin(fs, FIG_PROV_NONE, "");
	figset_table_from_dataset(fs, "participants", &d->participants, pcols, 7);
	counted_from(fs, &d->participants);
	figset_num(fs, "participants.count", (double)d->participants.nrows, "people",
	           dataset_file(&d->participants), "rows of participants.csv");
	figset_set_origin(fs, FIG_PROV_NONE, "");
	emit_bibliography(d, fs);
	figset_set_origin(fs, FIG_PROV_NONE, "");
	emit_themes(d, fs);
	figset_set_origin(fs, FIG_PROV_NONE, "");
	figset_table_from_dataset(fs, "milestones", &d->milestones, mcols, 4);
	figset_set_origin(fs, FIG_PROV_NONE, "");
}
