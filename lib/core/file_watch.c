/*
 * file_watch.c: a folder watched with inotify for saved files.
 *
 * The kernel reports every step of a save: a file written and closed
 * (IN_CLOSE_WRITE), a temporary file renamed into place (IN_MOVED_TO), the
 * old file renamed away or deleted (IN_MOVED_FROM, IN_DELETE). Each step of
 * a file we care about starts the quiet period again; when it has passed,
 * the burst is one change. The folder's own end (IN_DELETE_SELF,
 * IN_MOVE_SELF) is reported at once.
 */
#include "core/file_watch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "core/clock.h"

#define EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF)

struct file_watch {
	int fd;                          /* the inotify instance, non-blocking */
	char suffix[32];
	bool pending;                    /* a change began and has not been taken */
	uint64_t last_event_ns;          /* its latest event */
	char name[FILE_WATCH_NAME_MAX];  /* the file of that event */
	bool gone;                       /* the folder was deleted or moved */
	bool gone_told;
};

struct file_watch *file_watch_open(const char *directory, const char *suffix, char *why, size_t why_size)
{
	struct file_watch *watch = calloc(1, sizeof *watch);

	if (watch == NULL) {
		snprintf(why, why_size, "out of memory");
		return NULL;
	}
	snprintf(watch->suffix, sizeof watch->suffix, "%s", suffix);
	watch->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (watch->fd < 0) {
		snprintf(why, why_size, "cannot watch %s for changes: %s", directory, strerror(errno));
		free(watch);
		return NULL;
	}
	if (inotify_add_watch(watch->fd, directory, EVENTS | IN_ONLYDIR) < 0) {
		snprintf(why, why_size, "cannot watch %s for changes: %s", directory, strerror(errno));
		close(watch->fd);
		free(watch);
		return NULL;
	}
	return watch;
}

void file_watch_close(struct file_watch *watch)
{
	if (watch == NULL)
		return;
	close(watch->fd);
	free(watch);
}

int file_watch_fd(const struct file_watch *watch)
{
	return watch->fd;
}

/* A learner's file: ends with the suffix, and is not hidden (".exercise.py.swp", ".#exercise.py"). */
static bool counts(const struct file_watch *watch, const char *name)
{
	size_t length = strlen(name), suffix = strlen(watch->suffix);

	return name[0] != '.' && length > suffix && strcmp(name + length - suffix, watch->suffix) == 0;
}

/* Reads every event the kernel has queued. */
static void read_events(struct file_watch *watch, uint64_t now_ns)
{
	/* Aligned as the kernel's struct is, and room for many events at once. */
	char buffer[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;

	while ((n = read(watch->fd, buffer, sizeof buffer)) > 0) {
		for (char *at = buffer; at < buffer + n;) {
			const struct inotify_event *event = (const struct inotify_event *)at;

			if (event->mask & (IN_DELETE_SELF | IN_MOVE_SELF))
				watch->gone = true;
			else if (event->len > 0 && (event->mask & IN_ISDIR) == 0 && counts(watch, event->name)) {
				watch->pending = true;
				watch->last_event_ns = now_ns;
				snprintf(watch->name, sizeof watch->name, "%s", event->name);
			}
			at += sizeof *event + event->len;
		}
	}
}

int file_watch_timeout_ms(const struct file_watch *watch, uint64_t now_ns)
{
	uint64_t due;

	if (watch->gone && !watch->gone_told)
		return 0;
	if (!watch->pending)
		return -1;
	due = watch->last_event_ns + FILE_WATCH_QUIET_MS * CLOCK_NS_PER_MS;
	return now_ns >= due ? 0 : (int)((due - now_ns + CLOCK_NS_PER_MS - 1) / CLOCK_NS_PER_MS);
}

bool file_watch_take(struct file_watch *watch, uint64_t now_ns, char *name, size_t name_size, bool *gone)
{
	read_events(watch, now_ns);
	*gone = watch->gone;
	if (watch->gone && !watch->gone_told) {
		watch->gone_told = true;
		snprintf(name, name_size, "%s", "");
		return true;
	}
	if (!watch->pending || now_ns < watch->last_event_ns + FILE_WATCH_QUIET_MS * CLOCK_NS_PER_MS)
		return false;
	watch->pending = false;
	snprintf(name, name_size, "%s", watch->name);
	return true;
}
