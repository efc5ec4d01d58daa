/*
 * Private to the regions module (the files in generator/model/regions/): the
 * column indexes of the regions datasets, which the model and the figures
 * read by position. They follow the order of the schemas in load.c: change
 * both together.
 */
#ifndef REPORTGEN_REGIONS_INTERNAL_H
#define REPORTGEN_REGIONS_INTERNAL_H

#include "model/regions/regions.h"

/* states.csv */
enum { S_SLUG, S_INEGI, S_NAME, S_NAME_ES, S_NAME_INEGI, S_POP, S_POP_YEAR, S_PROFILED };

/* state_profiles.csv */
enum { PR_STATE, PR_GDP, PR_GDP_YEAR, PR_GDP_SOURCE, PR_COMP, PR_COMP_YEAR, PR_COMP_SOURCE,
       PR_INNOV, PR_INNOV_YEAR, PR_INNOV_SOURCE, PR_EGOV, PR_EGOV_SHARE, PR_EGOV_YEAR,
       PR_EGOV_SOURCE, PR_SUMMARY, PR_SUMMARY_ES, PR_VISION, PR_VISION_ES };

/* The long per-state tables: state_sectors.csv, state_focus.csv,
 * state_institutions.csv, state_policies.csv. */
enum { L_STATE, L_ORDER, L_NAME, L_NAME_ES };

#endif
