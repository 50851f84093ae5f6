/* pyproto.h: one line of the event protocol the Python scripts speak, parsed and checked. */
#ifndef METACONC_PYPROTO_H
#define METACONC_PYPROTO_H

#include <stddef.h>
#include <stdint.h>

#define PYPROTO_VERSION 1
#define PYPROTO_MAX_LINE 255         /* bytes before the newline */
#define PYPROTO_MAX_ID 4194304u      /* the kernel's largest pid or thread id (PID_MAX_LIMIT) */
#define PYPROTO_MAX_CPU 1023
#define PYPROTO_MAX_TASK 4095
#define PYPROTO_NO_CPU (-1)          /* "-": the CPU was not measured */
#define PYPROTO_UNMEASURED UINT64_MAX /* "-": the run-queue time was not measured */
#define PYPROTO_SLACK_NS 1000000ull  /* two clocks read a moment apart may disagree by this much */
#define PYPROTO_MAX_CALIBRATION 1000000000ull /* burn iterations in 1 ms, at most */
#define PYPROTO_NO_COROUTINE UINT32_MAX /* a thread's own lane, not one of its coroutines' */
#define PYPROTO_NO_TASK UINT32_MAX   /* "-": work that belongs to no task */

enum pyproto_kind {
	PYPROTO_HELLO, /* the script's run begins */
	PYPROTO_START, /* a thread or process begins its lane */
	PYPROTO_BEGIN, /* it takes a task */
	PYPROTO_RUN,   /* a slice of CPU work */
	PYPROTO_BLOCK, /* a blocking call */
	PYPROTO_END,   /* it finished a task */
	PYPROTO_EXIT,  /* the thread is done */
	PYPROTO_DONE,  /* the script's run is over */
	PYPROTO_WAIT,  /* ready, but waiting (for the event loop) */
	PYPROTO_MEASURE, /* a number the script measured */
};

/* What a measure line names. */
enum pyproto_measure {
	PYPROTO_MEASURE_EXPECTED,     /* race: deposits made, the balance the account should have */
	PYPROTO_MEASURE_FINAL,        /* race: the balance it ended with */
	PYPROTO_MEASURE_PICKLE_NS,    /* pool: time to pickle one task's arguments */
	PYPROTO_MEASURE_PICKLE_BYTES, /* pool: their size, pickled */
	PYPROTO_MEASURE_COUNT
};

/* Why a line was refused. */
enum pyproto_error {
	PYPROTO_OK = 0,
	PYPROTO_TOO_LONG = -1,
	PYPROTO_NOT_TEXT = -2,       /* a byte that is not printable ASCII */
	PYPROTO_BAD_SPACING = -3,    /* an empty field: leading, trailing or double space */
	PYPROTO_UNKNOWN_KIND = -4,
	PYPROTO_FIELD_COUNT = -5,
	PYPROTO_BAD_NUMBER = -6,     /* not a whole number, or too large */
	PYPROTO_OUT_OF_RANGE = -7,   /* a pid, thread id, CPU or task out of its range */
	PYPROTO_BAD_INTERVAL = -8,   /* ends before it starts, or more CPU time than wall time */
	PYPROTO_BAD_VERSION = -9,
	PYPROTO_BAD_NAME = -10,      /* an unknown technique or a malformed Python version */
};

/* A parsed line. Only the fields of its kind are set; the others are zero. */
struct pyproto_line {
	enum pyproto_kind kind;
	uint32_t pid;
	uint32_t tid;            /* thread id (native, as the kernel knows it) */
	uint32_t coroutine;      /* TID/N: the thread's coroutine N, or PYPROTO_NO_COROUTINE */
	int32_t cpu;             /* run, block: CPU at the end, or PYPROTO_NO_CPU */
	uint64_t start_ns;       /* CLOCK_MONOTONIC; for an instant, its time */
	uint64_t end_ns;         /* run, block; equal to start_ns for an instant */
	uint64_t cpu_ns;         /* run: thread CPU time used */
	uint64_t runq_ns;        /* run: time runnable but waiting for a CPU, or PYPROTO_UNMEASURED */
	uint32_t task;           /* begin, end; run, block, wait (or PYPROTO_NO_TASK) */
	uint32_t results;        /* done: results that reached the caller */
	uint64_t iterations_per_ms; /* hello: the script's calibration */
	char technique[16];      /* hello */
	char python_version[16]; /* hello */
	enum pyproto_measure measure; /* measure: what */
	uint64_t value;          /* measure: how much */
};

/*
 * Parses one line of `length` bytes (without its newline) into `out`.
 * Trusts nothing: returns PYPROTO_OK, or a negative enum pyproto_error and
 * leaves `out` unusable. Pure: no state, no I/O.
 */
int pyproto_parse_line(const char *line, size_t length, struct pyproto_line *out);

/* What an error means, in a few words ("unknown kind"). */
const char *pyproto_error_text(int error);
const char *pyproto_kind_name(enum pyproto_kind kind);
const char *pyproto_measure_name(enum pyproto_measure measure);

#endif
