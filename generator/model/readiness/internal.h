/*
 * Private to the readiness module (the files in generator/model/readiness/):
 * the country lookup that both the loader and the model use.
 */
#ifndef REPORTGEN_READINESS_INTERNAL_H
#define REPORTGEN_READINESS_INTERNAL_H

#include "model/readiness/readiness.h"

/* Index of the country with this code in d, or -1. */
long readiness_find_country(const struct readiness_data *d, const char *code);

#endif
