/*
 * Tests of fontsub: a subset holds exactly the requested characters; its
 * widths and metrics are those of the full font; the glyph <-> character
 * maps agree; a document subset keeps glyph ids and drops the outlines it
 * was not asked for; the run's character set covers every character the
 * templates and data use; a character outside the subset is reported when
 * it is drawn; a file that is not a font is refused with a reason.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include "base/base.h"
#include "helpers.h"
#include "layout/layout.h"
#include "pdf/internal.h"
#include "pdf/pdf.h"

#include <dirent.h>
#include <hb.h>
#include <hb-ot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MANIFEST TEST_SRCDIR "/fonts/manifest"
#define CHARIS "/usr/share/fonts/truetype/charis/CharisSIL-Regular.ttf"
#define LATO_BOLD "/usr/share/fonts/truetype/lato/Lato-Bold.ttf"

static hb_face_t *face_of_file(const char *path)
{
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
	hb_face_t *face;

	cr_assert_not_null(blob, "cannot read %s", path);
	face = hb_face_create(blob, 0);
	hb_blob_destroy(blob);
	return face;
}

static hb_face_t *face_of_bytes(const void *p, size_t n)
{
	hb_blob_t *blob = hb_blob_create(p, (unsigned)n, HB_MEMORY_MODE_DUPLICATE, NULL, NULL);
	hb_face_t *face = hb_face_create(blob, 0);

	hb_blob_destroy(blob);
	return face;
}

static struct fontsub *make(const char *path, const uint32_t *cps, size_t n)
{
	char why[256] = "";
	struct fontsub *s = fontsub_make(path, cps, n, why, sizeof why);

	cr_assert_not_null(s, "%s: %s", path, why);
	return s;
}

Test(fontsub, subset_holds_exactly_the_requested_characters)
{
	/* A, n, ñ, em dash, euro, and a character Charis lacks */
	static const uint32_t want[] = { 'A', 'n', 0xF1, 0x2014, 0x20AC, 0x4E00 };
	struct fontsub *s = make(CHARIS, want, sizeof want / sizeof want[0]);
	hb_face_t *full = face_of_file(CHARIS), *sub;
	hb_set_t *fullset = hb_set_create(), *subset = hb_set_create(), *expect = hb_set_create();
	const void *data;
	size_t i, len;

	hb_face_collect_unicodes(full, fullset);
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		if (hb_set_has(fullset, want[i]))
			hb_set_add(expect, want[i]);
	cr_assert_eq(hb_set_get_population(expect), 5, "CJK U+4E00 is not in Charis SIL");
	data = fontsub_data(s, &len);
	cr_assert_eq(len, fontsub_file_size(s));
	sub = face_of_bytes(data, len);
	hb_face_collect_unicodes(sub, subset);
	cr_assert(hb_set_is_equal(subset, expect), "subset maps %u code points, expected %u",
	          hb_set_get_population(subset), hb_set_get_population(expect));
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		cr_assert_eq(fontsub_covers(s, want[i]), hb_set_has(expect, want[i]),
		             "U+%04X", (unsigned)want[i]);
	cr_assert_eq(fontsub_covers(s, 'B'), 0);
	cr_assert_eq(fontsub_gid(s, 'B'), 0);
	/* .notdef plus the five glyphs, plus any components of composite ñ */
	cr_assert_geq(fontsub_glyph_count(s), 6);
	cr_assert_leq(fontsub_glyph_count(s), 9);
	cr_assert_eq(fontsub_glyph_count(s), hb_face_get_glyph_count(sub));
	cr_assert_lt(len, 20000);
	hb_set_destroy(fullset);
	hb_set_destroy(subset);
	hb_set_destroy(expect);
	hb_face_destroy(full);
	hb_face_destroy(sub);
	fontsub_free(s);
}

Test(fontsub, widths_and_metrics_are_those_of_the_full_font)
{
	static const char *const fonts[] = { CHARIS, LATO_BOLD };
	size_t k, n, i, compared = 0;
	const uint32_t *cs = fontsub_charset(&n);

	for (k = 0; k < 2; k++) {
		struct fontsub *s = make(fonts[k], NULL, 0);
		const struct fontsub_info *in = fontsub_info(s);
		hb_face_t *face = face_of_file(fonts[k]);
		hb_font_t *font = hb_font_create(face);
		unsigned upem = hb_face_get_upem(face);
		hb_position_t asc, desc;
		hb_codepoint_t g;

		{
			/* libharu's rule, which layout has always used: hhea ascender, descender */
			hb_blob_t *hb = hb_face_reference_table(face, HB_TAG('h', 'h', 'e', 'a'));
			const unsigned char *h = (const unsigned char *)hb_blob_get_data(hb, NULL);

			asc = (int16_t)(h[4] << 8 | h[5]);
			desc = (int16_t)(h[6] << 8 | h[7]);
			hb_blob_destroy(hb);
		}
		cr_assert_eq(in->ascent, (int)((long)asc * 1000 / (long)upem), "%s", fonts[k]);
		cr_assert_eq(in->descent, (int)((long)desc * 1000 / (long)upem), "%s", fonts[k]);
		cr_assert_lt(in->descent, 0);
		cr_assert(in->cap_height > 500 && in->cap_height < in->ascent, "%d", in->cap_height);
		cr_assert(in->bbox[0] < 0 && in->bbox[2] > 900, "bbox %d..%d", in->bbox[0], in->bbox[2]);
		for (i = 0; i < n; i++) {
			unsigned sg = fontsub_gid(s, cs[i]);

			if (!hb_font_get_nominal_glyph(font, cs[i], &g)) {
				cr_assert_eq(sg, 0, "%s U+%04X is not in the font", fonts[k], (unsigned)cs[i]);
				continue;
			}
			cr_assert_neq(sg, 0, "%s U+%04X", fonts[k], (unsigned)cs[i]);
			cr_assert_eq(fontsub_width(s, sg),
			             (int)((unsigned)hb_font_get_glyph_h_advance(font, g) * 1000 / upem),
			             "%s U+%04X", fonts[k], (unsigned)cs[i]);
			/* the glyph stands for this character or a lower one drawn alike */
			cr_assert_leq(fontsub_unicode(s, sg), cs[i]);
			cr_assert_eq(fontsub_gid(s, fontsub_unicode(s, sg)), sg);
			compared++;
		}
		cr_assert_eq(fontsub_unicode(s, fontsub_gid(s, 'A')), 'A');
		cr_assert_eq(fontsub_width(s, 100000), in->missing_width);
		cr_assert_eq(strchr(in->psname, ' '), NULL);
		cr_assert_not_null(strstr(in->psname, k == 0 ? "Charis" : "Lato"), "%s", in->psname);
		hb_font_destroy(font);
		hb_face_destroy(face);
		fontsub_free(s);
	}
	cr_assert_gt(compared, 2 * 300);
	{
		struct fontsub *it = make("/usr/share/fonts/truetype/charis/CharisSIL-Italic.ttf",
		                          NULL, 0);

		cr_assert(fontsub_info(it)->italic);
		cr_assert_lt(fontsub_info(it)->italic_angle, -5.0);
		fontsub_free(it);
	}
}

/* Outline bounds of glyph g, 0 when the glyph is empty. */
static int has_outline(hb_font_t *font, hb_codepoint_t g)
{
	hb_glyph_extents_t e;

	return hb_font_get_glyph_extents(font, g, &e) && e.width != 0 && e.height != 0;
}

Test(fontsub, a_document_subset_keeps_glyph_ids_and_only_the_glyphs_drawn)
{
	struct fontsub *s = make(CHARIS, NULL, 0);
	unsigned n = fontsub_glyph_count(s), gA = fontsub_gid(s, 'A'), gB = fontsub_gid(s, 'B'),
	         gn = fontsub_gid(s, 0xF1), gz = fontsub_gid(s, 'z');
	unsigned char *used = calloc(n, 1);
	struct buf out = { 0 };
	hb_face_t *face;
	hb_font_t *font;

	cr_assert(gA && gB && gn && gz);
	used[gA] = used[gn] = 1;
	cr_assert_eq(fontsub_glyph_subset(s, used, &out), 0);
	cr_assert_lt(out.len, fontsub_file_size(s) / 4, "%zu of %zu bytes", out.len,
	             fontsub_file_size(s));
	face = face_of_bytes(out.data, out.len);
	font = hb_font_create(face);
	/* ids are kept: glyphs up to the highest drawn (or a component of ñ) */
	cr_assert_geq(hb_face_get_glyph_count(face), (gn > gA ? gn : gA) + 1);
	cr_assert_leq(hb_face_get_glyph_count(face), n);
	cr_assert(has_outline(font, gA), "A keeps its outline");
	cr_assert(has_outline(font, gn), "ñ keeps its outline (and its components)");
	cr_assert(!has_outline(font, gB), "B was not drawn");
	cr_assert(!has_outline(font, gz), "z was not drawn");
	hb_font_destroy(font);
	hb_face_destroy(face);
	buf_free(&out);
	free(used);
	fontsub_free(s);
}

/* Every non-ASCII character of the text files under dir (templates, data). */
static void collect_text_chars(const char *dir, hb_set_t *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		struct buf b = { 0 };
		const unsigned char *p;
		size_t i;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			/* data/raw: official files as published, read by the import,
			 * never drawn */
			if (strcmp(e->d_name, "raw") != 0)
				collect_text_chars(path, out);
			continue;
		}
		if (buf_read_file(&b, path) != 0)
			continue;
		p = (const unsigned char *)b.data;
		for (i = 0; i < b.len;) {
			uint32_t cp = p[i];
			int n = cp < 0x80 ? 0 : cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : 1;

			cp &= n == 0 ? 0x7F : n == 1 ? 0x1F : n == 2 ? 0x0F : 0x07;
			for (i++; n > 0 && i < b.len; n--, i++)
				cp = (cp << 6) | (p[i] & 0x3F);
			if (cp >= 0x80)
				hb_set_add(out, cp);
		}
		buf_free(&b);
	}
	closedir(d);
}

Test(fontsub, charset_covers_every_character_of_the_templates_and_data)
{
	hb_set_t *used = hb_set_create(), *set = hb_set_create();
	size_t n, i;
	const uint32_t *cs = fontsub_charset(&n);
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;

	for (i = 0; i < n; i++) {
		if (i > 0)
			cr_assert_lt(cs[i - 1], cs[i], "charset not sorted at %zu", i);
		hb_set_add(set, cs[i]);
	}
	collect_text_chars(TEST_SRCDIR "/templates", used);
	collect_text_chars(TEST_SRCDIR "/data", used);
	cr_assert_gt(hb_set_get_population(used), 10, "no accented text found under templates/ and data/");
	while (hb_set_next(used, &cp))
		cr_assert(hb_set_has(set, cp), "U+%04X is used by templates/ or data/ but is not in "
		          "fontsub's character set", (unsigned)cp);
	hb_set_destroy(used);
	hb_set_destroy(set);
}

Test(fontsub, every_manifest_font_has_the_text_characters)
{
	/* Each subset from the manifest covers Spanish text and the marks the
	 * templates use; a glyph missing from a font would print as a box. */
	static const uint32_t text[] = { 0xE1, 0xE9, 0xED, 0xF3, 0xFA, 0xF1, 0xD1, 0xFC, 0xBF,
	                                  0xA1, 0xAB, 0xBB, 0xBA, 0xAA, 0xD7, 0x2013, 0x2014,
	                                  0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x20AC,
	                                  0x2212, 0xA0, 0x2009 };
	FILE *fp = fopen(MANIFEST, "r");
	char line[1024];
	int fonts = 0;

	cr_assert_not_null(fp);
	while (fgets(line, sizeof line, fp)) {
		char role[64], path[900];
		struct fontsub *s;
		char why[256];
		size_t i;

		if (line[0] == '#' || sscanf(line, "%63s %899s", role, path) != 2)
			continue;
		s = fontsub_make(path, NULL, 0, why, sizeof why);
		cr_assert_not_null(s, "%s: %s", path, why);
		for (i = 0; i < sizeof text / sizeof text[0]; i++)
			cr_assert(fontsub_covers(s, text[i]), "%s (%s) lacks U+%04X", role, path,
			          (unsigned)text[i]);
		fontsub_free(s);
		fonts++;
	}
	fclose(fp);
	cr_assert_eq(fonts, 8);
}

Test(fontsub, subsets_are_byte_identical_across_calls)
{
	struct fontsub *a = make(LATO_BOLD, NULL, 0), *b = make(LATO_BOLD, NULL, 0);
	const void *x, *y;
	size_t nx, ny;

	x = fontsub_data(a, &nx);
	y = fontsub_data(b, &ny);
	cr_assert_neq(x, y);
	cr_assert_eq(nx, ny);
	cr_assert_eq(memcmp(x, y, nx), 0);
	fontsub_free(a);
	fontsub_free(b);
}

Test(fontsub, a_file_that_is_not_a_font_is_refused_with_a_reason)
{
	char why[256] = "";

	cr_assert_null(fontsub_make(MANIFEST, NULL, 0, why, sizeof why));
	cr_assert_str_eq(why, "not a TrueType font with glyf outlines");
	cr_assert_null(fontsub_make("/nonexistent/font.ttf", NULL, 0, why, sizeof why));
	cr_assert_str_eq(why, "No such file or directory");
	cr_assert_eq(diag_status(), EXIT_OK, "fontsub reports nothing itself");
}

Test(fontsub, a_character_missing_from_the_subset_is_reported_once)
{
	/* U+0416 CYRILLIC CAPITAL LETTER ZHE: Charis SIL has it, the run's
	 * character set does not. Drawn twice in serif, once in sans-bold. */
	static const char *const texts[] = { "Año — «sí» 5 €", "\xD0\x96", "x\xD0\x96y" };
	static const int roles[] = { FONT_SERIF, FONT_SERIF, FONT_SANS_BOLD };
	hb_face_t *fullface = face_of_file(CHARIS);
	hb_set_t *full = hb_set_create();
	const char *msg;
	size_t k;
	struct pdf_fonts *f;
	struct arena *a = arena_new();
	struct layout l;
	struct layout_page pg;
	struct draw_op op;
	struct buf out = { 0 };

	hb_face_collect_unicodes(fullface, full);
	hb_face_destroy(fullface);
	cr_assert(hb_set_has(full, 0x416), "the full font has U+0416");
	hb_set_destroy(full);
	f = pdf_fonts_load(MANIFEST);
	cr_assert_not_null(f);
	memset(&l, 0, sizeof l);
	memset(&pg, 0, sizeof pg);
	l.page_w = 595, l.page_h = 842, l.pages = &pg, l.npages = 1;
	for (k = 0; k < 3; k++) {
		memset(&op, 0, sizeof op);
		op.kind = DRAW_TEXT, op.x = 72, op.y = 700 - 20.0 * (double)k, op.size = 12;
		op.font = roles[k];
		op.text = texts[k];
		draw_push(a, &pg.ops, &op);
	}
	th_capture();
	cr_assert_eq(pdf_render(f, &l, NULL, &out), 0);
	msg = th_captured();
	cr_assert_str_eq(msg, "", "recorded for the caller, not printed: %s", msg);
	{
		const struct pdf_missing *m;
		size_t n = pdf_fonts_missing(f, 0, &m);

		/* once per character and role; ñ and the em dash are in the subset */
		cr_assert_eq(n, 2, "%zu records", n);
		cr_assert_eq(m[0].cp, 0x416);
		cr_assert_str_eq(m[0].role, "serif");
		cr_assert_str_eq(m[0].font, CHARIS);
		cr_assert_eq(m[1].cp, 0x416);
		cr_assert_str_eq(m[1].role, "sans-bold");
		cr_assert_eq(pdf_fonts_missing(f, 2, &m), 0);
	}
	pdf_fonts_free(f);
	buf_free(&out);
	arena_free(a);
	th_capture_end();
}

