/*
 * tmpl/driver.c: layer 5 of the template stage, the top (see src.h for all
 * layers): the public API of tmpl.h, calling the layers in pipeline order:
 *   compiling: read the files (a folder's *.md in name order, or a string)
 *     -> src.c (sources) -> compile.c (op tree, front matter from the first)
 *   rendering: eval.c (every name checked) -> expand.c (front matter values,
 *     then the body as one text with its position map) -> block.c (prose
 *     markup -> doc tree) -> post.c (numbers, cross-references, footnotes)
 *   linting: lint.c; caches: rows.c.
 */
#include "parse.h"
#include "lint.h"
#include "base/base.h"
#include "tmpl/tmpl.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- compiling ---- */

struct tmpl *tmpl_compile_string(struct arena *a, const char *name, const char *text,
                                 const char *lang, const char *templates_root)
{
	struct tmpl *t;
	struct tmpl_src *src;

	if ((t = tmpl_new(a, name, lang, templates_root)) == NULL)
		return NULL;
	if ((src = tmpl_src_new(a, name, text, strlen(text))) == NULL)
		return NULL;
	return tmpl_add_file(t, src) == 0 ? t : NULL;
}

static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

struct tmpl *tmpl_compile_dir(struct arena *a, const char *templates_root,
                              const char *docdir_rel, const char *lang)
{
	struct tmpl *t;
	char *dirpath;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int before = diag_errors();

	dirpath = arena_printf(a, "%s/%s", templates_root, docdir_rel);
	if ((t = tmpl_new(a, dirpath, lang, templates_root)) == NULL)
		return NULL;
	if ((d = opendir(dirpath)) == NULL) {
		struct srcloc loc = { dirpath, 0, 0 };

		diag_error(&loc, EXIT_SYS, "cannot open template folder: %s", strerror(errno));
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);

		if (l < 4 || strcmp(de->d_name + l - 3, ".md") != 0 || de->d_name[0] == '.')
			continue;
		if (n == cap) {
			names = arena_grow(a, names, n, cap ? cap * 2 : 16, sizeof *names);
			cap = cap ? cap * 2 : 16;
		}
		names[n++] = arena_strdup(a, de->d_name);
	}
	closedir(d);
	if (n == 0) {
		struct srcloc loc = { dirpath, 0, 0 };

		diag_error(&loc, EXIT_DATA, "no template files (*.md) in the folder");
		return NULL;
	}
	qsort(names, n, sizeof *names, name_cmp);
	for (i = 0; i < n; i++) {
		char *path = arena_printf(a, "%s/%s", dirpath, names[i]);
		struct buf b = { 0 };
		struct tmpl_src *src;

		if (buf_read_file(&b, path) != 0) {
			struct srcloc loc = { path, 0, 0 };

			diag_error(&loc, EXIT_SYS, "cannot read template: %s", strerror(errno));
			buf_free(&b);
			continue;
		}
		src = tmpl_src_new(a, path, b.data ? b.data : "", b.len);
		buf_free(&b);
		if (src != NULL)
			tmpl_add_file(t, src);   /* errors counted below */
	}
	return diag_errors() > before ? NULL : t;
}

/* ---- rendering ---- */

struct doc *tmpl_render(struct arena *a, const struct tmpl *t, const struct figset *fs,
                        const struct tmpl_bind *bind)
{
	return tmpl_render_cached(a, t, fs, bind, NULL);
}

struct doc *tmpl_render_cached(struct arena *a, const struct tmpl *t, const struct figset *fs,
                               const struct tmpl_bind *bind, struct tmpl_cache *cache)
{
	struct tmpl_rctx c = { 0 };
	struct tmpl_bctx b = { 0 };
	struct doc *d;
	size_t i;
	bool ok = true;
	int before = diag_errors();

	c.a = a;
	c.t = t;
	c.fs = fs;
	c.bind = bind;
	c.cache = cache;
	for (i = 0; i < t->nfront; i++)
		if (tmpl_check_ops(&c, t->front[i].value) != 0)
			ok = false;
	if (tmpl_check_ops(&c, t->ops) != 0)
		ok = false;
	if (!ok)
		return NULL;
	d = doc_new(a, i18n_lang_code(t->lang));
	for (i = 0; i < t->nfront; i++) {
		const struct tmpl_front *e = &t->front[i];
		const char *v = tmpl_expand_string(&c, e->value, &ok);

		if (strcmp(e->key, "title") == 0) d->title = v;
		else if (strcmp(e->key, "subtitle") == 0) d->subtitle = v;
		else if (strcmp(e->key, "author") == 0) d->author = v;
		else if (strcmp(e->key, "date") == 0) d->date = v;
		else if (strcmp(e->key, "keywords") == 0) d->keywords = v;
		else if (strcmp(e->key, "running_title") == 0) d->running_title = v;
		else if (strcmp(e->key, "subject") == 0) d->subject = v;
		else if (strcmp(e->key, "edition_note") == 0) b.edition_note = v;
	}
	if (!tmpl_expand(&c, t->ops, true))
		ok = false;
	if (ok && c.out.len > 0) {
		/* figure texts come from elsewhere: check once before matching
		 * the expanded text with PCRE2_NO_UTF_CHECK */
		long bad = utf8_invalid(c.out.data, c.out.len);

		if (bad >= 0) {
			tmpl_err(tmpl_rctx_pos(&c, (size_t)bad), "the value inserted here is not valid UTF-8");
			ok = false;
		}
	}
	if (ok) {
		b.r = &c;
		b.a = a;
		b.doc = d;
		b.text = c.out.data ? c.out.data : "";
		b.len = c.out.len;
		b.diag_before = before;
		/* both run: every problem of the document is reported */
		if (tmpl_block_parse(&b) != 0)
			ok = false;
		if (tmpl_post_resolve(&b) != 0)
			ok = false;
	}
	buf_free(&c.out);
	free(c.segs);
	free(c.marks);
	if (!ok || diag_errors() > before)
		return NULL;
	return d;
}

/* ---- the rest of the API ---- */

struct tmpl_cache *tmpl_cache_new(void)
{
	return tmpl_rows_cache_new();
}

void tmpl_cache_free(struct tmpl_cache *c)
{
	tmpl_rows_cache_free(c);
}

int tmpl_lint(const struct tmpl *t, const struct figset *fs)
{
	return tmpl_lint_ops(t, fs);
}

const char *tmpl_lang(const struct tmpl *t)
{
	return i18n_lang_code(t->lang);
}

size_t tmpl_directives_compiled(const struct tmpl *t)
{
	return tmpl_directive_compiles(t);
}
