/*
 * Tests of base/utf8.c: every case worked out by hand from the bit patterns
 * of RFC 3629 (lead byte 0xxxxxxx, 110xxxxx, 1110xxxx, 11110xxx, then
 * 10xxxxxx continuation bytes), plus one round trip over every code point.
 */
#include <criterion/criterion.h>

#include "base/base.h"

#include <stdint.h>
#include <string.h>

/* decode s (length n), expecting length want_len and code point want_cp */
static void ok(const char *s, size_t n, int want_len, uint32_t want_cp)
{
	uint32_t cp = 0;
	int len = utf8_decode(s, n, &cp);

	cr_assert_eq(len, want_len, "length of %zu-byte input: got %d, want %d", n, len, want_len);
	cr_assert_eq(cp, want_cp, "code point: got U+%04X, want U+%04X", (unsigned)cp,
	             (unsigned)want_cp);
	cr_assert_eq(utf8_step(s, n), (size_t)want_len);
}

/* decode s (length n), expecting it refused: -1, U+FFFD, a step of one byte */
static void bad(const char *s, size_t n)
{
	uint32_t cp = 0;

	cr_assert_eq(utf8_decode(s, n, &cp), -1, "accepted %02X... (%zu bytes)",
	             (unsigned char)s[0], n);
	cr_assert_eq(cp, UTF8_REPLACEMENT);
	cr_assert_eq(utf8_step(s, n), 1);
}

Test(utf8, decode_valid_one_to_four_bytes)
{
	ok("A", 1, 1, 0x41);
	ok("", 1, 1, 0);                           /* a NUL byte is a character */
	ok("\x7F", 1, 1, 0x7F);                    /* last 1-byte */
	ok("\xC2\x80", 2, 2, 0x80);                /* first 2-byte */
	ok("\xC3\xA9", 2, 2, 0xE9);                /* é: 000 11101001 -> C3 A9 */
	ok("\xDF\xBF", 2, 2, 0x7FF);               /* last 2-byte */
	ok("\xE0\xA0\x80", 3, 3, 0x800);           /* first 3-byte */
	ok("\xE2\x82\xAC", 3, 3, 0x20AC);          /* euro sign */
	ok("\xED\x9F\xBF", 3, 3, 0xD7FF);          /* just below the surrogates */
	ok("\xEE\x80\x80", 3, 3, 0xE000);          /* just above them */
	ok("\xEF\xBF\xBF", 3, 3, 0xFFFF);          /* last 3-byte */
	ok("\xF0\x90\x80\x80", 4, 4, 0x10000);     /* first 4-byte */
	ok("\xF0\x9F\x98\x80", 4, 4, 0x1F600);
	ok("\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF);    /* last code point */
	/* only the first character is decoded */
	ok("ab", 2, 1, 'a');
	ok("\xC3\xA9z", 3, 2, 0xE9);
}

Test(utf8, decode_refuses_every_invalid_class)
{
	/* continuation bytes with no lead */
	bad("\x80", 1);
	bad("\xBF", 1);
	/* overlong 2-byte: C0 and C1 can only encode U+0000..U+007F */
	bad("\xC0\x80", 2);
	bad("\xC1\xBF", 2);
	/* overlong 3-byte (below U+0800) and 4-byte (below U+10000) */
	bad("\xE0\x80\x80", 3);
	bad("\xE0\x9F\xBF", 3);
	bad("\xF0\x80\x80\x80", 4);
	bad("\xF0\x8F\xBF\xBF", 4);
	/* surrogates U+D800 and U+DFFF */
	bad("\xED\xA0\x80", 3);
	bad("\xED\xBF\xBF", 3);
	/* beyond U+10FFFF: F4 90 is U+110000; F5..F7 leads; 5-byte, 6-byte, FE, FF */
	bad("\xF4\x90\x80\x80", 4);
	bad("\xF5\x80\x80\x80", 4);
	bad("\xF7\xBF\xBF\xBF", 4);
	bad("\xF8\x88\x80\x80\x80", 5);
	bad("\xFC\x84\x80\x80\x80\x80", 6);
	bad("\xFE", 1);
	bad("\xFF", 1);
	/* a continuation byte missing in the middle */
	bad("\xC3\x41", 2);
	bad("\xE2\x82\x41", 3);
	bad("\xE2\x41\xAC", 3);
	bad("\xF0\x9F\x98\x41", 4);
	bad("\xC3\xC3\xA9", 3);   /* a new lead byte where a continuation belongs */
}

Test(utf8, decode_stops_at_the_end_of_the_buffer)
{
	uint32_t cp = 0;

	/* the bytes after n would complete the sequence: n rules */
	bad("\xC3\xA9", 1);
	bad("\xE2\x82\xAC", 2);
	bad("\xE2\x82\xAC", 1);
	bad("\xF0\x9F\x98\x80", 3);
	bad("\xF0\x9F\x98\x80", 2);
	/* nothing at all */
	cr_assert_eq(utf8_decode("A", 0, &cp), -1);
	cr_assert_eq(cp, UTF8_REPLACEMENT);
	cr_assert_eq(utf8_step("A", 0), 0);
}

Test(utf8, invalid_gives_the_offset_of_the_bad_lead_byte)
{
	cr_assert_eq(utf8_invalid("", 0), -1);
	cr_assert_eq(utf8_invalid("abc", 3), -1);
	cr_assert_eq(utf8_invalid("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z", 11), -1);
	cr_assert_eq(utf8_invalid("\x80", 1), 0);
	cr_assert_eq(utf8_invalid("ab\xC3", 3), 2);                 /* cut off at the end */
	cr_assert_eq(utf8_invalid("ab\xE2\x82", 4), 2);
	cr_assert_eq(utf8_invalid("\xF0\x9F\x98\x80", 3), 0);
	cr_assert_eq(utf8_invalid("\xE2\x82\xAC", 2), 0);           /* n rules, not NUL */
	cr_assert_eq(utf8_invalid("a\xE2\x82\xAC" "b\xED\xA0\x80", 8), 5);  /* surrogate */
	cr_assert_eq(utf8_invalid("\xC3\xA9\xC0\xAF", 4), 2);       /* overlong '/' */
	cr_assert_eq(utf8_invalid("x\xE2\x41\xAC", 4), 1);          /* the lead, not the 'A' */
	cr_assert_eq(utf8_invalid("\xC3\xA9\xA9", 3), 2);           /* one continuation too many */
	/* past the eight-bytes-at-a-time ASCII path, and right at its edges */
	cr_assert_eq(utf8_invalid("0123456789abcdef\xFF", 17), 16);
	cr_assert_eq(utf8_invalid("01234567\x80", 9), 8);
	cr_assert_eq(utf8_invalid("0123456\x80", 8), 7);
	cr_assert_eq(utf8_invalid("0123456789abcdef\xC3\xA9" "0123456789", 28), -1);
	cr_assert_eq(utf8_invalid("0123456789abcde\xC3\xA9" "0123456789\xF4\x90\x80\x80", 31), 27);
	/* a NUL byte is valid UTF-8 (the loaders refuse it for their own reasons) */
	cr_assert_eq(utf8_invalid("a\0b", 3), -1);
}

Test(utf8, encode_by_hand)
{
	char out[UTF8_MAX];

	cr_assert_eq(utf8_encode(0x41, out), 1);
	cr_assert_eq(memcmp(out, "A", 1), 0);
	cr_assert_eq(utf8_encode(0x7FF, out), 2);
	cr_assert_eq(memcmp(out, "\xDF\xBF", 2), 0);
	cr_assert_eq(utf8_encode(0xE9, out), 2);
	cr_assert_eq(memcmp(out, "\xC3\xA9", 2), 0);
	cr_assert_eq(utf8_encode(0x20AC, out), 3);
	cr_assert_eq(memcmp(out, "\xE2\x82\xAC", 3), 0);
	cr_assert_eq(utf8_encode(0x1F600, out), 4);
	cr_assert_eq(memcmp(out, "\xF0\x9F\x98\x80", 4), 0);
	cr_assert_eq(utf8_encode(0x10FFFF, out), 4);
	cr_assert_eq(memcmp(out, "\xF4\x8F\xBF\xBF", 4), 0);
	/* not scalar values: nothing written */
	memset(out, 'x', sizeof out);
	cr_assert_eq(utf8_encode(0xD800, out), 0);
	cr_assert_eq(utf8_encode(0xDFFF, out), 0);
	cr_assert_eq(utf8_encode(0x110000, out), 0);
	cr_assert_eq(utf8_encode(0xFFFFFFFFu, out), 0);
	cr_assert_eq(memcmp(out, "xxxx", 4), 0);
}

Test(utf8, every_code_point_round_trips)
{
	uint32_t c, back;
	char out[UTF8_MAX];

	for (c = 0; c <= 0x10FFFF; c++) {
		int n = utf8_encode(c, out);
		int want = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;

		if (c >= 0xD800 && c <= 0xDFFF) {
			cr_assert_eq(n, 0, "U+%04X encoded", (unsigned)c);
			continue;
		}
		cr_assert_eq(n, want, "U+%04X: %d bytes", (unsigned)c, n);
		cr_assert_eq(utf8_decode(out, (size_t)n, &back), n, "U+%04X refused", (unsigned)c);
		cr_assert_eq(back, c);
		cr_assert_eq(utf8_invalid(out, (size_t)n), -1);
		if (n > 1)
			cr_assert_eq(utf8_decode(out, (size_t)n - 1, &back), -1);
	}
}

Test(utf8, count_characters_for_columns)
{
	cr_assert_eq(utf8_count("", 0), 0);
	cr_assert_eq(utf8_count("abc", 3), 3);
	cr_assert_eq(utf8_count("a\xC3\xB1o", 4), 3);                  /* año */
	cr_assert_eq(utf8_count("\xE2\x82\xAC" "5", 4), 2);
	cr_assert_eq(utf8_count("\xF0\x9F\x98\x80", 4), 1);
	cr_assert_eq(utf8_count("\xC3\xB1o", 1), 1);                   /* only n bytes */
	/* bytes, not validity: a stray continuation byte is no column, any other
	 * invalid byte is one */
	cr_assert_eq(utf8_count("a\x80\x80", 3), 1);
	cr_assert_eq(utf8_count("\xFF\xC0", 2), 2);
}

Test(utf8, step_over_characters)
{
	const char *s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xFF\x80z";
	size_t n = strlen(s), i = 0, at[16], k = 0;

	while (i < n) {
		at[k++] = i;
		i += utf8_step(s + i, n - i);
	}
	cr_assert_eq(i, n);
	cr_assert_eq(k, 7);
	cr_assert_eq(at[0], 0);    /* a */
	cr_assert_eq(at[1], 1);    /* é */
	cr_assert_eq(at[2], 3);    /* € */
	cr_assert_eq(at[3], 6);    /* U+1F600 */
	cr_assert_eq(at[4], 10);   /* FF alone */
	cr_assert_eq(at[5], 11);   /* 80 alone */
	cr_assert_eq(at[6], 12);   /* z */
	cr_assert(!utf8_is_cont(0x7F));
	cr_assert(utf8_is_cont(0x80));
	cr_assert(utf8_is_cont(0xBF));
	cr_assert(!utf8_is_cont(0xC0));
}
