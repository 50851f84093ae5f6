/*
 * file_watch.h: noticing that a learner saved a file in a folder (inotify),
 * for `metaconc practice`'s watch mode. A save counts however the editor
 * makes it: written in place, or written to a temporary file that is then
 * renamed over the old one. Editors' own files (swap files, backups, lock
 * files) do not count: only names that end with the suffix asked for and do
 * not start with a dot. A burst of events (an editor's write, then its
 * rename) is one change, reported once the folder has been quiet for
 * FILE_WATCH_QUIET_MS.
 */
#ifndef METACONC_FILE_WATCH_H
#define METACONC_FILE_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FILE_WATCH_QUIET_MS 100
#define FILE_WATCH_NAME_MAX 256

struct file_watch;

/*
 * Watches the files of `directory` whose names end with `suffix` (".py").
 * NULL with why if the folder cannot be watched (missing, or out of inotify
 * watches).
 */
struct file_watch *file_watch_open(const char *directory, const char *suffix, char *why, size_t why_size);
void file_watch_close(struct file_watch *watch);

/* Becomes readable when something happened in the folder (for poll). */
int file_watch_fd(const struct file_watch *watch);
/* How long to wait at most before file_watch_take() may have a change to give, in ms; -1: nothing pending. */
int file_watch_timeout_ms(const struct file_watch *watch, uint64_t now_ns);

/*
 * Reads what happened. True once a change is complete (FILE_WATCH_QUIET_MS
 * have passed since its last event, at `now_ns`): then `name` is the last
 * file that changed, and the change is taken (the next call waits for a new
 * one). `gone` is set when the folder itself was deleted or moved away.
 */
bool file_watch_take(struct file_watch *watch, uint64_t now_ns, char *name, size_t name_size, bool *gone);

#endif
