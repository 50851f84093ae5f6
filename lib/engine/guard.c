/*
 * guard.c: a program run under a guard process, so that nothing it starts
 * outlives the run or metaconc (see guard.h for the picture).
 *
 * Why a process, and not metaconc itself: a parent-death signal
 * (PR_SET_PDEATHSIG) reaches only the process that asked for it, and
 * multiprocessing's workers or a script's setsid() grandchild never ask; a
 * subreaper catches orphans but dies with metaconc under SIGKILL; a cgroup
 * per run needs privileges metaconc must not require. A guard that is a
 * subreaper catches every orphan of the tree, and, being separate, outlives
 * metaconc long enough to kill them: when metaconc dies, its end of the
 * command socket closes and the guard's parent-death signal arrives, and
 * the guard kills the whole tree within milliseconds. Being a subreaper
 * is scoped to the guard, so to the run; if the kernel refuses it, the
 * guard still kills the program's process group, which is most of a tree.
 *
 * The guard is forked, not executed, so it runs only system calls: the
 * process it was forked from may have threads.
 *
 * What the guard says, on the report pipe, in messages of one struct:
 * the program's pid (or why it could not fork), then how it exited.
 */
#include "engine/guard.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "engine/proctree.h"

#define END_SIGNAL SIGTERM /* the guard's parent-death signal: metaconc is gone */

enum report_kind {
	REPORT_STARTED,     /* value: the program's pid */
	REPORT_FORK_FAILED, /* value: errno */
	REPORT_EXITED,      /* code: CLD_*, value: the status or signal */
};

struct report {
	int kind;
	int code;
	int value;
};

/* What the guard keeps while it runs. */
struct guard_state {
	pid_t program;
	bool reaped;      /* the program has been reaped (and reported) */
	bool subreaper;   /* the kernel made us one: every orphan of the tree comes to us */
	int report_fd;
};

static void send_report(int fd, int kind, int code, int value)
{
	struct report report = { .kind = kind, .code = code, .value = value };

	while (write(fd, &report, sizeof report) < 0 && errno == EINTR)
		;
}

/* Reaped by proctree_kill_all() or the loop: reports the program's end. */
static void note_reaped(pid_t pid, int status, void *context)
{
	struct guard_state *state = context;

	if (pid != state->program || state->reaped)
		return;
	state->reaped = true;
	if (WIFEXITED(status))
		send_report(state->report_fd, REPORT_EXITED, CLD_EXITED, WEXITSTATUS(status));
	else
		send_report(state->report_fd, REPORT_EXITED, WCOREDUMP(status) ? CLD_DUMPED : CLD_KILLED,
		    WTERMSIG(status));
}

/* Kills every process of the tree but the guard itself. */
static void kill_tree(struct guard_state *state)
{
	proctree_signal(getpid(), SIGKILL);
	if (!state->subreaper && !state->reaped)
		kill(-state->program, SIGKILL); /* without a subreaper, orphans left the tree: catch the group */
}

/* Kills the whole tree, reaps all of it, and leaves. */
static _Noreturn void end_everything(struct guard_state *state)
{
	if (!state->subreaper && !state->reaped)
		kill(-state->program, SIGKILL);
	proctree_kill_all(note_reaped, state);
	_exit(0);
}

/* Reaps the children that have exited; once the program has, kills what it left behind. */
static void reap_exited(struct guard_state *state)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		note_reaped(pid, status, state);
	if (state->reaped)
		kill_tree(state);
}

/* A signal metaconc asks for: to the program's group, or with SIGKILL to the whole tree. */
static void pass_on(struct guard_state *state, int sig)
{
	if (sig == SIGKILL) {
		kill_tree(state);
		if (!state->reaped)
			kill(-state->program, SIGKILL);
	} else if (sig > 0 && sig < NSIG && !state->reaped) {
		kill(-state->program, sig);
		kill(state->program, sig); /* should it have left its group */
	}
}

/* Closes every descriptor but the (ascending) ones in keep[]. */
static void close_all_but(const int *keep, int count)
{
	unsigned int from = 0;

	for (int i = 0; i <= count; i++) {
		unsigned int to = i < count ? (unsigned int)keep[i] : ~0u;

		if (to > from && close_range(from, to - 1, 0) != 0) {
			for (unsigned int fd = from; fd < to && fd < 1024; fd++)
				close((int)fd);
		}
		from = to + 1;
	}
}

static void sort_three(int fds[3])
{
	for (int i = 0; i < 3; i++) {
		for (int k = i + 1; k < 3; k++) {
			if (fds[k] < fds[i]) {
				int t = fds[i];

				fds[i] = fds[k];
				fds[k] = t;
			}
		}
	}
}

/* The program's process, between fork() and the program's own setup. */
static _Noreturn void become_program(pid_t guard, guard_program *program, void *context)
{
	sigset_t none;

	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* the guard never dies first, but if it were killed... */
	if (getppid() != guard)
		_exit(127);
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL); /* what metaconc caught or ignored (SIGPIPE), back to the default */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	program(context);
	_exit(127);
}

/*
 * The guard: starts the program, then waits for metaconc's commands, the
 * program's end, or metaconc's death. Every signal is blocked (guard_start
 * forked with them blocked); the ones it cares for arrive on a signalfd.
 */
static _Noreturn void run_guard(pid_t parent, int command_fd, int report_fd, guard_program *program,
    void *context)
{
	struct guard_state state = { .report_fd = report_fd };
	pid_t self = getpid();
	sigset_t wanted;
	int signal_fd, keep[3];

	setpgid(0, 0); /* out of metaconc's group: a Ctrl-C or a kill of that group does not end us first */
	prctl(PR_SET_NAME, "metaconc-guard");
	state.subreaper = prctl(PR_SET_CHILD_SUBREAPER, 1) == 0;
	sigemptyset(&wanted);
	sigaddset(&wanted, SIGCHLD);
	sigaddset(&wanted, END_SIGNAL);
	sigaddset(&wanted, SIGINT);
	sigaddset(&wanted, SIGHUP);
	signal_fd = signalfd(-1, &wanted, SFD_CLOEXEC);
	prctl(PR_SET_PDEATHSIG, END_SIGNAL);
	if (signal_fd < 0 || getppid() != parent) {
		send_report(report_fd, REPORT_FORK_FAILED, 0, signal_fd < 0 ? errno : ESRCH);
		_exit(0);
	}
	state.program = fork();
	if (state.program == 0)
		become_program(self, program, context);
	if (state.program < 0) {
		send_report(report_fd, REPORT_FORK_FAILED, 0, errno);
		_exit(0);
	}
	setpgid(state.program, state.program); /* the child does it too: whichever comes first */
	send_report(report_fd, REPORT_STARTED, 0, state.program);
	/* Only our three: the program's pipes must close when the program's tree is gone. */
	keep[0] = command_fd;
	keep[1] = report_fd;
	keep[2] = signal_fd;
	sort_three(keep);
	close_all_but(keep, 3);

	for (;;) {
		struct pollfd fds[2] = { { .fd = command_fd, .events = POLLIN }, { .fd = signal_fd, .events = POLLIN } };
		struct signalfd_siginfo info;
		unsigned char sig;
		ssize_t n;

		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			end_everything(&state);
		}
		if (fds[1].revents & POLLIN) {
			if (read(signal_fd, &info, sizeof info) != (ssize_t)sizeof info)
				continue;
			if (info.ssi_signo != SIGCHLD)
				end_everything(&state); /* metaconc died, or someone asked us to end */
			reap_exited(&state);
		}
		if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(command_fd, &sig, 1);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				end_everything(&state); /* the run is over, or metaconc is gone */
			pass_on(&state, sig);
		}
	}
}

/* Reads one report, blocking; returns false at end of file (the guard is gone). */
static bool read_report(int fd, struct report *report)
{
	size_t got = 0;

	while (got < sizeof *report) {
		ssize_t n = read(fd, (char *)report + got, sizeof *report - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		got += (size_t)n;
	}
	return true;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Waits (up to GUARD_FINISH_NS) for the guard to exit; then kills what is left and reaps it. */
static void reap_guard(struct guard *guard)
{
	uint64_t deadline = clock_now_ns() + GUARD_FINISH_NS;
	struct timespec pause = { .tv_nsec = 1000000 };
	int status;

	for (;;) {
		pid_t pid = waitpid(guard->guard_pid, &status, WNOHANG);

		if (pid == guard->guard_pid || (pid < 0 && errno != EINTR))
			break;
		if (clock_now_ns() >= deadline) {
			/* Stuck (a process that cannot die at once): kill the tree and the guard ourselves. */
			proctree_signal(guard->guard_pid, SIGKILL);
			kill(guard->guard_pid, SIGKILL);
			while (waitpid(guard->guard_pid, &status, 0) < 0 && errno == EINTR)
				;
			break;
		}
		nanosleep(&pause, NULL);
	}
	guard->guard_pid = 0;
}

int guard_start(struct guard *guard, guard_program *program, void *context, char *why, size_t why_size)
{
	int command[2], report[2], flags;
	struct report first = { .kind = -1 };
	sigset_t all, old;
	pid_t parent = getpid();

	memset(guard, 0, sizeof *guard);
	guard->command_fd = guard->report_fd = -1;
	/* A socket, not a pipe: send() with MSG_NOSIGNAL cannot raise SIGPIPE should the guard be gone. */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, command) != 0) {
		snprintf(why, why_size, "could not make a socket for the guard: %s", strerror(errno));
		return -1;
	}
	if (pipe2(report, O_CLOEXEC) != 0) {
		snprintf(why, why_size, "could not make a pipe for the guard: %s", strerror(errno));
		close(command[0]);
		close(command[1]);
		return -1;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	guard->guard_pid = fork();
	if (guard->guard_pid == 0)
		run_guard(parent, command[1], report[1], program, context);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	close(command[1]);
	close(report[1]);
	guard->command_fd = command[0];
	guard->report_fd = report[0];
	if (guard->guard_pid < 0) {
		snprintf(why, why_size, "could not fork: %s", strerror(errno));
		guard->guard_pid = 0;
		close_fd(&guard->command_fd);
		close_fd(&guard->report_fd);
		return -1;
	}
	if (!read_report(guard->report_fd, &first) || first.kind != REPORT_STARTED) {
		snprintf(why, why_size, "could not fork: %s",
		    strerror(first.kind == REPORT_FORK_FAILED && first.value != 0 ? first.value : EAGAIN));
		guard_finish(guard);
		return -1;
	}
	guard->pid = first.value;
	flags = fcntl(guard->report_fd, F_GETFL);
	if (flags >= 0)
		fcntl(guard->report_fd, F_SETFL, flags | O_NONBLOCK);
	return 0;
}

bool guard_poll(struct guard *guard)
{
	struct report report;
	ssize_t n;

	while (!guard->exited && guard->report_fd >= 0) {
		n = read(guard->report_fd, &report, sizeof report);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break; /* nothing yet */
		if (n != (ssize_t)sizeof report) {
			/* The guard is gone without a word: the program, its child, died with it (SIGKILL). */
			guard->exited = guard->lost = true;
			guard->exit_code = CLD_KILLED;
			guard->exit_status = SIGKILL;
			break;
		}
		if (report.kind == REPORT_EXITED) {
			guard->exited = true;
			guard->exit_code = report.code;
			guard->exit_status = report.value;
		}
	}
	return guard->exited;
}

void guard_signal(struct guard *guard, int sig)
{
	unsigned char byte = (unsigned char)sig;

	if (guard->command_fd >= 0)
		while (send(guard->command_fd, &byte, 1, MSG_NOSIGNAL) < 0 && errno == EINTR)
			;
}

void guard_finish(struct guard *guard)
{
	close_fd(&guard->command_fd);
	if (guard->guard_pid > 0)
		reap_guard(guard);
	if (guard->report_fd >= 0) {
		int flags = fcntl(guard->report_fd, F_GETFL);

		/* The guard has exited: all it said is in the pipe, then end of file. */
		if (flags >= 0)
			fcntl(guard->report_fd, F_SETFL, flags & ~O_NONBLOCK);
		guard_poll(guard);
		close_fd(&guard->report_fd);
	}
	if (!guard->exited && guard->pid > 0) {
		guard->exited = guard->lost = true;
		guard->exit_code = CLD_KILLED;
		guard->exit_status = SIGKILL;
	}
}
