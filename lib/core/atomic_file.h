/* atomic_file.h: write a file completely or not at all (a temporary file, then rename). */
#ifndef METACONC_ATOMIC_FILE_H
#define METACONC_ATOMIC_FILE_H

#include <stdbool.h>
#include <stdio.h>

struct atomic_file {
	FILE *stream;          /* write here */
	char *path;            /* where it will appear; NULL for standard output */
	char *temporary_path;  /* NULL for a device or a pipe, written in place */
};

/*
 * Opens a temporary file beside `path` ("-" means standard output). Done
 * before the run, so an unwritable path fails at once. Returns 0, or -1 with
 * the reason in `why`.
 */
int atomic_file_open(struct atomic_file *file, const char *path, char *why, size_t why_size);
/* Flushes, closes and renames it into place. Returns 0, or -1 with why (and nothing left behind). */
int atomic_file_commit(struct atomic_file *file, char *why, size_t why_size);
/* Whether two paths name the same file, there already or not ("x", "./x"): one would replace the other. */
bool atomic_file_same(const char *a, const char *b);
/* Closes and removes the temporary file: nothing half-written remains. Safe to call twice. */
void atomic_file_abort(struct atomic_file *file);

#endif
