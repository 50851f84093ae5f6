/*
 * term_width.c: the width of printed output. `run`, `demo` (and `learn`)
 * print plain timelines as wide as the terminal they print to, or as
 * --width says, or 80 columns into a pipe.
 */
#include "term_width.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include "options.h"

int term_width_plain(int requested)
{
	struct winsize size;

	if (requested > 0)
		return requested;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
	    size.ws_col >= OPTIONS_MIN_WIDTH)
		return size.ws_col > OPTIONS_MAX_WIDTH ? OPTIONS_MAX_WIDTH : size.ws_col;
	return 80;
}
