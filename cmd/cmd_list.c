/*
 * cmd_list.c: `metaconc list`: the lessons in order, with the learner's
 * progress. It reads the lesson files (so a broken one is reported here
 * too) but runs nothing, so it answers at once.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "core/text.h"
#include "course/catalog.h"
#include "course/lesson.h"
#include "course/progress.h"

enum list_filter {
	LIST_ALL,
	LIST_DONE,
	LIST_PENDING,
};

void command_list_help(void)
{
	printf("usage: metaconc list [--done | --pending]\n"
	    "\n"
	    "Lists the lessons in order, with your progress: [x] finished, [ ] not yet,\n"
	    "and how many of your predictions were right.\n"
	    "\n"
	    "  --done      only the lessons you finished\n"
	    "  --pending   only the lessons you have not finished\n"
	    "\n"
	    "Progress is kept in METACONC_STATE_DIR (default: $XDG_STATE_HOME/metaconc,\n"
	    "then ~/.local/state/metaconc). The lessons are read from METACONC_LESSONS\n"
	    "(default: lessons/ beside a build-tree binary, else the installed\n"
	    "share/metaconc/lessons). 'metaconc learn LESSON --reset' forgets a lesson.\n"
	    "\n"
	    "exit status: 0 done; 2 bad usage, a lesson that cannot be read, or a damaged\n"
	    "progress file (the lessons are listed all the same).\n");
}

static int parse_filter(int argc, char *argv[], enum list_filter *filter)
{
	*filter = LIST_ALL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--done") == 0 && *filter == LIST_ALL)
			*filter = LIST_DONE;
		else if (strcmp(argv[i], "--pending") == 0 && *filter == LIST_ALL)
			*filter = LIST_PENDING;
		else if (strcmp(argv[i], "--done") == 0 || strcmp(argv[i], "--pending") == 0)
			return args_usage_error("list: give --done or --pending, not both");
		else {
			fprintf(stderr, "metaconc: list: unknown argument \"%s\"; usage: metaconc list [--done | --pending]\n",
			    argv[i]);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

int command_list(int argc, char *argv[])
{
	enum list_filter filter;
	struct catalog catalog;
	struct progress progress;
	char why[512];
	int status;
	int slug_width = 0;
	size_t finished = 0, next = 0;
	bool next_found = false;

	if (args_asks_for_help(argc, argv)) {
		command_list_help();
		return EXIT_OK;
	}
	if ((status = parse_filter(argc, argv, &filter)) != EXIT_OK)
		return status;
	if (catalog_open(&catalog, why, sizeof why) != 0)
		return args_usage_error("%s", why);
	if (args_load_progress(&progress) != 0)
		status = EXIT_USAGE;
	for (size_t i = 0; i < catalog.count; i++) {
		int length = (int)strlen(catalog.entries[i].slug);

		slug_width = length > slug_width ? length : slug_width;
		if (progress_find(&progress, catalog.entries[i].slug) != NULL &&
		    progress_find(&progress, catalog.entries[i].slug)->finished)
			finished++;
		else if (!next_found) {
			next = i;
			next_found = true;
		}
	}
	printf("Lessons from the post \"Metaprogramming for concurrency and parallelism in Python\" "
	    "(%zu of %zu finished):\n\n", finished, catalog.count);
	for (size_t i = 0; i < catalog.count; i++) {
		const struct catalog_entry *entry = &catalog.entries[i];
		const struct progress_lesson *done = progress_find(&progress, entry->slug);
		bool is_finished = done != NULL && done->finished;
		struct lesson lesson;

		if ((filter == LIST_DONE && !is_finished) || (filter == LIST_PENDING && is_finished))
			continue;
		if (lesson_parse_file(&lesson, entry->path, catalog.source_root, why, sizeof why) != 0) {
			fprintf(stderr, "%s%s\n", text_names_a_line(why) ? "" : "metaconc: ", why);
			printf("  %3d [%c] %-*s  (this lesson cannot be read: see the error above)\n", entry->number,
			    is_finished ? 'x' : ' ', slug_width, entry->slug);
			status = EXIT_USAGE;
			continue;
		}
		printf("  %3d [%c] %-*s  %s", entry->number, is_finished ? 'x' : ' ', slug_width, entry->slug, lesson.title);
		if (done != NULL && done->prediction_count > 0)
			printf("  (%zu of %zu predictions right)", progress_right(done), done->prediction_count);
		printf("\n");
		lesson_free(&lesson);
	}
	if (next_found)
		printf("\nNext: metaconc learn %d\n", catalog.entries[next].number);
	else
		printf("\nEvery lesson is finished. Open any again with: metaconc learn NUMBER\n");
	if (fflush(stdout) != 0 && status == EXIT_OK) { /* a full disk, a closed pipe: the list did not arrive */
		fprintf(stderr, "metaconc: standard output: %s\n", strerror(errno));
		status = EXIT_RUN_FAILED;
	}
	catalog_free(&catalog);
	progress_free(&progress);
	return status;
}
