/*
 * libFuzzer harness for the whole path: load -> models -> figures ->
 * templates -> layout -> PDF, in memory.
 *
 * One input is a template followed by the edition files it changes:
 *
 *   TEMPLATE TEXT (compiled as one English brief template, bound to the
 *   first state)
 *   === states.csv
 *   CONTENT OF states.csv
 *   === employment.csv
 *   ...
 *
 * The edition is data/2018 read once at start-up and mounted in memory
 * (buf_mem_mount) with the input's files laid over it; nothing is read from
 * or written to the edition's folder during a run, and the PDF stays in a
 * buffer. The fonts and hyphenation dictionaries are loaded once. A crash,
 * a sanitizer report, a hang (libFuzzer's -timeout) or a PDF that does not
 * start with %PDF- is a finding; data and template errors are not. The
 * dictionary tests/fuzz/run.dict holds the template language's tokens and
 * the edition's file and column names.
 *
 * Build and run from the worktree root: `make fuzz` (or `make fuzz-ci`).
 */
#include "base/base.h"
#include "doc/doc.h"
#include "figures/figures.h"
#include "layout/layout.h"
#include "pdf/pdf.h"
#include "run/internal.h"
#include "tmpl/tmpl.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define EDITION "data/2018"
#define MOUNT "<memory>/edition"
#define MAXFILES 96

static struct buf base_data[MAXFILES];
static char *base_name[MAXFILES];
static size_t base_n;
static struct pdf_fonts *fonts;
static struct hyph *hyph;
static FILE *sink;
static int verbose;
/* The figures of the unchanged edition, for the inputs that change none of
 * its files (the models run once, not per template). */
static struct arena *base_arena;
static struct figset *base_fs;

/* Read every file of folder dir whose name ends in ext into the base
 * edition, named prefix + name. */
static void read_base(const char *dir, const char *prefix, const char *ext)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t el = strlen(ext);

	if (d == NULL) {
		fprintf(stderr, "fuzz_run: run me from the source tree (no %s)\n", dir);
		abort();
	}
	while ((e = readdir(d)) != NULL && base_n < MAXFILES) {
		size_t n = strlen(e->d_name);
		char path[512], name[512];

		if (n <= el || strcmp(e->d_name + n - el, ext) != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		snprintf(name, sizeof name, "%s%s", prefix, e->d_name);
		if (buf_read_file(&base_data[base_n], path) != 0)
			abort();
		base_name[base_n++] = strdup(name);
	}
	closedir(d);
}

static void init(void)
{
	/* FUZZ_RUN_VERBOSE=1: the messages and what each input made, on stderr */
	verbose = getenv("FUZZ_RUN_VERBOSE") != NULL;
	sink = fopen("/dev/null", "w");
	diag_set_stream(verbose ? stderr : sink);
	read_base(EDITION, "", ".csv");
	/* the state outlines geometry.csv names, beside the edition */
	read_base(EDITION "/../raw/states", "../raw/states/", ".geojson");
	fonts = pdf_fonts_load("fonts/manifest");
	hyph = hyph_new(NULL);
	if (fonts == NULL || hyph == NULL) {
		fprintf(stderr, "fuzz_run: cannot load the fonts or the dictionaries\n");
		abort();
	}
	hyph_preload(hyph, "en");
	{
		struct buf_memfile files[MAXFILES];
		struct run_stats st;

		for (size_t i = 0; i < base_n; i++)
			files[i] = (struct buf_memfile){ base_name[i], base_data[i].data, base_data[i].len };
		buf_mem_mount(MOUNT, files, base_n);
		base_arena = arena_new();
		base_fs = run_edition(base_arena, MOUNT, &st);
		buf_mem_mount(NULL, NULL, 0);
		if (base_fs == NULL) {
			fprintf(stderr, "fuzz_run: the edition %s does not load\n", EDITION);
			abort();
		}
		diag_reset();
	}
}

/* The next "\n=== " at or after p, or end. */
static char *next_sep(char *p, char *end)
{
	for (; p + 5 <= end; p++)
		if (p[0] == '\n' && memcmp(p + 1, "=== ", 4) == 0)
			return p;
	return end;
}

/* Split the input (text[len] is a NUL) into the template and the "=== NAME"
 * files, laid over the base edition in files[]; returns their count. */
static size_t split(char *text, size_t len, const char **tmpl, struct buf_memfile *files)
{
	char *end = text + len, *sep = next_sep(text, end);
	size_t n = 0, i, k;

	for (i = 0; i < base_n; i++)
		files[n++] = (struct buf_memfile){ base_name[i], base_data[i].data, base_data[i].len };
	*tmpl = text;
	while (sep < end) {
		char *name = sep + 5, *nl, *body, *after;

		*sep = '\0';   /* ends the template or the previous file */
		nl = memchr(name, '\n', (size_t)(end - name));
		if (nl == NULL)
			break;
		*nl = '\0';
		body = nl + 1;
		after = next_sep(body, end);
		for (k = 0; k < n && strcmp(files[k].name, name) != 0; k++)
			;
		if (k == MAXFILES)
			break;
		files[k] = (struct buf_memfile){ name, body, (size_t)(after - body) };
		if (k == n)
			n++;
		sep = after;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf_memfile files[MAXFILES];
	struct arena *a;
	struct run_stats st;
	struct figset *fs;
	const char *tsrc;
	char *text;
	size_t nf;
	int changed;

	if (fonts == NULL)
		init();
	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	nf = split(text, size, &tsrc, files);
	changed = strlen(tsrc) < size;   /* the input carries files */
	buf_mem_mount(MOUNT, files, nf);
	diag_reset();
	a = arena_new();
	memset(&st, 0, sizeof st);
	fs = changed ? run_edition(a, MOUNT, &st) : base_fs;
	if (fs != NULL) {
		struct tmpl *t = tmpl_compile_string(a, "fuzz.md", tsrc, "en", NULL);
		const struct figtable *states = figset_get_table(fs, "states");
		struct tmpl_bind bind = { "state", states, 0 };
		struct doc *d = NULL;

		if (t != NULL)
			d = tmpl_render(a, t, fs, states && states->nrows > 0 ? &bind : NULL);
		if (d != NULL) {
			struct layout_opts lo = { LAYOUT_A4, hyph };
			struct layout *l = layout_doc(a, d, pdf_fonts_measure(fonts), &lo);
			struct buf pdf = { 0 };

			if (l != NULL && pdf_render(fonts, l, NULL, &pdf) == 0 &&
			    (pdf.len < 5 || memcmp(pdf.data, "%PDF-", 5) != 0))
				abort();
			if (verbose)
				fprintf(stderr, "fuzz_run: %zu files, %zu pages, %zu PDF bytes\n", nf,
				        l ? l->npages : 0, pdf.len);
			buf_free(&pdf);
		}
	}
	buf_mem_mount(NULL, NULL, 0);
	arena_free(a);
	free(text);
	return 0;
}
