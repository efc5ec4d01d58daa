/*
 * tmpl/lint.h: layer 3 of the template stage, beside the evaluator (see
 * src.h for all layers): the check for numbers typed in the prose that equal
 * a figure (lint.c). Reads the op tree of compile.h; calls down to src.h.
 */
#ifndef REPORTGEN_TMPL_LINT_H
#define REPORTGEN_TMPL_LINT_H

#include "compile.h"

struct figset;

/* Warn about each such number in t's literal text; returns how many. */
int tmpl_lint_ops(const struct tmpl *t, const struct figset *fs);

#endif
