/*
 * atomic_file.c: output files that are never seen half-written.
 *
 * The content goes to a temporary file in the same directory; only when it
 * is complete is it renamed over the destination, which rename(2) does in one
 * step. An interrupted run, a full disk or an error leaves the old file (or
 * no file) in place. A path that names a device or a pipe (/dev/null,
 * /dev/stdout) is written in place: renaming over it would replace it.
 */
#include "core/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A device or a pipe: opened and written directly. Returns 0, or -1 with why. */
static int open_in_place(struct atomic_file *file, const char *path, char *why, size_t why_size)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0 || (file->stream = fdopen(fd, "w")) == NULL) {
		snprintf(why, why_size, "%s: cannot write: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		atomic_file_abort(file);
		return -1;
	}
	return 0;
}

int atomic_file_open(struct atomic_file *file, const char *path, char *why, size_t why_size)
{
	size_t length = strlen(path);
	struct stat info;
	bool exists;
	int fd;

	memset(file, 0, sizeof *file);
	if (strcmp(path, "-") == 0) {
		file->stream = stdout;
		return 0;
	}
	if (length == 0 || path[length - 1] == '/') {
		snprintf(why, why_size, "\"%s\": not a file name", path);
		return -1;
	}
	exists = stat(path, &info) == 0;
	if (exists && S_ISDIR(info.st_mode)) {
		snprintf(why, why_size, "%s: cannot write: %s", path, strerror(EISDIR));
		return -1;
	}
	file->path = strdup(path);
	if (file->path != NULL && exists && !S_ISREG(info.st_mode))
		return open_in_place(file, path, why, why_size);
	file->temporary_path = malloc(length + sizeof ".XXXXXX");
	if (file->path == NULL || file->temporary_path == NULL) {
		snprintf(why, why_size, "%s: out of memory", path);
		atomic_file_abort(file);
		return -1;
	}
	snprintf(file->temporary_path, length + sizeof ".XXXXXX", "%s.XXXXXX", path);
	fd = mkostemp(file->temporary_path, O_CLOEXEC); /* not inherited by the processes we start */
	if (fd < 0) {
		snprintf(why, why_size, "%s: cannot write: %s", path, strerror(errno));
		free(file->temporary_path);
		file->temporary_path = NULL;
		atomic_file_abort(file);
		return -1;
	}
	/* mkostemp() makes the file private (0600); give it the usual permissions. */
	mode_t mask = umask(0);

	umask(mask);
	fchmod(fd, 0666 & ~mask);
	file->stream = fdopen(fd, "w");
	if (file->stream == NULL) {
		snprintf(why, why_size, "%s: cannot write: %s", path, strerror(errno));
		close(fd);
		atomic_file_abort(file);
		return -1;
	}
	return 0;
}

int atomic_file_commit(struct atomic_file *file, char *why, size_t why_size)
{
	int failed;

	if (file->path == NULL) { /* standard output */
		failed = fflush(file->stream) != 0 || ferror(file->stream);
		if (failed)
			snprintf(why, why_size, "standard output: %s", strerror(errno));
		return failed ? -1 : 0;
	}
	/* A temporary file reaches the disk before it is renamed; a device or pipe cannot be synced. */
	failed = ferror(file->stream) || fflush(file->stream) != 0 ||
	    (file->temporary_path != NULL && fsync(fileno(file->stream)) != 0);
	if (fclose(file->stream) != 0)
		failed = 1;
	file->stream = NULL;
	if (failed || (file->temporary_path != NULL && rename(file->temporary_path, file->path) != 0)) {
		snprintf(why, why_size, "%s: cannot write: %s", file->path, strerror(errno));
		atomic_file_abort(file);
		return -1;
	}
	free(file->temporary_path);
	file->temporary_path = NULL;
	free(file->path);
	file->path = NULL;
	return 0;
}

void atomic_file_abort(struct atomic_file *file)
{
	if (file->stream != NULL && file->stream != stdout)
		fclose(file->stream);
	file->stream = NULL;
	if (file->temporary_path != NULL)
		unlink(file->temporary_path);
	free(file->temporary_path);
	free(file->path);
	file->temporary_path = NULL;
	file->path = NULL;
}
