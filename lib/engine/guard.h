/*
 * guard.h: runs a program metaconc did not write (python3, a traced
 * command) so that nothing it starts outlives the run or metaconc, at any
 * depth, however metaconc ends: normally, by a signal, or by SIGKILL.
 *
 *   metaconc ── guard ── program ── its children ── ...
 *
 * The guard is a small process of metaconc's own: a child subreaper (the
 * orphans of the program's tree are handed to it, not to init, even after
 * setsid() or a double fork), out of metaconc's process group. It passes on
 * the signals metaconc asks for and reports how the program exited. When
 * the program exits, it kills what the program left behind; when the run
 * ends or metaconc dies (its end of a socket closes, a parent-death signal
 * arrives), it kills the whole tree with SIGKILL, reaps it, and exits.
 */
#ifndef METACONC_GUARD_H
#define METACONC_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/clock.h"

#define GUARD_FINISH_NS (2 * CLOCK_NS_PER_SEC) /* guard_finish() waits this long for the tree to die */

struct guard {
	pid_t guard_pid;  /* the guard: a child of the caller */
	pid_t pid;        /* the program: the guard's child, leader of its own process group */
	int command_fd;   /* ours: each byte a signal to pass on; closing it ends the run */
	int report_fd;    /* ours: the guard's reports (non-blocking) */
	bool exited;      /* the program has exited and was reaped */
	int exit_code;    /* CLD_EXITED, CLD_KILLED or CLD_DUMPED, as in siginfo_t */
	int exit_status;  /* its exit status, or the signal that ended it */
	bool lost;        /* the guard died without saying how the program ended */
};

/*
 * What the program's process does before it becomes the program: in a
 * process group of its own, with default signal handling and no signal
 * blocked, it arranges its descriptors and calls exec. It must not return
 * (on failure: _exit), and may call only async-signal-safe functions.
 */
typedef void guard_program(void *context);

/*
 * Starts the guard, which starts the program. Returns 0 once the program's
 * process exists (guard->pid), or -1 with why. Blocks every signal in the
 * calling thread while it forks.
 */
int guard_start(struct guard *guard, guard_program *program, void *context, char *why, size_t why_size);
/* Reads the guard's reports without blocking; true once the program has exited (guard->exit_*). */
bool guard_poll(struct guard *guard);
/*
 * Passes `sig` to the program's process group. SIGKILL goes further: to
 * every process of the tree, whatever its process group or session.
 */
void guard_signal(struct guard *guard, int sig);
/*
 * Ends the run: the guard kills every process left in the tree, reaps
 * them and exits; it is reaped in turn. Waits at most GUARD_FINISH_NS, then
 * kills what is left itself. Safe to call twice.
 */
void guard_finish(struct guard *guard);

#endif
