/* test_lesson_flow.c: which predictions a run answers, which experiment comes next, when a lesson is finished. */
#include <string.h>

#include "check.h"
#include "course/lesson.h"
#include "course/lesson_flow.h"

/* Lesson 5's shape: a question about the second run over the first stands between them. */
static const char lesson_text[] =
    "title: Flow\n"
    "summary: Three runs.\n"
    "page: Runs\n"
    "question: First?\n"
    "answer: speedup of free\n"
    "explain: One.\n"
    "\n"
    "run free: spawn --workers 2 --tasks 4 --task-ms 10 --compare\n"
    "question: Second?\n"
    "answer: speedup of gil\n"
    "explain: Two.\n"
    "\n"
    "run gil: gil --workers 2 --tasks 4 --task-ms 10 --compare\n"
    "question: Third over second?\n"
    "answer: speedup of processes over gil\n"
    "explain: Three.\n"
    "\n"
    "run processes: pool --workers 2 --tasks 4 --task-ms 10\n"
    "page: Another\n"
    "run: spawn --workers 1 --tasks 1 --task-ms 1\n";

int main(void)
{
	struct lesson lesson;
	bool ran[4] = { false }, predicted[3] = { false };
	char why[400];

	CHECK(lesson_parse_buffer(&lesson, "t.lesson", lesson_text, strlen(lesson_text), NULL, why, sizeof why) == 0);
	CHECK(lesson.experiment_count == 4 && lesson.question_count == 3);

	/* The gil run answers question 2 only: question 3 needs the processes run, which follows it. */
	CHECK(!lesson_flow_answers(lesson.questions[0], 1, ran));
	CHECK(lesson_flow_answers(lesson.questions[1], 1, ran));
	CHECK(!lesson_flow_answers(lesson.questions[2], 1, ran));
	/* The processes run answers question 3 once gil has run, and not before. */
	CHECK(!lesson_flow_answers(lesson.questions[2], 2, ran));
	ran[1] = true;
	CHECK(lesson_flow_answers(lesson.questions[2], 2, ran));
	/* Run the other way round, the gil run is the one that completes question 3. */
	ran[1] = false;
	ran[2] = true;
	CHECK(lesson_flow_answers(lesson.questions[2], 1, ran));
	ran[2] = false;

	/* After a run, the next experiment on its page not run yet; the first one not run if none follows. */
	CHECK(lesson_flow_next(&lesson, 0, 0, ran) == 1);
	ran[0] = ran[1] = true;
	CHECK(lesson_flow_next(&lesson, 0, 1, ran) == 2);
	CHECK(lesson_flow_next(&lesson, 0, 2, ran) == LESSON_NO_EXPERIMENT);
	ran[0] = false;
	CHECK(lesson_flow_next(&lesson, 0, 2, ran) == 0);
	/* Another page's experiments are never chosen. */
	ran[0] = ran[2] = true;
	CHECK(lesson_flow_next(&lesson, 0, 2, ran) == LESSON_NO_EXPERIMENT);
	CHECK(lesson_flow_next(&lesson, 1, 3, ran) == LESSON_NO_EXPERIMENT);

	/* Finished: every experiment ran well and every prediction was made; else why, in words. */
	CHECK(!lesson_flow_finished(&lesson, ran, predicted, why, sizeof why));
	CHECK(strcmp(why, "the experiment on page 2 has not run to a good end; predictions 1, 2 and 3 were not made") == 0);
	ran[3] = true;
	predicted[0] = predicted[2] = true;
	CHECK(!lesson_flow_finished(&lesson, ran, predicted, why, sizeof why));
	CHECK(strcmp(why, "prediction 2 was not made") == 0);
	ran[0] = ran[1] = false;
	predicted[1] = true;
	CHECK(!lesson_flow_finished(&lesson, ran, predicted, why, sizeof why));
	CHECK(strcmp(why, "2 experiments have not run to a good end (the first on page 1)") == 0);
	ran[0] = ran[1] = true;
	CHECK(lesson_flow_finished(&lesson, ran, predicted, why, sizeof why));
	CHECK(strcmp(why, "") == 0);
	ran[1] = false;
	CHECK(!lesson_flow_finished(&lesson, ran, predicted, why, sizeof why));
	CHECK(strcmp(why, "the experiment gil on page 1 has not run to a good end") == 0);

	lesson_free(&lesson);
	return check_report("lesson_flow");
}
