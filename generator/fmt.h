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
#ifndef REPORTGEN_FMT_H
#define REPORTGEN_FMT_H

#include <stdbool.h>

#include "i18n.h"

struct arena;

/* v rounded to decimals (0..9) places, thousands grouped: 9770000 -> "9,770,000". */
char *fmt_number(struct arena *a, enum i18n_lang lang, double v, int decimals);
/* v rounded to decimals places, no grouping: 2018 -> "2018", 19.0249 -> "19.02". */
char *fmt_fixed(struct arena *a, enum i18n_lang lang, double v, int decimals);
/* A share 0..1 as a percentage: 0.19 -> "19%", (0.41078, 2) -> "41.08%". */
char *fmt_percent(struct arena *a, enum i18n_lang lang, double share, int decimals);
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

#endif
