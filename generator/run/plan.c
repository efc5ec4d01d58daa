/*
 * run/plan.c: the list of outputs a run writes, and who builds each.
 *
 * The document types are found in the template folder: every folder
 * templates/NAME/ with a doc.manifest (one per edition or one per state, the
 * output path pattern, the page size; templates/SYNTAX.md) and a folder of
 * templates per language. The list of outputs is ordered (figures, then
 * each document type by its order, each language, each state), so
 * --shard K/N can take every N-th item deterministically and the union of
 * the N shards equals one full run. With --jobs the selected documents are
 * then shared out among the processes (workers.c forks them).
 */
#include "run/internal.h"

#include "base/base.h"
#include "figures/figures.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- document types: templates/NAME/doc.manifest ---- */

static const char *const manifest_keys[] = { "per", "output", "page", "order", "alias" };

static int is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* An output pattern is a relative path of [A-Za-z0-9._-/] and the fields
 * {lang} and {state}, ending in .pdf, with no "..": one file per language
 * (and per state). */
static const char *bad_pattern(const char *p, enum run_per per)
{
	const char *c;
	size_t n = strlen(p);

	if (strstr(p, "{lang}") == NULL)
		return "has no {lang}";
	if (per == RUN_PER_STATE && strstr(p, "{state}") == NULL)
		return "has no {state} (the document is made once per state)";
	if (per == RUN_PER_EDITION && strstr(p, "{state}") != NULL)
		return "has {state}, but the document is made once per edition";
	if (n < 5 || strcmp(p + n - 4, ".pdf") != 0)
		return "does not end in .pdf";
	if (p[0] == '/' || strstr(p, "..") != NULL || strstr(p, "//") != NULL)
		return "is not a path inside the output folder";
	for (c = p; *c; c++) {
		if (*c == '{') {
			if (strncmp(c, "{lang}", 6) != 0 && strncmp(c, "{state}", 7) != 0)
				return "has a field other than {lang} and {state}";
			c = strchr(c, '}');
			continue;
		}
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      *c == '.' || *c == '_' || *c == '-' || *c == '/'))
			return "has a character other than letters, digits, '.', '_', '-' and '/'";
	}
	return NULL;
}

/* Read root/name/doc.manifest into *d. Returns 0 or -1 after reporting. */
static int read_manifest(struct arena *a, const char *root, const char *name,
                         struct run_doctype *d)
{
	char *path = arena_printf(a, "%s/%s/doc.manifest", root, name);
	struct buf b = { 0 };
	char *line, *next;
	int lineno = 0, bad = 0, has_per = 0, out_line = 0;
	struct srcloc loc = { path, 0, 0 };

	memset(d, 0, sizeof *d);
	d->name = arena_strdup(a, name);
	d->order = 100;
	if (buf_read_file(&b, path) != 0) {
		diag_error(&loc, EXIT_SYS, "cannot read the document's manifest");
		return -1;
	}
	for (line = b.data ? b.data : (char *)""; *line; line = next) {
		char *eq, *key, *val, *nl = strchr(line, '\n');

		next = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = '\0';
		loc.line = ++lineno;
		line = trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		eq = strchr(line, '=');
		if (eq == NULL) {
			diag_error(&loc, EXIT_DATA, "expected 'key = value', got '%s'", line);
			bad = 1;
			continue;
		}
		*eq = '\0';
		key = trim(line);
		val = trim(eq + 1);
		if (strcmp(key, "per") == 0) {
			has_per = 1;
			if (strcmp(val, "edition") == 0)
				d->per = RUN_PER_EDITION;
			else if (strcmp(val, "state") == 0)
				d->per = RUN_PER_STATE;
			else {
				diag_error(&loc, EXIT_DATA, "per takes 'edition' or 'state', not '%s'", val);
				bad = 1;
			}
		} else if (strcmp(key, "output") == 0) {
			d->output = arena_strdup(a, val);
			out_line = loc.line;
		} else if (strcmp(key, "page") == 0) {
			if (strcmp(val, "a4") == 0 || strcmp(val, "letter") == 0)
				d->letter = strcmp(val, "letter") == 0;
			else {
				diag_error(&loc, EXIT_DATA, "page takes 'a4' or 'letter', not '%s'", val);
				bad = 1;
			}
		} else if (strcmp(key, "order") == 0) {
			char *end;
			long v = strtol(val, &end, 10);

			if (*val == '\0' || *end != '\0' || v < 0 || v > 1000) {
				diag_error(&loc, EXIT_DATA, "order takes a number from 0 to 1000, not '%s'", val);
				bad = 1;
			}
			d->order = (int)v;
		} else if (strcmp(key, "alias") == 0) {
			d->alias = arena_strdup(a, val);
		} else {
			const char *near = NULL;
			size_t i, bd = 3, dd;

			for (i = 0; i < sizeof manifest_keys / sizeof manifest_keys[0]; i++) {
				dd = text_distance(key, manifest_keys[i], true, 60);
				if (dd < bd) {
					bd = dd;
					near = manifest_keys[i];
				}
			}
			diag_error(&loc, EXIT_DATA, "unknown key '%s'%s%s%s (known: per, output, page, order, alias)",
			           key, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
			bad = 1;
		}
	}
	buf_free(&b);
	loc.line = 0;
	if (!has_per) {
		diag_error(&loc, EXIT_DATA, "no 'per = edition' or 'per = state'");
		bad = 1;
	}
	if (d->output == NULL) {
		diag_error(&loc, EXIT_DATA, "no 'output = PATTERN' (e.g. %s-{lang}.pdf)", name);
		bad = 1;
	} else if (has_per && bad_pattern(d->output, d->per) != NULL) {
		loc.line = out_line;
		diag_error(&loc, EXIT_DATA, "output '%s' %s", d->output, bad_pattern(d->output, d->per));
		bad = 1;
	}
	if (!bad) {
		if (is_dir(arena_printf(a, "%s/%s/en", root, name)))
			d->langs |= RUN_EN;
		if (is_dir(arena_printf(a, "%s/%s/es", root, name)))
			d->langs |= RUN_ES;
		if (d->langs == 0) {
			loc.line = 0;
			diag_error(&loc, EXIT_DATA, "the document has no language folder (%s/%s/en/, %s/%s/es/)",
			           root, name, root, name);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

static int doc_cmp(const void *x, const void *y)
{
	const struct run_doctype *a = x, *b = y;

	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Every document type of the template folder, in plan order. A folder with
 * language folders but no manifest (other than partials/, which documents
 * include) is named in a warning: it is not built. Returns 0 or -1. */
static int find_doctypes(struct arena *a, const char *root, struct run_plan *p)
{
	DIR *dir = opendir(root);
	struct dirent *de;
	char *names[256];
	size_t nn = 0, i;
	int bad = 0;

	if (dir == NULL) {
		diag_error(NULL, EXIT_SYS, "template folder '%s': %s", root, strerror(errno));
		return -1;
	}
	while ((de = readdir(dir)) != NULL && nn < sizeof names / sizeof names[0])
		if (de->d_name[0] != '.' && is_dir(arena_printf(a, "%s/%s", root, de->d_name)))
			names[nn++] = arena_strdup(a, de->d_name);
	closedir(dir);
	qsort(names, nn, sizeof names[0], name_cmp);
	p->docs = arena_calloc(a, RUN_MAX_DOCS, sizeof *p->docs);
	for (i = 0; i < nn; i++) {
		char *man = arena_printf(a, "%s/%s/doc.manifest", root, names[i]);

		if (access(man, F_OK) != 0) {
			if (strcmp(names[i], "partials") != 0 &&
			    (is_dir(arena_printf(a, "%s/%s/en", root, names[i])) ||
			     is_dir(arena_printf(a, "%s/%s/es", root, names[i]))))
				diag_warn(NULL, "%s/%s/ has language folders but no doc.manifest: not a "
				          "document, not built (templates/SYNTAX.md, \"Document types\")",
				          root, names[i]);
			continue;
		}
		if (p->ndocs == RUN_MAX_DOCS) {
			diag_error(NULL, EXIT_DATA, "%s: more than %d document types", root, RUN_MAX_DOCS);
			return -1;
		}
		if (read_manifest(a, root, names[i], &p->docs[p->ndocs]) != 0)
			bad = 1;
		else
			p->ndocs++;
	}
	if (bad)
		return -1;
	qsort(p->docs, p->ndocs, sizeof p->docs[0], doc_cmp);
	for (i = 0; i < p->ndocs; i++)
		p->docs[i].index = (int)i;
	if (p->ndocs == 0) {
		diag_error(NULL, EXIT_DATA, "%s: no document type (a folder with a doc.manifest)", root);
		return -1;
	}
	return 0;
}

/* pattern with {lang} and {state} filled in. */
static char *expand(struct arena *a, const char *pat, const char *lang, const char *state)
{
	struct buf b = { 0 };
	char *r;

	while (*pat) {
		if (strncmp(pat, "{lang}", 6) == 0) {
			buf_puts(&b, lang);
			pat += 6;
		} else if (strncmp(pat, "{state}", 7) == 0) {
			buf_puts(&b, state ? state : "");
			pat += 7;
		} else {
			buf_putc(&b, *pat++);
		}
	}
	r = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

/* The ordered list of every output the options can select: figures.csv,
 * then each document type in order, each language, each state. */
static size_t plan_outputs(struct arena *a, const struct figset *fs, const struct run_plan *p,
                           struct run_output **outp)
{
	static const char *const langs[] = { "en", "es" };
	static const unsigned lang_bit[] = { RUN_EN, RUN_ES };
	const struct figtable *states = figset_get_table(fs, "states");
	int slug_col = states ? figtable_col(states, "slug") : -1;
	size_t nstates = states && slug_col >= 0 ? states->nrows : 0;
	size_t cap = 1 + 2 * p->ndocs * (nstates + 1);
	struct run_output *v = arena_calloc(a, cap, sizeof *v);
	size_t n = 0, di, li, r;

	v[n++] = (struct run_output){ RUN_OUT_FIGURES, NULL, NULL, 0, "figures.csv", "figures.csv", 0 };
	for (di = 0; di < p->ndocs; di++) {
		const struct run_doctype *d = &p->docs[di];

		for (li = 0; li < 2; li++) {
			if (!(d->langs & lang_bit[li]))
				continue;
			if (d->per == RUN_PER_EDITION) {
				v[n++] = (struct run_output){ RUN_OUT_DOC, d, langs[li], 0,
				                              expand(a, d->output, langs[li], NULL), NULL, 0 };
				continue;
			}
			for (r = 0; r < nstates; r++) {
				const char *slug = figtable_cell(states, r, (size_t)slug_col)->text;

				v[n++] = (struct run_output){ RUN_OUT_DOC, d, langs[li], r,
				                              expand(a, d->output, langs[li], slug), NULL, 0 };
			}
		}
	}
	*outp = v;
	return n;
}

/* 1 when name (a token of --only) names d. */
static int names_doc(const char *name, const struct run_doctype *d)
{
	return strcmp(name, d->name) == 0 || (d->alias && strcmp(name, d->alias) == 0);
}

/* Check --only's names against the document types: an unknown one is a
 * usage error that lists the known names. Sets *figures. Returns 0 or -1. */
static int check_only(struct arena *a, const struct run_opts *o, const struct run_plan *p)
{
	char *list, *tok, *save = NULL;
	size_t i;
	int bad = 0;

	if (o->only == NULL)
		return 0;
	list = arena_strdup(a, o->only);
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct buf known = { 0 };
		const char *near = NULL;
		size_t bd = strlen(tok) / 3 + 2, dd;

		if (strcmp(tok, "figures") == 0)
			continue;
		for (i = 0; i < p->ndocs && !names_doc(tok, &p->docs[i]); i++)
			;
		if (i < p->ndocs)
			continue;
		buf_puts(&known, "figures");
		for (i = 0; i < p->ndocs; i++) {
			const struct run_doctype *d = &p->docs[i];

			buf_printf(&known, ", %s", d->name);
			if (d->alias)
				buf_printf(&known, " (or %s)", d->alias);
			dd = text_distance(tok, d->name, true, 60);
			if (dd < bd)
				bd = dd, near = d->name;
			if (d->alias && (dd = text_distance(tok, d->alias, true, 60)) < bd)
				bd = dd, near = d->alias;
		}
		if (near == NULL && (dd = text_distance(tok, "figures", true, 60)) < bd)
			near = "figures";
		diag_error(NULL, EXIT_USAGE, "--only: no document '%s' in %s%s%s%s; known: %s", tok,
		           o->templates, near ? " (did you mean '" : "", near ? near : "",
		           near ? "'?)" : "", buf_cstr(&known));
		buf_free(&known);
		bad = 1;
	}
	return bad ? -1 : 0;
}

/* 1 when --only (NULL: everything) names the document type d. */
static int only_names(struct arena *a, const struct run_opts *o, const struct run_doctype *d)
{
	char *list, *tok, *save = NULL;

	if (o->only == NULL)
		return 1;
	list = arena_strdup(a, o->only);
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (names_doc(tok, d))
			return 1;
	return 0;
}

static int selected(struct arena *a, const struct run_opts *o, const struct run_output *out,
                    const struct figset *fs)
{
	unsigned lang = 0;

	if (out->kind == RUN_OUT_FIGURES)
		return (o->docs & RUN_FIGURES) != 0;
	lang = strcmp(out->lang, "en") == 0 ? RUN_EN : RUN_ES;
	if (!(o->langs & lang) || !only_names(a, o, out->doc))
		return 0;
	if (out->doc->per == RUN_PER_EDITION)
		return (o->docs & RUN_PAPER) != 0;
	if (!(o->docs & RUN_BRIEFS))
		return 0;
	if (o->state != NULL) {
		const struct figtable *st = figset_get_table(fs, "states");
		int c = figtable_col(st, "slug");

		return strcmp(figtable_cell(st, out->state_row, (size_t)c)->text, o->state) == 0;
	}
	return 1;
}

/* Keep what the options and the shard select (the others get rel = NULL).
 * Returns 0, or -1 when --state names no state with a document. */
static int select_outputs(struct arena *a, const struct run_opts *o, const struct figset *fs,
                          struct run_plan *p)
{
	struct run_output *outs = p->outs;
	size_t i, n = p->n;
	int per_state = 0;

	if (o->state != NULL) {
		for (i = 0; i < p->ndocs; i++)
			per_state |= p->docs[i].per == RUN_PER_STATE && only_names(a, o, &p->docs[i]);
		if (!per_state) {
			diag_error(NULL, EXIT_USAGE, "--state '%s' selects the documents made per state, "
			           "but --only names none", o->state);
			return -1;
		}
		for (i = 0; i < n; i++)
			if (outs[i].kind == RUN_OUT_DOC && outs[i].doc->per == RUN_PER_STATE &&
			    selected(a, o, &outs[i], fs))
				break;
		if (i == n) {
			diag_error(NULL, EXIT_USAGE, "no state '%s' with a brief in %s", o->state, o->data);
			return -1;
		}
	}
	for (i = 0; i < n; i++) {
		int mine = o->shard_n == 0 || (int)(i % (size_t)o->shard_n) == o->shard_k - 1;

		outs[i].rel = outs[i].name;
		if (!mine || !selected(a, o, &outs[i], fs)) {
			outs[i].rel = NULL;
			continue;
		}
		p->nsel++;
		if (outs[i].kind != RUN_OUT_FIGURES)
			p->npdf++;
	}
	return 0;
}

int run_plan(struct arena *a, const struct run_opts *o, const struct figset *fs,
             struct run_plan *p, struct run_stats *st)
{
	double t = run_now();

	memset(p, 0, sizeof *p);
	p->jobs = 1;
	if (find_doctypes(a, o->templates, p) != 0 || check_only(a, o, p) != 0)
		return -1;
	p->n = plan_outputs(a, fs, p, &p->outs);
	st->figures += run_now() - t;
	return select_outputs(a, o, fs, p);
}

/* Estimated cost, to share the work: the paper takes about as long as 20
 * to 25 briefs (measured on the default edition; a worker's first briefs
 * are slower, its caches being cold). */
static unsigned out_cost(const struct run_output *x)
{
	return x->kind == RUN_OUT_DOC && x->doc->per == RUN_PER_EDITION ? 20 : 1;
}

/* Give each selected output to the least loaded worker (ties: the lowest),
 * in plan order; figures stay with the parent. */
static void share_out(struct run_output *outs, size_t n, int jobs)
{
	unsigned load[RUN_MAX_JOBS] = { 0 };
	size_t i;
	int w, best;

	for (i = 0; i < n; i++) {
		outs[i].worker = 0;
		if (outs[i].rel == NULL || outs[i].kind == RUN_OUT_FIGURES)
			continue;
		for (best = 0, w = 1; w < jobs; w++)
			if (load[w] < load[best])
				best = w;
		outs[i].worker = best;
		load[best] += out_cost(&outs[i]);
	}
}

void run_plan_share(struct run_plan *p, int jobs)
{
	jobs = jobs < 1 ? 1 : jobs > RUN_MAX_JOBS ? RUN_MAX_JOBS : jobs;
	if ((size_t)jobs > p->npdf)
		jobs = p->npdf > 0 ? (int)p->npdf : 1;
	p->jobs = jobs;
	share_out(p->outs, p->n, jobs);
}
