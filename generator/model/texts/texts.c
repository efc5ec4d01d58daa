/*
 * texts: text datasets of the edition -> checked tables -> figure tables.
 * Nothing here computes a number the paper argues with; the module only
 * validates links between files (areas, citations, themes, states) and
 * numbers the bibliography in order of first citation.
 */
#include "model/texts/texts.h"

#include "base/base.h"
#include "figures/figures.h"
#include "model/regions/regions.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define PROV { "provenance", COL_ENUM, true, false, false, false, 0, 0, \
               "official|published|derived|estimated" }
#define SRC { "source", COL_CODE, true, false, false, false, 0, 0, NULL }
#define TEXT_REQ(n) { n, COL_TEXT, true, false, false, false, 0, 0, NULL }
#define TEXT_OPT(n) { n, COL_TEXT, false, false, false, false, 0, 0, NULL }
#define CODE_KEY(n) { n, COL_CODE, true, true, false, false, 0, 0, NULL }
#define CODE_REQ(n) { n, COL_CODE, true, false, false, false, 0, 0, NULL }
#define CODE_OPT(n) { n, COL_CODE, false, false, false, false, 0, 0, NULL }
#define COUNT(n) { n, COL_INT, true, false, true, false, 0, 0, NULL }
#define SCHEMA(var, label, cols) \
	static const struct dataset_schema var = { label, cols, sizeof cols / sizeof cols[0], ',', false }

static const struct col_schema rec_cols[] = {
	{ "number", COL_INT, true, true, true, false, 1, 0, NULL },
	CODE_REQ("area"), TEXT_REQ("actor"), TEXT_REQ("actor_es"),
	{ "timeframe_code", COL_ENUM, true, false, false, false, 0, 0,
	  "current|next|current_next|unspecified" },
	TEXT_REQ("timeframe"), TEXT_REQ("timeframe_es"),
	TEXT_REQ("title"), TEXT_REQ("title_es"), TEXT_REQ("summary"), TEXT_REQ("summary_es"),
	/* yes when the recommendation concerns states and regions (state briefs) */
	{ "regional", COL_ENUM, false, false, false, false, 0, 0, "yes|no" },
	PROV, SRC,
};
SCHEMA(rec_schema, "recommendations", rec_cols);
enum { R_NUMBER, R_AREA, R_ACTOR, R_ACTOR_ES, R_TF_CODE, R_TF, R_TF_ES, R_TITLE, R_TITLE_ES,
       R_SUMMARY, R_SUMMARY_ES, R_REGIONAL };

static const struct col_schema area_cols[] = {
	CODE_KEY("code"), { "order", COL_INT, true, false, true, false, 1, 0, NULL },
	TEXT_REQ("name"), TEXT_REQ("name_es"), PROV, SRC,
};
SCHEMA(area_schema, "recommendation areas", area_cols);
enum { A_CODE, A_ORDER, A_NAME, A_NAME_ES };

static const struct col_schema use_cols[] = {
	CODE_KEY("id"),
	{ "level", COL_ENUM, true, false, false, false, 0, 0, "national|regional" },
	CODE_OPT("state"), TEXT_REQ("name"), TEXT_REQ("organisation"), TEXT_REQ("sector"),
	TEXT_REQ("sector_es"), TEXT_REQ("text"), TEXT_REQ("text_es"), PROV, SRC,
};
SCHEMA(use_schema, "use cases", use_cols);
enum { U_ID, U_LEVEL, U_STATE };

static const struct col_schema prog_cols[] = {
	{ "field", COL_TEXT, true, true, false, false, 0, 0, NULL }, TEXT_REQ("field_es"),
	COUNT("g1_recent"), COUNT("g1_forming"), COUNT("g1_consolidated"), COUNT("g1_international"),
	COUNT("g2_recent"), COUNT("g2_forming"), COUNT("g2_consolidated"), COUNT("g2_international"),
	PROV, SRC,
};
SCHEMA(prog_schema, "university programmes", prog_cols);
enum { G_FIELD, G_FIELD_ES, G_FIRST };

static const struct col_schema stage_cols[] = {
	CODE_KEY("code"), { "order", COL_INT, true, false, true, false, 1, 0, NULL },
	TEXT_REQ("name"), TEXT_REQ("name_es"), PROV, SRC,
};
SCHEMA(stage_schema, "programme stages", stage_cols);

static const struct col_schema part_cols[] = {
	TEXT_REQ("name"), TEXT_OPT("job_title"), TEXT_OPT("organisation"), TEXT_OPT("sector"),
	TEXT_OPT("sector_es"), CODE_OPT("state"), TEXT_OPT("sector_as_published"),
	TEXT_OPT("job_title_es"), PROV, SRC,
};
SCHEMA(part_schema, "participants", part_cols);
enum { P_NAME, P_JOB, P_ORG, P_SECTOR, P_SECTOR_ES, P_STATE };

static const struct col_schema bib_cols[] = {
	CODE_KEY("id"), TEXT_REQ("author"), { "year", COL_INT, false, false, true, true, 1000, 2999, NULL },
	TEXT_REQ("title"), TEXT_OPT("publisher"), TEXT_OPT("url"), PROV, SRC,
	{ "cited_by", COL_ENUM, false, false, false, false, 0, 0, "footnote|text" },
};
SCHEMA(bib_schema, "bibliography", bib_cols);
enum { B_ID, B_AUTHOR, B_YEAR, B_TITLE, B_PUBLISHER, B_URL, B_PROV, B_SRC, B_CITED_BY };

static const struct col_schema note_cols[] = {
	{ "number", COL_INT, true, true, true, false, 1, 0, NULL },
	{ "kind", COL_ENUM, true, false, false, false, 0, 0,
	  "source|note|scope|definition|acronym" },
	TEXT_OPT("cites"), TEXT_OPT("pages"), PROV, SRC,
};
SCHEMA(note_schema, "footnotes", note_cols);
enum { F_NUMBER, F_KIND, F_CITES, F_PAGES };

static const struct col_schema theme_cols[] = {
	CODE_KEY("code"), { "order", COL_INT, true, false, true, false, 1, 0, NULL },
	TEXT_REQ("name"), TEXT_REQ("name_es"), PROV, SRC,
};
SCHEMA(theme_schema, "strategy themes", theme_cols);
enum { T_CODE, T_ORDER, T_NAME, T_NAME_ES };

static const struct col_schema scountry_cols[] = {
	CODE_KEY("code"), TEXT_REQ("name"), TEXT_REQ("name_es"), PROV, SRC,
};
SCHEMA(scountry_schema, "strategy countries", scountry_cols);
enum { S_CODE, S_NAME, S_NAME_ES };

static const struct col_schema tc_cols[] = {
	CODE_KEY("theme"), CODE_KEY("country"),
	{ "basis", COL_ENUM, true, false, false, false, 0, 0, "all|named" }, PROV, SRC,
};
SCHEMA(tc_schema, "strategy theme countries", tc_cols);
enum { TC_THEME, TC_COUNTRY, TC_BASIS };

static const struct col_schema mile_cols[] = {
	{ "year", COL_INT, true, false, true, true, 1800, 2999, NULL }, CODE_OPT("state"),
	TEXT_REQ("text"), TEXT_REQ("text_es"), PROV, SRC,
};
SCHEMA(mile_schema, "milestones", mile_cols);
enum { MI_YEAR, MI_STATE, MI_TEXT, MI_TEXT_ES };

int texts_is_slug(const char *s)
{
	bool prev_hyphen = true;   /* no leading hyphen */

	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
			prev_hyphen = false;
		} else if (*s == '-' && !prev_hyphen) {
			prev_hyphen = true;
		} else {
			return 0;
		}
	}
	return !prev_hyphen;
}

/* Check that a state column holds slugs (empty allowed). */
static int check_slugs(const struct dataset *t, size_t col)
{
	int rc = 0;
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		const char *s = dataset_text(t, i, col);

		if (*s == '\0' || texts_is_slug(s))
			continue;
		dataset_error(t, i, col, "'%s' is not a state slug (lowercase ASCII words "
		            "joined by hyphens, e.g. nuevo-leon)", s);
		rc = -1;
	}
	return rc;
}

/* Numbers in column col must run 1..nrows in file order. */
static int check_sequence(const struct dataset *t, size_t col, const char *what)
{
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		if ((size_t)dataset_num(t, i, col) == i + 1)
			continue;
		dataset_error(t, i, col, "%s should be numbered 1, 2, 3 ... in order: expected %zu, "
		            "found %s", what, i + 1, dataset_text(t, i, col));
		return -1;
	}
	return 0;
}

static int check_recommendations(struct texts_data *d)
{
	const struct dataset *r = &d->recommendations;
	int rc = check_sequence(r, R_NUMBER, "recommendations");
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		const char *area = dataset_text(r, i, R_AREA);

		if (dataset_find(&d->areas, A_CODE, area) >= 0)
			continue;
		dataset_error(r, i, R_AREA, "unknown area '%s' (not in rec_areas.csv)", area);
		rc = -1;
	}
	return rc;
}

static int check_use_cases(const struct texts_data *d)
{
	const struct dataset *u = &d->use_cases;
	int rc = check_slugs(u, U_STATE);
	size_t i;

	for (i = 0; i < u->nrows; i++) {
		bool regional = strcmp(dataset_text(u, i, U_LEVEL), "regional") == 0;
		bool has_state = dataset_cell(u, i, U_STATE)->present;

		if (regional && !has_state) {
			dataset_error(u, i, U_STATE, "a regional use case needs a state");
			rc = -1;
		} else if (!regional && has_state) {
			dataset_error(u, i, U_STATE, "a national use case has no state");
			rc = -1;
		}
	}
	return rc;
}

/* Split a space-separated id list in place into ids[]; returns the count. */
static size_t split_ids(char *s, char **ids, size_t max)
{
	size_t n = 0;
	char *p = s;

	while (*p != '\0' && n < max) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		ids[n++] = p;
		while (*p != '\0' && *p != ' ')
			p++;
		if (*p == ' ')
			*p++ = '\0';
	}
	return n;
}

static int check_footnotes(struct arena *a, struct texts_data *d)
{
	const struct dataset *f = &d->footnotes, *b = &d->bibliography;
	int rc = check_sequence(f, F_NUMBER, "footnotes");
	int next = 1;
	size_t i, j;

	d->bib_number = arena_calloc(a, b->nrows ? b->nrows : 1, sizeof *d->bib_number);
	for (i = 0; i < f->nrows; i++) {
		bool is_source = strcmp(dataset_text(f, i, F_KIND), "source") == 0;
		char *list = arena_strdup(a, dataset_text(f, i, F_CITES));
		char *ids[16];
		size_t n = split_ids(list, ids, 16);

		if (is_source && n == 0) {
			dataset_error(f, i, F_CITES,
			            "a footnote of kind 'source' must cite a bibliography id");
			rc = -1;
		} else if (!is_source && n > 0) {
			dataset_error(f, i, F_CITES,
			            "only footnotes of kind 'source' cite the bibliography");
			rc = -1;
		}
		for (j = 0; j < n; j++) {
			long row = dataset_find(b, B_ID, ids[j]);

			if (row < 0) {
				dataset_error(f, i, F_CITES,
				            "unknown bibliography id '%s' (not in bibliography.csv)", ids[j]);
				rc = -1;
				continue;
			}
			if (d->bib_number[row] == 0)
				d->bib_number[row] = next++;
		}
	}
	/* Entries no footnote cites: numbered after the others, and flagged
	 * unless they are marked as cited by our own text (cited_by = text). */
	for (i = 0; i < b->nrows; i++) {
		struct srcloc loc;

		if (d->bib_number[i] != 0)
			continue;
		d->bib_number[i] = next++;
		if (strcmp(dataset_text(b, i, B_CITED_BY), "text") == 0)
			continue;
		loc = dataset_loc(b, i, B_ID);
		diag_warn(&loc, "bibliography entry '%s' is not cited by any footnote",
		          dataset_text(b, i, B_ID));
	}
	return rc;
}

static int check_themes(const struct texts_data *d)
{
	const struct dataset *tc = &d->theme_countries;
	int rc = 0;
	size_t i;

	for (i = 0; i < tc->nrows; i++) {
		if (dataset_find(&d->themes, T_CODE, dataset_text(tc, i, TC_THEME)) < 0) {
			dataset_error(tc, i, TC_THEME, "unknown theme '%s' (not in strategy_themes.csv)",
			            dataset_text(tc, i, TC_THEME));
			rc = -1;
		}
		if (dataset_find(&d->strategy_countries, S_CODE, dataset_text(tc, i, TC_COUNTRY)) < 0) {
			dataset_error(tc, i, TC_COUNTRY, "unknown country '%s' (not in strategy_countries.csv)",
			            dataset_text(tc, i, TC_COUNTRY));
			rc = -1;
		}
	}
	return rc;
}

int texts_load(struct arena *a, const char *dir, struct texts_data *out)
{
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (data_load_in(a, dir, "recommendations.csv", &rec_schema, &out->recommendations) < 0)
		rc = -1;
	if (data_load_in(a, dir, "rec_areas.csv", &area_schema, &out->areas) < 0)
		rc = -1;
	if (data_load_in(a, dir, "use_cases.csv", &use_schema, &out->use_cases) < 0)
		rc = -1;
	if (data_load_in(a, dir, "programmes.csv", &prog_schema, &out->programmes) < 0)
		rc = -1;
	if (data_load_in(a, dir, "programme_stages.csv", &stage_schema, &out->stages) < 0)
		rc = -1;
	if (data_load_in(a, dir, "participants.csv", &part_schema, &out->participants) < 0)
		rc = -1;
	if (data_load_in(a, dir, "bibliography.csv", &bib_schema, &out->bibliography) < 0)
		rc = -1;
	if (data_load_in(a, dir, "footnotes.csv", &note_schema, &out->footnotes) < 0)
		rc = -1;
	if (data_load_in(a, dir, "strategy_themes.csv", &theme_schema, &out->themes) < 0)
		rc = -1;
	if (data_load_in(a, dir, "strategy_countries.csv", &scountry_schema,
	                 &out->strategy_countries) < 0)
		rc = -1;
	if (data_load_in(a, dir, "strategy_theme_countries.csv", &tc_schema,
	                 &out->theme_countries) < 0)
		rc = -1;
	if (data_load_in(a, dir, "milestones.csv", &mile_schema, &out->milestones) < 0)
		rc = -1;
	if (rc < 0)
		return -1;
	if (check_recommendations(out) < 0)
		rc = -1;
	if (check_use_cases(out) < 0)
		rc = -1;
	if (check_slugs(&out->participants, P_STATE) < 0)
		rc = -1;
	if (check_slugs(&out->milestones, MI_STATE) < 0)
		rc = -1;
	if (check_footnotes(a, out) < 0)
		rc = -1;
	if (check_themes(out) < 0)
		rc = -1;
	return rc;
}

static int check_state_col(const struct dataset *t, size_t col, const struct regions_data *r)
{
	int rc = 0;
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		const char *s = dataset_text(t, i, col);

		if (*s == '\0' || regions_find(r, s) >= 0)
			continue;
		dataset_error(t, i, col, "unknown state '%s' (not in states.csv)", s);
		rc = -1;
	}
	return rc;
}

int texts_check_states(const struct texts_data *t, const struct regions_data *r)
{
	int rc = 0;

	if (check_state_col(&t->use_cases, U_STATE, r) < 0)
		rc = -1;
	if (check_state_col(&t->participants, P_STATE, r) < 0)
		rc = -1;
	if (check_state_col(&t->milestones, MI_STATE, r) < 0)
		rc = -1;
	return rc;
}

/* ---- figures ---- */

static bool is_numeric(enum col_type t)
{
	return t == COL_INT || t == COL_NUM || t == COL_SHARE;
}

struct figtable *texts_emit_table(struct figset *fs, const char *name, const struct dataset *t,
                                const char *const *cols, size_t ncols)
{
	struct arena *a = figset_arena(fs);
	const char **out = arena_calloc(a, ncols ? ncols : 1, sizeof *out);
	int *in = arena_calloc(a, ncols ? ncols : 1, sizeof *in);
	struct figtable *ft;
	size_t i, j;

	/* "out=in" emits column in under the name out. */
	for (j = 0; j < ncols; j++) {
		const char *eq = strchr(cols[j], '=');

		out[j] = eq ? arena_strndup(a, cols[j], (size_t)(eq - cols[j])) : cols[j];
		in[j] = dataset_col(t, eq ? eq + 1 : cols[j]);
	}
	ft = figset_table(fs, name, ncols, out, t->path);
	for (i = 0; i < t->nrows; i++) {
		size_t row = figtable_add_row(fs, ft);

		for (j = 0; j < ncols; j++) {
			const struct cell *cell;

			if (in[j] < 0)
				continue;
			cell = dataset_cell(t, i, (size_t)in[j]);
			if (cell->present && is_numeric(t->schema->cols[in[j]].type))
				figtable_set_num(fs, ft, row, j, cell->num);
			else
				figtable_set_text(fs, ft, row, j, cell->text);
		}
	}
	return ft;
}

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
	struct figtable *t = figset_table(fs, "recommendations", 14, cols, r->path);
	size_t i, j;

	for (i = 0; i < r->nrows; i++) {
		size_t row = figtable_add_row(fs, t);
		long area = dataset_find(&d->areas, A_CODE, dataset_text(r, i, R_AREA));

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
	figset_num(fs, "recommendations.count", (double)r->nrows, "recommendations", r->path,
	           "rows of recommendations.csv");
}

static void emit_areas(const struct texts_data *d, struct figset *fs)
{
	static const char *const cols[] = { "code", "order", "name", "name_es", "count", "first", "last" };
	const struct dataset *ar = &d->areas, *r = &d->recommendations;
	struct figtable *t = figset_table(fs, "rec_areas", 7, cols, ar->path);
	size_t i, j;

	for (i = 0; i < ar->nrows; i++) {
		size_t row = figtable_add_row(fs, t), n = 0;
		double first = 0, last = 0;
		char key[128];

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
		snprintf(key, sizeof key, "rec_areas.%s.count", dataset_text(ar, i, A_CODE));
		figset_num(fs, key, (double)n, "recommendations", r->path,
		           "recommendations in the area");
	}
	figset_num(fs, "rec_areas.count", (double)ar->nrows, "areas", ar->path,
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
	struct figtable *t = figset_table(fs, "programmes", 13, cols, p->path);
	double sum1 = 0, sum2 = 0;
	size_t i, j;

	for (i = 0; i < p->nrows; i++) {
		size_t row = figtable_add_row(fs, t);
		double g1 = 0, g2 = 0;

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
	figset_num(fs, "programmes.g1.total", sum1, "programmes", p->path, "sum of group 1 over fields and stages");
	figset_num(fs, "programmes.g2.total", sum2, "programmes", p->path, "sum of group 2 over fields and stages");
	figset_num(fs, "programmes.total", sum1 + sum2, "programmes", p->path, "sum over groups, fields and stages");
	{
		static const char *const scols[] = { "code", "order", "name", "name_es" };

		texts_emit_table(fs, "programme_stages", &d->stages, scols, 4);
	}
}

static void emit_bibliography(const struct texts_data *d, struct figset *fs)
{
	static const char *const cols[] = {
		"id", "number", "text", "author", "year", "title", "publisher", "url"
	};
	static const char *const ncols[] = { "number", "kind", "cites", "refs", "pages" };
	struct arena *a = figset_arena(fs);
	const struct dataset *b = &d->bibliography, *f = &d->footnotes;
	struct figtable *t = figset_table(fs, "bibliography", 8, cols, b->path);
	int n;
	size_t i, j;

	/* Rows in bibliography order (by number). */
	for (n = 1; n <= (int)b->nrows; n++) {
		for (i = 0; i < b->nrows; i++) {
			size_t row;

			if (d->bib_number[i] != n)
				continue;
			row = figtable_add_row(fs, t);
			figtable_set_text(fs, t, row, 0, dataset_text(b, i, B_ID));
			figtable_set_num(fs, t, row, 1, n);
			figtable_set_text(fs, t, row, 2, citation_text(a, b, i));
			for (j = B_AUTHOR; j <= B_URL; j++) {
				if (j == B_YEAR && dataset_cell(b, i, j)->present)
					figtable_set_num(fs, t, row, 2 + j, dataset_num(b, i, j));
				else
					figtable_set_text(fs, t, row, 2 + j, dataset_text(b, i, j));
			}
		}
	}
	figset_num(fs, "bibliography.count", (double)b->nrows, "references", b->path,
	           "rows of bibliography.csv");

	t = figset_table(fs, "footnotes", 5, ncols, f->path);
	for (i = 0; i < f->nrows; i++) {
		size_t row = figtable_add_row(fs, t), k, nid;
		char *list = arena_strdup(a, dataset_text(f, i, F_CITES));
		char *ids[16];
		struct buf refs = { 0 };

		nid = split_ids(list, ids, 16);
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
	figset_num(fs, "footnotes.count", (double)f->nrows, "footnotes", f->path,
	           "rows of footnotes.csv");
}

static void emit_themes(const struct texts_data *d, struct figset *fs)
{
	static const char *const cols[] = {
		"code", "order", "name", "name_es", "count", "countries", "countries_es"
	};
	static const char *const ccols[] = { "theme", "country", "name", "name_es", "basis" };
	const struct dataset *th = &d->themes, *tc = &d->theme_countries, *sc = &d->strategy_countries;
	struct figtable *t = figset_table(fs, "strategy_themes", 7, cols, th->path);
	struct figtable *t2 = figset_table(fs, "strategy_theme_countries", 5, ccols, tc->path);
	size_t i, j;

	for (i = 0; i < th->nrows; i++) {
		size_t row = figtable_add_row(fs, t), n = 0;
		struct buf en = { 0 }, es = { 0 };

		for (j = 0; j < tc->nrows; j++) {
			long c;

			if (strcmp(dataset_text(tc, j, TC_THEME), dataset_text(th, i, T_CODE)) != 0)
				continue;
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

		figtable_set_text(fs, t2, row, 0, dataset_text(tc, j, TC_THEME));
		figtable_set_text(fs, t2, row, 1, dataset_text(tc, j, TC_COUNTRY));
		if (c >= 0) {
			figtable_set_text(fs, t2, row, 2, dataset_text(sc, (size_t)c, S_NAME));
			figtable_set_text(fs, t2, row, 3, dataset_text(sc, (size_t)c, S_NAME_ES));
		}
		figtable_set_text(fs, t2, row, 4, dataset_text(tc, j, TC_BASIS));
	}
	figset_num(fs, "strategy_countries.count", (double)sc->nrows, "countries", sc->path,
	           "rows of strategy_countries.csv");
	{
		static const char *const scols[] = { "code", "name", "name_es" };

		texts_emit_table(fs, "strategy_countries", sc, scols, 3);
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

	emit_recommendations(d, fs);
	emit_areas(d, fs);
	texts_emit_table(fs, "use_cases", &d->use_cases, ucols, 9);
	figset_num(fs, "use_cases.count", (double)d->use_cases.nrows, "use cases",
	           d->use_cases.path, "rows of use_cases.csv");
	emit_programmes(d, fs);
	texts_emit_table(fs, "participants", &d->participants, pcols, 7);
	figset_num(fs, "participants.count", (double)d->participants.nrows, "people",
	           d->participants.path, "rows of participants.csv");
	emit_bibliography(d, fs);
	emit_themes(d, fs);
	texts_emit_table(fs, "milestones", &d->milestones, mcols, 4);
}
