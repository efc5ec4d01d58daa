/*
 * main: the command line. Parses options into struct run_opts and hands the
 * run to run.c (load -> model -> figures -> templates -> layout -> PDF).
 * Built twice: in the checkout (./reportgen, source-tree defaults) and by
 * `make install` with REPORTGEN_DATADIR, the installed data folder.
 */
#define _DEFAULT_SOURCE   /* sbrk, madvise */
#include "base/base.h"
#include "import/import.h"
#include "run/run.h"

#include <getopt.h>
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef REPORTGEN_VERSION
#define REPORTGEN_VERSION "0.2.0"
#endif

/* Where the templates and the font manifest are read from without --templates
 * and --fonts. `make install` compiles in its data folder (REPORTGEN_DATADIR,
 * e.g. /usr/local/share/reportgen); the binary built in the checkout has none
 * and reads the source tree's folders, relative to the current folder. */
#ifdef REPORTGEN_DATADIR
#define DEFAULT_TEMPLATES REPORTGEN_DATADIR "/templates"
#define DEFAULT_FONTS REPORTGEN_DATADIR "/fonts/manifest"
#define DEFAULTS_NOTE \
	"Without --templates and --fonts, this reportgen reads the templates and the\n" \
	"font manifest from the folder it was installed with: " REPORTGEN_DATADIR ".\n"
#else
#define DEFAULT_TEMPLATES "templates"
#define DEFAULT_FONTS "fonts/manifest"
#define DEFAULTS_NOTE \
	"Without --templates and --fonts, this reportgen (built in its source tree,\n" \
	"not installed) reads templates/ and fonts/manifest from the current folder;\n" \
	"an installed one reads them from PREFIX/share/reportgen.\n"
#endif

/* The usage line: after every usage error, and at the top of --help. */
#define USAGE_LINE \
	"usage: reportgen [--data DIR] [--templates DIR] [--out DIR] [--fonts FILE]\n" \
	"                 [--only WHAT] [--lang en|es] [--state SLUG] [--shard K/N]\n" \
	"                 [--jobs N] [--letter] [--quiet] [--help] [--version]\n" \
	"       reportgen import --raw DIR --out EDITION_DIR [--edition DIR] ...\n"

static void usage(FILE *fp)
{
	fprintf(fp,
	      USAGE_LINE
	      "\n"
	      "Turns an edition's raw CSV datasets into typeset PDF documents: the white\n"
	      "paper, one brief per state, in English and Spanish, plus figures.csv.\n"
	      "\n"
	      "  --data DIR       edition folder (default data/2018)\n"
	      "  --templates DIR  template folder (default %s)\n"
	      "  --out DIR        output folder (default out/2018)\n"
	      "  --fonts FILE     font manifest (default %s)\n",
	      DEFAULT_TEMPLATES, DEFAULT_FONTS);
	fputs("  --only WHAT      document names (templates/NAME/doc.manifest: whitepaper\n"
	      "                   or paper, brief or briefs, ...), figures, or a comma\n"
	      "                   list (default: all)\n"
	      "  --lang LANG      en | es (default: both)\n"
	      "  --state SLUG     only this state's briefs (e.g. nuevo-leon)\n"
	      "  --shard K/N      build the K-th of N deterministic slices of the outputs\n"
	      "  --jobs N         processes building documents (default: one per CPU,\n"
	      "                   at most 8; the outputs are the same for any N)\n"
	      "  --letter         US Letter pages instead of A4\n"
	      "  --quiet          do not list the files written\n"
	      "  --watch          stay resident: rebuild what a change to the edition,\n"
	      "                   the templates or the fonts reaches\n"
	      "  --help           this text\n"
	      "  --version        print the version\n"
	      "\n"
	      DEFAULTS_NOTE
	      "\n"
	      "'reportgen diff OLD_OUT NEW_OUT' lists every figure that changed between\n"
	      "two runs (their figures.csv): key, old, new, change, relative change;\n"
	      "figures on one side only as added or removed; --csv for CSV. Exit 0.\n"
	      "\n"
	      "'reportgen import --help' describes the importer of official raw files\n"
	      "(O*NET, Frey & Osborne, UN E-Government, WGI, Open Data Index, INEGI).\n"
	      "\n"
	      "Exit status: 0 ok, 1 bad data or template, 2 usage, 3 I/O or environment\n"
	      "(font missing, output folder unwritable, disk full). On failure nothing is\n"
	      "written and earlier outputs are left as they were.\n", fp);
}

static int bad_usage(const char *fmt, const char *arg)
{
	char msg[256];

	snprintf(msg, sizeof msg, fmt, arg);
	diag_error(NULL, EXIT_USAGE, "%s", msg);
	fputs(USAGE_LINE, stderr);
	return EXIT_USAGE;
}

/* What getopt_long (silenced) returned '?' or ':' for, in the one form. */
static int option_error(int c, int argc, char **argv, const struct option *longopts)
{
	/* the word getopt stopped at; a short option is reported by its letter */
	const char *word = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
	char name[64];
	size_t n = strcspn(word, "=");
	int i, hit = -1, nhit = 0;

	if (strncmp(word, "--", 2) != 0) {
		char shown[3] = { '-', (char)(optopt ? optopt : '?'), '\0' };

		return bad_usage("unknown option '%s'", shown);
	}
	snprintf(name, sizeof name, "%.*s",
	         (int)(n - 2 < sizeof name - 1 ? n - 2 : sizeof name - 1), word + 2);
	for (i = 0; longopts[i].name != NULL; i++) {
		if (name[0] == '\0' || strncmp(longopts[i].name, name, strlen(name)) != 0)
			continue;
		if (strcmp(longopts[i].name, name) == 0) {
			hit = i;   /* exact */
			nhit = 1;
			break;
		}
		hit = i;
		nhit++;
	}
	if (nhit > 1)
		return bad_usage("option '--%s' is ambiguous", name);
	if (nhit == 0)
		return bad_usage("unknown option '%s'", word);
	if (c == ':' || (longopts[hit].has_arg == required_argument && word[n] != '='))
		return bad_usage("option '--%s' needs a value", longopts[hit].name);
	return bad_usage("option '--%s' takes no value", longopts[hit].name);
}

/* --only "whitepaper,figures": the document names are checked against the
 * template folder's document types by the plan (run/plan.c); here the
 * list's shape, and the coarse kinds: "figures" -> RUN_FIGURES, "paper" (the
 * white paper's alias) -> RUN_PAPER, "briefs" -> RUN_BRIEFS, any other name
 * -> either kind of document. */
static int parse_only(const char *arg, unsigned *docs)
{
	char buf[256], *tok, *save = NULL;
	size_t n = strlen(arg);

	if (n == 0 || n >= sizeof buf || arg[0] == ',' || arg[n - 1] == ',' || strstr(arg, ",,"))
		return -1;
	strcpy(buf, arg);
	*docs = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "paper") == 0)
			*docs |= RUN_PAPER;
		else if (strcmp(tok, "briefs") == 0)
			*docs |= RUN_BRIEFS;
		else if (strcmp(tok, "figures") == 0)
			*docs |= RUN_FIGURES;
		else
			*docs |= RUN_PAPER | RUN_BRIEFS;
	}
	return *docs == 0 ? -1 : 0;
}

/* reportgen diff [--csv] OLD NEW */
static int diff_main(int argc, char **argv)
{
	const char *side[2] = { NULL, NULL };
	int i, n = 0, csv = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--csv") == 0)
			csv = 1;
		else if (strcmp(argv[i], "--help") == 0) {
			puts("usage: reportgen diff [--csv] OLD_OUT NEW_OUT\n"
			     "Every figure that changed between two runs' figures.csv (an output\n"
			     "folder or the file): key, old, new, change, relative change; figures\n"
			     "on one side only as added or removed. --csv: as CSV. Exit 0.");
			return EXIT_OK;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return bad_usage("diff: unknown option '%s'", argv[i]);
		else if (n < 2)
			side[n++] = argv[i];
		else
			return bad_usage("diff: unexpected argument '%s'", argv[i]);
	}
	if (n != 2)
		return bad_usage("diff takes two runs' output folders (OLD_OUT NEW_OUT)%s", "");
	return run_diff(side[0], side[1], csv, stdout);
}

/* A run touches some 20 MB of fresh memory; on 4 KB pages every first touch
 * is a page fault, and on this kind of (virtual) machine those faults cost
 * more than laying out the paper (measured: 4,400 faults, a third of the
 * paper's 90 ms). Reserve the main heap up front and ask for transparent huge
 * pages on it (Linux, THP in "madvise" or "always" mode; elsewhere this does
 * nothing): 2 MB pages, a few hundred faults. */
static void heap_hugepages(void)
{
	const size_t reserve = (size_t)96 << 20, huge = (size_t)2 << 20;
	char *p, *top, *from;

	/* big blocks from the heap too, which then grows by the reserve at once
	 * and does not shrink back; libraries may have used the heap already, so
	 * grow it now with a block larger than what is left */
	if (mallopt(M_MMAP_THRESHOLD, 32 << 20) == 0 || mallopt(M_TOP_PAD, (int)reserve) == 0 ||
	    mallopt(M_TRIM_THRESHOLD, (int)(2 * reserve)) == 0)
		return;
	p = malloc(huge);
	top = sbrk(0);
	if (p == NULL || top == (char *)-1 || top < p) {
		free(p);
		return;
	}
	from = (char *)(((uintptr_t)p + huge - 1) & ~(uintptr_t)(huge - 1));
	if (from < top)
		madvise(from, (size_t)(top - from), MADV_HUGEPAGE);
	free(p);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "templates", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ "fonts", required_argument, NULL, 'f' },
		{ "only", required_argument, NULL, 'O' },
		{ "lang", required_argument, NULL, 'l' },
		{ "state", required_argument, NULL, 's' },
		{ "shard", required_argument, NULL, 'S' },
		{ "letter", no_argument, NULL, 'L' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "watch", no_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct run_opts opt = {
		.data = "data/2018", .templates = DEFAULT_TEMPLATES, .out = "out/2018",
		.fonts = DEFAULT_FONTS, .docs = RUN_ALL_DOCS, .langs = RUN_ALL_LANGS,
	};
	struct run_stats st;
	const char *ci = getenv("CI");
	int c, watch = 0;

	heap_hugepages();
	if (argc > 1 && strcmp(argv[1], "diff") == 0)
		return diff_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "import") == 0) {
		outfile_install_signal_cleanup();
		return import_main(argc - 1, argv + 1);
	}
	opterr = 0;   /* our messages, in the one form (option_error) */
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': opt.data = optarg; break;
		case 't': opt.templates = optarg; break;
		case 'o': opt.out = optarg; break;
		case 'f': opt.fonts = optarg; break;
		case 'O':
			if (parse_only(optarg, &opt.docs) != 0)
				return bad_usage("--only takes document names (whitepaper or paper, brief or "
				                 "briefs, ...) and figures, comma-separated, not '%s'", optarg);
			opt.only = optarg;
			break;
		case 'l':
			if (strcmp(optarg, "en") == 0)
				opt.langs = RUN_EN;
			else if (strcmp(optarg, "es") == 0)
				opt.langs = RUN_ES;
			else
				return bad_usage("--lang takes en or es, not '%s'", optarg);
			break;
		case 's': opt.state = optarg; break;
		case 'S':
			if (run_parse_shard(optarg, &opt.shard_k, &opt.shard_n) != 0)
				return bad_usage("--shard takes K/N with 1 <= K <= N, not '%s'", optarg);
			break;
		case 'L': opt.letter = 1; break;
		case 'j': {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*optarg == '\0' || *end != '\0' || v < 1 || v > 64)
				return bad_usage("--jobs takes a number from 1 to 64, not '%s'", optarg);
			opt.jobs = (int)v;
			break;
		}
		case 'q': opt.quiet = 1; break;
		case 'W': watch = 1; break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("reportgen %s\n", REPORTGEN_VERSION); return EXIT_OK;
		default:
			return option_error(c, argc, argv, longopts);
		}
	}
	if (optind < argc)
		return bad_usage("unexpected argument '%s'", argv[optind]);
	if (opt.state != NULL && !(opt.docs & RUN_BRIEFS))
		return bad_usage("--state '%s' selects briefs, but --only excludes them", opt.state);
	if (opt.state != NULL)
		opt.docs = RUN_BRIEFS;
	opt.progress = isatty(STDERR_FILENO) && (ci == NULL || ci[0] == '\0');
	if (opt.jobs == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		opt.jobs = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus;
	}
	outfile_install_signal_cleanup();
	if (watch)
		return run_watch(&opt);
	return run_all(&opt, &st);
}
