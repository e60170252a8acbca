/*
 * names.c - name tables of metric rows.
 */
#include "metrics/metrics.h"

const char *const rcm_level_names[RCM_LEVEL_COUNT] = {"all", "district", "school"};
const char *const rcm_status_names[RCM_STATUS_COUNT] = {
    "reported", "suppressed_n", "suppressed_bounds", "suppressed_complement"};
