/*
 * main: command line, the run's stages in order, exit status.
 *   load -> model -> figures -> templates -> layout -> PDF
 */
#include "arena.h"
#include "diag.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef REPORTGEN_VERSION
#define REPORTGEN_VERSION "0.1.0"
#endif

struct options {
	const char *data;
	const char *templates;
	const char *out;
	const char *fonts;
};

static void usage(FILE *fp)
{
	fputs("usage: reportgen [--data DIR] [--templates DIR] [--out DIR] [--fonts FILE]\n"
	      "                 [--help] [--version]\n"
	      "\n"
	      "Turns an edition's raw CSV datasets into typeset PDF documents.\n"
	      "\n"
	      "  --data DIR       edition folder (default data/2018)\n"
	      "  --templates DIR  template folder (default templates)\n"
	      "  --out DIR        output folder (default out/2018)\n"
	      "  --fonts FILE     font manifest (default fonts/manifest)\n"
	      "  --help           this text\n"
	      "  --version        print the version\n"
	      "\n"
	      "Exit status: 0 ok, 1 bad data or template, 2 usage, 3 I/O or environment\n"
	      "(font missing, output folder unwritable).\n", fp);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "templates", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ "fonts", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct options opt = { "data/2018", "templates", "out/2018", "fonts/manifest" };
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': opt.data = optarg; break;
		case 't': opt.templates = optarg; break;
		case 'o': opt.out = optarg; break;
		case 'f': opt.fonts = optarg; break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("reportgen %s\n", REPORTGEN_VERSION); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		diag_error(NULL, EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}
	return diag_status();
}
