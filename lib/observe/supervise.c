/*
 * supervise.c: nothing the traced command starts may outlive metaconc.
 *
 * While a command runs, metaconc is its "child subreaper": a process whose
 * parent dies is handed to metaconc instead of to init, so metaconc can
 * reap it and no zombie is left. Killing goes to every traced process by
 * pid (the observer knows them all: it traces every one, so setsid() or a
 * double fork hides none), to the command's process group, and, through
 * engine/proctree, to every descendant of metaconc found in /proc. If
 * metaconc itself dies, PTRACE_O_EXITKILL has the kernel kill every traced
 * process (ptracer.c).
 */
#include "observe/supervise.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "engine/proctree.h"

int supervise_begin(struct supervise_scope *scope)
{
	int previous = 0;

	scope->active = false;
	if (prctl(PR_GET_CHILD_SUBREAPER, &previous) != 0)
		return -1;
	scope->previous = previous;
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
		return -1;
	scope->active = true;
	return 0;
}

void supervise_end(struct supervise_scope *scope)
{
	if (!scope->active)
		return;
	/* A subreaper's every descendant is the command's: none may remain. */
	proctree_kill_all(NULL, NULL);
	prctl(PR_SET_CHILD_SUBREAPER, scope->previous);
	scope->active = false;
}

void supervise_kill(const pid_t *pids, int count, pid_t group)
{
	for (int i = 0; i < count; i++) {
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	}
	if (group > 0)
		kill(-group, SIGKILL);
	/*
	 * One walk: walking again would find the zombies this one made, which
	 * wait for their reaper, and never end. A process forked meanwhile is
	 * traced, and the observer kills it as it reports its birth.
	 */
	proctree_signal(getpid(), SIGKILL);
}
