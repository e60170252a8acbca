/* suppress.c: being written */
