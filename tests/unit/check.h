/* check.h: the few lines a C unit test needs: count checks, report failures with their line. */
#ifndef METACONC_CHECK_H
#define METACONC_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static int checks_run, checks_failed;

static void check_that(bool ok, const char *what, const char *file, int line)
{
	checks_run++;
	if (!ok) {
		checks_failed++;
		fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	}
}

/* The one macro: it records the condition's text and where it is. */
#define CHECK(condition) check_that((condition), #condition, __FILE__, __LINE__)

/* Prints the tally; the exit status of the test program. */
static int check_report(const char *name)
{
	if (checks_failed > 0) {
		printf("%s: %d of %d checks failed\n", name, checks_failed, checks_run);
		return EXIT_FAILURE;
	}
	printf("%s: all %d checks passed\n", name, checks_run);
	return EXIT_SUCCESS;
}

#endif
