/*
 * fontsub: TrueType subsetting and font metrics with HarfBuzz (see fontsub.h).
 *
 * The run's subset is parsed once: a 65,536-entry table from code point to
 * glyph id, a table of advance widths in 1/1000 em and the reverse map from
 * glyph to code point (for the PDF's ToUnicode map). The metrics follow the
 * same rules as libharu's TrueType reader (hhea ascender and descender, head
 * bounding box, advance * 1000 / unitsPerEm truncated), so layout measures
 * what earlier versions measured.
 */
#include "pdf/internal.h"
#include "base/base.h"

#include <hb.h>
#include <hb-ot.h>
#include <hb-subset.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fontsub {
	hb_blob_t *blob;               /* the subset font's bytes */
	hb_face_t *face;               /* parsed from blob */
	unsigned glyphs;               /* glyph count */
	uint16_t gid[65536];           /* BMP code point -> glyph id, 0 = none */
	int16_t *width;                /* [glyphs] advance, 1/1000 em */
	uint32_t *unicode;             /* [glyphs] code point, 0 = none */
	const char **lig;              /* [glyphs] letters of a ligature glyph, or NULL */
	char (*ligtext)[4];            /* [glyphs] storage of those letters */
	hb_font_t *font;               /* for shaping (kerning, ligatures) */
	unsigned upem;                 /* font units per em */
	struct fontsub_info info;
};

/* Ligatures are looked for among the three-letter sequences "ff" + a
 * letter (ffi, ffl) and every two letters (fi, fl, ff, and whatever else a
 * font's 'liga' holds, such as Lato's "ti"). */
static const char lig_letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* Inclusive code point ranges of the run's character set. Built from the
 * characters the templates and data use (Spanish and English text, dashes,
 * bullets, ordinal signs, multiplication sign) plus the usual typographic
 * marks an edition may add; see fontsub.h. */
static const uint32_t charset_ranges[][2] = {
	{ 0x0020, 0x007E },   /* Basic Latin */
	{ 0x00A0, 0x00FF },   /* Latin-1: no-break space, ¡ ¿ « » º ª × é ñ ... */
	{ 0x0100, 0x017F },   /* Latin Extended-A */
	{ 0x2002, 0x200A },   /* en, em, figure, punctuation, thin, hair spaces */
	{ 0x2010, 0x2015 },   /* hyphen, non-breaking hyphen, figure/en/em dash, bar */
	{ 0x2018, 0x201F },   /* single and double quotes */
	{ 0x2020, 0x2022 },   /* dagger, double dagger, bullet */
	{ 0x2026, 0x2026 },   /* ellipsis */
	{ 0x202F, 0x2030 },   /* narrow no-break space, per mille */
	{ 0x2032, 0x2033 },   /* prime, double prime */
	{ 0x2039, 0x203A },   /* single guillemets */
	{ 0x2044, 0x2044 },   /* fraction slash */
	{ 0x20AC, 0x20AC },   /* euro */
	{ 0x2122, 0x2122 },   /* trade mark */
	{ 0x2190, 0x2193 },   /* arrows */
	{ 0x2212, 0x2212 },   /* minus */
	{ 0x2248, 0x2248 },   /* almost equal */
	{ 0x2260, 0x2260 },   /* not equal */
	{ 0x2264, 0x2265 },   /* less/greater or equal */
	{ 0x25A0, 0x25A0 },   /* black square */
	{ 0x25B2, 0x25B2 },   /* up triangle */
	{ 0x25B6, 0x25B6 },   /* right triangle */
	{ 0x25BA, 0x25BA },   /* right pointer */
	{ 0x25BC, 0x25BC },   /* down triangle */
	{ 0x25CF, 0x25CF },   /* black circle */
	{ 0xFFFD, 0xFFFD },   /* replacement character */
};

static uint32_t charset_cps[600];
static size_t charset_n;

const uint32_t *fontsub_charset(size_t *n)
{
	size_t i;
	uint32_t c;

	if (charset_n == 0)
		for (i = 0; i < sizeof charset_ranges / sizeof charset_ranges[0]; i++)
			for (c = charset_ranges[i][0]; c <= charset_ranges[i][1]; c++)
				if (charset_n < sizeof charset_cps / sizeof charset_cps[0])
					charset_cps[charset_n++] = c;
	*n = charset_n;
	return charset_cps;
}

/* ---- reading tables ---- */

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static int sbe16(const unsigned char *p)
{
	return (int16_t)(uint16_t)be16(p);
}

/* The bytes of table tag, or NULL when it is missing or shorter than need. */
static const unsigned char *table(hb_face_t *face, const char *tag, unsigned need,
                                  hb_blob_t **keep, unsigned *len)
{
	const char *d;
	unsigned n;

	*keep = hb_face_reference_table(face, hb_tag_from_string(tag, 4));
	d = hb_blob_get_data(*keep, &n);
	if (len)
		*len = n;
	return d != NULL && n >= need ? (const unsigned char *)d : NULL;
}

static int to_1000(long v, unsigned upem)
{
	return (int)(v * 1000 / (long)upem);
}

/* Keep letters, digits and '-' (a PDF name without escapes). */
static void set_psname(struct fontsub *s)
{
	char name[128];
	unsigned len = sizeof name;
	size_t i, k = 0;

	if (hb_ot_name_get_utf8(s->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len,
	                        name) == 0)
		snprintf(name, sizeof name, "Font");
	for (i = 0; name[i] && k + 1 < sizeof s->info.psname; i++)
		if ((name[i] >= 'A' && name[i] <= 'Z') || (name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '-')
			s->info.psname[k++] = name[i];
	if (k == 0)
		snprintf(s->info.psname, sizeof s->info.psname, "Font");
}

/* Metrics and maps of the subset; -1 with why set when a table is missing. */
/* Record a ligature glyph made of the letters l[0..n) (stored in s->ligtext). */
static void try_ligature(struct fontsub *s, const char *l, size_t n)
{
	struct fontsub_glyph g[4];
	unsigned gid;

	if (fontsub_shape(s, l, n, g, 4) != 1)
		return;
	gid = g[0].gid;
	if (gid == 0 || gid >= s->glyphs || s->unicode[gid] != 0 || s->lig[gid] != NULL)
		return;
	memcpy(s->ligtext[gid], l, n);
	s->ligtext[gid][n] = '\0';
	s->lig[gid] = s->ligtext[gid];
}

/* Glyphs that shaping makes of several letters: s->lig names their letters
 * (for the PDF's ToUnicode map). Triples first, so "ffi" is not taken for
 * a two-letter ligature. */
static void find_ligatures(struct fontsub *s)
{
	size_t i, j, nl = sizeof lig_letters - 1;
	char l[4];

	s->lig = xmalloc(s->glyphs * sizeof *s->lig);
	memset(s->lig, 0, s->glyphs * sizeof *s->lig);
	s->ligtext = xmalloc(s->glyphs * sizeof *s->ligtext);
	l[0] = l[1] = 'f';
	for (i = 0; i < nl; i++) {
		l[2] = lig_letters[i];
		try_ligature(s, l, 3);
	}
	for (i = 0; i < nl; i++)
		for (j = 0; j < nl; j++) {
			l[0] = lig_letters[i];
			l[1] = lig_letters[j];
			try_ligature(s, l, 2);
		}
}

static int read_font(struct fontsub *s, char *why, size_t cap)
{
	hb_blob_t *bh, *bv, *bm, *bo, *bp;
	const unsigned char *head, *hhea, *hmtx, *os2, *post;
	unsigned upem, nmetrics, mlen, g, olen;
	hb_set_t *uni;
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	hb_font_t *font;
	hb_glyph_extents_t ext;
	int rc = -1;

	head = table(s->face, "head", 54, &bh, NULL);
	hhea = table(s->face, "hhea", 36, &bv, NULL);
	hmtx = table(s->face, "hmtx", 4, &bm, &mlen);
	os2 = table(s->face, "OS/2", 64, &bo, &olen);
	post = table(s->face, "post", 16, &bp, NULL);
	if (head == NULL || hhea == NULL || hmtx == NULL) {
		snprintf(why, cap, "it has no %s table", head == NULL ? "head" :
		         hhea == NULL ? "hhea" : "hmtx");
		goto out;
	}
	upem = be16(head + 18);
	nmetrics = be16(hhea + 34);
	if (upem < 16 || nmetrics == 0 || (size_t)nmetrics * 4 > mlen) {
		snprintf(why, cap, "its head, hhea or hmtx table is malformed");
		goto out;
	}
	s->info.ascent = to_1000(sbe16(hhea + 4), upem);
	s->info.descent = to_1000(sbe16(hhea + 6), upem);
	s->info.bbox[0] = to_1000(sbe16(head + 36), upem);
	s->info.bbox[1] = to_1000(sbe16(head + 38), upem);
	s->info.bbox[2] = to_1000(sbe16(head + 40), upem);
	s->info.bbox[3] = to_1000(sbe16(head + 42), upem);
	if (os2 != NULL) {
		int fam = sbe16(os2 + 30) >> 8;

		s->info.serif = fam >= 1 && fam <= 7;
		s->info.italic = be16(os2 + 62) & 1;
	}
	if (post != NULL) {
		int32_t fixed = (int32_t)((uint32_t)be16(post + 4) << 16 | be16(post + 6));

		s->info.italic_angle = fixed / 65536.0;
		s->info.fixed = (be16(post + 12) << 16 | be16(post + 14)) != 0;
	}
	s->width = xmalloc(s->glyphs * sizeof *s->width);
	s->unicode = xmalloc(s->glyphs * sizeof *s->unicode);
	memset(s->unicode, 0, s->glyphs * sizeof *s->unicode);
	for (g = 0; g < s->glyphs; g++) {
		unsigned adv = be16(hmtx + 4 * (g < nmetrics ? g : nmetrics - 1));

		s->width[g] = (int16_t)(adv * 1000 / upem);
	}
	s->info.missing_width = s->width[0];

	font = hb_font_create(s->face);
	uni = hb_set_create();
	hb_face_collect_unicodes(s->face, uni);
	while (hb_set_next(uni, &cp)) {
		hb_codepoint_t gid;

		if (cp > 0xFFFF || !hb_font_get_nominal_glyph(font, cp, &gid) || gid == 0 ||
		    gid >= s->glyphs)
			continue;
		s->gid[cp] = (uint16_t)gid;
		if (s->unicode[gid] == 0)   /* the set runs upwards: the lowest wins */
			s->unicode[gid] = cp;
	}
	hb_set_destroy(uni);
	if (s->gid['H'] && hb_font_get_glyph_extents(font, s->gid['H'], &ext))
		s->info.cap_height = to_1000(ext.y_bearing, upem);
	s->font = font;
	s->upem = upem;
	find_ligatures(s);
	set_psname(s);
	rc = 0;
out:
	hb_blob_destroy(bh);
	hb_blob_destroy(bv);
	hb_blob_destroy(bm);
	hb_blob_destroy(bo);
	hb_blob_destroy(bp);
	return rc;
}

/* ---- checking the source font ----
 *
 * A font is refused, before it is subset, when it is damaged: a table that
 * lies outside the file or whose checksum does not match the table
 * directory (random or truncated bytes), a cmap that HarfBuzz's sanitizer
 * rejects or that does not cover the letters and digits of Basic Latin, or
 * a glyph of the run's character set whose outline does not load: its
 * extents cannot be read, it has extents but draws no point, or it draws
 * points far outside the font's bounding box. HarfBuzz's sanitizer turns a
 * table it rejects into an empty one: the checks read the font through
 * HarfBuzz, so such a table shows as a glyph that does not load. */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The table directory: every table inside the file, checksums right. */
static int check_tables(hb_blob_t *blob, char *why, size_t cap)
{
	unsigned len;
	const unsigned char *d = (const unsigned char *)hb_blob_get_data(blob, &len);
	unsigned n, i;

	if (d == NULL || len < 12 || (be32(d) != 0x00010000 && memcmp(d, "true", 4) != 0)) {
		snprintf(why, cap, "not a TrueType font with glyf outlines");
		return -1;
	}
	n = be16(d + 4);
	if (n == 0 || 12 + 16 * (size_t)n > len)
		goto short_file;
	for (i = 0; i < n; i++) {
		const unsigned char *e = d + 12 + 16 * i;
		uint32_t sum = 0, want = be32(e + 4), off = be32(e + 8), tl = be32(e + 12), k;
		char tag[5];

		memcpy(tag, e, 4);
		tag[4] = '\0';
		for (k = 0; k < 4; k++)
			if ((unsigned char)tag[k] < 0x20 || (unsigned char)tag[k] > 0x7E)
				tag[k] = '?';
		if (off > len || tl > len - off) {
			snprintf(why, cap, "table '%s' lies outside the file (truncated or damaged)", tag);
			return -1;
		}
		for (k = 0; k < tl; k += 4) {
			unsigned char w[4] = { 0, 0, 0, 0 };

			memcpy(w, d + off + k, tl - k < 4 ? tl - k : 4);
			/* head's checkSumAdjustment (bytes 8..11) counts as zero */
			if (memcmp(tag, "head", 4) == 0 && k == 8)
				continue;
			sum += be32(w);
		}
		if (sum != want) {
			snprintf(why, cap, "table '%s' is damaged: its checksum does not match the font's "
			         "table directory", tag);
			return -1;
		}
	}
	return 0;
short_file:
	snprintf(why, cap, "not a TrueType font: its table directory is missing or truncated");
	return -1;
}

struct outline {
	unsigned points;
	float x0, y0, x1, y1;
};

static void out_point(struct outline *o, float x, float y)
{
	if (o->points++ == 0) {
		o->x0 = o->x1 = x;
		o->y0 = o->y1 = y;
		return;
	}
	o->x0 = x < o->x0 ? x : o->x0;
	o->x1 = x > o->x1 ? x : o->x1;
	o->y0 = y < o->y0 ? y : o->y0;
	o->y1 = y > o->y1 ? y : o->y1;
}

static void draw_move(hb_draw_funcs_t *df, void *o, hb_draw_state_t *st, float x, float y,
                      void *u)
{
	(void)df;
	(void)st;
	(void)u;
	out_point(o, x, y);
}

static void draw_quad(hb_draw_funcs_t *df, void *o, hb_draw_state_t *st, float cx, float cy,
                      float x, float y, void *u)
{
	(void)df;
	(void)st;
	(void)u;
	out_point(o, cx, cy);
	out_point(o, x, y);
}

static void draw_cubic(hb_draw_funcs_t *df, void *o, hb_draw_state_t *st, float c1x, float c1y,
                       float c2x, float c2y, float x, float y, void *u)
{
	(void)df;
	(void)st;
	(void)u;
	out_point(o, c1x, c1y);
	out_point(o, c2x, c2y);
	out_point(o, x, y);
}

/* cmap and outlines, read through HarfBuzz. */
static int check_glyphs(hb_face_t *face, const uint32_t *cps, size_t n, char *why, size_t cap)
{
	hb_font_t *font = hb_font_create(face);
	hb_draw_funcs_t *df = hb_draw_funcs_create();
	hb_blob_t *bh;
	const unsigned char *head = table(face, "head", 54, &bh, NULL);
	unsigned glyphs = hb_face_get_glyph_count(face);
	float margin, bx0, by0, bx1, by1;
	int rc = -1;
	size_t i;

	hb_draw_funcs_set_move_to_func(df, draw_move, NULL, NULL);
	hb_draw_funcs_set_line_to_func(df, draw_move, NULL, NULL);
	hb_draw_funcs_set_quadratic_to_func(df, draw_quad, NULL, NULL);
	hb_draw_funcs_set_cubic_to_func(df, draw_cubic, NULL, NULL);
	hb_draw_funcs_make_immutable(df);
	if (head == NULL) {
		snprintf(why, cap, "its head table is missing or rejected by HarfBuzz's sanitizer");
		goto out;
	}
	/* the font's bounding box, widened by its em: outlines stay inside */
	margin = (float)be16(head + 18);
	bx0 = (float)sbe16(head + 36) - margin;
	by0 = (float)sbe16(head + 38) - margin;
	bx1 = (float)sbe16(head + 40) + margin;
	by1 = (float)sbe16(head + 42) + margin;
	for (i = 0; i < 62; i++) {
		static const char basic[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
		hb_codepoint_t g;

		if (!hb_font_get_nominal_glyph(font, (hb_codepoint_t)basic[i], &g) || g == 0) {
			snprintf(why, cap, "its cmap does not cover the text: no glyph for '%c'%s", basic[i],
			         i == 0 ? " (the cmap table is missing, or HarfBuzz's sanitizer rejects it)"
			                : "");
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		hb_codepoint_t g;
		hb_glyph_extents_t ext;
		struct outline o = { 0, 0, 0, 0, 0 };

		if (!hb_font_get_nominal_glyph(font, cps[i], &g) || g == 0)
			continue;
		if (g >= glyphs || !hb_font_get_glyph_extents(font, g, &ext)) {
			snprintf(why, cap, "the outline of U+%04X (glyph %u) does not load", (unsigned)cps[i],
			         (unsigned)g);
			goto out;
		}
		hb_font_get_glyph_shape(font, g, df, &o);
		if ((ext.width != 0 || ext.height != 0) && o.points == 0) {
			snprintf(why, cap, "the outline of U+%04X (glyph %u) does not load: it draws nothing",
			         (unsigned)cps[i], (unsigned)g);
			goto out;
		}
		if (o.points > 0 && (o.x0 < bx0 || o.y0 < by0 || o.x1 > bx1 || o.y1 > by1)) {
			snprintf(why, cap, "the outline of U+%04X (glyph %u) is damaged: it lies outside "
			         "the font's bounding box", (unsigned)cps[i], (unsigned)g);
			goto out;
		}
	}
	rc = 0;
out:
	hb_blob_destroy(bh);
	hb_draw_funcs_destroy(df);
	hb_font_destroy(font);
	return rc;
}

/* ---- subsetting ---- */

static void drop_tables(hb_subset_input_t *in, int keep_layout)
{
	/* Tables a PDF viewer never reads from an embedded font: OpenType and AAT layout, Graphite (Charis
	 * SIL), kerning, device metrics, signatures, vertical metrics. The run's
	 * subset keeps GSUB, GPOS, GDEF and kern (the first four): shaping reads
	 * them; a document's embedded cut drops them too. */
	static const char *const tags[] = {
		"GSUB", "GPOS", "GDEF", "kern", "BASE", "JSTF", "MATH", "morx", "mort",
		"kerx", "feat", "Feat", "Glat", "Gloc", "Silf", "Sill", "gasp", "hdmx",
		"LTSH", "VDMX", "DSIG", "vhea", "vmtx", "PCLT", "meta", "FFTM", "STAT"
	};
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	size_t i;

	for (i = keep_layout ? 4 : 0; i < sizeof tags / sizeof tags[0]; i++)
		hb_set_add(drop, hb_tag_from_string(tags[i], 4));
}

struct fontsub *fontsub_make(const char *src, const uint32_t *cps, size_t n, char *why,
                             size_t cap)
{
	struct fontsub *s = NULL;
	hb_blob_t *blob = NULL, *glyf = NULL;
	hb_face_t *face = NULL, *sub = NULL;
	hb_subset_input_t *in = NULL;
	hb_set_t *uni;
	size_t i;

	if (cps == NULL)
		cps = fontsub_charset(&n);
	errno = 0;
	blob = hb_blob_create_from_file_or_fail(src);
	if (blob == NULL) {
		snprintf(why, cap, "%s", errno ? strerror(errno) : "cannot read it");
		goto fail;
	}
	if (check_tables(blob, why, cap) != 0)
		goto fail;
	face = hb_face_create(blob, 0);
	glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
	if (hb_face_get_glyph_count(face) == 0 || hb_blob_get_length(glyf) == 0) {
		snprintf(why, cap, "not a TrueType font with glyf outlines");
		goto fail;
	}
	if (check_glyphs(face, cps, n, why, cap) != 0)
		goto fail;
	in = hb_subset_input_create_or_fail();
	if (in == NULL) {
		snprintf(why, cap, "out of memory");
		goto fail;
	}
	uni = hb_subset_input_unicode_set(in);
	for (i = 0; i < n; i++)
		hb_set_add(uni, cps[i]);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
	drop_tables(in, 1);
	sub = hb_subset_or_fail(face, in);
	if (sub == NULL) {
		snprintf(why, cap, "HarfBuzz could not subset it");
		goto fail;
	}
	s = xmalloc(sizeof *s);
	memset(s, 0, sizeof *s);
	s->blob = hb_face_reference_blob(sub);   /* serialises the builder once */
	s->face = hb_face_create(s->blob, 0);
	s->glyphs = hb_face_get_glyph_count(s->face);
	if (hb_blob_get_length(s->blob) == 0 || s->glyphs == 0) {
		snprintf(why, cap, "HarfBuzz produced an empty subset");
		goto fail;
	}
	if (read_font(s, why, cap) != 0)
		goto fail;
	hb_face_destroy(sub);
	hb_subset_input_destroy(in);
	hb_blob_destroy(glyf);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return s;

fail:
	fontsub_free(s);
	hb_face_destroy(sub);
	hb_subset_input_destroy(in);
	hb_blob_destroy(glyf);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return NULL;
}

int fontsub_glyph_subset(const struct fontsub *s, const unsigned char *used, struct buf *out)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_set_t *gs, *uni;
	hb_face_t *sub;
	hb_blob_t *blob;
	const char *data;
	unsigned g, len;

	if (in == NULL)
		return -1;
	gs = hb_subset_input_glyph_set(in);
	uni = hb_subset_input_unicode_set(in);
	hb_set_add(gs, 0);
	for (g = 1; g < s->glyphs; g++)
		if (used[g]) {
			hb_set_add(gs, g);
			if (s->unicode[g])
				hb_set_add(uni, s->unicode[g]);   /* keeps a cmap for viewers */
		}
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE |
	                              HB_SUBSET_FLAGS_RETAIN_GIDS);
	drop_tables(in, 0);
	sub = hb_subset_or_fail(s->face, in);
	hb_subset_input_destroy(in);
	if (sub == NULL)
		return -1;
	blob = hb_face_reference_blob(sub);
	data = hb_blob_get_data(blob, &len);
	if (data == NULL || len == 0) {
		hb_blob_destroy(blob);
		hb_face_destroy(sub);
		return -1;
	}
	buf_add(out, data, len);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	return 0;
}

unsigned fontsub_gid(const struct fontsub *s, uint32_t cp)
{
	return s != NULL && cp <= 0xFFFF ? s->gid[cp] : 0;
}

int fontsub_covers(const struct fontsub *s, uint32_t cp)
{
	return fontsub_gid(s, cp) != 0;
}

int fontsub_width(const struct fontsub *s, unsigned gid)
{
	return gid < s->glyphs ? s->width[gid] : s->info.missing_width;
}

uint32_t fontsub_unicode(const struct fontsub *s, unsigned gid)
{
	return gid < s->glyphs ? s->unicode[gid] : 0;
}

const char *fontsub_ligature(const struct fontsub *s, unsigned gid)
{
	return gid < s->glyphs && s->lig ? s->lig[gid] : NULL;
}

size_t fontsub_shape(const struct fontsub *s, const char *text, size_t len,
                     struct fontsub_glyph *out, size_t max)
{
	static const hb_feature_t feats[] = {
		{ HB_TAG('k', 'e', 'r', 'n'), 1, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END },
		{ HB_TAG('l', 'i', 'g', 'a'), 1, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END },
		{ HB_TAG('c', 'a', 'l', 't'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END },
		{ HB_TAG('c', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END },
	};
	hb_buffer_t *b = hb_buffer_create();
	hb_glyph_info_t *gi;
	hb_glyph_position_t *gp;
	unsigned n, i;

	hb_buffer_add_utf8(b, text, (int)len, 0, (int)len);
	hb_buffer_set_direction(b, HB_DIRECTION_LTR);
	hb_buffer_set_script(b, HB_SCRIPT_LATIN);
	hb_buffer_set_language(b, hb_language_from_string("en", -1));
	hb_shape(s->font, b, feats, sizeof feats / sizeof feats[0]);
	gi = hb_buffer_get_glyph_infos(b, &n);
	gp = hb_buffer_get_glyph_positions(b, NULL);
	for (i = 0; i < n && i < max; i++) {
		unsigned g = gi[i].codepoint;
		int nominal = hb_font_get_glyph_h_advance(s->font, g);

		out[i].gid = g;
		out[i].cluster = gi[i].cluster;
		out[i].kern = (double)(gp[i].x_advance - nominal) * 1000.0 / s->upem;
	}
	hb_buffer_destroy(b);
	return n;
}

const struct fontsub_info *fontsub_info(const struct fontsub *s)
{
	return &s->info;
}

unsigned fontsub_glyph_count(const struct fontsub *s)
{
	return s->glyphs;
}

size_t fontsub_file_size(const struct fontsub *s)
{
	return hb_blob_get_length(s->blob);
}

const void *fontsub_data(const struct fontsub *s, size_t *len)
{
	unsigned n;
	const char *d = hb_blob_get_data(s->blob, &n);

	*len = n;
	return d;
}

void fontsub_free(struct fontsub *s)
{
	if (s == NULL)
		return;
	hb_font_destroy(s->font);
	hb_face_destroy(s->face);
	hb_blob_destroy(s->blob);
	free(s->width);
	free(s->unicode);
	free(s->lig);
	free(s->ligtext);
	free(s);
}
