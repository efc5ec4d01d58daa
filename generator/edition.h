/*
 * edition: the edition's own facts (edition.csv: year, publication date),
 * emitted as figures "edition.<key>". Load stage + figures, nothing else.
 */
#ifndef REPORTGEN_EDITION_H
#define REPORTGEN_EDITION_H

struct arena;
struct figset;
struct table;

/* Load dir/edition.csv. Returns 0, or -1 after reporting. */
int edition_load(struct arena *a, const char *dir, struct table *out);
/* Emit edition.<key> for every row: a number when the value is one, else text. */
void edition_figures(const struct table *t, struct figset *fs);

#endif
