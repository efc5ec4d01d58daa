/*
 * fontsub: TrueType subsetting with HarfBuzz, once per run.
 * Pipeline: fonts/manifest -> fontsub -> pdf (libharu loads the subsets).
 *
 * libharu embeds a TrueType font by copying its cmap, hmtx, loca, name and
 * post tables whole and building a 65536-entry width table from the cmap, so
 * a large font (Charis SIL covers thousands of characters) costs tens of KB and
 * several milliseconds in every PDF. fontsub cuts each font down to a fixed
 * character set (fontsub_charset) without hinting or OpenType layout tables,
 * and writes it where libharu can read it: libharu loads fonts from files only.
 *
 * The character set is fixed and independent of the documents, so every
 * document of a run, and every shard of a run, embeds the same subset.
 *
 * Temporary files: the first fontsub_make of a process creates one private
 * folder (mkdtemp, mode 0700) under $TMPDIR, or /tmp when TMPDIR is unset or
 * empty. fontsub_cleanup removes the folder and every subset in it; it is
 * registered with atexit, and SIGINT, SIGTERM and SIGHUP remove the files too
 * before passing the signal on to the handler that was installed before
 * (or the default action). fontsub_free removes one subset file early.
 */
#ifndef REPORTGEN_FONTSUB_H
#define REPORTGEN_FONTSUB_H

#include <stddef.h>
#include <stdint.h>

struct fontsub;   /* one subset font file */

/* The run's character set: a sorted list of Unicode code points (Basic
 * Latin, Latin-1, Latin Extended-A, typographic spaces, dashes, quotes,
 * bullets, ellipsis, euro, minus, arrows and a few marks the templates use).
 * Sets *n; the array is static. */
const uint32_t *fontsub_charset(size_t *n);

/* Subset the TrueType file src to the code points cps[0..n) (cps == NULL:
 * fontsub_charset) and write the result into the run's temporary folder.
 * Hinting, glyph names and layout tables (GSUB, GPOS, GDEF, kern, Graphite
 * ...) are dropped; glyph outlines, metrics, cmap, name, OS/2, post stay, and
 * the .notdef outline is kept so a missing character shows as a box.
 * Returns a handle the caller frees with fontsub_free, or NULL after
 * reporting the problem (EXIT_SYS) with the font's path. */
struct fontsub *fontsub_make(const char *src, const uint32_t *cps, size_t n);

/* Path of the subset file (owned by s, valid until fontsub_free or
 * fontsub_cleanup). */
const char *fontsub_path(const struct fontsub *s);

/* 1 if code point cp has a glyph in the subset (it was requested and the
 * source font has it), else 0. */
int fontsub_covers(const struct fontsub *s, uint32_t cp);

/* Number of glyphs in the subset (including .notdef) and its file size. */
unsigned fontsub_glyph_count(const struct fontsub *s);
size_t fontsub_file_size(const struct fontsub *s);

/* Remove the subset file and free s (NULL is fine). */
void fontsub_free(struct fontsub *s);

/* The temporary folder, or NULL when none exists (none made yet, or
 * removed by fontsub_cleanup). The string is static. */
const char *fontsub_dir(void);

/* Remove every subset file still present and the temporary folder. Handles
 * stay allocated but their paths no longer exist; a later fontsub_make
 * creates a new folder. Called at exit. */
void fontsub_cleanup(void);

#endif
