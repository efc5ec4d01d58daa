/*
 * Tests of the byte buffer (generator/buf.c) and the arena's big blocks
 * (generator/arena.c): reading whole files of any size and kind, zeroed
 * memory for allocations that get a block of their own.
 */
#include <criterion/criterion.h>

#include "base/base.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TMPL "/tmp/reportgen-test-buf-XXXXXX"

/* A temporary file holding n bytes of a known pattern, named into path
 * (sizeof TMPL bytes). */
static void pattern_file(char *path, size_t n)
{
	int fd;
	FILE *fp;
	size_t i;

	memcpy(path, TMPL, sizeof TMPL);
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	fp = fdopen(fd, "wb");
	cr_assert_not_null(fp);
	for (i = 0; i < n; i++)
		fputc('a' + (int)(i % 23), fp);
	cr_assert_eq(fclose(fp), 0);
}

static void check_pattern(const struct buf *b, size_t from, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b->data[from + i] != 'a' + (char)(i % 23))
			cr_assert_fail("byte %zu is '%c'", i, b->data[from + i]);
}

/* Sizes around the old 64 KB read chunk and a large file: all bytes, NUL after. */
Test(buf, read_file_of_any_size)
{
	static const size_t sizes[] = { 0, 1, 65535, 65536, 65537, 3 * 65536 + 5, 1500000 };
	size_t k;

	for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		struct buf b = { 0 };
		char path[sizeof TMPL];

		pattern_file(path, sizes[k]);
		cr_assert_eq(buf_read_file(&b, path), 0, "size %zu", sizes[k]);
		cr_assert_eq(b.len, sizes[k]);
		check_pattern(&b, 0, sizes[k]);
		cr_assert_not_null(b.data);
		cr_assert_eq(b.data[b.len], '\0');
		unlink(path);
		buf_free(&b);
	}
}

/* Reading appends to what the buffer holds. */
Test(buf, read_file_appends)
{
	struct buf b = { 0 };
	char path[sizeof TMPL];

	pattern_file(path, 70000);
	buf_puts(&b, "head:");
	cr_assert_eq(buf_read_file(&b, path), 0);
	cr_assert_eq(b.len, 5 + 70000);
	cr_assert_eq(memcmp(b.data, "head:", 5), 0);
	check_pattern(&b, 5, 70000);
	cr_assert_eq(b.data[b.len], '\0');
	unlink(path);
	buf_free(&b);
}

/* Not a regular file (no size known beforehand): read to the end all the same. */
Test(buf, read_file_from_a_pipe)
{
	struct buf b = { 0 };
	int fds[2];
	char path[64];
	size_t i, n = 200000;
	pid_t pid;

	cr_assert_eq(pipe(fds), 0);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		FILE *fp = fdopen(fds[1], "wb");

		close(fds[0]);
		for (i = 0; i < n; i++)
			fputc('a' + (int)(i % 23), fp);
		fclose(fp);
		_exit(0);
	}
	close(fds[1]);
	snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
	cr_assert_eq(buf_read_file(&b, path), 0);
	cr_assert_eq(b.len, n);
	check_pattern(&b, 0, n);
	close(fds[0]);
	buf_free(&b);
}

Test(buf, read_missing_file_fails_with_errno)
{
	struct buf b = { 0 };

	errno = 0;
	cr_assert_eq(buf_read_file(&b, "/nonexistent/reportgen/file.csv"), -1);
	cr_assert_eq(errno, ENOENT);
	buf_free(&b);
}

/* Big allocations (a block of their own) are zeroed like small ones, even
 * when the allocator hands back memory an earlier arena dirtied. */
Test(arena, big_allocation_is_zeroed)
{
	static const size_t sizes[] = { 20000, 100000, 3000000 };
	size_t k, i;

	for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		struct arena *a = arena_new();
		unsigned char *p = arena_alloc(a, sizes[k]);

		memset(p, 0xAB, sizes[k]);
		arena_free(a);
		a = arena_new();
		p = arena_calloc(a, sizes[k], 1);
		for (i = 0; i < sizes[k]; i++)
			if (p[i] != 0)
				cr_assert_fail("byte %zu of %zu is 0x%02X", i, sizes[k], p[i]);
		/* small allocations after it still come zeroed from the current block */
		p = arena_alloc(a, 100);
		for (i = 0; i < 100; i++)
			cr_assert_eq(p[i], 0);
		arena_free(a);
	}
}
