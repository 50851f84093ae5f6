/*
 * commands.h: the subcommands of the metaconc program, each taking its own
 * arguments. Only main (metaconc.c) calls them; they share cmd/args.h and
 * never call one another.
 */
#ifndef METACONC_COMMANDS_H
#define METACONC_COMMANDS_H

/* metaconc run TECHNIQUE [OPTIONS]; argv[0] is "run". */
int command_run(int argc, char *argv[]);

/* Prints `metaconc help run`. */
void command_run_help(void);

/* metaconc trace [OPTIONS] -- COMMAND [ARGS...] | --pid PID; argv[0] is "trace". */
int command_trace(int argc, char *argv[]);
void command_trace_help(void);

/* metaconc learn [LESSON] [OPTIONS]; argv[0] is "learn". */
int command_learn(int argc, char *argv[]);
void command_learn_help(void);

/* metaconc list [--done | --pending]; argv[0] is "list". */
int command_list(int argc, char *argv[]);
void command_list_help(void);

/* metaconc demo [SCRIPT] [OPTIONS]; argv[0] is "demo". */
int command_demo(int argc, char *argv[]);
void command_demo_help(void);

/* metaconc practice [SUBCOMMAND] [N] [OPTIONS]; argv[0] is "practice". */
int command_practice(int argc, char *argv[]);
void command_practice_help(void);

/*
 * metaconc with no command, in a terminal: the tutorial's menu. Returns an
 * exit status, or COMMAND_NO_SCREEN if there is no terminal that can show it
 * (main then lists the lessons, DESIGN §1).
 */
int command_learn_menu(void);
#define COMMAND_NO_SCREEN (-1)

#endif
