/*
 * diag: user-facing messages and the run's worst exit status.
 */
#include "base/base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *diag_fp;
static int diag_worst;
static int diag_nerr;
static int diag_nwarn;
static int diag_quiet;
static _Thread_local struct diag_held *held;   /* this thread's record, if any */

static FILE *stream(void)
{
	if (held != NULL && held->fp != NULL)
		return held->fp;
	return diag_fp ? diag_fp : stderr;
}

static void prefix(const struct srcloc *loc)
{
	FILE *fp = stream();

	fputs("reportgen: ", fp);
	if (loc == NULL || loc->file == NULL)
		return;
	fputs(loc->file, fp);
	if (loc->line > 0) {
		fprintf(fp, ":%d", loc->line);
		if (loc->col > 0)
			fprintf(fp, ":%d", loc->col);
	}
	fputs(": ", fp);
}

void diag_error(const struct srcloc *loc, int status, const char *fmt, ...)
{
	va_list ap;
	FILE *fp = stream();

	prefix(loc);
	fputs("error: ", fp);
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
	fflush(fp);
	if (held != NULL) {
		held->nerr++;
		if (status > held->worst)
			held->worst = status;
		return;
	}
	diag_nerr++;
	if (status > diag_worst)
		diag_worst = status;
}

void diag_warn(const struct srcloc *loc, const char *fmt, ...)
{
	va_list ap;
	FILE *fp = stream();

	if (held != NULL)
		held->nwarn++;
	else
		diag_nwarn++;
	if (diag_quiet)
		return;
	prefix(loc);
	fputs("warning: ", fp);
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
	fflush(fp);
}

void diag_note(const char *fmt, ...)
{
	va_list ap;
	FILE *fp = stream();

	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
	fflush(fp);
}

void diag_excerpt(const char *line_start, size_t line_len, int col)
{
	FILE *fp = stream();
	int i;

	if (line_start == NULL)
		return;
	fprintf(fp, "    %.*s\n    ", (int)line_len, line_start);
	for (i = 1; i < col; i++)
		fputc(' ', fp);
	fputs("^\n", fp);
	fflush(fp);
}

int diag_status(void) { return diag_worst; }
int diag_errors(void) { return diag_nerr; }
int diag_warnings(void) { return diag_nwarn; }

void diag_raise(int status)
{
	diag_nerr++;
	if (status > diag_worst)
		diag_worst = status;
}

void diag_reset(void)
{
	diag_worst = EXIT_OK;
	diag_nerr = 0;
	diag_nwarn = 0;
}

void diag_set_stream(FILE *fp) { diag_fp = fp; }
void diag_set_quiet(int quiet) { diag_quiet = quiet; }

void diag_hold(struct diag_held *h)
{
	h->fp = open_memstream(&h->text, &h->len);   /* NULL: messages go out directly */
	held = h;
}

void diag_hold_end(void)
{
	if (held != NULL && held->fp != NULL)
		fflush(held->fp);
	held = NULL;
}

static void held_close(struct diag_held *h)
{
	if (h->fp != NULL)
		fclose(h->fp);
	free(h->text);
	memset(h, 0, sizeof *h);
}

void diag_release(struct diag_held *h)
{
	if (h->fp != NULL) {
		FILE *fp = stream();

		fflush(h->fp);
		if (h->len > 0) {
			fwrite(h->text, 1, h->len, fp);
			fflush(fp);
		}
	}
	diag_nerr += h->nerr;
	diag_nwarn += h->nwarn;
	if (h->worst > diag_worst)
		diag_worst = h->worst;
	held_close(h);
}

void diag_discard(struct diag_held *h)
{
	held_close(h);
}
