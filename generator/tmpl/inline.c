/*
 * tmpl/inline.c: layer 4 of the template stage (parse.h): the markup inside
 * a block: emphasis, escapes, links,
 * footnote calls, cross-references, forced line breaks. A small scanner:
 * nested emphasis (***x***, **a *b***) is easier to get right by hand than
 * with a regular expression. Calls bctx.c (messages) and expand.c
 * (positions); block.c calls it.
 */
#include "parse.h"
#include "base/base.h"

#include <string.h>

struct iscan {
	struct tmpl_bctx *b;
	struct doc_node *n;
	bool plain;             /* no notes or cross-references recorded */
	struct buf cur;
	unsigned style;
	size_t opened[2];       /* where italic / bold was opened (offsets) */
	int notes;              /* footnote calls so far (TMPL_MAX_NOTES_PER_PARA) */
};

static void flush(struct iscan *s)
{
	if (s->cur.len == 0)
		return;
	doc_add_run(s->b->a, s->n, RUN_TEXT, s->style,
	            arena_strndup(s->b->a, s->cur.data, s->cur.len));
	buf_clear(&s->cur);
}

static bool is_punct(char c)
{
	return c != '\0' && strchr("\\`*_{}[]()#+-.!|>:\"'~<=@^%$&,;/?", c) != NULL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0';
}

/* The closing ']' of a bracket opened at i, within [i, end); -1 if none. */
static long close_bracket(const char *t, size_t i, size_t end)
{
	size_t j;

	for (j = i + 1; j < end; j++) {
		if (t[j] == '\\' && j + 1 < end) {
			j++;
			continue;
		}
		if (t[j] == ']')
			return (long)j;
		if (t[j] == '[')
			return -1;
	}
	return -1;
}

static char *unescape_span(struct arena *a, const char *t, size_t i, size_t j)
{
	char *o = arena_alloc(a, j - i + 1), *q = o;

	for (; i < j; i++) {
		if (t[i] == '\\' && i + 1 < j && is_punct(t[i + 1]))
			i++;
		if (t[i] != '*')
			*q++ = t[i];
	}
	*q = '\0';
	return o;
}

static void emphasis(struct iscan *s, const char *t, size_t i, size_t k, size_t lo, size_t end)
{
	unsigned bits = k == 1 ? RUN_ITALIC : k == 2 ? RUN_BOLD : (RUN_ITALIC | RUN_BOLD);
	bool can_open = i + k < end && !is_space(t[i + k]);
	bool can_close = i > lo && !is_space(t[i - 1]);

	if (can_close && (s->style & bits) == bits) {
		flush(s);
		s->style &= ~bits;
	} else if (can_open && (s->style & bits) == 0) {
		flush(s);
		s->style |= bits;
		if (bits & RUN_ITALIC)
			s->opened[0] = i;
		if (bits & RUN_BOLD)
			s->opened[1] = i;
	} else if (can_close && (s->style & bits) != 0) {
		/* "***" closing one style and opening the other */
		flush(s);
		s->style ^= bits;
		if (s->style & RUN_ITALIC & bits)
			s->opened[0] = i;
		if (s->style & RUN_BOLD & bits)
			s->opened[1] = i;
	} else {
		buf_add(&s->cur, t + i, k);
	}
}

static void scan_range(struct iscan *s, size_t lo, size_t end)
{
	struct tmpl_bctx *b = s->b;
	const char *t = b->text;
	size_t i = lo;

	while (i < end) {
		char c = t[i];

		if (c == '\\') {
			if (i + 1 < end && t[i + 1] == '\\' && (i + 2 >= end || s->plain)) {
				flush(s);
				doc_add_run(b->a, s->n, RUN_BREAK, s->style, "");
				i += 2;
				continue;
			}
			if (i + 1 < end && is_punct(t[i + 1])) {
				buf_putc(&s->cur, t[i + 1]);
				i += 2;
				continue;
			}
			buf_putc(&s->cur, c);
			i++;
			continue;
		}
		if (c == '*') {
			size_t k = 1;

			while (i + k < end && t[i + k] == '*')
				k++;
			if (k <= 3)
				emphasis(s, t, i, k, lo, end);
			else
				buf_add(&s->cur, t + i, k);
			i += k;
			continue;
		}
		if (c == '[') {
			long j = close_bracket(t, i, end);

			if (j > (long)i + 1 && (t[i + 1] == '^' || t[i + 1] == '@') && !s->plain) {
				char *id = arena_strndup(b->a, t + i + 2, (size_t)j - i - 2);
				struct tmpl_pos pos = tmpl_rctx_pos(b->r, i);

				if (id[0] != '\0' && strpbrk(id, " \t") == NULL) {
					flush(s);
					bool over = t[i + 1] == '^' &&
					            ++s->notes > TMPL_MAX_NOTES_PER_PARA;

					if (over && s->notes == TMPL_MAX_NOTES_PER_PARA + 1) {
						tmpl_bctx_error(b, i, "more than %d footnote calls "
						                "in one paragraph",
						                TMPL_MAX_NOTES_PER_PARA);
					} else if (over) {
						/* reported at the first one past the limit */
					} else if (t[i + 1] == '^') {
						struct tmpl_note_call *nc;

						doc_add_run(b->a, s->n, RUN_NOTEREF, s->style, "");
						if (b->ncalls == b->capcalls) {
							size_t nc2 = b->capcalls ? b->capcalls * 2 : 16;

							b->calls = arena_grow(b->a, b->calls, b->ncalls, nc2,
							                      sizeof *b->calls);
							b->capcalls = nc2;
						}
						nc = &b->calls[b->ncalls++];
						nc->node = s->n;
						nc->run = s->n->nruns - 1;
						nc->id = id;
						nc->src = pos.src;
						nc->pos = pos;
					} else {
						struct tmpl_xref *x;
						struct doc_run *r;

						r = doc_add_run(b->a, s->n, RUN_XREF, s->style, "?");
						r->target = id;
						if (b->nxrefs == b->capxrefs) {
							size_t nc2 = b->capxrefs ? b->capxrefs * 2 : 16;

							b->xrefs = arena_grow(b->a, b->xrefs, b->nxrefs, nc2,
							                      sizeof *b->xrefs);
							b->capxrefs = nc2;
						}
						x = &b->xrefs[b->nxrefs++];
						x->node = s->n;
						x->run = s->n->nruns - 1;
						x->pos = pos;
					}
					i = (size_t)j + 1;
					continue;
				}
			}
			if (j > (long)i && (size_t)j + 1 < end && t[j + 1] == '(') {
				size_t k = (size_t)j + 2;

				while (k < end && t[k] != ')' && !is_space(t[k]))
					k++;
				if (k < end && t[k] == ')' && k > (size_t)j + 2) {
					struct doc_run *r;

					flush(s);
					r = doc_add_run(b->a, s->n, RUN_LINK, s->style,
					                unescape_span(b->a, t, i + 1, (size_t)j));
					r->target = arena_strndup(b->a, t + j + 2, k - (size_t)j - 2);
					i = k + 1;
					continue;
				}
			}
		}
		buf_putc(&s->cur, c);
		i++;
	}
}

static void run_inline(struct iscan *s, const struct tmpl_range *r, size_t nr)
{
	size_t k, lo, hi;

	for (k = 0; k < nr; k++) {
		lo = r[k].start;
		hi = r[k].end;
		while (lo < hi && (s->b->text[lo] == ' ' || s->b->text[lo] == '\t'))
			lo++;
		while (hi > lo && is_space(s->b->text[hi - 1]) &&
		       !(hi - lo >= 2 && s->b->text[hi - 2] == '\\' && s->b->text[hi - 1] == '\\'))
			hi--;
		if (k > 0 && (s->cur.len > 0 || s->n->nruns > 0) &&
		    !(s->n->nruns > 0 && s->cur.len == 0 &&
		      s->n->runs[s->n->nruns - 1].kind == RUN_BREAK))
			buf_putc(&s->cur, ' ');
		scan_range(s, lo, hi);
	}
	flush(s);
	if (s->style & RUN_BOLD)
		tmpl_bctx_error(s->b, s->opened[1], "'**' opens bold text that is never closed");
	if (s->style & RUN_ITALIC)
		tmpl_bctx_error(s->b, s->opened[0], "'*' opens italic text that is never closed");
	buf_free(&s->cur);
}

void tmpl_inline_parse(struct tmpl_bctx *b, struct doc_node *n, const struct tmpl_range *r, size_t nr)
{
	struct iscan s = { 0 };

	s.b = b;
	s.n = n;
	run_inline(&s, r, nr);
}

char *tmpl_inline_plain(struct tmpl_bctx *b, size_t start, size_t end)
{
	struct iscan s = { 0 };
	struct doc_node tmp = { 0 };
	struct tmpl_range r = { start, end };
	struct buf o = { 0 };
	size_t i;
	char *res;

	s.b = b;
	s.n = &tmp;
	s.plain = true;
	run_inline(&s, &r, 1);
	for (i = 0; i < tmp.nruns; i++) {
		if (tmp.runs[i].kind == RUN_BREAK)
			buf_putc(&o, '\n');
		else
			buf_puts(&o, tmp.runs[i].text);
	}
	res = arena_strdup(b->a, buf_cstr(&o));
	buf_free(&o);
	return res;
}
