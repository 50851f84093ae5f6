/*
 * lesson.h: a lesson file, parsed into plain data that a tutorial walks.
 *
 *     lesson -> pages -> blocks: prose, code, experiments, questions
 *
 * The format is documented in lessons/README.md. Parsing reads the lesson
 * file and, for each `code:` block, the region of the source file it names
 * (region.h); nothing else. Every problem is one line, "FILE:LINE: why".
 * A parsed lesson owns all its strings; lesson_free() releases them.
 *
 * A tutorial walks pages[i].blocks[k] in order: it shows prose and code,
 * asks a question where it stands, runs an experiment (a LESSON_RUN with
 * runner_execute() and its options, a measure with cost_measure(), a
 * snippet with snippet_run()), and right after experiment E it answers
 * every question whose answered_after is E, with what E measured
 * (question.h). catalog.h finds the lesson files and the source root;
 * lesson_player.c is the plain-text tutorial.
 */
#ifndef METACONC_LESSON_H
#define METACONC_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/options.h"

#define LESSON_NO_EXPERIMENT (-1)
#define LESSON_MAX_MEASURE_COUNT 1000 /* threads or processes a `measure:` may start */
#define LESSON_MAX_CHOICES 26         /* a question's choices are answered with a letter, a to z */
#define LESSON_MAX_SNIPPET 8192       /* bytes of a snippet's code */

enum lesson_block_kind {
	LESSON_PROSE,      /* a paragraph, or one item of a list */
	LESSON_CODE,       /* code, and where it comes from */
	LESSON_EXPERIMENT, /* something run live: a technique, or a cost measurement */
	LESSON_QUESTION,   /* a prediction, asked before the experiment that answers it */
};

struct lesson_prose {
	char *text;  /* the paragraph's lines joined by single spaces */
	bool bullet; /* an item of a list: its line began with "- " */
};

enum lesson_code_origin {
	LESSON_CODE_BLOG,      /* ```python blog: the post's code, quoted exactly */
	LESSON_CODE_CORRECTED, /* ```python corrected: the post's code corrected; it runs on its own */
	LESSON_CODE_EXAMPLE,   /* ```python example: more Python of the lesson's own; it runs on its own */
	LESSON_CODE_REGION,    /* code: FILE#REGION: a marked region of a source file, the code that runs */
	LESSON_CODE_SNIPPET,   /* ```python snippet NAME: shown, then run under python3 where it stands */
};

struct lesson_code {
	enum lesson_code_origin origin;
	const char *language; /* "python" or "c" (a static string) */
	char *text;           /* the code, every line ending in '\n'; NULL for an unresolved region */
	char *file;           /* REGION: the source file, relative to the source root, e.g. "lib/spawn.c" */
	char *region;         /* REGION: the region's name; SNIPPET: the snippet's name */
	int first_line;       /* REGION: the lines of `file` the code was taken from */
	int last_line;
};

enum lesson_experiment_kind {
	LESSON_RUN,           /* run: TECHNIQUE [OPTIONS], exactly as `metaconc run` takes them */
	LESSON_THREAD_START,  /* measure: thread-start N  (start and join N threads) */
	LESSON_PROCESS_START, /* measure: process-start N (fork and reap N processes) */
	LESSON_SNIPPET,       /* ```python snippet NAME: the code block above it, run under python3 */
};

struct lesson_experiment {
	enum lesson_experiment_kind kind;
	int index;                  /* its place among the lesson's experiments, from 0 */
	char *label;                /* the name questions call it by, or NULL */
	char *command;              /* what follows the colon, as written; SNIPPET: "python3" */
	struct run_options options; /* LESSON_RUN: parsed and checked (never --plain, --json, --trace, --events, --width) */
	int count;                  /* LESSON_*_START: how many to start, 1..LESSON_MAX_MEASURE_COUNT */
	bool expect_failure;        /* a run with --fault: the failure is the point, not an error */
	char *code;                 /* LESSON_SNIPPET: the Python it runs */
};

/* What a question asks the learner to predict: what an experiment will measure, or print. */
enum lesson_quantity {
	LESSON_SPEEDUP,        /* "speedup of A": A's sequential baseline's wall time over A's (A has --compare) */
	LESSON_SPEEDUP_OVER,   /* "speedup of A over B": B's time over A's (both runs, or both measures) */
	LESSON_CPUS_BUSY,      /* "cpus busy in A": how many CPUs run A kept busy, on average */
	LESSON_COST,           /* "cost of A": microseconds to start and end one thread or process (the median) */
	LESSON_LOST_UPDATES,   /* "lost updates in A": deposits made but missing from the balance (race) */
	LESSON_WAITING,        /* "waiting in A": ms its lanes spent waiting (for the GIL, a lock, the event loop) */
	LESSON_AMDAHL_BOUND,   /* "amdahl bound of A": 1 / (s + (1 - s) / p) (A has --serial-ms and --compare) */
	LESSON_SERIAL_SHARE,   /* "serial share of A": % of A's sequential baseline that is its serial part */
	LESSON_PICKLING_COST,  /* "pickling cost in A": microseconds to pickle one task's argument (pool --arg-kb) */
	LESSON_OUTPUT,         /* "output of S": the text snippet S printed; the learner types it */
	LESSON_PRINTED_NUMBER, /* "number printed by S": the one number snippet S printed */
};

/* Which run answers a question about a run with --python: metaconc's C, or CPython. */
enum lesson_language {
	LESSON_IN_C,      /* "speedup of A", "c speedup of A": the C run */
	LESSON_IN_PYTHON, /* "python speedup of A": the technique's Python version, under python3 */
};

/* One answer to choose; the measured value picks the choice with low <= value < high. */
struct lesson_choice {
	double low;  /* -INFINITY for the first ("below X") */
	double high; /* INFINITY for the last ("above X") */
	char *text;
};

struct lesson_question {
	int number;                    /* 1, 2, ... in the order of the lesson */
	char *text;
	enum lesson_quantity quantity;
	enum lesson_language language; /* the run that answers (a measure: C; a snippet: Python) */
	bool of_a_run;                 /* A is a run (not a measure or a snippet) */
	int experiment;                /* the index of A */
	int other;                     /* LESSON_SPEEDUP_OVER: the index of B; else LESSON_NO_EXPERIMENT */
	int answered_after;            /* the index of the experiment after which the answer is known */
	struct lesson_choice *choices; /* in order, covering every value; none: the learner guesses a number */
	size_t choice_count;
	char *explanation;             /* shown with the measured answer */
};

struct lesson_block {
	enum lesson_block_kind kind;
	int line; /* where it begins in the lesson file */
	union {
		struct lesson_prose prose;
		struct lesson_code code;
		struct lesson_experiment experiment;
		struct lesson_question question;
	};
};

struct lesson_page {
	char *heading;
	int line;
	struct lesson_block *blocks;
	size_t block_count;
};

struct lesson {
	char *name;    /* the file name its errors begin with */
	char *title;
	char *summary; /* one line, for menus and lists */
	char *source;  /* the title of the post its quotes come from, or NULL */
	struct lesson_page *pages;
	size_t page_count;
	size_t experiment_count;
	size_t question_count;
	const struct lesson_experiment **experiments; /* by index: pointers into the pages' blocks */
	const struct lesson_question **questions;     /* by number - 1 */
};

/*
 * Parses the lesson in `path`. Regions named by `code:` blocks are read from
 * files under `source_root` (the directory that holds lib/). Returns 0, or -1
 * with "FILE:LINE: why" (or "FILE: why") in `why`, and nothing to free.
 */
int lesson_parse_file(struct lesson *lesson, const char *path, const char *source_root, char *why,
    size_t why_size);

/*
 * The same, from `size` bytes in memory; `name` is the file name for
 * messages. With source_root NULL, regions are not read: their text stays
 * NULL (for fuzzing, and for tests of the format alone).
 */
int lesson_parse_buffer(struct lesson *lesson, const char *name, const char *data, size_t size,
    const char *source_root, char *why, size_t why_size);

void lesson_free(struct lesson *lesson);

#endif
