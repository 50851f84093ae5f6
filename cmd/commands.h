/* commands.h: the subcommands of the metaconc program, each taking its own arguments. */
#ifndef METACONC_COMMANDS_H
#define METACONC_COMMANDS_H

#include <stdbool.h>

/* Exit statuses (DESIGN §1). */
#define EXIT_OK 0
#define EXIT_RUN_FAILED 1
#define EXIT_USAGE 2

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

/* metaconc with no command: the tutorial's menu in a terminal, else the lesson list (DESIGN §1). */
int command_home(void);

struct progress;
/* Loads the learner's progress; a problem is one line on stderr and -1 (progress is then empty). */
int command_load_progress(struct progress *progress);

/* True if argv[1] is --help or -h: the command (or the program) is asked to explain itself. */
bool command_asks_for_help(int argc, char *argv[]);

/* Prints "metaconc: <message>" on stderr and returns EXIT_USAGE. */
int usage_error(const char *message);

#endif
