/*
 * base: what every stage uses and that depends on no stage: the arena and the
 * byte buffer, diagnostics, staged all-or-nothing output files, the program's
 * own words per language, number formatting, edit distance, UTF-8.
 */
#ifndef REPORTGEN_BASE_H
#define REPORTGEN_BASE_H

/*
 * arena: the run's memory. Everything a stage builds (tables, figures, the
 * document tree, page boxes) lives in an arena that is freed as a whole.
 * Out of memory is reported (exit 3) and ends the process.
 */

#include <stddef.h>

struct arena;

/* A new empty arena; free it with arena_free. Never returns NULL. */
struct arena *arena_new(void);
/* Free every block of the arena and the arena itself. NULL is fine. */
void arena_free(struct arena *a);
/* Forget everything allocated, keep the first block for reuse. */
void arena_reset(struct arena *a);

/* Zeroed memory, aligned for any type, owned by the arena. */
void *arena_alloc(struct arena *a, size_t size);
/* Zeroed array of n elements of size; checks overflow. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* Copy of s (NUL-terminated) / of s[0..n) plus NUL, owned by the arena. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Grow an arena array: returns a copy of old (old_n elements) with room for
 * new_n elements; the old memory is simply abandoned to the arena. */
void *arena_grow(struct arena *a, void *old, size_t old_n, size_t new_n, size_t size);
/* The same, leaving the new elements past old_n uninitialised: for arrays
 * that write every element they add (draw lists, line-breaking items). */
void *arena_grow_raw(struct arena *a, void *old, size_t old_n, size_t new_n, size_t size);
/* Bytes handed out so far (for the benchmark). */
size_t arena_used(const struct arena *a);

/* Checked malloc/realloc for the few owners outside arenas (buf). */
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);


/*
 * buf: a growable byte buffer (heap-owned; the one other malloc user).
 */

#include <stddef.h>

struct buf {
	char *data;   /* always NUL-terminated when len > 0 or after buf_cstr */
	size_t len;
	size_t cap;
};

/* Append bytes / a C string / one byte / printf output. */
void buf_add(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Make room for n more bytes (and the NUL) without changing the contents:
 * a caller may then write up to n bytes at data + len and raise len. */
void buf_reserve(struct buf *b, size_t n);
/* NUL-terminated contents (never NULL). */
const char *buf_cstr(struct buf *b);
void buf_clear(struct buf *b);
void buf_free(struct buf *b);

/* Read a whole file into b. Returns 0, or -1 with errno set (no message). */
int buf_read_file(struct buf *b, const char *path);

/* A folder held in memory, for the whole-path fuzzer (tests/fuzz/fuzz_run.c):
 * while dir is mounted, buf_read_file and buf_file_exists answer every path
 * dir/NAME from files[0..n) (NAME missing: ENOENT) and never touch the disk
 * for it; other paths are read as usual. dir NULL unmounts. The caller keeps
 * files alive while mounted. */
struct buf_memfile {
	const char *name;
	const char *data;
	size_t len;
};
void buf_mem_mount(const char *dir, const struct buf_memfile *files, size_t n);
int buf_mem_mounted(const char *path);          /* path is dir or inside it */
int buf_file_exists(const char *path);          /* access(F_OK), mount-aware */


/*
 * diag: every user-facing message goes through here.
 * Position of the pipeline: used by every stage; depends on nothing.
 *
 * Messages have one form:
 *   reportgen: FILE:LINE:COL: error: WHAT
 * (":COL" omitted when col is 0, "FILE:LINE:" omitted when there is no file).
 * The module remembers the worst exit status seen, so a stage can report every
 * problem of an input and the caller stops before the next stage.
 */

#include <stdio.h>

/* A place in an input file. file is borrowed (usually arena-owned). */
struct srcloc {
	const char *file;
	int line;   /* 1-based; 0 = whole file */
	int col;    /* 1-based, in characters; 0 = whole line */
};

/* Exit statuses of reportgen; the worst one seen wins. */
enum {
	EXIT_OK = 0,
	EXIT_DATA = 1,   /* bad data or template */
	EXIT_USAGE = 2,  /* bad command line */
	EXIT_SYS = 3     /* I/O, environment, library failure */
};

/* Report an error at loc (may be NULL) and raise the run status to status. */
void diag_error(const struct srcloc *loc, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Report a warning; does not change the status. */
void diag_warn(const struct srcloc *loc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Informational line (no location), e.g. the list of written files. */
void diag_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Show the offending source line with a caret under col (templates). */
void diag_excerpt(const char *line_start, size_t line_len, int col);

/* Worst status seen so far (EXIT_OK if none). */
int diag_status(void);
/* Number of errors and warnings reported so far. */
int diag_errors(void);
int diag_warnings(void);
/* Count an error already reported by another process (a worker of
 * run.c --jobs) and raise the status; prints nothing. */
void diag_raise(int status);
/* Reset counters and status (tests, or a batch that continues). */
void diag_reset(void);
/* Where messages go (default stderr). Tests point it at a memstream. */
void diag_set_stream(FILE *fp);
/* Suppress warnings (errors still print). */
void diag_set_quiet(int quiet);

/* Messages held back: work done ahead on a helper thread (run.c loads the
 * fonts and dictionaries while the data is read) reports into a record of its
 * own, and the main thread passes the record on only if that work is used.
 * Zero a struct diag_held, then on the helper thread diag_hold(h) ...
 * diag_hold_end(); then, on the main thread after joining, diag_release(h)
 * (print the messages, count them, raise the status) or diag_discard(h). */
struct diag_held {
	FILE *fp;            /* memstream of the messages */
	char *text;
	size_t len;
	int worst, nerr, nwarn;
};
void diag_hold(struct diag_held *h);   /* this thread's messages go to h */
void diag_hold_end(void);              /* this thread reports normally again */
void diag_release(struct diag_held *h);
void diag_discard(struct diag_held *h);


/*
 * outfile: the run's output files, all or nothing.
 * Position in the pipeline: the last step of every stage that writes
 * (figures.csv, tables/, the PDFs); main.c commits once at the very end.
 *
 * Every output is STAGED: written to "<path>.tmp.<pid>" in its own folder
 * (parent folders are created), flushed with fsync, and left there. Only
 * outfile_commit() renames the staged files onto their final paths, when the
 * whole run has succeeded; outfile_abort() removes them. A failed or
 * interrupted run therefore leaves the previous good outputs untouched and
 * never a partial file.
 *
 * State is per process (a signal handler must be able to reach it): the list
 * of staged temps and the list of committed paths. Typical use in main.c:
 *
 *     outfile_install_signal_cleanup();
 *     if (outfile_check_dir(opt.out) != 0) return diag_status();
 *     ... stages call outfile_stage(path, bytes, len) ...
 *     if (diag_status() == EXIT_OK && outfile_commit() == 0)
 *         for (i = 0; i < outfile_committed_count(); i++)
 *             diag_note("wrote %s", outfile_committed_at(i));
 *     else
 *         outfile_abort();
 */

#include <stddef.h>

/* Make sure dir exists (created with its parents if needed) and that files
 * can be created in it (an unnamed O_TMPFILE probe where the file system has
 * them, else ".reportgen-probe.tmp.<pid>", removed at once). Also removes the
 * temps left by dead runs (SIGKILL): "*.pdf.tmp.<pid>", "*.csv.tmp.<pid>" and
 * probes in dir and two folder levels below it, when no process <pid> exists. Call early, before any work. Returns 0, or -1 after
 * reporting "cannot write to 'DIR': REASON" (EXIT_SYS). */
int outfile_check_dir(const char *dir);

/* Write len bytes to the temp file of path, fsync it and remember it for
 * commit. Staging the same path again replaces the staged content. Ignores
 * SIGXFSZ for the process, so that a file-size limit is a write error
 * (EFBIG) rather than death. Returns 0, or -1 after reporting (EXIT_SYS;
 * ENOSPC, EFBIG, EACCES ...) with the temp file removed. */
int outfile_stage(const char *path, const void *bytes, size_t len);

/* Rename every staged file onto its final path, in staging order, then fsync
 * the folders. Returns 0, or -1 after reporting (EXIT_SYS); the temps not yet
 * renamed are then removed. Either way nothing stays staged. */
int outfile_commit(void);

/* The commit of a run into its output folder root, all or nothing under
 * SIGKILL at any instant: the durable journal root/.reportgen-journal lists
 * every rename (and removal) first, then they are done, then the journal is
 * removed; outfile_recover (called by outfile_check_dir) finishes a commit
 * that was killed. The manifest root/.reportgen-manifest lists the files
 * reportgen wrote in root; a listed file this commit does not write is
 * removed in the same commit when stale(rel, ctx) returns 1 (rel relative to
 * root), else kept. Files not in the manifest are never touched. Every staged
 * path must lie inside root. Returns 0, or -1 after reporting (EXIT_SYS;
 * nothing was renamed and the temps are removed). */
int outfile_commit_in(const char *root, int (*stale)(const char *rel, void *ctx), void *ctx);

/* Finish the commit a killed run left in root (see outfile_commit_in); a
 * journal never put in place is dropped. Returns 0, or -1 after reporting. */
int outfile_recover(const char *root);

/* Remove every staged temp file and the folders this process made for them
 * (when empty); nothing is renamed. Safe to call at any time, repeatedly. */
void outfile_abort(void);

/* Files staged and not yet committed or aborted; the i-th one's final path
 * and temp path (NULL past the end). */
size_t outfile_staged_count(void);
const char *outfile_staged_path(size_t i);
const char *outfile_staged_tmp(size_t i);

/* Worker processes (run.c --jobs): a worker stages its files, hands the list
 * to the parent and forgets it with outfile_release (the temps stay on disk);
 * the parent takes each over with outfile_adopt, so that its one commit (or
 * abort) covers every file of the run. outfile_adopt returns 0, or -1 when
 * tmp does not exist (reported, EXIT_SYS). */
void outfile_release(void);
int outfile_adopt(const char *path, const char *tmp);

/* Final paths committed so far, in order, for the run's summary. The strings
 * are owned by this module and live until outfile_forget(). */
size_t outfile_committed_count(void);
const char *outfile_committed_at(size_t i);

/* Forget the committed list (a batch that starts over; tests). */
void outfile_forget(void);

/* On SIGINT, SIGTERM, SIGHUP: remove the staged temps, then die of the same
 * signal. Also removes them at exit() (e.g. out of memory) and ignores
 * SIGXFSZ. Call once, early in main. */
void outfile_install_signal_cleanup(void);


/*
 * i18n: every word the program itself writes into a document, per language.
 * Used by the template stage (cross-references, number words, dates) and by
 * layout (captions, running heads, contents, page labels). Templates carry
 * their own prose; only the program's labels live here.
 *
 * Languages: "en" (English) and "es" (Mexican Spanish).
 */

enum i18n_lang { LANG_EN, LANG_ES, LANG_COUNT };

enum i18n_key {
	I18N_TABLE,        /* "Table" / "Tabla" (caption and cross-reference) */
	I18N_FIGURE,       /* "Figure" / "Figura" */
	I18N_CONTENTS,     /* "Contents" / "Contenido" */
	I18N_CHAPTER,      /* "Chapter" / "Capítulo" */
	I18N_SECTION,      /* "Section" / "Sección" */
	I18N_APPENDIX,     /* "Appendix" / "Anexo" */
	I18N_PAGE,         /* "Page" / "Página" */
	I18N_SOURCE,       /* "Source" / "Fuente" (layout adds ": ") */
	I18N_NOTES,        /* "Notes" / "Notas" */
	I18N_NOTE,         /* "Note" / "Nota" */
	I18N_OUT_OF,       /* "out of" / "de": "22 out of 35" */
	I18N_MILLION,      /* "million" / "millón" (exactly one) */
	I18N_MILLIONS,     /* "million" / "millones" */
	I18N_DATE_OF,      /* "" / "de": "junio de 2018" */
	I18N_CONTINUED,    /* "(continued)" / "(continuación)": table broken over pages */
	I18N_REFERENCES,   /* "References" / "Referencias" */
	I18N_BEST_OF,      /* "best of" / "mejor de": rank chart legend "1 = best of 32" */
	I18N_SHOWN,        /* "shown" / "mostrados": rank chart of many rows, "12 out of 320 shown" */
	I18N_NO_DATA,      /* "No data" / "Sin datos": a map's area without a value */
	/* alternative text of charts (tagged PDF), written from the chart's data */
	I18N_ALT_BAR,      /* "Bar chart" / "Gráfica de barras" */
	I18N_ALT_SCATTER,  /* "Scatter chart" / "Gráfica de dispersión" */
	I18N_ALT_DOTRANK,  /* "Rank chart" / "Gráfica de posiciones" */
	I18N_ALT_ITEMS,    /* "items" / "elementos" */
	I18N_ALT_HIGHEST,  /* "highest" / "el más alto" */
	I18N_ALT_LOWEST,   /* "lowest" / "el más bajo" */
	I18N_ALT_BEST,     /* "best" / "el mejor" */
	I18N_ALT_LAST,     /* "last" / "el último" */
	I18N_ALT_MARKED,   /* "highlighted" / "destacado" */
	I18N_ALT_AGAINST,  /* "against" / "frente a" */
	I18N_ALT_RANKED,   /* "ranked out of" / "en posiciones de 1 a" */
	I18N_ALT_CORR,     /* "correlation" / "correlación" */
	I18N_KEY_COUNT
};

/* Parse a language code ("en", "es"; "es-MX" is taken as "es"). Returns 0 and
 * sets *out, or -1 for an unknown code (no message). */
int i18n_lang_parse(const char *code, enum i18n_lang *out);
/* "en" / "es" (static string). */
const char *i18n_lang_code(enum i18n_lang lang);
/* The label in lang (static UTF-8 string, never NULL). */
const char *i18n_label(enum i18n_lang lang, enum i18n_key key);
/* Month name, month 1..12 (lowercase in Spanish); "" when out of range. */
const char *i18n_month(enum i18n_lang lang, int month);


/*
 * fmt: language-aware formatting of numbers, dates and case, used by the
 * template filters (and by layout for axis labels). Pure functions: no
 * locale, no globals; the same input gives the same bytes on every machine.
 *
 * Conventions (chosen once, used everywhere):
 *   - Rounding is half away from zero, on the value's shortest decimal form
 *     (15 significant digits), so 1.005 -> "1.01" and -2.5 -> "-3".
 *   - English: "9,770,000", "19.02", "19%", "41.08%".
 *   - Mexican Spanish follows everyday and official Mexican usage (INEGI):
 *     decimal POINT and a comma between thousands, percent sign without a
 *     space: "9,770,000", "19.02", "19%", "41.08%". (Not the Spain/RAE
 *     convention of a decimal comma and spaced groups.)
 *   - Words: "9.77 million" / "9.77 millones" ("1 millón" when exactly one);
 *     "22nd" / "22.º"; "22 out of 35" / "22 de 35";
 *     "June 2018" / "junio de 2018"; "15 June 2018" / "15 de junio de 2018".
 *   - A minus sign is ASCII '-'; negative zero prints as "0".
 *   - NaN or infinite values print as "n/a".
 * Every function returns an arena-owned NUL-terminated UTF-8 string.
 */

#include <stdbool.h>


struct arena;

/* v rounded to decimals (0..9) places, thousands grouped: 9770000 -> "9,770,000". */
char *fmt_number(struct arena *a, enum i18n_lang lang, double v, int decimals);
/* v rounded to decimals places, no grouping: 2018 -> "2018", 19.0249 -> "19.02". */
char *fmt_fixed(struct arena *a, enum i18n_lang lang, double v, int decimals);
/* A share 0..1 as a percentage: 0.19 -> "19%", (0.41078, 2) -> "41.08%". */
char *fmt_percent(struct arena *a, enum i18n_lang lang, double share, int decimals);
/* A value already in percent, grouped, with the sign: (25, 0) -> "25%",
 * (1234.5, 1) -> "1,234.5%" (the chart axes and value labels). */
char *fmt_pct(struct arena *a, enum i18n_lang lang, double pct, int decimals);
/* Millions with words: (9770000, 2) -> "9.77 million" / "9.77 millones". */
char *fmt_millions(struct arena *a, enum i18n_lang lang, double v, int decimals);
/* Ordinal of round(v): "1st", "2nd", "11th", "22nd", "23rd" / "1.º", "22.º". */
char *fmt_ordinal(struct arena *a, enum i18n_lang lang, double v);
/* "22 out of 35" / "22 de 35" (both rounded to integers, grouped). */
char *fmt_outof(struct arena *a, enum i18n_lang lang, double n, double of);
/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" to words; NULL when iso is malformed. */
char *fmt_date(struct arena *a, enum i18n_lang lang, const char *iso);
/* The plain form of a number when no filter is given: integers without
 * grouping ("2018", "35"), others with up to 6 decimals, trailing zeros cut. */
char *fmt_plain(struct arena *a, double v);

/* Case mapping on UTF-8 (ASCII, Latin-1 and Latin Extended-A: á/Á, ñ/Ñ, ü/Ü,
 * ...). Other characters are copied unchanged; invalid bytes are copied.
 * title: first letter of every word upper, the rest lower. */
char *fmt_upper(struct arena *a, const char *s);
char *fmt_lower(struct arena *a, const char *s);
char *fmt_title(struct arena *a, const char *s);

/* Parse a plain number ("19", "-0.25", "1e6"; no grouping). Returns true and
 * sets *out when all of s is a number (leading/trailing spaces allowed). */
bool fmt_parse_number(const char *s, double *out);


/*
 * textdist: edit distance between short strings, for the "did you mean"
 * suggestions of the loaders, the figure store and the template compiler.
 */

#include <stdbool.h>
#include <stddef.h>

enum { TEXTDIST_MAX = 160 };

/* Levenshtein distance of a and b in bytes (ASCII letters compared without
 * case when fold is true), or SIZE_MAX when either is longer than max_len
 * (which is at most TEXTDIST_MAX). */
size_t text_distance(const char *a, const char *b, bool fold, size_t max_len);

/*
 * utf8: the one UTF-8 decoder, strict as RFC 3629 (and PCRE2) are. A valid
 * sequence has a lead byte 00-7F, C2-DF, E0-EF or F0-F4 and all of its
 * continuation bytes (80-BF), and its value is no overlong form, no surrogate
 * (U+D800-U+DFFF) and not above U+10FFFF. Text that reaches the templates,
 * layout and the PDF writer has been validated by the loaders.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { UTF8_MAX = 4 };              /* bytes of the longest sequence */
#define UTF8_REPLACEMENT 0xFFFDu    /* what an invalid byte stands for */

/* Decode the character that starts s[0..n): returns its length (1..4) with
 * its code point in *cp, or -1 when s[0..n) does not start with a valid
 * sequence (also when n is 0 or the sequence is cut off at n); *cp is then
 * UTF8_REPLACEMENT. */
int utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Offset of the lead byte of the first invalid sequence in s[0..n), or -1
 * when all of it is valid. */
long utf8_invalid(const char *s, size_t n);
/* Write cp as UTF-8 to out: returns its length (1..4), or 0 (nothing
 * written) for a surrogate or a value above U+10FFFF. */
int utf8_encode(uint32_t cp, char out[UTF8_MAX]);
/* Characters in s[0..n), counted as the bytes that are not continuation
 * bytes: the columns of messages. */
size_t utf8_count(const char *s, size_t n);
/* Bytes of the character that starts s[0..n): its length when valid, else 1
 * (an invalid byte stands alone); 0 when n is 0. Never more than n. */
size_t utf8_step(const char *s, size_t n);

/* A continuation byte (80-BF): not the start of a character. */
static inline bool utf8_is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/*
 * geo: outlines of areas (states), the shape every stage passes on: the
 * GeoJSON loader (load) fills it in degrees, the geography model (model/geo)
 * projects it to metres, the figure store keeps it, a map chart (doc) points
 * at it and layout draws it. Types only: no code here.
 */

/* One area: rings of points, xy[2*i], xy[2*i + 1]. Ring r holds the points
 * [ring_end[r - 1], ring_end[r]) (ring 0 starts at 0); rings are closed
 * implicitly (the last point is not repeated). Outer rings and holes are all
 * rings: an area is filled by the even-odd rule. */
struct geo_shape {
	const char *code;         /* key, e.g. the INEGI state code "09" */
	const char *name;         /* as the geometry file spells it */
	struct srcloc loc;        /* where the feature starts in its file */
	size_t nrings, npts;
	const size_t *ring_end;   /* nrings entries */
	const double *xy;         /* 2 * npts: lon, lat (degrees) or x, y (metres) */
};

struct geo_shapes {
	const char *path;         /* the file they were read from */
	size_t n;
	const struct geo_shape *v;
	double x0, y0, x1, y1;    /* bounding box of every point */
};


#endif
