/* pool.h: a class whose metaclass builds its instances on a pool of forked worker processes. */
#ifndef METACONC_POOL_H
#define METACONC_POOL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "techniques/technique.h"
#include "techniques/work.h"

#define POOL_MAX_INSTANCE_SIZE 256

/* What every instance is built from, besides its number: Worker(task, data). */
struct build_args {
	const unsigned char *data; /* --arg-kb: a forked process reads the parent's copy, nothing is sent */
	size_t size;
};

/* Where an instance is being built: the work plan, the stopwatch of that process, the arguments. */
struct build_site {
	struct work_plan *plan;
	struct work_meter *meter;
	const struct build_args *args;
};

struct metaclass;

/* A class, spelled out: how big an instance is, how to initialise one, and its metaclass. */
struct class_desc {
	const char *name;
	size_t instance_size;
	/* __init__: fills in instance number `index`; returns a work status. */
	enum work_status (*init)(void *self, uint32_t index, struct build_site *site);
	const struct metaclass *metaclass;
};

/* A metaclass decides what calling the class does (Python's type.__call__). */
struct metaclass {
	const char *name;
	/* __call__: builds `count` instances of cls into `instances`; returns how many it built. */
	uint32_t (*call)(const struct class_desc *cls, uint32_t count, const struct build_args *args,
	    void *instances, const struct technique_env *env, struct technique_report *report);
};

/* "Calling the class": goes through its metaclass, as Worker() does in Python. */
uint32_t class_call(const struct class_desc *cls, uint32_t count, const struct build_args *args,
    void *instances, const struct technique_env *env, struct technique_report *report);

/* Builds instances one by one in the calling thread. */
extern const struct metaclass type_metaclass;
/* Builds instances all at once on a pool of env->workers forked processes. */
extern const struct metaclass parallel_metaclass;

/* One worker process of a pool. */
struct pool_process {
	pid_t pid;          /* 0 once reaped */
	int results_fd;     /* read end of the pipe the process sends instances over; -1 once closed */
	int status;         /* from waitpid() */
	bool hung;          /* killed because it stopped making progress */
	bool stopped;       /* the pool itself signalled it to stop: not a crash */
	uint64_t progress;    /* events it had recorded when last checked */
	uint64_t progress_ns; /* when that count last changed */
	unsigned char message[sizeof(uint32_t) + POOL_MAX_INSTANCE_SIZE]; /* a message being received */
	size_t message_length;
};

struct pool {
	int size;
	struct pool_process *processes;
	const struct technique_env *env;
	unsigned char *batch;  /* where a process puts the instances of a batch before sending them */
};

/* Forks env->workers processes that build instances of cls; returns 0 or -1 with report->error. */
int pool_open(struct pool *pool, const struct class_desc *cls, const struct build_args *args,
    const struct technique_env *env, struct technique_report *report);
/* Receives the instances the processes build, until all have exited; returns how many arrived. */
uint32_t pool_gather(struct pool *pool, const struct class_desc *cls, uint32_t count, void *instances);
/* Stops (if need be) and reaps every process; records the crashed and hung ones. Always call it. */
void pool_close(struct pool *pool);

/* The technique: Worker() through the parallel metaclass, one instance per task. */
int pool_run(const struct technique_env *env, struct technique_report *report);

#endif
