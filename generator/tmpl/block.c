/*
 * tmpl/block.c: layer 4 of the template stage (parse.h): the prose markup of
 * the expanded text -> doc tree.
 * Line oriented: headings, paragraphs (with a style line), lists, block
 * quotes, footnote definitions, \pagebreak, \toc, and the fenced directives
 * (::: table, ::: chart, ::: cover, ::: pullquote). Calls inline.c and
 * bctx.c; evaluates chart keys through eval.h, their compiled forms from the
 * template's memo (compile.h): a chart's `where:`, `highlight:` and
 * `format:` are compiled once per template, not once per document.
 */
#include "parse.h"
#include "base/base.h"
#include "figures/figures.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- lines ---- */

static size_t lend(const struct tmpl_bctx *b, size_t off)
{
	const char *nl = memchr(b->text + off, '\n', b->len - off);

	return nl ? (size_t)(nl - b->text) : b->len;
}

static size_t lnext(const struct tmpl_bctx *b, size_t le)
{
	return le < b->len ? le + 1 : le;
}

/* Line end without a trailing '\r'. */
static size_t ltrim_end(const struct tmpl_bctx *b, size_t ls, size_t le)
{
	while (le > ls && (b->text[le - 1] == '\r' || b->text[le - 1] == ' ' ||
	                   b->text[le - 1] == '\t'))
		le--;
	return le;
}

static bool blank(const struct tmpl_bctx *b, size_t ls, size_t le)
{
	return ltrim_end(b, ls, le) == ls ||
	       (ls < le && strspn(b->text + ls, " \t\r") >= le - ls);
}

/* A line left empty only because its tags expanded to nothing (a false
 * "{% if %}...{% endif %}" line): it neither ends a paragraph nor adds to
 * it. A blank line of the template itself still separates blocks. */
static bool invisible(const struct tmpl_bctx *b, size_t ls, size_t le)
{
	size_t at, s, e;
	struct tmpl_pos p;

	if (!blank(b, ls, le) || ls >= b->len)
		return false;
	at = le < b->len ? le : ls;
	if (!tmpl_rctx_literal(b->r, at))
		return false;
	p = tmpl_rctx_pos(b->r, at);
	if (p.src == NULL || p.off >= p.src->len)
		return false;
	for (s = p.off; s > 0 && p.src->text[s - 1] != '\n'; s--)
		;
	for (e = p.off; e < p.src->len && p.src->text[e] != '\n'; e++)
		;
	for (; s < e; s++)
		if (p.src->text[s] != ' ' && p.src->text[s] != '\t' && p.src->text[s] != '\r')
			return true;
	return false;
}

static const size_t *match_line(const struct tmpl_bctx *b, enum tmpl_rx id, size_t ls, size_t le)
{
	return tmpl_rx_match(id, b->text + ls, ltrim_end(b, ls, le) - ls, 0);
}

static bool line_is(const struct tmpl_bctx *b, size_t ls, size_t le, const char *word)
{
	size_t n = strlen(word);

	while (ls < le && (b->text[ls] == ' ' || b->text[ls] == '\t'))
		ls++;
	le = ltrim_end(b, ls, le);
	return le - ls == n && memcmp(b->text + ls, word, n) == 0;
}

static struct doc_node *container(struct tmpl_bctx *b)
{
	int l;

	for (l = 3; l >= 1; l--)
		if (b->sec[l] != NULL)
			return b->sec[l];
	return b->doc->root;
}

static struct doc_node *add(struct tmpl_bctx *b, struct doc_node *parent, enum doc_kind k,
                            size_t off)
{
	struct srcloc loc = tmpl_bctx_loc(b, off);

	return doc_add(b->a, parent, k, &loc);
}

static bool is_block_start(struct tmpl_bctx *b, size_t ls, size_t le)
{
	char c = b->text[ls];

	if (c == '#' && match_line(b, TMPL_RX_HEADING, ls, le))
		return true;
	if (c == ':' && le - ls >= 3 && memcmp(b->text + ls, ":::", 3) == 0)
		return true;
	if (c == '>')
		return true;
	if (line_is(b, ls, le, "\\pagebreak") || line_is(b, ls, le, "\\toc"))
		return true;
	if (c == '[' && match_line(b, TMPL_RX_FNDEF, ls, le))
		return true;
	return match_line(b, TMPL_RX_LIST, ls, le) != NULL;
}

/* ---- paragraphs ---- */

static const struct { const char *name; unsigned flag; } para_classes[] = {
	{ "ragged", DOC_F_RAGGED }, { "lead", DOC_F_LEAD }, { "small", DOC_F_SMALL },
	{ "center", DOC_F_CENTER },
};

static void para_class(struct tmpl_bctx *b, struct doc_node *p, size_t ls, size_t le)
{
	size_t i = ls;

	while (i < le) {
		size_t j, k;

		while (i < le && b->text[i] != '.')
			i++;
		if (i >= le)
			break;
		for (j = i + 1; j < le && b->text[j] != ' ' && b->text[j] != '\t' &&
		     b->text[j] != '}'; j++)
			;
		for (k = 0; k < sizeof para_classes / sizeof para_classes[0]; k++) {
			if (strlen(para_classes[k].name) == j - i - 1 &&
			    memcmp(para_classes[k].name, b->text + i + 1, j - i - 1) == 0) {
				p->flags |= para_classes[k].flag;
				break;
			}
		}
		if (k == sizeof para_classes / sizeof para_classes[0])
			tmpl_bctx_error(b, i, "unknown paragraph style '%.*s' (.ragged, .lead, .small, "
			           ".center)", (int)(j - i), b->text + i);
		i = j;
	}
}

/* Lines of a paragraph from off; stops at a blank line or a block start.
 * Returns the offset after the paragraph. */
static size_t collect_lines(struct tmpl_bctx *b, size_t off, struct tmpl_range **rs, size_t *nr,
                            size_t *class_line)
{
	size_t cap = 8, ls = off, le;

	*rs = arena_calloc(b->a, cap, sizeof **rs);
	*nr = 0;
	*class_line = (size_t)-1;
	while (ls < b->len) {
		le = lend(b, ls);
		if (invisible(b, ls, le)) {
			ls = lnext(b, le);
			continue;
		}
		if (blank(b, ls, le))
			break;
		if (*nr > 0 && is_block_start(b, ls, le))
			break;
		if (*nr > 0 && b->text[ls] == '{' && match_line(b, TMPL_RX_CLASS, ls, le)) {
			*class_line = ls;
			ls = lnext(b, le);
			break;
		}
		if (*nr == cap) {
			*rs = arena_grow(b->a, *rs, *nr, cap * 2, sizeof **rs);
			cap *= 2;
		}
		(*rs)[*nr].start = ls;
		(*rs)[*nr].end = le;
		(*nr)++;
		ls = lnext(b, le);
	}
	return ls;
}

static size_t paragraph(struct tmpl_bctx *b, size_t off, struct doc_node *parent)
{
	struct tmpl_range *rs;
	size_t nr, cls, next;
	struct doc_node *p;

	if (b->text[off] == '{' && match_line(b, TMPL_RX_CLASS, off, lend(b, off))) {
		tmpl_bctx_error(b, off, "a paragraph style line must follow the paragraph directly");
		return lnext(b, lend(b, off));
	}
	next = collect_lines(b, off, &rs, &nr, &cls);
	p = add(b, parent, DOC_PARA, off);
	tmpl_inline_parse(b, p, rs, nr);
	if (cls != (size_t)-1)
		para_class(b, p, cls, lend(b, cls));
	return next;
}

/* ---- headings ---- */

static size_t heading(struct tmpl_bctx *b, size_t ls, size_t le, const size_t *ov)
{
	int level = (int)(ov[3] - ov[2]), l;
	struct doc_node *parent, *s;
	struct tmpl_range r = { ls + ov[4], ls + ov[5] };
	size_t as = ls + ov[6], ae = ls + ov[7];
	bool has_attrs = ov[6] != PCRE2_UNSET;

	if (level > 3) {
		tmpl_bctx_error(b, ls, "heading level %d: only #, ## and ### are supported", level);
		return lnext(b, le);
	}
	if (level == 1)
		parent = b->doc->root;
	else if (level == 2)
		parent = b->sec[1] ? b->sec[1] : b->doc->root;
	else
		parent = b->sec[2] ? b->sec[2] : b->sec[1] ? b->sec[1] : b->doc->root;
	s = add(b, parent, DOC_SECTION, ls);
	s->level = level;
	s->flags = DOC_F_NUMBERED | (level == 1 ? DOC_F_NEWPAGE : 0);
	b->sec[level] = s;
	for (l = level + 1; l <= 3; l++)
		b->sec[l] = NULL;
	tmpl_inline_parse(b, s, &r, 1);
	if (!has_attrs)
		return lnext(b, le);
	while (as < ae) {
		size_t e;

		while (as < ae && (b->text[as] == ' ' || b->text[as] == '\t'))
			as++;
		if (as >= ae)
			break;
		for (e = as; e < ae && b->text[e] != ' ' && b->text[e] != '\t'; e++)
			;
		if (b->text[as] == '#' && e > as + 1) {
			tmpl_bctx_add_label(b, arena_strndup(b->a, b->text + as + 1, e - as - 1), s, as);
		} else if (e - as == 11 && memcmp(b->text + as, ".unnumbered", 11) == 0) {
			s->flags &= ~(unsigned)DOC_F_NUMBERED;
		} else if (e - as == 6 && memcmp(b->text + as, ".notoc", 6) == 0) {
			s->flags &= ~(unsigned)DOC_F_NUMBERED;
			s->flags |= DOC_F_NOTOC;
		} else if (e - as == 9 && memcmp(b->text + as, ".appendix", 9) == 0) {
			if (level != 1)
				tmpl_bctx_error(b, as, "'.appendix' is for chapters (level 1 headings)");
			else
				s->flags |= DOC_F_APPENDIX;
		} else if (e - as == 8 && memcmp(b->text + as, ".newpage", 8) == 0) {
			s->flags |= DOC_F_NEWPAGE;
		} else if (e - as == 8 && memcmp(b->text + as, ".columns", 8) == 0) {
			if (level != 1)
				tmpl_bctx_error(b, as, "'.columns' is for chapters (level 1 headings)");
			else
				s->flags |= DOC_F_COLUMNS;
		} else {
			tmpl_bctx_error(b, as, "unknown heading attribute '%.*s' (#label, .unnumbered, "
			           ".notoc, .appendix, .newpage, .columns)", (int)(e - as), b->text + as);
		}
		as = e;
	}
	return lnext(b, le);
}

/* ---- lists ---- */

static bool list_marker(struct tmpl_bctx *b, size_t ls, size_t le, size_t *indent, bool *ordered,
                        size_t *content)
{
	const size_t *ov = match_line(b, TMPL_RX_LIST, ls, le);

	if (ov == NULL)
		return false;
	*indent = ov[3] - ov[2];
	*ordered = b->text[ls + ov[4]] >= '0' && b->text[ls + ov[4]] <= '9';
	*content = ls + ov[6];
	return true;
}

static size_t list(struct tmpl_bctx *b, size_t off, struct doc_node *parent, size_t indent,
                   int depth)
{
	size_t ind, content, ls = off, le;
	bool ordered, ord0 = false;
	struct doc_node *l, *item = NULL;

	list_marker(b, off, lend(b, off), &ind, &ord0, &content);
	l = add(b, parent, DOC_LIST, off);
	if (ord0)
		l->flags |= DOC_F_ORDERED;
	while (ls < b->len) {
		le = lend(b, ls);
		if (invisible(b, ls, le)) {
			ls = lnext(b, le);
			continue;
		}
		if (blank(b, ls, le)) {
			/* a blank line ends the list unless another item follows */
			size_t ns = lnext(b, le), ne;

			while (ns < b->len && blank(b, ns, lend(b, ns)))
				ns = lnext(b, lend(b, ns));
			if (ns >= b->len)
				return ns;
			ne = lend(b, ns);
			if (!list_marker(b, ns, ne, &ind, &ordered, &content) || ind < indent ||
			    (ind == indent && ordered != ord0))
				return ns;
			ls = ns;
			continue;
		}
		if (!list_marker(b, ls, le, &ind, &ordered, &content))
			return ls;
		if (ind < indent || (ind == indent && ordered != ord0))
			return ls;
		if (ind > indent) {
			if (item == NULL || ind < indent + 2)
				return ls;
			if (depth >= 2)
				tmpl_bctx_error(b, ls, "lists nest one level only");
			ls = list(b, ls, item, ind, depth + 1);
			continue;
		}
		/* an item: its first line and any continuation lines */
		{
			struct tmpl_range *rs;
			size_t nr = 1, cap = 4, ns;
			struct doc_node *p;

			item = add(b, l, DOC_ITEM, ls);
			rs = arena_calloc(b->a, cap, sizeof *rs);
			rs[0].start = content;
			rs[0].end = le;
			for (ns = lnext(b, le); ns < b->len; ns = lnext(b, lend(b, ns))) {
				size_t ne = lend(b, ns);

				if (invisible(b, ns, ne))
					continue;
				if (blank(b, ns, ne) || is_block_start(b, ns, ne))
					break;
				if (nr == cap) {
					rs = arena_grow(b->a, rs, nr, cap * 2, sizeof *rs);
					cap *= 2;
				}
				rs[nr].start = ns;
				rs[nr].end = ne;
				nr++;
			}
			p = add(b, item, DOC_PARA, content);
			tmpl_inline_parse(b, p, rs, nr);
			ls = ns;
		}
	}
	return ls;
}

/* ---- quotes ---- */

static bool attribution_line(const struct tmpl_bctx *b, size_t s, size_t e)
{
	return (e - s >= 3 && memcmp(b->text + s, "-- ", 3) == 0) ||
	       (e - s >= 4 && memcmp(b->text + s, "\xe2\x80\x94 ", 4) == 0);
}

/* Paragraphs from stripped line ranges (empty range = paragraph break); a last
 * line "-- Name" is the attribution. */
static void quote_body(struct tmpl_bctx *b, struct doc_node *q, struct tmpl_range *rs, size_t nr)
{
	size_t i, first = 0, last = nr;

	while (last > 0 && rs[last - 1].start == rs[last - 1].end)
		last--;
	if (last > 0 && attribution_line(b, rs[last - 1].start, rs[last - 1].end)) {
		size_t s = rs[last - 1].start;

		s += b->text[s] == '-' ? 3 : 4;
		q->attribution = tmpl_inline_plain(b, s, rs[last - 1].end);
		last--;
	}
	for (i = 0; i <= last; i++) {
		if (i == last || rs[i].start == rs[i].end) {
			if (i > first) {
				struct doc_node *p = add(b, q, DOC_PARA, rs[first].start);

				tmpl_inline_parse(b, p, rs + first, i - first);
			}
			first = i + 1;
		}
	}
	if (q->first == NULL)
		tmpl_bctx_error(b, rs[0].start, "quotation without text");
}

static size_t blockquote(struct tmpl_bctx *b, size_t off, struct doc_node *parent)
{
	struct tmpl_range *rs;
	size_t nr = 0, cap = 8, ls = off, le;
	struct doc_node *q = add(b, parent, DOC_QUOTE, off);

	rs = arena_calloc(b->a, cap, sizeof *rs);
	while (ls < b->len && b->text[ls] == '>') {
		size_t s = ls + 1;

		le = lend(b, ls);
		if (s < le && b->text[s] == ' ')
			s++;
		if (nr == cap) {
			rs = arena_grow(b->a, rs, nr, cap * 2, sizeof *rs);
			cap *= 2;
		}
		rs[nr].start = s;
		rs[nr].end = blank(b, s, le) ? s : ltrim_end(b, s, le);
		nr++;
		ls = lnext(b, le);
	}
	quote_body(b, q, rs, nr);
	return ls;
}

/* ---- footnote definitions ---- */

static size_t footnote_def(struct tmpl_bctx *b, size_t ls, size_t le, const size_t *ov)
{
	struct tmpl_range *rs;
	size_t nr, cls, next, i;
	char *id = arena_strndup(b->a, b->text + ls + ov[2], ov[3] - ov[2]);
	size_t text_at = ls + ov[4];   /* ov is overwritten by the next match */
	struct tmpl_pos pos = tmpl_rctx_pos(b->r, ls);
	struct doc_node *note, *p;
	struct tmpl_note_def *d;

	(void)le;
	next = collect_lines(b, ls, &rs, &nr, &cls);
	rs[0].start = text_at;
	for (i = 0; i < b->ndefs; i++) {
		if (b->defs[i].src == pos.src && strcmp(b->defs[i].id, id) == 0) {
			tmpl_bctx_error(b, ls, "footnote '[^%s]' is defined twice (first at line %d)", id,
			           tmpl_pos_loc(b->defs[i].pos).line);
			return next;
		}
	}
	note = add(b, NULL, DOC_NOTE, ls);
	p = add(b, note, DOC_PARA, text_at);
	tmpl_inline_parse(b, p, rs, nr);
	if (b->ndefs == b->capdefs) {
		size_t nc = b->capdefs ? b->capdefs * 2 : 16;

		b->defs = arena_grow(b->a, b->defs, b->ndefs, nc, sizeof *b->defs);
		b->capdefs = nc;
	}
	d = &b->defs[b->ndefs++];
	d->id = id;
	d->src = pos.src;
	d->pos = pos;
	d->note = note;
	return next;
}

/* ---- directives ---- */

struct kv {
	const char *key;
	size_t ks, vs, ve;      /* offsets: key, value start, value end */
};

struct fence {
	size_t ls;              /* the opening line */
	char kind[16], sub[16];
	const char *label;
	size_t label_off;
	size_t body, body_end;  /* body lines [body, body_end) */
	size_t next;            /* after the closing ::: */
};

static const struct kv *kv_get(const struct kv *kvs, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(kvs[i].key, key) == 0)
			return &kvs[i];
	return NULL;
}

static char *kv_text(struct tmpl_bctx *b, const struct kv *k)
{
	return arena_strndup(b->a, b->text + k->vs, k->ve - k->vs);
}

/* Parse 'key: value' lines of a directive body; other lines are returned to
 * the caller through rest (NULL: they are errors). */
static struct kv *read_kvs(struct tmpl_bctx *b, const struct fence *f, const char *const *known,
                           size_t nknown, size_t *nkv, size_t *rest)
{
	size_t ls, le, cap = 8, k;
	struct kv *kvs = arena_calloc(b->a, cap, sizeof *kvs);
	const size_t *ov;

	*nkv = 0;
	if (rest)
		*rest = f->body_end;
	for (ls = f->body; ls < f->body_end; ls = lnext(b, le)) {
		le = lend(b, ls);
		if (blank(b, ls, le))
			continue;
		if (rest && (b->text[ls] == '|' || b->text[ls] == ' ')) {
			*rest = ls;
			return kvs;
		}
		ov = match_line(b, TMPL_RX_KV, ls, le);
		if (ov == NULL) {
			tmpl_bctx_error(b, ls, "expected 'key: value' in '::: %s'", f->kind);
			continue;
		}
		if (*nkv == cap) {
			kvs = arena_grow(b->a, kvs, *nkv, cap * 2, sizeof *kvs);
			cap *= 2;
		}
		kvs[*nkv].key = arena_strndup(b->a, b->text + ls + ov[2], ov[3] - ov[2]);
		kvs[*nkv].ks = ls;
		kvs[*nkv].vs = ls + ov[4];
		kvs[*nkv].ve = ls + ov[5];
		for (k = 0; k < nknown; k++)
			if (strcmp(kvs[*nkv].key, known[k]) == 0)
				break;
		if (k == nknown) {
			tmpl_bctx_error(b, ls, "unknown key '%s' in '::: %s'%s", kvs[*nkv].key, f->kind,
			           tmpl_meant(b->a, tmpl_suggest(kvs[*nkv].key, known, nknown)));
			continue;
		}
		if (kv_get(kvs, *nkv, kvs[*nkv].key) != NULL) {
			tmpl_bctx_error(b, ls, "key '%s' given twice", kvs[*nkv].key);
			continue;
		}
		(*nkv)++;
	}
	return kvs;
}

static void caption_source(struct tmpl_bctx *b, struct doc_node *n, const struct kv *kvs, size_t nkv)
{
	const struct kv *k;

	if ((k = kv_get(kvs, nkv, "caption")) != NULL) {
		struct tmpl_range r = { k->vs, k->ve };

		tmpl_inline_parse(b, n, &r, 1);
	}
	if ((k = kv_get(kvs, nkv, "source")) != NULL)
		tmpl_bctx_error(b, k->vs, "a typed source line: the source line is generated from "
		                "the source ids of the rows the block draws; remove 'source:' "
		                "(templates/SYNTAX.md, Source lines)");
}

/* Generate the source line of n from what it draws, then check the ids
 * 'sources:' names: each must be one a drawn row carries. */
static void finish_source(struct tmpl_bctx *b, struct doc_node *n, struct tmpl_drawn *d,
                          const struct kv *kvs, size_t nkv)
{
	const struct kv *k = kv_get(kvs, nkv, "sources");
	const struct kv *note = kv_get(kvs, nkv, "note");

	tmpl_source_line(b, n, d);
	if (note != NULL) {
		/* how, never where from: after the generated citations */
		const char *txt = tmpl_inline_plain(b, note->vs, note->ve);

		n->source = n->source ? arena_printf(b->a, "%s. %s", n->source, txt) : txt;
	}
	if (k != NULL) {
		char *list = kv_text(b, k), *tok, *save = NULL;

		for (tok = strtok_r(list, " \t,;", &save); tok != NULL;
		     tok = strtok_r(NULL, " \t,;", &save))
			if (!fig_sources_has(n->source_ids, tok))
				tmpl_bctx_error(b, k->vs + (size_t)(tok - list),
				                "cites source '%s', which none of the rows drawn here "
				                "carries (they carry: %s)", tok,
				                *n->source_ids ? n->source_ids : "none");
	}
}

/* Cells of a pipe row [ls, le): offsets of each trimmed cell. */
static size_t split_row(struct tmpl_bctx *b, size_t ls, size_t le, struct tmpl_range **out)
{
	size_t n = 0, cap = 8, i, s;
	struct tmpl_range *c = arena_calloc(b->a, cap, sizeof *c);

	le = ltrim_end(b, ls, le);
	while (ls < le && (b->text[ls] == ' ' || b->text[ls] == '\t'))
		ls++;
	if (ls < le && b->text[ls] == '|')
		ls++;
	s = ls;
	for (i = ls; i <= le; i++) {
		if (i < le && b->text[i] == '\\' && i + 1 < le) {
			i++;
			continue;
		}
		if (i == le || b->text[i] == '|') {
			size_t a = s, z = i;

			if (i == le && blank(b, s, le) && n > 0)
				break;     /* nothing after the last '|' */
			while (a < z && (b->text[a] == ' ' || b->text[a] == '\t'))
				a++;
			while (z > a && (b->text[z - 1] == ' ' || b->text[z - 1] == '\t'))
				z--;
			if (n == cap) {
				c = arena_grow(b->a, c, n, cap * 2, sizeof *c);
				cap *= 2;
			}
			c[n].start = a;
			c[n].end = z;
			n++;
			s = i + 1;
		}
	}
	*out = c;
	return n;
}

static bool dashes_only(struct tmpl_bctx *b, const struct tmpl_range *c, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (c[i].end == c[i].start)
			return false;
		for (j = c[i].start; j < c[i].end; j++)
			if (b->text[j] != '-' && b->text[j] != ':')
				return false;
	}
	return true;
}

static void table_directive(struct tmpl_bctx *b, const struct fence *f, struct doc_node *parent)
{
	static const char *const known[] = { "caption", "source", "group", "sources", "note" };
	struct doc_node *n = add(b, parent, DOC_TABLE, f->ls);
	struct doc_table *t = arena_alloc(b->a, sizeof *t);
	size_t nkv, rows_at, ls, le, nrow = 0, caprows = 16, j;
	struct kv *kvs = read_kvs(b, f, known, 5, &nkv, &rows_at);
	struct tmpl_drawn drawn = { 0 };
	const struct kv *k;
	bool have_align = false, rule = false;
	struct tmpl_range *cells;
	size_t ncells;

	n->table = t;
	if (f->label)
		tmpl_bctx_add_label(b, f->label, n, f->label_off);
	caption_source(b, n, kvs, nkv);
	if ((k = kv_get(kvs, nkv, "group")) != NULL)
		t->group_header = tmpl_inline_plain(b, k->vs, k->ve);
	t->header_rows = 1;
	for (ls = rows_at; ls < f->body_end; ls = lnext(b, le)) {
		le = lend(b, ls);
		if (blank(b, ls, le))
			continue;
		if (b->text[ls] != '|') {
			tmpl_bctx_error(b, ls, "expected a table row '| ... |' (keys go before the rows)");
			continue;
		}
		ncells = split_row(b, ls, le, &cells);
		if (t->cols == NULL) {
			t->ncols = ncells;
			t->cols = arena_calloc(b->a, ncells, sizeof *t->cols);
			t->cells = arena_calloc(b->a, caprows * ncells, sizeof *t->cells);
			t->row_flags = arena_calloc(b->a, caprows, sizeof *t->row_flags);
			for (j = 0; j < ncells; j++)
				t->cols[j].header = tmpl_inline_plain(b, cells[j].start, cells[j].end);
			continue;
		}
		if (!have_align) {
			if (!match_line(b, TMPL_RX_ALIGN, ls, le)) {
				tmpl_bctx_error(b, ls, "the second row of a table must set the alignment, "
				           "e.g. '|:---|---:|'");
				return;
			}
			if (ncells != t->ncols) {
				tmpl_bctx_error(b, ls, "alignment row has %zu cells; the header has %zu",
				           ncells, t->ncols);
				return;
			}
			for (j = 0; j < ncells; j++) {
				const char *c = b->text + cells[j].start;
				size_t w = cells[j].end - cells[j].start;
				bool left = c[0] == ':', right = c[w - 1] == ':';

				t->cols[j].width = (double)(w - left - right);
				t->cols[j].align = left && right ? DOC_ALIGN_CENTER :
				                   right ? DOC_ALIGN_RIGHT : DOC_ALIGN_LEFT;
				t->cols[j].numeric = right && !left;
			}
			have_align = true;
			continue;
		}
		if (dashes_only(b, cells, ncells)) {
			rule = true;
			continue;
		}
		if (nrow == caprows) {
			t->cells = arena_grow(b->a, t->cells, nrow * t->ncols, caprows * 2 * t->ncols,
			                      sizeof *t->cells);
			t->row_flags = arena_grow(b->a, t->row_flags, nrow, caprows * 2,
			                          sizeof *t->row_flags);
			caprows *= 2;
		}
		if (ncells == 1 && cells[0].end - cells[0].start > 3 &&
		    memcmp(b->text + cells[0].start, "## ", 3) == 0) {
			t->row_flags[nrow] = DOC_ROW_GROUP;
			t->cells[nrow * t->ncols] = tmpl_inline_plain(b, cells[0].start + 3, cells[0].end);
			for (j = 1; j < t->ncols; j++)
				t->cells[nrow * t->ncols + j] = "";
		} else {
			if (ncells != t->ncols) {
				tmpl_bctx_error(b, ls, "table row has %zu cells; the header has %zu", ncells,
				           t->ncols);
				continue;
			}
			if (cells[0].end - cells[0].start >= 2 &&
			    memcmp(b->text + cells[0].start, "**", 2) == 0)
				t->row_flags[nrow] = DOC_ROW_BOLD;
			for (j = 0; j < ncells; j++)
				t->cells[nrow * t->ncols + j] = tmpl_inline_plain(b, cells[j].start, cells[j].end);
		}
		if (rule)
			t->row_flags[nrow] |= DOC_ROW_RULE;
		rule = false;
		nrow++;
	}
	t->nrows = nrow;
	tmpl_drawn_range(b, &drawn, f->ls, f->next);
	finish_source(b, n, &drawn, kvs, nkv);
	if (t->cols == NULL)
		tmpl_bctx_error(b, f->ls, "'::: table' without a header row '| ... |'");
	else if (!have_align)
		tmpl_bctx_error(b, f->ls, "table has no alignment row (e.g. '|:---|---:|')");
}

/* A number from a figure key or a literal; false after reporting. */
static bool key_or_number(struct tmpl_bctx *b, const char *s, size_t off, double *out)
{
	const struct figure *fig;

	if (fmt_parse_number(s, out))
		return true;
	fig = figset_get(b->r->fs, s);
	if (fig == NULL) {
		tmpl_bctx_error(b, off, "unknown figure '%s'%s", s,
		           tmpl_meant(b->a, figset_suggest(b->r->fs, s)));
		return false;
	}
	if (fig->kind != FIG_NUM) {
		tmpl_bctx_error(b, off, "figure '%s' is text, not a number", s);
		return false;
	}
	*out = fig->value;
	return true;
}

static int chart_col(struct tmpl_bctx *b, const struct figtable *t, const struct kv *kvs, size_t nkv,
                     const char *key, bool required, const struct fence *f)
{
	const struct kv *k = kv_get(kvs, nkv, key);
	char *name;
	int col;

	if (k == NULL) {
		if (required)
			tmpl_bctx_error(b, f->ls, "'::: chart %s' needs '%s:'", f->sub, key);
		return -1;
	}
	name = kv_text(b, k);
	if ((col = figtable_col(t, name)) < 0)
		tmpl_bctx_error(b, k->vs, "table '%s' has no column '%s'%s", t->name, name,
		           tmpl_meant(b->a, tmpl_suggest(name, t->cols, t->ncols)));
	return col;
}

static bool cell_number(struct tmpl_bctx *b, const struct figtable *t, size_t row, int col,
                        size_t off, double *out)
{
	const struct fcell *c = figtable_cell(t, row, (size_t)col);

	if (c->is_num) {
		*out = c->num;
		return true;
	}
	if (c->text != NULL && fmt_parse_number(c->text, out))
		return true;
	tmpl_bctx_error(b, off, "column '%s' of table '%s' is not a number in row %zu: '%s'",
	           t->cols[col], t->name, row + 1, c->text ? c->text : "");
	return false;
}

/* Stable insertion sort of the index array by keys (charts have tens of
 * items; equal values keep the table's order). */
static void sort_order(size_t *order, size_t n, const double *keys, bool desc)
{
	size_t i, j, v;

	for (i = 1; i < n; i++) {
		v = order[i];
		for (j = i; j > 0; j--) {
			double k = keys[order[j - 1]];

			if (desc ? !(k < keys[v]) : !(k > keys[v]))
				break;
			order[j] = order[j - 1];
		}
		order[j] = v;
	}
}

/* The condition of a chart key, compiled once per template (memo.c); NULL
 * after reporting. */
static const struct tmpl_expr *directive_cond(struct tmpl_bctx *b, const struct kv *k)
{
	return tmpl_directive_cond(b->r->t, b->text + k->vs, k->ve - k->vs,
	                           tmpl_rctx_pos(b->r, k->vs));
}

static bool starts_pct(struct tmpl_bctx *b, const struct kv *k)
{
	return k != NULL && k->ve - k->vs >= 3 && memcmp(b->text + k->vs, "pct", 3) == 0;
}

/* The keys only a map takes: classes (1..9, with a value), shapes (the set
 * of outlines, "states" by default), width (a share of the text width). */
static bool map_keys(struct tmpl_bctx *b, const struct kv *kvs, size_t nkv,
                     const struct fence *f, struct doc_chart *ch, bool has_value)
{
	static const char *const not_map[] = { "sort", "limit", "x", "y", "fit", "group", "max" };
	const struct kv *k;
	const char *set = "states";
	double v;
	size_t i;

	for (i = 0; i < sizeof not_map / sizeof not_map[0]; i++)
		if ((k = kv_get(kvs, nkv, not_map[i])) != NULL) {
			tmpl_bctx_error(b, k->ks, "a map takes no '%s:'", not_map[i]);
			return false;
		}
	if ((k = kv_get(kvs, nkv, "classes")) != NULL) {
		if (!has_value) {
			tmpl_bctx_error(b, k->ks, "'classes:' needs 'value:' (a locator map has none)");
			return false;
		}
		if (!fmt_parse_number(kv_text(b, k), &v) || v != floor(v) || v < 1 || v > 9) {
			tmpl_bctx_error(b, k->vs, "classes is a whole number from 1 to 9");
			return false;
		}
		ch->classes = (int)v;
	} else if (has_value) {
		tmpl_bctx_error(b, f->ls, "'::: chart map' with 'value:' needs 'classes:' "
		                "(how many classes of equal count)");
		return false;
	}
	if ((k = kv_get(kvs, nkv, "width")) != NULL) {
		if (!fmt_parse_number(kv_text(b, k), &v) || !(v > 0.1 && v <= 1)) {
			tmpl_bctx_error(b, k->vs, "width is a share of the text width, above 0.1 "
			                "and at most 1");
			return false;
		}
		ch->scale = v;
	}
	if ((k = kv_get(kvs, nkv, "shapes")) != NULL)
		set = kv_text(b, k);
	if ((ch->geo = figset_get_shapes(b->r->fs, set)) == NULL) {
		tmpl_bctx_error(b, k ? k->vs : f->ls, "no outlines called '%s' (the edition's "
		                "geometry.csv names them)", set);
		return false;
	}
	return true;
}

/* Each item's outline: the shape whose code is the item's key cell. */
static bool map_shapes(struct tmpl_bctx *b, const struct figtable *t, const size_t *rows,
                       size_t n, int keyc, const struct fence *f, struct doc_chart *ch)
{
	size_t i, k;

	ch->shapes = arena_calloc(b->a, n ? n : 1, sizeof *ch->shapes);
	for (i = 0; i < n; i++) {
		const char *code = figtable_cell(t, rows[i], (size_t)keyc)->text;

		if (code[0] == '\0')
			continue;   /* no code: not on the map */
		for (k = 0; k < ch->geo->n; k++)
			if (strcmp(ch->geo->v[k].code, code) == 0)
				break;
		if (k == ch->geo->n) {
			tmpl_bctx_error(b, f->ls, "row %zu of table '%s': no outline has the code '%s' "
			                "(column '%s')", rows[i] + 1, t->name, code, t->cols[keyc]);
			return false;
		}
		ch->shapes[i] = &ch->geo->v[k];
	}
	return true;
}

/* ---- alternative text of charts ---- */

/* Item i's value as the chart prints it: its value label, else the number
 * (a percent axis shows fractions as percents). */
static const char *alt_value(struct tmpl_bctx *b, enum i18n_lang lng, const struct doc_chart *ch,
                             double v, bool pct, size_t i)
{
	if (ch->value_labels && i < ch->n && ch->value_labels[i] && ch->kind == CHART_BAR)
		return ch->value_labels[i];
	if (pct)
		return fmt_percent(b->a, lng, v, fabs(v * 100 - round(v * 100)) < 1e-9 ? 0 : 1);
	return fmt_number(b->a, lng, v, fabs(v - round(v)) < 1e-9 ? 0 : 2);
}

/* The alternative text of a chart (tagged PDF: a Figure's /Alt), written
 * from its data in the document's language: what kind of chart, what it
 * shows (its caption, its axes), how many items, the extremes and the
 * highlighted item the text is about. Every chart kind gets one here; a
 * kind without words of its own keeps NULL (layout then uses the caption). */
static void chart_alt(struct tmpl_bctx *b, const struct doc_node *node, struct doc_chart *ch)
{
	enum i18n_lang lng;
	struct buf t = { 0 };
	const char *cap = doc_plain_text(b->a, node);
	size_t i, hi = 0, lo = 0;
	bool pct = ch->kind == CHART_SCATTER ? ch->y_percent : ch->x_percent;

	if (ch->n == 0 || i18n_lang_parse(b->doc->lang, &lng) != 0)
		return;
	for (i = 1; i < ch->n; i++) {
		if (ch->y[i] > ch->y[hi])
			hi = i;
		if (ch->y[i] < ch->y[lo])
			lo = i;
	}
	switch (ch->kind) {
	case CHART_BAR:
		buf_printf(&t, "%s: %s. %zu %s; %s: %s (%s); %s: %s (%s)", i18n_label(lng, I18N_ALT_BAR),
		           cap, ch->n, i18n_label(lng, I18N_ALT_ITEMS), i18n_label(lng, I18N_ALT_HIGHEST),
		           ch->labels[hi], alt_value(b, lng, ch, ch->y[hi], pct, hi),
		           i18n_label(lng, I18N_ALT_LOWEST), ch->labels[lo],
		           alt_value(b, lng, ch, ch->y[lo], pct, lo));
		break;
	case CHART_SCATTER:
		buf_printf(&t, "%s: %s. ", i18n_label(lng, I18N_ALT_SCATTER), cap);
		if (ch->y_title && ch->x_title)
			buf_printf(&t, "%s %s %s, ", ch->y_title, i18n_label(lng, I18N_ALT_AGAINST),
			           ch->x_title);
		buf_printf(&t, "%zu %s; %s: %s (%s); %s: %s (%s)", ch->n,
		           i18n_label(lng, I18N_ALT_ITEMS), i18n_label(lng, I18N_ALT_HIGHEST),
		           ch->labels[hi], alt_value(b, lng, ch, ch->y[hi], pct, hi),
		           i18n_label(lng, I18N_ALT_LOWEST), ch->labels[lo],
		           alt_value(b, lng, ch, ch->y[lo], pct, lo));
		if (!isnan(ch->r))
			buf_printf(&t, "; %s r = %s", i18n_label(lng, I18N_ALT_CORR),
			           fmt_fixed(b->a, lng, ch->r, 2));
		break;
	case CHART_DOTRANK:
		/* rank 1 is the best */
		buf_printf(&t, "%s: %s. %zu %s %s %s; %s: %s (%s); %s: %s (%s)",
		           i18n_label(lng, I18N_ALT_DOTRANK), cap, ch->n, i18n_label(lng, I18N_ALT_ITEMS),
		           i18n_label(lng, I18N_ALT_RANKED), fmt_number(b->a, lng, ch->rank_max, 0),
		           i18n_label(lng, I18N_ALT_BEST), ch->labels[lo],
		           fmt_ordinal(b->a, lng, ch->y[lo]), i18n_label(lng, I18N_ALT_LAST),
		           ch->labels[hi], fmt_ordinal(b->a, lng, ch->y[hi]));
		break;
	default:
		buf_free(&t);
		return;
	}
	if (ch->highlight_set && ch->highlight < ch->n) {
		size_t h = ch->highlight;

		buf_printf(&t, "; %s: %s (", i18n_label(lng, I18N_ALT_MARKED), ch->labels[h]);
		if (ch->kind == CHART_DOTRANK)
			buf_puts(&t, fmt_ordinal(b->a, lng, ch->y[h]));
		else if (ch->kind == CHART_SCATTER)
			buf_printf(&t, "%s, %s", alt_value(b, lng, ch, ch->x[h], ch->x_percent, h),
			           alt_value(b, lng, ch, ch->y[h], pct, h));
		else
			buf_puts(&t, alt_value(b, lng, ch, ch->y[h], pct, h));
		buf_putc(&t, ')');
	}
	buf_putc(&t, '.');
	ch->alt = arena_strdup(b->a, buf_cstr(&t));
	buf_free(&t);
}

static void chart_directive(struct tmpl_bctx *b, const struct fence *f, struct doc_node *parent)
{
	static const char *const known[] = {
		"caption", "source", "data", "label", "value", "x", "y", "format", "x-format",
		"y-format", "sort", "x-title", "y-title", "fit", "group", "max", "highlight", "limit",
		"where", "key", "classes", "shapes", "width", "low", "high", "sources", "note"
	};
	size_t nkv, n, i, *order;
	const size_t *rows;
	struct kv *kvs = read_kvs(b, f, known, sizeof known / sizeof known[0], &nkv, NULL);
	const struct kv *k;
	struct doc_node *node = add(b, parent, DOC_CHART, f->ls);
	struct doc_chart *ch = arena_alloc(b->a, sizeof *ch);
	const struct figtable *t;
	int lab, val, xc = -1, grp, keyc = -1, loc = -1, hic = -1;
	char *name;
	int before = b->errors;
	double *keys;
	size_t *tr;               /* the table row of each item, through sorting */
	struct tmpl_drawn drawn = { 0 };

	node->chart = ch;
	ch->r = NAN;
	if (f->label)
		tmpl_bctx_add_label(b, f->label, node, f->label_off);
	caption_source(b, node, kvs, nkv);
	if (strcmp(f->sub, "bar") == 0)
		ch->kind = CHART_BAR;
	else if (strcmp(f->sub, "scatter") == 0)
		ch->kind = CHART_SCATTER;
	else if (strcmp(f->sub, "dotrank") == 0)
		ch->kind = CHART_DOTRANK;
	else if (strcmp(f->sub, "map") == 0)
		ch->kind = CHART_MAP;
	else if (strcmp(f->sub, "interval") == 0)
		ch->kind = CHART_INTERVAL;
	else {
		tmpl_bctx_error(b, f->ls, "unknown chart type '%s' (bar, scatter, dotrank, map, "
		                "interval)", f->sub);
		return;
	}
	if ((k = kv_get(kvs, nkv, "x-title")) != NULL)
		ch->x_title = tmpl_inline_plain(b, k->vs, k->ve);
	if ((k = kv_get(kvs, nkv, "y-title")) != NULL)
		ch->y_title = tmpl_inline_plain(b, k->vs, k->ve);
	if ((k = kv_get(kvs, nkv, "data")) == NULL) {
		tmpl_bctx_error(b, f->ls, "'::: chart' needs 'data:' (a table name)");
		return;
	}
	name = kv_text(b, k);
	if ((t = figset_get_table(b->r->fs, name)) == NULL) {
		tmpl_bctx_error(b, k->vs, "unknown table '%s'%s", name,
		           tmpl_meant(b->a, figset_suggest(b->r->fs, name)));
		return;
	}
	if (ch->kind == CHART_SCATTER) {
		lab = chart_col(b, t, kvs, nkv, "label", false, f);
		xc = chart_col(b, t, kvs, nkv, "x", true, f);
		val = chart_col(b, t, kvs, nkv, "y", true, f);
	} else if (ch->kind == CHART_MAP) {
		/* a locator map has no value: it shows where the highlighted item is */
		lab = chart_col(b, t, kvs, nkv, "label", false, f);
		val = chart_col(b, t, kvs, nkv, "value", false, f);
		keyc = chart_col(b, t, kvs, nkv, "key", true, f);
		if (!map_keys(b, kvs, nkv, f, ch, val >= 0))
			return;
	} else {
		lab = chart_col(b, t, kvs, nkv, "label", true, f);
		val = chart_col(b, t, kvs, nkv, "value", true, f);
	}
	grp = chart_col(b, t, kvs, nkv, "group", false, f);
	if (ch->kind == CHART_INTERVAL) {
		loc = chart_col(b, t, kvs, nkv, "low", true, f);
		hic = chart_col(b, t, kvs, nkv, "high", true, f);
	}
	if (b->errors > before)
		return;
	/* rows of the table the chart shows: all, or those where: selects */
	if ((k = kv_get(kvs, nkv, "where")) != NULL) {
		const struct tmpl_expr *e = directive_cond(b, k);

		if (e == NULL || !tmpl_rows_where(b->r, t, e, -1, &rows, &n)) {
			b->errors++;
			return;
		}
	} else if (!tmpl_rows_where(b->r, t, NULL, -1, &rows, &n)) {
		b->errors++;
		return;
	}
	ch->n = n;
	tr = arena_calloc(b->a, n ? n : 1, sizeof *tr);
	for (i = 0; i < n; i++)
		tr[i] = rows[i];
	ch->labels = arena_calloc(b->a, n ? n : 1, sizeof *ch->labels);
	ch->y = arena_calloc(b->a, n ? n : 1, sizeof *ch->y);
	if (keyc >= 0 && !map_shapes(b, t, rows, n, keyc, f, ch))
		return;
	if (xc >= 0)
		ch->x = arena_calloc(b->a, n ? n : 1, sizeof *ch->x);
	if (grp >= 0)
		ch->groups = arena_calloc(b->a, n ? n : 1, sizeof *ch->groups);
	if (loc >= 0) {
		ch->lo = arena_calloc(b->a, n ? n : 1, sizeof *ch->lo);
		ch->hi = arena_calloc(b->a, n ? n : 1, sizeof *ch->hi);
	}
	for (i = 0; i < n; i++) {
		if (loc >= 0 && (!cell_number(b, t, rows[i], loc, f->ls, &ch->lo[i]) ||
		                 !cell_number(b, t, rows[i], hic, f->ls, &ch->hi[i])))
			return;
		ch->labels[i] = lab >= 0 ? figtable_cell(t, rows[i], (size_t)lab)->text : "";
		if (ch->kind == CHART_MAP) {
			/* a map shows an item with an empty cell as "no data" */
			const struct fcell *vc = val >= 0 ? figtable_cell(t, rows[i], (size_t)val) : NULL;

			if (vc == NULL || (!vc->is_num && vc->text[0] == '\0'))
				ch->y[i] = NAN;
			else if (!cell_number(b, t, rows[i], val, f->ls, &ch->y[i]))
				return;
		} else if (!cell_number(b, t, rows[i], val, f->ls, &ch->y[i])) {
			return;
		}
		if (xc >= 0 && !cell_number(b, t, rows[i], xc, f->ls, &ch->x[i]))
			return;
		if (grp >= 0)
			ch->groups[i] = figtable_cell(t, rows[i], (size_t)grp)->text;
	}
	/* highlight before sorting: rows are table rows here */
	if ((k = kv_get(kvs, nkv, "highlight")) != NULL) {
		const struct tmpl_expr *e = directive_cond(b, k);
		bool yes;

		if (e == NULL) {
			b->errors++;
			return;
		}
		for (i = 0; i < n; i++) {
			if (!tmpl_eval_row_cond(b->r, t, rows[i], e, &yes)) {
				b->errors++;
				break;
			}
			if (yes) {
				ch->highlight_set = true;
				ch->highlight = i;
				break;
			}
		}
		if (i == n)
			tmpl_bctx_warn(b, k->vs, "highlight matches no item of table '%s'", t->name);
	}
	if ((k = kv_get(kvs, nkv, "format")) != NULL) {
		const struct tmpl_filter *fl;
		size_t nf;

		if (tmpl_directive_filters(b->r->t, b->text + k->vs, k->ve - k->vs,
		                           tmpl_rctx_pos(b->r, k->vs), &fl, &nf) != 0) {
			b->errors++;
			return;
		}
		ch->value_labels = arena_calloc(b->a, n ? n : 1, sizeof *ch->value_labels);
		for (i = 0; i < n; i++) {
			struct tmpl_val v = { .kind = TMPL_V_NUM, .num = ch->y[i], .text = NULL };

			if (isnan(ch->y[i])) {
				ch->value_labels[i] = "";   /* a map's "no data" */
				continue;
			}

			if (!tmpl_apply_filters(b->r, fl, nf, &v)) {
				b->errors++;
				return;
			}
			ch->value_labels[i] = tmpl_val_text(b->r, &v);
		}
	}
	if ((k = kv_get(kvs, nkv, "sort")) != NULL) {
		char *how = kv_text(b, k);
		bool desc = strcmp(how, "desc") == 0;

		if (!desc && strcmp(how, "asc") != 0) {
			tmpl_bctx_error(b, k->vs, "sort is 'asc' or 'desc', not '%s'", how);
			return;
		}
		order = arena_calloc(b->a, n ? n : 1, sizeof *order);
		keys = ch->y;
		for (i = 0; i < n; i++)
			order[i] = i;
		sort_order(order, n, keys, desc);
		{
			const char **nl = arena_calloc(b->a, n ? n : 1, sizeof *nl);
			double *ny = arena_calloc(b->a, n ? n : 1, sizeof *ny);
			double *nx = ch->x ? arena_calloc(b->a, n ? n : 1, sizeof *nx) : NULL;
			const char **ng = ch->groups ? arena_calloc(b->a, n ? n : 1, sizeof *ng) : NULL;
			const char **nv = ch->value_labels ? arena_calloc(b->a, n ? n : 1, sizeof *nv)
			                                   : NULL;
			double *nlo = ch->lo ? arena_calloc(b->a, n ? n : 1, sizeof *nlo) : NULL;
			double *nhi = ch->hi ? arena_calloc(b->a, n ? n : 1, sizeof *nhi) : NULL;
			size_t *ntr = arena_calloc(b->a, n ? n : 1, sizeof *ntr);

			for (i = 0; i < n; i++) {
				nl[i] = ch->labels[order[i]];
				ny[i] = ch->y[order[i]];
				if (nx)
					nx[i] = ch->x[order[i]];
				if (ng)
					ng[i] = ch->groups[order[i]];
				if (nv)
					nv[i] = ch->value_labels[order[i]];
				if (nlo) {
					nlo[i] = ch->lo[order[i]];
					nhi[i] = ch->hi[order[i]];
				}
				ntr[i] = tr[order[i]];
			}
			tr = ntr;
			for (i = 0; ch->highlight_set && i < n; i++) {
				/* the highlighted item moves with its row */
				if (order[i] == ch->highlight) {
					ch->highlight = i;
					break;
				}
			}
			ch->labels = nl;
			ch->y = ny;
			ch->x = nx;
			ch->groups = ng;
			ch->value_labels = nv;
			ch->lo = nlo;
			ch->hi = nhi;
		}
	}
	if ((k = kv_get(kvs, nkv, "limit")) != NULL) {
		/* after sorting: "the top N" */
		double lim;

		if (!fmt_parse_number(kv_text(b, k), &lim) || lim < 0 || lim != floor(lim)) {
			tmpl_bctx_error(b, k->vs, "limit needs a whole number");
			return;
		}
		if (lim < (double)ch->n) {
			ch->n = (size_t)lim;
			if (ch->highlight_set && ch->highlight >= ch->n)
				ch->highlight_set = false;
		}
		n = ch->n;
	}
	if ((k = kv_get(kvs, nkv, "fit")) != NULL) {
		char *spec = kv_text(b, k), *tok, *save = NULL;
		double v[3] = { NAN, NAN, NAN };
		int m = 0;

		for (tok = strtok_r(spec, " \t", &save); tok != NULL && m < 4;
		     tok = strtok_r(NULL, " \t", &save), m++) {
			if (m == 3 || !key_or_number(b, tok, k->vs + (size_t)(tok - spec), &v[m])) {
				if (m == 3)
					tmpl_bctx_error(b, k->vs, "fit takes a slope, an intercept and "
					           "optionally r");
				return;
			}
		}
		if (m < 2) {
			tmpl_bctx_error(b, k->vs, "fit needs a slope and an intercept (keys or numbers)");
			return;
		}
		ch->fit_line = true;
		ch->slope = v[0];
		ch->intercept = v[1];
		ch->r = v[2];
		/* the fit's figures are drawn too */
		spec = kv_text(b, k);
		for (tok = strtok_r(spec, " \t", &save); tok != NULL; tok = strtok_r(NULL, " \t", &save)) {
			const struct figure *fig = figset_get(b->r->fs, tok);

			if (fig != NULL)
				tmpl_drawn_fig(b, &drawn, fig);
		}
	}
	if (ch->kind == CHART_DOTRANK || ch->kind == CHART_INTERVAL) {
		if ((k = kv_get(kvs, nkv, "max")) != NULL) {
			if (!key_or_number(b, kv_text(b, k), k->vs, &ch->rank_max))
				return;
		} else {
			for (i = 0; i < n; i++) {
				if (ch->y[i] > ch->rank_max)
					ch->rank_max = ch->y[i];
				if (ch->hi && ch->hi[i] > ch->rank_max)
					ch->rank_max = ch->hi[i];
			}
		}
	}
	if (ch->kind == CHART_BAR) {
		/* a bar's value runs along the horizontal axis */
		ch->x_percent = starts_pct(b, kv_get(kvs, nkv, "format"));
	} else if (ch->kind == CHART_SCATTER) {
		const struct kv *xf = kv_get(kvs, nkv, "x-format"), *yf = kv_get(kvs, nkv, "y-format");
		bool x01 = true, y01 = true;

		for (i = 0; i < n; i++) {
			x01 = x01 && ch->x[i] >= 0 && ch->x[i] <= 1;
			y01 = y01 && ch->y[i] >= 0 && ch->y[i] <= 1;
		}
		ch->x_percent = xf ? starts_pct(b, xf) : x01;
		ch->y_percent = yf ? starts_pct(b, yf) : y01;
	}
	/* the items shown, with the columns they show */
	for (i = 0; i < ch->n; i++) {
		if (lab >= 0)
			tmpl_drawn_cell(b, &drawn, t, tr[i], lab);
		if (val >= 0)
			tmpl_drawn_cell(b, &drawn, t, tr[i], val);
		if (xc >= 0)
			tmpl_drawn_cell(b, &drawn, t, tr[i], xc);
	}
	if (ch->kind == CHART_MAP) {
		/* the outlines are drawn too: their set's figures carry their origin */
		const struct kv *sk = kv_get(kvs, nkv, "shapes");
		const struct figure *gf = figset_get(b->r->fs, arena_printf(b->a, "geo.%s.count",
		                                     sk ? kv_text(b, sk) : "states"));

		if (gf != NULL)
			tmpl_drawn_fig(b, &drawn, gf);
	}
	tmpl_drawn_range(b, &drawn, f->ls, f->next);   /* caption and title values */
	finish_source(b, node, &drawn, kvs, nkv);
	chart_alt(b, node, ch);
}

static void cover_directive(struct tmpl_bctx *b, const struct fence *f, struct doc_node *parent)
{
	struct doc_node *n = add(b, parent, DOC_COVER, f->ls);
	struct doc_cover *c = arena_alloc(b->a, sizeof *c);
	static const char *const known[] = { "style" };
	const struct kv *st;
	struct kv *kvs;
	size_t nkv;

	/* The texts come from the front matter; the body may only choose the
	 * style: a full page (the default) or a masthead atop page 1. */
	kvs = read_kvs(b, f, known, 1, &nkv, NULL);
	if ((st = kv_get(kvs, nkv, "style")) != NULL) {
		const char *v = kv_text(b, st);

		if (strcmp(v, "masthead") == 0)
			c->masthead = true;
		else if (strcmp(v, "page") != 0)
			tmpl_bctx_error(b, st->vs, "'::: cover' style is 'page' or 'masthead', not '%s'", v);
	}
	c->title = b->doc->title;
	c->subtitle = b->doc->subtitle;
	c->authors = b->doc->author;
	c->date = b->doc->date;
	c->edition_note = b->edition_note;
	if (c->title == NULL)
		tmpl_bctx_error(b, f->ls, "'::: cover' needs a 'title:' in the front matter");
	n->cover = c;
}

static void pullquote_directive(struct tmpl_bctx *b, const struct fence *f, struct doc_node *parent)
{
	struct doc_node *q = add(b, parent, DOC_PULLQUOTE, f->ls);
	struct tmpl_range *rs;
	size_t nr = 0, cap = 8, ls, le;

	rs = arena_calloc(b->a, cap, sizeof *rs);
	for (ls = f->body; ls < f->body_end; ls = lnext(b, le)) {
		le = lend(b, ls);
		if (nr == cap) {
			rs = arena_grow(b->a, rs, nr, cap * 2, sizeof *rs);
			cap *= 2;
		}
		rs[nr].start = ls;
		rs[nr].end = blank(b, ls, le) ? ls : ltrim_end(b, ls, le);
		nr++;
	}
	if (nr == 0) {
		tmpl_bctx_error(b, f->ls, "'::: pullquote' without text");
		return;
	}
	quote_body(b, q, rs, nr);
}

static size_t directive(struct tmpl_bctx *b, size_t ls, size_t le, const size_t *ov,
                        struct doc_node *parent)
{
	struct fence f = { 0 };
	size_t s, kind_off = ls + (ov[2] == PCRE2_UNSET ? 0 : ov[2]);
	bool nested = false;

	/* ov is the pattern's shared match data: read it before matching again */
	f.ls = ls;
	if (ov[2] == PCRE2_UNSET) {
		tmpl_bctx_error(b, ls, "':::' closes nothing (no '::: table', '::: chart', ... open)");
		return lnext(b, le);
	}
	snprintf(f.kind, sizeof f.kind, "%.*s", (int)(ov[3] - ov[2]), b->text + ls + ov[2]);
	if (ov[4] != PCRE2_UNSET)
		snprintf(f.sub, sizeof f.sub, "%.*s", (int)(ov[5] - ov[4]), b->text + ls + ov[4]);
	if (ov[6] != PCRE2_UNSET) {
		size_t as = ls + ov[6], ae = ls + ov[7];

		while (as < ae && b->text[as] == ' ')
			as++;
		while (ae > as && b->text[ae - 1] == ' ')
			ae--;
		if (as < ae && b->text[as] == '#' && ae > as + 1 &&
		    memchr(b->text + as, ' ', ae - as) == NULL) {
			f.label = arena_strndup(b->a, b->text + as + 1, ae - as - 1);
			f.label_off = as;
		} else {
			tmpl_bctx_error(b, as, "expected '{#label}' after '::: %s'", f.kind);
		}
	}
	f.body = lnext(b, le);
	for (s = f.body; s < b->len; s = lnext(b, lend(b, s))) {
		size_t e = lend(b, s);
		const size_t *o2;

		if (b->text[s] != ':' || (o2 = match_line(b, TMPL_RX_FENCE, s, e)) == NULL)
			continue;
		if (o2[2] == PCRE2_UNSET) {
			f.body_end = s;
			f.next = lnext(b, e);
			break;
		}
		tmpl_bctx_error(b, s, "'::: %.*s' inside '::: %s' (directives do not nest; close "
		           "it with ':::' first)", (int)(o2[3] - o2[2]), b->text + s + o2[2], f.kind);
		nested = true;
	}
	if (f.body_end == 0) {
		tmpl_bctx_error(b, ls, "'::: %s' is never closed (missing ':::' line)", f.kind);
		return b->len;
	}
	if (nested)
		return f.next;
	if (strcmp(f.kind, "table") == 0)
		table_directive(b, &f, parent);
	else if (strcmp(f.kind, "chart") == 0)
		chart_directive(b, &f, parent);
	else if (strcmp(f.kind, "cover") == 0)
		cover_directive(b, &f, parent);
	else if (strcmp(f.kind, "pullquote") == 0)
		pullquote_directive(b, &f, parent);
	else {
		static const char *const kinds[] = { "table", "chart", "cover", "pullquote" };

		tmpl_bctx_error(b, kind_off, "unknown directive '::: %s'%s", f.kind,
		           tmpl_meant(b->a, tmpl_suggest(f.kind, kinds, 4)));
	}
	return f.next;
}

/* ---- the document ---- */

int tmpl_block_parse(struct tmpl_bctx *b)
{
	size_t off = 0, le;
	const size_t *ov;

	while (off < b->len) {
		le = lend(b, off);
		if (blank(b, off, le)) {   /* blank or invisible: nothing to read */
			off = lnext(b, le);
			continue;
		}
		if (b->text[off] == '#' && (ov = match_line(b, TMPL_RX_HEADING, off, le)) != NULL) {
			off = heading(b, off, le, ov);
		} else if (b->text[off] == ':' && (ov = match_line(b, TMPL_RX_FENCE, off, le)) != NULL) {
			off = directive(b, off, le, ov, container(b));
		} else if (line_is(b, off, le, "\\pagebreak")) {
			add(b, container(b), DOC_PAGEBREAK, off);
			off = lnext(b, le);
		} else if (line_is(b, off, le, "\\toc")) {
			add(b, container(b), DOC_TOC, off);
			off = lnext(b, le);
		} else if (b->text[off] == '>') {
			off = blockquote(b, off, container(b));
		} else if (b->text[off] == '[' && (ov = match_line(b, TMPL_RX_FNDEF, off, le)) != NULL) {
			off = footnote_def(b, off, le, ov);
		} else if ((ov = match_line(b, TMPL_RX_LIST, off, le)) != NULL) {
			off = list(b, off, container(b), ov[3] - ov[2], 1);
		} else {
			off = paragraph(b, off, container(b));
		}
	}
	return b->errors > 0 ? -1 : 0;
}
