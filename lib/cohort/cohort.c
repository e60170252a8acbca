/* cohort.c: being written */
