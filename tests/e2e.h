/*
 * Helpers for end-to-end tests: run the built reportgen binary (or the one
 * named by $REPORTGEN_BIN, e.g. the sanitizer build) and inspect its outputs.
 */
#ifndef REPORTGEN_TESTS_E2E_H
#define REPORTGEN_TESTS_E2E_H

#include <stddef.h>

/* Absolute path of the binary under test. */
const char *e2e_bin(void);
/* Make a fresh temporary directory; returns its path, owned by this module:
 * the folder and the string go when the test process exits (also after a
 * failed assertion or a skip; if the process is killed, a later test process
 * sweeps the folder). */
char *e2e_tmpdir(void);
/* Run a shell command; capture stdout+stderr into *out (malloc'd, may be NULL
 * to discard). Returns the exit status (or -1). */
int e2e_run(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Read a whole file (malloc'd, NUL-terminated) or NULL. */
char *e2e_slurp(const char *path, size_t *len);
/* 1 if path exists. */
int e2e_exists(const char *path);
/* Copy the default edition into dir/edition (cp -r). Returns 0 on success. */
int e2e_copy_edition(const char *dir);

#endif
