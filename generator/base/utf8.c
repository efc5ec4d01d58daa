/*
 * utf8: the program's one UTF-8 decoder (see base.h, section "utf8").
 *
 * Every stage that reads text goes through here: the loaders and the rules
 * reader validate their files with utf8_invalid, the case filters decode and
 * encode, layout steps over characters when it cuts words, the PDF writer
 * decodes to code points for glyph lookup. The rules are RFC 3629's, so a
 * buffer utf8_invalid accepts is one PCRE2 accepts in UTF mode too.
 */
#include "base/base.h"

#include <stdint.h>
#include <string.h>

int utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c;
	uint32_t v;
	int len, k;

	*cp = UTF8_REPLACEMENT;
	if (n == 0)
		return -1;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
	} else {
		return -1;   /* a continuation byte, C0, C1 or F5..FF */
	}
	if (n < (size_t)len)
		return -1;   /* cut off by the end of the buffer */
	for (k = 1; k < len; k++) {
		if (!utf8_is_cont(s[k]))
			return -1;
		v = (v << 6) | (s[k] & 0x3F);
	}
	/* overlong forms (C0 and C1 are refused above), surrogates, beyond U+10FFFF */
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF)
		return -1;
	*cp = v;
	return len;
}

long utf8_invalid(const char *str, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint64_t w;
		uint32_t cp;
		int k;

		/* ASCII, most of any file we read: eight bytes at a time */
		while (i + 8 <= n && (memcpy(&w, str + i, 8), (w & 0x8080808080808080ULL) == 0))
			i += 8;
		if (i >= n)
			break;
		if ((unsigned char)str[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_decode(str + i, n - i, &cp);
		if (k < 0)
			return (long)i;   /* the lead byte is at fault, whatever the cause */
		i += (size_t)k;
	}
	return -1;
}

int utf8_encode(uint32_t cp, char out[UTF8_MAX])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp > 0x10FFFF)
		return 0;
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t utf8_count(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += !utf8_is_cont((unsigned char)s[i]);
	return c;
}

size_t utf8_step(const char *s, size_t n)
{
	uint32_t cp;
	int k = utf8_decode(s, n, &cp);

	if (k > 0)
		return (size_t)k;
	return n > 0 ? 1 : 0;
}
