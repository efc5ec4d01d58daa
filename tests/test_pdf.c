/*
 * Tests of the PDF back end: the font manifest, embedded fonts, qpdf-clean
 * output, same input -> same bytes, outline, links, and table-of-contents
 * page numbers checked against the text poppler extracts from each page.
 */
#define _GNU_SOURCE   /* memmem, mkstemps */
#include <criterion/criterion.h>

#include "base/base.h"
#include "layout/layout.h"
#include "pdf/pdf.h"
#include "layout_fixture.h"
#include "helpers.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MANIFEST TEST_SRCDIR "/fonts/manifest"

/* Collapse every run of white space to one space. */
static void squeeze(char *s)
{
	char *w = s;
	int sp = 0;

	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			sp = 1;
			continue;
		}
		if (sp && w != s)
			*w++ = ' ';
		sp = 0;
		*w++ = *s;
	}
	*w = '\0';
}

struct rendered {
	struct arena *a;
	struct layout *l;
	struct doc *d;
	struct buf pdf;
};

static void render_sample(struct rendered *r, int nchap)
{
	struct pdf_fonts *f = pdf_fonts_load(MANIFEST);
	struct hyph *h = hyph_new(NULL);
	struct layout_opts o = { LAYOUT_A4, h };
	struct pdf_info info;

	cr_assert_not_null(f);
	memset(r, 0, sizeof *r);
	r->a = arena_new();
	r->d = fx_sample(r->a, nchap, 4);
	r->l = layout_doc(r->a, r->d, pdf_fonts_measure(f), &o);
	info = (struct pdf_info){ r->d->title, r->d->author, "AI strategy",
	                          "artificial intelligence, México" };
	cr_assert_eq(pdf_render(f, r->l, &info, &r->pdf), 0);
	pdf_fonts_free(f);
	hyph_free(h);
}

static void rendered_free(struct rendered *r)
{
	buf_free(&r->pdf);
	arena_free(r->a);
}

static char *temp_pdf(const struct buf *b)
{
	char *path = strdup("/tmp/reportgen-test-XXXXXX.pdf");
	int fd = mkstemps(path, 4);

	cr_assert_geq(fd, 0);
	close(fd);
	cr_assert_eq(th_write_file(path, b->data, b->len), 0);
	return path;
}

/* The file with every object out of its object stream (qpdf's QDF form:
 * dictionaries as text, strings written qpdf's way), in u. */
static void unpacked(const struct buf *pdf, struct buf *u)
{
	char *in = temp_pdf(pdf), *out = strdup(in), *log = NULL;

	out[strlen(out) - 4] = '\0';
	cr_assert_eq(th_run(&log, "qpdf --qdf --object-streams=disable '%s' '%s.qdf' 2>&1", in, out),
	             0, "%s", log);
	free(log);
	log = NULL;
	{
		char q[600];

		snprintf(q, sizeof q, "%s.qdf", out);
		buf_clear(u);
		cr_assert_eq(buf_read_file(u, q), 0);
		unlink(q);
	}
	unlink(in);
	free(in);
	free(out);
}

Test(pdf, output_is_clean_and_embeds_every_font)
{
	struct rendered r;
	char *path, *out;
	int st, fonts = 0;
	const char *line;

	render_sample(&r, 2);
	cr_assert(memcmp(r.pdf.data, "%PDF-", 5) == 0);
	path = temp_pdf(&r.pdf);
	st = th_run(&out, "qpdf --check '%s' 2>&1", path);
	cr_assert_eq(st, 0, "qpdf --check: %s", out);
	cr_assert_not_null(strstr(out, "No syntax or stream encoding errors"));
	free(out);
	st = th_run(&out, "pdffonts '%s' 2>/dev/null", path);
	cr_assert_eq(st, 0);
	/* Skip the two header lines; every font line says emb=yes. */
	line = strchr(strchr(out, '\n') + 1, '\n') + 1;
	for (; *line; line = strchr(line, '\n') + 1) {
		cr_assert_not_null(strstr(line, "CID TrueType"), "%s", line);
		cr_assert_not_null(strstr(line, " yes yes yes "), "font not embedded: %.80s", line);
		fonts++;
		if (strchr(line, '\n') == NULL)
			break;
	}
	cr_assert_geq(fonts, 4);
	free(out);
	st = th_run(&out, "pdfinfo '%s' 2>/dev/null", path);
	cr_assert_not_null(strstr(out, "Creator:         reportgen"));
	cr_assert_not_null(strstr(out, "Title:           Towards an AI Strategy in Mexico"));
	cr_assert_not_null(strstr(out, "Keywords:        artificial intelligence, México"));
	cr_assert_not_null(strstr(out, "Page size:       595.28 x 841.89 pts (A4)"));
	free(out);
	unlink(path);
	free(path);
	rendered_free(&r);
}

Test(pdf, same_input_same_bytes_with_source_date_epoch)
{
	struct rendered a, b;
	char *path, *out;

	setenv("SOURCE_DATE_EPOCH", "1527811200", 1);   /* 2018-06-01 00:00:00 UTC */
	render_sample(&a, 1);
	render_sample(&b, 1);
	cr_assert_eq(a.pdf.len, b.pdf.len);
	cr_assert(memcmp(a.pdf.data, b.pdf.data, a.pdf.len) == 0, "two runs differ");
	{
		struct buf u = { 0 };

		unpacked(&a.pdf, &u);
		cr_assert_not_null(memmem(u.data, u.len, "D:20180601000000Z", 17));
		cr_assert_not_null(memmem(u.data, u.len, "<xmp:CreateDate>2018-06-01T00:00:00Z<", 37));
		buf_free(&u);
	}
	path = temp_pdf(&a.pdf);
	th_run(&out, "pdfinfo '%s' 2>/dev/null", path);
	cr_assert_not_null(strstr(out, "CreationDate:"), "%s", out);
	free(out);
	unlink(path);
	free(path);
	rendered_free(&a);
	rendered_free(&b);
}

Test(pdf, no_dates_without_source_date_epoch)
{
	struct rendered a;

	unsetenv("SOURCE_DATE_EPOCH");
	render_sample(&a, 1);
	{
		struct buf u = { 0 };

		unpacked(&a.pdf, &u);
		cr_assert_null(memmem(u.data, u.len, "/CreationDate", 13));
		cr_assert_null(memmem(u.data, u.len, "/ModDate", 8));
		cr_assert_null(memmem(u.data, u.len, "xmp:CreateDate", 14));
		cr_assert_not_null(memmem(u.data, u.len, "<pdfaid:part>2<", 15));
		buf_free(&u);
	}
	rendered_free(&a);
}

/* The number printed at the end of the contents line for title. */
static int toc_number(const char *toc, const char *title)
{
	const char *p = strstr(toc, title);

	if (p == NULL)
		return -1;
	p += strlen(title);
	while (*p == ' ' || *p == '.')
		p++;
	return isdigit((unsigned char)*p) ? atoi(p) : -1;
}

Test(pdf, contents_page_numbers_are_where_the_headings_land)
{
	struct rendered r;
	char *path, *toc;
	size_t i;
	int checked = 0;

	unsetenv("SOURCE_DATE_EPOCH");
	render_sample(&r, 3);
	path = temp_pdf(&r.pdf);
	/* The cover is page 1, the contents page 2. */
	th_run(&toc, "pdftotext -layout -f 2 -l 2 '%s' - 2>/dev/null", path);
	squeeze(toc);
	cr_assert_not_null(strstr(toc, "Contents"), "%s", toc);
	for (i = 0; i < r.l->noutline; i++) {
		const struct layout_outline *o = &r.l->outline[i];
		int printed = toc_number(toc, o->title);
		char *page;

		if (o->level > 2)
			continue;
		cr_assert_gt(printed, 0, "'%s' not in the contents: %s", o->title, toc);
		th_run(&page, "pdftotext -f %d -l %d '%s' - 2>/dev/null", printed, printed, path);
		squeeze(page);
		/* The heading's words are on the page the contents names. */
		cr_assert_not_null(strstr(page, strchr(o->title, ' ') + 1),
		                   "'%s' is not on page %d", o->title, printed);
		cr_assert_eq((size_t)printed, o->page + 1);
		free(page);
		checked++;
	}
	cr_assert_eq(checked, 12);
	free(toc);
	unlink(path);
	free(path);
	rendered_free(&r);
}

Test(pdf, outline_and_links_are_in_the_file)
{
	struct rendered r;
	char *path, *out, *p;
	size_t i, titles = 0, uri = 0;

	render_sample(&r, 2);
	path = temp_pdf(&r.pdf);
	th_run(&out, "qpdf --json --json-key=outlines '%s' 2>/dev/null", path);
	for (p = out; (p = strstr(p, "\"title\": ")) != NULL; p++)
		titles++;
	cr_assert_eq(titles, r.l->noutline);
	for (i = 0; i < r.l->noutline; i++)
		cr_assert_not_null(strstr(out, r.l->outline[i].title), "%s", r.l->outline[i].title);
	free(out);
	/* Annotation dictionaries sit in object streams: count them unpacked. */
	{
		struct buf u = { 0 };

		unpacked(&r.pdf, &u);
		for (p = u.data; (p = memmem(p, u.len - (size_t)(p - u.data),
		                             "/URI (https://www.inegi.org.mx/)", 32)) != NULL; p++)
			uri++;
		cr_assert_geq(uri, 2, "a URI link per chapter: %zu", uri);
		cr_assert_not_null(memmem(u.data, u.len, "/Subtype /Link", 14));
		cr_assert_not_null(memmem(u.data, u.len, "/Dest ", 6));
		cr_assert_not_null(memmem(u.data, u.len, "/FitH", 5));
		/* every link prints and says where it goes, and is in the structure */
		cr_assert_not_null(memmem(u.data, u.len, "/F 4", 4));
		cr_assert_not_null(memmem(u.data, u.len, "/Contents ", 10));
		cr_assert_not_null(memmem(u.data, u.len, "/StructParent ", 14));
		buf_free(&u);
	}
	unlink(path);
	free(path);
	rendered_free(&r);
}

static char *manifest_with(const char *broken_line, int at)
{
	char *path = strdup("/tmp/reportgen-manifest-XXXXXX");
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");
	static const char *const lines[] = {
		"# roles",
		"serif /usr/share/fonts/truetype/charis/CharisSIL-Regular.ttf",
		"serif-bold /usr/share/fonts/truetype/charis/CharisSIL-Bold.ttf",
		"serif-italic /usr/share/fonts/truetype/charis/CharisSIL-Italic.ttf",
		"serif-bolditalic /usr/share/fonts/truetype/charis/CharisSIL-BoldItalic.ttf",
		"sans /usr/share/fonts/truetype/lato/Lato-Regular.ttf",
		"sans-bold /usr/share/fonts/truetype/lato/Lato-Bold.ttf",
		"sans-italic /usr/share/fonts/truetype/lato/Lato-Italic.ttf",
		"sans-bolditalic /usr/share/fonts/truetype/lato/Lato-BoldItalic.ttf",
	};
	size_t i;

	cr_assert_not_null(fp);
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
		fprintf(fp, "%s\n", (int)i + 1 == at ? broken_line : lines[i]);
	fclose(fp);
	return path;
}

Test(pdf, missing_font_file_is_a_system_error_naming_the_line)
{
	const char *msg = "";
	char *path;

	path = manifest_with("sans /nonexistent/Lato-Regular.ttf", 6);
	th_capture();
	cr_assert_null(pdf_fonts_load(path));
	msg = th_captured();
	cr_assert_eq(diag_status(), EXIT_SYS);
	char where[512];

	snprintf(where, sizeof where, "%s:6: error:", path);
	cr_assert_not_null(strstr(msg, where), "%s", msg);
	cr_assert_not_null(strstr(msg, "/nonexistent/Lato-Regular.ttf"), "%s", msg);
	cr_assert_not_null(strstr(msg, "'sans'"), "%s", msg);
	th_capture_end();
	unlink(path);
	free(path);
}

Test(pdf, manifest_problems_are_reported)
{
	const char *msg = "";
	char *path;

	th_capture();
	path = manifest_with("# sans-bold left out", 7);
	cr_assert_null(pdf_fonts_load(path));
	msg = th_captured();
	cr_assert_not_null(strstr(msg, "no font for role 'sans-bold'"), "%s", msg);
	unlink(path);
	free(path);
	path = manifest_with("sans-light /usr/share/fonts/truetype/lato/Lato-Light.ttf", 7);
	cr_assert_null(pdf_fonts_load(path));
	msg = th_captured();
	cr_assert_not_null(strstr(msg, ":7: error: unknown font role 'sans-light'"), "%s", msg);
	unlink(path);
	free(path);
	cr_assert_null(pdf_fonts_load("/nonexistent/manifest"));
	msg = th_captured();
	cr_assert_not_null(strstr(msg, "/nonexistent/manifest: cannot read font manifest"), "%s", msg);
	cr_assert_eq(diag_status(), EXIT_SYS);
	th_capture_end();
}

Test(pdf, a_font_file_that_is_not_truetype_is_refused)
{
	const char *msg = "";
	char *path;

	th_capture();
	path = manifest_with("serif " TEST_SRCDIR "/fonts/manifest", 2);
	cr_assert_null(pdf_fonts_load(path));
	msg = th_captured();
	cr_assert_eq(diag_status(), EXIT_SYS);
	cr_assert_not_null(strstr(msg, "cannot be loaded"), "%s", msg);
	th_capture_end();
	unlink(path);
	free(path);
}

Test(pdf, measures_utf8_by_character)
{
	struct pdf_fonts *f = pdf_fonts_load(MANIFEST);
	const struct draw_measure *m;
	double e, acute, word;

	cr_assert_not_null(f);
	m = pdf_fonts_measure(f);
	e = m->width(m->ctx, FONT_SERIF, 10, "e", 1);
	acute = m->width(m->ctx, FONT_SERIF, 10, "é", strlen("é"));
	word = m->width(m->ctx, FONT_SERIF, 10, "México", strlen("México"));
	cr_assert_gt(e, 3);
	cr_assert_float_eq(acute, e, 0.01);   /* same advance in Charis */
	cr_assert_float_eq(word, m->width(m->ctx, FONT_SERIF, 10, "Mexico", 6), 0.01);
	cr_assert_float_eq(m->width(m->ctx, FONT_SERIF, 20, "e", 1), 2 * e, 1e-9);
	cr_assert(m->ascent[FONT_SANS] > 0.5 && m->ascent[FONT_SANS] < 1.2);
	cr_assert(m->descent[FONT_SERIF] > 0.1 && m->descent[FONT_SERIF] < 0.6);
	pdf_fonts_free(f);
}

/* Shaping: the measure is the kerned, ligated advance the PDF draws; a
 * ligature glyph extracts as its letters. */
Test(pdf, kerning_and_ligatures_are_measured_drawn_and_extract_as_letters)
{
	struct pdf_fonts *f = pdf_fonts_load(MANIFEST);
	const struct draw_measure *m;
	struct arena *a = arena_new();
	struct layout l;
	struct layout_page pg;
	struct buf out = { 0 };
	struct draw_op op;
	char *path, *txt;
	double av, a1, v1;
	static const char *const words = "AVATAR office fluffy first Waffle";
	int k;

	cr_assert_not_null(f);
	m = pdf_fonts_measure(f);
	/* "AV" kerns in Lato (GPOS): narrower than A and V measured apart.
	 * Charis SIL's OpenType tables hold no kerning, only ligatures. */
	av = m->width(m->ctx, FONT_SANS, 10, "AV", 2);
	a1 = m->width(m->ctx, FONT_SANS, 10, "A", 1);
	v1 = m->width(m->ctx, FONT_SANS, 10, "V", 1);
	cr_assert_lt(av, a1 + v1 - 0.2, "AV %.3f, A + V %.3f", av, a1 + v1);
	memset(&l, 0, sizeof l);
	memset(&pg, 0, sizeof pg);
	l.page_w = 612;
	l.page_h = 792;
	l.pages = &pg;
	l.npages = 1;
	for (k = 0; k < 2; k++) {
		memset(&op, 0, sizeof op);
		op.kind = DRAW_TEXT;
		op.x = 72;
		op.y = 700 - 20 * k;
		op.font = k ? FONT_SANS : FONT_SERIF;
		op.size = 12;
		op.text = words;
		op.w = m->width(m->ctx, op.font, 12, words, strlen(words));
		draw_push(a, &pg.ops, &op);
	}
	cr_assert_eq(pdf_render(f, &l, NULL, &out), 0);
	path = temp_pdf(&out);
	cr_assert_eq(th_run(&txt, "pdftotext -bbox '%s' - 2>/dev/null", path), 0);
	/* every word extracts whole (ligatures map back to their letters) */
	cr_assert_not_null(strstr(txt, ">office<"), "%s", txt);
	cr_assert_not_null(strstr(txt, ">fluffy<"), "%s", txt);
	cr_assert_not_null(strstr(txt, ">first<"), "%s", txt);
	cr_assert_not_null(strstr(txt, ">Waffle<"), "%s", txt);
	{
		/* the drawn line ends where the measure says: the last word's right
		 * edge in the serif line is 72 + width (pdftotext rounds a little) */
		const char *w = strstr(txt, ">Waffle<"), *x;
		double xmax;

		for (x = w; x > txt && strncmp(x, "xMax=\"", 6) != 0; x--)
			;
		cr_assert_eq(sscanf(x, "xMax=\"%lf\"", &xmax), 1);
		cr_assert_float_eq(xmax, 72 + pg.ops.ops[0].w, 0.3, "xMax %.2f, measured end %.2f",
		                   xmax, 72 + pg.ops.ops[0].w);
	}
	free(txt);
	unlink(path);
	free(path);
	buf_free(&out);
	arena_free(a);
	pdf_fonts_free(f);
}

Test(pdf, draws_every_primitive_and_survives_bad_text)
{
	struct pdf_fonts *f = pdf_fonts_load(MANIFEST);
	struct arena *a = arena_new();
	struct layout l;
	struct layout_page pg;
	struct layout_outline ol = { 1, "Título ñandú", 0, "here" };
	struct buf out = { 0 };
	struct draw_op op;
	char *path, *txt;
	int st, k;
	static const char *const texts[] = { "Plain ¿qué? «sí» — 5 €", "emoji \xF0\x9F\x98\x80 here",
	                                     "bad \xFF byte 一 一", "cut \xC3" };
	char *msg;

	cr_assert_not_null(f);
	memset(&l, 0, sizeof l);
	memset(&pg, 0, sizeof pg);
	l.page_w = 612;
	l.page_h = 792;
	l.pages = &pg;
	l.npages = 1;
	l.outline = &ol;
	l.noutline = 1;
	for (k = 0; k < 4; k++) {
		memset(&op, 0, sizeof op);
		op.kind = DRAW_TEXT;
		op.x = 72;
		op.y = 700 - 20 * k;
		op.font = k * 2;
		op.size = 12;
		op.text = texts[k];
		draw_push(a, &pg.ops, &op);
	}
	memset(&op, 0, sizeof op);
	op.kind = DRAW_LINE, op.x = 72, op.y = 600, op.w = 200, op.lw = 1, op.dash = 3;
	draw_push(a, &pg.ops, &op);
	op.kind = DRAW_RECT, op.h = 50, op.dash = 0, op.rgb = 0xff0000;
	draw_push(a, &pg.ops, &op);
	op.kind = DRAW_FILL, op.y = 500;
	draw_push(a, &pg.ops, &op);
	op.kind = DRAW_CIRCLE, op.x = 300, op.y = 400, op.w = 10, op.lw = 0;
	draw_push(a, &pg.ops, &op);
	op.kind = DRAW_LINK_URI, op.x = 72, op.y = 695, op.w = 100, op.h = 14;
	op.target = "https://example.org/a b?q=ñ";
	draw_push(a, &pg.ops, &op);
	op.kind = DRAW_LINK_DEST, op.target = "here";
	draw_push(a, &pg.ops, &op);
	op.kind = DRAW_ANCHOR, op.y = 710;
	draw_push(a, &pg.ops, &op);
	th_capture();
	cr_assert_eq(pdf_render(f, &l, NULL, &out), 0);
	msg = th_capture_take();
	/* A character the font lacks is recorded once for the caller (run/
	 * reports it with its place); the others are fine. */
	{
		const struct pdf_missing *m;
		size_t n = pdf_fonts_missing(f, 0, &m), q, seen = 0;

		for (q = 0; q < n; q++) {
			cr_assert_neq(m[q].cp, 0xF1, "ñ is in the font");
			if (m[q].cp == 0x4E00) {
				cr_assert_str_eq(m[q].role, "sans");
				seen++;
			}
		}
		cr_assert_eq(seen, 1, "U+4E00 recorded %zu times", seen);
	}
	cr_assert_null(strstr(msg, "U+00F1"), "%s", msg);
	free(msg);
	/* The URI is percent-encoded. */
	{
		struct buf u = { 0 };

		unpacked(&out, &u);
		cr_assert_not_null(memmem(u.data, u.len, "a%20b?q=%C3%B1", 14));
		buf_free(&u);
	}
	path = temp_pdf(&out);
	st = th_run(&txt, "qpdf --check '%s' >/dev/null 2>&1 && pdftotext '%s' - 2>/dev/null",
	            path, path);
	cr_assert_eq(st, 0);
	cr_assert_not_null(strstr(txt, "Plain ¿qué? «sí» — 5 €"), "%s", txt);
	cr_assert_not_null(strstr(txt, "emoji"), "%s", txt);
	free(txt);
	th_run(&txt, "qpdf --json --json-key=outlines '%s' 2>/dev/null", path);
	cr_assert_not_null(strstr(txt, "Título ñandú"), "%s", txt);
	free(txt);
	unlink(path);
	free(path);
	buf_free(&out);
	arena_free(a);
	pdf_fonts_free(f);
}

Test(pdf, the_binary_exits_3_naming_a_missing_font)
{
	char *manifest = manifest_with("serif-italic /nonexistent/CharisSIL-Italic.ttf", 4);
	char *dir = th_tmpdir(), *out = NULL;
	char where[512];
	int st;

	cr_assert_not_null(dir);
	st = th_run(&out, "cd '%s' && '%s' --fonts '%s' --out '%s/out' --only paper --lang en",
	             TEST_SRCDIR, th_bin(), manifest, dir);
	cr_assert_eq(st, EXIT_SYS, "status %d: %s", st, out ? out : "");
	snprintf(where, sizeof where, "%s:4: error: font '/nonexistent/CharisSIL-Italic.ttf' "
	         "for role 'serif-italic'", manifest);
	cr_assert_not_null(strstr(out, where), "%s", out);
	/* Nothing was written. */
	snprintf(where, sizeof where, "%s/out/whitepaper-en.pdf", dir);
	cr_assert(!th_exists(where));
	free(out);
	unlink(manifest);
	free(manifest);   /* dir belongs to e2e.c, removed at exit */
}

Test(pdf, a_run_without_pdfs_does_not_need_the_fonts)
{
	/* fonts load on a helper thread ahead of time; a run that makes no PDF
	 * must neither fail nor speak of them */
	char *manifest = manifest_with("serif /nonexistent/CharisSIL-Regular.ttf", 1);
	char *dir = th_tmpdir(), *out = NULL;
	int st;

	cr_assert_not_null(dir);
	st = th_run(&out, "cd '%s' && '%s' --fonts '%s' --out '%s/out' --only figures --quiet",
	             TEST_SRCDIR, th_bin(), manifest, dir);
	cr_assert_eq(st, 0, "status %d: %s", st, out ? out : "");
	cr_assert_null(strstr(out, "font"), "%s", out);
	free(out);
	unlink(manifest);
	free(manifest);
}
