/*
 * buf: growable byte buffer.
 */
#include "base/base.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void reserve(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->data = xrealloc(b->data, b->cap);
}

void buf_reserve(struct buf *b, size_t n)
{
	reserve(b, n);
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *buf_cstr(struct buf *b)
{
	reserve(b, 0);
	b->data[b->len] = '\0';
	return b->data;
}

void buf_clear(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* The folder mounted in memory (buf_mem_mount), or none. */
static const char *mem_dir;
static const struct buf_memfile *mem_files;
static size_t mem_n;

void buf_mem_mount(const char *dir, const struct buf_memfile *files, size_t n)
{
	mem_dir = dir;
	mem_files = files;
	mem_n = n;
}

/* The name of path inside the mounted folder, or NULL when it is outside. */
static const char *mem_name(const char *path)
{
	size_t n = mem_dir ? strlen(mem_dir) : 0;

	if (mem_dir == NULL || strncmp(path, mem_dir, n) != 0)
		return NULL;
	if (path[n] == '\0')
		return path + n;
	return path[n] == '/' ? path + n + 1 : NULL;
}

int buf_mem_mounted(const char *path)
{
	return mem_name(path) != NULL;
}

/* The mounted file path names, or NULL (errno ENOENT). */
static const struct buf_memfile *mem_find(const char *path)
{
	const char *name = mem_name(path);
	size_t i;

	for (i = 0; name != NULL && i < mem_n; i++)
		if (strcmp(mem_files[i].name, name) == 0)
			return &mem_files[i];
	errno = ENOENT;
	return NULL;
}

int buf_file_exists(const char *path)
{
	if (mem_name(path) != NULL)
		return mem_find(path) != NULL;
	return access(path, F_OK) == 0;
}

int buf_read_file(struct buf *b, const char *path)
{
	FILE *fp;
	struct stat st;
	size_t n;
	int err;

	if (mem_name(path) != NULL) {
		const struct buf_memfile *f = mem_find(path);

		if (f == NULL)
			return -1;
		buf_add(b, f->data, f->len);
		reserve(b, 0);
		b->data[b->len] = '\0';
		return 0;
	}
	fp = fopen(path, "rb");
	if (fp == NULL)
		return -1;
	/* a regular file is read in one go into a buffer of its size (plus a
	 * byte to see the end); anything else grows as it comes */
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		reserve(b, (size_t)st.st_size + 1);
	for (;;) {
		if (b->len + 1 >= b->cap)
			reserve(b, 65536);
		n = fread(b->data + b->len, 1, b->cap - b->len - 1, fp);
		if (n == 0)
			break;
		b->len += n;
	}
	err = ferror(fp) ? errno : 0;
	fclose(fp);
	if (err) {
		errno = err;
		return -1;
	}
	reserve(b, 0);
	b->data[b->len] = '\0';
	return 0;
}
