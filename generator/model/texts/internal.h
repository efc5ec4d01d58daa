/*
 * Private to the texts module (the files in generator/model/texts/): the
 * column indexes of the text datasets, which the checks and the figures read
 * by position, and the splitting of a footnote's list of cited ids. The
 * indexes follow the order of the schemas in load.c: change both together.
 */
#ifndef REPORTGEN_TEXTS_INTERNAL_H
#define REPORTGEN_TEXTS_INTERNAL_H

#include "model/texts/texts.h"

/* recommendations.csv */
enum { R_NUMBER, R_AREA, R_ACTOR, R_ACTOR_ES, R_TF_CODE, R_TF, R_TF_ES, R_TITLE, R_TITLE_ES,
       R_SUMMARY, R_SUMMARY_ES, R_REGIONAL };

/* rec_areas.csv */
enum { A_CODE, A_ORDER, A_NAME, A_NAME_ES };

/* use_cases.csv */
enum { U_ID, U_LEVEL, U_STATE };

/* programmes.csv: G_FIRST is the first of the eight counts */
enum { G_FIELD, G_FIELD_ES, G_FIRST };

/* participants.csv */
enum { P_NAME, P_JOB, P_ORG, P_SECTOR, P_SECTOR_ES, P_STATE };

/* bibliography.csv */
enum { B_ID, B_AUTHOR, B_YEAR, B_TITLE, B_PUBLISHER, B_URL, B_PROV, B_SRC, B_CITED_BY, B_CITE,
       B_CITE_ES };

/* footnotes.csv */
enum { F_NUMBER, F_KIND, F_CITES, F_PAGES };

/* strategy_themes.csv */
enum { T_CODE, T_ORDER, T_NAME, T_NAME_ES };

/* strategy_countries.csv */
enum { S_CODE, S_NAME, S_NAME_ES };

/* strategy_theme_countries.csv */
enum { TC_THEME, TC_COUNTRY, TC_BASIS };

/* milestones.csv */
enum { MI_YEAR, MI_STATE, MI_TEXT, MI_TEXT_ES };

/* Split a space-separated id list in place into ids[0..max); returns the
 * count. */
size_t texts_split_ids(char *s, char **ids, size_t max);

#endif
