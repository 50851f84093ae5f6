/* options.h: the options of `metaconc run`, parsed and checked, shared by the command line, lessons and demos. */
#ifndef METACONC_OPTIONS_H
#define METACONC_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "engine/experiment.h"

#define OPTIONS_MAX_VS_LENGTH 256

struct run_options {
	struct experiment_spec spec;
	bool compare;            /* also run the sequential baseline */
	bool has_vs;             /* --vs: also run a second experiment to compare with */
	struct experiment_spec vs;
	bool plain;              /* --plain: no full-screen view */
	bool json;               /* print the summary as JSON */
	bool python;             /* --python: also run the technique's Python version */
	const char *trace_path;  /* --trace FILE */
	const char *events_path; /* --events FILE: the raw events, one per line */
	const char *svg_path;    /* --svg FILE: the timeline as an SVG picture */
	int width;               /* columns of the plain timeline; 0 = the terminal's */
};

/*
 * Parses "TECHNIQUE [OPTIONS]" (argv[0] is the technique) into `options`,
 * filling in defaults. Returns 0, or -1 with a one-line reason in `why`
 * (naming the option and its allowed range).
 */
int options_parse_run(struct run_options *options, int argc, char *const argv[], char *why,
    size_t why_size);

/* Prints the option list, as --help shows it. */
void options_print_help(FILE *out);

#endif
