/*
 * tmpl/render.c: run a compiled template against the figures.
 *
 * First every name in the op tree is checked against the figure store (so a
 * misspelt key in a branch that is not taken is still reported), then the ops
 * are expanded into one text with a map back to the template, and that text is
 * read as prose markup (block.c).
 */
#include "internal.h"
#include "base/base.h"
#include "figures/figures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ---- */

enum ref_kind { R_FIG, R_CELL, R_LOOP };
enum loop_attr { L_INDEX, L_FIRST, L_LAST, L_LENGTH };

struct ref {
	enum ref_kind kind;
	const struct figure *fig;
	const struct figtable *t;
	size_t row;
	int col;
	enum loop_attr attr;
	const struct scope *sc;
};

static const char *cols_suggest(struct arena *a, const struct figtable *t, const char *col)
{
	return tmeant(a, tsuggest(col, t->cols, t->ncols));
}

/* Resolve a dotted name in the current scope. report: say what is wrong. */
static bool resolve(struct rctx *c, const char *name, struct tpos pos, bool report,
                    struct ref *r)
{
	const char *dot = strchr(name, '.');
	size_t hl = dot ? (size_t)(dot - name) : strlen(name);
	const char *rest = dot ? dot + 1 : "";
	const struct scope *sc;
	const struct figtable *t = NULL;
	size_t row = 0;

	memset(r, 0, sizeof *r);
	if (c->bare != NULL && dot == NULL) {
		int col = figtable_col(c->bare, name);

		if (col >= 0) {
			r->kind = R_CELL;
			r->t = c->bare;
			r->row = c->bare_row;
			r->col = col;
			return true;
		}
	}
	if (hl == 4 && memcmp(name, "loop", 4) == 0) {
		static const char *const attrs[] = { "index", "first", "last", "length" };
		size_t k;

		if (c->scope == NULL) {
			if (report)
				terr(pos, "'%s' is only defined inside '{%% for %%}'", name);
			return false;
		}
		for (k = 0; k < 4; k++)
			if (strcmp(rest, attrs[k]) == 0)
				break;
		if (k == 4) {
			if (report)
			{
				const char *sug = tsuggest(rest, attrs, 4);

				if (sug != NULL)
					terr(pos, "unknown loop attribute '%s' (did you mean 'loop.%s'?)",
					     name, sug);
				else
					terr(pos, "unknown loop attribute '%s' (loop.index, loop.first, "
					     "loop.last, loop.length)", name);
			}
			return false;
		}
		r->kind = R_LOOP;
		r->attr = (enum loop_attr)k;
		r->sc = c->scope;
		return true;
	}
	for (sc = c->scope; sc != NULL; sc = sc->up) {
		if (strlen(sc->var) == hl && memcmp(sc->var, name, hl) == 0) {
			t = sc->t;
			row = sc->row;
			break;
		}
	}
	if (t == NULL && c->bind != NULL && c->bind->name != NULL &&
	    strlen(c->bind->name) == hl && memcmp(c->bind->name, name, hl) == 0) {
		t = c->bind->table;
		row = c->bind->row;
	}
	if (t != NULL) {
		int col;

		if (*rest == '\0') {
			if (report)
				terr(pos, "'%s' is a row of table '%s'; name a column, e.g. '%s.%s'", name,
				     t->name, name, t->ncols ? t->cols[0] : "name");
			return false;
		}
		if ((col = figtable_col(t, rest)) < 0) {
			if (report)
				terr(pos, "table '%s' has no column '%s'%s", t->name, rest,
				     cols_suggest(c->a, t, rest));
			return false;
		}
		r->kind = R_CELL;
		r->t = t;
		r->row = row;
		r->col = col;
		return true;
	}
	if ((r->fig = figset_get(c->fs, name)) != NULL) {
		r->kind = R_FIG;
		return true;
	}
	if (report) {
		if (c->bare != NULL && dot == NULL)
			terr(pos, "table '%s' has no column '%s'%s", c->bare->name, name,
			     cols_suggest(c->a, c->bare, name));
		else
			terr(pos, "unknown figure '%s'%s", name,
			     tmeant(c->a, figset_suggest(c->fs, name)));
	}
	return false;
}

static void ref_value(const struct ref *r, struct val *v)
{
	memset(v, 0, sizeof *v);
	switch (r->kind) {
	case R_FIG:
		if (r->fig->kind == FIG_NUM) {
			v->kind = V_NUM;
			v->num = r->fig->value;
		} else {
			v->kind = V_TEXT;
			v->text = r->fig->text ? r->fig->text : "";
		}
		break;
	case R_CELL: {
		const struct fcell *cell = figtable_cell(r->t, r->row, (size_t)r->col);

		if (cell->is_num) {
			v->kind = V_NUM;
			v->num = cell->num;
		} else {
			v->kind = V_TEXT;
			v->text = cell->text ? cell->text : "";
		}
		break;
	}
	case R_LOOP:
		v->kind = V_NUM;
		switch (r->attr) {
		case L_INDEX: v->num = (double)(r->sc->index + 1); break;
		case L_FIRST: v->num = r->sc->index == 0; break;
		case L_LAST: v->num = r->sc->index + 1 == r->sc->length; break;
		case L_LENGTH: v->num = (double)r->sc->length; break;
		}
		break;
	}
}

bool rctx_first_report(struct rctx *c, struct tpos p)
{
	size_t i;

	for (i = 0; i < c->nreported; i++)
		if (c->reported[i].src == p.src && c->reported[i].off == p.off)
			return false;
	if (c->nreported == c->capreported) {
		size_t nc = c->capreported ? c->capreported * 2 : 16;

		c->reported = arena_grow(c->a, c->reported, c->nreported, nc, sizeof *c->reported);
		c->capreported = nc;
	}
	c->reported[c->nreported++] = p;
	return true;
}

bool eval_expr(struct rctx *c, const struct expr *e, struct val *out)
{
	struct ref r;
	bool b;

	memset(out, 0, sizeof *out);
	switch (e->kind) {
	case EX_NAME:
		if (!resolve(c, e->name, e->pos, false, &r)) {
			/* say it once per place, however many loop turns reach it */
			if (rctx_first_report(c, e->pos))
				resolve(c, e->name, e->pos, true, &r);
			return false;
		}
		ref_value(&r, out);
		return true;
	case EX_STR:
		out->kind = V_TEXT;
		out->text = e->name;
		return true;
	case EX_NUM:
		out->kind = V_NUM;
		out->num = e->num;
		return true;
	default:
		if (!eval_cond(c, e, &b))
			return false;
		out->kind = V_NUM;
		out->num = b;
		return true;
	}
}

const char *val_text(struct rctx *c, const struct val *v)
{
	if (v->kind == V_NUM)
		return fmt_plain(c->a, v->num);
	return v->text ? v->text : "";
}

static bool val_number(const struct val *v, double *out)
{
	if (v->kind == V_NUM) {
		*out = v->num;
		return true;
	}
	return v->text != NULL && fmt_parse_number(v->text, out);
}

static bool truthy(const struct val *v)
{
	if (v->kind == V_NUM)
		return v->num != 0 && !isnan(v->num);
	return v->text != NULL && v->text[0] != '\0';
}

bool eval_cond(struct rctx *c, const struct expr *e, bool *out)
{
	struct val l, r;
	bool a, b;
	double x, y;
	int cmp;

	switch (e->kind) {
	case EX_NOT:
		if (!eval_cond(c, e->l, &a))
			return false;
		*out = !a;
		return true;
	case EX_AND:
	case EX_OR:
		if (!eval_cond(c, e->l, &a) || !eval_cond(c, e->r, &b))
			return false;
		*out = e->kind == EX_AND ? (a && b) : (a || b);
		return true;
	case EX_CMP:
		if (!eval_expr(c, e->l, &l) || !eval_expr(c, e->r, &r))
			return false;
		if ((l.kind == V_NUM || r.kind == V_NUM) && val_number(&l, &x) && val_number(&r, &y))
			cmp = x < y ? -1 : x > y ? 1 : 0;
		else
			cmp = strcmp(val_text(c, &l), val_text(c, &r));
		switch (e->op) {
		case CMP_EQ: *out = cmp == 0; break;
		case CMP_NE: *out = cmp != 0; break;
		case CMP_LT: *out = cmp < 0; break;
		case CMP_LE: *out = cmp <= 0; break;
		case CMP_GT: *out = cmp > 0; break;
		case CMP_GE: *out = cmp >= 0; break;
		}
		return true;
	default:
		if (!eval_expr(c, e, &l))
			return false;
		*out = truthy(&l);
		return true;
	}
}

/* ---- filters ---- */

static const char *filter_name(enum filter_kind k)
{
	static const char *const n[F_COUNT] = {
		"num", "fixed", "pct", "millions", "ordinal", "outof", "upper", "lower", "title",
		"date", "default"
	};

	return n[k];
}

bool apply_filters(struct rctx *c, const struct filter *fs, size_t n, struct val *v)
{
	enum i18n_lang lang = c->t->lang;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct filter *f = &fs[i];
		double x = 0, of;
		char *s = NULL;
		bool numeric = f->kind <= F_OUTOF;

		if (numeric) {
			if (v->kind == V_TEXT && (v->text == NULL || v->text[0] == '\0'))
				continue;   /* empty cell stays empty: default() may follow */
			if (!val_number(v, &x)) {
				if (rctx_first_report(c, f->pos))
					terr(f->pos, "filter '%s' needs a number, got '%s'",
					     filter_name(f->kind), val_text(c, v));
				return false;
			}
		}
		switch (f->kind) {
		case F_NUM: s = fmt_number(c->a, lang, x, f->decimals); break;
		case F_FIXED: s = fmt_fixed(c->a, lang, x, f->decimals); break;
		case F_PCT: s = fmt_percent(c->a, lang, x, f->decimals); break;
		case F_MILLIONS: s = fmt_millions(c->a, lang, x, f->decimals); break;
		case F_ORDINAL: s = fmt_ordinal(c->a, lang, x); break;
		case F_OUTOF: {
			struct val av;

			if (!eval_expr(c, f->arg, &av))
				return false;
			if (!val_number(&av, &of)) {
				if (rctx_first_report(c, f->arg->pos))
					terr(f->arg->pos, "argument of 'outof' is not a number: '%s'",
					     val_text(c, &av));
				return false;
			}
			s = fmt_outof(c->a, lang, x, of);
			break;
		}
		case F_UPPER: s = fmt_upper(c->a, val_text(c, v)); break;
		case F_LOWER: s = fmt_lower(c->a, val_text(c, v)); break;
		case F_TITLE: s = fmt_title(c->a, val_text(c, v)); break;
		case F_DATE:
			if ((s = fmt_date(c->a, lang, val_text(c, v))) == NULL) {
				if (rctx_first_report(c, f->pos))
					terr(f->pos, "filter 'date' needs \"YYYY\", \"YYYY-MM\" or "
					     "\"YYYY-MM-DD\", got '%s'", val_text(c, v));
				return false;
			}
			break;
		case F_DEFAULT:
			if (truthy(v) || v->kind == V_NUM)
				continue;
			s = (char *)f->arg->name;
			break;
		case F_COUNT:
			break;
		}
		v->kind = V_TEXT;
		v->text = s;
	}
	return true;
}

/* ---- static check of every name ---- */

static int check_expr(struct rctx *c, const struct expr *e)
{
	struct ref r;

	if (e == NULL)
		return 0;
	switch (e->kind) {
	case EX_NAME:
		return resolve(c, e->name, e->pos, true, &r) ? 0 : 1;
	case EX_STR:
	case EX_NUM:
		return 0;
	default:
		return check_expr(c, e->l) + check_expr(c, e->r);
	}
}

/* True when cond is a bare figure name whose value is the number 0. */
static bool flag_off(struct rctx *c, const struct expr *cond)
{
	const struct figure *f;

	if (cond == NULL || cond->kind != EX_NAME || c->scope != NULL)
		return false;
	f = figset_get(c->fs, cond->name);
	return f != NULL && f->kind == FIG_NUM && f->value == 0;
}

static int check_ops(struct rctx *c, const struct op *o)
{
	int bad = 0;
	size_t i;

	for (; o != NULL; o = o->next) {
		switch (o->kind) {
		case OP_TEXT:
			break;
		case OP_EXPR:
			bad += check_expr(c, o->expr);
			for (i = 0; i < o->nfilters; i++)
				if (o->filters[i].kind == F_OUTOF)
					bad += check_expr(c, o->filters[i].arg);
			break;
		case OP_FOR: {
			const struct figtable *t = figset_get_table(c->fs, o->table);
			struct scope sc = { 0 };
			const struct figtable *save = c->bare;

			if (t == NULL) {
				terr((struct tpos){ o->pos.src, o->table_off }, "unknown table '%s'%s", o->table,
				     tmeant(c->a, figset_suggest(c->fs, o->table)));
				bad++;
				break;
			}
			sc.var = o->var;
			sc.t = t;
			sc.length = 1;
			sc.up = c->scope;
			c->scope = &sc;
			c->bare = t;
			bad += check_expr(c, o->where);
			c->bare = save;
			bad += check_ops(c, o->body);
			c->scope = sc.up;
			break;
		}
		case OP_IF: {
			const struct branch *b;

			for (b = o->branches; b != NULL; b = b->next) {
				bad += check_expr(c, b->cond);
				/* A section guarded by a figure that is zero in this edition
				 * (an optional dataset it does not have, e.g.
				 * crosscheck.available) is never rendered, and may name
				 * figures that only such editions provide. */
				if (!flag_off(c, b->cond))
					bad += check_ops(c, b->body);
			}
			break;
		}
		}
	}
	return bad;
}

/* ---- expansion ---- */

static void push_seg(struct rctx *c, struct tpos pos, bool literal)
{
	struct seg *s;

	if (c->nsegs == c->capsegs) {
		/* heap, not arena: the map is big, temporary, and grows by realloc */
		size_t nc = c->capsegs ? c->capsegs * 2 : 256;

		c->segs = xrealloc(c->segs, nc * sizeof *c->segs);
		c->capsegs = nc;
	}
	s = &c->segs[c->nsegs++];
	s->out = c->out.len;
	s->pos = pos;
	s->literal = literal;
}

struct tpos rctx_pos(const struct rctx *c, size_t off)
{
	size_t lo = 0, hi = c->nsegs;
	const struct seg *s;
	struct tpos p;

	if (c->nsegs == 0)
		return (struct tpos){ NULL, 0 };
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (c->segs[mid].out <= off)
			lo = mid;
		else
			hi = mid;
	}
	s = &c->segs[lo];
	p = s->pos;
	if (s->literal)
		p.off += off - s->out;
	return p;
}

bool rctx_literal(const struct rctx *c, size_t off)
{
	size_t lo = 0, hi = c->nsegs;

	if (c->nsegs == 0)
		return false;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (c->segs[mid].out <= off)
			lo = mid;
		else
			hi = mid;
	}
	return c->segs[lo].literal;
}

/* Inserted values must not turn into markup: escape the characters the
 * prose reader treats specially. */
static void put_escaped(struct buf *b, const char *s, bool escape)
{
	if (!escape) {
		buf_puts(b, s);
		return;
	}
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r') {
			/* a value never breaks the block it sits in */
			buf_putc(b, ' ');
			continue;
		}
		if (strchr("\\*[]{}|#", *s) != NULL)
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
}

static bool expand(struct rctx *c, const struct op *o, bool escape)
{
	bool ok = true;

	for (; o != NULL; o = o->next) {
		switch (o->kind) {
		case OP_TEXT:
			push_seg(c, o->pos, o->literal);
			buf_add(&c->out, o->text, o->len);
			break;
		case OP_EXPR: {
			struct val v;

			if (!eval_expr(c, o->expr, &v) ||
			    !apply_filters(c, o->filters, o->nfilters, &v)) {
				ok = false;
				break;
			}
			push_seg(c, o->pos, false);
			put_escaped(&c->out, val_text(c, &v), escape);
			break;
		}
		case OP_FOR: {
			const struct figtable *t = figset_get_table(c->fs, o->table);
			struct scope sc = { 0 };
			const size_t *rows;
			size_t n = 0, i;

			sc.var = o->var;
			sc.t = t;
			sc.up = c->scope;
			c->scope = &sc;
			if (!rows_where(c, t, o->where, o->limit, &rows, &n))
				ok = false;
			sc.length = n;
			for (i = 0; i < n; i++) {
				sc.row = rows[i];
				sc.index = i;
				if (!expand(c, o->body, escape))
					ok = false;
			}
			c->scope = sc.up;
			break;
		}
		case OP_IF: {
			const struct branch *b;
			bool yes;

			for (b = o->branches; b != NULL; b = b->next) {
				yes = true;
				if (b->cond != NULL && !eval_cond(c, b->cond, &yes)) {
					ok = false;
					break;
				}
				if (yes) {
					if (!expand(c, b->body, escape))
						ok = false;
					break;
				}
			}
			break;
		}
		}
	}
	return ok;
}

static const char *front_value(struct rctx *c, const struct fm_entry *e, bool *ok)
{
	const char *s;

	buf_clear(&c->out);
	c->nsegs = 0;
	if (!expand(c, e->value, false))
		*ok = false;
	s = arena_strndup(c->a, c->out.data ? c->out.data : "", c->out.len);
	buf_clear(&c->out);
	c->nsegs = 0;
	return s;
}

struct doc *tmpl_render(struct arena *a, const struct tmpl *t, const struct figset *fs,
                        const struct tmpl_bind *bind)
{
	return tmpl_render_cached(a, t, fs, bind, NULL);
}

struct doc *tmpl_render_cached(struct arena *a, const struct tmpl *t, const struct figset *fs,
                               const struct tmpl_bind *bind, struct tmpl_cache *cache)
{
	struct rctx c = { 0 };
	struct bctx b = { 0 };
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
		if (check_ops(&c, t->front[i].value) != 0)
			ok = false;
	if (check_ops(&c, t->ops) != 0)
		ok = false;
	if (!ok)
		return NULL;
	d = doc_new(a, i18n_lang_code(t->lang));
	for (i = 0; i < t->nfront; i++) {
		const struct fm_entry *e = &t->front[i];
		const char *v = front_value(&c, e, &ok);

		if (strcmp(e->key, "title") == 0) d->title = v;
		else if (strcmp(e->key, "subtitle") == 0) d->subtitle = v;
		else if (strcmp(e->key, "author") == 0) d->author = v;
		else if (strcmp(e->key, "date") == 0) d->date = v;
		else if (strcmp(e->key, "keywords") == 0) d->keywords = v;
		else if (strcmp(e->key, "running_title") == 0) d->running_title = v;
		else if (strcmp(e->key, "subject") == 0) d->subject = v;
		else if (strcmp(e->key, "edition_note") == 0) b.edition_note = v;
	}
	if (!expand(&c, t->ops, true))
		ok = false;
	if (ok && c.out.len > 0) {
		/* figure texts come from elsewhere: check once before matching
		 * the expanded text with PCRE2_NO_UTF_CHECK */
		long bad = rx_utf8_check(c.out.data, c.out.len);

		if (bad >= 0) {
			terr(rctx_pos(&c, (size_t)bad), "the value inserted here is not valid UTF-8");
			ok = false;
		}
	}
	if (ok) {
		b.r = &c;
		b.a = a;
		b.doc = d;
		b.text = c.out.data ? c.out.data : "";
		b.len = c.out.len;
		block_parse(&b);
		post_resolve(&b);
	}
	buf_free(&c.out);
	free(c.segs);
	if (!ok || diag_errors() > before)
		return NULL;
	return d;
}
