/*
 * tmpl/memo.c: layer 2 of the template stage (compile.h): the keys of a
 * `::: chart` directive that are expressions or filter chains (`where:`,
 * `highlight:`, `format:`) compiled once per template instead of once per
 * rendered document. The parser (layer 4) finds a key's text in the
 * expanded document and asks here; the first request compiles it with
 * tmpl_parse_cond / tmpl_parse_filters (compile.c) into the template's arena,
 * later ones with the same text at the same place get the same result.
 *
 * The key is (kind, template position, text): the compiled result depends on
 * nothing else (positions in messages come from the text and its place), so
 * every rendering sees exactly what compiling it afresh would give. A key
 * whose text differs per document (e.g. built from {{ }}) is compiled once
 * per distinct text. Calls down to compile.c only.
 */
#include "compile.h"
#include "base/base.h"

#include <string.h>

enum memo_kind { M_COND, M_FILTERS };

struct tmpl_memo_ent {
	enum memo_kind kind;
	const struct tmpl_src *src;     /* the place the text stands at */
	size_t off;
	const char *text;               /* the key's text (len bytes) */
	size_t len;
	const struct tmpl_expr *cond;   /* M_COND */
	const struct tmpl_filter *filters; /* M_FILTERS */
	size_t nfilters;
	struct tmpl_memo_ent *next;
};

static struct tmpl_memo_ent *lookup(const struct tmpl *t, enum memo_kind kind, const char *text,
                                    size_t len, struct tmpl_pos pos)
{
	struct tmpl_memo_ent *e;

	for (e = t->memo->first; e != NULL; e = e->next)
		if (e->kind == kind && e->src == pos.src && e->off == pos.off && e->len == len &&
		    memcmp(e->text, text, len) == 0)
			return e;
	return NULL;
}

static struct tmpl_memo_ent *remember(const struct tmpl *t, enum memo_kind kind,
                                      const char *text, size_t len, struct tmpl_pos pos)
{
	struct tmpl_memo_ent *e = arena_calloc(t->a, 1, sizeof *e);

	e->kind = kind;
	e->src = pos.src;
	e->off = pos.off;
	e->text = arena_strndup(t->a, text, len);
	e->len = len;
	e->next = t->memo->first;
	t->memo->first = e;
	return e;
}

const struct tmpl_expr *tmpl_directive_cond(const struct tmpl *t, const char *text, size_t len,
                                            struct tmpl_pos pos)
{
	struct tmpl_memo_ent *e = lookup(t, M_COND, text, len, pos);
	struct tmpl_expr *cond;

	if (e != NULL)
		return e->cond;
	t->memo->compiles++;
	if ((cond = tmpl_parse_cond(t->a, text, len, pos)) == NULL)
		return NULL;      /* not remembered: the next rendering reports too */
	e = remember(t, M_COND, text, len, pos);
	e->cond = cond;
	return cond;
}

int tmpl_directive_filters(const struct tmpl *t, const char *text, size_t len,
                           struct tmpl_pos pos, const struct tmpl_filter **out, size_t *nout)
{
	struct tmpl_memo_ent *e = lookup(t, M_FILTERS, text, len, pos);
	struct tmpl_filter *fl;
	size_t nf;

	if (e == NULL) {
		t->memo->compiles++;
		if (tmpl_parse_filters(t->a, text, len, pos, &fl, &nf) != 0)
			return -1;
		e = remember(t, M_FILTERS, text, len, pos);
		e->filters = fl;
		e->nfilters = nf;
	}
	*out = e->filters;
	*nout = e->nfilters;
	return 0;
}

size_t tmpl_directive_compiles(const struct tmpl *t)
{
	return t->memo->compiles;
}
