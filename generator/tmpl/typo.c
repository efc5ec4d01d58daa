/*
 * tmpl/typo.c: layer 4 of the template stage (parse.h), the typographic pass.
 * After the whole document is read (post.c calls it last), every text the
 * layout will draw goes through the same rules: paragraph and heading runs,
 * captions, table headers and cells, chart titles and labels, sources,
 * attributions and the cover. The rules:
 *   - typewriter quotes become typographic ones: an opening quote at the
 *     start, after a space, an opening bracket, a dash or another opening
 *     quote; a closing one (or an apostrophe) otherwise;
 *   - a hyphen between two numbers ("10-15%", "2016-2021") becomes an en
 *     dash; a number with a letter glued to it ("COVID-19", "A2-3"), a
 *     third number ("2018-06-01") or a year and month ("2018-06") is left
 *     alone;
 *   - a citation that ends with its own mark does not get a second one:
 *     "?." and "!." lose the full stop, ".;" loses the full stop, ".."
 *     (not an ellipsis) becomes ".";
 *   - a code span `x` is set as plain text: the backticks go, the text
 *     inside is left as typed (no quotes curled).
 * New strings come from the document's arena; a text without anything to
 * change is kept as it is. Calls nothing else of the stage.
 */
#include "parse.h"
#include "base/base.h"

#include <string.h>

#define LDQ "\xE2\x80\x9C"
#define RDQ "\xE2\x80\x9D"
#define LSQ "\xE2\x80\x98"
#define RSQ "\xE2\x80\x99"
#define NDASH "\xE2\x80\x93"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0;
}

/* The last output byte opens a quotation context: start, space, bracket,
 * dash (U+2013, U+2014) or an opening quote (U+2018, U+201C). */
static bool opens(const struct buf *o, int prev)
{
	const unsigned char *e;

	if (o->len == 0)
		return prev == 0 || strchr(" \t\n([{", prev) != NULL;
	e = (const unsigned char *)o->data + o->len;
	if (strchr(" \t\n([{/", e[-1]) != NULL)
		return true;
	return o->len >= 3 && e[-3] == 0xE2 && e[-2] == 0x80 &&
	       (e[-1] == 0x93 || e[-1] == 0x94 || e[-1] == 0x98 || e[-1] == 0x9C);
}

/* s[i] is '-': is it the hyphen of a number range? */
static bool range_hyphen(const char *s, size_t i, size_t len)
{
	size_t a = i, b = i + 1;

	if (i == 0 || !is_digit(s[i - 1]) || b >= len || !is_digit(s[b]))
		return false;
	while (a > 0 && (is_digit(s[a - 1]) || s[a - 1] == '.' || s[a - 1] == ','))
		a--;
	if (a > 0 && (is_letter((unsigned char)s[a - 1]) || s[a - 1] == '-' || s[a - 1] == '/'))
		return false;
	while (b < len && (is_digit(s[b]) || ((s[b] == '.' || s[b] == ',') && b + 1 < len &&
	                                      is_digit(s[b + 1]))))
		b++;
	if (b < len && (is_letter((unsigned char)s[b]) || s[b] == '-' || s[b] == '/'))
		return false;
	/* a year and a month ("2018-06") is a date, not a range */
	return !(i - a == 4 && b - i - 1 == 2 && s[i + 1] == '0');
}

/* Is there a closing backtick after s[i]? */
static bool has_close(const char *s, size_t i, size_t len)
{
	return memchr(s + i + 1, '`', len - i - 1) != NULL;
}

/* One text through the rules. *prev is the last character of the text
 * before it in the same block (0 = none) and is updated, so a quote at the
 * start of a run knows whether it follows a word. */
static const char *typo_text(struct arena *a, const char *s, int *prev)
{
	struct buf o = { 0 };
	size_t i, len;
	bool code = false;
	const char *out;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	if (strpbrk(s, "\"'`-.") == NULL) {
		if (prev && len)
			*prev = (unsigned char)s[len - 1];
		return s;
	}
	for (i = 0; i < len; i++) {
		char c = s[i];
		char last = o.len ? o.data[o.len - 1] : (char)(prev ? *prev : 0);

		if (c == '`' && (code || has_close(s, i, len))) {
			code = !code;
			continue;
		}
		if (code) {
			buf_putc(&o, c);
			continue;
		}
		switch (c) {
		case '"':
			buf_puts(&o, opens(&o, prev ? *prev : 0) ? LDQ : RDQ);
			continue;
		case '\'':
			buf_puts(&o, opens(&o, prev ? *prev : 0) ? LSQ : RSQ);
			continue;
		case '-':
			if (range_hyphen(s, i, len)) {
				buf_puts(&o, NDASH);
				continue;
			}
			break;
		case '.':
			/* "?." "!." ".." (an ellipsis "..." is kept) */
			if (last == '?' || last == '!')
				continue;
			if (last == '.' && s[i + 1] != '.' && !(o.len >= 2 && o.data[o.len - 2] == '.'))
				continue;
			break;
		case ';':
			if (o.len && last == '.' && !(o.len >= 2 && o.data[o.len - 2] == '.'))
				o.len--;
			break;
		default:
			break;
		}
		buf_putc(&o, c);
	}
	if (prev)
		*prev = o.len ? (unsigned char)o.data[o.len - 1] : *prev;
	if (o.len == len && memcmp(o.data, s, len) == 0) {
		buf_free(&o);
		return s;
	}
	out = arena_strndup(a, o.data ? o.data : "", o.len);
	buf_free(&o);
	return out;
}

static void typo_runs(struct arena *a, struct doc_run *runs, size_t n)
{
	size_t i;
	int prev = 0;

	for (i = 0; i < n; i++) {
		struct doc_run *r = &runs[i];

		switch (r->kind) {
		case RUN_BREAK:
			prev = ' ';
			break;
		case RUN_NOTEREF:
			prev = '1';
			break;
		case RUN_LINK:
			/* a URL written as its own text stays as typed */
			if (r->target && r->text && strcmp(r->target, r->text) == 0) {
				prev = 'x';
				break;
			}
			r->text = typo_text(a, r->text, &prev);
			break;
		case RUN_TEXT:
		case RUN_XREF:
			r->text = typo_text(a, r->text, &prev);
			break;
		}
	}
}

static const char *one(struct arena *a, const char *s)
{
	int prev = 0;

	return typo_text(a, s, &prev);
}

static void typo_table(struct arena *a, struct doc_table *t)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		t->cols[i].header = one(a, t->cols[i].header);
	for (i = 0; i < t->nrows * t->ncols; i++)
		t->cells[i] = one(a, t->cells[i]);
	t->group_header = one(a, t->group_header);
}

static void typo_chart(struct arena *a, struct doc_chart *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (c->labels)
			c->labels[i] = one(a, c->labels[i]);
		if (c->value_labels)
			c->value_labels[i] = one(a, c->value_labels[i]);
	}
	c->x_title = one(a, c->x_title);
	c->y_title = one(a, c->y_title);
}

static void typo_node(struct arena *a, struct doc_node *n)
{
	struct doc_node *k;

	typo_runs(a, n->runs, n->nruns);
	n->attribution = one(a, n->attribution);
	n->source = one(a, n->source);
	if (n->table)
		typo_table(a, n->table);
	if (n->chart)
		typo_chart(a, n->chart);
	if (n->cover) {
		struct doc_cover *c = n->cover;

		c->title = one(a, c->title);
		c->subtitle = one(a, c->subtitle);
		c->authors = one(a, c->authors);
		c->edition_note = one(a, c->edition_note);
	}
	for (k = n->first; k != NULL; k = k->next)
		typo_node(a, k);
}

void tmpl_typo_doc(struct arena *a, struct doc *d)
{
	size_t i;

	typo_node(a, d->root);
	for (i = 0; i < d->nnotes; i++)
		typo_node(a, d->notes[i]);
	d->title = one(a, d->title);
	d->subtitle = one(a, d->subtitle);
	d->running_title = one(a, d->running_title);
}
