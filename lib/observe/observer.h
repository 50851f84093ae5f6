/*
 * observer.h: watching a program metaconc did not write (metaconc trace):
 * start a command, or attach to a running one, and get back a recording of
 * every thread and process it had, with their tree and how each ended.
 *
 * A library, not only the trace command's: `metaconc practice` starts a
 * learner's program with limits through it. One thread drives an observer
 * (ptrace allows no other): poll observer_fd() no longer than
 * observer_timeout_ms(), then call observer_step(), until observer_done().
 */
#ifndef METACONC_OBSERVER_H
#define METACONC_OBSERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/observed.h"
#include "model/process_tree.h"
#include "model/recording.h"
#include "observe/ptracer.h"

/* Exit statuses of a command that could not start, as a shell gives them. */
#define OBSERVER_NOT_FOUND 127   /* no such command */
#define OBSERVER_NOT_RUNNABLE 126 /* it exists but cannot be run */

struct observer_options {
	unsigned rate_hz;                   /* looks a second at every thread; 0: SAMPLER_DEFAULT_HZ */
	int terminal_fd;                    /* start: the command's own terminal (a pty's slave), or -1: ours */
	int output_fd;                      /* start, no terminal_fd: where its stdout and stderr go (its stdin:
	                                       /dev/null), or -1: ours (practice captures a learner's output) */
	bool foreground;                    /* start on our terminal: the command becomes its foreground job */
	const struct ptracer_limit *limits; /* start: resource limits for the command */
	int limit_count;
	uint64_t time_limit_ns;             /* start: kill it after this long (0: never) */
	const char *directory;              /* start: where it runs (NULL: where metaconc is) */
	char *const *environment;           /* start: "NAME=value" to add to metaconc's environment, NULL-ended */
};

struct observer;

/* Options with nothing asked: the default rate, the command on our terminal, no limits. */
void observer_options_init(struct observer_options *options);

/*
 * Starts argv under observation and returns once it runs its program (so
 * nothing it does is missed). NULL if it could not start: *status is
 * OBSERVER_NOT_FOUND, OBSERVER_NOT_RUNNABLE or 1, and why says why
 * ("command not found", "Permission denied").
 */
struct observer *observer_start(char *const argv[], const struct observer_options *options, int *status,
    char *why, size_t why_size);
/*
 * Attaches to process pid, every thread of it and every process under it.
 * NULL with why if it cannot be (no such process, not permitted).
 */
struct observer *observer_attach(pid_t pid, const struct observer_options *options, char *why,
    size_t why_size);

/* Becomes readable when a traced task has something to report. */
int observer_fd(const struct observer *observer);
/* How long to wait at most before the next step (the next look at the threads), in ms. */
int observer_timeout_ms(const struct observer *observer);
/* Answers every task that reported, and looks at the threads if it is time. Returns 0, or -1 if out of memory. */
int observer_step(struct observer *observer);
/* Every traced process has ended (or was let go). */
bool observer_done(const struct observer *observer);

/*
 * An interrupt metaconc caught (SIGINT, SIGTERM, ...): passed on to the
 * command's process group; a second of the same signal kills every process
 * of it. When attached, it lets go of the program instead.
 */
void observer_interrupt(struct observer *observer, int sig);
/* Kills every process of the command now. */
void observer_kill(struct observer *observer);
/* Lets go of every traced thread: the program runs on, untouched. */
void observer_detach(struct observer *observer);

/* The recording and the tree so far (they grow with each step). */
const struct recording *observer_recording(const struct observer *observer);
const struct process_tree *observer_tree(const struct observer *observer);
/* The command's process group (start), or the attached pid. */
pid_t observer_pid(const struct observer *observer);

/* Fills `observed` with how it went (pointing into the observer). Returns 0, or -1 if out of memory. */
int observer_result(struct observer *observer, struct observed *observed);
/* The same without the stats (nothing to free): cheap enough for every frame. */
void observer_facts(struct observer *observer, struct observed *observed);

/*
 * Ends the observation: whatever still runs is killed (a started command) or
 * let go (an attached program), every child is reaped, the signal mask is
 * put back. Then frees it.
 */
void observer_free(struct observer *observer);

#endif
