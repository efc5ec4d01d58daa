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
 * sans-bolditalic, each optionally with a "ROLE-fallback PATH" line) and load
 * every font. On failure (manifest unreadable, bad line, role missing, font
 * file missing, unusable or damaged: see fontsub_make) reports each problem
 * with the manifest's file:line and EXIT_SYS, and returns NULL.
 * The caller frees the result with pdf_fonts_free at the end of the run. */
struct pdf_fonts *pdf_fonts_load(const char *manifest);
void pdf_fonts_free(struct pdf_fonts *f);

/* Characters some document drew that neither the font of their role nor
 * the role's fallback (a "ROLE-fallback PATH" manifest line) has a glyph
 * for: they would print as boxes. pdf_render records each (role,
 * character) once per run; the caller reports them as errors with the place
 * that uses them. Sets *m to the records from index from on and returns how
 * many there are. */
struct pdf_missing {
	const char *role;        /* "serif", ... */
	const char *font;        /* the role's font file */
	unsigned cp;             /* the character */
	int outside;             /* 1: not in the run's character set (fontsub.h) at all */
};
size_t pdf_fonts_missing(const struct pdf_fonts *f, size_t from, const struct pdf_missing **m);

/* Measuring callbacks for layout_doc, valid as long as f. */
const struct draw_measure *pdf_fonts_measure(struct pdf_fonts *f);

/* Render the pages of l into PDF bytes appended to out (caller-owned buf).
 * Dates come from SOURCE_DATE_EPOCH when set (else none), so output is
 * byte-identical across runs. Returns 0, or -1 after reporting a library
 * error (EXIT_SYS); out may then hold partial bytes the caller discards. */
int pdf_render(struct pdf_fonts *f, const struct layout *l, const struct pdf_info *info,
               struct buf *out);

#endif
