/*
 * supervise.c: nothing the traced command starts may outlive metaconc.
 *
 * While a command runs, metaconc is its "child subreaper": a process whose
 * parent dies is handed to metaconc instead of to init, so metaconc can
 * reap it and no zombie is left. Killing goes to every process by pid (the
 * observer knows them all: it traces them) and to the command's process
 * group, so a process that left the group is not missed.
 */
#include "observe/supervise.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

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
	while (waitpid(-1, NULL, WNOHANG | __WALL) > 0)
		continue;
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
}
