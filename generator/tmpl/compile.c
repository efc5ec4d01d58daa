/*
 * tmpl/compile.c: layer 2 of the template stage (compile.h): template files
 * -> op tree. Calls down to src.c only; the driver feeds it the files.
 *
 * The tag scanner (PCRE2) cuts a file into literal text, {{ expressions }} and
 * {% statements %}; statements nest (for/if) and include other files, which
 * are compiled in place. A statement alone on its line takes its line with it,
 * so block tags do not leave blank lines in the prose.
 */
#include "compile.h"
#include "base/base.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct cctx {
	struct arena *a;
	const char *root;              /* templates root, or NULL */
	const char **chain;            /* include chain, display names */
	size_t nchain;
	size_t open_outer;             /* blocks open in the files that include this one */
	int errors;
};

/* ---- tokens ---- */

enum tok_kind { T_NUM, T_STR, T_NAME, T_PUNCT, T_END };

struct token {
	enum tok_kind kind;
	const char *s;
	size_t len;
	struct tmpl_pos pos;
};

#define LOCAL_TOKENS 32

struct parser {
	struct cctx *c;
	struct arena *a;
	struct token *t;
	size_t n, i;
	int depth;                     /* 'not' and '(' open (TMPL_MAX_EXPR_DEPTH) */
	bool failed;
	struct token local[LOCAL_TOKENS];   /* most tags fit: no allocation */
};

static void cerr(struct parser *p, struct tmpl_pos pos, const char *msg, const char *arg)
{
	if (p->failed)
		return;    /* one message per tag */
	p->failed = true;
	tmpl_err(pos, msg, arg);
}

/* Tokens of text[start..end) of src; false after reporting. */
static bool tokenize(struct arena *a, const struct tmpl_src *src, size_t start, size_t end,
                     struct parser *p)
{
	size_t off = start, cap = LOCAL_TOKENS;
	const size_t *ov;

	p->a = a;
	p->t = p->local;
	p->n = 0;
	p->i = 0;
	p->depth = 0;
	p->failed = false;
	for (;;) {
		while (off < end && (src->text[off] == ' ' || src->text[off] == '\t'))
			off++;
		if (off >= end)
			break;
		ov = tmpl_rx_match(TMPL_RX_TOKEN, src->text, end, off);
		if (ov == NULL) {
			size_t l = utf8_step(src->text + off, end - off);

			tmpl_err((struct tmpl_pos){ src, off }, "unexpected '%.*s' in tag", (int)l,
			     src->text + off);
			return false;
		}
		if (p->n + 1 >= cap) {
			struct token *nt = arena_calloc(a, cap * 2, sizeof *nt);

			memcpy(nt, p->t, p->n * sizeof *nt);
			p->t = nt;
			cap *= 2;
		}
		struct token *tk = &p->t[p->n++];
		int g;

		for (g = 1; g <= 4; g++)
			if (ov[2 * g] != PCRE2_UNSET)
				break;
		tk->kind = g == 1 ? T_NUM : g == 2 ? T_STR : g == 3 ? T_NAME : T_PUNCT;
		tk->s = src->text + ov[2 * g];
		tk->len = ov[2 * g + 1] - ov[2 * g];
		tk->pos = (struct tmpl_pos){ src, g == 2 ? ov[2 * g] - 1 : ov[2 * g] };
		off = ov[1];
	}
	p->t[p->n].kind = T_END;
	p->t[p->n].s = "";
	p->t[p->n].len = 0;
	p->t[p->n].pos = (struct tmpl_pos){ src, end };
	return true;
}

static bool tok_is(const struct token *t, enum tok_kind k, const char *s)
{
	return t->kind == k && strlen(s) == t->len && memcmp(t->s, s, t->len) == 0;
}

static struct token *peek(struct parser *p) { return &p->t[p->i]; }
static struct token *next(struct parser *p) { return p->i < p->n ? &p->t[p->i++] : &p->t[p->n]; }

static char *tok_str(struct arena *a, const struct token *t)
{
	return arena_strndup(a, t->s, t->len);
}

static const char *tok_show(struct parser *p, const struct token *t)
{
	if (t->kind == T_END)
		return "end of tag";
	return arena_printf(p->a, "'%.*s'", (int)t->len, t->s);
}

static char *unescape(struct arena *a, const char *s, size_t len)
{
	char *o = arena_alloc(a, len + 1), *q = o;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len)
			i++;
		*q++ = s[i];
	}
	*q = '\0';
	return o;
}

/* ---- expressions ---- */

static struct tmpl_expr *new_expr(struct parser *p, enum tmpl_expr_kind k, struct tmpl_pos pos)
{
	struct tmpl_expr *e = arena_alloc(p->a, sizeof *e);

	e->kind = k;
	e->pos = pos;
	return e;
}

static bool is_keyword(const struct token *t)
{
	return tok_is(t, T_NAME, "and") || tok_is(t, T_NAME, "or") || tok_is(t, T_NAME, "not");
}

static struct tmpl_expr *parse_or(struct parser *p);

/* One more level of 'not' or '(' at t; false after reporting that the
 * condition nests too deep (the parser recurses once a level). */
static bool enter(struct parser *p, const struct token *t)
{
	if (p->depth >= TMPL_MAX_EXPR_DEPTH) {
		cerr(p, t->pos, "condition nested too deep: more than %s levels of 'not', 'and', "
		     "'or' and '('",
		     arena_printf(p->a, "%d", TMPL_MAX_EXPR_DEPTH));
		return false;
	}
	p->depth++;
	return true;
}

static struct tmpl_expr *parse_value(struct parser *p)
{
	struct token *t = next(p);
	struct tmpl_expr *e;

	switch (t->kind) {
	case T_NUM:
		e = new_expr(p, TMPL_EX_NUM, t->pos);
		fmt_parse_number(tok_str(p->a, t), &e->num);
		return e;
	case T_STR:
		e = new_expr(p, TMPL_EX_STR, t->pos);
		e->name = unescape(p->a, t->s, t->len);
		return e;
	case T_NAME:
		if (is_keyword(t))
			break;
		e = new_expr(p, TMPL_EX_NAME, t->pos);
		e->name = tok_str(p->a, t);
		return e;
	case T_PUNCT:
		if (tok_is(t, T_PUNCT, "(")) {
			if (!enter(p, t))
				return NULL;
			e = parse_or(p);
			p->depth--;
			if (e == NULL)
				return NULL;
			if (!tok_is(peek(p), T_PUNCT, ")")) {
				cerr(p, peek(p)->pos, "expected ')', found %s", tok_show(p, peek(p)));
				return NULL;
			}
			next(p);
			return e;
		}
		break;
	case T_END:
		break;
	}
	cerr(p, t->pos, "expected a name, number or \"text\", found %s", tok_show(p, t));
	return NULL;
}

static struct tmpl_expr *parse_cmp(struct parser *p)
{
	static const struct { const char *s; enum tmpl_cmp op; } ops[] = {
		{ "==", TMPL_CMP_EQ }, { "!=", TMPL_CMP_NE }, { "<", TMPL_CMP_LT }, { "<=", TMPL_CMP_LE },
		{ ">", TMPL_CMP_GT }, { ">=", TMPL_CMP_GE },
	};
	struct tmpl_expr *l = parse_value(p), *e;
	size_t k;

	if (l == NULL)
		return NULL;
	for (k = 0; k < sizeof ops / sizeof ops[0]; k++) {
		if (!tok_is(peek(p), T_PUNCT, ops[k].s))
			continue;
		e = new_expr(p, TMPL_EX_CMP, next(p)->pos);
		e->op = ops[k].op;
		e->l = l;
		if ((e->r = parse_value(p)) == NULL)
			return NULL;
		return e;
	}
	return l;
}

static struct tmpl_expr *parse_not(struct parser *p)
{
	struct tmpl_expr *e;

	if (tok_is(peek(p), T_NAME, "not")) {
		if (!enter(p, peek(p)))
			return NULL;
		e = new_expr(p, TMPL_EX_NOT, next(p)->pos);
		e->l = parse_not(p);
		p->depth--;
		return e->l == NULL ? NULL : e;
	}
	return parse_cmp(p);
}

static struct tmpl_expr *parse_and(struct parser *p)
{
	struct tmpl_expr *l = parse_not(p), *e;
	int depth = p->depth;

	/* a chain of 'and' is a left-deep tree: each one is a level too */
	while (l != NULL && tok_is(peek(p), T_NAME, "and")) {
		if (!enter(p, peek(p)))
			return NULL;
		e = new_expr(p, TMPL_EX_AND, next(p)->pos);
		e->l = l;
		e->r = parse_not(p);
		l = e->r == NULL ? NULL : e;
	}
	p->depth = depth;
	return l;
}

static struct tmpl_expr *parse_or(struct parser *p)
{
	struct tmpl_expr *l = parse_and(p), *e;
	int depth = p->depth;

	/* a chain of 'or' is a left-deep tree: each one is a level too */
	while (l != NULL && tok_is(peek(p), T_NAME, "or")) {
		if (!enter(p, peek(p)))
			return NULL;
		e = new_expr(p, TMPL_EX_OR, next(p)->pos);
		e->l = l;
		e->r = parse_and(p);
		l = e->r == NULL ? NULL : e;
	}
	p->depth = depth;
	return l;
}

/* ---- filters ---- */

static const char *const filter_names[TMPL_F_COUNT] = {
	[TMPL_F_NUM] = "num", [TMPL_F_FIXED] = "fixed", [TMPL_F_PCT] = "pct", [TMPL_F_MILLIONS] = "millions",
	[TMPL_F_ORDINAL] = "ordinal", [TMPL_F_OUTOF] = "outof", [TMPL_F_UPPER] = "upper",
	[TMPL_F_LOWER] = "lower", [TMPL_F_TITLE] = "title", [TMPL_F_DATE] = "date", [TMPL_F_DEFAULT] = "default",
	[TMPL_F_EST] = "est",
};

static bool parse_filter(struct parser *p, struct tmpl_filter *f)
{
	struct token *t = next(p), *arg = NULL, *open = NULL;
	char *name;
	int k;
	bool want_int = false, need_arg = false, no_arg = false;

	if (t->kind != T_NAME) {
		cerr(p, t->pos, "'|' must be followed by a filter name, found %s", tok_show(p, t));
		return false;
	}
	name = tok_str(p->a, t);
	for (k = 0; k < TMPL_F_COUNT; k++)
		if (strcmp(name, filter_names[k]) == 0)
			break;
	if (k == TMPL_F_COUNT) {
		cerr(p, t->pos, "%s", arena_printf(p->a, "unknown filter '%s'%s", name,
		     tmpl_meant(p->a, tmpl_suggest(name, filter_names, TMPL_F_COUNT))));
		return false;
	}
	f->kind = (enum tmpl_filter_kind)k;
	f->pos = t->pos;
	f->decimals = f->kind == TMPL_F_MILLIONS ? 2 : 0;
	if (tok_is(peek(p), T_PUNCT, "(")) {
		open = next(p);
		arg = next(p);
		if (!tok_is(peek(p), T_PUNCT, ")")) {
			cerr(p, peek(p)->pos, "%s", arena_printf(p->a,
			     "filter '%s' takes one argument; expected ')', found %s", name,
			     tok_show(p, peek(p))));
			return false;
		}
		next(p);
	}
	switch (f->kind) {
	case TMPL_F_NUM: case TMPL_F_PCT: case TMPL_F_MILLIONS: want_int = true; break;
	case TMPL_F_FIXED: want_int = true; need_arg = true; break;
	case TMPL_F_OUTOF: case TMPL_F_DEFAULT: need_arg = true; break;
	default: no_arg = true; break;
	}
	if (arg == NULL && need_arg) {
		cerr(p, t->pos, "%s", arena_printf(p->a, "filter '%s' needs an argument, e.g. %s",
		     name, f->kind == TMPL_F_FIXED ? "fixed(2)" : f->kind == TMPL_F_OUTOF ?
		     "outof(35) or outof(readiness.countries)" : "default(\"n/a\")"));
		return false;
	}
	if (arg != NULL && no_arg) {
		cerr(p, open->pos, "filter '%s' takes no argument", name);
		return false;
	}
	if (arg == NULL)
		return true;
	if (want_int) {
		double v = -1;

		if (arg->kind == T_NUM)
			fmt_parse_number(tok_str(p->a, arg), &v);
		/* range first: converting an out-of-range double to int is undefined */
		if (arg->kind != T_NUM || !(v >= 0 && v <= 9) || v != (int)v) {
			cerr(p, arg->pos, "%s", arena_printf(p->a,
			     "bad argument %s to filter '%s': decimals must be a whole number 0..9",
			     tok_show(p, arg), name));
			return false;
		}
		f->decimals = (int)v;
		return true;
	}
	if (f->kind == TMPL_F_OUTOF) {
		if (arg->kind != T_NUM && arg->kind != T_NAME) {
			cerr(p, arg->pos, "%s", arena_printf(p->a,
			     "bad argument %s to filter 'outof': expected a number or a figure key",
			     tok_show(p, arg)));
			return false;
		}
		f->arg = new_expr(p, arg->kind == T_NUM ? TMPL_EX_NUM : TMPL_EX_NAME, arg->pos);
		if (arg->kind == T_NUM)
			fmt_parse_number(tok_str(p->a, arg), &f->arg->num);
		else
			f->arg->name = tok_str(p->a, arg);
		return true;
	}
	/* TMPL_F_DEFAULT */
	if (arg->kind != T_STR) {
		cerr(p, arg->pos, "%s", arena_printf(p->a,
		     "bad argument %s to filter 'default': expected \"text\"", tok_show(p, arg)));
		return false;
	}
	f->arg = new_expr(p, TMPL_EX_STR, arg->pos);
	f->arg->name = unescape(p->a, arg->s, arg->len);
	return true;
}

static bool parse_filter_chain(struct parser *p, struct tmpl_filter **out, size_t *nout)
{
	struct tmpl_filter local[16];
	size_t n = 0;

	memset(local, 0, sizeof local);
	while (tok_is(peek(p), T_PUNCT, "|")) {
		next(p);
		if (n == sizeof local / sizeof local[0]) {
			cerr(p, peek(p)->pos, "%s", "more than 16 filters in one tag");
			return false;
		}
		if (!parse_filter(p, &local[n]))
			return false;
		n++;
	}
	/* exactly as many as used: a big template has tens of thousands of tags */
	*out = n ? arena_calloc(p->a, n, sizeof **out) : NULL;
	if (n)
		memcpy(*out, local, n * sizeof local[0]);
	*nout = n;
	return true;
}

/* Text found in the expanded output at pos: when it is the template's own
 * text, parse it in place (messages point into the file); when it came from
 * an expansion, parse a private copy named after the place it came from. */
static struct tmpl_pos text_pos(struct arena *a, const char *text, size_t len, struct tmpl_pos pos)
{
	struct srcloc loc;
	struct tmpl_src *s;

	if (pos.src != NULL && pos.off + len <= pos.src->len &&
	    memcmp(pos.src->text + pos.off, text, len) == 0)
		return pos;
	loc = tmpl_pos_loc(pos);
	s = tmpl_src_new(a, arena_printf(a, "%s:%d:%d (expanded)", loc.file ? loc.file : "?",
	             loc.line, loc.col), text, len);
	return (struct tmpl_pos){ s, 0 };
}

int tmpl_parse_filters(struct arena *a, const char *text, size_t len, struct tmpl_pos pos,
                       struct tmpl_filter **out, size_t *nout)
{
	struct parser p = { 0 };

	pos = text_pos(a, text, len, pos);
	if (!tokenize(a, pos.src, pos.off, pos.off + len, &p))
		return -1;
	if (p.n == 0) {
		*out = NULL;
		*nout = 0;
		return 0;
	}
	/* "pct(1) | upper": the first filter has no leading '|' */
	{
		size_t n = 0, cap = 4;
		struct tmpl_filter *fs = arena_calloc(a, cap, sizeof *fs);

		for (;;) {
			if (n == cap) {
				fs = arena_grow(a, fs, n, cap * 2, sizeof *fs);
				cap *= 2;
			}
			if (!parse_filter(&p, &fs[n]))
				return -1;
			n++;
			if (peek(&p)->kind == T_END)
				break;
			if (!tok_is(peek(&p), T_PUNCT, "|")) {
				cerr(&p, peek(&p)->pos, "expected '|' or end, found %s",
				     tok_show(&p, peek(&p)));
				return -1;
			}
			next(&p);
		}
		*out = fs;
		*nout = n;
	}
	return 0;
}

struct tmpl_expr *tmpl_parse_cond(struct arena *a, const char *text, size_t len, struct tmpl_pos pos)
{
	struct parser p = { 0 };
	struct tmpl_expr *e;

	pos = text_pos(a, text, len, pos);
	if (!tokenize(a, pos.src, pos.off, pos.off + len, &p))
		return NULL;
	e = parse_or(&p);
	if (e != NULL && peek(&p)->kind != T_END) {
		cerr(&p, peek(&p)->pos, "unexpected %s after the condition", tok_show(&p, peek(&p)));
		return NULL;
	}
	return e;
}

/* ---- statements and the op tree ---- */

enum frame_kind { FR_FOR, FR_IF };

struct frame {
	enum frame_kind kind;
	struct tmpl_op *op;
	struct tmpl_branch *br;      /* IF: current branch */
	struct tmpl_op **tail;       /* where the next op of this block goes */
	bool has_else;
};

struct scan {
	struct cctx *c;
	const struct tmpl_src *src;
	struct tmpl_op *head;
	struct tmpl_op **tail;        /* current tail (top frame's or the file's) */
	struct tmpl_op **file_tail;
	struct frame *frames;
	size_t nframes, capframes;
	size_t too_deep;              /* blocks open past TMPL_MAX_NESTING (skipped) */
};

static struct tmpl_op *new_op(struct scan *s, enum tmpl_op_kind k, struct tmpl_pos pos)
{
	struct tmpl_op *o = arena_alloc(s->c->a, sizeof *o);

	o->kind = k;
	o->pos = pos;
	if (k == TMPL_OP_FOR)
		o->limit = -1;
	return o;
}

static void append(struct scan *s, struct tmpl_op *o)
{
	*s->tail = o;
	while (o->next != NULL)
		o = o->next;
	s->tail = &o->next;
	if (s->nframes > 0)
		s->frames[s->nframes - 1].tail = s->tail;
	else
		s->file_tail = s->tail;
}

static void emit_text(struct scan *s, size_t start, size_t end)
{
	struct tmpl_op *o;

	if (end <= start)
		return;
	o = new_op(s, TMPL_OP_TEXT, (struct tmpl_pos){ s->src, start });
	o->text = s->src->text + start;
	o->len = end - start;
	o->literal = true;
	append(s, o);
}

static void push_frame(struct scan *s, enum frame_kind k, struct tmpl_op *o, struct tmpl_op **tail)
{
	struct frame *f;

	if (s->nframes == s->capframes) {
		size_t nc = s->capframes ? s->capframes * 2 : 8;

		s->frames = arena_grow(s->c->a, s->frames, s->nframes, nc, sizeof *s->frames);
		s->capframes = nc;
	}
	f = &s->frames[s->nframes++];
	memset(f, 0, sizeof *f);
	f->kind = k;
	f->op = o;
	f->tail = tail;
	s->tail = tail;
}

static void pop_frame(struct scan *s)
{
	s->nframes--;
	s->tail = s->nframes > 0 ? s->frames[s->nframes - 1].tail : s->file_tail;
}

static struct tmpl_op *compile_src(struct cctx *c, const struct tmpl_src *src, size_t start, size_t end);

/* The template files below root (up to 3 folders deep), as paths relative
 * to it, for the suggestion of an include not found. */
static void list_templates(struct arena *a, const char *root, const char *rel, int depth,
                           const char **names, size_t *n, size_t cap)
{
	const char *dirpath = rel[0] ? arena_printf(a, "%s/%s", root, rel) : root;
	DIR *d = opendir(dirpath);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL && *n < cap) {
		const char *sub = rel[0] ? arena_printf(a, "%s/%s", rel, de->d_name) : de->d_name;
		size_t l = strlen(de->d_name);
		struct stat sb;

		if (de->d_name[0] == '.')
			continue;
		if (l > 3 && strcmp(de->d_name + l - 3, ".md") == 0)
			names[(*n)++] = arena_strdup(a, sub);
		else if (depth < 3 && stat(arena_printf(a, "%s/%s", root, sub), &sb) == 0 &&
		         S_ISDIR(sb.st_mode))
			list_templates(a, root, sub, depth + 1, names, n, cap);
	}
	closedir(d);
}

/* " (did you mean 'partials/en/locator.md'?)" for an include not found, or "". */
static const char *near_include(struct arena *a, const char *root, const char *rel)
{
	enum { CAP = 512 };
	const char **names = arena_calloc(a, CAP, sizeof *names);
	size_t n = 0, i;

	list_templates(a, root, "", 0, names, &n, CAP);
	/* the same order on every file system */
	for (i = 1; i < n; i++) {
		const char *x = names[i];
		size_t j = i;

		for (; j > 0 && strcmp(names[j - 1], x) > 0; j--)
			names[j] = names[j - 1];
		names[j] = x;
	}
	/* near: at most a third of the file's own name apart (the folders the
	 * paths share do not make two names alike) */
	{
		const char *base = strrchr(rel, '/'), *best = NULL;
		size_t limit = strlen(base ? base + 1 : rel) / 3 + 1, bd = (size_t)-1, dd;

		for (i = 0; i < n; i++) {
			dd = text_distance(rel, names[i], false, TEXTDIST_MAX);
			if (dd < bd)
				bd = dd, best = names[i];
		}
		return tmpl_meant(a, bd <= limit ? best : NULL);
	}
}

static void do_include(struct scan *s, struct parser *p)
{
	struct cctx *c = s->c;
	struct token *t = next(p);
	char *rel, *path;
	struct buf b = { 0 };
	struct tmpl_src *inc;
	struct tmpl_op *ops;
	size_t i;

	if (t->kind != T_STR) {
		cerr(p, t->pos, "include needs a \"path\", found %s", tok_show(p, t));
		return;
	}
	if (peek(p)->kind != T_END) {
		cerr(p, peek(p)->pos, "unexpected %s after the include path", tok_show(p, peek(p)));
		return;
	}
	rel = unescape(c->a, t->s, t->len);
	if (c->root == NULL) {
		tmpl_err(t->pos, "include \"%s\": no templates folder to include from", rel);
		return;
	}
	path = arena_printf(c->a, "%s/%s", c->root, rel);
	for (i = 0; i < c->nchain; i++) {
		if (strcmp(c->chain[i], path) == 0) {
			struct buf msg = { 0 };
			size_t j;

			for (j = i; j < c->nchain; j++)
				buf_printf(&msg, "%s -> ", c->chain[j]);
			buf_puts(&msg, path);
			tmpl_err(t->pos, "include cycle: %s", buf_cstr(&msg));
			buf_free(&msg);
			return;
		}
	}
	if (c->nchain >= TMPL_MAX_INCLUDE_DEPTH) {
		tmpl_err(t->pos, "includes nested more than %d deep", TMPL_MAX_INCLUDE_DEPTH);
		return;
	}
	if (buf_read_file(&b, path) != 0) {
		int e = errno;

		tmpl_err(t->pos, "include \"%s\" not found (%s: %s)%s", rel, path, strerror(e),
		         e == ENOENT ? near_include(c->a, c->root, rel) : "");
		buf_free(&b);
		return;
	}
	inc = tmpl_src_new(c->a, path, b.data ? b.data : "", b.len);
	buf_free(&b);
	if (inc == NULL)
		return;
	c->chain[c->nchain++] = path;
	c->open_outer += s->nframes;
	ops = compile_src(c, inc, 0, inc->len);
	c->open_outer -= s->nframes;
	c->nchain--;
	if (ops != NULL)
		append(s, ops);
}

static void statement(struct scan *s, size_t start, size_t end, struct tmpl_pos pos)
{
	struct parser p;
	struct token *kw;
	struct frame *top = s->nframes ? &s->frames[s->nframes - 1] : NULL;
	struct tmpl_op *o;

	if (!tokenize(s->c->a, s->src, start, end, &p))
		return;
	p.c = s->c;
	kw = next(&p);
	if (kw->kind == T_END) {
		tmpl_err(pos, "empty '{%% %%}' tag");
		return;
	}
	/* Blocks nested past the limit were reported once at the first of
	 * them; everything up to its end tag is skipped (no follow-on errors). */
	if (s->too_deep > 0) {
		if (tok_is(kw, T_NAME, "for") || tok_is(kw, T_NAME, "if"))
			s->too_deep++;
		else if (tok_is(kw, T_NAME, "endfor") || tok_is(kw, T_NAME, "endif"))
			s->too_deep--;
		return;
	}
	if ((tok_is(kw, T_NAME, "for") || tok_is(kw, T_NAME, "if")) &&
	    s->c->open_outer + s->nframes >= TMPL_MAX_NESTING) {
		tmpl_err(pos, "blocks nested too deep: more than %d '{%% for %%}' and '{%% if %%}' "
		         "open at once", TMPL_MAX_NESTING);
		s->too_deep = 1;
		return;
	}
	if (tok_is(kw, T_NAME, "for")) {
		struct token *var = next(&p), *in, *tab;

		o = new_op(s, TMPL_OP_FOR, pos);
		if (var->kind != T_NAME || strchr(tok_str(p.a, var), '.') || is_keyword(var)) {
			cerr(&p, var->pos, "expected a loop variable after 'for', found %s",
			     tok_show(&p, var));
			goto bad_for;
		}
		in = next(&p);
		if (!tok_is(in, T_NAME, "in")) {
			cerr(&p, in->pos, "expected 'in', found %s", tok_show(&p, in));
			goto bad_for;
		}
		tab = next(&p);
		if (tab->kind != T_NAME) {
			cerr(&p, tab->pos, "expected a table name after 'in', found %s",
			     tok_show(&p, tab));
			goto bad_for;
		}
		o->var = tok_str(p.a, var);
		o->table = tok_str(p.a, tab);
		o->table_off = tab->pos.off;
		if (tok_is(peek(&p), T_NAME, "where")) {
			next(&p);
			if ((o->where = parse_or(&p)) == NULL)
				goto bad_for;
		}
		if (tok_is(peek(&p), T_NAME, "limit")) {
			struct token *n;
			double v = -1;

			next(&p);
			n = next(&p);
			if (n->kind == T_NUM)
				fmt_parse_number(tok_str(p.a, n), &v);
			if (n->kind != T_NUM || !(v >= 0) || v != floor(v)) {
				cerr(&p, n->pos, "limit needs a whole number, found %s", tok_show(&p, n));
				goto bad_for;
			}
			/* beyond any table's size: no limit (and no undefined conversion) */
			o->limit = v > 1e9 ? 1000000000L : (long)v;
		}
		if (peek(&p)->kind != T_END) {
			cerr(&p, peek(&p)->pos, "unexpected %s in 'for'", tok_show(&p, peek(&p)));
			goto bad_for;
		}
		append(s, o);
		push_frame(s, FR_FOR, o, &o->body);
		return;
bad_for:
		/* keep the block open (its body goes nowhere) so that its
		 * endfor does not draw a second message */
		push_frame(s, FR_FOR, o, &o->body);
		return;
	}
	if (tok_is(kw, T_NAME, "if") || tok_is(kw, T_NAME, "elif")) {
		bool elif = kw->s[0] == 'e';
		struct tmpl_branch *br = arena_alloc(s->c->a, sizeof *br);

		if (elif && (top == NULL || top->kind != FR_IF)) {
			tmpl_err(pos, "'{%% elif %%}' without '{%% if %%}'");
			return;
		}
		if (elif && top->has_else) {
			tmpl_err(pos, "'{%% elif %%}' after '{%% else %%}'");
			return;
		}
		br->cond = parse_or(&p);
		if (br->cond != NULL && peek(&p)->kind != T_END) {
			cerr(&p, peek(&p)->pos, "unexpected %s after the condition",
			     tok_show(&p, peek(&p)));
			br->cond = NULL;
		}
		if (br->cond == NULL) {
			/* a bad condition: keep the block structure, drop the branch */
			if (elif) {
				top->br->next = NULL;
				top->tail = &br->body;
				s->tail = &br->body;
				return;
			}
			o = new_op(s, TMPL_OP_IF, pos);
			o->branches = br;
			push_frame(s, FR_IF, o, &br->body);
			s->frames[s->nframes - 1].br = br;
			return;
		}
		if (elif) {
			top->br->next = br;
			top->br = br;
			top->tail = &br->body;
			s->tail = &br->body;
			return;
		}
		o = new_op(s, TMPL_OP_IF, pos);
		o->branches = br;
		append(s, o);
		push_frame(s, FR_IF, o, &br->body);
		s->frames[s->nframes - 1].br = br;
		return;
	}
	if (tok_is(kw, T_NAME, "else")) {
		struct tmpl_branch *br;

		if (top == NULL || top->kind != FR_IF) {
			tmpl_err(pos, "'{%% else %%}' without '{%% if %%}'");
			return;
		}
		if (top->has_else) {
			tmpl_err(pos, "second '{%% else %%}' in one '{%% if %%}'");
			return;
		}
		br = arena_alloc(s->c->a, sizeof *br);
		top->br->next = br;
		top->br = br;
		top->has_else = true;
		top->tail = &br->body;
		s->tail = &br->body;
		return;
	}
	if (tok_is(kw, T_NAME, "endif") || tok_is(kw, T_NAME, "endfor")) {
		enum frame_kind k = kw->s[3] == 'i' ? FR_IF : FR_FOR;

		if (top == NULL || top->kind != k) {
			if (top != NULL)
				tmpl_err(pos, "'{%% %s %%}' closes nothing: the open block is '{%% %s %%}'",
				     k == FR_IF ? "endif" : "endfor", top->kind == FR_IF ? "if" : "for");
			else
				tmpl_err(pos, "'{%% %s %%}' without '{%% %s %%}'",
				     k == FR_IF ? "endif" : "endfor", k == FR_IF ? "if" : "for");
			return;
		}
		if (peek(&p)->kind != T_END) {
			cerr(&p, peek(&p)->pos, "unexpected %s", tok_show(&p, peek(&p)));
			return;
		}
		pop_frame(s);
		return;
	}
	if (tok_is(kw, T_NAME, "include")) {
		do_include(s, &p);
		return;
	}
	{
		static const char *const stmts[] = { "for", "endfor", "if", "elif", "else",
		                                     "endif", "include" };
		char *name = tok_str(p.a, kw);

		tmpl_err(kw->pos, "unknown statement '%s'%s", name,
		     tmpl_meant(p.a, tmpl_suggest(name, stmts, sizeof stmts / sizeof stmts[0])));
	}
}

static void expression(struct scan *s, size_t start, size_t end, struct tmpl_pos pos)
{
	struct parser p;
	struct tmpl_op *o;

	if (!tokenize(s->c->a, s->src, start, end, &p))
		return;
	p.c = s->c;
	if (p.n == 0) {
		tmpl_err(pos, "empty '{{ }}'");
		return;
	}
	o = new_op(s, TMPL_OP_EXPR, pos);
	if ((o->expr = parse_value(&p)) == NULL)
		return;
	if (!parse_filter_chain(&p, &o->filters, &o->nfilters))
		return;
	if (peek(&p)->kind != T_END) {
		cerr(&p, peek(&p)->pos, "expected '|' or '}}', found %s", tok_show(&p, peek(&p)));
		return;
	}
	append(s, o);
}

static bool blank_span(const char *s, size_t a, size_t b)
{
	for (; a < b; a++)
		if (s[a] != ' ' && s[a] != '\t' && s[a] != '\r')
			return false;
	return true;
}

static size_t find2(const char *s, size_t from, size_t to, char c1, char c2)
{
	size_t i;

	for (i = from; i + 1 < to; i++)
		if (s[i] == c1 && s[i + 1] == c2)
			return i;
	return (size_t)-1;
}

static struct tmpl_op *compile_src(struct cctx *c, const struct tmpl_src *src, size_t start, size_t end)
{
	struct scan s = { 0 };
	const char *t = src->text;
	size_t pos = start, lit = start;
	size_t line_s = 0, line_e = 0;   /* the line of the last tag: [line_s, line_e) */
	bool have_line = false;
	const size_t *ov;

	s.c = c;
	s.src = src;
	s.tail = &s.head;
	s.file_tail = &s.head;
	while (pos < end && (ov = tmpl_rx_match(TMPL_RX_TAG, t, end, pos)) != NULL) {
		size_t ms = ov[0], me = ov[1], le, close, ls, lit_end, after;
		bool stmt;

		if (t[ms] == '\\') {
			pos = me;
			continue;
		}
		if (t[ms] == '}') {
			emit_text(&s, lit, ms);
			tmpl_err((struct tmpl_pos){ src, ms }, "stray '}}' (no '{{' before it)");
			lit = pos = me;
			continue;
		}
		stmt = t[ms + 1] == '%';
		/* the line's bounds once per line: a line of many tags stays linear */
		if (!have_line || ms < line_s || ms >= line_e) {
			line_s = ms;
			while (line_s > start && t[line_s - 1] != '\n')
				line_s--;
			line_e = me;
			while (line_e < end && t[line_e] != '\n')
				line_e++;
			have_line = true;
		}
		le = line_e;
		close = find2(t, me, le, stmt ? '%' : '}', '}');
		if (close == (size_t)-1) {
			emit_text(&s, lit, ms);
			tmpl_err((struct tmpl_pos){ src, ms }, "unclosed '%s': no '%s' on this line",
			     stmt ? "{%" : "{{", stmt ? "%}" : "}}");
			lit = pos = le;
			continue;
		}
		after = close + 2;
		lit_end = ms;
		if (stmt) {
			ls = line_s;
			if (blank_span(t, ls, ms) && blank_span(t, after, le)) {
				lit_end = ls;
				after = le < end ? le + 1 : le;
			}
		}
		emit_text(&s, lit, lit_end);
		if (stmt)
			statement(&s, me, close, (struct tmpl_pos){ src, ms });
		else
			expression(&s, me, close, (struct tmpl_pos){ src, ms });
		lit = pos = after;
	}
	emit_text(&s, lit, end);
	while (s.nframes > 0) {
		struct frame *f = &s.frames[s.nframes - 1];

		if (s.too_deep > 0) {   /* reported already: the nesting */
			pop_frame(&s);
			continue;
		}
		tmpl_err(f->op->pos, "'{%% %s %%}' is never closed (missing '{%% %s %%}')",
		     f->kind == FR_FOR ? "for" : "if", f->kind == FR_FOR ? "endfor" : "endif");
		pop_frame(&s);
	}
	return s.head;
}

/* ---- front matter and documents ---- */

static size_t line_end(const struct tmpl_src *src, size_t off)
{
	while (off < src->len && src->text[off] != '\n')
		off++;
	return off;
}

static bool is_dashes(const struct tmpl_src *src, size_t ls, size_t le)
{
	if (le > ls && src->text[le - 1] == '\r')
		le--;
	return le - ls == 3 && memcmp(src->text + ls, "---", 3) == 0;
}

/* Front matter at the start of src; returns the offset where the body starts. */
static size_t front_matter(struct cctx *c, struct tmpl *t, const struct tmpl_src *src)
{
	static const char *const keys[] = { "title", "subtitle", "author", "date", "keywords",
	                                    "running_title", "subject", "edition_note" };
	size_t ls = 0, le = line_end(src, 0), cap = 8;
	const size_t *ov;

	if (!is_dashes(src, 0, le))
		return 0;
	t->front = arena_calloc(c->a, cap, sizeof *t->front);
	for (ls = le + 1; ls < src->len; ls = le + 1) {
		size_t k;
		char *key;
		struct tmpl_front *e;

		le = line_end(src, ls);
		if (is_dashes(src, ls, le))
			return le < src->len ? le + 1 : le;
		if (blank_span(src->text, ls, le))
			continue;
		ov = tmpl_rx_match(TMPL_RX_KV, src->text + ls, le - ls, 0);
		if (ov == NULL) {
			tmpl_err((struct tmpl_pos){ src, ls }, "front matter line is not 'key: value'");
			continue;
		}
		key = arena_strndup(c->a, src->text + ls + ov[2], ov[3] - ov[2]);
		for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if (strcmp(key, keys[k]) == 0)
				break;
		if (k == sizeof keys / sizeof keys[0]) {
			tmpl_err((struct tmpl_pos){ src, ls }, "unknown front matter key '%s'%s", key,
			     tmpl_meant(c->a, tmpl_suggest(key, keys, sizeof keys / sizeof keys[0])));
			continue;
		}
		if (t->nfront == cap) {
			t->front = arena_grow(c->a, t->front, t->nfront, cap * 2, sizeof *t->front);
			cap *= 2;
		}
		e = &t->front[t->nfront++];
		e->key = key;
		e->pos = (struct tmpl_pos){ src, ls };
		e->value = compile_src(c, src, ls + ov[4], ls + ov[5]);
	}
	tmpl_err((struct tmpl_pos){ src, 0 }, "front matter is never closed (missing '---' line)");
	return src->len;
}

struct tmpl *tmpl_new(struct arena *a, const char *name, const char *lang,
                      const char *templates_root)
{
	struct tmpl *t = arena_alloc(a, sizeof *t);

	t->name = arena_strdup(a, name);
	if (i18n_lang_parse(lang, &t->lang) != 0) {
		struct srcloc loc = { t->name, 0, 0 };

		diag_error(&loc, EXIT_DATA, "unknown language '%s' (en or es)", lang ? lang : "(null)");
		return NULL;
	}
	t->a = a;
	t->root = templates_root;
	t->chain = arena_calloc(a, TMPL_MAX_INCLUDE_DEPTH + 1, sizeof *t->chain);
	t->tail = &t->ops;
	t->memo = arena_calloc(a, 1, sizeof *t->memo);
	return t;
}

int tmpl_add_file(struct tmpl *t, const struct tmpl_src *src)
{
	struct cctx c = { 0 };
	bool first = t->nfiles++ == 0;
	size_t body;
	int before = diag_errors();

	c.a = t->a;
	c.root = t->root;
	c.chain = t->chain;
	body = first ? front_matter(&c, t, src) : 0;
	if (!first) {
		/* a blank line between files: a paragraph never runs across files */
		struct tmpl_op *sep = arena_alloc(c.a, sizeof *sep);

		sep->kind = TMPL_OP_TEXT;
		sep->pos = (struct tmpl_pos){ src, 0 };
		sep->text = "\n\n";
		sep->len = 2;
		*t->tail = sep;
		t->tail = &sep->next;
	}
	c.chain[0] = src->name;
	c.nchain = 1;
	*t->tail = compile_src(&c, src, body, src->len);
	while (*t->tail != NULL)
		t->tail = &(*t->tail)->next;
	return diag_errors() > before ? -1 : 0;
}
