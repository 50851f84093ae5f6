/* test_lesson.c: lesson files parse into the documented structure, and every malformed one fails at its line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "course/lesson.h"
#include "course/question.h"

static const char good[] =
    "# a comment\n"
    "title: A lesson\n"
    "summary: What it is about.\n"
    "source: The post\n"
    "\n"
    "page: First page\n"
    "\n"
    "Two lines of\n"
    "  prose, joined.\n"
    "\\note: an escaped line.\n"
    "\n"
    "- one item\n"
    "  continued\n"
    "- two\n"
    "\n"
    "```python blog\n"
    "def f():\n"
    "\tpass   \n"
    "\n"
    "# not a comment here\n"
    "```\n"
    "question: How much faster\n"
    "will it be?\n"
    "answer: speedup of fast over slow\n"
    "choice: below 1.5: hardly\n"
    "choice: 1.5 to 2.5: twice\n"
    "choice: above 2.5: more\n"
    "explain: Because\n"
    "of CPUs.\n"
    "\n"
    "run slow: spawn --workers 1 --tasks 4 --task-ms 10\n"
    "page: Second page\n"
    "run fast: spawn --workers 2 --tasks 4 --task-ms 10 --compare\n"
    "question: Guess a number.\n"
    "answer: cost of starts\n"
    "explain: Measured.\n"
    "measure starts: thread-start 10\n"
    "run: pool --workers 2 --fault crash:1\n"
    "code: lib/techniques/spawn.c#spawn-loop\n"
    "```python corrected\n"
    "print(1)\n"
    "```\n";

static int parse(const char *text, struct lesson *lesson, char *why, size_t why_size)
{
	return lesson_parse_buffer(lesson, "t.lesson", text, strlen(text), NULL, why, why_size);
}

static void test_structure(void)
{
	struct lesson lesson;
	char why[512];
	const struct lesson_page *page;
	const struct lesson_question *question;

	CHECK(parse(good, &lesson, why, sizeof why) == 0);
	CHECK(strcmp(lesson.title, "A lesson") == 0);
	CHECK(strcmp(lesson.summary, "What it is about.") == 0);
	CHECK(strcmp(lesson.source, "The post") == 0);
	CHECK(lesson.page_count == 2 && lesson.experiment_count == 4 && lesson.question_count == 2);

	page = &lesson.pages[0];
	CHECK(strcmp(page->heading, "First page") == 0 && page->line == 6);
	CHECK(page->block_count == 6);
	CHECK(page->blocks[0].kind == LESSON_PROSE && page->blocks[0].line == 8);
	CHECK(strcmp(page->blocks[0].prose.text, "Two lines of prose, joined. note: an escaped line.") == 0);
	CHECK(!page->blocks[0].prose.bullet);
	CHECK(page->blocks[1].prose.bullet && strcmp(page->blocks[1].prose.text, "one item continued") == 0);
	CHECK(page->blocks[2].prose.bullet && strcmp(page->blocks[2].prose.text, "two") == 0);
	/* Code is kept exactly: tabs, trailing spaces, blank lines, '#' lines. */
	CHECK(page->blocks[3].kind == LESSON_CODE && page->blocks[3].code.origin == LESSON_CODE_BLOG);
	CHECK(strcmp(page->blocks[3].code.text, "def f():\n\tpass   \n\n# not a comment here\n") == 0);
	CHECK(strcmp(page->blocks[3].code.language, "python") == 0 && page->blocks[3].line == 16);

	question = &page->blocks[4].question;
	CHECK(page->blocks[4].kind == LESSON_QUESTION && question->number == 1);
	CHECK(strcmp(question->text, "How much faster will it be?") == 0);
	CHECK(strcmp(question->explanation, "Because of CPUs.") == 0);
	CHECK(question->quantity == LESSON_SPEEDUP_OVER);
	CHECK(question->experiment == 1 && question->other == 0 && question->answered_after == 1);
	CHECK(question->choice_count == 3);
	CHECK(isinf(question->choices[0].low) && question->choices[0].high == 1.5);
	CHECK(question->choices[1].low == 1.5 && question->choices[1].high == 2.5);
	CHECK(question->choices[2].low == 2.5 && isinf(question->choices[2].high));
	CHECK(strcmp(question->choices[1].text, "twice") == 0);

	CHECK(page->blocks[5].kind == LESSON_EXPERIMENT && page->blocks[5].experiment.index == 0);
	CHECK(strcmp(page->blocks[5].experiment.label, "slow") == 0);
	CHECK(page->blocks[5].experiment.options.spec.workers == 1);
	CHECK(!page->blocks[5].experiment.options.compare);

	page = &lesson.pages[1];
	CHECK(page->block_count == 6);
	CHECK(page->blocks[0].experiment.options.spec.technique == TECHNIQUE_SPAWN);
	CHECK(page->blocks[0].experiment.options.compare && page->blocks[0].experiment.options.spec.task_ms == 10);
	CHECK(strcmp(page->blocks[0].experiment.command, "spawn --workers 2 --tasks 4 --task-ms 10 --compare") == 0);
	CHECK(page->blocks[1].question.choice_count == 0 && page->blocks[1].question.quantity == LESSON_COST);
	CHECK(page->blocks[1].question.experiment == 2 && page->blocks[1].question.answered_after == 2);
	CHECK(page->blocks[2].experiment.kind == LESSON_THREAD_START && page->blocks[2].experiment.count == 10);
	CHECK(page->blocks[3].experiment.label == NULL && page->blocks[3].experiment.expect_failure);
	CHECK(page->blocks[4].code.origin == LESSON_CODE_REGION && page->blocks[4].code.text == NULL);
	CHECK(strcmp(page->blocks[4].code.file, "lib/techniques/spawn.c") == 0 && strcmp(page->blocks[4].code.region, "spawn-loop") == 0);
	CHECK(strcmp(page->blocks[4].code.language, "c") == 0);
	CHECK(page->blocks[5].code.origin == LESSON_CODE_CORRECTED && strcmp(page->blocks[5].code.text, "print(1)\n") == 0);

	/* The lookup tables point at the blocks. */
	CHECK(lesson.experiments[1] == &lesson.pages[1].blocks[0].experiment);
	CHECK(lesson.questions[1] == &lesson.pages[1].blocks[1].question);
	lesson_free(&lesson);
}

static void test_regions_resolved(void)
{
	char root[] = "/tmp/metaconc-test-lesson-XXXXXX";
	char path[128];
	struct lesson lesson;
	char why[512];
	FILE *file;
	const char *text = "title: t\nsummary: s\npage: p\ncode: lib/x.c#r\n";

	CHECK(mkdtemp(root) != NULL);
	snprintf(path, sizeof path, "%s/lib", root);
	CHECK(mkdir(path, 0700) == 0);
	snprintf(path, sizeof path, "%s/lib/x.c", root);
	file = fopen(path, "w");
	CHECK(file != NULL);
	fputs("int a;\n/* region: r */\nint b;\n/* endregion */\n", file);
	fclose(file);
	CHECK(lesson_parse_buffer(&lesson, "t.lesson", text, strlen(text), root, why, sizeof why) == 0);
	CHECK(strcmp(lesson.pages[0].blocks[0].code.text, "int b;\n") == 0);
	CHECK(lesson.pages[0].blocks[0].code.first_line == 3 && lesson.pages[0].blocks[0].code.last_line == 3);
	lesson_free(&lesson);
	text = "title: t\nsummary: s\npage: p\ncode: lib/x.c#q\n";
	CHECK(lesson_parse_buffer(&lesson, "t.lesson", text, strlen(text), root, why, sizeof why) == -1);
	CHECK(strcmp(why, "t.lesson:4: lib/x.c: no region \"q\" (its regions: r)") == 0);
	text = "title: t\nsummary: s\npage: p\ncode: lib/y.c#r\n";
	CHECK(lesson_parse_buffer(&lesson, "t.lesson", text, strlen(text), root, why, sizeof why) == -1);
	CHECK(strcmp(why, "t.lesson:4: lib/y.c: No such file or directory") == 0);
	unlink(path);
	snprintf(path, sizeof path, "%s/lib", root);
	rmdir(path);
	rmdir(root);
}

/* Each malformed lesson, and the one line it must produce. */
static void test_errors(void)
{
	static const struct {
		const char *text;
		const char *why;
	} cases[] = {
		{ "title: t\nsummary: s\npage: p\nqestion: x\n",
		    "t.lesson:4: unknown directive \"qestion:\" (did you mean \"question:\"?); "
		    "a prose line that starts like this begins with a backslash" },
		{ "title: t\nsummary: s\npage: p\n```python corrected\nprint(1)\n",
		    "t.lesson:4: the code block is never closed (no ``` line after it)" },
		{ "title: t\nsummary: s\npage: p\n```python corrected\nx\n```python blog\n```\n",
		    "t.lesson:6: a code block begins inside another: the one from line 4 is not closed" },
		{ "title: t\nsummary: s\npage: p\n```c\nint x;\n```\n",
		    "t.lesson:4: a code block begins with ```python and its kind (blog, corrected or example), not ```c" },
		{ "title: t\nsummary: s\npage: p\n```c corrected\nint x;\n```\n",
		    "t.lesson:4: C code is not copied into a lesson: show it from its source with 'code: lib/FOLDER/FILE.c#REGION'" },
		{ "title: t\nsummary: s\npage: p\n```python blog\nx\n```\n",
		    "t.lesson:4: a blog quote needs a 'source:' line at the top naming the post it quotes" },
		{ "title: t\nsummary: s\npage: p\n```python corrected\n```\n", "t.lesson:4: the code block is empty" },
		{ "title: t\nsummary: s\npage: p\nrun: spawn --workers 0\n",
		    "t.lesson:4: --workers: 0 is out of range: use a number from 1 to 64" },
		{ "title: t\nsummary: s\npage: p\nrun: spwan\n",
		    "t.lesson:4: unknown technique \"spwan\" (did you mean \"spawn\"?); techniques: spawn, decorator, pool, gil, sequential, race, async" },
		{ "title: t\nsummary: s\npage: p\nrun: spawn --json\n",
		    "t.lesson:4: --json: a lesson does not choose how its runs are shown or saved; the tutorial does" },
		{ "title: t\nsummary: s\npage: p\nrun a: spawn\nrun a: gil\n", "t.lesson:5: a second experiment named \"a\"" },
		{ "title: t\nsummary: s\npage: p\nmeasure: thread-start 0\n", "t.lesson:4: measure: expected a count from 1 to 1000, not \"0\"" },
		{ "title: t\nsummary: s\npage: p\nmeasure: process-start 99999999999999999999\n",
		    "t.lesson:4: measure: expected a count from 1 to 1000, not \"99999999999999999999\"" },
		{ "title: t\nsummary: s\npage: p\nmeasure: thread-start 5x\n", "t.lesson:4: measure: expected a count from 1 to 1000, not \"5x\"" },
		{ "title: t\nsummary: s\npage: p\nmeasure: spawn 5\n", "t.lesson:4: measure: expected 'thread-start N' or 'process-start N', not \"spawn 5\"" },
		{ "title: t\nsummary: s\npage: p\ncode: lib/spawn.c\n",
		    "t.lesson:4: code: expected FILE#REGION, like lib/spawn.c#spawn-loop, not \"lib/spawn.c\"" },
		{ "title: t\nsummary: s\npage: p\ncode: ../secret.c#r\n",
		    "t.lesson:4: code: ../secret.c: name the file relative to the source root, like lib/spawn.c" },
		{ "title: t\nsummary: s\npage: p\ncode: README.md#r\n",
		    "t.lesson:4: code: README.md: regions are marked only in .c, .h and .py files" },
		{ "summary: s\npage: p\nx\n", "t.lesson:1: the lesson has no 'title:' line" },
		{ "title: t\npage: p\nx\n", "t.lesson:1: the lesson has no 'summary:' line (one line for the lesson list)" },
		{ "title: t\nsummary: s\n", "t.lesson:2: the lesson has no pages: start one with 'page: HEADING'" },
		{ "title: t\nsummary: s\nprose\n", "t.lesson:3: this comes before the first page: start one with 'page: HEADING'" },
		{ "title: t\nsummary: s\npage: p\npage: q\nx\n", "t.lesson:3: page \"p\" is empty" },
		{ "title: t\nsummary: s\npage: p\ntitle: u\n", "t.lesson:4: 'title:' belongs at the top of the lesson, before the first page" },
		{ "title: t\ntitle: u\n", "t.lesson:2: a second 'title:' line" },
		{ "title: t\nsummary: s\npage:\n", "t.lesson:3: 'page:' needs a value" },
		{ "title: t\nsummary: s\npage: p\nchoice: below 1: x\n",
		    "t.lesson:4: 'choice:' belongs to a question: put it under a 'question:' line, with no blank line between" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nexplain: e\n\nrun a: spawn --compare\n",
		    "t.lesson:4: the question has no 'answer:' line saying what measures it" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: speedup of a\n\nrun a: spawn --compare\n",
		    "t.lesson:4: the question has no 'explain:' line to show with the measured answer" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: speedup of b\nexplain: e\nrun a: spawn --compare\n",
		    "t.lesson:5: answer: no experiment named \"b\": name one with 'run b: ...' or 'measure b: ...'" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: speedup of fats\nexplain: e\nrun fast: spawn --compare\n",
		    "t.lesson:5: answer: no experiment named \"fats\" (did you mean \"fast\"?)" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: speedup of a\nexplain: e\nrun a: spawn\n",
		    "t.lesson:5: answer: speedup of a needs a sequential baseline: add --compare to its 'run:' line" },
		{ "title: t\nsummary: s\npage: p\nrun a: spawn --compare\nquestion: q\nanswer: speedup of a\nexplain: e\n",
		    "t.lesson:6: answer: the question comes after the experiment that answers it; ask for a prediction before the run" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: faster of a\nexplain: e\nrun a: spawn\n",
		    "t.lesson:5: answer: expected 'speedup of RUN', 'speedup of RUN over RUN', 'cpus busy in RUN' or "
		    "'cost of MEASURE', not \"faster of a\"" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: cost of a\nexplain: e\nrun a: spawn\n",
		    "t.lesson:5: answer: cost of a: it is a run; cost is of a 'measure:'" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: speedup of a over b\nexplain: e\nrun a: spawn\nmeasure b: thread-start 1\n",
		    "t.lesson:5: answer: a and b measure different things: compare two runs, or two measures" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: speedup of a\nexplain: e\nrun a: spawn --compare --fault crash\n",
		    "t.lesson:5: answer: a runs with --fault: its failure is the lesson, it cannot answer a question" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: cpus busy in a\nchoice: 1 to 2: x\n",
		    "t.lesson:6: choice: the first choice must be 'below X: ...', so every measured value has a choice" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: cpus busy in a\nchoice: below 1: x\nchoice: 1.5 to 2: y\n",
		    "t.lesson:7: choice: this choice must start where the one before ends (1)" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: cpus busy in a\nchoice: below 1: x\nchoice: 1 to 2: y\nexplain: e\n",
		    "t.lesson:4: the last choice must be 'above 2: ...', so every measured value has a choice" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: cpus busy in a\nchoice: below 1: x\nexplain: e\n",
		    "t.lesson:4: the question has one choice: give two or more, or none for a numeric guess" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: cpus busy in a\nchoice: 2 to 1: x\n",
		    "t.lesson:6: choice: 2 to 1 is an empty range" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: cpus busy in a\nchoice: below one: x\n",
		    "t.lesson:6: choice: expected 'below X', 'X to Y' or 'above X' before the colon, not \"below one\"" },
		{ "title: t\nsummary: s\npage: p\nrun bad!: spawn\n",
		    "t.lesson:4: run: a name is 1 to 32 letters, digits, '-' or '_', not \"bad!\"" },
		{ "title: t\nsummary: s\npage: p\nx\0y\n", "t.lesson:4: the line holds a NUL byte: a lesson is text" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct lesson lesson;
		char why[512] = "";
		size_t length = strlen(cases[i].text);
		int rc;

		if (strstr(cases[i].why, "NUL") != NULL)
			length += 3; /* the text goes on past its NUL byte */
		rc = lesson_parse_buffer(&lesson, "t.lesson", cases[i].text, length, NULL, why, sizeof why);
		CHECK(rc == -1);
		if (strcmp(why, cases[i].why) != 0)
			fprintf(stderr, "case %zu:\n  got:  %s\n  want: %s\n", i, why, cases[i].why);
		CHECK(strcmp(why, cases[i].why) == 0);
		CHECK(lesson.pages == NULL && lesson.title == NULL); /* nothing left to free */
	}
}

/* Prose that happens to look like a directive, where no directive is expected. */
static void test_prose_that_looks_like_a_directive(void)
{
	const char *text =
	    "title: t\nsummary: s\npage: p\n"
	    "Metaprogramming at run\n"
	    "time: code that builds code. See http://example.org, e.g.: this.\n"
	    "question: Will it be faster on this\n"
	    "machine: yes or no?\n"
	    "answer: cpus busy in a\n"
	    "explain: e\n"
	    "run a: spawn\n";
	struct lesson lesson;
	char why[512];

	CHECK(parse(text, &lesson, why, sizeof why) == 0);
	CHECK(strcmp(lesson.pages[0].blocks[0].prose.text,
	    "Metaprogramming at run time: code that builds code. See http://example.org, e.g.: this.") == 0);
	CHECK(strcmp(lesson.pages[0].blocks[1].question.text, "Will it be faster on this machine: yes or no?") == 0);
	lesson_free(&lesson);
}

static void test_questions(void)
{
	struct lesson lesson;
	struct question_measurement measured[5] = { 0 };
	struct question_answer answer;
	const struct lesson_question *speedup, *cost;
	char why[512], text[64];
	double value;

	CHECK(parse(good, &lesson, why, sizeof why) == 0);
	speedup = lesson.questions[0];
	cost = lesson.questions[1];
	CHECK(!question_value(speedup, measured, &value)); /* nothing measured yet */
	measured[0] = (struct question_measurement){ .measured = true, .seconds = 0.4, .cpus_busy = 1.0 };
	CHECK(!question_value(speedup, measured, &value));
	measured[1] = (struct question_measurement){ .measured = true, .seconds = 0.2, .baseline_seconds = 0.4 };
	CHECK(question_value(speedup, measured, &value) && fabs(value - 2.0) < 1e-9);
	CHECK(question_choice_of(speedup, value) == 1);
	CHECK(question_choice_of(speedup, 0.1) == 0 && question_choice_of(speedup, 1.5) == 1);
	CHECK(question_choice_of(speedup, 2.5) == 2 && question_choice_of(speedup, 99) == 2);
	question_format_value(speedup, value, text, sizeof text);
	CHECK(strcmp(text, "2.00x") == 0);
	question_format_range(speedup, 0, text, sizeof text);
	CHECK(strcmp(text, "below 1.5x") == 0);
	question_format_range(speedup, 1, text, sizeof text);
	CHECK(strcmp(text, "1.5x to 2.5x") == 0);
	question_format_range(speedup, 2, text, sizeof text);
	CHECK(strcmp(text, "above 2.5x") == 0);

	CHECK(question_parse_answer(speedup, "B", &answer, why, sizeof why) == 0 && answer.choice == 1);
	CHECK(question_is_right(speedup, &answer, 2.0) && !question_is_right(speedup, &answer, 3.0));
	question_format_answer(speedup, &answer, text, sizeof text);
	CHECK(strcmp(text, "b") == 0);
	CHECK(question_parse_answer(speedup, "d", &answer, why, sizeof why) == -1);
	CHECK(strcmp(why, "question 1 is answered with a letter from a to c, not \"d\"") == 0);
	CHECK(question_parse_answer(speedup, "1.5", &answer, why, sizeof why) == -1);

	measured[2] = (struct question_measurement){ .measured = true, .seconds = 25e-6 };
	CHECK(question_value(cost, measured, &value) && fabs(value - 25.0) < 1e-9);
	question_format_value(cost, value, text, sizeof text);
	CHECK(strcmp(text, "25.0 us") == 0);
	CHECK(question_parse_answer(cost, " 20 ", &answer, why, sizeof why) == 0 && answer.number == 20.0);
	CHECK(question_is_right(cost, &answer, value));  /* within 25% */
	CHECK(question_parse_answer(cost, "18", &answer, why, sizeof why) == 0);
	CHECK(!question_is_right(cost, &answer, value));
	CHECK(question_parse_answer(cost, "a", &answer, why, sizeof why) == -1);
	CHECK(strcmp(why, "question 2 is answered with a number (microseconds for one), not \"a\"") == 0);
	CHECK(question_parse_answer(cost, "-1", &answer, why, sizeof why) == -1);
	CHECK(question_parse_answer(cost, "", &answer, why, sizeof why) == -1);
	answer.given = false;
	CHECK(!question_is_right(cost, &answer, value));
	lesson_free(&lesson);
}

int main(void)
{
	test_structure();
	test_regions_resolved();
	test_errors();
	test_prose_that_looks_like_a_directive();
	test_questions();
	return check_report("lesson");
}
