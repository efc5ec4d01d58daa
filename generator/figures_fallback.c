/*
 * TEMPORARY (tmpl branch): a minimal figure store so the template stage can
 * be built and tested before generator/figures.c (the `ingest` helper) lands
 * on main. Every definition is WEAK: when the real figures.c is linked, its
 * definitions win and this file is dead. Delete this file once main has
 * figures.c.
 */
#include "figures.h"
#include "arena.h"

#include <string.h>

#define WEAK __attribute__((weak))

struct figset {
	struct arena *a;
	struct figure *figs;
	size_t nfigs, capfigs;
	struct ftable **tabs;
	size_t ntabs, captabs;
};

WEAK struct figset *figset_new(struct arena *a)
{
	struct figset *fs = arena_alloc(a, sizeof *fs);

	fs->a = a;
	return fs;
}

WEAK struct arena *figset_arena(const struct figset *fs) { return fs->a; }

static struct figure *slot(struct figset *fs, const char *key)
{
	size_t i;

	for (i = 0; i < fs->nfigs; i++)
		if (strcmp(fs->figs[i].key, key) == 0)
			return &fs->figs[i];
	if (fs->nfigs == fs->capfigs) {
		size_t nc = fs->capfigs ? fs->capfigs * 2 : 16;

		fs->figs = arena_grow(fs->a, fs->figs, fs->nfigs, nc, sizeof *fs->figs);
		fs->capfigs = nc;
	}
	fs->figs[fs->nfigs].key = arena_strdup(fs->a, key);
	return &fs->figs[fs->nfigs++];
}

WEAK const struct figure *figset_num(struct figset *fs, const char *key, double value,
                                     const char *unit, const char *source, const char *formula)
{
	struct figure *f = slot(fs, key);

	f->kind = FIG_NUM;
	f->value = value;
	f->text = NULL;
	f->unit = arena_strdup(fs->a, unit ? unit : "");
	f->source = arena_strdup(fs->a, source ? source : "");
	f->formula = arena_strdup(fs->a, formula ? formula : "");
	return f;
}

WEAK const struct figure *figset_text(struct figset *fs, const char *key, const char *text,
                                      const char *source)
{
	struct figure *f = slot(fs, key);

	f->kind = FIG_TEXT;
	f->value = 0;
	f->text = arena_strdup(fs->a, text ? text : "");
	f->unit = "";
	f->source = arena_strdup(fs->a, source ? source : "");
	f->formula = "";
	return f;
}

WEAK const struct figure *figset_get(const struct figset *fs, const char *key)
{
	size_t i;

	for (i = 0; i < fs->nfigs; i++)
		if (strcmp(fs->figs[i].key, key) == 0)
			return &fs->figs[i];
	return NULL;
}

WEAK size_t figset_count(const struct figset *fs) { return fs->nfigs; }
WEAK const struct figure *figset_at(const struct figset *fs, size_t i) { return &fs->figs[i]; }

static size_t distance(const char *s, const char *t)
{
	size_t n = strlen(s), m = strlen(t), i, j, prev[128], cur[128];

	if (m >= 127 || n >= 127)
		return 1000;
	for (j = 0; j <= m; j++)
		prev[j] = j;
	for (i = 1; i <= n; i++) {
		cur[0] = i;
		for (j = 1; j <= m; j++) {
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t sub = prev[j - 1] + (s[i - 1] != t[j - 1]);

			cur[j] = del < ins ? del : ins;
			if (sub < cur[j])
				cur[j] = sub;
		}
		memcpy(prev, cur, (m + 1) * sizeof prev[0]);
	}
	return prev[m];
}

WEAK const char *figset_suggest(const struct figset *fs, const char *key)
{
	const char *best = NULL;
	size_t bd = (size_t)-1, d, i, lim = strlen(key) / 3 + 1;

	for (i = 0; i < fs->nfigs; i++)
		if ((d = distance(key, fs->figs[i].key)) < bd) {
			bd = d;
			best = fs->figs[i].key;
		}
	for (i = 0; i < fs->ntabs; i++)
		if ((d = distance(key, fs->tabs[i]->name)) < bd) {
			bd = d;
			best = fs->tabs[i]->name;
		}
	return bd <= lim ? best : NULL;
}

WEAK struct ftable *figset_table(struct figset *fs, const char *name, size_t ncols,
                                 const char *const *cols, const char *source)
{
	struct ftable *t = arena_alloc(fs->a, sizeof *t);
	size_t i;

	t->name = arena_strdup(fs->a, name);
	t->ncols = ncols;
	t->cols = arena_calloc(fs->a, ncols, sizeof *t->cols);
	for (i = 0; i < ncols; i++)
		t->cols[i] = arena_strdup(fs->a, cols[i]);
	t->source = arena_strdup(fs->a, source ? source : "");
	if (fs->ntabs == fs->captabs) {
		size_t nc = fs->captabs ? fs->captabs * 2 : 8;

		fs->tabs = arena_grow(fs->a, fs->tabs, fs->ntabs, nc, sizeof *fs->tabs);
		fs->captabs = nc;
	}
	fs->tabs[fs->ntabs++] = t;
	return t;
}

WEAK const struct ftable *figset_get_table(const struct figset *fs, const char *name)
{
	size_t i;

	for (i = 0; i < fs->ntabs; i++)
		if (strcmp(fs->tabs[i]->name, name) == 0)
			return fs->tabs[i];
	return NULL;
}

WEAK size_t figset_table_count(const struct figset *fs) { return fs->ntabs; }
WEAK const struct ftable *figset_table_at(const struct figset *fs, size_t i) { return fs->tabs[i]; }

WEAK size_t ftable_add_row(struct figset *fs, struct ftable *t)
{
	size_t j;

	if (t->nrows == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 8;

		t->cells = arena_grow(fs->a, t->cells, t->nrows * t->ncols, nc * t->ncols,
		                      sizeof *t->cells);
		t->cap = nc;
	}
	for (j = 0; j < t->ncols; j++) {
		t->cells[t->nrows * t->ncols + j].is_num = false;
		t->cells[t->nrows * t->ncols + j].text = "";
	}
	return t->nrows++;
}

WEAK void ftable_set_num(struct figset *fs, struct ftable *t, size_t row, size_t col, double v)
{
	struct fcell *c = &t->cells[row * t->ncols + col];

	c->is_num = true;
	c->num = v;
	c->text = arena_printf(fs->a, "%.15g", v);
}

WEAK void ftable_set_text(struct figset *fs, struct ftable *t, size_t row, size_t col,
                          const char *s)
{
	struct fcell *c = &t->cells[row * t->ncols + col];

	c->is_num = false;
	c->text = arena_strdup(fs->a, s ? s : "");
}

WEAK int ftable_col(const struct ftable *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i], name) == 0)
			return (int)i;
	return -1;
}

WEAK const struct fcell *ftable_cell(const struct ftable *t, size_t row, size_t col)
{
	return &t->cells[row * t->ncols + col];
}

WEAK int figset_write_csv(const struct figset *fs, const char *dir)
{
	(void)fs;
	(void)dir;
	return -1;
}
