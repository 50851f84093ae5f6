/*
 * atomic_file.c: output files that are never seen half-written.
 *
 * The content goes to a temporary file in the same directory; only when it
 * is complete is it renamed over the destination, which rename(2) does in one
 * step. An interrupted run, a full disk or an error leaves the old file (or
 * no file) in place.
 */
#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int atomic_file_open(struct atomic_file *file, const char *path, char *why, size_t why_size)
{
	size_t length = strlen(path);
	struct stat status;
	int fd;

	memset(file, 0, sizeof *file);
	if (strcmp(path, "-") == 0) {
		file->stream = stdout;
		return 0;
	}
	if (length == 0 || path[length - 1] == '/') {
		snprintf(why, why_size, "%s: not a file name", path);
		return -1;
	}
	if (stat(path, &status) == 0 && S_ISDIR(status.st_mode)) {
		/* rename() would fail only after the run: say so before it. */
		snprintf(why, why_size, "%s: cannot write: Is a directory", path);
		return -1;
	}
	file->path = strdup(path);
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
	failed = ferror(file->stream) || fflush(file->stream) != 0 || fsync(fileno(file->stream)) != 0;
	if (fclose(file->stream) != 0)
		failed = 1;
	file->stream = NULL;
	if (failed || rename(file->temporary_path, file->path) != 0) {
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
