/*
 * Shared test helpers (tests/helpers.c, linked into the one Criterion runner;
 * it holds no tests). What the test files would otherwise copy between them:
 *   - capturing the diagnostics (what reportgen prints on stderr) in memory;
 *   - temporary folders that go even when a test fails or skips;
 *   - writing and reading whole files;
 *   - running the built binary ($REPORTGEN_BIN, e.g. the sanitizer build);
 *   - the fake text measurer of the layout tests;
 *   - finding the public raw reference files, or skipping plainly.
 */
#ifndef REPORTGEN_TESTS_HELPERS_H
#define REPORTGEN_TESTS_HELPERS_H

#include <stddef.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

/* ---- diagnostics ---- */

/* Send diag's messages to a fresh memory buffer (the previous capture, if
 * any, is dropped) and reset diag's counts. */
void th_capture(void);
/* The messages captured so far ("" when none, or when not capturing). */
const char *th_captured(void);
/* Stop capturing: messages go to stderr again; returns what was captured
 * (malloc'd, the caller frees it). */
char *th_capture_take(void);
/* Stop capturing and drop the text (harmless when not capturing). */
void th_capture_end(void);

/* ---- temporary folders and files ---- */

/* A fresh temporary folder; the path is owned by this module. The folder goes
 * when the test process exits, also after a failed assertion or a skip (if the
 * process is killed, a later test process sweeps it). NULL on failure. */
char *th_tmpdir(void);
/* Remove a folder and everything below it, read-only parts included.
 * Returns 0, or -1 (having printed why). */
int th_rmtree(const char *path);
/* Write n bytes to path (created or truncated). Returns 0 or -1. */
int th_write_file(const char *path, const void *bytes, size_t n);
/* A whole file, malloc'd and NUL-terminated (*len without the NUL when len is
 * not NULL), or NULL when it cannot be read. */
char *th_read_file(const char *path, size_t *len);
/* 1 if path exists. */
int th_exists(const char *path);

/* Switch LC_ALL to a German locale (',' as decimal point), building one with
 * localedef when the system has none. Returns 0, or -1 when there is none:
 * the caller then skips. */
int th_german_locale(void);

/* ---- the built binary ---- */

/* Absolute path of the binary under test ($REPORTGEN_BIN or ./reportgen). */
const char *th_bin(void);
/* Run a shell command in the project root; stdout and stderr go to *out
 * (malloc'd; out may be NULL to discard them). Returns the exit status or -1. */
int th_run(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Copy the default edition (data/2018) into dir/edition. Returns 0 on success. */
int th_copy_edition(const char *dir);

/* ---- layout ---- */

/* A text measurer for layout tests: every byte is 0.5 * size wide, the
 * ascent of every role 0.8, its descent 0.2. */
struct draw_measure th_fake_measure(void);

/* ---- table-driven tests over fixture files ---- */

/* One parameter of a table-driven test: a file or folder name. */
struct th_name {
	char name[64];
};

/* For ParameterizedTestParameters: the entries of dir that keep accepts (it
 * gets the folder and the entry's name), sorted by name, as parameters of type
 * struct th_name. Aborts when dir cannot be read or holds more than 256 such
 * entries or a name of 64 bytes or more. */
struct criterion_test_params th_name_params(const char *dir,
                                            int (*keep)(const char *dir, const char *name));
/* keep functions: folders, and files ending in ".csv" or ".tsv" whose name
 * starts with "bad_". */
int th_keep_folder(const char *dir, const char *name);
int th_keep_bad_table(const char *dir, const char *name);

/* ---- the public raw files ---- */

/* The folder of the public raw files (O*NET, Frey & Osborne, UN E-Government
 * Survey, WGI, ...): ../shared/reference/raw beside the project root, or
 * $REPORTGEN_RAW when set. */
const char *th_raw_dir(void);
/* The path of name in that folder (owned by this module, valid until the
 * test ends). When it is absent the test is skipped with a message naming the
 * missing path; call it before allocating what the test would have to free. */
const char *th_raw_file(const char *name);

#endif
