/* ui_trace.h: `metaconc trace` in the full-screen view: the timeline live, the command's output under it. */
#ifndef METACONC_UI_TRACE_H
#define METACONC_UI_TRACE_H

#include <stddef.h>
#include <sys/types.h>

#include "observe/observer.h"

enum ui_trace_result {
	UI_TRACE_SHOWN,       /* it ran in the view; the observer holds what it recorded */
	UI_TRACE_NOT_STARTED, /* the command could not start, or the pid be traced (status and why say so) */
	UI_TRACE_NO_TERMINAL, /* the terminal cannot be used: observe plainly instead */
};

struct ui_trace_request {
	char **command;   /* start this (on a pseudo-terminal of its own) ... */
	pid_t pid;        /* ... or attach to this */
	unsigned rate_hz;
};

/*
 * Starts or attaches, and shows the program's threads and processes live
 * until it ends, then lets the user explore the timeline until q. The
 * terminal is restored before this returns, on every path. On
 * UI_TRACE_SHOWN, *observer is the finished observation (free it); on
 * UI_TRACE_NOT_STARTED, *status is the exit status and why the reason.
 */
enum ui_trace_result ui_trace_show(const struct ui_trace_request *request, struct observer **observer,
    int *status, char *why, size_t why_size);

#endif
