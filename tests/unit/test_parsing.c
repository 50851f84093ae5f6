/* test_parsing.c: suggestions, CPU lists, JSON escaping and run options. */
#include <string.h>

#include "check.h"
#include "core/cpus.h"
#include "core/json.h"
#include "core/suggest.h"
#include "core/text.h"
#include "engine/options.h"

static void test_suggest(void)
{
	static const char *const names[] = { "spawn", "decorator", "pool", "gil", "sequential" };

	CHECK(strcmp(suggest_closest("spwan", names, 5), "spawn") == 0);
	CHECK(strcmp(suggest_closest("pol", names, 5), "pool") == 0);
	CHECK(strcmp(suggest_closest("seq", names, 5), "sequential") == 0);
	CHECK(strcmp(suggest_closest("gli", names, 5), "gil") == 0);
	CHECK(suggest_closest("x", names, 5) == NULL);
	CHECK(suggest_closest("threads", names, 5) == NULL);
	CHECK(suggest_closest("", names, 5) == NULL);
}

static void test_cpus(void)
{
	cpu_set_t set;
	char why[160], text[64];

	CHECK(cpus_parse("0", &set, why, sizeof why) == 0);
	CHECK(CPU_COUNT(&set) == 1 && CPU_ISSET(0, &set));
	cpus_format(&set, text, sizeof text);
	CHECK(strcmp(text, "0") == 0);
	CHECK(cpus_parse("", &set, why, sizeof why) == -1);
	CHECK(cpus_parse("0-", &set, why, sizeof why) == -1);
	CHECK(cpus_parse("-1", &set, why, sizeof why) == -1);
	CHECK(cpus_parse("99999999999999999999", &set, why, sizeof why) == -1);
	CHECK(strstr(why, "not available") != NULL);
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	CPU_SET(1, &set);
	CPU_SET(2, &set);
	CPU_SET(5, &set);
	cpus_format(&set, text, sizeof text);
	CHECK(strcmp(text, "0-2,5") == 0);
}

static void test_json_escaping(void)
{
	char buffer[128] = "";
	FILE *out = fmemopen(buffer, sizeof buffer, "w");

	json_write_escaped(out, "a\"b\\c\n\x01");
	fclose(out);
	CHECK(strcmp(buffer, "\"a\\\"b\\\\c\\n\\u0001\"") == 0);
}

static void test_run_options(void)
{
	struct run_options options;
	char why[256];
	char *good[] = { "gil", "--workers", "3", "--tasks=9", "--work", "io", "--switch-ms", "2", "--cpus", "0", "--compare" };
	char *bad[] = { "gil", "--workers", "3x" };

	CHECK(options_parse_run(&options, 11, good, why, sizeof why) == 0);
	CHECK(options.spec.technique == TECHNIQUE_GIL);
	CHECK(options.spec.workers == 3 && options.spec.tasks == 9);
	CHECK(options.spec.work == WORK_IO && options.spec.switch_ms == 2);
	CHECK(options.spec.pinned && CPU_ISSET(0, &options.spec.cpus));
	CHECK(options.compare);
	/* I/O tasks all wait at once: 9 tasks on 3 threads, ~2 s, is 3 rounds of ~666 ms. */
	CHECK(options.spec.task_ms == 666);
	CHECK(options_parse_run(&options, 3, bad, why, sizeof why) == -1);
	CHECK(strcmp(why, "--workers: expected a whole number from 1 to 64, not \"3x\"") == 0);
	CHECK(options_parse_run(&options, 0, bad, why, sizeof why) == -1);
}

/* Wrapping at spaces, as captions and the tutorial's menu do it. */
static void test_wrapping(void)
{
	const char *text = "one two three";

	CHECK(text_line_length(text, 20) == 13);       /* it all fits */
	CHECK(text_line_length(text, 9) == 7);         /* "one two" */
	CHECK(text_line_length(text, 7) == 7);         /* a space right at the edge */
	CHECK(text_line_length("abcdefgh", 3) == 3);   /* no space: cut at the width */
	CHECK(strcmp(text_skip_spaces(text + 7), "three") == 0);
	CHECK(strcmp(text_skip_spaces(""), "") == 0);
}

/* What a stranger's lesson could hold, made harmless for the terminal. */
static void test_sanitizing(void)
{
	char text[128];
	size_t length;

	strcpy(text, "title \x1b]0;owned\x07 \x1b[2J\x1b[?1049h done");
	length = text_sanitize(text, strlen(text));
	CHECK(strcmp(text, "title ?]0;owned? ?[2J?[?1049h done") == 0 && length == strlen(text));
	strcpy(text, "C1 CSI \xc2\x9b" "31m, DEL \x7f, CR \rx, bad \xff\xc3, ok \xc3\xa9 \xe2\x94\x80");
	length = text_sanitize(text, strlen(text));
	CHECK(strcmp(text, "C1 CSI ?31m, DEL ?, CR ?x, bad ??, ok \xc3\xa9 \xe2\x94\x80") == 0);
	CHECK(length == strlen(text));
	strcpy(text, "tab\there\r\nline\n");
	CHECK(text_sanitize(text, strlen(text)) == strlen("tab\there\r\nline\n"));
	CHECK(strcmp(text, "tab\there\r\nline\n") == 0);
	strcpy(text, "overlong \xc0\xaf, surrogate \xed\xa0\x80, cut \xe2\x94");
	text_sanitize(text, strlen(text));
	CHECK(strcmp(text, "overlong ??, surrogate ???, cut ??") == 0);
}

/* A long path in a message keeps its end, where the file's name is. */
static void test_eliding(void)
{
	char out[64];

	text_elide(out, sizeof out, "/short/path", 40);
	CHECK(strcmp(out, "/short/path") == 0);
	text_elide(out, sizeof out, "/a/very/long/directory/name/that/goes/on/and/on/file.json", 30);
	CHECK(strlen(out) == 30);
	CHECK(strncmp(out, "/a/very/", 8) == 0);
	CHECK(strcmp(out + strlen(out) - 9, "file.json") == 0 && strstr(out, "...") != NULL);
}

int main(void)
{
	test_suggest();
	test_cpus();
	test_json_escaping();
	test_run_options();
	test_wrapping();
	test_sanitizing();
	test_eliding();
	return check_report("parsing");
}
