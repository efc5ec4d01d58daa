/*
 * arena: the run's memory. Everything a stage builds (tables, figures, the
 * document tree, page boxes) lives in an arena that is freed as a whole.
 * Out of memory is reported (exit 3) and ends the process.
 */
#ifndef REPORTGEN_ARENA_H
#define REPORTGEN_ARENA_H

#include <stddef.h>

struct arena;

/* A new empty arena; free it with arena_free. Never returns NULL. */
struct arena *arena_new(void);
/* Free every block of the arena and the arena itself. NULL is fine. */
void arena_free(struct arena *a);
/* Forget everything allocated, keep the first block for reuse. */
void arena_reset(struct arena *a);

/* Zeroed memory, aligned for any type, owned by the arena. */
void *arena_alloc(struct arena *a, size_t size);
/* Zeroed array of n elements of size; checks overflow. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* Copy of s (NUL-terminated) / of s[0..n) plus NUL, owned by the arena. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Grow an arena array: returns a copy of old (old_n elements) with room for
 * new_n elements; the old memory is simply abandoned to the arena. */
void *arena_grow(struct arena *a, void *old, size_t old_n, size_t new_n, size_t size);
/* The same, leaving the new elements past old_n uninitialised: for arrays
 * that write every element they add (draw lists, line-breaking items). */
void *arena_grow_raw(struct arena *a, void *old, size_t old_n, size_t new_n, size_t size);
/* Bytes handed out so far (for the benchmark). */
size_t arena_used(const struct arena *a);

/* Checked malloc/realloc for the few owners outside arenas (buf). */
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);

#endif
