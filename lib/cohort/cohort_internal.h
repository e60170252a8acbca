/*
 * cohort_internal.h - functions shared between the cohort stage's files.
 */
#ifndef RCM_COHORT_INTERNAL_H
#define RCM_COHORT_INTERNAL_H

#include "cohort/cohort.h"

/* Districts and schools in byte order, each row's entity indices, and
 * entity names from the latest row naming them (SPEC 8.1). */
rcm_err rcm_cohort_build_entities(rcm_cohort *c);

#endif
