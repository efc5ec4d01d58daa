/*
 * pdf: the only module that talks to libharu. It loads the fonts named in the
 * font manifest once per run (subset in memory, fontsub.h), measures text for
 * the layout stage, and turns a laid-out document (layout.h) into PDF bytes:
 * Type 0 fonts cut to the glyphs the document draws, text as glyph ids with a
 * ToUnicode map, streams deflated with zlib, document information, outline,
 * internal and URI links.
 * Pipeline: layout -> pdf -> output file (written by the caller).
 */
#ifndef REPORTGEN_PDF_H
#define REPORTGEN_PDF_H

#include "layout/layout.h"

struct buf;
struct layout;

struct pdf_fonts;

/* Document information written into the PDF (all UTF-8, any may be NULL). */
struct pdf_info {
	const char *title, *author, *subject, *keywords;
};

/* Read the manifest ("ROLE PATH" lines, roles serif, serif-bold,
 * serif-italic, serif-bolditalic, sans, sans-bold, sans-italic,
 * sans-bolditalic) and load every font. On failure (manifest unreadable,
 * bad line, role missing, font file missing or unusable) reports each problem
 * with the manifest's file:line and EXIT_SYS, and returns NULL.
 * The caller frees the result with pdf_fonts_free at the end of the run. */
struct pdf_fonts *pdf_fonts_load(const char *manifest);
void pdf_fonts_free(struct pdf_fonts *f);

/* Measuring callbacks for layout_doc, valid as long as f. */
const struct draw_measure *pdf_fonts_measure(struct pdf_fonts *f);

/* Render the pages of l into PDF bytes appended to out (caller-owned buf).
 * Dates come from SOURCE_DATE_EPOCH when set (else none), so output is
 * byte-identical across runs. Returns 0, or -1 after reporting a library
 * error (EXIT_SYS); out may then hold partial bytes the caller discards. */
int pdf_render(struct pdf_fonts *f, const struct layout *l, const struct pdf_info *info,
               struct buf *out);

#endif
