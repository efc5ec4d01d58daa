/*
 * rules: the task assessment rules engine of the task-level automation method.
 * Sits between the O*NET importer (task statements) and the occupation model:
 * each task statement gets a likelihood of automation at three horizons
 * (within 5 years, within 15 years, long term; cumulative) from the first rule
 * whose pattern matches it, unless a per-task override (by O*NET Task ID)
 * sets it. Tasks that nothing matches are flagged, never given a silent default.
 *
 * The rules file (data/rules/task_rules.txt) is ours and human-editable:
 *   # comment
 *   ID  H5  H15  LONG  PATTERN
 * ID is [A-Za-z0-9_.-]+ and unique; H5 <= H15 <= LONG, each in 0..1; PATTERN is
 * the rest of the line, a PCRE2 pattern compiled with UTF, UCP and CASELESS
 * (JIT when available). Fields are separated by spaces or tabs. Rules are
 * tried in file order; the first match wins.
 */
#ifndef REPORTGEN_RULES_H
#define REPORTGEN_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct arena;

/* Likelihoods of automation, shares 0..1, cumulative: h5 <= h15 <= lt. */
struct likelihood {
	double h5;    /* within 5 years */
	double h15;   /* within 15 years */
	double lt;    /* long term */
};

struct rule {
	const char *id;          /* arena-owned */
	struct likelihood p;
	const char *pattern;     /* arena-owned source text of the pattern */
	struct srcloc loc;       /* line of the rule, col of its id */
};

/* A compiled rule set. Opaque: it holds PCRE2 handles (see rules_free). */
struct rule_set;

/* A per-task override: wins over every rule. */
struct task_override {
	long task_id;            /* O*NET Task ID */
	struct likelihood p;
	const char *reason;      /* why (borrowed; usually arena-owned) */
	struct srcloc loc;       /* row of the overrides file */
};

/* A task to assess. text must be valid UTF-8 (validated once by the loader:
 * matching skips PCRE2's own check). */
struct task_in {
	long task_id;
	const char *text;
	size_t len;
};

enum assess_by {
	ASSESS_NONE,      /* no rule matched and no override: not assessed */
	ASSESS_RULE,
	ASSESS_OVERRIDE
};

struct task_assessment {
	enum assess_by by;
	struct likelihood p;     /* zeros when by == ASSESS_NONE */
	long rule;               /* index of the rule (ASSESS_RULE), else -1 */
	long override;           /* index into the overrides (ASSESS_OVERRIDE), else -1 */
};

struct rules_stats {
	size_t tasks;            /* tasks assessed */
	size_t by_rule;          /* set by a rule */
	size_t by_override;      /* set by an override */
	size_t unmatched;        /* neither */
	size_t overrides_unused; /* overrides naming no task in the input */
};

/* Parse and compile rules from text (name is used in messages). Reports every
 * bad line as name:line:col (unknown field, number out of 0..1, decreasing
 * likelihoods, duplicate id, pattern that does not compile: col of the
 * offending pattern character) and returns NULL (status EXIT_DATA). The result
 * lives in arena a except the PCRE2 handles: free them with rules_free. */
struct rule_set *rules_parse(struct arena *a, const char *name, const char *text, size_t len);
/* Same, reading path (EXIT_SYS if unreadable). */
struct rule_set *rules_load(struct arena *a, const char *path);
/* Release the PCRE2 handles. NULL is fine. */
void rules_free(struct rule_set *rs);

size_t rules_count(const struct rule_set *rs);
const struct rule *rules_get(const struct rule_set *rs, size_t i);
/* Whether the set was JIT-compiled (it falls back to the interpreter). */
bool rules_jit(const struct rule_set *rs);

/* Index of the first rule matching text[0..len) (valid UTF-8), or -1.
 * Returns -2 after reporting a matching failure such as a match limit hit by
 * a backtracking pattern (EXIT_DATA: the rule is at fault). */
long rules_match(const struct rule_set *rs, const char *text, size_t len);

/* Check one likelihood triple: 0..1 and non-decreasing. Returns 0 or -1
 * (no message). */
int rules_check_likelihood(const struct likelihood *p);

/* Assess tasks[0..n) into out[0..n): override by Task ID first, then the first
 * matching rule, else ASSESS_NONE. Overrides are checked (0..1, non-decreasing,
 * duplicate Task ID: errors at their loc) before any task; rule_hits, if not
 * NULL, gets per-rule match counts (rules_count entries). Scratch memory comes
 * from a. Returns 0, or -1 after reporting. Does not report unmatched tasks:
 * the caller lists them. */
int rules_assess(struct arena *a, const struct rule_set *rs,
                 const struct task_override *ov, size_t nov,
                 const struct task_in *tasks, size_t n, struct task_assessment *out,
                 size_t *rule_hits, struct rules_stats *st);

#endif
