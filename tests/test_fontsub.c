/*
 * Tests of fontsub: a subset holds exactly the requested characters, libharu
 * loads it and measures the same widths as from the full font, the run's
 * character set covers every character the templates and data use, a
 * character outside the subset is reported when it is drawn, and the
 * temporary folder disappears (explicit cleanup, exit, SIGTERM).
 */
#define _GNU_SOURCE   /* mkdtemp, setenv */
#include <criterion/criterion.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "draw.h"
#include "e2e.h"
#include "fontsub.h"
#include "layout.h"
#include "pdf.h"

#include <dirent.h>
#include <hb.h>
#include <hpdf.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MANIFEST TEST_SRCDIR "/fonts/manifest"
#define CHARIS "/usr/share/fonts/truetype/charis/CharisSIL-Regular.ttf"
#define LATO_BOLD "/usr/share/fonts/truetype/lato/Lato-Bold.ttf"

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* The code points mapped by the cmap of the font file at path. */
static hb_set_t *cmap_of(const char *path)
{
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
	hb_face_t *face;
	hb_set_t *set = hb_set_create();

	cr_assert_not_null(blob, "cannot read %s", path);
	face = hb_face_create(blob, 0);
	hb_face_collect_unicodes(face, set);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return set;
}

static unsigned glyphs_of(const char *path)
{
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
	hb_face_t *face = hb_face_create(blob, 0);
	unsigned n = hb_face_get_glyph_count(face);

	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return n;
}

static void quiet_error(HPDF_STATUS e, HPDF_STATUS d, void *user)
{
	(void)d;
	if (*(HPDF_STATUS *)user == 0)
		*(HPDF_STATUS *)user = e;
}

Test(fontsub, subset_holds_exactly_the_requested_characters)
{
	/* A, n, ñ, em dash, euro, and two characters Charis lacks or we do not ask */
	static const uint32_t want[] = { 'A', 'n', 0xF1, 0x2014, 0x20AC, 0x4E00 };
	struct fontsub *s = fontsub_make(CHARIS, want, sizeof want / sizeof want[0]);
	hb_set_t *full = cmap_of(CHARIS), *sub, *expect = hb_set_create();
	size_t i;

	cr_assert_not_null(s);
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		if (hb_set_has(full, want[i]))
			hb_set_add(expect, want[i]);
	cr_assert_eq(hb_set_get_population(expect), 5, "CJK U+4E00 is not in Charis SIL");
	sub = cmap_of(fontsub_path(s));
	cr_assert(hb_set_is_equal(sub, expect), "subset maps %u code points, expected %u",
	          hb_set_get_population(sub), hb_set_get_population(expect));
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		cr_assert_eq(fontsub_covers(s, want[i]), hb_set_has(expect, want[i]),
		             "U+%04X", (unsigned)want[i]);
	cr_assert_eq(fontsub_covers(s, 'B'), 0);
	/* .notdef plus the five glyphs, plus any components of composite ñ */
	cr_assert_geq(fontsub_glyph_count(s), 6);
	cr_assert_leq(fontsub_glyph_count(s), 9);
	cr_assert_eq(fontsub_glyph_count(s), glyphs_of(fontsub_path(s)));
	cr_assert_lt(fontsub_file_size(s), 20000);
	hb_set_destroy(full);
	hb_set_destroy(sub);
	hb_set_destroy(expect);
	fontsub_free(s);
}

Test(fontsub, libharu_measures_the_same_widths_as_with_the_full_font)
{
	static const char *const fonts[] = { CHARIS, LATO_BOLD };
	size_t k, n, i, compared = 0;
	const uint32_t *cs = fontsub_charset(&n);

	for (k = 0; k < 2; k++) {
		struct fontsub *s = fontsub_make(fonts[k], NULL, 0);
		HPDF_STATUS err = 0;
		HPDF_Doc doc = HPDF_New(quiet_error, &err);
		HPDF_Font full, sub;

		cr_assert_not_null(s);
		HPDF_UseUTFEncodings(doc);
		HPDF_SetCurrentEncoder(doc, "UTF-8");
		full = HPDF_GetFont(doc, HPDF_LoadTTFontFromFile(doc, fonts[k], HPDF_TRUE), "UTF-8");
		sub = HPDF_GetFont(doc, HPDF_LoadTTFontFromFile(doc, fontsub_path(s), HPDF_TRUE),
		                   "UTF-8");
		cr_assert_eq(err, 0, "libharu error 0x%04X loading %s", (unsigned)err, fontsub_path(s));
		cr_assert_not_null(sub);
		cr_assert_eq(HPDF_Font_GetAscent(sub), HPDF_Font_GetAscent(full));
		cr_assert_eq(HPDF_Font_GetDescent(sub), HPDF_Font_GetDescent(full));
		cr_assert_eq(HPDF_Font_GetCapHeight(sub), HPDF_Font_GetCapHeight(full));
		for (i = 0; i < n; i++) {
			if (!fontsub_covers(s, cs[i]))
				continue;
			cr_assert_eq(HPDF_Font_GetUnicodeWidth(sub, (HPDF_UNICODE)cs[i]),
			             HPDF_Font_GetUnicodeWidth(full, (HPDF_UNICODE)cs[i]),
			             "%s U+%04X", fonts[k], (unsigned)cs[i]);
			compared++;
		}
		cr_assert_eq(HPDF_Font_TextWidth(sub, (const HPDF_BYTE *)"Año — «sí»", 14).width,
		             HPDF_Font_TextWidth(full, (const HPDF_BYTE *)"Año — «sí»", 14).width);
		HPDF_Free(doc);
		fontsub_free(s);
	}
	cr_assert_gt(compared, 2 * 300);
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
		size_t i;

		if (line[0] == '#' || sscanf(line, "%63s %899s", role, path) != 2)
			continue;
		s = fontsub_make(path, NULL, 0);
		cr_assert_not_null(s, "%s", path);
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
	struct fontsub *a = fontsub_make(LATO_BOLD, NULL, 0), *b = fontsub_make(LATO_BOLD, NULL, 0);
	struct buf x = { 0 }, y = { 0 };

	cr_assert(a != NULL && b != NULL);
	cr_assert_str_neq(fontsub_path(a), fontsub_path(b));
	cr_assert_eq(buf_read_file(&x, fontsub_path(a)), 0);
	cr_assert_eq(buf_read_file(&y, fontsub_path(b)), 0);
	cr_assert_eq(x.len, y.len);
	cr_assert_eq(memcmp(x.data, y.data, x.len), 0);
	buf_free(&x);
	buf_free(&y);
	fontsub_free(a);
	fontsub_free(b);
}

Test(fontsub, a_file_that_is_not_a_font_is_reported)
{
	char *msg = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&msg, &len);

	diag_set_stream(fp);
	cr_assert_null(fontsub_make(MANIFEST, NULL, 0));
	cr_assert_null(fontsub_make("/nonexistent/font.ttf", NULL, 0));
	fflush(fp);
	cr_assert_eq(diag_status(), EXIT_SYS);
	cr_assert_not_null(strstr(msg, "fonts/manifest' cannot be loaded: not a TrueType font"),
	                   "%s", msg);
	cr_assert_not_null(strstr(msg, "'/nonexistent/font.ttf' cannot be loaded"), "%s", msg);
	diag_set_stream(NULL);
	fclose(fp);
	free(msg);
}

Test(fontsub, a_character_missing_from_the_subset_is_reported_once)
{
	/* U+0416 CYRILLIC CAPITAL LETTER ZHE: Charis SIL has it, the run's
	 * character set does not. Drawn twice in serif, once in sans-bold. */
	static const char *const texts[] = { "Año — «sí» 5 €", "\xD0\x96", "x\xD0\x96y" };
	static const int roles[] = { FONT_SERIF, FONT_SERIF, FONT_SANS_BOLD };
	hb_set_t *full = cmap_of(CHARIS);
	char *msg = NULL, *hit;
	size_t len = 0, k;
	FILE *fp = open_memstream(&msg, &len);
	struct pdf_fonts *f;
	struct arena *a = arena_new();
	struct layout l;
	struct layout_page pg;
	struct draw_op op;
	struct buf out = { 0 };

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
	diag_set_stream(fp);
	cr_assert_eq(pdf_render(f, &l, NULL, &out), 0);
	fflush(fp);
	hit = strstr(msg, "character U+0416 is not in the serif font (" CHARIS ")");
	cr_assert_not_null(hit, "%s", msg);
	cr_assert_null(strstr(hit + 16, "U+0416 is not in the serif"), "reported twice: %s", msg);
	cr_assert_not_null(strstr(msg, "U+0416 is not in the sans-bold font"), "%s", msg);
	cr_assert_null(strstr(msg, "U+00F1"), "ñ is in the subset: %s", msg);
	cr_assert_null(strstr(msg, "U+2014"), "the em dash is in the subset: %s", msg);
	cr_assert_eq(diag_warnings(), 2, "%s", msg);
	pdf_fonts_free(f);
	buf_free(&out);
	arena_free(a);
	diag_set_stream(NULL);
	fclose(fp);
	free(msg);
}

Test(fontsub, temp_folder_is_private_under_tmpdir_and_removed_by_cleanup)
{
	char base[] = "/tmp/reportgen-fontsub-test-XXXXXX";
	char dir[4096], path[4200];
	struct fontsub *s;
	struct stat st;

	cr_assert_not_null(mkdtemp(base));
	setenv("TMPDIR", base, 1);
	s = fontsub_make(LATO_BOLD, NULL, 0);
	cr_assert_not_null(s);
	cr_assert_not_null(fontsub_dir());
	snprintf(dir, sizeof dir, "%s", fontsub_dir());
	snprintf(path, sizeof path, "%s", fontsub_path(s));
	cr_assert_eq(strncmp(dir, base, strlen(base)), 0, "%s not under %s", dir, base);
	cr_assert_eq(strncmp(path, dir, strlen(dir)), 0);
	cr_assert_eq(stat(dir, &st), 0);
	cr_assert_eq(st.st_mode & 077, 0, "folder readable by others: %o", st.st_mode & 0777);
	cr_assert(exists(path));
	fontsub_cleanup();
	cr_assert(!exists(path));
	cr_assert(!exists(dir));
	cr_assert_null(fontsub_dir());
	fontsub_free(s);   /* after cleanup: frees the handle only */
	cr_assert_eq(rmdir(base), 0, "something left in %s", base);
}

/* Make a subset in a child that reports its folder through a pipe, then
 * raises SIGTERM; returns the child's wait status and the folder in dir. */
static int child_killed(char *dir, size_t cap)
{
	int fds[2], st;
	pid_t pid;
	ssize_t n;

	cr_assert_eq(pipe(fds), 0);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		struct fontsub *s = fontsub_make(LATO_BOLD, NULL, 0);
		const char *d = s ? fontsub_dir() : "";

		close(fds[0]);
		if (write(fds[1], d, strlen(d) + 1) < 0)
			_exit(9);
		close(fds[1]);
		raise(SIGTERM);      /* signal cleanup, then the default action */
		_exit(8);
	}
	close(fds[1]);
	n = read(fds[0], dir, cap - 1);
	close(fds[0]);
	dir[n > 0 ? n : 0] = '\0';
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	return st;
}

Test(fontsub, temp_folder_is_removed_on_sigterm)
{
	char dir[4096];
	int st = child_killed(dir, sizeof dir);

	cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "status %d", st);
	cr_assert_neq(dir[0], '\0');
	cr_assert(!exists(dir), "%s left behind on SIGTERM", dir);
}

/* The whole program: a run leaves nothing in its TMPDIR, on success and on
 * failure (output folder that cannot be made). */
Test(fontsub, a_run_leaves_its_tmpdir_empty, .timeout = 60)
{
	char *tmp = e2e_tmpdir(), *log = NULL;
	int st;

	cr_assert_eq(e2e_run(NULL, "mkdir '%s/t'", tmp), 0);
	st = e2e_run(&log, "cd '%s' && TMPDIR='%s/t' '%s' --only briefs --state jalisco --lang es "
	             "--quiet --out '%s/out'", TEST_SRCDIR, tmp, e2e_bin(), tmp);
	cr_assert_eq(st, 0, "%s", log);
	free(log);
	cr_assert(e2e_exists(tmp));
	cr_assert_eq(e2e_run(&log, "ls -A '%s/t'", tmp), 0);
	cr_assert_str_empty(log, "left in TMPDIR: %s", log);
	free(log);
	cr_assert_eq(e2e_run(NULL, "touch '%s/file'", tmp), 0);
	st = e2e_run(&log, "cd '%s' && TMPDIR='%s/t' '%s' --only briefs --state jalisco --lang es "
	             "--quiet --out '%s/file/out'", TEST_SRCDIR, tmp, e2e_bin(), tmp);
	cr_assert_neq(st, 0, "%s", log);
	free(log);
	cr_assert_eq(e2e_run(&log, "ls -A '%s/t'", tmp), 0);
	cr_assert_str_empty(log, "left in TMPDIR after a failed run: %s", log);
	free(log);
}

static double ms_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Per-document font cost: load + HPDF_GetFont + save of one page of text,
 * median CPU time of several documents, full font against its subset. Prints the
 * figures (no timed assertion); checks the subset's PDF is the smaller. */
static void doc_cost(const char *font, double *get_ms, double *save_ms, size_t *bytes)
{
	double get[9], save[9];
	int i, j;

	for (i = 0; i < 9; i++) {
		HPDF_STATUS err = 0;
		HPDF_Doc doc = HPDF_New(quiet_error, &err);
		HPDF_Page page;
		HPDF_Font f;
		double t0, t1, t2;

		HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
		HPDF_UseUTFEncodings(doc);
		HPDF_SetCurrentEncoder(doc, "UTF-8");
		t0 = ms_now();
		f = HPDF_GetFont(doc, HPDF_LoadTTFontFromFile(doc, font, HPDF_TRUE), "UTF-8");
		t1 = ms_now();
		page = HPDF_AddPage(doc);
		HPDF_Page_BeginText(page);
		HPDF_Page_SetFontAndSize(page, f, 11);
		HPDF_Page_TextOut(page, 50, 700, "Hacia una estrategia de IA en México: “año”, niño — ¿qué?");
		HPDF_Page_EndText(page);
		t2 = ms_now();
		HPDF_SaveToStream(doc);
		save[i] = ms_now() - t2;
		get[i] = t1 - t0;
		*bytes = HPDF_GetStreamSize(doc);
		cr_assert_eq(err, 0, "libharu error 0x%04X with %s", (unsigned)err, font);
		HPDF_Free(doc);
	}
	for (i = 1; i < 9; i++)
		for (j = i; j > 0 && get[j - 1] > get[j]; j--) {
			double t = get[j];

			get[j] = get[j - 1];
			get[j - 1] = t;
		}
	for (i = 1; i < 9; i++)
		for (j = i; j > 0 && save[j - 1] > save[j]; j--) {
			double t = save[j];

			save[j] = save[j - 1];
			save[j - 1] = t;
		}
	*get_ms = get[4];
	*save_ms = save[4];
}

Test(fontsub, per_document_font_cost_is_logged)
{
	struct fontsub *s;
	double g_full, s_full, g_sub, s_sub, t0, make_ms;
	size_t b_full, b_sub;

	t0 = ms_now();
	s = fontsub_make(CHARIS, NULL, 0);
	make_ms = ms_now() - t0;
	cr_assert_not_null(s);
	doc_cost(CHARIS, &g_full, &s_full, &b_full);
	doc_cost(fontsub_path(s), &g_sub, &s_sub, &b_sub);
	cr_log_info("Charis SIL Regular, one-page PDF, CPU, median of 9: full font load+GetFont %.2f ms, "
	            "save %.2f ms, %zu bytes; subset (%u glyphs, %zu bytes, made in %.1f ms) "
	            "load+GetFont %.2f ms, save %.2f ms, %zu bytes",
	            g_full, s_full, b_full, fontsub_glyph_count(s), fontsub_file_size(s), make_ms,
	            g_sub, s_sub, b_sub);
	cr_assert_lt(b_sub, b_full);
	fontsub_free(s);
}
