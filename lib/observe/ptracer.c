/*
 * ptracer.c: ptrace(2), as metaconc trace uses it.
 *
 * Attaching with PTRACE_SEIZE and the options PTRACE_O_TRACECLONE, FORK,
 * VFORK, EXEC and EXIT makes the kernel stop every traced task at each
 * thread or process it starts, each program it runs and each exit, and
 * attach the new tasks too: however short a thread's life, metaconc sees
 * it begin and end. The program otherwise runs at full speed: no system
 * call is stopped. Every other stop must be answered as if metaconc were
 * not there: a signal is passed on, and a job-control stop (Ctrl-Z, SIGSTOP)
 * is kept with PTRACE_LISTEN instead of resumed.
 *
 * ptrace is per thread: only the thread that attached may make these calls,
 * so the observer runs from one thread.
 */
#include "observe/ptracer.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static const long trace_options = PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
    PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT;

int ptracer_seize(pid_t tid, bool kill_on_exit)
{
	long options = trace_options | (kill_on_exit ? PTRACE_O_EXITKILL : 0);

	return ptrace(PTRACE_SEIZE, tid, NULL, (void *)options) == 0 ? 0 : errno;
}

int ptracer_interrupt(pid_t tid)
{
	return ptrace(PTRACE_INTERRUPT, tid, NULL, NULL) == 0 ? 0 : errno;
}

static bool is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

void ptracer_decode(pid_t tid, int status, struct ptracer_stop *stop)
{
	unsigned long message = 0;
	int event = status >> 16;

	memset(stop, 0, sizeof *stop);
	stop->tid = tid;
	if (WIFEXITED(status)) {
		stop->kind = PTRACER_EXITED;
		stop->code = WEXITSTATUS(status);
		return;
	}
	if (WIFSIGNALED(status)) {
		stop->kind = PTRACER_KILLED;
		stop->signal = WTERMSIG(status);
		stop->core_dumped = WCOREDUMP(status);
		return;
	}
	stop->signal = WSTOPSIG(status);
	if (event != 0 && event != PTRACE_EVENT_STOP)
		ptrace(PTRACE_GETEVENTMSG, tid, NULL, &message);
	switch (event) {
	case PTRACE_EVENT_CLONE:
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
		stop->kind = PTRACER_CREATED;
		stop->child = (pid_t)message;
		stop->new_process = event != PTRACE_EVENT_CLONE;
		stop->signal = 0;
		return;
	case PTRACE_EVENT_EXEC:
		stop->kind = PTRACER_EXECED;
		stop->child = (pid_t)message;
		stop->signal = 0;
		return;
	case PTRACE_EVENT_EXIT:
		stop->kind = PTRACER_EXITING;
		stop->status = (int)message;
		stop->signal = 0;
		return;
	case PTRACE_EVENT_STOP:
		/* A group-stop names its stopping signal; our own traps say SIGTRAP. */
		stop->kind = is_stop_signal(stop->signal) ? PTRACER_GROUP_STOP : PTRACER_TRAPPED;
		if (stop->kind == PTRACER_TRAPPED)
			stop->signal = 0;
		return;
	default:
		stop->kind = PTRACER_SIGNAL;
		return;
	}
}

int ptracer_resume(const struct ptracer_stop *stop)
{
	long rc;

	switch (stop->kind) {
	case PTRACER_EXITED:
	case PTRACER_KILLED:
		return 0;
	case PTRACER_GROUP_STOP:
		rc = ptrace(PTRACE_LISTEN, stop->tid, NULL, NULL);
		break;
	case PTRACER_SIGNAL:
		rc = ptrace(PTRACE_CONT, stop->tid, NULL, (void *)(long)stop->signal);
		break;
	default:
		rc = ptrace(PTRACE_CONT, stop->tid, NULL, NULL);
		break;
	}
	/* ESRCH: it was killed meanwhile (SIGKILL needs no answer); its death comes next. */
	return rc == 0 || errno == ESRCH ? 0 : errno;
}

int ptracer_detach(const struct ptracer_stop *stop)
{
	long sig = stop->kind == PTRACER_SIGNAL ? stop->signal : 0;

	if (stop->kind == PTRACER_EXITED || stop->kind == PTRACER_KILLED)
		return 0;
	return ptrace(PTRACE_DETACH, stop->tid, NULL, (void *)sig) == 0 || errno == ESRCH ? 0 : errno;
}

/* In the child: only async-signal-safe calls from fork to exec. Never returns. */
static void become_command(const struct ptracer_launch *launch, pid_t parent, int go_fd, int error_fd)
{
	struct sigaction default_action;
	sigset_t ttou;
	char go;
	int error;

	memset(&default_action, 0, sizeof default_action);
	default_action.sa_handler = SIG_DFL;
	/* Our handlers and ignored signals (SIGPIPE) must not reach the command: ignoring survives exec. */
	for (int sig = 1; sig < NSIG; sig++) {
		if (sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &default_action, NULL);
	}
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127); /* metaconc died before the death signal was armed */
	if (launch->terminal_fd >= 0) {
		/* A session of its own, on its own terminal: its process group is its pid. */
		if (setsid() < 0 || ioctl(launch->terminal_fd, TIOCSCTTY, 0) < 0)
			goto failed;
		for (int fd = 0; fd < 3; fd++) {
			if (dup2(launch->terminal_fd, fd) < 0)
				goto failed;
		}
		if (launch->terminal_fd > 2)
			close(launch->terminal_fd);
	} else {
		setpgid(0, 0);
		if (launch->output_fd >= 0) {
			int null = open("/dev/null", O_RDONLY);

			if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(launch->output_fd, STDOUT_FILENO) < 0 ||
			    dup2(launch->output_fd, STDERR_FILENO) < 0)
				goto failed;
		}
		if (launch->foreground && launch->output_fd < 0) {
			sigemptyset(&ttou);
			sigaddset(&ttou, SIGTTOU);
			sigprocmask(SIG_BLOCK, &ttou, NULL);
			tcsetpgrp(STDIN_FILENO, getpid());
		}
	}
	for (int i = 0; i < launch->limit_count; i++) {
		if (setrlimit(launch->limits[i].resource, &launch->limits[i].value) != 0)
			goto failed;
	}
	if (launch->directory != NULL && chdir(launch->directory) != 0)
		goto failed;
	/* Wait until the parent has attached: from exec on, nothing is missed. */
	if (read(go_fd, &go, 1) != 1)
		_exit(127);
	close(go_fd);
	sigprocmask(SIG_SETMASK, launch->mask, NULL);
	if (launch->environment != NULL)
		execvpe(launch->argv[0], launch->argv, launch->environment);
	else
		execvp(launch->argv[0], launch->argv);
failed:
	error = errno;
	if (write(error_fd, &error, sizeof error) < 0)
		_exit(127);
	_exit(127);
}

pid_t ptracer_start(const struct ptracer_launch *launch, int *error_fd, char *why, size_t why_size)
{
	int go[2], error[2], rc;
	sigset_t all, saved;
	pid_t parent = getpid(), pid;

	if (pipe2(go, O_CLOEXEC) != 0) {
		snprintf(why, why_size, "cannot make a pipe: %s", strerror(errno));
		return -1;
	}
	if (pipe2(error, O_CLOEXEC) != 0) {
		snprintf(why, why_size, "cannot make a pipe: %s", strerror(errno));
		close(go[0]);
		close(go[1]);
		return -1;
	}
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &saved);
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		close(error[0]);
		become_command(launch, parent, go[0], error[1]);
	}
	sigprocmask(SIG_SETMASK, &saved, NULL);
	close(go[0]);
	close(error[1]);
	if (pid < 0) {
		snprintf(why, why_size, "cannot fork: %s", strerror(errno));
		close(go[1]);
		close(error[0]);
		return -1;
	}
	if (launch->terminal_fd < 0) {
		setpgid(pid, pid); /* as the child does: whichever runs first, the group exists */
		if (launch->foreground && launch->output_fd < 0)
			tcsetpgrp(STDIN_FILENO, pid);
	}
	rc = ptracer_seize(pid, true);
	if (rc != 0) {
		snprintf(why, why_size, "cannot trace the command: %s", strerror(rc));
		close(go[1]); /* the child reads end of file and leaves */
		close(error[0]);
		waitpid(pid, NULL, __WALL);
		return -1;
	}
	if (write(go[1], "g", 1) != 1) {
		snprintf(why, why_size, "cannot start the command: %s", strerror(errno));
		close(go[1]);
		close(error[0]);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, __WALL);
		return -1;
	}
	close(go[1]);
	*error_fd = error[0];
	return pid;
}
