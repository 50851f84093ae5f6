/*
 * catalog.c: the lessons on disk. A lesson is a file NN-slug.lesson in the
 * lessons directory; its number orders the course and its slug names it.
 * This module finds that directory (and the sources the lessons show),
 * lists the lessons in order, and finds one from what a user typed.
 */
#include "course/catalog.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/suggest.h"
#include "core/text.h"

#define CATALOG_MAX_NUMBER 999
#define CATALOG_BINARY_PATH 4000 /* shorter than the paths built from it, so the suffixes fit */

static bool is_directory(const char *path)
{
	struct stat info;

	return stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

/* "a/b/c" -> "a/b" in place; false if there is no slash left. */
static bool strip_last_component(char *path)
{
	char *slash = strrchr(path, '/');

	if (slash == NULL)
		return false;
	if (slash == path)
		path[1] = '\0'; /* the parent of "/x" is "/" */
	else
		*slash = '\0';
	return true;
}

/*
 * From the binary's own path: a build tree (PREFIX/lessons beside
 * PREFIX/build/metaconc) or an installation (PREFIX/share/metaconc/lessons
 * beside PREFIX/bin/metaconc). Fills `lessons` and `root`, or leaves them "".
 */
static void locate_from_binary(char *lessons, char *root, size_t size, char *binary, size_t binary_size)
{
	char prefix[CATALOG_BINARY_PATH];
	ssize_t n = readlink("/proc/self/exe", binary, binary_size - 1);

	lessons[0] = root[0] = '\0';
	if (n <= 0 || (size_t)n >= binary_size - 1 || (size_t)n >= sizeof prefix) {
		snprintf(binary, binary_size, "metaconc");
		return;
	}
	binary[n] = '\0';
	memcpy(prefix, binary, (size_t)n + 1);
	if (!strip_last_component(prefix) || !strip_last_component(prefix))
		return;
	snprintf(lessons, size, "%s/lessons", prefix);
	snprintf(root, size, "%s", prefix);
	if (is_directory(lessons))
		return;
	snprintf(lessons, size, "%s/share/metaconc/lessons", prefix);
	snprintf(root, size, "%s/share/metaconc", prefix);
	if (is_directory(lessons))
		return;
	lessons[0] = root[0] = '\0';
}

int catalog_locate(char *lessons, char *root, size_t size, char *why, size_t why_size)
{
	const char *chosen = getenv("METACONC_LESSONS");
	char binary[CATALOG_BINARY_PATH];

	locate_from_binary(lessons, root, size, binary, sizeof binary);
	if (chosen != NULL && chosen[0] != '\0') {
		if (!is_directory(chosen)) {
			snprintf(why, why_size, "METACONC_LESSONS: %s: %s", chosen,
			    access(chosen, F_OK) == 0 ? "not a directory" : strerror(errno));
			return -1;
		}
		snprintf(lessons, size, "%s", chosen);
		if (root[0] == '\0') { /* no build tree nor installation: the lessons' parent */
			snprintf(root, size, "%s", chosen);
			if (!strip_last_component(root))
				snprintf(root, size, ".");
		}
	}
	if (lessons[0] == '\0') {
		snprintf(why, why_size, "no lessons found for %s (neither a lessons/ directory beside its build "
		    "directory nor share/metaconc/lessons beside its bin/); set METACONC_LESSONS to the lessons directory",
		    binary);
		return -1;
	}
	return 0;
}

int catalog_open(struct catalog *catalog, char *why, size_t why_size)
{
	char lessons[4096], root[4096];

	memset(catalog, 0, sizeof *catalog);
	if (catalog_locate(lessons, root, sizeof lessons, why, why_size) != 0)
		return -1;
	return catalog_open_directory(catalog, lessons, root, why, why_size);
}

bool catalog_parse_file_name(const char *file_name, int *number, char **slug)
{
	const char *p = file_name;
	const char *slug_start;
	size_t length = strlen(file_name);
	int n = 0, digits = 0;

	if (length <= strlen(".lesson") || strcmp(file_name + length - strlen(".lesson"), ".lesson") != 0)
		return false;
	while (*p >= '0' && *p <= '9' && digits < 4) {
		n = n * 10 + (*p++ - '0');
		digits++;
	}
	if (digits == 0 || n > CATALOG_MAX_NUMBER || *p != '-')
		return false;
	slug_start = ++p;
	while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')
		p++;
	if (p == slug_start || strcmp(p, ".lesson") != 0)
		return false;
	*number = n;
	*slug = strndup(slug_start, (size_t)(p - slug_start));
	return *slug != NULL;
}

/* In order of number; two files with the same number (an error) in order of name, so it is reported the same way every time. */
static int by_number(const void *a, const void *b)
{
	const struct catalog_entry *x = a, *y = b;

	if (x->number != y->number)
		return (x->number > y->number) - (x->number < y->number);
	return strcmp(x->path, y->path);
}

/* Adds the lesson file `name`; -1 with why if its name is not NN-slug.lesson. */
static int add_entry(struct catalog *catalog, const char *name, char *why, size_t why_size)
{
	struct catalog_entry entry = { 0 };
	struct catalog_entry *grown;
	size_t length = strlen(catalog->directory) + 1 + strlen(name) + 1;

	if (!catalog_parse_file_name(name, &entry.number, &entry.slug)) {
		snprintf(why, why_size, "%s/%s: a lesson file is named NN-slug.lesson "
		    "(a number, a dash, lowercase words joined by dashes), like 01-concurrency-vs-parallelism.lesson",
		    catalog->directory, name);
		return -1;
	}
	entry.path = malloc(length);
	grown = realloc(catalog->entries, (catalog->count + 1) * sizeof *grown);
	if (entry.path == NULL || grown == NULL) {
		free(entry.slug);
		free(entry.path);
		if (grown != NULL)
			catalog->entries = grown;
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	snprintf(entry.path, length, "%s/%s", catalog->directory, name);
	catalog->entries = grown;
	catalog->entries[catalog->count++] = entry;
	return 0;
}

int catalog_open_directory(struct catalog *catalog, const char *directory, const char *source_root,
    char *why, size_t why_size)
{
	DIR *dir;
	struct dirent *entry;
	int rc = 0;

	memset(catalog, 0, sizeof *catalog);
	catalog->directory = strdup(directory);
	catalog->source_root = strdup(source_root);
	if (catalog->directory == NULL || catalog->source_root == NULL) {
		snprintf(why, why_size, "out of memory");
		catalog_free(catalog);
		return -1;
	}
	dir = opendir(directory);
	if (dir == NULL) {
		snprintf(why, why_size, "%s: cannot list the lessons: %s", directory, strerror(errno));
		catalog_free(catalog);
		return -1;
	}
	while (rc == 0 && (entry = readdir(dir)) != NULL) {
		size_t length = strlen(entry->d_name);

		if (entry->d_name[0] == '.' || length < 7 || strcmp(entry->d_name + length - 7, ".lesson") != 0)
			continue;
		rc = add_entry(catalog, entry->d_name, why, why_size);
	}
	closedir(dir);
	if (rc == 0 && catalog->count > 0)
		qsort(catalog->entries, catalog->count, sizeof catalog->entries[0], by_number);
	for (size_t i = 1; rc == 0 && i < catalog->count; i++) {
		if (catalog->entries[i].number == catalog->entries[i - 1].number) {
			snprintf(why, why_size, "%s and %s have the same number", catalog->entries[i - 1].path,
			    catalog->entries[i].path);
			rc = -1;
		}
	}
	if (rc == 0 && catalog->count == 0) {
		snprintf(why, why_size, "%s: no lessons in it (files named NN-slug.lesson)", directory);
		rc = -1;
	}
	if (rc != 0)
		catalog_free(catalog);
	return rc;
}

/* "05-gil.lesson" -> "gil": what to compare with the slugs when suggesting one. */
static void bare_slug(const char *name, char *bare, size_t size)
{
	const char *start = name;
	size_t length;

	while (*start >= '0' && *start <= '9')
		start++;
	if (start != name && *start == '-')
		name = start + 1;
	length = strlen(name);
	if (length > 7 && strcmp(name + length - 7, ".lesson") == 0)
		length -= 7;
	snprintf(bare, size, "%.*s", (int)length, name);
}

int catalog_find(const struct catalog *catalog, const char *name, char *why, size_t why_size)
{
	const char **slugs;
	const char *guess = NULL;
	char bare[256];

	long wanted;

	if (text_is_number(name, &wanted)) {
		for (size_t i = 0; i < catalog->count; i++) {
			if (catalog->entries[i].number == wanted)
				return (int)i;
		}
		snprintf(why, why_size, "no lesson %s: the lessons are numbered %d to %d; see 'metaconc list'",
		    name, catalog->entries[0].number, catalog->entries[catalog->count - 1].number);
		return -1;
	}
	for (size_t i = 0; i < catalog->count; i++) {
		const char *file = strrchr(catalog->entries[i].path, '/');
		size_t file_length;

		file = file != NULL ? file + 1 : catalog->entries[i].path;
		file_length = strlen(file) - strlen(".lesson");
		if (strcmp(name, catalog->entries[i].slug) == 0 || strcmp(name, file) == 0 ||
		    (strlen(name) == file_length && strncmp(name, file, file_length) == 0))
			return (int)i;
	}
	slugs = calloc(catalog->count + 1, sizeof *slugs);
	for (size_t i = 0; slugs != NULL && i < catalog->count; i++)
		slugs[i] = catalog->entries[i].slug;
	bare_slug(name, bare, sizeof bare);
	if (slugs != NULL)
		guess = suggest_closest(bare, slugs, catalog->count);
	if (guess != NULL)
		snprintf(why, why_size, "no lesson \"%s\" (did you mean \"%s\"?); see 'metaconc list'", name, guess);
	else
		snprintf(why, why_size, "no lesson \"%s\"; see 'metaconc list' for the lessons and their numbers", name);
	text_one_line(why); /* it quotes what was typed */
	free(slugs);
	return -1;
}

void catalog_free(struct catalog *catalog)
{
	for (size_t i = 0; i < catalog->count; i++) {
		free(catalog->entries[i].slug);
		free(catalog->entries[i].path);
	}
	free(catalog->entries);
	free(catalog->directory);
	free(catalog->source_root);
	memset(catalog, 0, sizeof *catalog);
}
