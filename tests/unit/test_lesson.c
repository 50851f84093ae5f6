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
		    "t.lesson:4: a code block begins with ```python and its kind (blog, corrected, example or snippet NAME), not ```c" },
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
		    "t.lesson:5: answer: expected what answers it, like 'speedup of RUN', 'python speedup of RUN', "
		    "'lost updates in RUN' or 'output of SNIPPET' (lessons/README.md lists them all), not \"faster of a\"" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: cost of a\nexplain: e\nrun a: spawn\n",
		    "t.lesson:5: answer: cost of a: cost is of a 'measure:' (thread-start or process-start)" },
		/* Which run answers: C or Python. */
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: speedup of a\nexplain: e\nrun a: gil --compare --python\n",
		    "t.lesson:5: answer: a runs in C and in Python (--python): say which run answers, "
		    "'c speedup of a' or 'python speedup of a'" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: python speedup of a\nexplain: e\nrun a: gil --compare\n",
		    "t.lesson:5: answer: python ...: a has no Python version: add --python to its 'run:' line" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: python speedup of a over b\nexplain: e\n"
		    "run a: gil --python\nrun b: spawn\n",
		    "t.lesson:5: answer: python ...: b has no Python version: add --python to its 'run:' line" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: python cost of a\nexplain: e\nmeasure a: thread-start 3\n",
		    "t.lesson:5: answer: 'c' and 'python' choose between a run and its --python version; a is a measure (C)" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: python speedup\nexplain: e\n",
		    "t.lesson:5: answer: expected what answers it, like 'speedup of RUN', 'python speedup of RUN', "
		    "'lost updates in RUN' or 'output of SNIPPET' (lessons/README.md lists them all), not \"python speedup\"" },
		/* The new measures, each of the run it needs. */
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: lost updates in a\nexplain: e\nrun a: spawn\n",
		    "t.lesson:5: answer: lost updates in a: only technique race counts lost updates" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: amdahl bound of a\nexplain: e\nrun a: spawn --serial-ms 10\n",
		    "t.lesson:5: answer: Amdahl's law needs a run with a serial part and its baseline: "
		    "add --serial-ms N and --compare to a's 'run:' line" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: serial share of a\nexplain: e\nrun a: spawn --compare\n",
		    "t.lesson:5: answer: Amdahl's law needs a run with a serial part and its baseline: "
		    "add --serial-ms N and --compare to a's 'run:' line" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: c pickling cost in a\nexplain: e\nrun a: pool --arg-kb 8 --python\n",
		    "t.lesson:5: answer: only Python pickles a pool's arguments: ask 'python pickling cost in a' "
		    "of a 'run: pool ... --arg-kb N --python'" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: waiting in a\nexplain: e\nmeasure a: thread-start 3\n",
		    "t.lesson:5: answer: a: it is not a run" },
		/* Snippets, and questions about what they print. */
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: output of a\nexplain: e\nrun a: spawn\n",
		    "t.lesson:5: answer: a is not a snippet: what it prints is asked of a ```python snippet a block" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: python output of a\nexplain: e\n```python snippet a\nprint(1)\n```\n",
		    "t.lesson:5: answer: 'c' and 'python' choose between a run and its --python version; a is a snippet (Python already)" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nanswer: output of a\nchoice: below 1: x\n",
		    "t.lesson:6: choice: an 'output of' question has no choices: the learner types what the snippet prints" },
		{ "title: t\nsummary: s\npage: p\nquestion: q\nchoice: below 1: x\nchoice: above 1: y\nanswer: output of a\nexplain: e\n",
		    "t.lesson:4: an 'output of' question has no choices: the learner types what the snippet prints" },
		{ "title: t\nsummary: s\npage: p\n```python snippet\nprint(1)\n```\n",
		    "t.lesson:4: a snippet is named, to be answered by its output: ```python snippet NAME" },
		{ "title: t\nsummary: s\npage: p\n```python snippet no!\nprint(1)\n```\n",
		    "t.lesson:4: snippet: a name is 1 to 32 letters, digits, '-' or '_', not \"no!\"" },
		{ "title: t\nsummary: s\npage: p\n```python corrected extra\nprint(1)\n```\n",
		    "t.lesson:4: a code block begins with ```python and its kind (blog, corrected, example or snippet NAME), not ```python corrected extra" },
		{ "title: t\nsummary: s\npage: p\nrun a: spawn\n```python snippet a\nprint(1)\n```\n",
		    "t.lesson:5: a second experiment named \"a\"" },
		{ "title: t\nsummary: s\npage: p\n```python snippet a\nprint(1)\n```\nquestion: q\nanswer: output of a\nexplain: e\n",
		    "t.lesson:8: answer: the question comes after the experiment that answers it; ask for a prediction before the run" },
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
	struct question_value value;
	const struct lesson_question *speedup, *cost;
	char why[512], text[64];

	CHECK(parse(good, &lesson, why, sizeof why) == 0);
	speedup = lesson.questions[0];
	cost = lesson.questions[1];
	CHECK(!question_value(speedup, measured, &value)); /* nothing measured yet */
	measured[0] = (struct question_measurement){ .measured = true, .c = { .present = true, .seconds = 0.4, .cpus_busy = 1.0 } };
	CHECK(!question_value(speedup, measured, &value));
	measured[1] = (struct question_measurement){ .measured = true, .c = { .present = true, .seconds = 0.2, .baseline_seconds = 0.4 } };
	CHECK(question_value(speedup, measured, &value) && fabs(value.number - 2.0) < 1e-9);
	CHECK(strcmp(value.measured_by, "C") == 0);
	CHECK(question_choice_of(speedup, value.number) == 1);
	CHECK(question_choice_of(speedup, 0.1) == 0 && question_choice_of(speedup, 1.5) == 1);
	CHECK(question_choice_of(speedup, 2.5) == 2 && question_choice_of(speedup, 99) == 2);
	question_format_value(speedup, &value, text, sizeof text);
	CHECK(strcmp(text, "2.00x") == 0);
	question_format_range(speedup, 0, text, sizeof text);
	CHECK(strcmp(text, "below 1.5x") == 0);
	question_format_range(speedup, 1, text, sizeof text);
	CHECK(strcmp(text, "1.5x to 2.5x") == 0);
	question_format_range(speedup, 2, text, sizeof text);
	CHECK(strcmp(text, "above 2.5x") == 0);

	CHECK(question_parse_answer(speedup, "B", &answer, why, sizeof why) == 0 && answer.choice == 1);
	CHECK(question_is_right(speedup, &answer, &value));
	value.number = 3.0;
	CHECK(!question_is_right(speedup, &answer, &value));
	question_format_answer(speedup, &answer, text, sizeof text);
	CHECK(strcmp(text, "b") == 0);
	CHECK(question_parse_answer(speedup, "d", &answer, why, sizeof why) == -1);
	CHECK(strcmp(why, "question 1 is answered with a letter from a to c, not \"d\"") == 0);
	CHECK(question_parse_answer(speedup, "1.5", &answer, why, sizeof why) == -1);

	measured[2] = (struct question_measurement){ .measured = true, .c = { .present = true, .seconds = 25e-6 } };
	CHECK(question_value(cost, measured, &value) && fabs(value.number - 25.0) < 1e-9);
	question_format_value(cost, &value, text, sizeof text);
	CHECK(strcmp(text, "25.0 us") == 0);
	CHECK(question_parse_answer(cost, " 20 ", &answer, why, sizeof why) == 0 && answer.number == 20.0);
	CHECK(question_is_right(cost, &answer, &value));  /* within 25% */
	CHECK(question_parse_answer(cost, "18", &answer, why, sizeof why) == 0);
	CHECK(!question_is_right(cost, &answer, &value));
	CHECK(question_parse_answer(cost, "a", &answer, why, sizeof why) == -1);
	CHECK(strcmp(why, "question 2 is answered with a number (microseconds for one), not \"a\"") == 0);
	CHECK(question_parse_answer(cost, "-1", &answer, why, sizeof why) == -1);
	CHECK(question_parse_answer(cost, "", &answer, why, sizeof why) == -1);
	answer.given = false;
	CHECK(!question_is_right(cost, &answer, &value));
	lesson_free(&lesson);
}

/* A lesson whose questions are answered by Python runs, race and Amdahl measures, and snippets. */
static const char measures[] =
    "title: t\nsummary: s\npage: p\n"
    "question: q1\nanswer: python speedup of g\nexplain: e\n"
    "question: q2\nanswer: c speedup of g\nexplain: e\n"
    "run g: gil --compare --python\n"
    "question: q3\nanswer: python lost updates in r\nchoice: below 1: none\nchoice: above 1: some\nexplain: e\n"
    "question: q4\nanswer: c waiting in r\nexplain: e\n"
    "run r: race --python\n"
    "question: q5\nanswer: amdahl bound of s\nexplain: e\n"
    "question: q6\nanswer: serial share of s\nexplain: e\n"
    "run s: spawn --serial-ms 20 --compare\n"
    "question: q7\nanswer: python pickling cost in k\nexplain: e\n"
    "run k: pool --arg-kb 64 --python\n"
    "question: q8\nanswer: output of w\nexplain: e\n"
    "question: q9\nanswer: number printed by w\nexplain: e\n"
    "```python snippet w\nprint([None])\n```\n"
    "question: q10\nanswer: python speedup of g over t\nexplain: e\n"
    "run t: spawn --python\n";

static void test_measures(void)
{
	struct lesson lesson;
	struct question_measurement measured[6] = { 0 };
	struct question_answer answer;
	struct question_value value;
	const struct lesson_question *const *q;
	char why[512], text[QUESTION_TEXT_MAX + 8];

	CHECK(parse(measures, &lesson, why, sizeof why) == 0);
	if (lesson.question_count != 10) {
		fprintf(stderr, "%s\n", why);
		CHECK(lesson.question_count == 10);
		lesson_free(&lesson);
		return;
	}
	q = lesson.questions;
	CHECK(q[0]->language == LESSON_IN_PYTHON && q[1]->language == LESSON_IN_C && q[0]->of_a_run);
	CHECK(q[7]->quantity == LESSON_OUTPUT && q[7]->language == LESSON_IN_PYTHON && !q[7]->of_a_run);
	CHECK(q[8]->quantity == LESSON_PRINTED_NUMBER && q[9]->quantity == LESSON_SPEEDUP_OVER);
	/* The snippet is shown as code, then run as an experiment of its own. */
	CHECK(lesson.experiment_count == 6 && lesson.experiments[4]->kind == LESSON_SNIPPET);
	CHECK(strcmp(lesson.experiments[4]->code, "print([None])\n") == 0);
	CHECK(strcmp(lesson.experiments[4]->label, "w") == 0);
	{
		const struct lesson_page *page = &lesson.pages[0];
		bool shown = false;

		for (size_t k = 0; k + 1 < page->block_count; k++) {
			if (page->blocks[k].kind == LESSON_CODE && page->blocks[k].code.origin == LESSON_CODE_SNIPPET)
				shown = page->blocks[k + 1].kind == LESSON_EXPERIMENT &&
				    page->blocks[k + 1].experiment.kind == LESSON_SNIPPET &&
				    strcmp(page->blocks[k].code.region, "w") == 0;
		}
		CHECK(shown);
	}

	/* One run, two answers: C's and Python's, each named. */
	measured[0] = (struct question_measurement){ .measured = true,
	    .c = { .present = true, .seconds = 0.5, .baseline_seconds = 1.0 },
	    .python = { .present = true, .seconds = 1.0, .baseline_seconds = 1.05 },
	    .python_version = "3.11.7" };
	CHECK(question_value(q[0], measured, &value) && fabs(value.number - 1.05) < 1e-9);
	CHECK(strcmp(value.measured_by, "Python 3.11.7") == 0);
	CHECK(question_value(q[1], measured, &value) && fabs(value.number - 2.0) < 1e-9);
	CHECK(strcmp(value.measured_by, "C") == 0);
	/* A Python answer needs the Python run. */
	measured[0].python.present = false;
	CHECK(!question_value(q[0], measured, &value));

	/* Lost updates and waiting. */
	measured[1] = (struct question_measurement){ .measured = true,
	    .c = { .present = true, .seconds = 1, .waiting_ms = 12.5, .has_lost_updates = true, .lost_updates = 3 },
	    .python = { .present = true, .seconds = 1, .has_lost_updates = true, .lost_updates = 236221 } };
	CHECK(question_value(q[2], measured, &value) && value.number == 236221 && question_choice_of(q[2], value.number) == 1);
	question_format_value(q[2], &value, text, sizeof text);
	CHECK(strcmp(text, "236221 lost updates") == 0);
	question_format_range(q[2], 0, text, sizeof text);
	CHECK(strcmp(text, "below 1") == 0);
	CHECK(question_value(q[3], measured, &value) && value.number == 12.5);
	question_format_value(q[3], &value, text, sizeof text);
	CHECK(strcmp(text, "12.5 ms") == 0);
	measured[1].python.has_lost_updates = false; /* not a race: no answer */
	CHECK(!question_value(q[2], measured, &value));

	/* Amdahl's bound and the serial share. */
	measured[2] = (struct question_measurement){ .measured = true,
	    .c = { .present = true, .seconds = 1, .has_amdahl = true, .amdahl_bound = 1.49, .serial_share = 34.3 } };
	CHECK(question_value(q[4], measured, &value) && value.number == 1.49);
	question_format_value(q[4], &value, text, sizeof text);
	CHECK(strcmp(text, "1.49x") == 0);
	CHECK(question_value(q[5], measured, &value) && value.number == 34.3);
	question_format_value(q[5], &value, text, sizeof text);
	CHECK(strcmp(text, "34.3%") == 0);

	/* Pickling: Python only. */
	measured[3] = (struct question_measurement){ .measured = true, .c = { .present = true, .seconds = 1 },
	    .python = { .present = true, .seconds = 1, .has_pickling = true, .pickling_us = 8900 } };
	CHECK(question_value(q[6], measured, &value) && value.number == 8900);
	question_format_value(q[6], &value, text, sizeof text);
	CHECK(strcmp(text, "8900.0 us") == 0);

	/* A snippet: its output, compared as text with its whitespace folded. */
	{
		struct snippet_result result = { .out = "  [None]\n", .version = "3.11.7" };

		question_measure_snippet(&measured[4], &result);
	}
	CHECK(!question_value(q[8], measured, &value)); /* "[None]" is not a number */
	CHECK(question_value(q[7], measured, &value) && strcmp(value.text, "[None]") == 0);
	CHECK(strcmp(value.measured_by, "Python 3.11.7") == 0);
	CHECK(question_parse_answer(q[7], " [None] ", &answer, why, sizeof why) == 0 && question_is_right(q[7], &answer, &value));
	CHECK(question_parse_answer(q[7], "[ None ]", &answer, why, sizeof why) == 0 && !question_is_right(q[7], &answer, &value));
	CHECK(question_parse_answer(q[7], "None", &answer, why, sizeof why) == 0 && !question_is_right(q[7], &answer, &value));
	question_format_answer(q[7], &answer, text, sizeof text);
	CHECK(strcmp(text, "None") == 0);
	CHECK(question_parse_answer(q[7], "   ", &answer, why, sizeof why) == -1);
	CHECK(strcmp(why, "question 8 is answered with what you expect it to print") == 0);
	{
		struct snippet_result result = { .out = "0\n" };

		question_measure_snippet(&measured[4], &result);
	}
	CHECK(question_value(q[8], measured, &value) && value.number == 0.0);
	CHECK(question_parse_answer(q[8], "0", &answer, why, sizeof why) == 0 && question_is_right(q[8], &answer, &value));
	{
		struct snippet_result result = { .out = "12\n", .timed_out = true };

		question_measure_snippet(&measured[4], &result); /* stopped: it printed no answer */
	}
	CHECK(!question_value(q[8], measured, &value) && !question_value(q[7], measured, &value));

	/* Speedup of one Python run over another. */
	measured[5] = (struct question_measurement){ .measured = true, .c = { .present = true, .seconds = 1 },
	    .python = { .present = true, .seconds = 2.0 }, .python_version = "3.11.7" };
	measured[0].python = (struct question_side){ .present = true, .seconds = 1.0 };
	CHECK(question_value(q[9], measured, &value) && fabs(value.number - 2.0) < 1e-9);
	lesson_free(&lesson);

	strcpy(text, "  a \t b\n\n c  ");
	question_fold_text(text);
	CHECK(strcmp(text, "a b c") == 0);
}

int main(void)
{
	test_structure();
	test_regions_resolved();
	test_errors();
	test_prose_that_looks_like_a_directive();
	test_questions();
	test_measures();
	return check_report("lesson");
}
