/* bench_trace.h: the `trace` part of `make bench`: overhead, accuracy and memory of metaconc trace. */
#ifndef METACONC_BENCH_TRACE_H
#define METACONC_BENCH_TRACE_H

/* A row of the bench's table, filled by this part (bench.c copies it into its own table). */
struct bench_trace_row {
	char what[224];
	char measured[96];
	char beside[320];
	char target[48];
	char met[24];
};

struct bench_trace_setup {
	const char *metaconc;      /* the binary under test */
	const char *program;       /* tests/trace_program.c, built (the C workload) */
	const char *python;        /* the interpreter, or NULL: no Python row */
	const char *python_script; /* bench/trace_cpu.py */
};

/* Measures everything; fills up to max rows and returns how many. */
int bench_trace(const struct bench_trace_setup *setup, struct bench_trace_row *rows, int max);

#endif
