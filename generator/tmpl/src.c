/*
 * tmpl/src.c: template sources, positions and messages; the PCRE2 patterns.
 *
 * Patterns are compiled (with JIT) on first use and kept for the life of the
 * process (freed at exit): they are constants, shared by every template.
 * Buffers are validated as UTF-8 once (tmpl_src_new, and the expanded text is
 * made of validated pieces), so matching always uses PCRE2_NO_UTF_CHECK.
 */
#include "src.h"
#include "base/base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const rx_src[TMPL_RX_COUNT] = {
	/* backslash escape, or a tag opener/closer */
	[TMPL_RX_TAG] = "\\\\.|\\{\\{|\\{%|\\}\\}",
	/* one token of a tag: number, "string", dotted name, operator */
	[TMPL_RX_TOKEN] = "[ \\t]*(?:(-?[0-9]+(?:\\.[0-9]+)?)|\"((?:[^\"\\\\]|\\\\.)*)\"|"
	             "([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)*)|(==|!=|<=|>=|[<>|(),]))",
	[TMPL_RX_HEADING] = "^(#{1,6})[ \\t]+(.*?)[ \\t]*(?:(?<!\\\\)\\{([^{}]*)\\})?[ \\t]*$",
	[TMPL_RX_FENCE] = "^:::[ \\t]*([A-Za-z]+)?(?:[ \\t]+([A-Za-z]+))?[ \\t]*"
	             "(?:\\{([^{}]*)\\})?[ \\t]*$",
	[TMPL_RX_LIST] = "^( *)([-*]|[0-9]{1,9}\\.)[ \\t]+(\\S.*)$",
	[TMPL_RX_FNDEF] = "^\\[\\^([^\\]\\s]+)\\]:[ \\t]*(.*)$",
	[TMPL_RX_KV] = "^([A-Za-z][A-Za-z0-9_-]*):[ \\t]*(.*?)[ \\t]*$",
	[TMPL_RX_ALIGN] = "^[ \\t]*\\|?[ \\t]*:?-+:?[ \\t]*(?:\\|[ \\t]*:?-+:?[ \\t]*)*\\|?[ \\t]*$",
	[TMPL_RX_CLASS] = "^\\{[ \\t]*(\\.[A-Za-z]+(?:[ \\t]+\\.[A-Za-z]+)*)[ \\t]*\\}[ \\t]*$",
	[TMPL_RX_LINTNUM] = "(?<![\\w.,\\\\])[0-9]+(?:,[0-9]{3})*(?:\\.[0-9]+)?"
	               "(?:%|\\.º|st|nd|rd|th|[ ](?:million|millones|millón))?(?![\\w%])",
};

static pcre2_code *rx_code[TMPL_RX_COUNT];
static pcre2_match_data *rx_md[TMPL_RX_COUNT];
static bool rx_atexit;

static void rx_free(void)
{
	int i;

	for (i = 0; i < TMPL_RX_COUNT; i++) {
		pcre2_match_data_free(rx_md[i]);
		pcre2_code_free(rx_code[i]);
		rx_md[i] = NULL;
		rx_code[i] = NULL;
	}
}

static void rx_nomem(enum tmpl_rx id)
{
	static bool said;

	if (!said)
		diag_error(NULL, EXIT_SYS, "out of memory for template pattern %d", (int)id);
	said = true;
}

/* The compiled pattern with its match data, or NULL after reporting that
 * memory ran out. */
static pcre2_code *rx_get(enum tmpl_rx id)
{
	int err;
	PCRE2_SIZE erroff;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP;

	if (rx_code[id] != NULL && rx_md[id] != NULL)
		return rx_code[id];
	if (id == TMPL_RX_TOKEN)
		opts |= PCRE2_ANCHORED;
	if (rx_code[id] == NULL) {
		rx_code[id] = pcre2_compile((PCRE2_SPTR)rx_src[id], PCRE2_ZERO_TERMINATED, opts,
		                            &err, &erroff, NULL);
		if (rx_code[id] == NULL) {
			PCRE2_UCHAR msg[256];

			if (err == PCRE2_ERROR_HEAP_FAILED) {
				rx_nomem(id);
				return NULL;
			}
			/* the patterns are constants: one that does not compile is a bug */
			pcre2_get_error_message(err, msg, sizeof msg);
			fprintf(stderr, "reportgen: internal pattern %d: %s at %zu\n", (int)id,
			        (char *)msg, (size_t)erroff);
			abort();
		}
		/* falls back to the interpreter */
		pcre2_jit_compile(rx_code[id], PCRE2_JIT_COMPLETE);
	}
	rx_md[id] = pcre2_match_data_create_from_pattern(rx_code[id], NULL);
	if (!rx_atexit) {
		atexit(rx_free);
		rx_atexit = true;
	}
	if (rx_md[id] == NULL) {
		rx_nomem(id);
		return NULL;
	}
	return rx_code[id];
}

const size_t *tmpl_rx_match(enum tmpl_rx id, const char *s, size_t len, size_t start)
{
	pcre2_code *re = rx_get(id);
	int rc;

	if (re == NULL)
		return NULL;
	rc = pcre2_match(re, (PCRE2_SPTR)s, len, start, PCRE2_NO_UTF_CHECK, rx_md[id], NULL);
	if (rc == PCRE2_ERROR_NOMEMORY)
		rx_nomem(id);
	if (rc < 0)
		return NULL;
	return pcre2_get_ovector_pointer(rx_md[id]);
}

struct tmpl_src *tmpl_src_new(struct arena *a, const char *name, const char *text, size_t len)
{
	struct tmpl_src *s = arena_alloc(a, sizeof *s);
	size_t i, n = 1, k = 0;
	long bad;
	const char *nul;

	s->name = arena_strdup(a, name);
	s->text = arena_strndup(a, text, len);
	s->len = len;
	for (i = 0; i < len; i++)
		if (text[i] == '\n')
			n++;
	s->lines = arena_calloc(a, n, sizeof *s->lines);
	s->lines[k++] = 0;
	for (i = 0; i < len; i++)
		if (text[i] == '\n')
			s->lines[k++] = i + 1;
	s->nlines = n;
	if (len > TMPL_MAX_FILE_BYTES) {
		struct srcloc loc = { s->name, 0, 0 };

		diag_error(&loc, EXIT_DATA, "template is %zu bytes, more than the limit of %u "
		           "(%u MB)", len, TMPL_MAX_FILE_BYTES, TMPL_MAX_FILE_BYTES >> 20);
		return NULL;
	}
	if ((nul = memchr(text, '\0', len)) != NULL) {
		tmpl_err((struct tmpl_pos){ s, (size_t)(nul - text) }, "NUL byte in template");
		return NULL;
	}
	if ((bad = utf8_invalid(s->text, len)) >= 0) {
		struct tmpl_pos p = { s, (size_t)bad };
		struct srcloc loc = tmpl_pos_loc(p);

		/* no excerpt: the line itself is not printable as UTF-8 */
		diag_error(&loc, EXIT_DATA, "invalid UTF-8 (byte 0x%02x)",
		           (unsigned)(unsigned char)text[bad]);
		return NULL;
	}
	return s;
}

static size_t line_index(const struct tmpl_src *s, size_t off)
{
	size_t lo = 0, hi = s->nlines;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (s->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

struct srcloc tmpl_pos_loc(struct tmpl_pos p)
{
	struct srcloc loc = { NULL, 0, 0 };
	size_t li;
	int col = 1;

	if (p.src == NULL)
		return loc;
	if (p.off > p.src->len)
		p.off = p.src->len;
	li = line_index(p.src, p.off);
	col += (int)utf8_count(p.src->text + p.src->lines[li], p.off - p.src->lines[li]);
	loc.file = p.src->name;
	loc.line = (int)li + 1;
	loc.col = col;
	return loc;
}

#define EXCERPT_HALF 60   /* characters shown either side of the caret on a long line */

static void excerpt(struct tmpl_pos p, int col)
{
	size_t li, start, end;

	if (p.src == NULL)
		return;
	li = line_index(p.src, p.off > p.src->len ? p.src->len : p.off);
	start = p.src->lines[li];
	end = start;
	while (end < p.src->len && p.src->text[end] != '\n')
		end++;
	if (end > start && p.src->text[end - 1] == '\r')
		end--;
	if (end - start > 2 * EXCERPT_HALF) {
		/* a long line: EXCERPT_HALF characters either side of the caret */
		const char *t = p.src->text;
		size_t at = p.off < start ? start : p.off > end ? end : p.off, ws = at, we = at;
		int n, back = 0;
		struct buf shown = { 0 };

		for (n = 0; n < EXCERPT_HALF && ws > start; n++) {
			do
				ws--;
			while (ws > start && utf8_is_cont((unsigned char)t[ws]));
			back++;
		}
		for (n = 0; n < EXCERPT_HALF && we < end; n++)
			we += utf8_step(t + we, end - we);
		buf_printf(&shown, "%s%.*s%s", ws > start ? "..." : "", (int)(we - ws), t + ws,
		           we < end ? "..." : "");
		diag_excerpt(buf_cstr(&shown), shown.len, back + 1 + (ws > start ? 3 : 0));
		buf_free(&shown);
		return;
	}
	diag_excerpt(p.src->text + start, end - start, col);
}

void tmpl_err(struct tmpl_pos p, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	struct srcloc loc = tmpl_pos_loc(p);

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(p.src ? &loc : NULL, EXIT_DATA, "%s", msg);
	excerpt(p, loc.col);
}

void tmpl_warn(struct tmpl_pos p, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	struct srcloc loc = tmpl_pos_loc(p);

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_warn(p.src ? &loc : NULL, "%s", msg);
}

const char *tmpl_suggest(const char *s, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t bd = (size_t)-1, d, i, limit = strlen(s) / 3 + 1;

	for (i = 0; i < n; i++) {
		if (names[i] == NULL)
			continue;
		d = text_distance(s, names[i], false, 62);
		if (d < bd) {
			bd = d;
			best = names[i];
		}
	}
	return bd <= limit ? best : NULL;
}

const char *tmpl_meant(struct arena *a, const char *suggestion)
{
	if (suggestion == NULL)
		return "";
	return arena_printf(a, " (did you mean '%s'?)", suggestion);
}
