/*
 * options.c: the options of an experiment, as `metaconc run` takes them and
 * as lessons and demo scripts write them. Every value is checked: a number
 * out of range, or not a number, is refused with a message that names the
 * option and its range; an unknown technique or option gets a suggestion.
 */
#include "engine/options.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/cpus.h"
#include "core/suggest.h"
#include "core/term_width.h"
#include "core/text.h"

struct option_info {
	const char *name;
	const char *value;  /* what the value looks like, or NULL for a flag */
	const char *help;
};

static const struct option_info option_table[] = {
	{ "--workers", "N", "threads or processes, 1-64 (default: the number of CPUs)" },
	{ "--tasks", "N", "tasks to run, 1-4096 (default: 2 x workers)" },
	{ "--work", "cpu|io|mixed", "what a task does: burn CPU, block in I/O, or both (default: cpu)" },
	{ "--task-ms", "N", "work per task in milliseconds, 1-10000 (default: sized for a ~2 s run)" },
	{ "--cpus", "LIST", "pin every worker to these CPUs, e.g. 0 or 0,1 or 0-3 (default: all)" },
	{ "--switch-ms", "N", "the GIL's switch interval in ms, 1-1000 (technique gil; default: 5)" },
	{ "--serial-ms", "N", "CPU work only one thread can do, 0-10000 ms: half before the workers, half after" },
	{ "--lock", NULL, "race: each deposit holds a mutex (Python: threading.Lock), so none is lost" },
	{ "--blocking", NULL, "async: the first task makes a blocking call, which stalls every task" },
	{ "--offload", NULL, "async: that blocking call runs in a helper thread (asyncio.to_thread)" },
	{ "--batch", "N", "pool: tasks a process takes at a time, 1-4096 (Python: chunksize; default: 1)" },
	{ "--arg-kb", "N", "pool: send an argument of N KiB with each task, 0-16384 (Python pickles it)" },
	{ "--compare", NULL, "also run the sequential baseline and report the measured speedup" },
	{ "--vs", "'RUN'", "also run another experiment, e.g. --vs 'spawn --cpus 0', and compare the two" },
	{ "--python", NULL, "also run the technique's corrected Python version under python3 (real GIL)" },
	{ "--plain", NULL, "print an ASCII timeline and a summary instead of the full-screen view" },
	{ "--json", NULL, "print the run's summary as one JSON object" },
	{ "--trace", "FILE", "also write the run as Chrome Trace Event JSON (Perfetto, chrome://tracing)" },
	{ "--events", "FILE", "also write every recorded event, one per line ('-': standard output)" },
	{ "--svg", "FILE", "also write the timeline as a standalone SVG picture (slides, READMEs)" },
	{ "--width", "N", "columns of the plain timeline, 40-1000 (default: the terminal's, or 80)" },
	{ "--fault", "crash|hang[:W]", "make worker W (default 0) crash or hang, to see failure handled" },
};

#define OPTION_COUNT (sizeof option_table / sizeof option_table[0])

/* The options that only one technique takes. */
static const struct {
	const char *option;
	enum technique technique;
} technique_options[] = {
	{ "--lock", TECHNIQUE_RACE },
	{ "--blocking", TECHNIQUE_ASYNC },
	{ "--offload", TECHNIQUE_ASYNC },
	{ "--batch", TECHNIQUE_POOL },
	{ "--arg-kb", TECHNIQUE_POOL },
};

void options_print_help(FILE *out)
{
	for (size_t i = 0; i < OPTION_COUNT; i++) {
		char left[40];

		snprintf(left, sizeof left, "%s%s%s", option_table[i].name,
		    option_table[i].value ? " " : "", option_table[i].value ? option_table[i].value : "");
		fprintf(out, "  %-24s %s\n", left, option_table[i].help);
	}
}

/* Parses a whole number in [min, max] for `option`; returns 0, or -1 with why. */
static int parse_number(const char *option, const char *text, long min, long max, long *out,
    char *why, size_t why_size)
{
	char *end;
	long value;

	errno = 0;
	value = strtol(text, &end, 10);
	if (text[0] == '\0' || *end != '\0' || text[0] == ' ' || text[0] == '+') {
		snprintf(why, why_size, "%s: expected a whole number from %ld to %ld, not \"%s\"",
		    option, min, max, text);
		return -1;
	}
	if (errno == ERANGE || value < min || value > max) {
		snprintf(why, why_size, "%s: %s is out of range: use a number from %ld to %ld",
		    option, text, min, max);
		return -1;
	}
	*out = value;
	return 0;
}

static int parse_technique(const char *name, enum technique *technique, char *why, size_t why_size)
{
	const char *names[TECHNIQUE_COUNT];
	const char *guess;
	char list[128];

	if (technique_parse(name, technique) == 0)
		return 0;
	for (int i = 0; i < TECHNIQUE_COUNT; i++)
		names[i] = technique_name((enum technique)i);
	guess = suggest_closest(name, names, TECHNIQUE_COUNT);
	technique_list(list, sizeof list);
	if (guess != NULL)
		snprintf(why, why_size, "unknown technique \"%s\" (did you mean \"%s\"?); techniques: %s",
		    name, guess, list);
	else
		snprintf(why, why_size, "unknown technique \"%s\"; techniques: %s", name, list);
	return -1;
}

static int parse_fault(const char *text, struct fault *fault, char *why, size_t why_size)
{
	const char *colon = strchr(text, ':');
	size_t kind_length = colon ? (size_t)(colon - text) : strlen(text);
	long worker = 0;

	if (kind_length == 5 && strncmp(text, "crash", 5) == 0)
		fault->kind = FAULT_CRASH;
	else if (kind_length == 4 && strncmp(text, "hang", 4) == 0)
		fault->kind = FAULT_HANG;
	else {
		snprintf(why, why_size, "--fault: expected crash or hang, optionally with :WORKER (e.g. crash:1), not \"%s\"", text);
		return -1;
	}
	if (colon != NULL &&
	    parse_number("--fault WORKER", colon + 1, 0, EXPERIMENT_MAX_WORKERS - 1, &worker, why, why_size) != 0)
		return -1;
	fault->worker = (int)worker;
	return 0;
}

static const struct option_info *find_option(const char *name, size_t length)
{
	for (size_t i = 0; i < OPTION_COUNT; i++) {
		if (strlen(option_table[i].name) == length && strncmp(option_table[i].name, name, length) == 0)
			return &option_table[i];
	}
	return NULL;
}

static void explain_unknown_option(const char *arg, char *why, size_t why_size)
{
	const char *names[OPTION_COUNT];
	const char *guess;
	char name[64];

	snprintf(name, sizeof name, "%.*s", (int)strcspn(arg, "="), arg);
	for (size_t i = 0; i < OPTION_COUNT; i++)
		names[i] = option_table[i].name;
	guess = suggest_closest(name, names, OPTION_COUNT);
	if (guess != NULL)
		snprintf(why, why_size, "unknown option \"%s\" (did you mean %s?); see 'metaconc help run'", name, guess);
	else if (arg[0] == '-')
		snprintf(why, why_size, "unknown option \"%s\"; see 'metaconc help run'", name);
	else
		snprintf(why, why_size, "unexpected argument \"%s\"; see 'metaconc help run'", arg);
}

/*
 * --vs 'TECHNIQUE OPTIONS': a second experiment, written as the arguments of
 * `metaconc run` (split at spaces). Only experiment options belong in it.
 */
static int parse_vs(struct run_options *options, const char *text, char *why, size_t why_size)
{
	char copy[OPTIONS_MAX_VS_LENGTH];
	char *argv[OPTIONS_MAX_VS_LENGTH / 2];
	char *word, *rest;
	char inner[256];
	struct run_options other;
	int argc = 0;

	if (strlen(text) >= sizeof copy) {
		snprintf(why, why_size, "--vs: the run to compare with is too long (at most %d characters)",
		    OPTIONS_MAX_VS_LENGTH - 1);
		return -1;
	}
	strcpy(copy, text);
	for (word = strtok_r(copy, " \t", &rest); word != NULL; word = strtok_r(NULL, " \t", &rest))
		argv[argc++] = word;
	if (argc == 0) {
		snprintf(why, why_size, "--vs: expected a run to compare with, e.g. --vs 'spawn --cpus 0'");
		return -1;
	}
	if (options_parse_run(&other, argc, argv, inner, sizeof inner) != 0) {
		snprintf(why, why_size, "--vs: %s", inner);
		return -1;
	}
	if (other.compare || other.has_vs || other.plain || other.json || other.trace_path != NULL ||
	    other.events_path != NULL || other.width != 0) {
		snprintf(why, why_size, "--vs: only experiment options (--workers, --cpus, ...) belong inside --vs");
		return -1;
	}
	options->has_vs = true;
	options->vs = other.spec;
	return 0;
}

/* Refuses an option the technique does not take; returns 0 or -1 with why. */
static int check_technique_takes(enum technique technique, const struct option_info *option, char *why,
    size_t why_size)
{
	if (technique == TECHNIQUE_ASYNC && strcmp(option->name, "--workers") == 0) {
		snprintf(why, why_size, "--workers: async runs every task on one thread; choose --tasks instead");
		return -1;
	}
	for (size_t i = 0; i < sizeof technique_options / sizeof technique_options[0]; i++) {
		if (strcmp(option->name, technique_options[i].option) == 0 && technique != technique_options[i].technique) {
			snprintf(why, why_size, "%s: only technique %s takes it, not %s", option->name,
			    technique_name(technique_options[i].technique), technique_name(technique));
			return -1;
		}
	}
	return 0;
}

/* Checks what needs the whole command line, and fills in the defaults that depend on it. */
static int finish_spec(struct experiment_spec *spec, bool tasks_given, bool task_ms_given, char *why,
    size_t why_size)
{
	int lanes;

	if (!tasks_given)
		spec->tasks = 2u * (uint32_t)spec->workers;
	if (spec->technique == TECHNIQUE_ASYNC) {
		if (!tasks_given && spec->tasks > EXPERIMENT_MAX_ASYNC_TASKS)
			spec->tasks = EXPERIMENT_MAX_ASYNC_TASKS;
		if (spec->tasks > EXPERIMENT_MAX_ASYNC_TASKS) {
			snprintf(why, why_size, "--tasks: async draws one lane per task: use a number from 1 to %d",
			    EXPERIMENT_MAX_ASYNC_TASKS);
			return -1;
		}
		spec->workers = 1; /* the event loop's thread */
	}
	lanes = spec->technique == TECHNIQUE_SEQUENTIAL ? 1 :
	    spec->technique == TECHNIQUE_ASYNC ? (int)spec->tasks : spec->workers;
	if (spec->fault.kind != FAULT_NONE && spec->fault.worker >= lanes) {
		snprintf(why, why_size, "--fault: %s %d does not exist; use 0 to %d",
		    spec->technique == TECHNIQUE_ASYNC ? "task" : "worker", spec->fault.worker, lanes - 1);
		return -1;
	}
	if (!task_ms_given)
		spec->task_ms = experiment_default_task_ms(spec);
	return 0;
}

/* Applies one option and its value (NULL for a flag). */
static int apply_option(struct run_options *options, const struct option_info *option,
    const char *value, bool *task_ms_given, bool *tasks_given, char *why, size_t why_size)
{
	struct experiment_spec *spec = &options->spec;
	const char *name = option->name;
	long n;

	if (strcmp(name, "--workers") == 0) {
		if (parse_number(name, value, 1, EXPERIMENT_MAX_WORKERS, &n, why, why_size) != 0)
			return -1;
		spec->workers = (int)n;
	} else if (strcmp(name, "--tasks") == 0) {
		if (parse_number(name, value, 1, EXPERIMENT_MAX_TASKS, &n, why, why_size) != 0)
			return -1;
		spec->tasks = (uint32_t)n;
		*tasks_given = true;
	} else if (strcmp(name, "--task-ms") == 0) {
		if (parse_number(name, value, 1, EXPERIMENT_MAX_TASK_MS, &n, why, why_size) != 0)
			return -1;
		spec->task_ms = (uint32_t)n;
		*task_ms_given = true;
	} else if (strcmp(name, "--switch-ms") == 0) {
		if (parse_number(name, value, 1, EXPERIMENT_MAX_SWITCH_MS, &n, why, why_size) != 0)
			return -1;
		spec->switch_ms = (uint32_t)n;
	} else if (strcmp(name, "--serial-ms") == 0) {
		if (parse_number(name, value, 0, EXPERIMENT_MAX_SERIAL_MS, &n, why, why_size) != 0)
			return -1;
		spec->serial_ms = (uint32_t)n;
	} else if (strcmp(name, "--batch") == 0) {
		if (parse_number(name, value, 1, EXPERIMENT_MAX_TASKS, &n, why, why_size) != 0)
			return -1;
		spec->batch = (uint32_t)n;
	} else if (strcmp(name, "--arg-kb") == 0) {
		if (parse_number(name, value, 0, EXPERIMENT_MAX_ARG_KB, &n, why, why_size) != 0)
			return -1;
		spec->arg_kb = (uint32_t)n;
	} else if (strcmp(name, "--width") == 0) {
		if (parse_number(name, value, TERM_WIDTH_MIN, TERM_WIDTH_MAX, &n, why, why_size) != 0)
			return -1;
		options->width = (int)n;
	} else if (strcmp(name, "--work") == 0) {
		if (work_kind_parse(value, &spec->work) != 0) {
			snprintf(why, why_size, "--work: expected cpu, io or mixed, not \"%s\"", value);
			return -1;
		}
	} else if (strcmp(name, "--cpus") == 0) {
		char reason[160];

		if (cpus_parse(value, &spec->cpus, reason, sizeof reason) != 0) {
			snprintf(why, why_size, "--cpus: %s", reason);
			return -1;
		}
		spec->pinned = true;
	} else if (strcmp(name, "--fault") == 0) {
		return parse_fault(value, &spec->fault, why, why_size);
	} else if (strcmp(name, "--trace") == 0) {
		options->trace_path = value;
	} else if (strcmp(name, "--events") == 0) {
		options->events_path = value;
	} else if (strcmp(name, "--svg") == 0) {
		options->svg_path = value;
	} else if (strcmp(name, "--vs") == 0) {
		return parse_vs(options, value, why, why_size);
	} else if (strcmp(name, "--lock") == 0) {
		spec->lock = true;
	} else if (strcmp(name, "--blocking") == 0) {
		spec->blocking = true;
	} else if (strcmp(name, "--offload") == 0) {
		spec->blocking = true; /* offloading a blocking call implies there is one */
		spec->offload = true;
	} else if (strcmp(name, "--compare") == 0) {
		options->compare = true;
	} else if (strcmp(name, "--python") == 0) {
		options->python = true;
	} else if (strcmp(name, "--plain") == 0) {
		options->plain = true;
	} else if (strcmp(name, "--json") == 0) {
		options->json = true;
	}
	return 0;
}

/* METACONC_RING_EVENTS sets the size of each worker's event ring (small ones show dropping). */
static int apply_environment(struct run_options *options, char *why, size_t why_size)
{
	const char *ring = getenv("METACONC_RING_EVENTS");
	long n;

	if (ring == NULL || ring[0] == '\0')
		return 0;
	if (parse_number("METACONC_RING_EVENTS", ring, 2, 1L << 20, &n, why, why_size) != 0)
		return -1;
	options->spec.ring_capacity = (uint32_t)n;
	return 0;
}

static int parse_run(struct run_options *options, int argc, char *const argv[], char *why,
    size_t why_size)
{
	bool task_ms_given = false, tasks_given = false;

	memset(options, 0, sizeof *options);
	experiment_spec_defaults(&options->spec);
	if (argc < 1 || argv[0] == NULL) {
		char list[128];

		technique_list(list, sizeof list);
		snprintf(why, why_size, "run: which technique? (%s)", list);
		return -1;
	}
	if (parse_technique(argv[0], &options->spec.technique, why, why_size) != 0)
		return -1;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *equals = strchr(arg, '=');
		size_t name_length = equals ? (size_t)(equals - arg) : strlen(arg);
		const struct option_info *option = arg[0] == '-' ? find_option(arg, name_length) : NULL;
		const char *value = NULL;

		if (option == NULL) {
			explain_unknown_option(arg, why, why_size);
			return -1;
		}
		if (option->value != NULL) {
			if (equals != NULL)
				value = equals + 1;
			else if (i + 1 < argc)
				value = argv[++i];
			else {
				snprintf(why, why_size, "%s: needs a value (%s)", option->name, option->help);
				return -1;
			}
		} else if (equals != NULL) {
			snprintf(why, why_size, "%s: takes no value", option->name);
			return -1;
		}
		if (check_technique_takes(options->spec.technique, option, why, why_size) != 0 ||
		    apply_option(options, option, value, &task_ms_given, &tasks_given, why, why_size) != 0)
			return -1;
	}
	if (finish_spec(&options->spec, tasks_given, task_ms_given, why, why_size) != 0)
		return -1;
	return apply_environment(options, why, why_size);
}

int options_parse_run(struct run_options *options, int argc, char *const argv[], char *why,
    size_t why_size)
{
	if (parse_run(options, argc, argv, why, why_size) == 0)
		return 0;
	text_one_line(why); /* it quotes what was typed */
	return -1;
}
