/*
 * Accessible and archival PDF (issue 18), end to end on the default
 * edition: the structure tree read back by poppler against the template,
 * text extraction of broken words and of the two-column bibliography, and
 * the PDF/UA-1 + PDF/A-2b checker (tests/check_pdf.py) passing on what a
 * run writes and failing, with file, page and object, on broken copies.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define EPOCH "SOURCE_DATE_EPOCH=1527811200"
#define PY "/usr/bin/python3"

static char *run_paper(void)
{
	char *dir = th_tmpdir(), *log = NULL;
	int st;

	cr_assert_not_null(dir);
	st = th_run(&log, EPOCH " '%s' --quiet --lang en --only paper --out '%s/out'", th_bin(), dir);
	cr_assert_eq(st, 0, "reportgen failed (%d):\n%s", st, log);
	free(log);
	return dir;
}

/* The text of the first structure element of role after *from in poppler's
 * struct-text dump ("  H1 (block)" then its text lines); NULL if none. */
static char *next_elem(const char **from, const char *role)
{
	char pat[32];
	const char *p, *q, *e;
	size_t n;
	char *out;

	snprintf(pat, sizeof pat, " %s (block)\n", role);
	p = strstr(*from, pat);
	if (p == NULL)
		return NULL;
	q = strchr(p + strlen(pat), '"');
	e = q ? strchr(q + 1, '\n') : NULL;
	if (q == NULL || e == NULL)
		return NULL;
	n = (size_t)(e - q - 1);
	if (n > 0 && q[n] == '"')
		n--;
	out = strndup(q + 1, n);
	*from = e;
	return out;
}

/* poppler's -struct-text renders a page again for every element: minutes
 * for the whole paper. The paper's first pages alone: its front matter
 * (cover, About this report, contents) from a copy of the templates. */
Test(pdfua, structure_tree_reads_as_the_template, .timeout = 120)
{
	char *dir = th_tmpdir(), *st = NULL, *src, *h, *log = NULL;
	const char *at;
	size_t len;

	cr_assert_not_null(dir);
	/* the front matter alone; its cross-references to later chapters become
	 * plain words */
	cr_assert_eq(th_run(&log, "cp -r '%s/templates' '%s/t' && cd '%s/t/whitepaper/en' && "
	                    "rm 0[1-9]*.md 1*.md && sed -i 's/\\[@[a-z:-]*\\]/below/g' 00-front.md && "
	                    "cd '%s' && " EPOCH " '%s' --quiet --lang en --only paper --templates '%s/t' "
	                    "--out '%s/out' 2>&1", TEST_SRCDIR, dir, dir, TEST_SRCDIR, th_bin(), dir,
	                    dir), 0, "%s", log);
	free(log);
	cr_assert_eq(th_run(&st, "pdfinfo -struct-text '%s/out/whitepaper-en.pdf'", dir), 0);
	src = th_read_file(TEST_SRCDIR "/templates/whitepaper/en/00-front.md", &len);
	cr_assert_not_null(src);
	/* the template's front matter title, then its '#' and '##' headings, in
	 * order, are the structure's Title (role-mapped to H1), H1 and H2 */
	cr_assert_not_null(strstr(src, "title: Towards an AI Strategy in Mexico\n"));
	at = st;
	h = next_elem(&at, "H1");
	cr_assert_not_null(h, "%s", st);
	cr_expect_str_eq(h, "Towards an AI Strategy in Mexico");
	free(h);
	{
		const char *p = src;
		int found = 0;

		while ((p = strstr(p, "\n#")) != NULL) {
			int lv = p[2] == '#' ? 2 : 1;
			const char *t = p + 1 + lv + 1, *e = strpbrk(t, "{\n");
			char want[200];

			p += 2;
			if (t[-1] != ' ' || e == NULL || (size_t)(e - t) >= sizeof want)
				continue;
			snprintf(want, sizeof want, "%.*s", (int)(e - t), t);
			while (strlen(want) && want[strlen(want) - 1] == ' ')
				want[strlen(want) - 1] = '\0';
			h = next_elem(&at, lv == 1 ? "H1" : "H2");
			cr_assert_not_null(h, "no H%d '%s' in the structure", lv, want);
			cr_expect_str_eq(h, want);
			free(h);
			found++;
		}
		cr_expect_geq(found, 3, "headings of the template: %d", found);
	}
	/* the first body paragraph of the template, as one P */
	cr_expect_not_null(strstr(st, "\n    \"The British Embassy in Mexico asked for this white paper,"),
	                   "%s", st);
	h = next_elem(&at, "H1");
	cr_assert_not_null(h);
	cr_expect_str_eq(h, "Contents");
	free(h);
	free(src);
	free(st);
	th_rmtree(dir);   /* the path stays the helper's */
}

Test(pdfua, broken_words_extract_whole_and_real_hyphens_stay, .timeout = 120)
{
	char *dir = run_paper(), *txt = NULL, *log = NULL;

	/* every word broken at a line end (its ActualText) extracts whole: an
	 * added hyphen is gone, a real one ("Martinho-Truswell") stays */
	cr_assert_eq(th_run(&log, "qpdf --qdf --object-streams=disable '%s/out/whitepaper-en.pdf' "
	                    "%s/q.pdf && pdftotext '%s/out/whitepaper-en.pdf' %s/t.txt && "
	                    PY " -c 'import re\n"
	                    "d = open(\"%s/q.pdf\", \"rb\").read()\n"
	                    "t = open(\"%s/t.txt\", encoding=\"utf-8\").read()\n"
	                    "w = [bytes.fromhex(h.decode()).decode(\"utf-16-be\") for h in "
	                    "re.findall(rb\"/ActualText <feff([0-9a-f]+)>\", d)]\n"
	                    "print(len(w), sum(\"-\" in x for x in w), "
	                    "[x for x in w if x not in t][:5])\n'", dir, dir, dir, dir, dir, dir),
	             0, "%s", log);
	{
		int words = 0, real = 0;

		cr_assert_eq(sscanf(log, "%d %d", &words, &real), 2, "%s", log);
		cr_expect_gt(words, 40, "%s", log);
		cr_expect_gt(real, 0, "no real hyphen at a line end: %s", log);
		cr_expect_not_null(strstr(log, " []"), "words that do not extract whole: %s", log);
	}
	free(log);
	log = NULL;
	cr_assert_eq(th_run(&txt, "pdftotext '%s/out/whitepaper-en.pdf' -", dir), 0);
	cr_expect_not_null(strstr(txt, "Martinho-Truswell"));
	cr_expect_not_null(strstr(txt, "sub-sector"));
	cr_expect_null(strstr(txt, "subsector"), "a real hyphen was dropped");
	free(txt);
	/* no line of the paper ends in a broken word */
	cr_assert_eq(th_run(&log, "pdftotext '%s/out/whitepaper-en.pdf' - | grep -cE "
	                     "'[[:alpha:]]-$' || true", dir), 0);
	cr_expect_eq(atoi(log), 0, "%s lines end in a broken word", log);
	free(log);
	/* content order is the logical one: the bibliography's column one
	 * comes before column two */
	cr_assert_eq(th_run(&txt, "pdftotext -raw '%s/out/whitepaper-en.pdf' -", dir), 0);
	{
		const char *a = strstr(txt, "[28] "), *b = strstr(txt, "[29] "), *c = strstr(txt, "[30] ");

		cr_assert(a && b && c);
		cr_expect(a < b && b < c, "bibliography out of order");
	}
	free(txt);
	th_rmtree(dir);   /* the path stays the helper's */
}

/* A copy of pdf with one thing broken by a pikepdf statement (p: the Pdf). */
static void broken(const char *pdf, const char *out, const char *stmt)
{
	char *log = NULL;

	cr_assert_eq(th_run(&log, PY " -c 'import pikepdf\n"
	                          "from pikepdf import Name, Dictionary\n"
	                          "p = pikepdf.open(\"%s\")\n%s\np.save(\"%s\")\n' 2>&1",
	                    pdf, stmt, out), 0, "%s", log);
	free(log);
}

Test(pdfua, checker_passes_a_run_and_fails_broken_files, .timeout = 180)
{
	static const struct {
		const char *stmt, *want;
	} cases[] = {
		{ "del p.Root.MarkInfo", "not tagged" },
		{ "del p.Root.Lang", "catalog has no /Lang" },
		{ "del p.Root.Metadata", "no XMP metadata stream" },
		{ "del p.Root.OutputIntents", "no GTS_PDFA1 output intent" },
		{ "p.docinfo[Name.Title] = \"Another title\"", "differs from Info /Title" },
		{ "[o for o in p.objects if isinstance(o, Dictionary) and o.get(\"/S\") == "
		  "Name.Figure][0].Alt = \"\"", "Figure without alternative text" },
		{ "pg = p.pages[1]\npg.contents_add(p.make_stream(b\"BT /F0 9 Tf 1 0 0 1 9 9 Tm "
		  "<0001> Tj ET\"))", "page 2: 1 content items neither tagged nor artifacts" },
		{ "[a for pg in p.pages for a in pg.obj.get(\"/Annots\", [])][0].F = 0",
		  "annotation does not print" },
		{ "[a for pg in p.pages for a in pg.obj.get(\"/Annots\", [])][0].Contents = \"\"",
		  "link without /Contents" },
	};
	char *dir = run_paper(), *log = NULL, pdf[600], bad[600];

	snprintf(pdf, sizeof pdf, "%s/out/whitepaper-en.pdf", dir);
	cr_assert_eq(th_run(&log, PY " '%s/tests/check_pdf.py' '%s/out' 2>&1", TEST_SRCDIR, dir), 0,
	             "%s", log);
	cr_expect_not_null(strstr(log, "check_pdf: 1 file, 0 failures"), "%s", log);
	free(log);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(bad, sizeof bad, "%s/bad%zu.pdf", dir, i);
		broken(pdf, bad, cases[i].stmt);
		log = NULL;
		cr_expect_eq(th_run(&log, PY " '%s/tests/check_pdf.py' '%s' 2>&1", TEST_SRCDIR, bad), 1,
		             "the checker passed: %s\n%s", cases[i].stmt, log);
		cr_expect_not_null(strstr(log, cases[i].want), "%s:\n%s", cases[i].want, log);
		cr_expect_not_null(strstr(log, bad), "no file named: %s", log);
		free(log);
	}
	th_rmtree(dir);   /* the path stays the helper's */
}

Test(pdfua, reruns_are_byte_identical_and_qpdf_clean, .timeout = 120)
{
	char *a = run_paper(), *b = run_paper(), *log = NULL;

	cr_expect_eq(th_run(&log, "cmp '%s/out/whitepaper-en.pdf' '%s/out/whitepaper-en.pdf'", a, b),
	             0, "%s", log);
	free(log);
	log = NULL;
	cr_expect_eq(th_run(&log, "qpdf --check '%s/out/whitepaper-en.pdf' 2>&1", a), 0, "%s", log);
	cr_expect_null(strstr(log, "WARNING"), "%s", log);
	free(log);
	th_rmtree(a);
	th_rmtree(b);
}
