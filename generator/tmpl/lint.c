/*
 * tmpl/lint.c: layer 3 of the template stage, beside the evaluator (lint.h):
 * numbers typed by hand in the prose that equal a computed figure in one of
 * its usual printed forms ("9.77 million", "19%", "22nd", "9,770,000"): they
 * would silently go stale when the data changes, so each draws a warning
 * naming the figure and the tag to write instead. Plain small numbers ("35")
 * are left alone: too many of them are not figures.
 *
 * Years typed in the prose near the edition's own (two years either side of
 * edition.year: "this year's July elections", "the 2017 index") go stale
 * with the next edition: each draws a warning naming the fact of the
 * edition to write instead (a figure of unit "year", edition.* or fact.*
 * with that value), unless the year is part of a citation (a footnote's
 * text, a block's source: line, a year a footnote call follows, "(2018)")
 * or of a name ("AI 2030", "Index 2017", an italic title).
 * Reads the op tree (compile.h); calls src.c only.
 */
#include "lint.h"
#include "base/base.h"
#include "figures/figures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct form {
	const char *text;      /* printed form */
	const char *key;       /* figure */
	const char *filter;    /* how to print it with a tag */
	size_t order;          /* figure's place in the store */
};

struct lint {
	struct arena *a;
	struct form *forms;
	size_t n, cap;
	int warnings;
	const struct figset *fs;
	int year;              /* edition.year; 0: no year lint */
};

/* ---- years typed in the prose ---- */

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (unsigned char)c >= 0x80;
}

/* The word before t[at] (skipping blanks) is a capitalised name word: not a
 * month, not a word that starts sentences or dates ("In", "By", "Desde"). */
static int name_before(const char *t, size_t at)
{
	static const char *const plain[] = {
		"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December", "In", "By", "Since", "From",
		"Until", "Before", "After", "The", "Of", "To", "For", "En", "Desde", "Hasta", "Para",
		"El", "La", "Los", "Las", "Del", "De", "Al", "A", "Antes", "Tras", "Entre", "Between"
	};
	size_t e = at, b;
	char w[32];

	while (e > 0 && (t[e - 1] == ' ' || t[e - 1] == '\t'))
		e--;
	for (b = e; b > 0 && is_alnum(t[b - 1]); b--)
		;
	if (b == e || e - b >= sizeof w || !((t[b] >= 'A' && t[b] <= 'Z') || (unsigned char)t[b] == 0xC3))
		return 0;
	memcpy(w, t + b, e - b);
	w[e - b] = '\0';
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
		if (strcmp(w, plain[i]) == 0)
			return 0;
	return 1;
}

/* The year at t[at..at+4) is part of a citation or a name. */
static int year_exempt(const char *t, size_t len, size_t at)
{
	size_t ls = at, i, stars = 0;
	const char *after = t + at + 4;
	size_t left = len - at - 4;

	while (ls > 0 && t[ls - 1] != '\n')
		ls--;
	while (t[ls] == ' ' || t[ls] == '\t')
		ls++;
	if (strncmp(t + ls, "[^", 2) == 0 || strncmp(t + ls, "source:", 7) == 0)
		return 1;   /* a footnote's text, a block's source line */
	for (i = ls; i < at; i++)
		stars += t[i] == '*';
	if (stars % 2 == 1)
		return 1;   /* inside *emphasis*: a title */
	if (left >= 2 && strncmp(after, "[^", 2) == 0)
		return 1;
	if (left >= 3 && (after[0] == '.' || after[0] == ',' || after[0] == ')') &&
	    strncmp(after + 1, "[^", 2) == 0)
		return 1;   /* the sentence cites its source right there */
	if (at > 0 && t[at - 1] == '(' && left >= 1 && (after[0] == ')' || after[0] == ','))
		return 1;   /* "Author (2018)" */
	if (name_before(t, at))
		return 1;   /* "AI 2030", "Index 2017" */
	return 0;
}

/* The fact of the edition equal to year y, or NULL. */
static const char *year_fact(const struct figset *fs, int y)
{
	size_t i;

	for (i = 0; i < figset_count(fs); i++) {
		const struct figure *f = figset_at(fs, i);

		if (f->kind != FIG_NUM || f->value != y)
			continue;
		if ((f->unit && strcmp(f->unit, "year") == 0) || strncmp(f->key, "edition.", 8) == 0)
			return f->key;
	}
	return NULL;
}

static void scan_years(struct lint *l, const struct tmpl_op *o)
{
	const char *t = o->pos.src->text;
	size_t len = o->pos.src->len, pos, end = o->pos.off + o->len;

	for (pos = o->pos.off; pos + 4 <= end; pos++) {
		int y;
		const char *key;

		if (!is_digit(t[pos]) || !is_digit(t[pos + 1]) || !is_digit(t[pos + 2]) ||
		    !is_digit(t[pos + 3]))
			continue;
		if ((pos > 0 && (is_alnum(t[pos - 1]) || t[pos - 1] == '.' || t[pos - 1] == ',' ||
		                 t[pos - 1] == '-' || t[pos - 1] == '/')) ||
		    (pos + 4 < len && (is_alnum(t[pos + 4]) ||
		                       ((t[pos + 4] == '.' || t[pos + 4] == ',') && pos + 5 < len &&
		                        is_digit(t[pos + 5]))))) {
			while (pos + 1 < end && is_digit(t[pos + 1]))
				pos++;
			continue;
		}
		y = (t[pos] - '0') * 1000 + (t[pos + 1] - '0') * 100 + (t[pos + 2] - '0') * 10 +
		    (t[pos + 3] - '0');
		if (y < l->year - 2 || y > l->year + 2 || year_exempt(t, len, pos)) {
			pos += 3;
			continue;
		}
		key = year_fact(l->fs, y);
		if (key != NULL)
			tmpl_warn((struct tmpl_pos){ o->pos.src, pos },
			          "year typed in the prose: '%d' is the fact '%s' of this edition and goes "
			          "stale with the next one; write {{ %s }}", y, key, key);
		else
			tmpl_warn((struct tmpl_pos){ o->pos.src, pos },
			          "year typed in the prose: '%d' is near the edition's (%d) and goes stale "
			          "with the next one; make it a fact of the edition (edition.csv or "
			          "facts.csv, with its source) and write it with {{ }}, or cite it", y,
			          l->year);
		l->warnings++;
		pos += 3;
	}
}

static void add_form(struct lint *l, const char *text, const char *key, const char *filter,
                     size_t order)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 64;

		l->forms = arena_grow(l->a, l->forms, l->n, nc, sizeof *l->forms);
		l->cap = nc;
	}
	l->forms[l->n].text = text;
	l->forms[l->n].key = key;
	l->forms[l->n].filter = filter;
	l->forms[l->n].order = order;
	l->n++;
}

static int text_cmp(const void *x, const void *y)
{
	const struct form *a = x, *b = y;

	return strcmp(a->text, b->text);
}

/* By text, then by figure order: equal forms of several figures stay in the
 * store's order, so the message is the same on every machine. */
static int form_cmp(const void *x, const void *y)
{
	const struct form *a = x, *b = y;
	int c = strcmp(a->text, b->text);

	if (c != 0)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void scan_ops(struct lint *l, const struct tmpl_op *o)
{
	for (; o != NULL; o = o->next) {
		if (o->kind == TMPL_OP_TEXT && o->literal) {
			const char *t = o->pos.src->text;
			size_t pos = o->pos.off, end = o->pos.off + o->len;
			const size_t *ov;

			while (pos < end && (ov = tmpl_rx_match(TMPL_RX_LINTNUM, t, end, pos)) != NULL) {
				struct form probe, *hit;
				char *s = arena_strndup(l->a, t + ov[0], ov[1] - ov[0]);

				probe.text = s;
				hit = bsearch(&probe, l->forms, l->n, sizeof *l->forms, text_cmp);
				if (hit != NULL) {
					const char *also = "";

					while (hit > l->forms && strcmp(hit[-1].text, s) == 0)
						hit--;
					if (hit + 1 < l->forms + l->n && strcmp(hit[1].text, s) == 0 &&
					    strcmp(hit[1].key, hit->key) != 0)
						also = arena_printf(l->a, " (or '%s')", hit[1].key);
					tmpl_warn((struct tmpl_pos){ o->pos.src, ov[0] },
					      "number typed in the prose: '%s' is figure '%s'%s; write "
					      "{{ %s%s }}", s, hit->key, also, hit->key, hit->filter);
					l->warnings++;
				}
				pos = ov[1] > pos ? ov[1] : pos + 1;
			}
			if (l->year > 0)
				scan_years(l, o);
		} else if (o->kind == TMPL_OP_FOR) {
			scan_ops(l, o->body);
		} else if (o->kind == TMPL_OP_IF) {
			const struct tmpl_branch *b;

			for (b = o->branches; b != NULL; b = b->next)
				scan_ops(l, b->body);
		}
	}
}

/* ---- estimates: marked once per chapter, printed rounded ---- */

struct est_use {
	const char *key;
	struct tmpl_pos first;   /* first use without the mark */
	bool marked, unmarked;
};

struct est_scan {
	struct lint *l;
	const struct figset *fs;
	struct est_use *uses;
	size_t n, cap;
	const struct tmpl_src *src;
};

/* A chapter ends: every estimated figure it printed and never marked. */
static void est_flush(struct est_scan *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		if (!e->uses[i].unmarked || e->uses[i].marked)
			continue;
		tmpl_warn(e->uses[i].first, "figure '%s' is estimated and printed in this chapter "
		          "without the estimate mark: add '| est' to its first use here "
		          "(templates/SYNTAX.md, Estimates)", e->uses[i].key);
		e->l->warnings++;
	}
	e->n = 0;
}

/* Whether a literal text op starts a chapter (a line '# ...'). */
static bool starts_chapter(const struct tmpl_op *o)
{
	const char *t = o->pos.src->text;
	size_t i, end = o->pos.off + o->len;

	for (i = o->pos.off; i + 1 < end; i++)
		if (t[i] == '#' && t[i + 1] == ' ' && (i == 0 || t[i - 1] == '\n'))
			return true;
	return false;
}

static void est_expr(struct est_scan *e, const struct tmpl_op *o)
{
	const struct figure *f;
	bool marked = false;
	const struct tmpl_filter *last_num = NULL;
	size_t i;

	if (o->expr == NULL || o->expr->kind != TMPL_EX_NAME)
		return;
	f = figset_get(e->fs, o->expr->name);
	if (f == NULL || f->prov != FIG_PROV_ESTIMATED)
		return;
	for (i = 0; i < o->nfilters; i++) {
		if (o->filters[i].kind == TMPL_F_EST)
			marked = true;
		if (o->filters[i].kind <= TMPL_F_OUTOF)
			last_num = &o->filters[i];
	}
	/* precision follows provenance: an estimated count is not exact */
	if (f->kind == FIG_NUM && last_num != NULL && last_num->kind == TMPL_F_NUM &&
	    fabs(f->value) >= 1e5 && (strcmp(f->unit, "jobs") == 0 || strcmp(f->unit, "people") == 0)) {
		tmpl_warn(last_num->pos, "figure '%s' is an estimated count: print it rounded as the "
		          "paper does, e.g. '| millions(2)', not to the unit", f->key);
		e->l->warnings++;
	}
	for (i = 0; i < e->n; i++)
		if (strcmp(e->uses[i].key, f->key) == 0)
			break;
	if (i == e->n) {
		if (e->n == e->cap) {
			size_t nc = e->cap ? e->cap * 2 : 32;

			e->uses = arena_grow(e->l->a, e->uses, e->n, nc, sizeof *e->uses);
			e->cap = nc;
		}
		memset(&e->uses[e->n], 0, sizeof e->uses[e->n]);
		e->uses[e->n++].key = f->key;
	}
	if (marked) {
		e->uses[i].marked = true;
	} else if (!e->uses[i].unmarked) {
		e->uses[i].unmarked = true;
		e->uses[i].first = o->pos;
	}
}

static void est_ops(struct est_scan *e, const struct tmpl_op *o)
{
	for (; o != NULL; o = o->next) {
		if (o->kind == TMPL_OP_TEXT && o->literal) {
			if (o->pos.src != e->src || starts_chapter(o)) {
				est_flush(e);
				e->src = o->pos.src;
			}
		} else if (o->kind == TMPL_OP_EXPR) {
			est_expr(e, o);
		} else if (o->kind == TMPL_OP_FOR) {
			est_ops(e, o->body);
		} else if (o->kind == TMPL_OP_IF) {
			const struct tmpl_branch *b;

			for (b = o->branches; b != NULL; b = b->next)
				est_ops(e, b->body);
		}
	}
}

int tmpl_lint_ops(const struct tmpl *t, const struct figset *fs)
{
	struct arena *a = arena_new();
	struct lint l = { 0 };
	size_t i, k, w;
	int res;

	l.a = a;
	l.fs = fs;
	{
		const struct figure *ey = figset_get(fs, "edition.year");

		l.year = ey != NULL && ey->kind == FIG_NUM ? (int)ey->value : 0;
	}
	for (i = 0; i < figset_count(fs); i++) {
		const struct figure *f = figset_at(fs, i);
		double v = f->value, av = fabs(v);

		if (f->kind != FIG_NUM || v == 0 || isnan(v) || isinf(v))
			continue;
		if (av <= 1) {
			add_form(&l, fmt_percent(a, t->lang, v, 0), f->key, " | pct", i);
			add_form(&l, fmt_percent(a, t->lang, v, 1), f->key, " | pct(1)", i);
			add_form(&l, fmt_percent(a, t->lang, v, 2), f->key, " | pct(2)", i);
		}
		if (av >= 1e5) {
			add_form(&l, fmt_millions(a, t->lang, v, 1), f->key, " | millions(1)", i);
			add_form(&l, fmt_millions(a, t->lang, v, 2), f->key, " | millions(2)", i);
		}
		if (av >= 1000)
			add_form(&l, fmt_number(a, t->lang, v, 0), f->key, " | num", i);
		if (v == floor(v) && v >= 1 && v <= 1000)
			add_form(&l, fmt_ordinal(a, t->lang, v), f->key, " | ordinal", i);
	}
	/* drop forms that are "0%" or "0.0 million": they say nothing */
	for (i = 0, w = 0; i < l.n; i++) {
		const char *s = l.forms[i].text;

		for (k = 0; s[k] == '0' || s[k] == '.'; k++)
			;
		if (s[k] >= '1' && s[k] <= '9')
			l.forms[w++] = l.forms[i];
		else if (s[k] == '\0')
			continue;
		else if (k == 0)
			l.forms[w++] = l.forms[i];
	}
	l.n = w;
	qsort(l.forms, l.n, sizeof *l.forms, form_cmp);
	scan_ops(&l, t->ops);
	{
		struct est_scan e = { 0 };

		e.l = &l;
		e.fs = fs;
		est_ops(&e, t->ops);
		est_flush(&e);
	}
	res = l.warnings;
	arena_free(a);
	return res;
}
