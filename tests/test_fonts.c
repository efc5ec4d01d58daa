/*
 * Damaged and incomplete fonts end to end (pdf/fontsub.c, pdf/pdf.c,
 * run/build.c): a damaged font is exit 3 naming fonts/manifest:LINE; a
 * character no font of its role has is exit 1 naming the role, the
 * character and the template position that uses it, unless the manifest
 * names a fallback for the role, which then draws it.
 *
 * The fonts are made here from the installed Charis SIL: a subset without
 * the accented letters (HarfBuzz, through fontsub), and copies with bytes
 * overwritten.
 */
#include "helpers.h"

#include "base/base.h"
#include "pdf/internal.h"

#include <criterion/criterion.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHARIS "/usr/share/fonts/truetype/charis/CharisSIL-Regular.ttf"

static char *tmp;

static void setup(void)
{
	tmp = th_tmpdir();
	cr_assert_not_null(tmp);
}

static void teardown(void)
{
	if (tmp != NULL)
		th_rmtree(tmp);
	tmp = NULL;
}

TestSuite(fonts, .init = setup, .fini = teardown, .timeout = 120);

/* Write tmp/NAME: Charis cut to Basic Latin (no á é í ó ú ñ ¿ ¡). */
static void ascii_font(const char *name)
{
	uint32_t cps[95];
	char why[256] = "", path[700];
	struct fontsub *s;
	const void *d;
	size_t n;

	for (uint32_t c = 0; c < 95; c++)
		cps[c] = 0x20 + c;
	s = fontsub_make(CHARIS, cps, 95, why, sizeof why);
	cr_assert_not_null(s, "%s", why);
	d = fontsub_data(s, &n);
	snprintf(path, sizeof path, "%s/%s", tmp, name);
	cr_assert_eq(th_write_file(path, d, n), 0);
	fontsub_free(s);
}

/* tmp/manifest: the project's, with the serif line replaced by line (at
 * the same line number) and extra appended. Returns the serif line's number. */
static int manifest(const char *line, const char *extra)
{
	char *text = th_read_file(TEST_SRCDIR "/fonts/manifest", NULL), path[700];
	struct buf b = { 0 };
	int at = 0, n = 0;

	cr_assert_not_null(text);
	for (char *p = text, *nl; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		cr_assert_not_null(nl);
		*nl = '\0';
		n++;
		if (strncmp(p, "serif ", 6) == 0) {
			buf_printf(&b, "%s\n", line);
			at = n;
		} else {
			buf_printf(&b, "%s\n", p);
		}
	}
	buf_puts(&b, extra);
	snprintf(path, sizeof path, "%s/manifest", tmp);
	cr_assert_eq(th_write_file(path, b.data, b.len), 0);
	buf_free(&b);
	free(text);
	cr_assert_gt(at, 0);
	return at;
}

static int run(char **log, const char *args)
{
	return th_run(log, "'%s' --quiet --fonts '%s/manifest' --out '%s/out' %s", th_bin(), tmp, tmp,
	              args);
}

Test(fonts, missing_glyph_is_an_error_at_its_first_use)
{
	char *log = NULL;
	int st;

	ascii_font("ascii.ttf");
	manifest("serif ascii.ttf", "");
	st = run(&log, "--lang es --only paper");
	cr_assert_eq(st, 1, "%s", log);
	/* templates/FILE:LINE:COL: error: character ... serif ... */
	cr_assert_not_null(strstr(log, "templates/whitepaper/es/"), "%s", log);
	cr_assert_not_null(strstr(log, ": error: character U+00"), "%s", log);
	cr_assert_not_null(strstr(log, "is not in the serif font"), "%s", log);
	cr_assert_not_null(strstr(log, "no serif-fallback font"), "%s", log);
	cr_assert_null(strstr(log, "warning"), "%s", log);
	cr_assert_not(th_exists(TEST_SRCDIR "/none"));
	free(log);
	cr_assert_eq(th_run(&log, "test ! -e '%s/out/whitepaper-es.pdf'", tmp), 0, "written");
	free(log);
}

Test(fonts, fallback_font_draws_what_the_role_font_lacks)
{
	char *log = NULL, pdf[700];
	int st;

	ascii_font("ascii.ttf");
	manifest("serif ascii.ttf", "serif-fallback " CHARIS "\n");
	st = run(&log, "--lang es --only briefs --state nuevo-leon");
	cr_assert_eq(st, 0, "%s", log);
	free(log);
	snprintf(pdf, sizeof pdf, "%s/out/briefs/es/nuevo-leon.pdf", tmp);
	/* the text extracts whole (no box, no gap), and the PDF embeds both */
	cr_assert_eq(th_run(&log, "pdftotext -q '%s' - | tr -s ' \\n' ' ' | grep -c 'Nuevo León'",
	                    pdf), 0, "no 'Nuevo León' in the text");
	free(log);
	cr_assert_eq(th_run(&log, "pdffonts '%s' | grep -c CharisSIL", pdf), 0);
	cr_assert_geq(atoi(log), 2, "the serif font and its fallback: %s", log);
	free(log);
	cr_assert_eq(th_run(&log, "qpdf --check '%s' >/dev/null", pdf), 0, "%s", log);
	free(log);
}

/* Overwrite bytes [from, to) of a copy of Charis with a fixed random
 * sequence; fix_sums: then put right the table directory's checksums, so
 * that only the outline checks can find the damage. */
static void damaged_font(const char *name, double from, double to, int fix_sums)
{
	size_t n;
	unsigned char *d = (unsigned char *)th_read_file(CHARIS, &n);
	uint32_t x = 12345;
	char path[700];

	cr_assert_not_null(d);
	for (size_t i = (size_t)(from * (double)n); i < (size_t)(to * (double)n); i++) {
		x = x * 1103515245u + 12345u;
		d[i] = (unsigned char)(x >> 16);
	}
	if (fix_sums) {
		unsigned nt = (unsigned)d[4] << 8 | d[5];

		for (unsigned t = 0; t < nt; t++) {
			unsigned char *e = d + 12 + 16 * t;
			uint32_t off = (uint32_t)e[8] << 24 | (uint32_t)e[9] << 16 | (uint32_t)e[10] << 8 | e[11];
			uint32_t len = (uint32_t)e[12] << 24 | (uint32_t)e[13] << 16 | (uint32_t)e[14] << 8 |
			               e[15];
			uint32_t sum = 0;

			cr_assert_leq((size_t)off + len, n);
			for (uint32_t k = 0; k < len; k += 4) {
				unsigned char w[4] = { 0, 0, 0, 0 };

				memcpy(w, d + off + k, len - k < 4 ? len - k : 4);
				if (memcmp(e, "head", 4) == 0 && k == 8)
					continue;
				sum += (uint32_t)w[0] << 24 | (uint32_t)w[1] << 16 | (uint32_t)w[2] << 8 | w[3];
			}
			e[4] = (unsigned char)(sum >> 24), e[5] = (unsigned char)(sum >> 16);
			e[6] = (unsigned char)(sum >> 8), e[7] = (unsigned char)sum;
		}
	}
	snprintf(path, sizeof path, "%s/%s", tmp, name);
	cr_assert_eq(th_write_file(path, d, n), 0);
	free(d);
}

static void refused(const char *name, int line, const char *why)
{
	char *log = NULL, want[200];
	int st = run(&log, "--lang en --only paper");

	cr_assert_eq(st, 3, "%s: %s", name, log);
	snprintf(want, sizeof want, "/manifest:%d: error: font '", line);
	cr_assert_not_null(strstr(log, want), "%s: the manifest line: %s", name, log);
	cr_assert_not_null(strstr(log, "for role 'serif' cannot be loaded"), "%s", log);
	cr_assert_not_null(strstr(log, why), "%s: %s", name, log);
	free(log);
}

Test(fonts, middle_third_random_is_refused)
{
	int line;

	damaged_font("middle.ttf", 1.0 / 3, 2.0 / 3, 0);
	line = manifest("serif middle.ttf", "");
	refused("middle.ttf", line, "is damaged: its checksum does not match");
}

Test(fonts, damaged_outlines_with_right_checksums_are_refused)
{
	int line;

	/* the glyf table fills most of Charis: the middle is outlines */
	damaged_font("outlines.ttf", 0.45, 0.55, 1);
	line = manifest("serif outlines.ttf", "");
	refused("outlines.ttf", line, "the outline of U+");
}

Test(fonts, truncated_font_is_refused)
{
	size_t n;
	char *d = th_read_file(CHARIS, &n), path[700];
	int line;

	cr_assert_not_null(d);
	snprintf(path, sizeof path, "%s/cut.ttf", tmp);
	cr_assert_eq(th_write_file(path, d, n / 2), 0);
	free(d);
	line = manifest("serif cut.ttf", "");
	refused("cut.ttf", line, "lies outside the file");
}

Test(fonts, fallback_that_is_damaged_is_refused_too)
{
	char *log = NULL;
	int st;

	ascii_font("ascii.ttf");
	damaged_font("middle.ttf", 1.0 / 3, 2.0 / 3, 0);
	manifest("serif ascii.ttf", "serif-fallback middle.ttf\n");
	st = run(&log, "--lang en --only paper");
	cr_assert_eq(st, 3, "%s", log);
	cr_assert_not_null(strstr(log, "for role 'serif-fallback' cannot be loaded"), "%s", log);
	{
		char want[64];
		size_t n = 0;
		char *m = th_read_file(TEST_SRCDIR "/fonts/manifest", NULL);

		cr_assert_not_null(m);
		for (char *p = m; *p != '\0'; p++)
			n += *p == '\n';
		free(m);
		/* the line after the project's manifest */
		snprintf(want, sizeof want, "/manifest:%zu: error", n + 1);
		cr_assert_not_null(strstr(log, want), "%s: %s", want, log);
	}
	free(log);
}
