/*
 * tmpl/eval.c: layer 3 of the template stage (eval.h): the values of names,
 * conditions and filters in the current scope (the bound row, the loops'
 * rows, the bare columns of a `where` row), and the check of every name in
 * the op tree against the figure store before rendering (so a misspelt key
 * in a branch that is not taken is still reported). Calls down to src.c
 * only; rows.c and expand.c call it.
 */
#include "eval.h"
#include "base/base.h"
#include "figures/figures.h"
#include "tmpl/tmpl.h"

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
	const struct tmpl_scope *sc;
};

static const char *cols_suggest(struct arena *a, const struct figtable *t, const char *col)
{
	return tmpl_meant(a, tmpl_suggest(col, t->cols, t->ncols));
}

/* Resolve a dotted name in the current scope. report: say what is wrong. */
static bool resolve(struct tmpl_rctx *c, const char *name, struct tmpl_pos pos, bool report,
                    struct ref *r)
{
	const char *dot = strchr(name, '.');
	size_t hl = dot ? (size_t)(dot - name) : strlen(name);
	const char *rest = dot ? dot + 1 : "";
	const struct tmpl_scope *sc;
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
				tmpl_err(pos, "'%s' is only defined inside '{%% for %%}'", name);
			return false;
		}
		for (k = 0; k < 4; k++)
			if (strcmp(rest, attrs[k]) == 0)
				break;
		if (k == 4) {
			if (report)
			{
				const char *sug = tmpl_suggest(rest, attrs, 4);

				if (sug != NULL)
					tmpl_err(pos, "unknown loop attribute '%s' (did you mean 'loop.%s'?)",
					     name, sug);
				else
					tmpl_err(pos, "unknown loop attribute '%s' (loop.index, loop.first, "
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
				tmpl_err(pos, "'%s' is a row of table '%s'; name a column, e.g. '%s.%s'", name,
				     t->name, name, t->ncols ? t->cols[0] : "name");
			return false;
		}
		if ((col = figtable_col(t, rest)) < 0) {
			if (report)
				tmpl_err(pos, "table '%s' has no column '%s'%s", t->name, rest,
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
			tmpl_err(pos, "table '%s' has no column '%s'%s", c->bare->name, name,
			     cols_suggest(c->a, c->bare, name));
		else
			tmpl_err(pos, "unknown figure '%s'%s", name,
			     tmpl_meant(c->a, figset_suggest(c->fs, name)));
	}
	return false;
}

static void ref_value(const struct ref *r, struct tmpl_val *v)
{
	memset(v, 0, sizeof *v);
	switch (r->kind) {
	case R_FIG:
		v->fig = r->fig;
		if (r->fig->kind == FIG_NUM) {
			v->kind = TMPL_V_NUM;
			v->num = r->fig->value;
		} else {
			v->kind = TMPL_V_TEXT;
			v->text = r->fig->text ? r->fig->text : "";
		}
		break;
	case R_CELL: {
		const struct fcell *cell = figtable_cell(r->t, r->row, (size_t)r->col);

		v->t = r->t;
		v->row = r->row;
		v->col = r->col;
		if (cell->is_num) {
			v->kind = TMPL_V_NUM;
			v->num = cell->num;
		} else {
			v->kind = TMPL_V_TEXT;
			v->text = cell->text ? cell->text : "";
		}
		break;
	}
	case R_LOOP:
		v->kind = TMPL_V_NUM;
		switch (r->attr) {
		case L_INDEX: v->num = (double)(r->sc->index + 1); break;
		case L_FIRST: v->num = r->sc->index == 0; break;
		case L_LAST: v->num = r->sc->index + 1 == r->sc->length; break;
		case L_LENGTH: v->num = (double)r->sc->length; break;
		}
		break;
	}
}

bool tmpl_rctx_first_report(struct tmpl_rctx *c, struct tmpl_pos p)
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

bool tmpl_eval_expr(struct tmpl_rctx *c, const struct tmpl_expr *e, struct tmpl_val *out)
{
	struct ref r;
	bool b;

	memset(out, 0, sizeof *out);
	switch (e->kind) {
	case TMPL_EX_NAME:
		if (!resolve(c, e->name, e->pos, false, &r)) {
			/* say it once per place, however many loop turns reach it */
			if (tmpl_rctx_first_report(c, e->pos))
				resolve(c, e->name, e->pos, true, &r);
			return false;
		}
		ref_value(&r, out);
		return true;
	case TMPL_EX_STR:
		out->kind = TMPL_V_TEXT;
		out->text = e->name;
		return true;
	case TMPL_EX_NUM:
		out->kind = TMPL_V_NUM;
		out->num = e->num;
		return true;
	default:
		if (!tmpl_eval_cond(c, e, &b))
			return false;
		out->kind = TMPL_V_NUM;
		out->num = b;
		return true;
	}
}

const char *tmpl_val_text(struct tmpl_rctx *c, const struct tmpl_val *v)
{
	if (v->kind == TMPL_V_NUM)
		return fmt_plain(c->a, v->num);
	return v->text ? v->text : "";
}

static bool val_number(const struct tmpl_val *v, double *out)
{
	if (v->kind == TMPL_V_NUM) {
		*out = v->num;
		return true;
	}
	return v->text != NULL && fmt_parse_number(v->text, out);
}

static bool truthy(const struct tmpl_val *v)
{
	if (v->kind == TMPL_V_NUM)
		return v->num != 0 && !isnan(v->num);
	return v->text != NULL && v->text[0] != '\0';
}

bool tmpl_eval_cond(struct tmpl_rctx *c, const struct tmpl_expr *e, bool *out)
{
	struct tmpl_val l, r;
	bool a, b;
	double x, y;
	int cmp;

	switch (e->kind) {
	case TMPL_EX_NOT:
		if (!tmpl_eval_cond(c, e->l, &a))
			return false;
		*out = !a;
		return true;
	case TMPL_EX_AND:
	case TMPL_EX_OR:
		if (!tmpl_eval_cond(c, e->l, &a) || !tmpl_eval_cond(c, e->r, &b))
			return false;
		*out = e->kind == TMPL_EX_AND ? (a && b) : (a || b);
		return true;
	case TMPL_EX_CMP:
		if (!tmpl_eval_expr(c, e->l, &l) || !tmpl_eval_expr(c, e->r, &r))
			return false;
		if ((l.kind == TMPL_V_NUM || r.kind == TMPL_V_NUM) && val_number(&l, &x) && val_number(&r, &y))
			cmp = x < y ? -1 : x > y ? 1 : 0;
		else
			cmp = strcmp(tmpl_val_text(c, &l), tmpl_val_text(c, &r));
		switch (e->op) {
		case TMPL_CMP_EQ: *out = cmp == 0; break;
		case TMPL_CMP_NE: *out = cmp != 0; break;
		case TMPL_CMP_LT: *out = cmp < 0; break;
		case TMPL_CMP_LE: *out = cmp <= 0; break;
		case TMPL_CMP_GT: *out = cmp > 0; break;
		case TMPL_CMP_GE: *out = cmp >= 0; break;
		}
		return true;
	default:
		if (!tmpl_eval_expr(c, e, &l))
			return false;
		*out = truthy(&l);
		return true;
	}
}

bool tmpl_eval_row_cond(struct tmpl_rctx *c, const struct figtable *t, size_t row,
                        const struct tmpl_expr *e, bool *out)
{
	const struct figtable *save = c->bare;
	size_t save_row = c->bare_row;
	bool ok;

	c->bare = t;
	c->bare_row = row;
	ok = tmpl_eval_cond(c, e, out);
	c->bare = save;
	c->bare_row = save_row;
	return ok;
}

/* ---- filters ---- */

static const char *filter_name(enum tmpl_filter_kind k)
{
	static const char *const n[TMPL_F_COUNT] = {
		"num", "fixed", "pct", "millions", "ordinal", "outof", "upper", "lower", "title",
		"date", "default", "est"
	};

	return n[k];
}

bool tmpl_apply_filters(struct tmpl_rctx *c, const struct tmpl_filter *fs, size_t n, struct tmpl_val *v)
{
	enum i18n_lang lang = c->t->lang;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct tmpl_filter *f = &fs[i];
		double x = 0, of;
		char *s = NULL;
		bool numeric = f->kind <= TMPL_F_OUTOF;

		if (numeric) {
			if (v->kind == TMPL_V_TEXT && (v->text == NULL || v->text[0] == '\0'))
				continue;   /* empty cell stays empty: default() may follow */
			if (!val_number(v, &x)) {
				if (tmpl_rctx_first_report(c, f->pos))
					tmpl_err(f->pos, "filter '%s' needs a number, got '%s'",
					     filter_name(f->kind), tmpl_val_text(c, v));
				return false;
			}
		}
		switch (f->kind) {
		case TMPL_F_NUM: s = fmt_number(c->a, lang, x, f->decimals); break;
		case TMPL_F_FIXED: s = fmt_fixed(c->a, lang, x, f->decimals); break;
		case TMPL_F_PCT: s = fmt_percent(c->a, lang, x, f->decimals); break;
		case TMPL_F_MILLIONS: s = fmt_millions(c->a, lang, x, f->decimals); break;
		case TMPL_F_ORDINAL: s = fmt_ordinal(c->a, lang, x); break;
		case TMPL_F_OUTOF: {
			struct tmpl_val av;

			if (!tmpl_eval_expr(c, f->arg, &av))
				return false;
			if (!val_number(&av, &of)) {
				if (tmpl_rctx_first_report(c, f->arg->pos))
					tmpl_err(f->arg->pos, "argument of 'outof' is not a number: '%s'",
					     tmpl_val_text(c, &av));
				return false;
			}
			s = fmt_outof(c->a, lang, x, of);
			break;
		}
		case TMPL_F_UPPER: s = fmt_upper(c->a, tmpl_val_text(c, v)); break;
		case TMPL_F_LOWER: s = fmt_lower(c->a, tmpl_val_text(c, v)); break;
		case TMPL_F_TITLE: s = fmt_title(c->a, tmpl_val_text(c, v)); break;
		case TMPL_F_DATE:
			if ((s = fmt_date(c->a, lang, tmpl_val_text(c, v))) == NULL) {
				if (tmpl_rctx_first_report(c, f->pos))
					tmpl_err(f->pos, "filter 'date' needs \"YYYY\", \"YYYY-MM\" or "
					     "\"YYYY-MM-DD\", got '%s'", tmpl_val_text(c, v));
				return false;
			}
			break;
		case TMPL_F_DEFAULT:
			if (truthy(v) || v->kind == TMPL_V_NUM)
				continue;
			s = (char *)f->arg->name;
			break;
		case TMPL_F_EST:
			/* the estimate mark: a dagger after the value (SYNTAX.md) */
			s = arena_printf(c->a, "%s\u2020", tmpl_val_text(c, v));
			break;
		case TMPL_F_COUNT:
			break;
		}
		v->kind = TMPL_V_TEXT;
		v->text = s;
	}
	return true;
}

/* ---- static check of every name ---- */

static int check_expr(struct tmpl_rctx *c, const struct tmpl_expr *e)
{
	struct ref r;

	if (e == NULL)
		return 0;
	switch (e->kind) {
	case TMPL_EX_NAME:
		return resolve(c, e->name, e->pos, true, &r) ? 0 : 1;
	case TMPL_EX_STR:
	case TMPL_EX_NUM:
		return 0;
	default:
		return check_expr(c, e->l) + check_expr(c, e->r);
	}
}

/* True when cond is a bare figure name whose value is the number 0. */
static bool flag_off(struct tmpl_rctx *c, const struct tmpl_expr *cond)
{
	const struct figure *f;

	if (cond == NULL || cond->kind != TMPL_EX_NAME || c->scope != NULL)
		return false;
	f = figset_get(c->fs, cond->name);
	return f != NULL && f->kind == FIG_NUM && f->value == 0;
}

int tmpl_check_ops(struct tmpl_rctx *c, const struct tmpl_op *o)
{
	int bad = 0;
	size_t i;

	for (; o != NULL; o = o->next) {
		switch (o->kind) {
		case TMPL_OP_TEXT:
			break;
		case TMPL_OP_EXPR:
			bad += check_expr(c, o->expr);
			for (i = 0; i < o->nfilters; i++)
				if (o->filters[i].kind == TMPL_F_OUTOF)
					bad += check_expr(c, o->filters[i].arg);
			break;
		case TMPL_OP_FOR: {
			const struct figtable *t = figset_get_table(c->fs, o->table);
			struct tmpl_scope sc = { 0 };
			const struct figtable *save = c->bare;

			if (t == NULL) {
				tmpl_err((struct tmpl_pos){ o->pos.src, o->table_off }, "unknown table '%s'%s", o->table,
				     tmpl_meant(c->a, figset_suggest(c->fs, o->table)));
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
			bad += tmpl_check_ops(c, o->body);
			c->scope = sc.up;
			break;
		}
		case TMPL_OP_IF: {
			const struct tmpl_branch *b;

			for (b = o->branches; b != NULL; b = b->next) {
				bad += check_expr(c, b->cond);
				/* A section guarded by a figure that is zero in this edition
				 * (an optional dataset it does not have, e.g.
				 * crosscheck.available) is never rendered, and may name
				 * figures that only such editions provide. */
				if (!flag_off(c, b->cond))
					bad += tmpl_check_ops(c, b->body);
			}
			break;
		}
		}
	}
	return bad;
}

