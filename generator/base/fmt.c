/*
 * fmt: number, date and case formatting (see fmt.h for the conventions).
 *
 * Rounding works on decimal digits, not on binary doubles: the value is
 * printed with 15 significant digits (which recovers the decimal a human
 * typed, e.g. 1.005 rather than 1.00499999999999989...), then rounded half
 * away from zero on that digit string. "%e" output has no locale-dependent
 * part we rely on (we read only digits and the exponent).
 */
#include "base/base.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIG 15

/* A rounded decimal: digits d[0..n) where d[0] has place value 10^top. */
struct dec {
	bool neg;
	int top;
	int n;
	unsigned char d[SIG + 2];
};

static int dec_digit(const struct dec *x, int place)
{
	int i = x->top - place;

	if (i < 0 || i >= x->n)
		return 0;
	return x->d[i];
}

static void dec_round(double v, int decimals, struct dec *x)
{
	char tmp[64];
	unsigned char sig[SIG];
	int ns = 0, e, keep, i;
	const char *p;
	bool up;

	memset(x, 0, sizeof *x);
	x->neg = v < 0;
	snprintf(tmp, sizeof tmp, "%.*e", SIG - 1, fabs(v));
	for (p = tmp; *p && *p != 'e' && *p != 'E'; p++)
		if (isdigit((unsigned char)*p) && ns < SIG)
			sig[ns++] = (unsigned char)(*p - '0');
	e = *p ? atoi(p + 1) : 0;
	while (ns < SIG)
		sig[ns++] = 0;
	keep = e + decimals + 1;   /* digits whose place is >= 10^-decimals */
	if (keep >= SIG) {
		memcpy(x->d, sig, SIG);
		x->n = SIG;
		x->top = e;
	} else if (keep <= 0) {
		/* everything is below the last place; only keep == 0 can round up */
		x->top = -decimals;
		x->n = 1;
		x->d[0] = (keep == 0 && sig[0] >= 5) ? 1 : 0;
	} else {
		memcpy(x->d, sig, (size_t)keep);
		x->n = keep;
		x->top = e;
		up = sig[keep] >= 5;
		for (i = keep - 1; up && i >= 0; i--) {
			if (x->d[i] == 9) {
				x->d[i] = 0;
			} else {
				x->d[i]++;
				up = false;
			}
		}
		if (up) {
			memmove(x->d + 1, x->d, (size_t)x->n);
			x->d[0] = 1;
			x->n++;
			x->top++;
		}
	}
	for (i = 0; i < x->n && x->d[i] == 0; i++)
		;
	if (i == x->n)
		x->neg = false;
}

/* Write a rounded number into b: optional grouping of the integer part. */
static void put_number(struct buf *b, double v, int decimals, bool group)
{
	struct dec x;
	int place, hi;

	if (isnan(v) || isinf(v)) {
		buf_puts(b, "n/a");
		return;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	dec_round(v, decimals, &x);
	if (x.neg)
		buf_putc(b, '-');
	hi = x.top > 0 ? x.top : 0;
	for (place = hi; place >= 0; place--) {
		buf_putc(b, (char)('0' + dec_digit(&x, place)));
		if (group && place > 0 && place % 3 == 0)
			buf_putc(b, ',');
	}
	if (decimals > 0) {
		buf_putc(b, '.');
		for (place = -1; place >= -decimals; place--)
			buf_putc(b, (char)('0' + dec_digit(&x, place)));
	}
}

static char *finish(struct arena *a, struct buf *b)
{
	char *s = arena_strndup(a, buf_cstr(b), b->len);

	buf_free(b);
	return s;
}

char *fmt_number(struct arena *a, enum i18n_lang lang, double v, int decimals)
{
	struct buf b = { 0 };

	(void)lang;   /* en and es-MX share the separators (see fmt.h) */
	put_number(&b, v, decimals, true);
	return finish(a, &b);
}

char *fmt_fixed(struct arena *a, enum i18n_lang lang, double v, int decimals)
{
	struct buf b = { 0 };

	(void)lang;
	put_number(&b, v, decimals, false);
	return finish(a, &b);
}

char *fmt_percent(struct arena *a, enum i18n_lang lang, double share, int decimals)
{
	struct buf b = { 0 };

	(void)lang;
	put_number(&b, share * 100.0, decimals, true);
	if (!(isnan(share) || isinf(share)))
		buf_putc(&b, '%');
	return finish(a, &b);
}

char *fmt_pct(struct arena *a, enum i18n_lang lang, double pct, int decimals)
{
	struct buf b = { 0 };

	(void)lang;
	put_number(&b, pct, decimals, true);
	if (!(isnan(pct) || isinf(pct)))
		buf_putc(&b, '%');
	return finish(a, &b);
}

char *fmt_millions(struct arena *a, enum i18n_lang lang, double v, int decimals)
{
	struct buf b = { 0 };
	size_t start;
	bool one;

	put_number(&b, v / 1e6, decimals, true);
	if (isnan(v) || isinf(v))
		return finish(a, &b);
	start = 0;
	one = strcmp(b.data + start, "1") == 0 || strcmp(b.data + start, "-1") == 0;
	buf_putc(&b, ' ');
	buf_puts(&b, i18n_label(lang, one ? I18N_MILLION : I18N_MILLIONS));
	return finish(a, &b);
}

char *fmt_ordinal(struct arena *a, enum i18n_lang lang, double v)
{
	struct buf b = { 0 };
	double r;
	long long n, m10, m100;

	if (isnan(v) || isinf(v))
		return arena_strdup(a, "n/a");
	r = v < 0 ? -floor(-v + 0.5) : floor(v + 0.5);
	put_number(&b, r, 0, true);
	if (lang == LANG_ES) {
		buf_puts(&b, ".\xc2\xba");   /* ".º" */
		return finish(a, &b);
	}
	n = (long long)fabs(r);
	m10 = n % 10;
	m100 = n % 100;
	if (m100 >= 11 && m100 <= 13)
		buf_puts(&b, "th");
	else if (m10 == 1)
		buf_puts(&b, "st");
	else if (m10 == 2)
		buf_puts(&b, "nd");
	else if (m10 == 3)
		buf_puts(&b, "rd");
	else
		buf_puts(&b, "th");
	return finish(a, &b);
}

char *fmt_outof(struct arena *a, enum i18n_lang lang, double n, double of)
{
	struct buf b = { 0 };

	put_number(&b, n, 0, true);
	buf_putc(&b, ' ');
	buf_puts(&b, i18n_label(lang, I18N_OUT_OF));
	buf_putc(&b, ' ');
	put_number(&b, of, 0, true);
	return finish(a, &b);
}

static int digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

char *fmt_date(struct arena *a, enum i18n_lang lang, const char *iso)
{
	size_t len;
	int y, m = 0, d = 0;
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (iso == NULL)
		return NULL;
	len = strlen(iso);
	if (len != 4 && len != 7 && len != 10)
		return NULL;
	if ((y = digits(iso, 4)) < 0)
		return NULL;
	if (len >= 7) {
		if (iso[4] != '-' || (m = digits(iso + 5, 2)) < 1 || m > 12)
			return NULL;
	}
	if (len == 10) {
		if (iso[7] != '-' || (d = digits(iso + 8, 2)) < 1 || d > mdays[m - 1])
			return NULL;
	}
	if (len == 4)
		return arena_printf(a, "%d", y);
	if (lang == LANG_ES) {
		if (d)
			return arena_printf(a, "%d de %s de %d", d, i18n_month(lang, m), y);
		return arena_printf(a, "%s de %d", i18n_month(lang, m), y);
	}
	if (d)
		return arena_printf(a, "%d %s %d", d, i18n_month(lang, m), y);
	return arena_printf(a, "%s %d", i18n_month(lang, m), y);
}

char *fmt_plain(struct arena *a, double v)
{
	struct buf b = { 0 };

	if (!(isnan(v) || isinf(v)) && v == floor(v) && fabs(v) < 1e15) {
		put_number(&b, v, 0, false);
		return finish(a, &b);
	}
	put_number(&b, v, 6, false);
	if (strchr(b.data, '.') != NULL) {
		while (b.len > 0 && b.data[b.len - 1] == '0')
			b.data[--b.len] = '\0';
		if (b.len > 0 && b.data[b.len - 1] == '.')
			b.data[--b.len] = '\0';
	}
	return finish(a, &b);
}

/* ---- case mapping ---- */

/* Latin Extended-A pairs: in these ranges upper and lower differ by one,
 * with the upper case on the even (or odd) code point. */
static bool exta_upper_even(unsigned c)
{
	return (c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) ||
	       (c >= 0x14A && c <= 0x177);
}

static bool exta_upper_odd(unsigned c)
{
	return (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
}

static unsigned to_upper(unsigned c)
{
	if (c >= 'a' && c <= 'z')
		return c - 32;
	if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
		return c - 32;
	if (c == 0xFF)
		return 0x178;
	if (exta_upper_even(c) && (c & 1))
		return c - 1;
	if (exta_upper_odd(c) && !(c & 1))
		return c - 1;
	return c;
}

static unsigned to_lower(unsigned c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if (c == 0x178)
		return 0xFF;
	if (exta_upper_even(c) && !(c & 1))
		return c + 1;
	if (exta_upper_odd(c) && (c & 1))
		return c + 1;
	return c;
}

static bool is_word_char(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || c == '\'' ||
	       c == 0x2019;
}

enum casemode { CASE_UPPER, CASE_LOWER, CASE_TITLE };

/* 1 when s has a lowercase letter. */
static bool has_lower(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t c;
		int len = utf8_decode(s + i, n - i, &c);

		if (len < 0) {
			i++;
			continue;
		}
		if (to_upper(c) != c)
			return true;
		i += (size_t)len;
	}
	return false;
}

/* The word starting at s (n bytes left) is an acronym: two letters or more,
 * all capitals ("AI", "ICT", "OCDE"). */
static bool acronym_at(const char *s, size_t n)
{
	size_t i = 0, letters = 0;

	while (i < n) {
		uint32_t c;
		int len = utf8_decode(s + i, n - i, &c);

		if (len < 0 || !is_word_char(c))
			break;
		if (to_upper(c) != c)
			return false;
		letters += to_lower(c) != c;
		i += (size_t)len;
	}
	return letters >= 2;
}

/* lower keeps the acronyms of a text in mixed case ("AI startups" stays so);
 * a text all in capitals is lowered whole. */
static char *map_case(struct arena *a, const char *s, enum casemode mode)
{
	struct buf b = { 0 };
	size_t i = 0, n = strlen(s);
	bool in_word = false, keep = false, mixed = mode == CASE_LOWER && has_lower(s, n);

	while (i < n) {
		char enc[UTF8_MAX];
		uint32_t c, m;
		int len = utf8_decode(s + i, n - i, &c);

		if (len < 0) {   /* invalid byte: copied as is */
			buf_putc(&b, s[i++]);
			in_word = false;
			continue;
		}
		if (!in_word && is_word_char(c))
			keep = mixed && acronym_at(s + i, n - i);
		if (keep && is_word_char(c))
			m = c;
		else if (mode == CASE_UPPER)
			m = to_upper(c);
		else if (mode == CASE_LOWER)
			m = to_lower(c);
		else
			m = in_word ? to_lower(c) : to_upper(c);
		/* a valid code point maps to one: always encodable */
		buf_add(&b, enc, (size_t)utf8_encode(m, enc));
		in_word = is_word_char(c);
		i += (size_t)len;
	}
	if (b.data == NULL)
		return arena_strdup(a, "");
	return finish(a, &b);
}

char *fmt_upper(struct arena *a, const char *s) { return map_case(a, s, CASE_UPPER); }
char *fmt_lower(struct arena *a, const char *s) { return map_case(a, s, CASE_LOWER); }
char *fmt_title(struct arena *a, const char *s) { return map_case(a, s, CASE_TITLE); }

bool fmt_parse_number(const char *s, double *out)
{
	const char *p = s;
	char *end;
	bool digit = false;
	double v;

	while (*p == ' ' || *p == '\t')
		p++;
	/* accept only [-+]digits[.digits][e[-+]digits]: no hex, inf or nan */
	{
		const char *q = p;

		if (*q == '-' || *q == '+')
			q++;
		while (isdigit((unsigned char)*q)) {
			q++;
			digit = true;
		}
		if (*q == '.')
			for (q++; isdigit((unsigned char)*q); q++)
				digit = true;
		if (!digit)
			return false;
		if (*q == 'e' || *q == 'E') {
			q++;
			if (*q == '-' || *q == '+')
				q++;
			if (!isdigit((unsigned char)*q))
				return false;
			while (isdigit((unsigned char)*q))
				q++;
		}
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '\0')
			return false;
	}
	v = strtod(p, &end);
	*out = v;
	return true;
}
