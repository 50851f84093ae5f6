/*
 * exercise_catalog.c: the practice exercises on disk. Each is a folder
 * NN-slug of lessons/exercises/; its number orders the course. The lessons
 * directory is found by catalog.c, so METACONC_LESSONS, a build tree and an
 * installation all work the same way for lessons and exercises.
 */
#include "course/exercise_catalog.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/suggest.h"
#include "core/text.h"
#include "course/catalog.h"
#include "course/exercise.h"

int exercise_catalog_open(struct exercise_catalog *catalog, char *why, size_t why_size)
{
	char lessons[4096], root[4096], directory[4200];

	memset(catalog, 0, sizeof *catalog);
	if (catalog_locate(lessons, root, sizeof lessons, why, why_size) != 0)
		return -1;
	snprintf(directory, sizeof directory, "%s/%s", lessons, EXERCISE_CATALOG_FOLDER);
	return exercise_catalog_open_directory(catalog, directory, why, why_size);
}

static int by_number(const void *a, const void *b)
{
	const struct exercise_catalog_entry *x = a, *y = b;

	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	return strcmp(x->name, y->name);
}

static bool is_directory(const char *path)
{
	struct stat info;

	return stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

static int add_entry(struct exercise_catalog *catalog, const char *name, int number, char *slug)
{
	struct exercise_catalog_entry *grown = realloc(catalog->entries, (catalog->count + 1) * sizeof *grown);
	struct exercise_catalog_entry *entry;
	size_t length = strlen(catalog->directory) + strlen(name) + 2;

	if (grown == NULL) {
		free(slug);
		return -1;
	}
	catalog->entries = grown;
	entry = &grown[catalog->count];
	entry->number = number;
	entry->slug = slug;
	entry->name = strdup(name);
	entry->path = malloc(length);
	catalog->count++;
	if (entry->name == NULL || entry->path == NULL)
		return -1;
	snprintf(entry->path, length, "%s/%s", catalog->directory, name);
	return 0;
}

int exercise_catalog_open_directory(struct exercise_catalog *catalog, const char *directory, char *why,
    size_t why_size)
{
	DIR *dir;
	struct dirent *entry;

	memset(catalog, 0, sizeof *catalog);
	dir = opendir(directory);
	if (dir == NULL) {
		snprintf(why, why_size, "%s: no exercises there: %s", directory, strerror(errno));
		return -1;
	}
	catalog->directory = strdup(directory);
	if (catalog->directory == NULL) {
		closedir(dir);
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	while ((entry = readdir(dir)) != NULL) {
		char path[4096];
		char *slug;
		int number;

		snprintf(path, sizeof path, "%s/%s", directory, entry->d_name);
		if (!exercise_parse_name(entry->d_name, &number, &slug))
			continue; /* python-startup/, a README, an editor's backup */
		if (!is_directory(path)) {
			free(slug);
			continue;
		}
		if (add_entry(catalog, entry->d_name, number, slug) != 0) {
			closedir(dir);
			exercise_catalog_free(catalog);
			snprintf(why, why_size, "out of memory");
			return -1;
		}
	}
	closedir(dir);
	if (catalog->count == 0) {
		snprintf(why, why_size, "%s: no exercises there (folders named NN-name)", directory);
		exercise_catalog_free(catalog);
		return -1;
	}
	qsort(catalog->entries, catalog->count, sizeof *catalog->entries, by_number);
	for (size_t i = 1; i < catalog->count; i++) {
		if (catalog->entries[i].number == catalog->entries[i - 1].number) {
			snprintf(why, why_size, "%s: two exercises numbered %d: %s and %s", directory,
			    catalog->entries[i].number, catalog->entries[i - 1].name, catalog->entries[i].name);
			exercise_catalog_free(catalog);
			return -1;
		}
	}
	return 0;
}

int exercise_catalog_find(const struct exercise_catalog *catalog, const char *name, char *why, size_t why_size)
{
	const char **slugs;
	const char *guess = NULL;

	long wanted;

	if (text_is_number(name, &wanted)) {
		for (size_t i = 0; i < catalog->count; i++) {
			if (catalog->entries[i].number == wanted)
				return (int)i;
		}
		snprintf(why, why_size, "no exercise %s: the exercises are numbered %d to %d; see 'metaconc practice list'",
		    name, catalog->entries[0].number, catalog->entries[catalog->count - 1].number);
		return -1;
	}
	for (size_t i = 0; i < catalog->count; i++) {
		if (strcmp(name, catalog->entries[i].slug) == 0 || strcmp(name, catalog->entries[i].name) == 0)
			return (int)i;
	}
	slugs = calloc(catalog->count + 1, sizeof *slugs);
	for (size_t i = 0; slugs != NULL && i < catalog->count; i++)
		slugs[i] = catalog->entries[i].slug;
	if (slugs != NULL)
		guess = suggest_closest(name, slugs, catalog->count);
	if (guess != NULL)
		snprintf(why, why_size, "no exercise \"%s\" (did you mean \"%s\"?); see 'metaconc practice list'", name, guess);
	else
		snprintf(why, why_size, "no exercise \"%s\"; see 'metaconc practice list' for the exercises and their numbers",
		    name);
	text_one_line(why);
	free(slugs);
	return -1;
}

void exercise_catalog_free(struct exercise_catalog *catalog)
{
	for (size_t i = 0; i < catalog->count; i++) {
		free(catalog->entries[i].slug);
		free(catalog->entries[i].name);
		free(catalog->entries[i].path);
	}
	free(catalog->entries);
	free(catalog->directory);
	memset(catalog, 0, sizeof *catalog);
}
