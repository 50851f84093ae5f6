/*
 * ui_term.c: the terminal's lifecycle, as htop's CRT does it.
 *
 * ui_term_start() hands the screen to curses; ui_term_stop() gives it back
 * exactly as it was. Stop is idempotent and runs from every exit: the normal
 * path, atexit(), and a crash handler that restores the saved terminal modes
 * with async-signal-safe calls, then re-raises the signal so core dumps and
 * sanitizers still see the crash. While curses owns the screen, stderr goes
 * to a temporary file and is replayed afterwards, so no message scribbles on
 * the view and none is lost. Colours honour NO_COLOR and monochrome terminals.
 */
#include "ui/ui_term.h"

#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/signals.h"
#include "render/palette.h"

#define PAIR_WORKER_FIRST 16
#define WORKER_COLOURS_256 PALETTE_WORKER_COLOURS
#define WORKER_COLOURS_8 3 /* and the same three in bold: 6 workers before one repeats */

static bool active;
static bool stop_registered;
static bool utf8;
static bool colour;
static int worker_colours;
static SCREEN *screen;
static struct termios saved_modes;
static bool saved_modes_valid;
static int saved_stderr = -1;
static FILE *captured_stderr;
static attr_t styles[UI_STYLE_COUNT];

static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

/* Async-signal-safe: puts the terminal modes back, leaves the alternate screen, shows the cursor. */
static void restore_in_handler(void)
{
	static const char leave[] = "\033[?1049l\033[?25h\033[0m\r\n";
	ssize_t ignored;

	if (saved_modes_valid)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &saved_modes);
	if (saved_stderr >= 0)
		dup2(saved_stderr, STDERR_FILENO);
	ignored = write(STDOUT_FILENO, leave, sizeof leave - 1);
	(void)ignored;
}

static void on_crash(int sig)
{
	restore_in_handler();
	/* SA_RESETHAND restored the default action: die of the same signal. */
	raise(sig);
}

static void install_crash_handler(void)
{
	struct sigaction action;

	memset(&action, 0, sizeof action);
	action.sa_handler = on_crash;
	action.sa_flags = SA_RESETHAND | SA_NODEFER;
	sigemptyset(&action.sa_mask);
	for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
		sigaction(crash_signals[i], &action, NULL);
}

static void remove_crash_handler(void)
{
	for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
		signal(crash_signals[i], SIG_DFL);
}

static void capture_stderr(void)
{
	fflush(stderr);
	captured_stderr = tmpfile();
	if (captured_stderr == NULL)
		return;
	saved_stderr = dup(STDERR_FILENO);
	if (saved_stderr < 0 || dup2(fileno(captured_stderr), STDERR_FILENO) < 0) {
		fclose(captured_stderr);
		captured_stderr = NULL;
	}
}

static void replay_stderr(void)
{
	char buffer[4096];
	size_t n;

	if (saved_stderr < 0)
		return;
	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	saved_stderr = -1;
	if (captured_stderr == NULL)
		return;
	rewind(captured_stderr);
	while ((n = fread(buffer, 1, sizeof buffer, captured_stderr)) > 0)
		fwrite(buffer, 1, n, stderr);
	fclose(captured_stderr);
	captured_stderr = NULL;
}

/*
 * The workers' colours never look like a state's mark: yellow is waiting
 * (the GIL, a lock), cyan blocked in I/O, red crashed. With 256 colours
 * there are ten others, far from those (render/palette.c); with 8 only
 * blue, green and magenta are left (white may be the background), so the
 * next three workers have them in bold (bright on most terminals).
 */
static void init_styles(void)
{
	static const short palette_8[WORKER_COLOURS_8] = { COLOR_BLUE, COLOR_GREEN, COLOR_MAGENTA };

	styles[UI_STYLE_NORMAL] = A_NORMAL;
	styles[UI_STYLE_TITLE] = A_REVERSE | A_BOLD;
	styles[UI_STYLE_HEADING] = A_BOLD;
	styles[UI_STYLE_DIM] = A_DIM;
	styles[UI_STYLE_CRASH] = A_BOLD;
	styles[UI_STYLE_WAIT] = A_NORMAL;
	styles[UI_STYLE_BLOCK] = A_NORMAL;
	styles[UI_STYLE_GOOD] = A_BOLD;
	styles[UI_STYLE_BAD] = A_BOLD;
	styles[UI_STYLE_CURSOR] = A_REVERSE;
	styles[UI_STYLE_CODE] = A_NORMAL;
	styles[UI_STYLE_QUESTION] = A_BOLD;
	styles[UI_STYLE_SELECTED] = A_REVERSE;
	styles[UI_STYLE_OTHER] = A_BOLD;
	colour = has_colors() && getenv("NO_COLOR") == NULL;
	if (!colour || start_color() == ERR) {
		colour = false;
		return;
	}
	use_default_colors();
	init_pair(1, COLOR_RED, -1);
	init_pair(2, COLOR_YELLOW, -1);
	init_pair(3, COLOR_CYAN, -1);
	init_pair(4, COLOR_GREEN, -1);
	init_pair(5, COLOR_BLACK, COLOR_CYAN);
	init_pair(6, COLOR_MAGENTA, -1);
	styles[UI_STYLE_CRASH] = COLOR_PAIR(1) | A_BOLD;
	styles[UI_STYLE_WAIT] = COLOR_PAIR(2);
	styles[UI_STYLE_BLOCK] = COLOR_PAIR(3);
	styles[UI_STYLE_GOOD] = COLOR_PAIR(4) | A_BOLD;
	styles[UI_STYLE_BAD] = COLOR_PAIR(2) | A_BOLD;
	styles[UI_STYLE_TITLE] = COLOR_PAIR(5) | A_BOLD;
	styles[UI_STYLE_CODE] = COLOR_PAIR(3);
	styles[UI_STYLE_QUESTION] = COLOR_PAIR(6) | A_BOLD;
	worker_colours = COLORS >= 256 ? WORKER_COLOURS_256 : WORKER_COLOURS_8;
	for (int i = 0; i < worker_colours && PAIR_WORKER_FIRST + i < COLOR_PAIRS; i++)
		init_pair((short)(PAIR_WORKER_FIRST + i), COLORS >= 256 ? palette_worker_256[i] : palette_8[i], -1);
}

int ui_term_start(char *why, size_t why_size)
{
	const char *term = getenv("TERM");

	if (active)
		return 0;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(why, why_size, "the full-screen view needs a terminal");
		return -1;
	}
	setlocale(LC_ALL, "");
	utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	saved_modes_valid = tcgetattr(STDIN_FILENO, &saved_modes) == 0;
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL) {
		snprintf(why, why_size, "TERM=%s is not a terminal type this system knows", term ? term : "");
		return -1;
	}
	active = true;
	capture_stderr();
	install_crash_handler();
	if (!stop_registered)
		atexit(ui_term_stop);
	stop_registered = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	init_styles();
	return 0;
}

void ui_term_stop(void)
{
	if (!active)
		return;
	active = false;
	endwin();
	delscreen(screen);
	screen = NULL;
	if (saved_modes_valid)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &saved_modes);
	remove_crash_handler();
	replay_stderr();
}

bool ui_term_active(void)
{
	return active;
}

bool ui_term_utf8(void)
{
	return utf8;
}

bool ui_term_colour(void)
{
	return colour;
}

attr_t ui_term_style(enum ui_style style)
{
	return styles[style];
}

void ui_term_fill_row(int y, attr_t attributes)
{
	attron(attributes);
	mvhline(y, 0, ' ', COLS);
	attroff(attributes);
}

attr_t ui_term_worker_style(int worker)
{
	if (!colour || worker < 0)
		return A_NORMAL;
	if (worker_colours == WORKER_COLOURS_8 && worker / WORKER_COLOURS_8 % 2 == 1)
		return COLOR_PAIR(PAIR_WORKER_FIRST + worker % worker_colours) | A_BOLD;
	return COLOR_PAIR(PAIR_WORKER_FIRST + worker % worker_colours);
}

int ui_term_key(void)
{
	return getch();
}

void ui_term_wait(int timeout_ms)
{
	struct pollfd fds[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = signals_fd(), .events = POLLIN },
	};

	poll(fds, fds[1].fd >= 0 ? 2 : 1, timeout_ms);
}
