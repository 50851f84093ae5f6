/*
 * proctree.h: the processes descended from one process, at any depth, found
 * in /proc and signalled; and, for a subreaper, all of them killed and
 * reaped. Used by the guard (guard.c) that every program metaconc runs but
 * did not write (python3 and what it starts) lives under.
 *
 * Only system calls and no allocation: safe in a child forked from a
 * process with threads.
 */
#ifndef METACONC_PROCTREE_H
#define METACONC_PROCTREE_H

#include <sys/types.h>

#define PROCTREE_MAX 4096 /* descendants tracked in one walk; more are still signalled by a later walk */

/*
 * Sends `sig` to every descendant of `root` (not to root itself), parents
 * before their children. Returns how many were signalled. A process forked
 * while the walk runs can escape it: walk again until it returns 0.
 */
int proctree_signal(pid_t root, int sig);

/* What proctree_kill_all() tells of each process it reaps. */
typedef void proctree_reaped(pid_t pid, int status, void *context);

/*
 * For a child subreaper (prctl PR_SET_CHILD_SUBREAPER), or any process
 * whose descendants never leave it: kills every descendant with SIGKILL and
 * reaps them, walking again as orphans are handed to it, until it has no
 * child left. `reaped` (may be NULL) is told of each child reaped. Blocks
 * until they are all gone, which SIGKILL makes prompt.
 */
void proctree_kill_all(proctree_reaped *reaped, void *context);

#endif
