/*
 * exercise.h: a practice exercise, as read from its folder
 * (lessons/exercises/NN-slug/, described in lessons/exercises/README.md):
 * its statement, its hints, and its check, the declarative list of what a
 * run of the learner's program must show.
 */
#ifndef METACONC_EXERCISE_H
#define METACONC_EXERCISE_H

#include <stdbool.h>
#include <stddef.h>

#define EXERCISE_PROGRAM "exercise.py"    /* what the learner gets and edits */
#define EXERCISE_SOLUTION "solution.py"   /* the reference solution, never copied to the learner */
#define EXERCISE_STATEMENT "statement.md" /* "# Title", then what to do */
#define EXERCISE_HINTS "hints.md"         /* hints, separated by lines "---" */
#define EXERCISE_CHECK "check"            /* the check */
#define EXERCISE_MAX_HINTS 5
#define EXERCISE_MAX_RUNS 50
#define EXERCISE_MAX_TIMEOUT_S 60.0
#define EXERCISE_MAX_ARGUMENTS 16         /* words on an args: or reference: line */

/* What an item measures (lessons/exercises/README.md lists them in the check's words). */
enum exercise_quantity {
	EXERCISE_EXIT_STATUS,        /* the status, or 128+N if signal N killed it */
	EXERCISE_WALL_TIME,          /* seconds */
	EXERCISE_CPU_TIME,           /* seconds, every thread of every process */
	EXERCISE_CPUS_BUSY,          /* CPU time over wall time */
	EXERCISE_MOST_THREADS,       /* threads alive at once, whole tree */
	EXERCISE_MOST_THREADS_IN_A_PROCESS,
	EXERCISE_MOST_PROCESSES,     /* processes alive at once */
	EXERCISE_THREADS_AT_LINE,    /* threads alive when the first line holding TEXT was printed */
	EXERCISE_THREADS_AT_EXIT,    /* other threads of the program's process alive when its main thread ended */
	EXERCISE_PROCESSES_LEFT,     /* processes still alive when the program's own process ended */
	EXERCISE_RUNNING_TIME,       /* seconds, summed over the lanes */
	EXERCISE_PREEMPTED_TIME,
	EXERCISE_WAITING_TIME,       /* on a lock (a futex: in CPython, often the GIL) */
	EXERCISE_BLOCKED_TIME,       /* in I/O, a sleep, any other blocking call */
	EXERCISE_WAITING_SHARE,      /* waiting time over the lanes' lifetimes, 0 to 1 */
	EXERCISE_BLOCKED_OVERLAP,    /* blocked time over wall time: lanes blocked at once, on average */
	EXERCISE_CHILD_CPU_SHARE,    /* the running time of the other processes over all running time, 0 to 1 */
	EXERCISE_PRINTED,            /* the number after "NAME:" on the last line that starts with it */
	EXERCISE_OUTPUT_HAS,         /* some line holds TEXT */
	EXERCISE_OUTPUT_LACKS,       /* no line holds TEXT */
	EXERCISE_SPEEDUP,            /* the reference's best wall time over the program's best */
	EXERCISE_PARALLEL_SPEEDUP,   /* the same, measurable only with 2 CPUs or more */
	EXERCISE_PARALLEL_FRACTION,  /* Amdahl's p from the parallel speedup on the CPUs the run could use */
	EXERCISE_CPU_RATIO,          /* the program's best CPU time over the reference's */
};

enum exercise_operator { EXERCISE_EQ, EXERCISE_NE, EXERCISE_GE, EXERCISE_LE, EXERCISE_GT, EXERCISE_LT };

/* A number, or {N}: the run's Nth argument (from 1), read as a number. */
struct exercise_term {
	int argument; /* N, or 0 for a number */
	double number;
};

/* A bound: one term, or two joined by + - * /. */
struct exercise_bound {
	struct exercise_term left;
	char operation; /* '+', '-', '*', '/', or '\0' for the left term alone */
	struct exercise_term right;
};

/* One expect: line and its explain:. */
struct exercise_item {
	int line;                        /* in the check file */
	char *source;                    /* the line after "expect: ", for messages */
	enum exercise_quantity quantity;
	char *text;                      /* TEXT of output has/lacks and threads at "TEXT"; NAME of printed NAME */
	enum exercise_operator operator; /* not for output has/lacks */
	struct exercise_bound bound;
	char *explain;                   /* shown when the item fails, or NULL */
};

/* The words of one args: line: one configuration of runs. */
struct exercise_arguments {
	char **words;
	size_t count;
};

struct exercise_check {
	double timeout_s;                       /* each run's bound: a run still going is stopped */
	int runs;                               /* runs of each configuration */
	struct exercise_arguments *arguments;   /* one per args: line; one empty set if none */
	size_t argument_count;
	char **reference;                       /* FILE and its arguments, or NULL: a program of the folder */
	size_t reference_count;
	char *start_method;                     /* fork, spawn or forkserver, or NULL */
	double switch_interval_s;               /* sys.setswitchinterval forced on the program, or 0 */
	struct exercise_item *items;
	size_t item_count;
};

struct exercise {
	int number;           /* the NN of NN-slug */
	char *slug;
	char *name;           /* "NN-slug": the folder's name, here and in the learner's folder */
	char *directory;      /* the exercise's folder as shipped */
	char *title;          /* from the statement's "# Title" */
	char *statement;      /* the rest of statement.md */
	char **hints;
	size_t hint_count;
	struct exercise_check check;
};

/*
 * Reads the check in `text` (`size` bytes); errors are "FILE:LINE: why"
 * with `file_name`. Returns 0, or -1 with why (and nothing to free).
 */
int exercise_check_parse(struct exercise_check *check, const char *text, size_t size, const char *file_name,
    char *why, size_t why_size);
void exercise_check_free(struct exercise_check *check);

/* Reads the exercise in `directory` (named NN-slug). Returns 0, or -1 with why ("FILE:LINE: why" or "FILE: why"). */
int exercise_load(struct exercise *exercise, const char *directory, char *why, size_t why_size);
void exercise_free(struct exercise *exercise);

/* Reads NN and the slug from a folder name "NN-slug"; false if it does not look like that. */
bool exercise_parse_name(const char *name, int *number, char **slug);

/* The words of the check for a quantity and an operator ("most threads", ">="). */
const char *exercise_quantity_name(enum exercise_quantity quantity);
const char *exercise_operator_name(enum exercise_operator operator);

/* The bound's value for a run with these arguments; false with why if an argument is missing or not a number. */
bool exercise_bound_value(const struct exercise_bound *bound, const struct exercise_arguments *arguments,
    double *value, char *why, size_t why_size);

#endif
