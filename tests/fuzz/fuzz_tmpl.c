/*
 * libFuzzer harness for the template stage: arbitrary bytes compiled as a
 * template (language chosen by the first byte) and rendered against a small
 * fixed figure store, then linted and dumped. Crashes, sanitizer reports and
 * broken invariants (abort) are findings; template errors are not.
 *
 * Build and run from the project root: `make fuzz` (all harnesses), or
 *   make fuzz-bins && ./build-fuzz/fuzz_tmpl -max_total_time=60 tests/fuzz/corpus/tmpl
 * (the modules a harness links are the Makefile's FUZZ_MODULES).
 */
#include "base/base.h"
#include "doc/doc.h"
#include "figures/figures.h"
#include "tmpl/tmpl.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void figures(struct figset *fs)
{
	static const char *const cols[] = { "code", "name", "risk", "rank" };
	struct figtable *t = figset_table(fs, "sectors", 4, cols, "fuzz");
	size_t r;

	figset_num(fs, "jobs.total", 9770000, "jobs", "fuzz", "");
	figset_num(fs, "jobs.share", 0.19, "share", "fuzz", "");
	figset_num(fs, "rank", 22, "rank", "fuzz", "");
	figset_text(fs, "edition.date", "2018-06", "fuzz");
	figset_text(fs, "name", "Ciudad de México *x*", "fuzz");
	r = figtable_add_row(fs, t);
	figtable_set_text(fs, t, r, 0, "MAN");
	figtable_set_text(fs, t, r, 1, "Manufacturing");
	figtable_set_num(fs, t, r, 2, 0.25);
	figtable_set_num(fs, t, r, 3, 3);
	r = figtable_add_row(fs, t);
	figtable_set_text(fs, t, r, 0, "CON");
	figtable_set_text(fs, t, r, 1, "");
	figtable_set_num(fs, t, r, 2, 0.5);
	figtable_set_num(fs, t, r, 3, 1);
}

static int check_node(struct doc_node *n, void *ud)
{
	size_t i;

	(void)ud;
	for (i = 0; i < n->nruns; i++)
		if (n->runs[i].text == NULL)
			abort();
	if (n->kind == DOC_TABLE && (n->table == NULL || n->table->cells == NULL) &&
	    n->table->nrows > 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct arena *a;
	struct figset *fs;
	struct tmpl *t;
	struct doc *d;
	char *text;

	if (size == 0)
		return 0;
	if (devnull == NULL)
		devnull = fopen("/dev/null", "w");
	diag_set_stream(devnull);
	diag_reset();
	a = arena_new();
	fs = figset_new(a);
	figures(fs);
	text = arena_strndup(a, (const char *)data + 1, size - 1);
	t = tmpl_compile_string(a, "fuzz.md", text, (data[0] & 1) ? "es" : "en", NULL);
	if (t != NULL) {
		tmpl_lint(t, fs);
		d = tmpl_render(a, t, fs, NULL);
		if (d != NULL) {
			struct buf b = { 0 };

			doc_walk(d->root, check_node, NULL);
			doc_dump(d, &b);
			buf_free(&b);
		} else if (diag_errors() == 0) {
			abort();   /* a failure must say why */
		}
	} else if (diag_errors() == 0) {
		abort();
	}
	arena_free(a);
	return 0;
}
