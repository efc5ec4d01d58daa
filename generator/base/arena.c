/*
 * arena: bump allocator over a chain of blocks.
 */
#include "base/base.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (64 * 1024)
#define ARENA_ALIGN 16

struct block {
	struct block *next;
	size_t size;   /* usable bytes after the header */
	size_t used;
	_Alignas(16) unsigned char data[];
};

struct arena {
	struct block *head;
	size_t total;
};

static void oom(void)
{
	diag_error(NULL, EXIT_SYS, "out of memory");
	exit(EXIT_SYS);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);

	if (q == NULL)
		oom();
	return q;
}

/* zeroed: a block of its own for one big allocation, which then needs no
 * memset (calloc gets fresh pages from the system already zero, and leaves
 * untouched pages unmapped) */
static struct block *block_new(size_t size, bool zeroed)
{
	struct block *b;

	if (size > SIZE_MAX - sizeof *b)
		oom();
	b = zeroed ? calloc(1, sizeof *b + size) : malloc(sizeof *b + size);
	if (b == NULL)
		oom();
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct arena *arena_new(void)
{
	struct arena *a = xmalloc(sizeof *a);

	a->head = block_new(ARENA_BLOCK, false);
	a->total = 0;
	return a;
}

void arena_free(struct arena *a)
{
	struct block *b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void arena_reset(struct arena *a)
{
	struct block *b, *next, *last = NULL;

	/* keep the oldest block (the last in the chain) */
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		if (next == NULL)
			last = b;
		else
			free(b);
	}
	a->head = last;
	if (last != NULL)
		last->used = 0;
	a->total = 0;
}

static void *alloc(struct arena *a, size_t size, bool zero)
{
	struct block *b = a->head;
	size_t off;
	void *p;

	if (size > SIZE_MAX - ARENA_ALIGN)
		oom();
	size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (size == 0)
		size = ARENA_ALIGN;
	off = b ? b->used : 0;
	if (b == NULL || off + size > b->size) {
		bool big = size > ARENA_BLOCK / 4;

		b = block_new(big ? size : ARENA_BLOCK, big);
		if (big && a->head != NULL) {
			/* big allocation: own block, keep bumping the current one */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
		b->used = size;
		a->total += size;
		if (big || !zero)
			return b->data;   /* big blocks come zeroed */
		memset(b->data, 0, size);
		return b->data;
	}
	p = b->data + off;
	b->used = off + size;
	a->total += size;
	if (zero)
		memset(p, 0, size);
	return p;
}

void *arena_alloc(struct arena *a, size_t size)
{
	return alloc(a, size, true);
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		oom();
	return arena_alloc(a, n * size);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (n >= SIZE_MAX - ARENA_ALIGN)
		oom();
	p = alloc(a, n + 1, false);   /* every byte is written below */

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow_raw(struct arena *a, void *old, size_t old_n, size_t new_n, size_t size)
{
	void *p;

	if (size != 0 && new_n > SIZE_MAX / size)
		oom();
	p = alloc(a, new_n * size, false);
	if (old != NULL && old_n > 0)
		memcpy(p, old, (old_n < new_n ? old_n : new_n) * size);
	return p;
}

void *arena_grow(struct arena *a, void *old, size_t old_n, size_t new_n, size_t size)
{
	void *p = arena_calloc(a, new_n, size);

	if (old != NULL && old_n > 0)
		memcpy(p, old, (old_n < new_n ? old_n : new_n) * size);
	return p;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}
