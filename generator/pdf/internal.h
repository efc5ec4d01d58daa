/*
 * fontsub: TrueType fonts cut down with HarfBuzz, in memory.
 * Pipeline: fonts/manifest -> fontsub -> pdf (measuring, then embedding).
 *
 * Once per run, fontsub_make subsets each manifest font to a fixed character
 * set (fontsub_charset), without hinting, keeping the OpenType layout tables
 * that shaping reads (GSUB, GPOS, GDEF, kern), and reads
 * from the subset everything the rest of the pipeline needs: the glyph of
 * each character, advance widths, the metrics a PDF font descriptor states,
 * and the PostScript name. The character set is fixed and independent of the
 * documents, so every document and every shard of a run sees the same glyph
 * ids.
 *
 * For each document, fontsub_glyph_subset cuts the run's subset down again to
 * the glyphs the document draws, keeping their ids, so the PDF embeds only
 * those outlines and its text can name glyphs by run-wide id.
 *
 * Nothing is written to disk.
 */
#ifndef REPORTGEN_FONTSUB_H
#define REPORTGEN_FONTSUB_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct fontsub;   /* one subset font */

/* Metrics in 1/1000 em (the unit of PDF font programs), truncated towards
 * zero from font units. */
struct fontsub_info {
	int ascent, descent;       /* hhea ascender, descender (descent < 0) */
	int cap_height;            /* top of 'H', 0 without one */
	int bbox[4];               /* head xMin, yMin, xMax, yMax */
	int missing_width;         /* advance of glyph 0 */
	double italic_angle;       /* post, degrees */
	int italic, serif, fixed;  /* OS/2 fsSelection bit 0, sFamilyClass 1-7, post isFixedPitch */
	char psname[64];           /* PostScript name, PDF name characters only */
};

/* The run's character set: a sorted list of Unicode code points (Basic
 * Latin, Latin-1, Latin Extended-A, typographic spaces, dashes, quotes,
 * bullets, ellipsis, euro, minus, arrows and a few marks the templates use).
 * Sets *n; the array is static. */
const uint32_t *fontsub_charset(size_t *n);

/* Subset the TrueType file src to the code points cps[0..n) (cps == NULL:
 * fontsub_charset), in memory. Hinting, glyph names and the layout tables
 * shaping does not read (Graphite, AAT, BASE, JSTF ...) are dropped; glyph outlines, metrics, cmap,
 * name, OS/2, post stay, and the .notdef outline is kept so a missing
 * character shows as a box. Returns a handle the caller frees with
 * fontsub_free, or NULL with the reason in why[0..cap) (unreadable file, not
 * a TrueType font with glyf outlines, HarfBuzz failed). */
struct fontsub *fontsub_make(const char *src, const uint32_t *cps, size_t n, char *why,
                             size_t cap);

/* Glyph id of code point cp, 0 when the subset has none. */
unsigned fontsub_gid(const struct fontsub *s, uint32_t cp);

/* 1 if code point cp has a glyph in the subset (it was requested and the
 * source font has it), else 0. */
int fontsub_covers(const struct fontsub *s, uint32_t cp);

/* Advance width of glyph gid in 1/1000 em (the missing width for an id out of
 * range), and the code point the glyph stands for (the lowest of several; 0
 * for none). */
int fontsub_width(const struct fontsub *s, unsigned gid);
uint32_t fontsub_unicode(const struct fontsub *s, unsigned gid);

/* The letters a ligature glyph stands for ("fi"), NULL for any other. */
const char *fontsub_ligature(const struct fontsub *s, unsigned gid);

/* One glyph of shaped text. */
struct fontsub_glyph {
	unsigned gid;              /* glyph id in the run's subset */
	size_t cluster;            /* byte offset of its first character in the text */
	double kern;               /* 1/1000 em added to fontsub_width(gid) (kerning) */
};

/* Shape UTF-8 text[0..len) with HarfBuzz: standard ligatures (fi, fl, ff,
 * ffi, ffl) and kerning (GPOS or kern), nothing else. Writes up to max
 * glyphs to out and returns how many the text has (call again with more
 * room when that is larger than max). The advance of glyph i is
 * fontsub_width(gid) + kern, in 1/1000 em. */
size_t fontsub_shape(const struct fontsub *s, const char *text, size_t len,
                     struct fontsub_glyph *out, size_t max);

const struct fontsub_info *fontsub_info(const struct fontsub *s);

/* Number of glyphs in the subset (including .notdef), and its bytes. */
unsigned fontsub_glyph_count(const struct fontsub *s);
size_t fontsub_file_size(const struct fontsub *s);
const void *fontsub_data(const struct fontsub *s, size_t *len);

/* Append to out a TrueType font holding the glyphs of s flagged in
 * used[0..fontsub_glyph_count(s)) plus .notdef and the components of
 * composite glyphs, every glyph keeping its id in s (the others are empty).
 * Returns 0, or -1 when HarfBuzz fails (out is then unchanged). */
int fontsub_glyph_subset(const struct fontsub *s, const unsigned char *used, struct buf *out);

/* Free s (NULL is fine). */
void fontsub_free(struct fontsub *s);

#endif
