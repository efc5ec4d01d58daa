/*
 * rules: parse the task assessment rules file, compile its PCRE2 patterns
 * (JIT), and assess task statements: override, else first matching rule, else
 * unassessed. See rules.h for the file format.
 */
#include "import/import.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "base/base.h"

struct rule_set {
	struct rule *rules;
	pcre2_code **re;
	size_t n;
	pcre2_match_data *md;   /* shared: matching is single-threaded */
	bool jit;               /* every pattern JIT-compiled */
};

int rules_check_likelihood(const struct likelihood *p)
{
	if (!(p->h5 >= 0 && p->h5 <= 1) || !(p->h15 >= 0 && p->h15 <= 1) ||
	    !(p->lt >= 0 && p->lt <= 1))
		return -1;
	if (p->h15 < p->h5 || p->lt < p->h15)
		return -1;
	return 0;
}

/* One line being parsed: a cursor with its column. */
struct cursor {
	const char *p, *end, *line;
	struct srcloc loc;
};

static int cur_col(const struct cursor *c)
{
	return (int)utf8_count(c->line, (size_t)(c->p - c->line)) + 1;
}

static void skip_blank(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

/* Next whitespace-delimited field; returns its length (0 at end of line). */
static size_t next_field(struct cursor *c, const char **start, int *col)
{
	skip_blank(c);
	*start = c->p;
	*col = cur_col(c);
	while (c->p < c->end && *c->p != ' ' && *c->p != '\t')
		c->p++;
	return (size_t)(c->p - *start);
}

static void error_at(const struct cursor *c, int col, const char *fmt, const char *a1,
                     const char *a2)
{
	struct srcloc loc = c->loc;

	loc.col = col;
	diag_error(&loc, EXIT_DATA, fmt, a1, a2);
}

static int parse_share(const struct cursor *c, const char *s, size_t n, int col,
                       const char *what, double *out)
{
	char tmp[64];
	char *endp;

	if (n == 0) {
		error_at(c, col, "missing %s likelihood%s", what, "");
		return -1;
	}
	if (n >= sizeof tmp) {
		error_at(c, col, "%s likelihood is not a number%s", what, "");
		return -1;
	}
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	errno = 0;
	*out = strtod(tmp, &endp);
	if (*endp != '\0' || errno != 0 || !isfinite(*out) ||
	    strspn(tmp, "0123456789.eE+-") != n) {
		error_at(c, col, "%s likelihood '%s' is not a number", what, tmp);
		return -1;
	}
	if (*out < 0 || *out > 1) {
		error_at(c, col, "%s likelihood '%s' is outside 0..1", what, tmp);
		return -1;
	}
	return 0;
}

static bool valid_id(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-'))
			return false;
	}
	return n > 0;
}

/* Parse one non-comment line into r and compile it into *re. 0 or -1. */
static int parse_line(struct arena *a, struct cursor *c, struct rule *r, pcre2_code **re,
                      bool *jit)
{
	const char *s;
	size_t n;
	int col, cols[3];
	double v[3];
	static const char *const names[3] = { "H5", "H15", "LONG" };

	n = next_field(c, &s, &col);
	if (!valid_id(s, n)) {
		error_at(c, col, "rule id '%s' must be letters, digits, '_', '.' or '-'%s",
		         arena_strndup(a, s, n), "");
		return -1;
	}
	r->id = arena_strndup(a, s, n);
	r->loc.col = col;
	for (int k = 0; k < 3; k++) {
		n = next_field(c, &s, &cols[k]);
		if (parse_share(c, s, n, cols[k], names[k], &v[k]) < 0)
			return -1;
	}
	r->p.h5 = v[0];
	r->p.h15 = v[1];
	r->p.lt = v[2];
	for (int k = 1; k < 3; k++) {
		if (v[k] < v[k - 1]) {
			error_at(c, cols[k], "%s likelihood is below %s: likelihoods are cumulative "
			         "and must not decrease with the horizon", names[k], names[k - 1]);
			return -1;
		}
	}
	skip_blank(c);
	col = cur_col(c);
	const char *pat = c->p;
	const char *pend = c->end;
	while (pend > pat && (pend[-1] == ' ' || pend[-1] == '\t'))
		pend--;
	if (pend == pat) {
		error_at(c, col, "rule '%s' has no pattern%s", r->id, "");
		return -1;
	}
	r->pattern = arena_strndup(a, pat, (size_t)(pend - pat));

	int err;
	PCRE2_SIZE off;
	*re = pcre2_compile((PCRE2_SPTR)pat, (PCRE2_SIZE)(pend - pat),
	                    PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &off, NULL);
	if (*re == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(err, msg, sizeof msg);
		error_at(c, col + (int)utf8_count(pat, off), "bad pattern: %s%s", (const char *)msg, "");
		return -1;
	}
	if (pcre2_jit_compile(*re, PCRE2_JIT_COMPLETE) != 0)
		*jit = false;
	return 0;
}

struct rule_set *rules_parse(struct arena *a, const char *name, const char *text, size_t len)
{
	struct rule_set *rs = arena_alloc(a, sizeof *rs);
	size_t cap = 0;
	int bad = 0;
	int line = 1;
	const char *p = text, *end = text + len;
	long inv = utf8_invalid(text, len);

	if (inv >= 0) {
		const char *ls = text;
		for (const char *q = text; q < text + inv; q++) {
			if (*q == '\n') {
				line++;
				ls = q + 1;
			}
		}
		struct srcloc loc = { name, line, (int)utf8_count(ls, (size_t)(text + inv - ls)) + 1 };
		diag_error(&loc, EXIT_DATA, "invalid UTF-8");
		return NULL;
	}
	rs->jit = true;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	for (; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		struct cursor c = { p, le, p, { name, line, 0 } };

		if (le > p && le[-1] == '\r')
			c.end = le - 1;
		skip_blank(&c);
		if (c.p < c.end && *c.p != '#') {
			struct rule r = { 0 };
			pcre2_code *re = NULL;

			r.loc = (struct srcloc){ name, line, 1 };
			if (parse_line(a, &c, &r, &re, &rs->jit) < 0) {
				bad++;
			} else {
				for (size_t i = 0; i < rs->n; i++) {
					if (strcmp(rs->rules[i].id, r.id) == 0) {
						diag_error(&r.loc, EXIT_DATA, "duplicate rule id '%s' (first at "
						           "line %d)", r.id, rs->rules[i].loc.line);
						bad++;
						pcre2_code_free(re);
						re = NULL;
						break;
					}
				}
				if (re != NULL) {
					if (rs->n == cap) {
						size_t ncap = cap ? cap * 2 : 32;
						rs->rules = arena_grow(a, rs->rules, cap, ncap, sizeof *rs->rules);
						rs->re = arena_grow(a, rs->re, cap, ncap, sizeof *rs->re);
						cap = ncap;
					}
					rs->rules[rs->n] = r;
					rs->re[rs->n] = re;
					rs->n++;
				}
			}
		}
		p = nl ? nl + 1 : end;
	}
	if (bad == 0 && rs->n == 0) {
		struct srcloc loc = { name, 0, 0 };
		diag_error(&loc, EXIT_DATA, "no rules");
		bad++;
	}
	if (bad == 0) {
		rs->md = pcre2_match_data_create(1, NULL);
		if (rs->md == NULL) {
			diag_error(NULL, EXIT_SYS, "out of memory (PCRE2 match data)");
			bad++;
		}
	}
	if (bad) {
		rules_free(rs);
		return NULL;
	}
	return rs;
}

struct rule_set *rules_load(struct arena *a, const char *path)
{
	struct buf b = { 0 };
	struct rule_set *rs;

	if (buf_read_file(&b, path) < 0) {
		struct srcloc loc = { path, 0, 0 };
		diag_error(&loc, EXIT_SYS, "cannot read file: %s", strerror(errno));
		buf_free(&b);
		return NULL;
	}
	rs = rules_parse(a, arena_strdup(a, path), buf_cstr(&b), b.len);
	buf_free(&b);
	return rs;
}

void rules_free(struct rule_set *rs)
{
	if (rs == NULL)
		return;
	for (size_t i = 0; i < rs->n; i++)
		pcre2_code_free(rs->re[i]);
	pcre2_match_data_free(rs->md);
	rs->n = 0;
	rs->md = NULL;
}

size_t rules_count(const struct rule_set *rs)
{
	return rs->n;
}

const struct rule *rules_get(const struct rule_set *rs, size_t i)
{
	return &rs->rules[i];
}

bool rules_jit(const struct rule_set *rs)
{
	return rs->jit;
}

long rules_match(const struct rule_set *rs, const char *text, size_t len)
{
	for (size_t i = 0; i < rs->n; i++) {
		int rc = pcre2_match(rs->re[i], (PCRE2_SPTR)text, len, 0, PCRE2_NO_UTF_CHECK,
		                     rs->md, NULL);

		if (rc >= 0)
			return (long)i;
		if (rc != PCRE2_ERROR_NOMATCH) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(rc, msg, sizeof msg);
			diag_error(&rs->rules[i].loc, EXIT_DATA, "rule '%s': matching failed: %s "
			           "(simplify the pattern)",
			           rs->rules[i].id, (const char *)msg);
			return -2;
		}
	}
	return -1;
}

static int cmp_override(const void *x, const void *y)
{
	const struct task_override *const *a = x, *const *b = y;

	if ((*a)->task_id != (*b)->task_id)
		return (*a)->task_id < (*b)->task_id ? -1 : 1;
	/* Same id: file order, so the duplicate reported is the later row. */
	return (*a < *b) ? -1 : (*a > *b);
}

/* Index (into ov) of the override for id in the sorted index, or -1. */
static long find_override(const struct task_override *const *sorted, size_t nov,
                          const struct task_override *ov, long id)
{
	size_t lo = 0, hi = nov;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sorted[mid]->task_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < nov && sorted[lo]->task_id == id)
		return (long)(sorted[lo] - ov);
	return -1;
}

int rules_assess(struct arena *a, const struct rule_set *rs,
                 const struct task_override *ov, size_t nov,
                 const struct task_in *tasks, size_t n, struct task_assessment *out,
                 size_t *rule_hits, struct rules_stats *st)
{
	const struct task_override **sorted = arena_calloc(a, nov ? nov : 1, sizeof *sorted);
	bool *used = arena_calloc(a, nov ? nov : 1, sizeof *used);
	int bad = 0;

	memset(st, 0, sizeof *st);
	if (rule_hits != NULL)
		memset(rule_hits, 0, rs->n * sizeof *rule_hits);
	for (size_t i = 0; i < nov; i++) {
		sorted[i] = &ov[i];
		if (rules_check_likelihood(&ov[i].p) < 0) {
			diag_error(&ov[i].loc, EXIT_DATA, "override for task %ld: likelihoods "
			           "must be within 0..1 and must not decrease with the horizon",
			           ov[i].task_id);
			bad++;
		}
	}
	qsort(sorted, nov, sizeof *sorted, cmp_override);
	for (size_t i = 1; i < nov; i++) {
		if (sorted[i]->task_id == sorted[i - 1]->task_id) {
			diag_error(&sorted[i]->loc, EXIT_DATA, "duplicate override for task %ld "
			           "(first at line %d)", sorted[i]->task_id, sorted[i - 1]->loc.line);
			bad++;
		}
	}
	if (bad)
		return -1;

	for (size_t i = 0; i < n; i++) {
		struct task_assessment *t = &out[i];
		long o = find_override(sorted, nov, ov, tasks[i].task_id);

		t->rule = -1;
		t->override = -1;
		if (o >= 0) {
			t->by = ASSESS_OVERRIDE;
			t->override = o;
			t->p = ov[o].p;
			used[o] = true;
			st->by_override++;
		} else {
			long r = rules_match(rs, tasks[i].text, tasks[i].len);

			if (r == -2)
				return -1;
			if (r >= 0) {
				t->by = ASSESS_RULE;
				t->rule = r;
				t->p = rs->rules[r].p;
				if (rule_hits != NULL)
					rule_hits[r]++;
				st->by_rule++;
			} else {
				t->by = ASSESS_NONE;
				t->p = (struct likelihood){ 0, 0, 0 };
				st->unmatched++;
			}
		}
	}
	st->tasks = n;
	for (size_t i = 0; i < nov; i++)
		if (!used[i])
			st->overrides_unused++;
	return 0;
}
