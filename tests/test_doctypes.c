/*
 * Document types as data (run/plan.c): a folder templates/NAME/ with a
 * doc.manifest and a folder per language is a document the run builds. The
 * fixture tests/fixtures/doctypes/sectornote/ (one page, once per edition,
 * on Letter pages) is added beside a copy of the project's templates.
 */
#include "helpers.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#define EPOCH "SOURCE_DATE_EPOCH=1527811200"

/* A copy of templates/ with the fixture's sectornote/ in dir/templates. */
static char *templates_with_note(void)
{
	char *dir = th_tmpdir();

	cr_assert_not_null(dir);
	cr_assert_eq(th_run(NULL, "cp -r templates '%s/templates' && "
	                    "cp -r tests/fixtures/doctypes/sectornote '%s/templates/'", dir, dir), 0);
	return dir;
}

Test(doctypes, a_new_document_type_is_built_by_name, .timeout = 120)
{
	char *dir = templates_with_note(), *log = NULL;

	cr_assert_eq(th_run(&log, EPOCH " '%s' --templates '%s/templates' --only sectornote --out '%s/out'",
	                    th_bin(), dir, dir), 0, "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, "pdfinfo '%s/out/notes/manufacturing-en.pdf'", dir), 0, "%s", log);
	cr_assert_not_null(strstr(log, "Pages:           1\n"), "%s", log);
	cr_assert_not_null(strstr(log, "(letter)"), "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, "pdftotext -q '%s/out/notes/manufacturing-es.pdf' -", dir), 0);
	cr_assert_not_null(strstr(log, "Manufactura"), "%s", log);
	free(log);
	/* nothing else was asked for */
	cr_assert_eq(th_run(&log, "test ! -e '%s/out/whitepaper-en.pdf' && test ! -e '%s/out/figures.csv'",
	                    dir, dir), 0);
	free(log);
}

Test(doctypes, an_unknown_only_name_lists_the_known_ones, .timeout = 120)
{
	char *dir = templates_with_note(), *log = NULL;

	cr_assert_eq(th_run(&log, "'%s' --templates '%s/templates' --only sectornot --out '%s/out'",
	                    th_bin(), dir, dir), 2, "%s", log);
	cr_assert_not_null(strstr(log, "no document 'sectornot'"), "%s", log);
	cr_assert_not_null(strstr(log, "did you mean 'sectornote'?"), "%s", log);
	cr_assert_not_null(strstr(log, "known: figures, whitepaper (or paper), brief (or briefs), sectornote"),
	                   "%s", log);
	free(log);
}

Test(doctypes, the_old_names_still_select_paper_and_briefs, .timeout = 180)
{
	char *dir = th_tmpdir(), *log = NULL;

	cr_assert_eq(th_run(&log, EPOCH " '%s' --quiet --lang en --only paper --out '%s/a' && "
	                    EPOCH " '%s' --quiet --lang en --only whitepaper --out '%s/b' && "
	                    "cmp '%s/a/whitepaper-en.pdf' '%s/b/whitepaper-en.pdf' && "
	                    "test \"$(cd '%s/a' && find . -type f | sort)\" = \"$(cd '%s/b' && find . -type f | sort)\"",
	                    th_bin(), dir, th_bin(), dir, dir, dir, dir, dir), 0, "%s", log);
	free(log);
	cr_assert_eq(th_run(&log, EPOCH " '%s' --quiet --lang es --only briefs --state jalisco --out '%s/c'",
	                    th_bin(), dir), 0, "%s", log);
	free(log);
	cr_assert_eq(th_run(NULL, "test \"$(cd '%s/c' && find . -type f -name '*.pdf')\" = ./briefs/es/jalisco.pdf", dir), 0);
}

Test(doctypes, a_folder_without_manifest_is_named_and_a_bad_manifest_is_an_error, .timeout = 120)
{
	char *dir = templates_with_note(), *log = NULL;

	cr_assert_eq(th_run(NULL, "mv '%s/templates/sectornote/doc.manifest' '%s/m'", dir, dir), 0);
	cr_assert_eq(th_run(&log, "'%s' --templates '%s/templates' --only figures --out '%s/out'",
	                    th_bin(), dir, dir), 0, "%s", log);
	cr_assert_not_null(strstr(log, "sectornote/ has language folders but no doc.manifest"), "%s", log);
	free(log);
	cr_assert_eq(th_run(NULL, "sed 's/^per =/pre =/' '%s/m' > '%s/templates/sectornote/doc.manifest'",
	                    dir, dir), 0);
	cr_assert_eq(th_run(&log, "'%s' --templates '%s/templates' --out '%s/out2'", th_bin(), dir, dir),
	             1, "%s", log);
	cr_assert_not_null(strstr(log, "sectornote/doc.manifest:2: error: unknown key 'pre' (did you mean 'per'?)"),
	                   "%s", log);
	free(log);
	cr_assert_eq(th_run(NULL, "sed 's/{lang}/en/' '%s/m' > '%s/templates/sectornote/doc.manifest'",
	                    dir, dir), 0);
	cr_assert_eq(th_run(&log, "'%s' --templates '%s/templates' --out '%s/out2'", th_bin(), dir, dir),
	             1, "%s", log);
	cr_assert_not_null(strstr(log, "doc.manifest:3: error: output 'notes/manufacturing-en.pdf' has no {lang}"),
	                   "%s", log);
	free(log);
	cr_assert_eq(th_run(NULL, "test -z \"$(find '%s/out2' -type f)\"", dir), 0);
}
