/*
 * atomic_file.c: output files that are never seen half-written.
 *
 * The content goes to a temporary file in the same directory; only when it
 * is complete is it renamed over the destination, which rename(2) does in one
 * step. An interrupted run, a full disk or an error leaves the old file (or
 * no file) in place. A path that names a device or a pipe (/dev/null,
 * /dev/stdout) is written in place: renaming over it would replace it.
 *
 * The temporary file is ".NAME.metaconc-PID.tmp" beside NAME (NAME cut
 * short if the whole would pass the system's limit on a file name). A run
 * killed by SIGKILL cannot remove its own; the next run that writes NAME
 * finds those whose process is gone and removes them. The file replaced
 * keeps its permissions.
 */
#include "core/atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/text.h"

#define TEMPORARY_TAG ".metaconc-"
#define TEMPORARY_END ".tmp"
#define SHOWN_PATH 120 /* characters of a path in a message, so that the reason always fits */

/* "path: cannot write: reason", the path cut in the middle if it is long. */
static void cannot_write(char *why, size_t why_size, const char *path, int error)
{
	char shown[SHOWN_PATH + 1];

	text_elide(shown, sizeof shown, path, SHOWN_PATH);
	snprintf(why, why_size, "%s: cannot write: %s", shown, strerror(error));
}

/* A device or a pipe: opened and written directly. Returns 0, or -1 with why. */
static int open_in_place(struct atomic_file *file, const char *path, char *why, size_t why_size)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0 || (file->stream = fdopen(fd, "w")) == NULL) {
		cannot_write(why, why_size, path, errno);
		if (fd >= 0)
			close(fd);
		atomic_file_abort(file);
		return -1;
	}
	return 0;
}

/*
 * The directory part of path ("." if none) into dir, and the prefix of the
 * temporary files for its last component, ".NAME.metaconc-", into prefix:
 * NAME is cut so that the prefix, a pid and ".tmp" fit in NAME_MAX.
 */
static int temporary_prefix(const char *path, char *dir, size_t dir_size, char *prefix, size_t prefix_size)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash != NULL ? slash + 1 : path;
	size_t room = NAME_MAX - (1 + strlen(TEMPORARY_TAG) + 10 + strlen(TEMPORARY_END));
	size_t name_length = strlen(name) < room ? strlen(name) : room;
	int n;

	if (slash == NULL)
		n = snprintf(dir, dir_size, ".");
	else if (slash == path)
		n = snprintf(dir, dir_size, "/");
	else
		n = snprintf(dir, dir_size, "%.*s", (int)(slash - path), path);
	if (n < 0 || (size_t)n >= dir_size)
		return -1;
	n = snprintf(prefix, prefix_size, ".%.*s" TEMPORARY_TAG, (int)name_length, name);
	return n < 0 || (size_t)n >= prefix_size ? -1 : 0;
}

/* The pid in "PREFIX" PID ".tmp", or 0 if entry is not one of ours. */
static pid_t temporary_owner(const char *entry, const char *prefix)
{
	size_t prefix_length = strlen(prefix), length = strlen(entry);
	const char *digits = entry + prefix_length;
	pid_t pid = 0;

	if (length <= prefix_length + strlen(TEMPORARY_END) || strncmp(entry, prefix, prefix_length) != 0 ||
	    strcmp(entry + length - strlen(TEMPORARY_END), TEMPORARY_END) != 0)
		return 0;
	for (; digits < entry + length - strlen(TEMPORARY_END); digits++) {
		if (*digits < '0' || *digits > '9' || pid > 99999999)
			return 0;
		pid = pid * 10 + (*digits - '0');
	}
	return pid;
}

/* Removes the temporary files of `prefix` in dir left by processes that no longer exist. */
static void remove_stale(const char *dir, const char *prefix)
{
	DIR *listing = opendir(dir);
	struct dirent *entry;

	if (listing == NULL)
		return;
	while ((entry = readdir(listing)) != NULL) {
		pid_t owner = temporary_owner(entry->d_name, prefix);

		if (owner > 0 && owner != getpid() && kill(owner, 0) != 0 && errno == ESRCH)
			unlinkat(dirfd(listing), entry->d_name, 0);
	}
	closedir(listing);
}

/* Creates the temporary file, private at first; returns its descriptor or -1 with errno. */
static int create_temporary(const char *temporary_path)
{
	int fd = open(temporary_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0 && errno == EEXIST) {
		/* Ours by name but not by us: left by an earlier process that had our pid. */
		unlink(temporary_path);
		fd = open(temporary_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	}
	return fd;
}

int atomic_file_open(struct atomic_file *file, const char *path, char *why, size_t why_size)
{
	char dir[PATH_MAX], prefix[NAME_MAX + 1], shown[SHOWN_PATH + 1];
	size_t size;
	struct stat info;
	bool exists;
	mode_t mode;
	int fd;

	memset(file, 0, sizeof *file);
	if (strcmp(path, "-") == 0) {
		file->stream = stdout;
		return 0;
	}
	text_elide(shown, sizeof shown, path, SHOWN_PATH);
	if (path[0] == '\0' || path[strlen(path) - 1] == '/') {
		snprintf(why, why_size, "\"%s\": not a file name", shown);
		return -1;
	}
	exists = stat(path, &info) == 0;
	if (exists && S_ISDIR(info.st_mode)) {
		cannot_write(why, why_size, path, EISDIR);
		return -1;
	}
	file->path = strdup(path);
	if (file->path != NULL && exists && !S_ISREG(info.st_mode))
		return open_in_place(file, path, why, why_size);
	if (temporary_prefix(path, dir, sizeof dir, prefix, sizeof prefix) != 0) {
		cannot_write(why, why_size, path, ENAMETOOLONG);
		atomic_file_abort(file);
		return -1;
	}
	size = strlen(dir) + 1 + strlen(prefix) + 10 + sizeof TEMPORARY_END;
	file->temporary_path = malloc(size);
	if (file->path == NULL || file->temporary_path == NULL) {
		snprintf(why, why_size, "%s: out of memory", shown);
		atomic_file_abort(file);
		return -1;
	}
	remove_stale(dir, prefix);
	snprintf(file->temporary_path, size, "%s/%s%ld" TEMPORARY_END, dir, prefix, (long)getpid());
	fd = create_temporary(file->temporary_path);
	if (fd < 0) {
		cannot_write(why, why_size, path, errno);
		free(file->temporary_path);
		file->temporary_path = NULL; /* not ours to remove */
		atomic_file_abort(file);
		return -1;
	}
	/* The replaced file's permissions, or the usual ones for a new file. */
	if (exists) {
		mode = info.st_mode & 07777;
	} else {
		mode_t mask = umask(0);

		umask(mask);
		mode = 0666 & ~mask;
	}
	fchmod(fd, mode);
	file->stream = fdopen(fd, "w");
	if (file->stream == NULL) {
		cannot_write(why, why_size, path, errno);
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
		cannot_write(why, why_size, file->path, errno);
		atomic_file_abort(file);
		return -1;
	}
	free(file->temporary_path);
	file->temporary_path = NULL;
	free(file->path);
	file->path = NULL;
	return 0;
}

/* The device and inode of path's directory, and where its last component starts. */
static bool directory_of(const char *path, struct stat *info, const char **name)
{
	char dir[PATH_MAX], prefix[NAME_MAX + 1];
	const char *slash = strrchr(path, '/');

	*name = slash != NULL ? slash + 1 : path;
	return temporary_prefix(path, dir, sizeof dir, prefix, sizeof prefix) == 0 && stat(dir, info) == 0;
}

bool atomic_file_same(const char *a, const char *b)
{
	struct stat info_a, info_b;
	const char *name_a, *name_b;

	if (strcmp(a, b) == 0)
		return true;
	if (stat(a, &info_a) == 0 && stat(b, &info_b) == 0)
		return info_a.st_dev == info_b.st_dev && info_a.st_ino == info_b.st_ino;
	/* Not there yet: the same name in the same directory. */
	return directory_of(a, &info_a, &name_a) && directory_of(b, &info_b, &name_b) &&
	    info_a.st_dev == info_b.st_dev && info_a.st_ino == info_b.st_ino && strcmp(name_a, name_b) == 0;
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
