/*
 * Provenance carried to the page (issue 14): over the default run, every
 * source line under a table or a chart of the English and Spanish papers
 * and of every brief cites exactly the source ids of the values it draws,
 * each with its citation from tables/bibliography.csv, no other, and says
 * "estimated" in words exactly when a drawn value is estimated; the ids are
 * carried by the drawn rows as tables/ *.csv writes them, and the line is on
 * the page (pdftotext). Then a perturbation: one employment row relabelled
 * official with an official source changes Table 3's source line, and
 * relabelling it back restores it.
 *
 * The documents are rendered in this process from the same data and
 * templates as the binary's run, so that each doc node tells what it drew;
 * the binary's outputs (CSV, PDF) are what the checks read.
 */
#include "helpers.h"

#include "base/base.h"
#include "doc/doc.h"
#include "figures/figures.h"
#include "load/load.h"
#include "run/internal.h"
#include "tmpl/tmpl.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPOCH "SOURCE_DATE_EPOCH=1527811200"

static struct arena *A;
static char *OUT;            /* the default run's output folder */
static struct figset *FS;    /* the same run's figures, in this process */

static void setup(void)
{
	char *log = NULL;
	struct run_stats st = { 0 };
	char *dir = th_tmpdir();

	cr_assert_not_null(dir);
	OUT = arena_printf(A = arena_new(), "%s/out", dir);
	cr_assert_eq(th_run(&log, EPOCH " '%s' --quiet --out '%s'", th_bin(), OUT), 0, "%s", log);
	free(log);
	th_capture();
	FS = run_edition(A, TEST_SRCDIR "/data/2018", &st);
	cr_assert_not_null(FS, "%s", th_captured());
}

static void teardown(void)
{
	th_capture_end();
	arena_free(A);
}

/* ---- the tables/ CSVs as the run wrote them ---- */

static const struct col_schema origin_cols[] = {
	{ .name = "provenance", .type = COL_TEXT }, { .name = "sources", .type = COL_TEXT },
	{ .name = "row_provenance", .type = COL_TEXT }, { .name = "row_sources", .type = COL_TEXT },
	{ .name = "id", .type = COL_TEXT }, { .name = "cite", .type = COL_TEXT },
	{ .name = "cite_es", .type = COL_TEXT },
};
static const struct dataset_schema origin_schema = {
	.name = "table", .cols = origin_cols, .ncols = 7, .allow_extra_cols = true
};

struct csvtab {
	const char *name;
	struct dataset d;
};
static struct csvtab tabs[64];
static size_t ntabs;

static const struct dataset *csv_table(const char *name)
{
	size_t i;
	char *path;

	for (i = 0; i < ntabs; i++)
		if (strcmp(tabs[i].name, name) == 0)
			return &tabs[i].d;
	cr_assert_lt(ntabs, 64);
	path = arena_printf(A, "%s/tables/%s.csv", OUT, name);
	cr_assert_eq(data_load(A, path, &origin_schema, &tabs[ntabs].d), 0, "%s", th_captured());
	tabs[ntabs].name = arena_strdup(A, name);
	return &tabs[ntabs++].d;
}

/* The sources column of row r of the CSV of table name (row_sources when
 * the table has a column of its own called sources or provenance). */
static const char *csv_row_sources(const char *name, size_t r)
{
	const struct dataset *d = csv_table(name);
	char *head = th_read_file(arena_printf(A, "%s/tables/%s.csv", OUT, name), NULL);
	char *nl = head ? strchr(head, '\n') : NULL;
	size_t c;

	cr_assert_not_null(nl);
	*nl = '\0';
	c = strstr(head, ",row_sources") != NULL ? 3 : 1;
	free(head);
	cr_assert_lt(r, d->nrows, "table %s has no row %zu", name, r);
	return dataset_text(d, r, c);
}

/* The citation of id in the document's language, from the CSV. */
static const char *csv_cite(const char *id, bool es)
{
	const struct dataset *d = csv_table("bibliography");
	size_t r;

	for (r = 0; r < d->nrows; r++)
		if (strcmp(dataset_text(d, r, 4), id) == 0)
			return dataset_text(d, r, es ? 6 : 5);
	return id;
}

/* ---- the pages ---- */

/* Text without blanks and hyphens, for a match across line breaks. */
static char *squeeze(const char *s)
{
	char *o = arena_alloc(A, strlen(s) + 1), *p = o;

	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '-' && *s != '\f')
			*p++ = *s;
	*p = '\0';
	return o;
}

static char *pdf_squeezed(const char *rel)
{
	char *text = NULL, *s;

	cr_assert_eq(th_run(&text, "pdftotext -q '%s/%s' -", OUT, rel), 0, "%s", text);
	s = squeeze(text);
	free(text);
	return s;
}

/* ---- one node ---- */

struct tally {
	size_t lines, estimated, plain;
};

static void check_node(const struct doc_node *n, const char *doc, bool es, const char *page,
                       struct tally *ty)
{
	struct fig_origin want = { FIG_PROV_NONE, "" };
	char *items = arena_strdup(A, n->drawn ? n->drawn : ""), *it, *save = NULL;
	char *rest, *ids, *id, *save2 = NULL;
	const char *stem = es ? "estima" : "estimat";
	const struct figtable *bib = figset_get_table(FS, "bibliography");
	size_t r;

	if (n->source == NULL)
		return;
	ty->lines++;
	for (it = strtok_r(items, " ", &save); it != NULL; it = strtok_r(NULL, " ", &save)) {
		const struct fig_origin *o;

		if (it[0] == '=') {
			const struct figure *f = figset_get(FS, it + 1);

			cr_assert_not_null(f, "%s: drawn figure %s unknown", doc, it + 1);
			fig_origin_join_in(A, &want, f->prov, f->sources);
			continue;
		}
		{
			char tname[128];
			size_t row;
			int col;
			const struct figtable *t;
			char *s2, *ids2, *tok, *sv = NULL;

			cr_assert_eq(sscanf(it, "%127[^:]:%zu:%d", tname, &row, &col), 3, "item %s", it);
			t = figset_get_table(FS, tname);
			cr_assert_not_null(t, "%s: drawn table %s unknown", doc, tname);
			o = col >= 0 ? figtable_cell_origin(t, row, (size_t)col) : figtable_origin(t, row);
			fig_origin_join_in(A, &want, o->prov, o->sources);
			/* the row as written carries every id its cell rests on */
			s2 = arena_strdup(A, csv_row_sources(tname, row));
			ids2 = arena_strdup(A, o->sources);
			for (tok = strtok_r(ids2, " ", &sv); tok; tok = strtok_r(NULL, " ", &sv))
				cr_assert(fig_sources_has(s2, tok), "%s: %s row %zu of tables/%s.csv "
				          "does not carry '%s' (it has '%s')", doc, tname, row, tname, tok, s2);
		}
	}
	cr_assert_str_eq(n->source_ids, want.sources, "%s: source ids of '%s'", doc, n->source);
	cr_assert_eq(n->source_estimated, want.prov == FIG_PROV_ESTIMATED);
	if (want.prov == FIG_PROV_ESTIMATED) {
		ty->estimated++;
		cr_assert_not_null(strstr(n->source, stem), "%s: '%s' draws an estimate but does not "
		                   "say so", doc, n->source);
	} else {
		ty->plain++;
		cr_assert_null(strstr(n->source, stem), "%s: '%s' draws no estimate but says so",
		               doc, n->source);
	}
	/* each id's citation, and no other's */
	rest = arena_strdup(A, n->source);
	ids = arena_strdup(A, want.sources);
	for (id = strtok_r(ids, " ", &save2); id; id = strtok_r(NULL, " ", &save2)) {
		const char *c = csv_cite(id, es);
		char *at = strstr(rest, c);

		cr_assert_not_null(at, "%s: '%s' lacks the citation of %s ('%s')", doc, n->source,
		                   id, c);
		memset(at, '#', strlen(c));
	}
	for (r = 0; bib != NULL && r < bib->nrows; r++) {
		const char *bid = figtable_cell(bib, r, 0)->text;
		const char *c = csv_cite(bid, es);

		if (fig_sources_has(want.sources, bid) || strlen(c) < 8)
			continue;
		cr_assert_null(strstr(rest, c), "%s: '%s' cites %s, which no drawn row carries",
		               doc, n->source, bid);
	}
	cr_assert_not_null(strstr(page, squeeze(n->source)), "%s: source line '%s' not on the page",
	                   doc, n->source);
}

static void walk(const struct doc_node *n, const char *doc, bool es, const char *page,
                 struct tally *ty)
{
	for (; n != NULL; n = n->next) {
		if (n->kind == DOC_TABLE || n->kind == DOC_CHART)
			check_node(n, doc, es, page, ty);
		walk(n->first, doc, es, page, ty);
	}
}

Test(provenance, every_source_line_names_what_its_rows_carry, .init = setup, .fini = teardown,
     .timeout = 300)
{
	static const char *const langs[] = { "en", "es" };
	const struct figtable *states = figset_get_table(FS, "states");
	struct tally ty = { 0 };
	size_t l, s;
	int slug = figtable_col(states, "slug");

	for (l = 0; l < 2; l++) {
		bool es = l == 1;
		struct tmpl *paper = tmpl_compile_dir(A, TEST_SRCDIR "/templates",
		                                      arena_printf(A, "whitepaper/%s", langs[l]),
		                                      langs[l]);
		struct tmpl *brief = tmpl_compile_dir(A, TEST_SRCDIR "/templates",
		                                      arena_printf(A, "brief/%s", langs[l]), langs[l]);
		struct doc *d;
		char *rel;

		cr_assert_not_null(paper, "%s", th_captured());
		cr_assert_not_null(brief, "%s", th_captured());
		d = tmpl_render(A, paper, FS, NULL);
		cr_assert_not_null(d, "%s", th_captured());
		rel = arena_printf(A, "whitepaper-%s.pdf", langs[l]);
		walk(d->root, rel, es, pdf_squeezed(rel), &ty);
		for (s = 0; s < states->nrows; s++) {
			struct tmpl_bind bind = { "state", states, s };

			d = tmpl_render(A, brief, FS, &bind);
			cr_assert_not_null(d, "%s", th_captured());
			rel = arena_printf(A, "briefs/%s/%s.pdf", langs[l],
			                   figtable_cell(states, s, (size_t)slug)->text);
			walk(d->root, rel, es, pdf_squeezed(rel), &ty);
		}
	}
	/* the check saw both kinds of line */
	cr_assert_gt(ty.estimated, 10);
	cr_assert_gt(ty.plain, 10);
}

/* Table 3's source line, from the English paper of a run on edition dir. */
static char *table3_source(const char *dir)
{
	char *text = NULL, *log = NULL, *p, *e;

	cr_assert_eq(th_run(&log, EPOCH " '%s' --quiet --lang en --only paper --data '%s/edition' "
	                    "--out '%s/out'", th_bin(), dir, dir), 0, "%s", log);
	free(log);
	cr_assert_eq(th_run(&text, "pdftotext -q '%s/out/whitepaper-en.pdf' -", dir), 0);
	p = strstr(text, "Table 3:");
	cr_assert_not_null(p, "no Table 3");
	p = strstr(p, "Source: ");
	cr_assert_not_null(p);
	e = strstr(p, "\n\n");
	p = arena_strndup(A, p, e ? (size_t)(e - p) : strlen(p));
	free(text);
	return squeeze(p);
}

Test(provenance, relabelling_an_employment_row_changes_table_3s_source_line, .timeout = 300)
{
	char *dir = th_tmpdir(), *before, *after, *back;

	A = arena_new();
	th_capture();
	cr_assert_eq(th_copy_edition(dir), 0);
	before = table3_source(dir);
	cr_assert_null(strstr(before, squeeze("INEGI, ENOE")), "%s", before);
	/* manufacturing, first in Table 3: its men's row becomes official INEGI */
	cr_assert_eq(th_run(NULL, "cd '%s/edition' && sed -i 's/^manufacturing,men,\\([0-9]*\\),"
	                    "[a-z]*,[a-z_0-9-]*$/manufacturing,men,\\1,official,inegi_enoe_pea/' "
	                    "employment.csv && grep -q '^manufacturing,men,.*,official,inegi_enoe_pea$' "
	                    "employment.csv", dir), 0);
	after = table3_source(dir);
	cr_assert_neq(strcmp(before, after), 0, "Table 3's source line did not change");
	cr_assert_not_null(strstr(after, squeeze("INEGI, ENOE")), "%s", after);
	cr_assert_not_null(strstr(after, "estimat"), "the other inputs stay estimated: %s", after);
	cr_assert_eq(th_run(NULL, "cd '%s/edition' && cp '" TEST_SRCDIR "/data/2018/employment.csv' "
	                    "employment.csv", dir), 0);
	back = table3_source(dir);
	cr_assert_str_eq(back, before);
	th_capture_end();
	arena_free(A);
}
