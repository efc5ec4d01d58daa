/*
 * edition: the edition's own facts (edition.csv: year, publication date),
 * emitted as figures "edition.<key>", and the single cited facts of the prose
 * (facts.csv), emitted as "fact.<key>". Load stage (load.c) and figures
 * (figures.c), no model stage.
 */
#ifndef REPORTGEN_EDITION_H
#define REPORTGEN_EDITION_H

struct arena;
struct figset;
struct dataset;

/* Load dir/edition.csv. Returns 0, or -1 after reporting. */
int edition_load(struct arena *a, const char *dir, struct dataset *out);
/* Emit edition.<key> for every row: a number when the value is one, else text. */
void edition_figures(const struct dataset *t, struct figset *fs);

/* Load dir/facts.csv: single cited facts the prose uses (key, value, unit,
 * what, provenance, source). Returns 0, or -1 after reporting. */
int edition_facts_load(struct arena *a, const char *dir, struct dataset *out);
/* Emit fact.<key> for every row (unit and source as given, formula = what). */
void edition_facts_figures(const struct dataset *t, struct figset *fs);

#endif
