/* pipeline.c: being written */
