/*
 * texts: the edition's text datasets (recommendations, use cases, university
 * programmes, participants, bibliography and footnotes, themes of national
 * AI strategies, regional milestones), loaded through data_load, checked
 * against each other and turned into figure-store tables for the templates.
 * Pipeline position: load (texts_load and texts_check_states in load.c) ->
 * (no model) -> figures (texts_figures in figures.c).
 */
#ifndef REPORTGEN_TEXTS_H
#define REPORTGEN_TEXTS_H

#include <stddef.h>

#include "load/load.h"

struct arena;
struct figset;
struct regions_data;

struct texts_data {
	struct dataset recommendations;   /* recommendations.csv */
	struct dataset areas;             /* rec_areas.csv */
	struct dataset use_cases;         /* use_cases.csv */
	struct dataset programmes;        /* programmes.csv (Table 2) */
	struct dataset stages;            /* programme_stages.csv */
	struct dataset participants;      /* participants.csv (Appendix 1) */
	struct dataset bibliography;      /* bibliography.csv */
	struct dataset footnotes;         /* footnotes.csv */
	struct dataset themes;            /* strategy_themes.csv */
	struct dataset strategy_countries;/* strategy_countries.csv */
	struct dataset theme_countries;   /* strategy_theme_countries.csv */
	struct dataset milestones;        /* milestones.csv */
	int *bib_number;                /* per bibliography row: 1.. in order of first citation */
};

/* Load and cross-check the text datasets in dir. Reports every problem
 * (FILE:LINE:COL) and returns -1, or 0. *out lives in a. */
int texts_load(struct arena *a, const char *dir, struct texts_data *out);

/* Check the state slugs used by use cases, participants and milestones
 * against the regions data. Returns 0, or -1 after reporting. */
int texts_check_states(const struct texts_data *t, const struct regions_data *r);

/* Emit the tables and keys of templates/KEYS.md, "Text datasets". */
void texts_figures(const struct texts_data *t, struct figset *fs);

#endif
