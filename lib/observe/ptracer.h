/*
 * ptracer.h: the ptrace(2) calls metaconc trace makes: starting a command
 * under trace, attaching to threads, reading what a stop means, resuming
 * and detaching. Only the thread that attached may make them.
 */
#ifndef METACONC_PTRACER_H
#define METACONC_PTRACER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

/* What a traced task reported to waitpid(). */
enum ptracer_kind {
	PTRACER_EXITED,     /* it is gone, having exited with `code` */
	PTRACER_KILLED,     /* it is gone, killed by `signal` */
	PTRACER_CREATED,    /* stopped: it started `child` (a thread, or a process if `new_process`) */
	PTRACER_EXECED,     /* stopped: it ran a new program; `child` holds its former thread id */
	PTRACER_EXITING,    /* stopped on its way out: `status` is its wait status (exit code or signal) */
	PTRACER_GROUP_STOP, /* stopped by SIGSTOP, SIGTSTP, SIGTTIN or SIGTTOU (`signal`) */
	PTRACER_TRAPPED,    /* stopped for us: a new task's first stop, or our interrupt */
	PTRACER_SIGNAL,     /* stopped before `signal` is delivered to it */
};

struct ptracer_stop {
	pid_t tid;
	enum ptracer_kind kind;
	int code;          /* PTRACER_EXITED */
	int signal;        /* PTRACER_KILLED, PTRACER_GROUP_STOP, PTRACER_SIGNAL */
	bool core_dumped;  /* PTRACER_KILLED */
	pid_t child;       /* PTRACER_CREATED: the new task; PTRACER_EXECED: the former tid */
	bool new_process;  /* PTRACER_CREATED: by fork or vfork (else clone: maybe a thread) */
	int status;        /* PTRACER_EXITING: a wait status */
};

/* A resource limit for the command (RLIMIT_CPU, RLIMIT_NPROC, ...). */
struct ptracer_limit {
	int resource;
	struct rlimit value;
};

/* How to start a command. */
struct ptracer_launch {
	char *const *argv;
	int terminal_fd;      /* a pseudo-terminal's slave for its stdin, stdout and stderr, or -1: ours */
	int output_fd;        /* without terminal_fd: its stdout and stderr (stdin /dev/null), or -1: ours */
	bool foreground;      /* terminal_fd -1 and our stdin a terminal: make it the foreground job */
	const struct ptracer_limit *limits;
	int limit_count;
	const char *directory;   /* where it runs, or NULL: where we are */
	char *const *environment; /* its whole environment, or NULL: ours */
	const sigset_t *mask;    /* the signal mask it starts with (ours, before we blocked SIGCHLD) */
};

/*
 * Forks the command in a process group of its own (a session of its own on
 * a terminal_fd), stops it before exec, attaches with every PTRACE_O_TRACE*
 * option and PTRACE_O_EXITKILL, and lets it go on to exec. *error_fd gets a
 * pipe's read end: it reads an errno value if exec fails, else end of file.
 * Returns the command's pid, or -1 with why.
 */
pid_t ptracer_start(const struct ptracer_launch *launch, int *error_fd, char *why, size_t why_size);

/* Attaches to one running thread without stopping it. Returns 0 or an errno value. */
int ptracer_seize(pid_t tid, bool kill_on_exit);
/* Asks a traced thread to stop (it reports PTRACER_TRAPPED, or another stop first). */
int ptracer_interrupt(pid_t tid);

/* Reads what a waitpid() status of a traced task means. */
void ptracer_decode(pid_t tid, int status, struct ptracer_stop *stop);
/* Lets a stopped task go on: a signal is passed on, a group-stop is kept (PTRACE_LISTEN). */
int ptracer_resume(const struct ptracer_stop *stop);
/* Lets a stopped task go untraced, passing on a signal it was stopped for. */
int ptracer_detach(const struct ptracer_stop *stop);

#endif
