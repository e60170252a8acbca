/*
 * profile.c - what each state profile emphasises in generated data.
 *
 * All profiles share one generator; these weights shift the evidence
 * towards what the profile's metrics look at: Ohio credentials, WorkKeys,
 * College Credit Plus; Tennessee early postsecondary courses and ASVAB;
 * Colorado work-based learning; Washington grade-12 credentials and a
 * CEDARS-style cohort_year on most rows.
 */
#include <string.h>

#include "gen/gen_internal.h"

static const gen_weights profiles[] = {
    {.name = "ohio", .cte = 0.22, .cred_cte = 0.75, .cred_other = 0.22, .cred_grade12 = 0.35,
     .act = 0.60, .act_retake = 0.25, .sat = 0.25, .workkeys_cte = 0.48,
     .workkeys_other = 0.12, .asvab = 0.03, .ap = 0.22, .ib = 0.08, .ccp = 0.14,
     .dual_enrollment = 0.02, .dual_credit = 0.0, .clep = 0.005, .cie = 0.0, .ldc = 0.0,
     .internship = 0.04, .pre_apprenticeship = 0.02, .apprenticeship = 0.01, .ap_cs = 0.02,
     .cohort_year = 0.03, .grade9_entry_year = 0.20, .ssid_letters = 1},
    {.name = "tennessee", .cte = 0.30, .cred_cte = 0.70, .cred_other = 0.18,
     .cred_grade12 = 0.40, .act = 0.85, .act_retake = 0.35, .sat = 0.08, .workkeys_cte = 0.20,
     .workkeys_other = 0.05, .asvab = 0.14, .ap = 0.20, .ib = 0.10, .ccp = 0.0,
     .dual_enrollment = 0.18, .dual_credit = 0.12, .clep = 0.02, .cie = 0.03, .ldc = 0.08,
     .internship = 0.03, .pre_apprenticeship = 0.01, .apprenticeship = 0.01, .ap_cs = 0.02,
     .cohort_year = 0.03, .grade9_entry_year = 0.30, .ssid_letters = 0},
    {.name = "colorado", .cte = 0.22, .cred_cte = 0.70, .cred_other = 0.20,
     .cred_grade12 = 0.40, .act = 0.20, .act_retake = 0.15, .sat = 0.80, .workkeys_cte = 0.15,
     .workkeys_other = 0.04, .asvab = 0.05, .ap = 0.25, .ib = 0.12, .ccp = 0.0,
     .dual_enrollment = 0.15, .dual_credit = 0.0, .clep = 0.01, .cie = 0.0, .ldc = 0.0,
     .internship = 0.10, .pre_apprenticeship = 0.05, .apprenticeship = 0.03, .ap_cs = 0.04,
     .cohort_year = 0.05, .grade9_entry_year = 0.20, .ssid_letters = 0},
    {.name = "washington", .cte = 0.25, .cred_cte = 0.70, .cred_other = 0.20,
     .cred_grade12 = 0.70, .act = 0.15, .act_retake = 0.15, .sat = 0.45, .workkeys_cte = 0.10,
     .workkeys_other = 0.03, .asvab = 0.03, .ap = 0.25, .ib = 0.12, .ccp = 0.0,
     .dual_enrollment = 0.20, .dual_credit = 0.10, .clep = 0.01, .cie = 0.02, .ldc = 0.0,
     .internship = 0.05, .pre_apprenticeship = 0.02, .apprenticeship = 0.01, .ap_cs = 0.03,
     .cohort_year = 0.85, .grade9_entry_year = 0.60, .ssid_letters = 0},
};

const gen_weights *rcm_gen_weights(const char *profile)
{
    size_t i;
    for (i = 0; profile && i < sizeof profiles / sizeof profiles[0]; i++)
        if (strcmp(profiles[i].name, profile) == 0)
            return &profiles[i];
    return &profiles[0];
}
