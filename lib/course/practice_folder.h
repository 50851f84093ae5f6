/*
 * practice_folder.h: the learner's practice folder, ./metaconc-practice/ by
 * default: a copy of every exercise (without its solution, hints and check)
 * that the learner edits with their own editor, and .metaconc/progress, the
 * exercises passed and the hints seen (progress.c's format).
 */
#ifndef METACONC_PRACTICE_FOLDER_H
#define METACONC_PRACTICE_FOLDER_H

#include <stdbool.h>
#include <stddef.h>

#include "course/exercise_catalog.h"

#define PRACTICE_FOLDER_DEFAULT "metaconc-practice"
#define PRACTICE_FOLDER_STATE ".metaconc" /* inside the folder: holds the progress file, and marks the folder */

/* True if `path` is a practice folder (it holds .metaconc/). */
bool practice_folder_is(const char *path);

/*
 * The practice folder seen from `start` (the current directory): `start`
 * itself, `start`/metaconc-practice, or the parent of `start` when `start`
 * is one of its exercises. A new string, or NULL if there is none.
 */
char *practice_folder_find(const char *start);

/*
 * Makes `folder` a practice folder (creating it if need be) and copies into
 * it every exercise that is not there yet. A folder that exists, is not a
 * practice folder and is not empty is refused: nothing of the learner's is
 * ever overwritten. `*copied` counts the exercises copied. Returns 0, or -1 with why.
 */
int practice_folder_create(const char *folder, const struct exercise_catalog *catalog, int *copied, char *why,
    size_t why_size);

/*
 * Copies the learner's files of one exercise into folder/NN-slug/: every
 * file of its shipped folder but solution.py, hints.md and check. With
 * `overwrite` false a file already there is kept. Returns 0, or -1 with why.
 */
int practice_folder_copy(const char *folder, const struct exercise_catalog_entry *entry, bool overwrite,
    char *why, size_t why_size);

/* True if the shipped file `name` is given to the learner. */
bool practice_folder_is_learner_file(const char *name);

/* folder/NN-slug/exercise.py into `path`. */
void practice_folder_program(const char *folder, const struct exercise_catalog_entry *entry, char *path, size_t size);

/* folder/.metaconc: where the folder's progress is kept (for progress_load). */
void practice_folder_state(const char *folder, char *path, size_t size);

#endif
