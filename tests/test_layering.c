/*
 * The shape of generator/: one folder per pipeline stage, dependencies only
 * down the pipeline, no cycle between files.
 *
 * Two graphs are checked:
 *  - includes: every `#include "..."` of every .c and .h file. An include
 *    that crosses stages must be one the stage table below allows.
 *  - uses: object A uses object B when A references a global symbol that B
 *    defines (read with nm from the objects the test runner was linked
 *    from). Functions calling each other across two files through a shared
 *    header are a cycle here even though no header includes another one, so
 *    this graph must have no cycle at all, and its stage edges must be
 *    allowed too.
 * A folder of model/ counts as one unit for a third check: the model
 * folders may use each other, but never in a cycle.
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef TEST_SRCDIR
#define TEST_SRCDIR "."
#endif

/* Which stages each stage may use, in pipeline order. The figure store is
 * written by the models and read by templates; the doc tree is written by
 * templates and read by layout; draw lists (layout.h) are read by pdf. */
static const struct {
	const char *stage;
	const char *may_use;   /* space separated */
} stages[] = {
	{ "base", "" },
	{ "load", "base" },
	{ "figures", "base load" },
	{ "model", "base load figures" },
	{ "import", "base load figures" },
	{ "doc", "base" },
	{ "tmpl", "base figures doc" },
	{ "layout", "base doc" },
	{ "pdf", "base layout" },
	{ "run", "base load figures model import doc tmpl layout pdf" },
	{ "main", "base import run" },
};

enum { MAXF = 512, MAXE = 8192 };

struct graph {
	char *name[MAXF];      /* path under generator/, without extension for objects */
	size_t n;
	size_t from[MAXE], to[MAXE];
	size_t ne;
};

static size_t node(struct graph *g, const char *name)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->name[i], name) == 0)
			return i;
	cr_assert_lt(g->n, (size_t)MAXF, "too many files in generator/");
	g->name[g->n] = strdup(name);
	return g->n++;
}

static void edge(struct graph *g, size_t a, size_t b)
{
	if (a == b)
		return;
	for (size_t i = 0; i < g->ne; i++)
		if (g->from[i] == a && g->to[i] == b)
			return;
	cr_assert_lt(g->ne, (size_t)MAXE);
	g->from[g->ne] = a;
	g->to[g->ne] = b;
	g->ne++;
}

static void graph_free(struct graph *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->name[i]);
}

/* "model/texts/load.c" -> "model"; "main.c" -> "main". */
static void stage_of(const char *path, char *out, size_t cap)
{
	const char *s = strchr(path, '/');
	if (s == NULL)
		snprintf(out, cap, "main");
	else
		snprintf(out, cap, "%.*s", (int)(s - path), path);
}

static int allowed(const char *from, const char *to)
{
	if (strcmp(from, to) == 0)
		return 1;
	for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++) {
		if (strcmp(stages[i].stage, from) != 0)
			continue;
		char list[256];
		snprintf(list, sizeof list, " %s ", stages[i].may_use);
		char pat[80];
		cr_assert_lt(snprintf(pat, sizeof pat, " %s ", to), (int)sizeof pat);
		return strstr(list, pat) != NULL;
	}
	return 0;
}

static int known_stage(const char *s)
{
	for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++)
		if (strcmp(stages[i].stage, s) == 0)
			return 1;
	return 0;
}

/* Every .c and .h under generator/, relative paths, sorted by the walk. */
static void walk(const char *root, const char *rel, char **out, size_t *n)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/%s", root, rel);
	DIR *d = opendir(dir);
	cr_assert_not_null(d, "cannot open %s", dir);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char sub[PATH_MAX], full[PATH_MAX];
		snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		cr_assert_lt(snprintf(full, sizeof full, "%s/%s", root, sub), (int)sizeof full);
		struct stat st;
		cr_assert_eq(stat(full, &st), 0, "stat %s", full);
		size_t len = strlen(e->d_name);
		if (S_ISDIR(st.st_mode)) {
			walk(root, sub, out, n);
		} else if (len > 2 && e->d_name[len - 2] == '.' &&
		           (e->d_name[len - 1] == 'c' || e->d_name[len - 1] == 'h')) {
			cr_assert_lt(*n, (size_t)MAXF);
			out[(*n)++] = strdup(sub);
		}
	}
	closedir(d);
}

/* Tarjan's strongly connected components; reports every component of more
 * than one node. Returns how many there are. */
struct tarjan {
	const struct graph *g;
	int idx[MAXF], low[MAXF], on[MAXF];
	size_t stack[MAXF], sp;
	int counter, found;
};

static void strong(struct tarjan *t, size_t v)
{
	t->idx[v] = t->low[v] = ++t->counter;
	t->stack[t->sp++] = v;
	t->on[v] = 1;
	for (size_t i = 0; i < t->g->ne; i++) {
		if (t->g->from[i] != v)
			continue;
		size_t w = t->g->to[i];
		if (t->idx[w] == 0) {
			strong(t, w);
			if (t->low[w] < t->low[v])
				t->low[v] = t->low[w];
		} else if (t->on[w] && t->idx[w] < t->low[v]) {
			t->low[v] = t->idx[w];
		}
	}
	if (t->low[v] != t->idx[v])
		return;
	char msg[2048] = "";
	size_t count = 0, w;
	do {
		w = t->stack[--t->sp];
		t->on[w] = 0;
		size_t l = strlen(msg);
		snprintf(msg + l, sizeof msg - l, " %s", t->g->name[w]);
		count++;
	} while (w != v);
	if (count > 1) {
		cr_log_error("cycle:%s", msg);
		t->found++;
	}
}

static int cycles(const struct graph *g)
{
	struct tarjan *t = calloc(1, sizeof *t);
	cr_assert_not_null(t);
	t->g = g;
	for (size_t v = 0; v < g->n; v++)
		if (t->idx[v] == 0)
			strong(t, v);
	int found = t->found;
	free(t);
	return found;
}

static int check_stage_edges(const struct graph *g, const char *what)
{
	int bad = 0;
	for (size_t i = 0; i < g->ne; i++) {
		char a[64], b[64];
		stage_of(g->name[g->from[i]], a, sizeof a);
		stage_of(g->name[g->to[i]], b, sizeof b);
		if (!allowed(a, b)) {
			cr_log_error("%s: %s -> %s: stage %s may not use %s", what,
			             g->name[g->from[i]], g->name[g->to[i]], a, b);
			bad++;
		}
	}
	return bad;
}

/* The include graph, built from the sources. */
static void includes(struct graph *g, char **files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX], line[1024];
		snprintf(path, sizeof path, "%s/generator/%s", TEST_SRCDIR, files[i]);
		FILE *f = fopen(path, "r");
		cr_assert_not_null(f, "cannot read %s", path);
		size_t a = node(g, files[i]);
		while (fgets(line, sizeof line, f) != NULL) {
			char inc[512], target[PATH_MAX];
			if (sscanf(line, "#include \"%511[^\"]\"", inc) != 1)
				continue;
			if (strchr(inc, '/') != NULL) {
				snprintf(target, sizeof target, "%s", inc);
			} else {   /* the folder's own header */
				const char *slash = strrchr(files[i], '/');
				int dl = slash ? (int)(slash - files[i] + 1) : 0;
				snprintf(target, sizeof target, "%.*s%s", dl, files[i], inc);
			}
			char full[PATH_MAX + 16];
			cr_assert_lt(snprintf(full, sizeof full, "%s/generator/%s", TEST_SRCDIR, target),
			             (int)sizeof full);
			cr_expect_eq(access(full, R_OK), 0, "%s includes \"%s\", not under generator/",
			             files[i], inc);
			edge(g, a, node(g, target));
		}
		fclose(f);
	}
}

/* The folder of the running test binary: the build folder whose objects it
 * was linked from (build/ or build-asan/). */
static void build_dir(char *out, size_t cap)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	cr_assert_gt(len, 0);
	exe[len] = '\0';
	char *slash = strrchr(exe, '/');
	cr_assert_not_null(slash);
	*slash = '\0';
	snprintf(out, cap, "%s", exe);
}

struct sym {
	char *name;
	size_t file;
};

/* The uses graph, from nm over the objects of the generator's .c files. */
static void uses(struct graph *g, char **files, size_t n)
{
	char bdir[PATH_MAX];
	build_dir(bdir, sizeof bdir);
	static struct sym defs[16384];
	size_t ndefs = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			size_t len = strlen(files[i]);
			/* main.c is not linked into the test runner; its includes
			 * are checked by the include graph */
			if (files[i][len - 1] != 'c' || strcmp(files[i], "main.c") == 0)
				continue;
			char obj[PATH_MAX], cmd[PATH_MAX * 2], line[1024], name[PATH_MAX];
			cr_assert_lt(snprintf(obj, sizeof obj, "%s/generator/%.*so", bdir, (int)len - 1,
			                      files[i]), (int)sizeof obj);
			snprintf(name, sizeof name, "%.*s", (int)len - 2, files[i]);
			cr_assert_eq(access(obj, R_OK), 0, "no object %s (build first)", obj);
			snprintf(cmd, sizeof cmd, "nm %s '%s'", pass == 0 ? "-g --defined-only" : "-u", obj);
			FILE *p = popen(cmd, "r");
			cr_assert_not_null(p);
			size_t a = node(g, name);
			while (fgets(line, sizeof line, p) != NULL) {
				char f1[512], f2[512], f3[512];
				int k = sscanf(line, "%511s %511s %511s", f1, f2, f3);
				if (pass == 0 && k == 3 && strchr("TDBRCV", f2[0]) != NULL) {
					cr_assert_lt(ndefs, sizeof defs / sizeof defs[0]);
					defs[ndefs].name = strdup(f3);
					defs[ndefs++].file = a;
				} else if (pass == 1 && k == 2 && f1[0] == 'U') {
					for (size_t d = 0; d < ndefs; d++)
						if (strcmp(defs[d].name, f2) == 0) {
							edge(g, a, defs[d].file);
							break;
						}
				}
			}
			cr_assert_eq(pclose(p), 0, "nm failed on %s", obj);
		}
	}
	for (size_t d = 0; d < ndefs; d++)
		free(defs[d].name);
}

static size_t list_files(char **files)
{
	size_t n = 0;
	char root[PATH_MAX];
	snprintf(root, sizeof root, "%s/generator", TEST_SRCDIR);
	walk(root, "", files, &n);
	return n;
}

Test(layering, only_main_c_is_loose_and_stages_are_known)
{
	char *files[MAXF];
	size_t n = list_files(files);
	for (size_t i = 0; i < n; i++) {
		char s[64];
		stage_of(files[i], s, sizeof s);
		if (strcmp(s, "main") == 0)
			cr_expect_str_eq(files[i], "main.c", "loose file generator/%s", files[i]);
		else
			cr_expect(known_stage(s), "generator/%s/ is not a stage of the table", s);
		free(files[i]);
	}
}

Test(layering, includes_follow_the_pipeline_without_cycles)
{
	char *files[MAXF];
	size_t n = list_files(files);
	struct graph *g = calloc(1, sizeof *g);
	includes(g, files, n);
	cr_expect_eq(check_stage_edges(g, "include"), 0);
	cr_expect_eq(cycles(g), 0, "include cycle (see the log)");
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	graph_free(g);
	free(g);
}

Test(layering, no_file_uses_another_in_a_cycle)
{
	char *files[MAXF];
	size_t n = list_files(files);
	struct graph *g = calloc(1, sizeof *g);
	uses(g, files, n);
	cr_expect_gt(g->ne, 50, "too few uses found: is nm working?");
	cr_expect_eq(check_stage_edges(g, "use"), 0);
	cr_expect_eq(cycles(g), 0, "files use each other in a cycle (see the log)");

	/* model folders as units */
	struct graph *m = calloc(1, sizeof *m);
	for (size_t i = 0; i < g->ne; i++) {
		const char *a = g->name[g->from[i]], *b = g->name[g->to[i]];
		if (strncmp(a, "model/", 6) != 0 || strncmp(b, "model/", 6) != 0)
			continue;
		char fa[128], fb[128];
		snprintf(fa, sizeof fa, "%.*s", (int)(strchr(a + 6, '/') - a), a);
		snprintf(fb, sizeof fb, "%.*s", (int)(strchr(b + 6, '/') - b), b);
		edge(m, node(m, fa), node(m, fb));
	}
	cr_expect_eq(cycles(m), 0, "model folders use each other in a cycle");
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	graph_free(m);
	free(m);
	graph_free(g);
	free(g);
}
