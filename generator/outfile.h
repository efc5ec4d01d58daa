/*
 * outfile: the run's output files, all or nothing.
 * Position in the pipeline: the last step of every stage that writes
 * (figures.csv, tables/, the PDFs); main.c commits once at the very end.
 *
 * Every output is STAGED: written to "<path>.tmp.<pid>" in its own folder
 * (parent folders are created), flushed with fsync, and left there. Only
 * outfile_commit() renames the staged files onto their final paths, when the
 * whole run has succeeded; outfile_abort() removes them. A failed or
 * interrupted run therefore leaves the previous good outputs untouched and
 * never a partial file.
 *
 * State is per process (a signal handler must be able to reach it): the list
 * of staged temps and the list of committed paths. Typical use in main.c:
 *
 *     outfile_install_signal_cleanup();
 *     if (outfile_check_dir(opt.out) != 0) return diag_status();
 *     ... stages call outfile_stage(path, bytes, len) ...
 *     if (diag_status() == EXIT_OK && outfile_commit() == 0)
 *         for (i = 0; i < outfile_committed_count(); i++)
 *             diag_note("wrote %s", outfile_committed_at(i));
 *     else
 *         outfile_abort();
 */
#ifndef REPORTGEN_OUTFILE_H
#define REPORTGEN_OUTFILE_H

#include <stddef.h>

/* Make sure dir exists (created with its parents if needed) and that files
 * can be created in it (an unnamed O_TMPFILE probe where the file system has
 * them, else ".reportgen-probe.tmp.<pid>", removed at once). Also removes the
 * temps left by dead runs (SIGKILL): "*.pdf.tmp.<pid>", "*.csv.tmp.<pid>" and
 * probes in dir and two folder levels below it, when no process <pid> exists. Call early, before any work. Returns 0, or -1 after
 * reporting "cannot write to 'DIR': REASON" (EXIT_SYS). */
int outfile_check_dir(const char *dir);

/* Write len bytes to the temp file of path, fsync it and remember it for
 * commit. Staging the same path again replaces the staged content. Ignores
 * SIGXFSZ for the process, so that a file-size limit is a write error
 * (EFBIG) rather than death. Returns 0, or -1 after reporting (EXIT_SYS;
 * ENOSPC, EFBIG, EACCES ...) with the temp file removed. */
int outfile_stage(const char *path, const void *bytes, size_t len);

/* Rename every staged file onto its final path, in staging order, then fsync
 * the folders. Returns 0, or -1 after reporting (EXIT_SYS); the temps not yet
 * renamed are then removed. Either way nothing stays staged. */
int outfile_commit(void);

/* Remove every staged temp file; nothing is renamed. Safe to call at any
 * time, repeatedly. */
void outfile_abort(void);

/* Files staged and not yet committed or aborted; the i-th one's final path
 * and temp path (NULL past the end). */
size_t outfile_staged_count(void);
const char *outfile_staged_path(size_t i);
const char *outfile_staged_tmp(size_t i);

/* Worker processes (run.c --jobs): a worker stages its files, hands the list
 * to the parent and forgets it with outfile_release (the temps stay on disk);
 * the parent takes each over with outfile_adopt, so that its one commit (or
 * abort) covers every file of the run. outfile_adopt returns 0, or -1 when
 * tmp does not exist (reported, EXIT_SYS). */
void outfile_release(void);
int outfile_adopt(const char *path, const char *tmp);

/* Final paths committed so far, in order, for the run's summary. The strings
 * are owned by this module and live until outfile_forget(). */
size_t outfile_committed_count(void);
const char *outfile_committed_at(size_t i);

/* Forget the committed list (a batch that starts over; tests). */
void outfile_forget(void);

/* On SIGINT, SIGTERM, SIGHUP: remove the staged temps, then die of the same
 * signal. Also removes them at exit() (e.g. out of memory) and ignores
 * SIGXFSZ. Call once, early in main. */
void outfile_install_signal_cleanup(void);

#endif
