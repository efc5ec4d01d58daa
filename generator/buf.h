/*
 * buf: a growable byte buffer (heap-owned; the one other malloc user).
 */
#ifndef REPORTGEN_BUF_H
#define REPORTGEN_BUF_H

#include <stddef.h>

struct buf {
	char *data;   /* always NUL-terminated when len > 0 or after buf_cstr */
	size_t len;
	size_t cap;
};

/* Append bytes / a C string / one byte / printf output. */
void buf_add(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Make room for n more bytes (and the NUL) without changing the contents:
 * a caller may then write up to n bytes at data + len and raise len. */
void buf_reserve(struct buf *b, size_t n);
/* NUL-terminated contents (never NULL). */
const char *buf_cstr(struct buf *b);
void buf_clear(struct buf *b);
void buf_free(struct buf *b);

/* Read a whole file into b. Returns 0, or -1 with errno set (no message). */
int buf_read_file(struct buf *b, const char *path);

#endif
