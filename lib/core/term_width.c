/*
 * term_width.c: the width of printed output. `run`, `demo` (and `learn`)
 * print plain timelines as wide as the terminal they print to, or as
 * --width says, or 80 columns into a pipe.
 */
#include "core/term_width.h"

#include <sys/ioctl.h>
#include <unistd.h>

int term_width_plain(int requested)
{
	return term_width_plain_fd(STDOUT_FILENO, requested);
}

int term_width_plain_fd(int fd, int requested)
{
	struct winsize size;

	if (requested > 0)
		return requested;
	if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &size) == 0 &&
	    size.ws_col >= TERM_WIDTH_MIN)
		return size.ws_col > TERM_WIDTH_MAX ? TERM_WIDTH_MAX : size.ws_col;
	return 80;
}
