/*
 * example_file.c: writing a lesson's runnable example to NAME.py (see
 * example_file.h). The file is written beside itself and renamed into place
 * (atomic_file.c), so an interrupted write leaves nothing half-written.
 */
#include "course/example_file.h"

#include <stdio.h>
#include <sys/stat.h>

#include "core/atomic_file.h"

void example_file_name(const struct lesson_code *code, char *out, size_t size)
{
	snprintf(out, size, "%s.py", code->region != NULL ? code->region : "example");
}

bool example_file_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

int example_file_write(const struct lesson_code *code, const char *path, char *why, size_t why_size)
{
	struct atomic_file file;

	if (atomic_file_open(&file, path, why, why_size) != 0)
		return -1;
	fputs(code->text != NULL ? code->text : "", file.stream);
	return atomic_file_commit(&file, why, why_size);
}
