/*
 * run/diff.c: `reportgen diff OLD NEW`, the figures that changed between two
 * runs. Each side is a run's output folder (its figures.csv is read) or a
 * figures.csv itself. A figure is matched by key; a number is compared as a
 * number (so "2018" and "2018.0" are the same), anything else as text. What
 * is printed: every changed figure with its old and new value, the change
 * and the relative change (numbers only), then the figures found on one
 * side only, as added or removed. Figures appear in the order of NEW, the
 * removed ones after them in the order of OLD.
 */
#include "run/run.h"

#include "base/base.h"
#include "load/load.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const struct col_schema fig_cols[] = {
	{ .name = "key", .type = COL_TEXT, .required = true, .key = true },
	{ .name = "value", .type = COL_TEXT },
	{ .name = "unit", .type = COL_TEXT },
};
static const struct dataset_schema fig_schema = {
	"figures", fig_cols, sizeof fig_cols / sizeof fig_cols[0], ',', true
};

/* Load side's figures.csv (side: a folder or the file). */
static int load_side(struct arena *a, const char *side, struct dataset *out)
{
	struct stat sb;
	const char *path = side;

	if (stat(side, &sb) == 0 && S_ISDIR(sb.st_mode))
		path = data_path(a, side, "figures.csv");
	return data_load(a, path, &fig_schema, out);
}

static int as_number(const char *s, double *v)
{
	return *s != '\0' && data_parse_number(s, v) == 0;
}

/* A number as the diff prints it: at most 12 significant digits, so that a
 * change of 0.1 does not show binary noise. */
static void put_num(struct buf *b, double v)
{
	if (v == 0)
		v = 0;   /* no "-0" */
	buf_printf(b, "%.12g", v);
}

static void csv_put(struct buf *b, const char *s)
{
	if (strpbrk(s, ",\"\n\r") == NULL) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

/* One line of the listing. status: "changed", "added" or "removed". */
static void emit(struct buf *b, int csv, const char *status, const char *key,
                 const char *oldv, const char *newv)
{
	double o, n;
	int nums = oldv && newv && as_number(oldv, &o) && as_number(newv, &n);
	struct buf ch = { 0 }, rel = { 0 };

	if (nums) {
		if (n - o >= 0)
			buf_putc(&ch, '+');
		put_num(&ch, n - o);
		if (o != 0) {
			if (csv)
				put_num(&rel, (n - o) / fabs(o));
			else
				buf_printf(&rel, "%+.2f%%", 100 * (n - o) / fabs(o));
		}
	}
	if (csv) {
		csv_put(b, key);
		buf_putc(b, ',');
		csv_put(b, oldv ? oldv : "");
		buf_putc(b, ',');
		csv_put(b, newv ? newv : "");
		buf_printf(b, ",%s,%s,%s\n", buf_cstr(&ch), buf_cstr(&rel), status);
	} else if (strcmp(status, "changed") == 0) {
		buf_printf(b, "%s: %s -> %s", key, oldv, newv);
		if (nums)
			buf_printf(b, " (%s%s%s)", buf_cstr(&ch), rel.len ? ", " : "", buf_cstr(&rel));
		buf_putc(b, '\n');
	} else {
		buf_printf(b, "%s: %s %s\n", key, status, strcmp(status, "added") == 0 ? newv : oldv);
	}
	buf_free(&ch);
	buf_free(&rel);
}

static int same(const char *a, const char *b)
{
	double x, y;

	if (as_number(a, &x) && as_number(b, &y))
		return x == y;
	return strcmp(a, b) == 0;
}

int run_diff(const char *old_side, const char *new_side, int csv, FILE *fp)
{
	struct arena *a = arena_new();
	struct dataset od, nd;
	struct buf b = { 0 };
	size_t r, changed = 0, added = 0, removed = 0;
	int bad;

	bad = load_side(a, old_side, &od) != 0;
	bad |= load_side(a, new_side, &nd) != 0;
	if (bad) {
		arena_free(a);
		return diag_status();
	}
	if (csv)
		buf_puts(&b, "key,old,new,change,relative_change,status\n");
	for (r = 0; r < nd.nrows; r++) {
		const char *key = dataset_text(&nd, r, 0), *nv = dataset_text(&nd, r, 1);
		long orow = dataset_find(&od, 0, key);

		if (orow < 0) {
			emit(&b, csv, "added", key, NULL, nv);
			added++;
		} else if (!same(dataset_text(&od, (size_t)orow, 1), nv)) {
			emit(&b, csv, "changed", key, dataset_text(&od, (size_t)orow, 1), nv);
			changed++;
		}
	}
	for (r = 0; r < od.nrows; r++) {
		const char *key = dataset_text(&od, r, 0);

		if (dataset_find(&nd, 0, key) < 0) {
			emit(&b, csv, "removed", key, dataset_text(&od, r, 1), NULL);
			removed++;
		}
	}
	if (!csv)
		buf_printf(&b, "%zu changed, %zu added, %zu removed (of %zu figures in %s)\n",
		           changed, added, removed, nd.nrows, new_side);
	if (b.len > 0 && fwrite(b.data, 1, b.len, fp) != b.len)
		diag_error(NULL, EXIT_SYS, "diff: cannot write the listing");
	fflush(fp);
	buf_free(&b);
	arena_free(a);
	return diag_status();
}
