/* getopt table and help text: see main.c */
