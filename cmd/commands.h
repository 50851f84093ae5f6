/* commands.h: the subcommands of the metaconc program, each taking its own arguments. */
#ifndef METACONC_COMMANDS_H
#define METACONC_COMMANDS_H

/* Exit statuses (DESIGN §1). */
#define EXIT_OK 0
#define EXIT_RUN_FAILED 1
#define EXIT_USAGE 2

/* metaconc run TECHNIQUE [OPTIONS]; argv[0] is "run". */
int command_run(int argc, char *argv[]);

/* Prints `metaconc help run`. */
void command_run_help(void);

/* Prints "metaconc: <message>" on stderr and returns EXIT_USAGE. */
int usage_error(const char *message);

#endif
