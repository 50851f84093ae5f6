/*
 * practice_folder.c: the learner's copy of the exercises. The learner owns
 * this folder: metaconc creates what is missing and never replaces a file
 * that is there, except when the learner asked for it (practice reset).
 * Copies go through a temporary file renamed into place (atomic_file.c),
 * so a full disk never leaves half an exercise.
 */
#include "course/practice_folder.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomic_file.h"
#include "core/text.h"
#include "course/exercise.h"

static bool is_directory(const char *path)
{
	struct stat info;

	return stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

bool practice_folder_is(const char *path)
{
	char state[4200];

	practice_folder_state(path, state, sizeof state);
	return is_directory(state);
}

void practice_folder_state(const char *folder, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", folder, PRACTICE_FOLDER_STATE);
}

void practice_folder_program(const char *folder, const struct exercise_catalog_entry *entry, char *path, size_t size)
{
	snprintf(path, size, "%s/%s/%s", folder, entry->name, EXERCISE_PROGRAM);
}

char *practice_folder_find(const char *start)
{
	char path[4096];
	const char *slash;
	int number;
	char *slug;

	if (practice_folder_is(start))
		return strdup(start);
	snprintf(path, sizeof path, "%s/%s", start, PRACTICE_FOLDER_DEFAULT);
	if (practice_folder_is(path))
		return strdup(path);
	slash = strrchr(start, '/');
	if (slash == NULL || slash == start || !exercise_parse_name(slash + 1, &number, &slug))
		return NULL;
	free(slug);
	snprintf(path, sizeof path, "%.*s", (int)(slash - start), start);
	return practice_folder_is(path) ? strdup(path) : NULL;
}

bool practice_folder_is_learner_file(const char *name)
{
	size_t length = strlen(name);

	return name[0] != '.' && name[length - 1] != '~' && strcmp(name, EXERCISE_SOLUTION) != 0 &&
	    strcmp(name, EXERCISE_HINTS) != 0 && strcmp(name, EXERCISE_CHECK) != 0 &&
	    strcmp(name, "__pycache__") != 0;
}

static int make_directory(const char *path, mode_t mode, char *why, size_t why_size)
{
	if (mkdir(path, mode) != 0 && errno != EEXIST) {
		snprintf(why, why_size, "%s: cannot create it: %s", path, strerror(errno));
		return -1;
	}
	if (!is_directory(path)) {
		snprintf(why, why_size, "%s: there is a file of that name in the way", path);
		return -1;
	}
	return 0;
}

/* Copies `from` to `to`, through a temporary file. */
static int copy_file(const char *from, const char *to, char *why, size_t why_size)
{
	struct atomic_file file;
	char reason[256];
	char *data;
	size_t size;

	if (text_read_file(from, &data, &size, reason, sizeof reason) != 0) {
		snprintf(why, why_size, "%s: cannot read it: %s", from, reason);
		return -1;
	}
	if (atomic_file_open(&file, to, why, why_size) != 0) {
		free(data);
		return -1;
	}
	fwrite(data, 1, size, file.stream);
	free(data);
	return atomic_file_commit(&file, why, why_size);
}

int practice_folder_copy(const char *folder, const struct exercise_catalog_entry *entry, bool overwrite,
    char *why, size_t why_size)
{
	char target[4096];
	struct dirent *file;
	DIR *dir;
	int rc = 0;

	snprintf(target, sizeof target, "%s/%s", folder, entry->name);
	if (make_directory(target, 0755, why, why_size) != 0)
		return -1;
	dir = opendir(entry->path);
	if (dir == NULL) {
		snprintf(why, why_size, "%s: cannot list it: %s", entry->path, strerror(errno));
		return -1;
	}
	while (rc == 0 && (file = readdir(dir)) != NULL) {
		char from[4096], to[8192];
		struct stat info;

		snprintf(from, sizeof from, "%s/%s", entry->path, file->d_name);
		snprintf(to, sizeof to, "%s/%s", target, file->d_name);
		if (!practice_folder_is_learner_file(file->d_name) || stat(from, &info) != 0 || !S_ISREG(info.st_mode))
			continue;
		if (!overwrite && access(to, F_OK) == 0)
			continue; /* the learner's file stays as it is */
		rc = copy_file(from, to, why, why_size);
	}
	closedir(dir);
	return rc;
}

/* True if `path` is a directory with nothing in it. */
static bool is_empty_directory(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *entry;
	bool empty = true;

	if (dir == NULL)
		return false;
	while (empty && (entry = readdir(dir)) != NULL)
		empty = strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0;
	closedir(dir);
	return empty;
}

int practice_folder_create(const char *folder, const struct exercise_catalog *catalog, int *copied, char *why,
    size_t why_size)
{
	char state[4200], target[4200];

	*copied = 0;
	if (access(folder, F_OK) == 0 && !practice_folder_is(folder) && !is_empty_directory(folder)) {
		snprintf(why, why_size, "%s is there already and is not a practice folder; metaconc will not write into "
		    "it: choose another with --dir", folder);
		return -1;
	}
	if (make_directory(folder, 0755, why, why_size) != 0)
		return -1;
	practice_folder_state(folder, state, sizeof state);
	if (make_directory(state, 0700, why, why_size) != 0)
		return -1;
	for (size_t i = 0; i < catalog->count; i++) {
		snprintf(target, sizeof target, "%s/%s", folder, catalog->entries[i].name);
		if (access(target, F_OK) == 0)
			continue; /* copied before: the learner's work */
		if (practice_folder_copy(folder, &catalog->entries[i], false, why, why_size) != 0)
			return -1;
		(*copied)++;
	}
	return 0;
}
