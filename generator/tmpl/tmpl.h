/*
 * tmpl: the template stage. Compiles a document folder written in the
 * template language (templates/SYNTAX.md) into an op tree once, then renders
 * it against a run's figures (and, for per-state briefs, one bound table row)
 * into a document tree (doc.h) as many times as needed.
 *
 * Pipeline: ... figures -> tmpl -> layout -> PDF.
 *
 * Rendering first expands the template tags ({{ }}, {% %}) into text, keeping
 * a map from every output byte back to its template file:line:col, then reads
 * the prose markup of that text into the doc tree, numbers chapters, sections,
 * tables and figures, resolves cross-references and footnotes.
 *
 * Inside, the stage is built in layers that only call down (src.h lists the
 * files and the naming rule):
 *   driver.c   this API: compile, render, lint, caches
 *   parse.h    block and inline markup of the expanded text -> doc; numbering
 *   eval.h     values, filters, `where` rows; expansion with a position map
 *   lint.h     (beside eval) numbers typed in the prose
 *   compile.h  the op tree and its compiler; chart keys compiled once
 *   src.h      sources, positions, messages, PCRE2 patterns
 *
 * Errors: every problem is reported through diag_error(EXIT_DATA) as
 * "FILE:LINE:COL: what" (COL in characters) followed by the source line and a
 * caret; all problems of a document are reported, then the call returns NULL.
 *
 * Table rule rows: a body row "|---|" does not become a row of its own; it sets
 * DOC_ROW_RULE on the NEXT body row (draw a rule above that row).
 * Group rows "| ## Name |" become a row with DOC_ROW_GROUP, cells[0] = "Name",
 * other cells "". Section numbers: chapters "1".."n", sections "n.m",
 * subsections "n.m.k"; appendix chapters "A1".."Ak" (flag DOC_F_APPENDIX; their
 * sections "A1.1"); tables and charts are numbered "1".."n" through the
 * document, separately. Sections under an unnumbered chapter are unnumbered.
 */
#ifndef REPORTGEN_TMPL_H
#define REPORTGEN_TMPL_H

#include <stddef.h>

struct arena;
struct figset;
struct figtable;
struct doc;

/* A compiled document (opaque; arena-owned). Its op tree does not change
 * after compiling, so one compiled template can be rendered any number of
 * times; the only thing rendering adds to it is the compiled form of each
 * distinct chart key (`where:`, `highlight:`, `format:`), made on first use
 * in the template's arena. One thread renders a template at a time (run/:
 * the main process and every forked worker each render on one thread). */
struct tmpl;

/* One row of a table seen by the template under a name, e.g. a state brief
 * rendered with name "state", table "states", row i: {{ state.name }}. */
struct tmpl_bind {
	const char *name;
	const struct figtable *table;
	size_t row;
};

/* Compile the document folder templates_root/docdir_rel (e.g. "templates",
 * "whitepaper/en"): its *.md files in name order, front matter from the first
 * one, includes resolved against templates_root. lang is "en" or "es".
 * Returns the compiled template (arena-owned), or NULL after reporting every
 * error (EXIT_DATA; EXIT_SYS when a file cannot be read). */
struct tmpl *tmpl_compile_dir(struct arena *a, const char *templates_root,
                              const char *docdir_rel, const char *lang);

/* Compile one template held in memory; name is used in messages (e.g.
 * "test.md"). Includes are resolved against templates_root (NULL: none
 * allowed). Same result as tmpl_compile_dir. */
struct tmpl *tmpl_compile_string(struct arena *a, const char *name, const char *text,
                                 const char *lang, const char *templates_root);

/* Render a compiled template against fs (and bind, or NULL) into a new doc
 * (owned by a). Returns NULL after reporting every error (EXIT_DATA). */
struct doc *tmpl_render(struct arena *a, const struct tmpl *t, const struct figset *fs,
                        const struct tmpl_bind *bind);

/* What the renders of one run share, so that a brief costs the same however
 * many states the edition has: the rows a `where` clause naming only the
 * table's columns selects (the same in every rendering), and indexes of the
 * columns a clause compares for equality with a value (`state ==
 * state.slug`). It must not outlive the figset or the compiled templates it
 * was used with, and the figset's tables must not change meanwhile. */
struct tmpl_cache;
struct tmpl_cache *tmpl_cache_new(void);
void tmpl_cache_free(struct tmpl_cache *c);   /* NULL is fine */

/* tmpl_render with a cache (NULL: the same as tmpl_render); the result is
 * identical either way. */
struct doc *tmpl_render_cached(struct arena *a, const struct tmpl *t, const struct figset *fs,
                               const struct tmpl_bind *bind, struct tmpl_cache *cache);

/* Warn (diag_warn) about every number typed in the template's prose (outside
 * {{ }}) that equals a numeric figure's formatted value ("9.77 million",
 * "19%", "22nd", "9,770,000"), naming the figure key. Returns the number of
 * warnings. Call once per compiled template, not per rendering. */
int tmpl_lint(const struct tmpl *t, const struct figset *fs);

/* The language the template was compiled for ("en" / "es"). */
const char *tmpl_lang(const struct tmpl *t);

/* How many chart keys t has compiled so far (each distinct key text at each
 * place once, however many documents are rendered): for tests. */
size_t tmpl_directives_compiled(const struct tmpl *t);

#endif
