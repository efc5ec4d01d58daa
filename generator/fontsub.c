/*
 * fontsub: TrueType subsetting with HarfBuzz (see fontsub.h).
 *
 * The temporary folder and its files are kept in static storage so the
 * signal handler can remove them with async-signal-safe calls only:
 * unlinkat() on a folder descriptor opened at creation, then rmdir().
 * File names are derived from a slot number ("s<N>.ttf"); a slot is marked
 * in use before its file is created and cleared after it is removed.
 */
#include "fontsub.h"
#include "arena.h"
#include "diag.h"

#include <hb.h>
#include <hb-subset.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FONTSUB_SLOTS 256

struct fontsub {
	char path[4200];               /* the subset file */
	int slot;                      /* index in slot_used */
	unsigned gen;                  /* folder generation the file lives in */
	unsigned glyphs;               /* glyph count of the subset */
	size_t bytes;                  /* file size */
	unsigned char covered[65536 / 8];   /* BMP code points with a glyph */
};

static char tmp_dir[4096];                       /* "" when none */
static volatile sig_atomic_t dir_live;           /* folder exists */
static int dir_fd = -1;
static pid_t dir_owner;                          /* process that made it */
static unsigned dir_gen;                         /* bumped per new folder */
static volatile sig_atomic_t slot_used[FONTSUB_SLOTS];
static int exit_registered, handlers_installed;

static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction prev_action[3];

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

/* ---- temporary folder ---- */

static void slot_name(char *out, size_t cap, int slot)
{
	snprintf(out, cap, "s%d.ttf", slot);
}

/* Async-signal-safe: no stdio, no malloc. */
static void remove_all_files(void)
{
	int i;

	if (!dir_live || getpid() != dir_owner)
		return;
	for (i = 0; i < FONTSUB_SLOTS; i++)
		if (slot_used[i]) {
			char name[16] = "s";
			int k = 1, v = i, div = 100;

			/* the digits of i without snprintf (not async-signal-safe) */
			while (div > 1 && v / div == 0)
				div /= 10;
			for (; div >= 1; div /= 10)
				name[k++] = (char)('0' + (v / div) % 10);
			memcpy(name + k, ".ttf", 5);
			unlinkat(dir_fd, name, 0);
			slot_used[i] = 0;
		}
	rmdir(tmp_dir);
	dir_live = 0;
}

static void on_signal(int sig)
{
	int saved = errno;
	size_t i;

	remove_all_files();
	for (i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++)
		if (cleanup_signals[i] == sig)
			sigaction(sig, &prev_action[i], NULL);
	errno = saved;
	raise(sig);   /* delivered to the previous handler once we return */
}

static void install_handlers(void)
{
	struct sigaction sa;
	size_t i;

	if (handlers_installed)
		return;
	handlers_installed = 1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++)
		sigaddset(&sa.sa_mask, cleanup_signals[i]);
	for (i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++) {
		struct sigaction old;

		if (sigaction(cleanup_signals[i], NULL, &old) != 0)
			continue;
		/* A signal the caller ignores (nohup) stays ignored. */
		if (old.sa_handler == SIG_IGN)
			continue;
		prev_action[i] = old;
		sigaction(cleanup_signals[i], &sa, NULL);
	}
}

void fontsub_cleanup(void)
{
	sigset_t all, old;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	remove_all_files();
	if (dir_fd >= 0 && getpid() == dir_owner) {
		close(dir_fd);
		dir_fd = -1;
		tmp_dir[0] = '\0';
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static int make_dir(void)
{
	const char *base = getenv("TMPDIR");
	sigset_t all, old;
	int fd;

	if (dir_live && getpid() == dir_owner)
		return 0;
	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	if (strlen(base) > sizeof tmp_dir - 32) {
		diag_error(NULL, EXIT_SYS, "TMPDIR '%.64s...' is too long for font subsets", base);
		return -1;
	}
	if (!exit_registered) {
		atexit(fontsub_cleanup);
		exit_registered = 1;
	}
	install_handlers();
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	snprintf(tmp_dir, sizeof tmp_dir, "%s/reportgen-fonts-XXXXXX", base);
	if (mkdtemp(tmp_dir) == NULL) {
		int e = errno;

		sigprocmask(SIG_SETMASK, &old, NULL);
		diag_error(NULL, EXIT_SYS, "cannot create a temporary folder for font subsets in %s: %s",
		           base, strerror(e));
		tmp_dir[0] = '\0';
		return -1;
	}
	fd = open(tmp_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		rmdir(tmp_dir);
		sigprocmask(SIG_SETMASK, &old, NULL);
		diag_error(NULL, EXIT_SYS, "%s: %s", tmp_dir, strerror(e));
		tmp_dir[0] = '\0';
		return -1;
	}
	if (dir_fd >= 0)
		close(dir_fd);
	dir_fd = fd;
	dir_owner = getpid();
	dir_gen++;
	dir_live = 1;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;
}

const char *fontsub_dir(void)
{
	return dir_live && getpid() == dir_owner ? tmp_dir : NULL;
}

/* Claim a free slot (marked before the file exists, so a signal during the
 * write removes it); -1 when all are taken. */
static int claim_slot(void)
{
	int i;

	for (i = 0; i < FONTSUB_SLOTS; i++)
		if (!slot_used[i]) {
			slot_used[i] = 1;
			return i;
		}
	return -1;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* ---- subsetting ---- */

static void drop_tables(hb_subset_input_t *in)
{
	/* Tables libharu never reads: OpenType and AAT layout, Graphite (Charis
	 * SIL), kerning, device metrics, signatures, vertical metrics. */
	static const char *const tags[] = {
		"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "morx", "mort",
		"kerx", "feat", "Feat", "Glat", "Gloc", "Silf", "Sill", "gasp", "hdmx",
		"LTSH", "VDMX", "DSIG", "vhea", "vmtx", "PCLT", "meta", "FFTM", "STAT"
	};
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	size_t i;

	for (i = 0; i < sizeof tags / sizeof tags[0]; i++)
		hb_set_add(drop, hb_tag_from_string(tags[i], 4));
}

/*
 * libharu 2.3.0 writes 13 tables whatever the font has, the last being
 * 'prep'; a missing one is written empty at the end of its buffer. When the
 * font data before it fills its 4096-byte memory chunks exactly, the seek to
 * that empty table fails (error 0x1033) and the PDF cannot be saved. HarfBuzz
 * drops 'prep' with the hinting, so put back a one-instruction program,
 * SVTCA[0], which touches no stack and nothing a glyph without instructions
 * uses. Returns the rebuilt face (new reference) or NULL.
 */
static hb_face_t *add_prep(hb_face_t *built)
{
	static const char prep[] = { 0x00 };   /* SVTCA[0] */
	hb_tag_t tags[64];
	unsigned n = sizeof tags / sizeof tags[0], i, total;
	hb_face_t *b, *sub;
	hb_blob_t *blob;

	/* the subsetter's face is a builder that cannot list its tables */
	blob = hb_face_reference_blob(built);
	sub = hb_face_create(blob, 0);
	hb_blob_destroy(blob);
	total = hb_face_get_table_tags(sub, 0, &n, tags);
	if (total == 0 || total > sizeof tags / sizeof tags[0]) {
		hb_face_destroy(sub);
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (tags[i] == HB_TAG('p', 'r', 'e', 'p'))
			return sub;
	b = hb_face_builder_create();
	for (i = 0; i < n; i++) {
		blob = hb_face_reference_table(sub, tags[i]);
		hb_face_builder_add_table(b, tags[i], blob);
		hb_blob_destroy(blob);
	}
	blob = hb_blob_create(prep, sizeof prep, HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_builder_add_table(b, HB_TAG('p', 'r', 'e', 'p'), blob);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	return b;
}

struct fontsub *fontsub_make(const char *src, const uint32_t *cps, size_t n)
{
	struct fontsub *s = NULL;
	hb_blob_t *blob = NULL, *glyf = NULL, *out = NULL;
	hb_face_t *face = NULL, *sub = NULL, *fixed = NULL;
	hb_subset_input_t *in = NULL;
	hb_set_t *uni = NULL;
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	const char *data;
	unsigned len;
	size_t i;
	int fd = -1, slot = -1;
	char name[16];

	if (cps == NULL)
		cps = fontsub_charset(&n);
	errno = 0;
	blob = hb_blob_create_from_file_or_fail(src);
	if (blob == NULL) {
		diag_error(NULL, EXIT_SYS, "font '%s' cannot be loaded: %s", src,
		           errno ? strerror(errno) : "cannot read it");
		goto fail;
	}
	face = hb_face_create(blob, 0);
	glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
	if (hb_face_get_glyph_count(face) == 0 || hb_blob_get_length(glyf) == 0) {
		diag_error(NULL, EXIT_SYS, "font '%s' cannot be loaded: not a TrueType font with "
		           "glyf outlines (the PDF library needs one)", src);
		goto fail;
	}
	in = hb_subset_input_create_or_fail();
	if (in == NULL) {
		diag_error(NULL, EXIT_SYS, "font '%s': out of memory while subsetting", src);
		goto fail;
	}
	uni = hb_subset_input_unicode_set(in);
	for (i = 0; i < n; i++)
		hb_set_add(uni, cps[i]);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
	drop_tables(in);
	sub = hb_subset_or_fail(face, in);
	if (sub == NULL) {
		diag_error(NULL, EXIT_SYS, "font '%s': HarfBuzz cannot subset it", src);
		goto fail;
	}
	fixed = add_prep(sub);
	if (fixed == NULL) {
		diag_error(NULL, EXIT_SYS, "font '%s': HarfBuzz's subset has no readable table list", src);
		goto fail;
	}
	out = hb_face_reference_blob(fixed);
	data = hb_blob_get_data(out, &len);
	if (data == NULL || len == 0) {
		diag_error(NULL, EXIT_SYS, "font '%s': HarfBuzz produced an empty subset", src);
		goto fail;
	}

	if (make_dir() != 0)
		goto fail;
	slot = claim_slot();
	if (slot < 0) {
		diag_error(NULL, EXIT_SYS, "font '%s': too many font subsets (%d)", src, FONTSUB_SLOTS);
		goto fail;
	}
	s = xmalloc(sizeof *s);
	memset(s, 0, sizeof *s);
	s->slot = slot;
	s->gen = dir_gen;
	slot_name(name, sizeof name, slot);
	snprintf(s->path, sizeof s->path, "%s/%s", tmp_dir, name);
	fd = openat(dir_fd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write_all(fd, data, len) != 0 || close(fd) != 0) {
		diag_error(NULL, EXIT_SYS, "cannot write the subset of font '%s' to %s: %s", src,
		           s->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
		goto fail;
	}
	fd = -1;
	s->bytes = len;
	s->glyphs = hb_face_get_glyph_count(sub);
	uni = hb_set_create();
	hb_face_collect_unicodes(sub, uni);
	while (hb_set_next(uni, &cp))
		if (cp <= 0xFFFF)
			s->covered[cp >> 3] |= (unsigned char)(1u << (cp & 7));
	hb_set_destroy(uni);

	hb_blob_destroy(out);
	hb_face_destroy(fixed);
	hb_face_destroy(sub);
	hb_subset_input_destroy(in);
	hb_blob_destroy(glyf);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return s;

fail:
	if (s != NULL) {
		unlinkat(dir_fd, name, 0);
		free(s);
	}
	if (slot >= 0)
		slot_used[slot] = 0;
	hb_blob_destroy(out);
	hb_face_destroy(fixed);
	hb_face_destroy(sub);
	hb_subset_input_destroy(in);
	hb_blob_destroy(glyf);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return NULL;
}

const char *fontsub_path(const struct fontsub *s)
{
	return s->path;
}

int fontsub_covers(const struct fontsub *s, uint32_t cp)
{
	if (s == NULL || cp > 0xFFFF)
		return 0;
	return (s->covered[cp >> 3] >> (cp & 7)) & 1;
}

unsigned fontsub_glyph_count(const struct fontsub *s)
{
	return s->glyphs;
}

size_t fontsub_file_size(const struct fontsub *s)
{
	return s->bytes;
}

void fontsub_free(struct fontsub *s)
{
	char name[16];

	if (s == NULL)
		return;
	if (dir_live && getpid() == dir_owner && s->gen == dir_gen && slot_used[s->slot]) {
		slot_name(name, sizeof name, s->slot);
		unlinkat(dir_fd, name, 0);
		slot_used[s->slot] = 0;
	}
	free(s);
}
