/* screen_recorder.h: runs a session on a pseudo-terminal and records what it shows as an asciicast file. */
#ifndef METACONC_SCREEN_RECORDER_H
#define METACONC_SCREEN_RECORDER_H

#include <stddef.h>

/*
 * The session to record: it runs in a child process whose terminal is a
 * pseudo-terminal, exactly as it would run on the real one. It may write
 * chapter names, one a line, to marker_fd; they become marker events.
 * It returns the exit status.
 */
typedef int screen_recorder_session_fn(void *ctx, int marker_fd);

/*
 * Records `session` into `path` (written atomically): relays keys to it and
 * its output to the terminal, passes on window size changes, forwards
 * SIGINT/SIGTERM/SIGHUP, restores the terminal, reaps the child. Returns the
 * session's exit status (128 + signal if it died of one), or -1 with why if
 * recording could not start.
 */
int screen_recorder_run(const char *path, const char *title, screen_recorder_session_fn *session, void *ctx,
    char *why, size_t why_size);

#endif
