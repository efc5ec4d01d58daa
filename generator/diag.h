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
#ifndef REPORTGEN_DIAG_H
#define REPORTGEN_DIAG_H

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

#endif
