/* test_demo.c: the demo script parser and the asciicast writer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "course/demo.h"
#include "render/cast.h"

static int parse(struct demo_script *script, const char *text, char *why, size_t size)
{
	return demo_parse_buffer(script, "talk.demo", text, strlen(text), why, size);
}

static void test_a_good_script(void)
{
	struct demo_script script;
	char why[300] = "";
	const char *text =
	    "# comment\n"
	    "title  Concurrency, live  \n"
	    "\n"
	    "marker One core\n"
	    "caption Four threads, one CPU.\n"
	    "run spawn --workers 4 --cpus 0 --task-ms 20\n"
	    "wait 1.5s\n"
	    "wait 250ms\n"
	    "wait end\n"
	    "key r\n"
	    "key Tab\n"
	    "key Left\n"
	    "pause\n"
	    "lesson 2\n"
	    "page 3\n"
	    "clear\n";

	CHECK(parse(&script, text, why, sizeof why) == 0);
	CHECK(script.count == 14);
	CHECK(strcmp(script.title, "Concurrency, live") == 0);
	CHECK(script.markers == 1);
	CHECK(script.commands[0].kind == DEMO_TITLE && script.commands[0].line == 2);
	CHECK(script.commands[3].kind == DEMO_RUN);
	CHECK(script.commands[3].options.spec.workers == 4 && script.commands[3].options.spec.pinned);
	CHECK(script.commands[4].kind == DEMO_WAIT && script.commands[4].duration_ns == 1500000000ull);
	CHECK(script.commands[5].duration_ns == 250000000ull);
	CHECK(script.commands[6].kind == DEMO_WAIT_END);
	CHECK(script.commands[7].kind == DEMO_KEY && script.commands[7].number == 'r');
	CHECK(script.commands[8].number == '\t');
	CHECK(script.commands[9].number == DEMO_KEY_LEFT);
	CHECK(script.commands[11].kind == DEMO_LESSON && strcmp(script.commands[11].text, "2") == 0);
	CHECK(script.commands[12].kind == DEMO_PAGE && script.commands[12].number == 3);
	CHECK(script.commands[13].kind == DEMO_CLEAR && script.commands[13].line == 16);
	demo_free(&script);
}

/* Each malformed line is reported with its file and line, and nothing is returned. */
static void expect_error(const char *text, const char *expected)
{
	struct demo_script script;
	char why[300] = "";

	CHECK(parse(&script, text, why, sizeof why) == -1);
	if (strcmp(why, expected) != 0)
		fprintf(stderr, "  got:      %s\n  expected: %s\n", why, expected);
	CHECK(strcmp(why, expected) == 0);
	CHECK(script.commands == NULL && script.count == 0);
}

static void test_bad_scripts(void)
{
	expect_error("captoin hello\n", "talk.demo:1: unknown command \"captoin\" (did you mean \"caption\"?)");
	expect_error("\n\nfly away\n", "talk.demo:3: unknown command \"fly\"; commands: title, marker, lesson, "
	    "page, caption, run, wait, key, pause, clear");
	expect_error("run spwan\n", "talk.demo:1: unknown technique \"spwan\" (did you mean \"spawn\"?); "
	    "techniques: spawn, decorator, pool, gil, sequential, race, async");
	expect_error("run spawn --workers 0\n", "talk.demo:1: --workers: 0 is out of range: use a number from 1 to 64");
	expect_error("run spawn --json\n", "talk.demo:1: run: output options (--plain, --json, --trace, --events, "
	    "--width) belong on the demo's command line, not in the script");
	expect_error("wait 2 weeks\n", "talk.demo:1: wait: expected a duration such as 500ms, 2s or 1.5s "
	    "(at most 10 min), or \"end\", not \"2 weeks\"");
	expect_error("wait 0s\n", "talk.demo:1: wait: expected a duration such as 500ms, 2s or 1.5s "
	    "(at most 10 min), or \"end\", not \"0s\"");
	expect_error("wait end\n", "talk.demo:1: wait end: no experiment has been started yet");
	expect_error("key r\n", "talk.demo:1: key: no experiment view is open yet; `run` one first");
	expect_error("run gil\nkey Banana\n", "talk.demo:2: key: expected one character or Tab, Space, Enter, "
	    "Left, Right, Up, Down, Home, End, not \"Banana\"");
	expect_error("page 2\n", "talk.demo:1: page: no lesson is open; open one first with `lesson`");
	expect_error("lesson 1\npage zero\n", "talk.demo:2: page: expected a page number from 1, not \"zero\"");
	expect_error("caption\n", "talk.demo:1: caption: needs an argument");
	expect_error("pause now\n", "talk.demo:1: pause: takes no argument");
	expect_error("# nothing\n\n", "talk.demo: the script has no commands");
}

static void test_binary_and_long_lines(void)
{
	struct demo_script script;
	char why[300];
	char data[] = "caption ok\ncaption a\0b\n";
	char long_line[2000];

	CHECK(demo_parse_buffer(&script, "x.demo", data, sizeof data - 1, why, sizeof why) == -1);
	CHECK(strcmp(why, "x.demo:2: not text (a NUL byte)") == 0);
	memset(long_line, 'a', sizeof long_line);
	memcpy(long_line, "caption ", 8);
	CHECK(demo_parse_buffer(&script, "x.demo", long_line, sizeof long_line, why, sizeof why) == -1);
	CHECK(strcmp(why, "x.demo:1: line too long (at most 1023 characters)") == 0);
}

static void test_cast(void)
{
	char buffer[4096] = "";
	FILE *out = fmemopen(buffer, sizeof buffer, "w");
	struct cast cast;
	const char *e_acute = "caf\xc3\xa9";

	cast_begin(&cast, out, 80, 24, "a \"demo\"");
	cast_output(&cast, "hi\n\x1b[1m", 7);
	cast_output(&cast, e_acute, 4);     /* "caf" and the first byte of the é */
	cast_output(&cast, e_acute + 4, 1); /* its second byte */
	cast_marker(&cast, "One core");
	cast_end(&cast);
	fclose(out);
	CHECK(strncmp(buffer, "{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": ", 55) == 0);
	CHECK(strstr(buffer, "\"title\": \"a \\\"demo\\\"\"") != NULL);
	CHECK(strstr(buffer, ", \"o\", \"hi\\n\\u001b[1m\"]\n") != NULL);
	CHECK(strstr(buffer, ", \"o\", \"caf\"]\n") != NULL);
	CHECK(strstr(buffer, ", \"o\", \"\xc3\xa9\"]\n") != NULL);
	CHECK(strstr(buffer, ", \"m\", \"One core\"]\n") != NULL);
}

/* A transcript recorded: the copy gets the text as it is, the cast gets it as a terminal shows it. */
static void test_cast_tee(void)
{
	char buffer[4096] = "", *copied = NULL;
	size_t copied_size = 0;
	FILE *out = fmemopen(buffer, sizeof buffer, "w");
	FILE *copy = open_memstream(&copied, &copied_size);
	struct cast cast;
	struct cast_tee tee;
	FILE *tee_stream;

	cast_begin(&cast, out, 80, 24, NULL);
	tee_stream = cast_tee_open(&tee, &cast, copy);
	CHECK(tee_stream != NULL);
	fprintf(tee_stream, "## One core\n");
	cast_marker(&cast, "One core");
	fprintf(tee_stream, ">> two\nlines\n");
	fclose(tee_stream);
	cast_end(&cast);
	fclose(out);
	fclose(copy);
	CHECK(strcmp(copied, "## One core\n>> two\nlines\n") == 0);
	CHECK(strstr(buffer, ", \"o\", \"## One core\\r\\n\"]\n") != NULL);
	CHECK(strstr(buffer, ", \"m\", \"One core\"]\n") < strstr(buffer, ">> two"));
	CHECK(strstr(buffer, ", \"o\", \">> two\\r\\nlines\\r\\n\"]\n") != NULL);
	free(copied);
}

int main(void)
{
	test_a_good_script();
	test_bad_scripts();
	test_binary_and_long_lines();
	test_cast();
	test_cast_tee();
	return check_report("demo");
}
