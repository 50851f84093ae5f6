/*
 * region.h: marked regions of source files, so that a lesson shows the code
 * exactly as it is compiled and run, and can never drift from it.
 *
 * In C (.c and .h files) a region starts at a line that holds only the
 * comment "region: NAME" and ends at a line that holds only the comment
 * "endregion". In Python (.py) the markers are "# region: NAME" and
 * "# endregion". Markers may be indented. Regions may nest: an endregion
 * closes the innermost open region.
 */
#ifndef METACONC_REGION_H
#define METACONC_REGION_H

#include <stddef.h>

enum region_style {
	REGION_C,
	REGION_PYTHON,
};

/* One region's code. */
struct region {
	char *text;     /* its lines verbatim, each ending in '\n'; marker lines of nested regions left out */
	int first_line; /* line of the file where its code starts (the line after the marker), from 1 */
	int last_line;  /* line where its code ends (the line before its endregion) */
};

/* The marker style of a file, by its name: .c and .h are C, .py is Python. Returns 0, or -1. */
int region_style_for(const char *path, enum region_style *style);

/*
 * Finds region `name` in a source file's text. Every marker in the file is
 * checked, so a broken one anywhere is reported. Returns 0, or -1 with a
 * reason in `why` that does not name the file, e.g. "line 12: an endregion
 * marker without a region", or "no region \"x\" (did you mean \"y\"?)".
 */
int region_extract(const char *text, size_t size, enum region_style style, const char *name,
    struct region *region, char *why, size_t why_size);

/* Reads `path` and extracts region `name`, as region_extract(). */
int region_read(const char *path, const char *name, struct region *region, char *why,
    size_t why_size);

void region_free(struct region *region);

#endif
