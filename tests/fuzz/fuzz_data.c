/*
 * libFuzzer harness for the ingestion layer: data_load_buf on arbitrary
 * bytes against a fixed schema (comma or tab, strict or with extra columns,
 * chosen by the first byte), plus data_parse_number checked against strtod.
 * Crashes, sanitizer reports and broken invariants (abort) are findings.
 *
 * Build and run from the project root: `make fuzz` (all harnesses), or
 *   make fuzz-bins && ./build-fuzz/fuzz_data -max_total_time=60 tests/fuzz/corpus/data
 * (the modules a harness links are the Makefile's FUZZ_MODULES).
 */
#include "base/base.h"
#include "load/load.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct col_schema cols[] = {
	{ .name = "code", .type = COL_CODE, .required = true, .key = true },
	{ .name = "name", .type = COL_TEXT, .required = true },
	{ .name = "group", .type = COL_ENUM, .enum_values = "primary|secondary|tertiary" },
	{ .name = "employed", .type = COL_INT, .required = true, .has_min = true, .min = 0 },
	{ .name = "share_women", .type = COL_SHARE },
	{ .name = "risk", .type = COL_NUM, .has_min = true, .min = 0, .has_max = true, .max = 1 },
};

static void check_table(const struct dataset *t, const char *bytes, size_t len)
{
	size_t r, c;

	(void)bytes;
	for (r = 0; r < t->nrows; r++) {
		if (t->row_line[r] < 1 || (r > 0 && t->row_line[r] < t->row_line[r - 1]))
			abort();
		for (c = 0; c < t->ncols; c++) {
			const struct cell *cell = dataset_cell(t, r, c);
			size_t n = strlen(cell->text);

			if (n > len || data_utf8_invalid(cell->text, n) >= 0)
				abort();
			if (cell->present && (cell->line < 1 || cell->col < 1))
				abort();
			if (cell->present && t->schema->cols[c].type == COL_SHARE &&
			    !(cell->num >= 0.0 && cell->num <= 1.0))
				abort();
			if (cell->present && t->schema->cols[c].type == COL_INT &&
			    cell->num != floor(cell->num))
				abort();
		}
	}
}

static void check_number(const uint8_t *data, size_t size)
{
	char s[48];
	double v, ref;
	char *end;

	if (size >= sizeof s)
		size = sizeof s - 1;
	memcpy(s, data, size);
	s[size] = '\0';
	if (data_parse_number(s, &v) != 0)
		return;
	ref = strtod(s, &end);
	/* accepted text must be a whole, finite strtod number of the same value */
	if (*end != '\0' || !isfinite(v) || v != ref)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	struct dataset_schema schema = { .name = "fuzz", .cols = cols, .ncols = 6 };
	struct arena *a;
	struct dataset t;
	uint8_t mode;

	if (size == 0)
		return 0;
	if (sink == NULL) {
		sink = fopen("/dev/null", "w");
		diag_set_stream(sink);
	}
	mode = data[0];
	data++;
	size--;
	schema.delim = (mode & 1) ? '\t' : ',';
	schema.allow_extra_cols = (mode & 2) != 0;
	check_number(data, size);
	a = arena_new();
	if (data_load_buf(a, "fuzz.csv", (const char *)data, size, &schema, &t) == 0)
		check_table(&t, (const char *)data, size);
	arena_free(a);
	diag_reset();
	return 0;
}
