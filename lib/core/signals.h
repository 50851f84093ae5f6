/* signals.h: interrupts turned into a flag and a readable pipe, for the main loop to act on. */
#ifndef METACONC_SIGNALS_H
#define METACONC_SIGNALS_H

/* Catches SIGINT, SIGTERM, SIGHUP and SIGQUIT, and ignores SIGPIPE. Returns 0 or -1. */
int signals_install(void);
/* In a forked child that will live on: a pipe and a flag of its own, nothing caught yet. */
int signals_renew(void);
/* The first interrupting signal caught, or 0. */
int signals_caught(void);
/* The next signal caught and not taken yet, each in turn (0: none): for loops that count them. */
int signals_take(void);
/* A descriptor that becomes readable when a signal is caught (for poll). */
int signals_fd(void);
/* The exit status for a run stopped by `sig`: 128 + sig (130 for SIGINT, 143 for SIGTERM). */
int signals_exit_status(int sig);

#endif
