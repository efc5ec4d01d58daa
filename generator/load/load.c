/*
 * data: CSV/TSV datasets to typed tables, through libcsv's callbacks.
 * First stage of the pipeline (load -> model -> figures -> ...).
 *
 * libcsv knows nothing about positions, so the buffer is fed to it in
 * segments that each end on a structural byte (delimiter, CR or LF). A field
 * or row callback can only fire on such a byte, which is then the last byte
 * of the current segment; the field started at the first non-blank byte after
 * the previous callback's terminator. Lines and columns are counted here with
 * a cursor that only moves forward, so the whole file costs one extra pass.
 *
 * Positions in messages: line = physical line of the field's first byte
 * (newlines inside quoted fields and blank lines count); col = 1-based column,
 * in characters, of that byte, i.e. of the opening quote when the field is
 * quoted. A UTF-8 BOM is not a column. A row with too many fields is reported
 * at its first extra field, one with too few where it ends; a missing column
 * at the header line (no column); a duplicate key at the row's first key
 * cell; invalid UTF-8 at the first byte of the bad sequence. Composite keys
 * are shown joined by '|'. At most DATA_MAX_ERRORS messages per file.
 *
 * TSV (delim '\t') has no quoting: a quote is an ordinary character, as in
 * O*NET's text files (Conduct "head counts" to ...).
 */
#include "load/load.h"
#include "base/base.h"

#include <csv.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DATA_MAX_ERRORS 50   /* per file, then "too many errors" */
#define DATA_SHOW_MAX 40     /* characters of a value quoted in a message */

/* A field as libcsv delivered it, before it is mapped to a schema column. */
struct rawfield {
	const char *text;   /* arena copy, NUL-terminated */
	size_t len;         /* bytes */
	int line, col;
	bool spaced;        /* blanks before or after it, outside quotes (libcsv drops them) */
};

struct loader {
	struct arena *a;
	const char *name;                 /* arena copy, for messages */
	const struct dataset_schema *s;
	const char *buf;
	size_t len;

	/* position cursor: byte offset -> line:col, forward only */
	size_t cur_off;
	int cur_line, cur_col;

	size_t field_from;   /* where the next field may start */
	size_t term;         /* offset of the byte that ends the current segment */

	struct rawfield *f;  /* fields of the current row */
	size_t nf, capf;
	int row_line;
	size_t row_start;    /* offset of the row's first field */
	bool row_bad;        /* the row went past a limit: reported, not taken */

	bool have_header;
	int header_line;
	size_t nheader;      /* fields in the header */
	int *map;            /* header field -> schema column, or -1 */
	int *colfield;       /* schema column -> header field, or -1 */

	struct cell *cells;  /* nrows * s->ncols */
	int *row_lines;
	size_t nrows, caprows;

	uint32_t *keyidx;    /* open addressing over rows: row + 1, 0 = empty */
	size_t keycap;       /* power of two, or 0 when the schema has no key */
	bool has_key;

	char *pool;          /* every field's text, back to back */
	size_t pool_used;

	int nerr;
	bool stopped;        /* error cap reached */
};

/* ---- numbers ---- */

enum numres { NUM_OK, NUM_SYNTAX, NUM_NONFINITE };

static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool eq_nocase(const char *s, const char *word)
{
	for (; *s != '\0' && *word != '\0'; s++, word++)
		if (ascii_lower((unsigned char)*s) != *word)
			return false;
	return *s == '\0' && *word == '\0';
}

/* strtod on a string already checked against the grammar, in the "C"
 * locale whatever the process locale is. */
static double strtod_c(const char *s)
{
	static locale_t c_loc;
	locale_t old;
	double v;

	if (c_loc == (locale_t)0)
		c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (c_loc == (locale_t)0)
		return strtod(s, NULL);   /* cannot happen with glibc */
	old = uselocale(c_loc);
	v = strtod(s, NULL);
	uselocale(old);
	return v;
}

/*
 * Grammar: [+-]? (digits ['.' digits*] | '.' digits) ([eE] [+-]? digits)?
 * Short numbers (at most 19 significant digits fitting 2^53, power of ten
 * within 10^22) are converted exactly with one IEEE operation; the rest go
 * to strtod in the C locale.
 */
static enum numres parse_number(const char *s, double *out, bool *is_int)
{
	const char *p = s;
	bool neg = false;
	uint64_t mant = 0;
	int ndig = 0, nint = 0, nfrac = 0, scale = 0;
	long ex = 0;
	bool exneg = false;
	double v;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (eq_nocase(p, "inf") || eq_nocase(p, "infinity") || eq_nocase(p, "nan"))
		return NUM_NONFINITE;
	for (; *p >= '0' && *p <= '9'; p++, nint++) {
		if (mant == 0 && *p == '0')
			continue;
		if (ndig < 19)
			mant = mant * 10 + (uint64_t)(*p - '0');
		else
			scale++;
		ndig++;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, nfrac++) {
			if (mant == 0 && *p == '0') {
				scale--;
				continue;
			}
			if (ndig < 19) {
				mant = mant * 10 + (uint64_t)(*p - '0');
				scale--;
			}
			ndig++;
		}
	}
	if (nint + nfrac == 0)
		return NUM_SYNTAX;
	if (is_int != NULL)
		*is_int = nfrac == 0 && *p == '\0' && p[-1] != '.';
	if (*p == 'e' || *p == 'E') {
		int nexp = 0;

		p++;
		if (*p == '+' || *p == '-')
			exneg = *p++ == '-';
		for (; *p >= '0' && *p <= '9'; p++, nexp++)
			if (ex < 100000)
				ex = ex * 10 + (*p - '0');
		if (nexp == 0)
			return NUM_SYNTAX;
	}
	if (*p != '\0')
		return NUM_SYNTAX;
	if (exneg)
		ex = -ex;
	ex += scale;
	if (mant == 0) {
		v = 0.0;
	} else if (ndig <= 19 && mant <= ((uint64_t)1 << 53) && ex >= -22 && ex <= 22) {
		v = (double)mant;
		v = ex < 0 ? v / pow10_exact[-ex] : v * pow10_exact[ex];
	} else {
		v = strtod_c(neg ? s + 1 : (*s == '+' ? s + 1 : s));
		if (!isfinite(v))
			return NUM_NONFINITE;
	}
	*out = neg ? -v : v;
	return NUM_OK;
}

int data_parse_number(const char *s, double *out)
{
	double v;

	if (s == NULL || parse_number(s, &v, NULL) != NUM_OK)
		return -1;
	*out = v;
	return 0;
}

/* ---- UTF-8 ---- */

/* The loader's name for base's utf8_invalid (load.h), kept for its callers. */
long data_utf8_invalid(const char *str, size_t len)
{
	return utf8_invalid(str, len);
}

/* ---- positions and messages ---- */

/* Move the cursor to byte offset off (never backwards) and return its
 * line:col. A lone CR ends a line like LF does. */
static void position(struct loader *ld, size_t off, int *line, int *col)
{
	const unsigned char *s = (const unsigned char *)ld->buf;
	size_t i = ld->cur_off, end = off < ld->len ? off : ld->len;
	int ln = ld->cur_line, cl = ld->cur_col;

	for (; i < end; i++) {
		unsigned c = s[i];

		if (c > '\r') {
			cl += !utf8_is_cont((unsigned char)c);   /* a continuation byte is no column */
		} else if (c == '\n' || (c == '\r' && (i + 1 >= ld->len || s[i + 1] != '\n'))) {
			ln++;
			cl = 1;
		} else {
			cl++;
		}
	}
	ld->cur_off = i;
	ld->cur_line = ln;
	ld->cur_col = cl;
	*line = ln;
	*col = cl;
}

/* A value as shown inside '...' in a message: at most DATA_SHOW_MAX
 * characters, control characters escaped. Arena-owned. */
static const char *show(struct loader *ld, const char *v)
{
	struct buf b = { 0 };
	const unsigned char *p = (const unsigned char *)v;
	int nch = 0;
	char *r;

	for (; *p != '\0'; p++) {
		if (!utf8_is_cont(*p) && nch++ == DATA_SHOW_MAX) {
			buf_puts(&b, "...");
			break;
		}
		if (*p == '\n')
			buf_puts(&b, "\\n");
		else if (*p == '\r')
			buf_puts(&b, "\\r");
		else if (*p == '\t')
			buf_puts(&b, "\\t");
		else if (*p < 0x20 || *p == 0x7F)
			buf_printf(&b, "\\x%02X", *p);
		else
			buf_putc(&b, (char)*p);
	}
	r = arena_strdup(ld->a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

static void report(struct loader *ld, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void report(struct loader *ld, int line, int col, const char *fmt, ...)
{
	struct srcloc loc = { ld->name, line, col };
	char msg[1024];
	va_list ap;

	if (ld->stopped)
		return;
	if (ld->nerr == DATA_MAX_ERRORS) {
		loc.line = 0;
		diag_error(&loc, EXIT_DATA, "too many errors (%d), giving up on this file",
		           DATA_MAX_ERRORS);
		ld->stopped = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(&loc, EXIT_DATA, "%s", msg);
	ld->nerr++;
}

/* ---- cells ---- */

static bool code_ok(const char *v)
{
	if (*v == '\0')
		return false;
	for (; *v != '\0'; v++) {
		unsigned char c = (unsigned char)*v;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

static bool enum_ok(const char *values, const char *v)
{
	size_t n = strlen(v);
	const char *p = values, *bar;

	for (;;) {
		bar = strchr(p, '|');
		if ((size_t)((bar ? bar : p + strlen(p)) - p) == n && strncmp(p, v, n) == 0)
			return true;
		if (bar == NULL)
			return false;
		p = bar + 1;
	}
}

static const char *enum_list(struct loader *ld, const char *values)
{
	struct buf b = { 0 };
	const char *p;
	char *r;

	for (p = values; *p != '\0'; p++) {
		if (*p == '|')
			buf_puts(&b, ", ");
		else
			buf_putc(&b, *p);
	}
	r = arena_strdup(ld->a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

/* A number column's cell that is not a number: say why when it is a
 * thousands separator ("1,234", "12,345.5"). */
static void syntax_error(struct loader *ld, const struct cell *c, const char *v, const char *name)
{
	const char *p = v + (*v == '+' || *v == '-');
	size_t lead = strspn(p, "0123456789"), groups = 0;

	if (lead >= 1 && lead <= 3) {
		p += lead;
		while (p[0] == ',' && strspn(p + 1, "0123456789") >= 3 &&
		       (p[4] < '0' || p[4] > '9')) {
			p += 4;
			groups++;
		}
		if (*p == '.')
			p += 1 + strspn(p + 1, "0123456789");
		if (*p == '%')
			p++;
		if (groups > 0 && *p == '\0') {
			report(ld, c->line, c->col, "'%s' has a thousands separator (column '%s'): "
			       "write numbers without separators", show(ld, v), name);
			return;
		}
	}
	report(ld, c->line, c->col, "'%s' is not a number (column '%s')", show(ld, v), name);
}

/* Check one non-empty cell against its column and set c->num. */
static void check_cell(struct loader *ld, const struct col_schema *cs, struct cell *c)
{
	const char *v = c->text;
	const char *name = cs->name;
	double num = 0.0;
	bool is_int = false;
	enum numres r;

	if (cs->type != COL_TEXT && (v[0] == ' ' || v[0] == '\t' || v[strlen(v) - 1] == ' ' ||
	                             v[strlen(v) - 1] == '\t')) {
		report(ld, c->line, c->col, "stray space around '%s' (column '%s'): write %s "
		       "without spaces", show(ld, v), name,
		       cs->type == COL_ENUM || cs->type == COL_CODE ? "codes" : "numbers");
		return;
	}
	switch (cs->type) {
	case COL_TEXT:
		if (cs->max_chars > 0) {
			size_t nch = utf8_count(v, strlen(v));

			if (nch > cs->max_chars)
				report(ld, c->line, c->col, "'%s' is %zu characters long; "
				       "column '%s' allows at most %zu", show(ld, v), nch, name,
				       cs->max_chars);
		}
		return;
	case COL_CODE:
		if (!code_ok(v))
			report(ld, c->line, c->col, "'%s' is not a valid code (column '%s')",
			       show(ld, v), name);
		return;
	case COL_ENUM:
		if (cs->enum_values == NULL || !enum_ok(cs->enum_values, v))
			report(ld, c->line, c->col, "'%s' is not one of %s (column '%s')",
			       show(ld, v), cs->enum_values ? enum_list(ld, cs->enum_values) : "(none)",
			       name);
		return;
	case COL_SHARE: {
		size_t n = strlen(v);
		bool pct = n > 0 && v[n - 1] == '%';

		if (pct) {
			char *t = arena_strndup(ld->a, v, n - 1);

			r = parse_number(t, &num, NULL);
			num /= 100.0;
		} else {
			r = parse_number(v, &num, NULL);
		}
		if (r == NUM_SYNTAX) {
			syntax_error(ld, c, v, name);
		} else if (r == NUM_NONFINITE) {
			report(ld, c->line, c->col, "'%s' is not a finite number (column '%s')",
			       show(ld, v), name);
		} else if (num > 1.0) {
			report(ld, c->line, c->col, "'%s' is above 100%% (column '%s')", show(ld, v), name);
		} else if (num < 0.0) {
			report(ld, c->line, c->col, "'%s' is below 0%% (column '%s')", show(ld, v), name);
		} else {
			c->num = num;
		}
		return;
	}
	case COL_INT:
	case COL_NUM:
		r = parse_number(v, &num, &is_int);
		if (r == NUM_SYNTAX) {
			syntax_error(ld, c, v, name);
			return;
		}
		if (r == NUM_NONFINITE) {
			report(ld, c->line, c->col, "'%s' is not a finite number (column '%s')",
			       show(ld, v), name);
			return;
		}
		if (cs->type == COL_INT && !is_int) {
			report(ld, c->line, c->col, "'%s' is not an integer (column '%s')",
			       show(ld, v), name);
			return;
		}
		if (cs->type == COL_INT && fabs(num) > 9007199254740992.0) {
			report(ld, c->line, c->col, "'%s' is too large for an integer (column '%s')",
			       show(ld, v), name);
			return;
		}
		if (cs->has_min && num < cs->min) {
			report(ld, c->line, c->col, "'%s' is below the minimum %.15g (column '%s')",
			       show(ld, v), cs->min, name);
			return;
		}
		if (cs->has_max && num > cs->max) {
			report(ld, c->line, c->col, "'%s' is above the maximum %.15g (column '%s')",
			       show(ld, v), cs->max, name);
			return;
		}
		if ((!cs->has_max && num > DATA_MAX_MAGNITUDE) ||
		    (!cs->has_min && num < -DATA_MAX_MAGNITUDE)) {
			report(ld, c->line, c->col, "'%s' is beyond the limit of %g for any number "
			       "(column '%s')", show(ld, v), DATA_MAX_MAGNITUDE, name);
			return;
		}
		c->num = num;
		return;
	}
}

/* ---- keys ---- */

/* The key hash is FNV-1a over each key cell followed by a separator, then a
 * finaliser; dataset_find() computes the same hash for a one-column key. */
#define KEY_FNV_BASIS 1469598103934665603ULL
#define KEY_FNV_PRIME 1099511628211ULL

static uint64_t key_hash_field(uint64_t h, const char *text)
{
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p != '\0'; p++)
		h = (h ^ *p) * KEY_FNV_PRIME;
	return (h ^ 0x1F) * KEY_FNV_PRIME;
}

static uint64_t key_hash_final(uint64_t h)
{
	/* FNV's low bits cluster on keys like "c1".."c99999": mix them */
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	return h;
}

static uint64_t key_hash(const struct loader *ld, const struct cell *row)
{
	uint64_t h = KEY_FNV_BASIS;
	size_t j;

	for (j = 0; j < ld->s->ncols; j++)
		if (ld->s->cols[j].key)
			h = key_hash_field(h, row[j].text);
	return key_hash_final(h);
}

static bool key_equal(const struct loader *ld, const struct cell *x, const struct cell *y)
{
	size_t j;

	for (j = 0; j < ld->s->ncols; j++)
		if (ld->s->cols[j].key && strcmp(x[j].text, y[j].text) != 0)
			return false;
	return true;
}

static const char *key_text(struct loader *ld, const struct cell *row)
{
	struct buf b = { 0 };
	size_t j;
	bool first = true;
	const char *r;

	for (j = 0; j < ld->s->ncols; j++) {
		if (!ld->s->cols[j].key)
			continue;
		if (!first)
			buf_putc(&b, '|');
		buf_puts(&b, row[j].text);
		first = false;
	}
	r = show(ld, buf_cstr(&b));
	buf_free(&b);
	return r;
}

static void key_insert_slot(uint32_t *idx, size_t cap, uint64_t h, uint32_t val)
{
	size_t i = (size_t)h & (cap - 1);

	while (idx[i] != 0)
		i = (i + 1) & (cap - 1);
	idx[i] = val;
}

/* Check row r's key against the earlier rows, then remember it. */
static void key_check(struct loader *ld, size_t r)
{
	const struct cell *row = ld->cells + r * ld->s->ncols;
	uint64_t h = key_hash(ld, row);
	size_t i, j;

	if ((r + 1) * 2 > ld->keycap) {
		size_t ncap = ld->keycap ? ld->keycap * 2 : 256;
		uint32_t *nidx = arena_calloc(ld->a, ncap, sizeof *nidx);

		for (i = 0; i < ld->keycap; i++)
			if (ld->keyidx[i] != 0)
				key_insert_slot(nidx, ncap,
				                key_hash(ld, ld->cells + (ld->keyidx[i] - 1) * ld->s->ncols),
				                ld->keyidx[i]);
		ld->keyidx = nidx;
		ld->keycap = ncap;
	}
	for (i = (size_t)h & (ld->keycap - 1); ld->keyidx[i] != 0; i = (i + 1) & (ld->keycap - 1)) {
		const struct cell *other = ld->cells + (ld->keyidx[i] - 1) * ld->s->ncols;

		if (key_equal(ld, row, other)) {
			const struct cell *at = row;

			for (j = 0; j < ld->s->ncols; j++)
				if (ld->s->cols[j].key) {
					at = row + j;
					break;
				}
			report(ld, at->line, at->col, "duplicate key '%s' (first on line %d)",
			       key_text(ld, row), ld->row_lines[ld->keyidx[i] - 1]);
			return;
		}
	}
	ld->keyidx[i] = (uint32_t)(r + 1);
}

/* ---- header and rows ---- */

static uint64_t hash_str(const char *p)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	return h ^ (h >> 33);
}

static void take_header(struct loader *ld)
{
	const struct dataset_schema *s = ld->s;
	size_t i, j, seencap;
	uint32_t *seen;

	ld->have_header = true;
	ld->header_line = ld->row_line;
	ld->nheader = ld->nf;
	ld->map = arena_calloc(ld->a, ld->nf, sizeof *ld->map);
	ld->colfield = arena_calloc(ld->a, s->ncols ? s->ncols : 1, sizeof *ld->colfield);
	for (j = 0; j < s->ncols; j++)
		ld->colfield[j] = -1;
	for (i = 0; i < ld->nf; i++)
		ld->map[i] = -1;
	/* names seen so far, hashed: a header may be very wide */
	for (seencap = 16; seencap < 2 * ld->nf; seencap *= 2)
		;
	seen = arena_calloc(ld->a, seencap, sizeof *seen);
	for (i = 0; i < ld->nf && !ld->stopped; i++) {
		const struct rawfield *f = &ld->f[i];
		int found = -1;
		size_t k;

		for (k = (size_t)hash_str(f->text) & (seencap - 1); seen[k] != 0;
		     k = (k + 1) & (seencap - 1))
			if (strcmp(ld->f[seen[k] - 1].text, f->text) == 0)
				break;
		if (seen[k] != 0) {
			report(ld, f->line, f->col, "duplicate column '%s' (first at column %d)",
			       show(ld, f->text), ld->f[seen[k] - 1].col);
			continue;
		}
		seen[k] = (uint32_t)(i + 1);
		for (j = 0; j < s->ncols; j++)
			if (strcmp(s->cols[j].name, f->text) == 0)
				found = (int)j;
		if (found >= 0) {
			ld->map[i] = found;
			ld->colfield[found] = (int)i;
			continue;
		}
		if (s->allow_extra_cols)
			continue;
		if (f->len == 0) {
			report(ld, f->line, f->col, "empty column name");
		} else {
			const char *best = NULL;
			size_t bestd = SIZE_MAX;

			for (j = 0; j < s->ncols; j++) {
				size_t d = text_distance(f->text, s->cols[j].name, true, 64);

				if (d < bestd) {
					bestd = d;
					best = s->cols[j].name;
				}
			}
			if (best != NULL && bestd <= 2 && bestd * 3 <= strlen(best))
				report(ld, f->line, f->col, "unknown column '%s' (did you mean '%s'?)",
				       show(ld, f->text), best);
			else
				report(ld, f->line, f->col, "unknown column '%s'", show(ld, f->text));
		}
	}
	for (j = 0; j < s->ncols; j++)
		if ((s->cols[j].required || s->cols[j].key) && ld->colfield[j] < 0) {
			report(ld, ld->header_line, 0, "missing column '%s'", s->cols[j].name);
			if (s->cols[j].key)
				ld->has_key = false;   /* every key would look the same */
		}
}

static void take_row(struct loader *ld)
{
	const struct dataset_schema *s = ld->s;
	struct cell *row;
	size_t i, j;

	if (ld->nrows >= DATA_MAX_ROWS) {
		report(ld, ld->row_line, 1, "more than %u data rows, the limit of one file",
		       DATA_MAX_ROWS);
		ld->stopped = true;
		return;
	}
	if (ld->nf != ld->nheader) {
		if (ld->nf > ld->nheader) {
			const struct rawfield *x = &ld->f[ld->nheader];

			/* "1,234" unquoted: the separator split a number in two */
			for (i = 0; i + 1 < ld->nf && i < ld->nheader; i++) {
				const struct rawfield *g = &ld->f[i], *h = &ld->f[i + 1];
				int sc = ld->map[i];

				enum col_type ty = sc >= 0 ? s->cols[sc].type : COL_TEXT;

				if (ty != COL_TEXT && ty != COL_CODE && ty != COL_ENUM &&
				    g->len >= 1 && g->len <= 3 &&
				    strspn(g->text, "0123456789") == g->len && h->len == 3 &&
				    strspn(h->text, "0123456789") == 3) {
					struct buf num = { 0 };
					size_t k;

					buf_puts(&num, g->text);
					for (k = i + 1; k < ld->nf && ld->f[k].len == 3 &&
					     strspn(ld->f[k].text, "0123456789") == 3; k++)
						buf_printf(&num, ",%s", ld->f[k].text);
					report(ld, g->line, g->col, "'%s' has a thousands "
					       "separator, which splits the field (column '%s'): "
					       "write numbers without separators",
					       show(ld, buf_cstr(&num)), s->cols[sc].name);
					buf_free(&num);
					return;
				}
			}
			report(ld, x->line, x->col, "expected %zu fields, found %zu", ld->nheader, ld->nf);
		} else {
			int line, col;

			position(ld, ld->term, &line, &col);
			report(ld, line, col, "expected %zu fields, found %zu", ld->nheader, ld->nf);
		}
		return;
	}
	if (ld->nrows == ld->caprows) {
		/* not reached: caprows is the number of lines */
		size_t ncap = ld->caprows ? ld->caprows * 2 : 64;

		ld->cells = arena_grow(ld->a, ld->cells, ld->caprows * s->ncols,
		                       ncap * s->ncols, sizeof *ld->cells);
		ld->row_lines = arena_grow(ld->a, ld->row_lines, ld->caprows, ncap,
		                           sizeof *ld->row_lines);
		ld->caprows = ncap;
	}
	row = ld->cells + ld->nrows * s->ncols;
	for (j = 0; j < s->ncols; j++) {
		row[j].text = "";
		row[j].num = NAN;
		row[j].line = ld->row_line;
		row[j].col = 0;
		row[j].present = false;
	}
	for (i = 0; i < ld->nf; i++) {
		const struct rawfield *f = &ld->f[i];
		int sc = ld->map[i];
		struct cell *c;

		if (sc < 0)
			continue;
		c = &row[sc];
		c->text = f->text;
		c->line = f->line;
		c->col = f->col;
		c->present = f->len > 0;
		if (c->present && f->spaced && s->cols[sc].type != COL_TEXT) {
			report(ld, f->line, f->col, "stray space around '%s' (column '%s'): "
			       "write %s without spaces", show(ld, f->text), s->cols[sc].name,
			       s->cols[sc].type == COL_ENUM || s->cols[sc].type == COL_CODE ?
			       "codes" : "numbers");
			continue;
		}
		if (!c->present) {
			if (s->cols[sc].required)
				report(ld, f->line, f->col, "empty value in required column '%s'",
				       s->cols[sc].name);
			continue;
		}
		check_cell(ld, &s->cols[sc], c);
	}
	ld->row_lines[ld->nrows] = ld->row_line;
	ld->nrows++;
	if (ld->has_key)
		key_check(ld, ld->nrows - 1);
}

/* ---- libcsv callbacks ---- */

static void on_field(void *data, size_t n, void *ud)
{
	struct loader *ld = ud;
	const char *s = ld->buf;
	size_t start = ld->field_from;
	struct rawfield *f;
	bool lead = false, trail;

	/* skip what libcsv skipped: blank lines before a row, leading spaces */
	while (start < ld->term) {
		char c = s[start];

		if ((c == ' ' || c == '\t') && c != ld->s->delim) {
			start++;
			lead = true;
		} else if ((c == '\r' || c == '\n') && ld->nf == 0) {
			start++;
			lead = false;
		} else {
			break;
		}
	}
	trail = ld->term > start && ld->term <= ld->len &&
	        (s[ld->term - 1] == ' ' || s[ld->term - 1] == '\t') &&
	        s[ld->term - 1] != ld->s->delim;
	if (ld->nf == ld->capf) {
		size_t ncap = ld->capf ? ld->capf * 2 : 16;

		ld->f = arena_grow(ld->a, ld->f, ld->capf, ncap, sizeof *ld->f);
		ld->capf = ncap;
	}
	f = &ld->f[ld->nf++];
	/* the pool was sized from the input: a field never grows */
	f->text = ld->pool + ld->pool_used;
	if (n > 0)
		memcpy(ld->pool + ld->pool_used, data, n);
	ld->pool[ld->pool_used + n] = '\0';
	ld->pool_used += n + 1;
	f->len = n;
	/* blanks outside quotes are layout: only an unquoted value is "spaced" */
	f->spaced = (lead || trail) &&
	            !(ld->s->delim != '\t' && start < ld->term && s[start] == '"');
	position(ld, start, &f->line, &f->col);
	if (ld->nf == 1) {
		ld->row_line = f->line;
		ld->row_start = start;
	}
	if (n > DATA_MAX_FIELD_BYTES && !ld->row_bad) {
		report(ld, f->line, f->col, "field of %zu bytes, more than the limit of %u bytes "
		       "(%u KB)", n, DATA_MAX_FIELD_BYTES, DATA_MAX_FIELD_BYTES >> 10);
		ld->row_bad = true;
	}
	ld->field_from = ld->term + 1;
}

static void on_row(int term, void *ud)
{
	struct loader *ld = ud;

	(void)term;
	if (!ld->row_bad && ld->nf > 0 && ld->term - ld->row_start > DATA_MAX_LINE_BYTES) {
		report(ld, ld->row_line, 1, "record of %zu bytes, more than the limit of %u bytes "
		       "(%u MB)", ld->term - ld->row_start, DATA_MAX_LINE_BYTES,
		       DATA_MAX_LINE_BYTES >> 20);
		ld->row_bad = true;
	}
	if (ld->row_bad && !ld->have_header)
		ld->stopped = true;   /* no header: the rows cannot be read */
	if (!ld->stopped && !ld->row_bad) {
		if (!ld->have_header)
			take_header(ld);
		else
			take_row(ld);
	}
	ld->row_bad = false;
	ld->nf = 0;
	ld->field_from = ld->term + 1;
}

/* ---- loading ---- */

static void parse_error(struct loader *ld, size_t off, bool at_eof)
{
	int line, col;

	if (at_eof) {
		/* the open field starts at field_from (after blanks): its quote */
		size_t start = ld->field_from;

		while (start < ld->len && ld->buf[start] != '"')
			start++;
		position(ld, start, &line, &col);
		report(ld, line, col, "unterminated quoted field");
		return;
	}
	position(ld, off, &line, &col);
	if (ld->buf[off] == '"')
		report(ld, line, col, "stray quote in unquoted field (quote the whole field "
		       "and double the quote)");
	else
		report(ld, line, col, "unexpected character after closing quote");
}

static void file_too_large(const char *name, size_t len)
{
	struct srcloc loc = { name, 0, 0 };

	diag_error(&loc, EXIT_DATA, "file of %zu bytes, more than the limit of %u bytes (%u MB)",
	           len, DATA_MAX_FILE_BYTES, DATA_MAX_FILE_BYTES >> 20);
}

int data_load_buf(struct arena *a, const char *name, const char *bytes, size_t len,
                  const struct dataset_schema *schema, struct dataset *out)
{
	unsigned char structural[256];
	struct loader ld;
	struct csv_parser p;
	unsigned char delim = schema->delim ? (unsigned char)schema->delim : ',';
	size_t pos, j;
	long bad;
	int rc = -1;

	memset(&ld, 0, sizeof ld);
	memset(out, 0, sizeof *out);
	ld.a = a;
	ld.name = arena_strdup(a, name);
	ld.s = schema;
	ld.buf = bytes;
	ld.len = len;
	ld.cur_line = 1;
	ld.cur_col = 1;
	out->path = ld.name;
	out->schema = schema;
	out->ncols = schema->ncols;
	for (j = 0; j < schema->ncols; j++)
		if (schema->cols[j].key)
			ld.has_key = true;

	if (len > DATA_MAX_FILE_BYTES) {
		file_too_large(ld.name, len);
		return -1;
	}
	if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
		ld.cur_off = 3;   /* the BOM is not a column */
	}
	pos = ld.cur_off;
	ld.field_from = pos;

	bad = data_utf8_invalid(bytes + pos, len - pos);
	if (bad >= 0) {
		int line, col;

		position(&ld, pos + (size_t)bad, &line, &col);
		report(&ld, line, col, "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
		       (unsigned char)bytes[pos + (size_t)bad]);
		return -1;
	}
	{
		const char *nul = memchr(bytes + pos, '\0', len - pos);

		if (nul != NULL) {
			int line, col;

			position(&ld, (size_t)(nul - bytes), &line, &col);
			report(&ld, line, col, "NUL byte in file");
			return -1;
		}
	}

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		struct srcloc loc = { ld.name, 0, 0 };

		diag_error(&loc, EXIT_SYS, "cannot initialise the CSV parser");
		return -1;
	}
	/* libcsv grows a field's buffer by this much at a time: its default of
	 * 128 bytes makes a long field cost one realloc per 128 bytes, which is
	 * quadratic wherever realloc copies (sanitizers, some allocators) */
	csv_set_blk_size(&p, (size_t)1 << 20);
	csv_set_delim(&p, delim);
	if (delim == '\t')
		csv_set_quote(&p, '\0');   /* TSV has no quoting; NUL never gets here */
	memset(structural, 0, sizeof structural);
	structural['\n'] = structural['\r'] = structural[delim] = 1;

	/* Size everything once from the input: rows <= line ends + 1, fields <=
	 * structural bytes + 1, text <= input bytes. Growing by doubling costs
	 * several times more on 100,000 rows (page faults). */
	{
		size_t nstruct = 0, nlines = 0, i;
		unsigned char kind[256];   /* bit 0: structural, bit 1: line end */

		memcpy(kind, structural, sizeof kind);
		kind['\n'] |= 2;
		kind['\r'] |= 2;
		for (i = pos; i < len; i++) {
			unsigned k = kind[(unsigned char)bytes[i]];

			nstruct += k & 1;
			nlines += k >> 1;
		}
		ld.pool = arena_alloc(a, len - pos + nstruct + 2);
		/* take_row stops at DATA_MAX_ROWS */
		ld.caprows = nlines + 1 < DATA_MAX_ROWS ? nlines + 1 : DATA_MAX_ROWS;
		ld.cells = arena_calloc(a, ld.caprows * (schema->ncols ? schema->ncols : 1),
		                        sizeof *ld.cells);
		ld.row_lines = arena_calloc(a, ld.caprows, sizeof *ld.row_lines);
		if (ld.has_key) {
			ld.keycap = 256;
			while (ld.keycap < 2 * ld.caprows)
				ld.keycap *= 2;
			ld.keyidx = arena_calloc(a, ld.keycap, sizeof *ld.keyidx);
		}
	}

	while (pos < len && !ld.stopped) {
		size_t end = pos, got;

		while (end < len && !structural[(unsigned char)bytes[end]])
			end++;
		if (end < len)
			end++;
		ld.term = end - 1;
		got = csv_parse(&p, bytes + pos, end - pos, on_field, on_row, &ld);
		if (got != end - pos) {
			if (csv_error(&p) == CSV_EPARSE)
				parse_error(&ld, pos + got, false);
			else
				report(&ld, 0, 0, "CSV parser: %s", csv_strerror(csv_error(&p)));
			goto out;
		}
		pos = end;
	}
	if (!ld.stopped) {
		ld.term = len;
		if (csv_fini(&p, on_field, on_row, &ld) != 0) {
			parse_error(&ld, len, true);
			goto out;
		}
	}
	if (!ld.have_header && ld.nerr == 0) {
		struct srcloc loc = { ld.name, 0, 0 };

		diag_error(&loc, EXIT_DATA, "empty file: expected a header line");
		ld.nerr++;
	}
	if (ld.nerr == 0 && !ld.stopped)
		rc = 0;
out:
	csv_free(&p);
	if (rc == 0) {
		out->nrows = ld.nrows;
		out->cells = ld.cells;
		out->row_line = ld.row_lines;
		out->header_line = ld.header_line;
		if (ld.has_key) {
			size_t nkey = 0;

			for (j = 0; j < schema->ncols; j++)
				if (schema->cols[j].key) {
					out->keycol = j;
					nkey++;
				}
			if (nkey == 1) {
				out->keyidx = ld.keyidx;
				out->keycap = ld.keycap;
			}
		}
	}
	return rc;
}

int data_load(struct arena *a, const char *path, const struct dataset_schema *schema,
              struct dataset *out)
{
	struct buf b = { 0 };
	struct stat st;
	int rc;

	/* too large: said before reading it */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (uintmax_t)st.st_size > DATA_MAX_FILE_BYTES) {
		memset(out, 0, sizeof *out);
		file_too_large(path, (size_t)st.st_size);
		return -1;
	}
	if (buf_read_file(&b, path) != 0) {
		struct srcloc loc = { path, 0, 0 };
		int err = errno;

		memset(out, 0, sizeof *out);
		diag_error(&loc, EXIT_SYS, "cannot read file: %s", strerror(err));
		buf_free(&b);
		return -1;
	}
	rc = data_load_buf(a, path, b.data ? b.data : "", b.len, schema, out);
	buf_free(&b);
	return rc;
}

/* ---- accessors ---- */

const char *dataset_file(const struct dataset *t)
{
	const char *slash;

	if (t->path == NULL)
		return "";
	slash = strrchr(t->path, '/');
	return slash != NULL ? slash + 1 : t->path;
}

int data_require_rows(const struct dataset *t, size_t n)
{
	struct srcloc loc = { t->path, t->header_line, 0 };
	const char *name = t->schema != NULL ? t->schema->name : "?";

	if (t->nrows >= n)
		return 0;
	if (t->nrows == 0)
		diag_error(&loc, EXIT_DATA, "no data rows: the file has only its header "
		           "(dataset '%s' needs at least %zu)", name, n);
	else
		diag_error(&loc, EXIT_DATA, "%zu data rows; dataset '%s' needs at least %zu",
		           t->nrows, name, n);
	return -1;
}

int dataset_col(const struct dataset *t, const char *name)
{
	size_t j;

	for (j = 0; j < t->ncols; j++)
		if (strcmp(t->schema->cols[j].name, name) == 0)
			return (int)j;
	return -1;
}

const struct cell *dataset_cell(const struct dataset *t, size_t row, size_t col)
{
	return &t->cells[row * t->ncols + col];
}

double dataset_num(const struct dataset *t, size_t row, size_t col)
{
	return t->cells[row * t->ncols + col].num;
}

const char *dataset_text(const struct dataset *t, size_t row, size_t col)
{
	return t->cells[row * t->ncols + col].text;
}

struct srcloc dataset_loc(const struct dataset *t, size_t row, size_t col)
{
	const struct cell *c = dataset_cell(t, row, col);
	struct srcloc loc = { t->path, c->line, c->col };

	return loc;
}

long dataset_find(const struct dataset *t, size_t col, const char *key)
{
	size_t r;

	/* a loaded table has unique keys, so the one match is also the first */
	if (t->keyidx != NULL && col == t->keycol) {
		size_t i, mask = t->keycap - 1;

		for (i = (size_t)key_hash_final(key_hash_field(KEY_FNV_BASIS, key)) & mask;
		     t->keyidx[i] != 0; i = (i + 1) & mask) {
			r = t->keyidx[i] - 1;
			if (strcmp(t->cells[r * t->ncols + col].text, key) == 0)
				return (long)r;
		}
		return -1;
	}

	for (r = 0; r < t->nrows; r++)
		if (strcmp(t->cells[r * t->ncols + col].text, key) == 0)
			return (long)r;
	return -1;
}

char *data_path(struct arena *a, const char *dir, const char *file)
{
	size_t n = strlen(dir);

	if (n == 0)
		return arena_strdup(a, file);
	if (dir[n - 1] == '/')
		return arena_printf(a, "%s%s", dir, file);
	return arena_printf(a, "%s/%s", dir, file);
}

int data_load_in(struct arena *a, const char *dir, const char *file,
                 const struct dataset_schema *schema, struct dataset *out)
{
	return data_load(a, data_path(a, dir, file), schema, out);
}

void dataset_error(const struct dataset *t, size_t row, size_t col, const char *fmt, ...)
{
	struct srcloc loc = dataset_loc(t, row, col);
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_error(&loc, EXIT_DATA, "%s", msg);
}

bool data_is_slug(const char *s)
{
	bool after_hyphen = true;   /* a slug does not start with a hyphen */

	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
			after_hyphen = false;
		else if (*s == '-' && !after_hyphen)
			after_hyphen = true;
		else
			return false;
	}
	return !after_hyphen;
}
