/* gen.c: being written */
