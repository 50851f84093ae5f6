/* term_width.h: how many columns a plain (printed) timeline gets. */
#ifndef METACONC_TERM_WIDTH_H
#define METACONC_TERM_WIDTH_H

#define TERM_WIDTH_MIN 40   /* --width and terminal widths a plain timeline accepts */
#define TERM_WIDTH_MAX 1000

/* `requested` (a --width) if above 0, else standard output's terminal width (40..1000), else 80. */
int term_width_plain(int requested);
/* The same for output that goes to descriptor fd (metaconc trace prints on stderr). */
int term_width_plain_fd(int fd, int requested);

#endif
