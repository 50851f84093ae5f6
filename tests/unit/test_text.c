/* test_text.c: text fitted to a width, as every screen fits it: wrapped at spaces, phrases kept whole, key bars that keep q and ?. */
#include <string.h>

#include "check.h"
#include "core/text.h"

/* Wrapping at spaces, as captions and the tutorial's menu do it. */
static void test_wrapping(void)
{
	const char *text = "one two three";

	CHECK(text_line_length(text, 20) == 13);       /* it all fits */
	CHECK(text_line_length(text, 9) == 7);         /* "one two" */
	CHECK(text_line_length(text, 7) == 7);         /* a space right at the edge */
	CHECK(text_line_length("abcdefgh", 3) == 3);   /* no space: cut at the width */
	CHECK(text_line_length(text, 0) == 0);
	CHECK(strcmp(text_skip_spaces(text + 7), "three") == 0);
	CHECK(strcmp(text_skip_spaces(""), "") == 0);
	/* A number is a word: "60x15" stays whole (the too-small message broke it as "6" / "0x15"). */
	CHECK(text_line_length("at least 60x15; this one", 10) == 8);
	/* Widths count characters, not bytes: "░ (. in" is 7 columns and 9 bytes. */
	CHECK(text_columns("\u2591 (. in") == 7);
	CHECK(text_line_length("\u2591 (. in plain", 8) == (int)strlen("\u2591 (. in"));
	CHECK(text_bytes_of_columns("\u2591x", 1) == 3);
	CHECK(text_bytes_of_columns("ab", 5) == 2);
}

/* A hint is wrapped where its phrases end, not in their middle. */
static void test_phrases(void)
{
	const char *hint = "One CPU, two threads: only one runs at any instant. \u2591 (. in plain text) is a thread "
	    "ready to run, waiting for the CPU.";
	const char *definitions = "Concurrency: tasks in progress at the same time. Parallelism: tasks running at the "
	    "same instant.";
	int length = text_phrase_length(hint, 74);

	CHECK(length == (int)strlen("One CPU, two threads: only one runs at any instant."));
	CHECK(text_phrase_length(definitions, 74) == (int)strlen("Concurrency: tasks in progress at the same time."));
	/* With no phrase end in the second half of the line, an ordinary wrap. */
	CHECK(text_phrase_length("a. bbbbbbbb cccccccc dddddddd", 20) == (int)strlen("a. bbbbbbbb cccccccc"));
	/* A comma is a weaker end, used when no sentence ends in the line. */
	CHECK(text_phrase_length("first part here, second part here and more", 30) == (int)strlen("first part here,"));
	/* What fits is one line. */
	CHECK(text_phrase_length("short. text", 40) == (int)strlen("short. text"));
}

/* Key bars and titles: the least needed pieces give way, q and ? never do. */
static void test_fitting(void)
{
	struct text_piece keys[] = {
		{ .text = "left/right cursor", .rank = 3 },
		{ .text = "+/- zoom", .rank = 2 },
		{ .text = "Tab lanes: all", .shorter = "Tab: all", .rank = 1 },
		{ .text = "r replay", .rank = 4 },
		{ .text = "? keys", .rank = 0 },
		{ .text = "q quit", .rank = 0 },
	};
	struct text_piece title[] = {
		{ .text = "spawn: 4 threads", .rank = 0 },
		{ .text = "8 tasks of 500 ms CPU work", .shorter = "8 x 500 ms", .rank = 2 },
		{ .text = "all CPUs", .rank = 3 },
	};
	char line[200];
	int used;

	used = text_fit(keys, 6, "  ", 200);
	text_join(line, sizeof line, keys, 6, "  ");
	CHECK(strcmp(line, "left/right cursor  +/- zoom  Tab lanes: all  r replay  ? keys  q quit") == 0);
	CHECK(used == (int)strlen(line));
	/* Narrower: Tab's shorter form first, then r replay leaves, then the cursor keys. */
	text_fit(keys, 6, "  ", 65);
	text_join(line, sizeof line, keys, 6, "  ");
	CHECK(strcmp(line, "left/right cursor  +/- zoom  Tab: all  r replay  ? keys  q quit") == 0);
	text_fit(keys, 6, "  ", 60);
	text_join(line, sizeof line, keys, 6, "  ");
	CHECK(strcmp(line, "left/right cursor  +/- zoom  Tab: all  ? keys  q quit") == 0);
	text_fit(keys, 6, "  ", 40);
	text_join(line, sizeof line, keys, 6, "  ");
	CHECK(strcmp(line, "+/- zoom  Tab: all  ? keys  q quit") == 0);
	text_fit(keys, 6, "  ", 20);
	text_join(line, sizeof line, keys, 6, "  ");
	CHECK(strcmp(line, "? keys  q quit") == 0);
	/* Pieces that are not there (NULL) take no room and no glue. */
	keys[0].text = NULL;
	text_fit(keys, 6, "  ", 200);
	text_join(line, sizeof line, keys, 6, "  ");
	CHECK(strcmp(line, "+/- zoom  Tab lanes: all  r replay  ? keys  q quit") == 0);
	/* A shorter form that is the text itself is no shorter: it is not tried again and again (the fit ends). */
	keys[1].shorter = keys[1].text;
	text_fit(keys, 6, "  ", 40);
	text_join(line, sizeof line, keys, 6, "  ");
	CHECK(strcmp(line, "+/- zoom  Tab: all  ? keys  q quit") == 0);
	keys[1].shorter = NULL;
	/* Too narrow even for rank 0: it stays, and the caller wraps or cuts it at a word. */
	CHECK(text_fit(keys, 6, "  ", 5) == (int)strlen("? keys  q quit"));
	CHECK(strcmp(text_piece_glue(keys, 4, "  "), "") == 0);
	CHECK(strcmp(text_piece_glue(keys, 5, "  "), "  ") == 0);

	/* A title gives up its least telling clauses whole, never half a word. */
	text_fit(title, 3, ", ", 60);
	text_join(line, sizeof line, title, 3, ", ");
	CHECK(strcmp(line, "spawn: 4 threads, 8 tasks of 500 ms CPU work, all CPUs") == 0);
	text_fit(title, 3, ", ", 50);
	text_join(line, sizeof line, title, 3, ", ");
	CHECK(strcmp(line, "spawn: 4 threads, 8 x 500 ms, all CPUs") == 0);
	text_fit(title, 3, ", ", 30);
	text_join(line, sizeof line, title, 3, ", ");
	CHECK(strcmp(line, "spawn: 4 threads, 8 x 500 ms") == 0);
	/* A piece's own glue. */
	title[2].glue = " on ";
	text_fit(title, 3, ", ", 100);
	text_join(line, sizeof line, title, 3, ", ");
	CHECK(strcmp(line, "spawn: 4 threads, 8 tasks of 500 ms CPU work on all CPUs") == 0);
	/* A joined line never overflows its buffer. */
	text_join(line, 10, title, 3, ", ");
	CHECK(strcmp(line, "spawn: 4 ") == 0);
}

/* A one-row summary gives up its last clauses whole, never part of a number. */
static void test_clauses(void)
{
	const char *summary = "wall 545.6 ms, CPU time 808.6 ms, on average 1.48 CPUs busy; 8 of 8 tasks done, "
	    "4024 events recorded, 0 dropped";

	CHECK(text_clause_length(summary, 200) == (int)strlen(summary));
	CHECK(text_clause_length(summary, 78) == (int)strlen("wall 545.6 ms, CPU time 808.6 ms, on average 1.48 CPUs "
	    "busy; 8 of 8 tasks done"));
	CHECK(text_clause_length(summary, 100) == (int)strlen("wall 545.6 ms, CPU time 808.6 ms, on average 1.48 CPUs "
	    "busy; 8 of 8 tasks done, 4024 events recorded"));
	CHECK(text_clause_length(summary, 40) == (int)strlen("wall 545.6 ms, CPU time 808.6 ms"));
	/* A parenthesis gives way whole, however many clauses it holds. */
	CHECK(text_clause_length("1.36x as fast as the run it was compared with (spawn: 2 threads, 4 tasks of 300 ms "
	    "CPU work, pinned to CPU 0: wall 1.36 s)", 90) == (int)strlen("1.36x as fast as the run it was compared with"));
	/* Not even the first clause fits: a cut at a word. */
	CHECK(text_clause_length(summary, 12) == (int)strlen("wall 545.6"));
}

/* An error about a line of a file is printed as it is; one about the whole file gets "metaconc: ". */
static void test_error_kinds(void)
{
	CHECK(text_names_a_line("t.lesson:4: unknown directive"));
	CHECK(text_names_a_line("/a/b:c/t.demo:12: unknown command"));
	CHECK(!text_names_a_line("nosuch.demo: cannot read it: No such file or directory"));
	CHECK(!text_names_a_line("/a:b/x.lesson: cannot read it: it is a directory, not a file"));
	CHECK(!text_names_a_line("out of memory"));
}

/* A lesson or exercise named by its number: "5" and "05" are 5; too many digits is no number of ours. */
static void test_numbers(void)
{
	long number = 0;

	CHECK(text_is_number("5", &number) && number == 5);
	CHECK(text_is_number("05", &number) && number == 5);
	CHECK(text_is_number("12345", &number) && number == -1);
	CHECK(!text_is_number("", &number));
	CHECK(!text_is_number("5a", &number));
	CHECK(!text_is_number("-5", &number));
	CHECK(!text_is_number("gil", &number));
}

int main(void)
{
	test_numbers();
	test_error_kinds();
	test_clauses();
	test_wrapping();
	test_phrases();
	test_fitting();
	return check_report("text");
}
