/*
 * lesson.c: reads a lesson file (lessons/README.md describes the format)
 * into the data of lesson.h.
 *
 * The file is read line by line. A line is a comment (#), a fence (```)
 * opening or closing a code block, a directive ("word:" or "word LABEL:"),
 * a blank line, or text: prose, or the continuation of a question's text.
 * Questions may name experiments that come later, so they are checked
 * against the experiments once the whole file is read. The parser is
 * strict: anything it does not understand is an error at its line.
 */
#include "course/lesson.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/suggest.h"
#include "core/text.h"
#include "course/region.h"

#define LESSON_MAX_WORDS 64  /* words on a run: line */
#define LESSON_MAX_LABEL 32

/* A question's answer: line, kept until every experiment is known. */
struct pending_answer {
	size_t page, block;        /* where the question is */
	int line;                  /* of its answer: line */
	char *label;               /* A */
	char *other_label;         /* B, or NULL */
	bool language_named;       /* it began with "c" or "python" */
	int experiments_before;    /* experiments above the question */
};

struct parser {
	struct lesson *lesson;
	const char *source_root;
	char *why;
	size_t why_size;
	int line;                       /* the line being read */

	struct text_buffer paragraph;   /* prose being gathered */
	int paragraph_line;
	bool paragraph_bullet;

	bool in_question;               /* the last block is a question still being written */
	char **continued;               /* the question's text that a plain line continues */
	int question_line;
	int answer_line;                /* of the current question's answer:, or 0 */

	bool in_fence;
	int fence_line;
	enum lesson_code_origin fence_origin;
	char fence_label[LESSON_MAX_LABEL + 1]; /* a snippet's name */
	struct text_buffer code;

	struct pending_answer *answers;
	size_t answer_count;
};

/* The directives, in the order lessons/README.md lists them. */
static const char *const directives[] = {
	"title", "summary", "source", "page", "run", "measure", "code",
	"question", "answer", "choice", "explain",
};
#define DIRECTIVE_COUNT (sizeof directives / sizeof directives[0])

/* Writes "FILE:LINE: why" and returns -1. */
__attribute__((format(printf, 3, 4)))
static int fail(struct parser *p, int line, const char *format, ...)
{
	char reason[512];
	va_list args;

	va_start(args, format);
	vsnprintf(reason, sizeof reason, format, args);
	va_end(args);
	snprintf(p->why, p->why_size, "%s:%d: %s", p->lesson->name, line, reason);
	return -1;
}

static int out_of_memory(struct parser *p)
{
	return fail(p, p->line, "out of memory");
}

/* ---- building the lesson ---- */

static struct lesson_page *current_page(struct parser *p)
{
	return p->lesson->page_count > 0 ? &p->lesson->pages[p->lesson->page_count - 1] : NULL;
}

/* Appends an empty block of `kind` to the current page; NULL (with why) if there is no page. */
static struct lesson_block *add_block(struct parser *p, enum lesson_block_kind kind, int line)
{
	struct lesson_page *page = current_page(p);
	struct lesson_block *blocks;

	if (page == NULL) {
		fail(p, line, "this comes before the first page: start one with 'page: HEADING'");
		return NULL;
	}
	blocks = realloc(page->blocks, (page->block_count + 1) * sizeof *blocks);
	if (blocks == NULL) {
		out_of_memory(p);
		return NULL;
	}
	page->blocks = blocks;
	memset(&blocks[page->block_count], 0, sizeof blocks[0]);
	blocks[page->block_count].kind = kind;
	blocks[page->block_count].line = line;
	return &blocks[page->block_count++];
}

/* Appends `text` to *field, with a space between, as a paragraph joins its lines. */
static int append_words(struct parser *p, char **field, const char *text, size_t length)
{
	size_t old = *field != NULL ? strlen(*field) : 0;
	char *joined = realloc(*field, old + 1 + length + 1);

	if (joined == NULL)
		return out_of_memory(p);
	if (old > 0)
		joined[old++] = ' ';
	memcpy(joined + old, text, length);
	joined[old + length] = '\0';
	*field = joined;
	return 0;
}

/* Ends the paragraph being gathered, if any, as a prose block. */
static int flush_paragraph(struct parser *p)
{
	struct lesson_block *block;
	char *text;

	if (p->paragraph.length == 0 && !p->paragraph.failed)
		return 0;
	text = text_buffer_take(&p->paragraph);
	if (text == NULL)
		return out_of_memory(p);
	block = add_block(p, LESSON_PROSE, p->paragraph_line);
	if (block == NULL) {
		free(text);
		return -1;
	}
	block->prose.text = text;
	block->prose.bullet = p->paragraph_bullet;
	return 0;
}

static struct lesson_question *current_question(struct parser *p)
{
	struct lesson_page *page = current_page(p);

	return &page->blocks[page->block_count - 1].question;
}

/* Ends the question being written: it must have an answer and an explanation, and 0 or 2+ choices. */
static int end_question(struct parser *p)
{
	struct lesson_question *question;

	if (!p->in_question)
		return 0;
	p->in_question = false;
	p->continued = NULL;
	question = current_question(p);
	if (p->answer_line == 0)
		return fail(p, p->question_line, "the question has no 'answer:' line saying what measures it");
	if (question->explanation == NULL)
		return fail(p, p->question_line, "the question has no 'explain:' line to show with the measured answer");
	if (question->quantity == LESSON_OUTPUT && question->choice_count > 0)
		return fail(p, p->question_line, "an 'output of' question has no choices: the learner types what the snippet prints");
	if (question->choice_count == 1)
		return fail(p, p->question_line, "the question has one choice: give two or more, or none for a numeric guess");
	if (question->choice_count > 0 && !isinf(question->choices[question->choice_count - 1].high))
		return fail(p, p->question_line, "the last choice must be 'above %g: ...', so every measured value has a choice",
		    question->choices[question->choice_count - 1].high);
	return 0;
}

/* Ends whatever prose or question is open: a blank line, a fence or a directive does. */
static int end_open_blocks(struct parser *p)
{
	if (flush_paragraph(p) != 0)
		return -1;
	return end_question(p);
}

/* ---- directives at the top ---- */

static int set_header(struct parser *p, const char *directive, char **field, const char *value)
{
	if (p->lesson->page_count > 0)
		return fail(p, p->line, "'%s:' belongs at the top of the lesson, before the first page", directive);
	if (*field != NULL)
		return fail(p, p->line, "a second '%s:' line", directive);
	*field = strdup(value);
	return *field != NULL ? 0 : out_of_memory(p);
}

/* Checks the previous page has something on it. */
static int check_page_not_empty(struct parser *p)
{
	struct lesson_page *page = current_page(p);

	if (page != NULL && page->block_count == 0)
		return fail(p, page->line, "page \"%s\" is empty", page->heading);
	return 0;
}

static int start_page(struct parser *p, const char *heading)
{
	struct lesson *lesson = p->lesson;
	struct lesson_page *pages;

	if (check_page_not_empty(p) != 0)
		return -1;
	pages = realloc(lesson->pages, (lesson->page_count + 1) * sizeof *pages);
	if (pages == NULL)
		return out_of_memory(p);
	lesson->pages = pages;
	memset(&pages[lesson->page_count], 0, sizeof pages[0]);
	pages[lesson->page_count].line = p->line;
	pages[lesson->page_count].heading = strdup(heading);
	lesson->page_count++;
	return pages[lesson->page_count - 1].heading != NULL ? 0 : out_of_memory(p);
}

/* ---- experiments ---- */

static const struct lesson_experiment *find_experiment(struct parser *p, const char *label)
{
	for (size_t i = 0; i < p->lesson->page_count; i++) {
		const struct lesson_page *page = &p->lesson->pages[i];

		for (size_t k = 0; k < page->block_count; k++) {
			const struct lesson_block *block = &page->blocks[k];

			if (block->kind == LESSON_EXPERIMENT && block->experiment.label != NULL &&
			    strcmp(block->experiment.label, label) == 0)
				return &block->experiment;
		}
	}
	return NULL;
}

/* Adds an experiment block, at `line`, with its label checked; NULL (with why) on error. */
static struct lesson_experiment *add_experiment(struct parser *p, int line, const char *label, const char *command)
{
	struct lesson_block *block;
	struct lesson_experiment *experiment;

	if (label != NULL && find_experiment(p, label) != NULL) {
		fail(p, line, "a second experiment named \"%s\"", label);
		return NULL;
	}
	block = add_block(p, LESSON_EXPERIMENT, line);
	if (block == NULL)
		return NULL;
	experiment = &block->experiment;
	experiment->index = (int)p->lesson->experiment_count++;
	experiment->label = label != NULL ? strdup(label) : NULL;
	experiment->command = strdup(command);
	if ((label != NULL && experiment->label == NULL) || experiment->command == NULL) {
		out_of_memory(p);
		return NULL;
	}
	return experiment;
}

/* Options that choose how a run is shown or saved: the tutorial decides that, not the lesson. */
static const char *display_option(const struct run_options *options)
{
	if (options->plain)
		return "--plain";
	if (options->json)
		return "--json";
	if (options->trace_path != NULL)
		return "--trace";
	if (options->events_path != NULL)
		return "--events";
	if (options->width != 0)
		return "--width";
	return NULL;
}

/* run [LABEL]: TECHNIQUE [OPTIONS] */
static int add_run(struct parser *p, const char *label, const char *command)
{
	char *words[LESSON_MAX_WORDS];
	char *copy = strdup(command);
	char *save = NULL;
	struct run_options options;
	struct lesson_experiment *experiment;
	char reason[256];
	const char *display;
	int count = 0;

	if (copy == NULL)
		return out_of_memory(p);
	for (char *word = strtok_r(copy, " \t", &save); word != NULL; word = strtok_r(NULL, " \t", &save)) {
		if (count == LESSON_MAX_WORDS) {
			free(copy);
			return fail(p, p->line, "run: more than %d words", LESSON_MAX_WORDS);
		}
		words[count++] = word;
	}
	if (options_parse_run(&options, count, words, reason, sizeof reason) != 0) {
		free(copy);
		return fail(p, p->line, "%s", reason);
	}
	display = display_option(&options);
	free(copy);
	if (display != NULL)
		return fail(p, p->line, "%s: a lesson does not choose how its runs are shown or saved; the tutorial does", display);
	experiment = add_experiment(p, p->line, label, command);
	if (experiment == NULL)
		return -1;
	experiment->kind = LESSON_RUN;
	experiment->options = options;
	experiment->expect_failure = options.spec.fault.kind != FAULT_NONE;
	return 0;
}

/* measure [LABEL]: thread-start N | process-start N */
static int add_measure(struct parser *p, const char *label, const char *command)
{
	struct lesson_experiment *experiment;
	enum lesson_experiment_kind kind;
	size_t what = strcspn(command, " \t");
	const char *number = command + what + strspn(command + what, " \t");
	char *end;
	long count;

	if (what == 12 && strncmp(command, "thread-start", what) == 0)
		kind = LESSON_THREAD_START;
	else if (what == 13 && strncmp(command, "process-start", what) == 0)
		kind = LESSON_PROCESS_START;
	else
		return fail(p, p->line, "measure: expected 'thread-start N' or 'process-start N', not \"%s\"", command);
	count = strtol(number, &end, 10);
	if (end == number || *end != '\0' || count < 1 || count > LESSON_MAX_MEASURE_COUNT)
		return fail(p, p->line, "measure: expected a count from 1 to %d, not \"%s\"", LESSON_MAX_MEASURE_COUNT, number);
	experiment = add_experiment(p, p->line, label, command);
	if (experiment == NULL)
		return -1;
	experiment->kind = kind;
	experiment->count = (int)count;
	return 0;
}

/* ---- code ---- */

/* A file name relative to the source root, with no way out of it. */
static bool safe_relative_path(const char *path)
{
	if (path[0] == '\0' || path[0] == '/')
		return false;
	for (const char *part = path; part != NULL; part = strchr(part, '/')) {
		if (*part == '/')
			part++;
		if (strncmp(part, "..", 2) == 0 && (part[2] == '/' || part[2] == '\0'))
			return false;
	}
	return true;
}

/* code: FILE#REGION */
static int add_region_code(struct parser *p, const char *value)
{
	const char *hash = strchr(value, '#');
	struct lesson_block *block;
	struct lesson_code *code;
	enum region_style style;

	if (hash == NULL || hash == value || hash[1] == '\0')
		return fail(p, p->line, "code: expected FILE#REGION, like lib/spawn.c#spawn-loop, not \"%s\"", value);
	block = add_block(p, LESSON_CODE, p->line);
	if (block == NULL)
		return -1;
	code = &block->code;
	code->origin = LESSON_CODE_REGION;
	code->file = text_copy(value, (size_t)(hash - value));
	code->region = strdup(hash + 1);
	if (code->file == NULL || code->region == NULL)
		return out_of_memory(p);
	if (!safe_relative_path(code->file))
		return fail(p, p->line, "code: %s: name the file relative to the source root, like lib/spawn.c", code->file);
	if (region_style_for(code->file, &style) != 0)
		return fail(p, p->line, "code: %s: regions are marked only in .c, .h and .py files", code->file);
	code->language = style == REGION_C ? "c" : "python";
	if (p->source_root != NULL) {
		struct region region;
		char path[4096], reason[256];

		snprintf(path, sizeof path, "%s/%s", p->source_root, code->file);
		if (region_read(path, code->region, &region, reason, sizeof reason) != 0)
			return fail(p, p->line, "%s: %s", code->file, reason);
		code->text = region.text;
		code->first_line = region.first_line;
		code->last_line = region.last_line;
	}
	return 0;
}

static bool valid_label(const char *label);

/* ```python snippet NAME: the kind that runs where it stands, and that a question names. */
static int open_snippet(struct parser *p, int words, const char *name)
{
	if (words != 3)
		return fail(p, p->line, "a snippet is named, to be answered by its output: ```python snippet NAME");
	if (!valid_label(name))
		return fail(p, p->line, "snippet: a name is 1 to %d letters, digits, '-' or '_', not \"%s\"", LESSON_MAX_LABEL, name);
	snprintf(p->fence_label, sizeof p->fence_label, "%s", name);
	p->fence_origin = LESSON_CODE_SNIPPET;
	return 0;
}

/* ```LANGUAGE KIND [NAME] opens a code block. */
static int open_fence(struct parser *p, const char *header, size_t length)
{
	char language[16] = "", kind[16] = "", name[LESSON_MAX_LABEL + 2] = "", extra[2];
	char text[96];
	int words;

	text_trim(&header, &length);
	snprintf(text, sizeof text, "%.*s", (int)(length < 90 ? length : 90), header);
	words = sscanf(text, "%15s %15s %33s %1s", language, kind, name, extra);
	if (words != 2 && !(words == 3 && strcmp(kind, "snippet") == 0))
		return fail(p, p->line, "a code block begins with ```python and its kind (blog, corrected, example or snippet NAME), not ```%s", text);
	if (strcmp(language, "c") == 0)
		return fail(p, p->line, "C code is not copied into a lesson: show it from its source with 'code: lib/FOLDER/FILE.c#REGION'");
	if (strcmp(language, "python") != 0)
		return fail(p, p->line, "unknown language \"%s\": a code block begins with ```python and its kind (blog, corrected, example or snippet NAME)", language);
	if (strcmp(kind, "snippet") == 0) {
		if (open_snippet(p, words, name) != 0)
			return -1;
	} else if (strcmp(kind, "blog") == 0) {
		if (p->lesson->source == NULL)
			return fail(p, p->line, "a blog quote needs a 'source:' line at the top naming the post it quotes");
		p->fence_origin = LESSON_CODE_BLOG;
	} else if (strcmp(kind, "corrected") == 0) {
		p->fence_origin = LESSON_CODE_CORRECTED;
	} else if (strcmp(kind, "example") == 0) {
		p->fence_origin = LESSON_CODE_EXAMPLE;
	} else {
		return fail(p, p->line, "unknown kind of code \"%s\": use blog (quoted from the post), corrected, example or snippet NAME", kind);
	}
	if (current_page(p) == NULL)
		return fail(p, p->line, "this comes before the first page: start one with 'page: HEADING'");
	p->in_fence = true;
	p->fence_line = p->line;
	return 0;
}

/*
 * A snippet is two blocks: its code, shown, then the experiment that runs
 * it, where a question's answer comes from.
 */
static int add_snippet(struct parser *p, struct lesson_block *code_block)
{
	struct lesson_experiment *experiment;
	const char *text = code_block->code.text;
	size_t size = strlen(text);

	code_block->code.region = strdup(p->fence_label);
	if (code_block->code.region == NULL)
		return out_of_memory(p);
	if (size > LESSON_MAX_SNIPPET)
		return fail(p, p->fence_line, "the snippet is %zu bytes: keep it under %d, it is shown whole", size,
		    LESSON_MAX_SNIPPET);
	experiment = add_experiment(p, p->fence_line, p->fence_label, "python3");
	if (experiment == NULL)
		return -1;
	experiment->kind = LESSON_SNIPPET;
	experiment->code = strdup(text);
	return experiment->code != NULL ? 0 : out_of_memory(p);
}

static int close_fence(struct parser *p)
{
	struct lesson_block *block;
	char *text;

	p->in_fence = false;
	if (p->code.length == 0 && !p->code.failed)
		return fail(p, p->fence_line, "the code block is empty");
	text = text_buffer_take(&p->code);
	if (text == NULL)
		return out_of_memory(p);
	block = add_block(p, LESSON_CODE, p->fence_line);
	if (block == NULL) {
		free(text);
		return -1;
	}
	block->code.origin = p->fence_origin;
	block->code.language = "python";
	block->code.text = text;
	if (p->fence_origin == LESSON_CODE_SNIPPET)
		return add_snippet(p, block);
	return 0;
}

/* Inside a code block every line is code, kept exactly, until a line that is only ```. */
static int fence_line(struct parser *p, const char *line, size_t length)
{
	const char *trimmed = line;
	size_t trimmed_length = length;

	text_trim(&trimmed, &trimmed_length);
	if (length >= 3 && memcmp(line, "```", 3) == 0) {
		if (trimmed_length == 3)
			return close_fence(p);
		return fail(p, p->line, "a code block begins inside another: the one from line %d is not closed", p->fence_line);
	}
	text_buffer_append(&p->code, line, length);
	text_buffer_append_char(&p->code, '\n');
	return 0;
}

/* ---- questions ---- */

static int start_question(struct parser *p, const char *text)
{
	struct lesson_block *block = add_block(p, LESSON_QUESTION, p->line);
	struct lesson_question *question;

	if (block == NULL)
		return -1;
	question = &block->question;
	question->number = (int)++p->lesson->question_count;
	question->other = LESSON_NO_EXPERIMENT;
	question->text = strdup(text);
	if (question->text == NULL)
		return out_of_memory(p);
	p->in_question = true;
	p->continued = &question->text;
	p->question_line = p->line;
	p->answer_line = 0;
	return 0;
}

static int need_question(struct parser *p, const char *directive)
{
	if (!p->in_question)
		return fail(p, p->line, "'%s:' belongs to a question: put it under a 'question:' line, with no blank line between",
		    directive);
	return 0;
}

static bool valid_label(const char *label)
{
	size_t length = strlen(label);

	if (length == 0 || length > LESSON_MAX_LABEL)
		return false;
	for (size_t i = 0; i < length; i++) {
		char c = label[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* The forms of an answer: line (after "c" or "python", if any); A and B stand for experiments. */
static const struct answer_form {
	const char *words;
	enum lesson_quantity quantity;
} answer_forms[] = {
	{ "speedup of A over B", LESSON_SPEEDUP_OVER },
	{ "speedup of A", LESSON_SPEEDUP },
	{ "cpus busy in A", LESSON_CPUS_BUSY },
	{ "cost of A", LESSON_COST },
	{ "lost updates in A", LESSON_LOST_UPDATES },
	{ "waiting in A", LESSON_WAITING },
	{ "amdahl bound of A", LESSON_AMDAHL_BOUND },
	{ "serial share of A", LESSON_SERIAL_SHARE },
	{ "pickling cost in A", LESSON_PICKLING_COST },
	{ "output of A", LESSON_OUTPUT },
	{ "number printed by A", LESSON_PRINTED_NUMBER },
};
#define ANSWER_FORM_COUNT (sizeof answer_forms / sizeof answer_forms[0])
#define ANSWER_MAX_WORDS 8

/* Splits `text` at spaces into at most `max` words (copies in `buffer`); returns the count, or max + 1 if more. */
static int split_words(const char *text, char *buffer, size_t buffer_size, char **words, int max)
{
	char *save = NULL;
	int count = 0;

	snprintf(buffer, buffer_size, "%s", text);
	for (char *word = strtok_r(buffer, " \t", &save); word != NULL; word = strtok_r(NULL, " \t", &save)) {
		if (count == max)
			return max + 1;
		words[count++] = word;
	}
	return count;
}

/* Whether `words` are `form`'s; if so, *a and *b point to the experiments' names (b NULL if none). */
static bool match_form(const struct answer_form *form, char **words, int count, const char **a, const char **b)
{
	char buffer[64], *form_words[ANSWER_MAX_WORDS];
	int form_count = split_words(form->words, buffer, sizeof buffer, form_words, ANSWER_MAX_WORDS);

	if (form_count != count)
		return false;
	*a = *b = NULL;
	for (int i = 0; i < count; i++) {
		if (strcmp(form_words[i], "A") == 0)
			*a = words[i];
		else if (strcmp(form_words[i], "B") == 0)
			*b = words[i];
		else if (strcmp(form_words[i], words[i]) != 0)
			return false;
	}
	return true;
}

/* answer: [c|python] QUANTITY, one of answer_forms; checked against the experiments at the end. */
static int set_answer(struct parser *p, const char *value)
{
	struct lesson_question *question = current_question(p);
	struct pending_answer pending = { 0 };
	struct pending_answer *grown;
	char buffer[1024], *words[ANSWER_MAX_WORDS];
	const char *a = NULL, *b = NULL;
	int count, first = 0;
	size_t form;

	if (p->answer_line != 0)
		return fail(p, p->line, "a second 'answer:' line for this question");
	count = split_words(value, buffer, sizeof buffer, words, ANSWER_MAX_WORDS);
	question->language = LESSON_IN_C;
	if (count > 0 && count <= ANSWER_MAX_WORDS && (strcmp(words[0], "c") == 0 || strcmp(words[0], "python") == 0)) {
		question->language = words[0][0] == 'p' ? LESSON_IN_PYTHON : LESSON_IN_C;
		pending.language_named = true;
		first = 1;
	}
	for (form = 0; count <= ANSWER_MAX_WORDS && form < ANSWER_FORM_COUNT; form++) {
		if (match_form(&answer_forms[form], words + first, count - first, &a, &b))
			break;
	}
	if (count > ANSWER_MAX_WORDS || form == ANSWER_FORM_COUNT)
		return fail(p, p->line, "answer: expected what answers it, like 'speedup of RUN', 'python speedup of RUN', "
		    "'lost updates in RUN' or 'output of SNIPPET' (lessons/README.md lists them all), not \"%s\"", value);
	if (strlen(a) > LESSON_MAX_LABEL || (b != NULL && strlen(b) > LESSON_MAX_LABEL))
		return fail(p, p->line, "answer: an experiment's name is at most %d characters", LESSON_MAX_LABEL);
	question->quantity = answer_forms[form].quantity;
	if (question->quantity == LESSON_OUTPUT || question->quantity == LESSON_PRINTED_NUMBER)
		question->language = LESSON_IN_PYTHON; /* a snippet runs under python3 */
	pending.label = strdup(a);
	pending.other_label = b != NULL ? strdup(b) : NULL;
	if (pending.label == NULL || (b != NULL && pending.other_label == NULL)) {
		free(pending.label);
		free(pending.other_label);
		return out_of_memory(p);
	}
	grown = realloc(p->answers, (p->answer_count + 1) * sizeof *grown);
	if (grown == NULL) {
		free(pending.label);
		free(pending.other_label);
		return out_of_memory(p);
	}
	p->answers = grown;
	pending.page = p->lesson->page_count - 1;
	pending.block = current_page(p)->block_count - 1;
	pending.line = p->line;
	pending.experiments_before = (int)p->lesson->experiment_count;
	p->answers[p->answer_count++] = pending;
	p->answer_line = p->line;
	p->continued = NULL;
	return 0;
}

/* Reads a number that must fill `text`; false if it does not. */
static bool parse_bound(const char *text, double *value)
{
	char *end;

	*value = strtod(text, &end);
	return end != text && *end == '\0' && isfinite(*value);
}

/* choice: below X: TEXT | X to Y: TEXT | above X: TEXT, in order, with no gap between them. */
static int add_choice(struct parser *p, const char *value)
{
	struct lesson_question *question = current_question(p);
	const char *colon = strstr(value, ": ");
	char range[64], a[32], b[32], c[32], extra[2];
	double low = -INFINITY, high = INFINITY;
	struct lesson_choice *choices;
	int words;

	if (p->answer_line != 0 && question->quantity == LESSON_OUTPUT)
		return fail(p, p->line, "choice: an 'output of' question has no choices: the learner types what the snippet prints");
	if (colon == NULL || colon == value || colon - value >= (long)sizeof range)
		return fail(p, p->line, "choice: expected 'below X: TEXT', 'X to Y: TEXT' or 'above X: TEXT'");
	snprintf(range, sizeof range, "%.*s", (int)(colon - value), value);
	words = sscanf(range, "%31s %31s %31s %1s", a, b, c, extra);
	if (words == 2 && strcmp(a, "below") == 0 && parse_bound(b, &high)) {
		if (question->choice_count > 0)
			return fail(p, p->line, "choice: only the first choice is 'below X'");
	} else if (words == 2 && strcmp(a, "above") == 0 && parse_bound(b, &low)) {
		;
	} else if (words == 3 && strcmp(b, "to") == 0 && parse_bound(a, &low) && parse_bound(c, &high)) {
		if (low >= high)
			return fail(p, p->line, "choice: %s to %s is an empty range", a, c);
	} else {
		return fail(p, p->line, "choice: expected 'below X', 'X to Y' or 'above X' before the colon, not \"%s\"", range);
	}
	if (question->choice_count == LESSON_MAX_CHOICES)
		return fail(p, p->line, "choice: a question has at most %d choices (a to z)", LESSON_MAX_CHOICES);
	if (question->choice_count == 0 && !isinf(low))
		return fail(p, p->line, "choice: the first choice must be 'below X: ...', so every measured value has a choice");
	if (question->choice_count > 0) {
		const struct lesson_choice *previous = &question->choices[question->choice_count - 1];

		if (isinf(previous->high))
			return fail(p, p->line, "choice: nothing can come after an 'above' choice");
		if (low != previous->high)
			return fail(p, p->line, "choice: this choice must start where the one before ends (%g)", previous->high);
	}
	choices = realloc(question->choices, (question->choice_count + 1) * sizeof *choices);
	if (choices == NULL)
		return out_of_memory(p);
	question->choices = choices;
	choices[question->choice_count] = (struct lesson_choice){ .low = low, .high = high, .text = strdup(colon + 2) };
	if (choices[question->choice_count].text == NULL)
		return out_of_memory(p);
	p->continued = &choices[question->choice_count++].text;
	return 0;
}

static int set_explanation(struct parser *p, const char *value)
{
	struct lesson_question *question = current_question(p);

	if (question->explanation != NULL)
		return fail(p, p->line, "a second 'explain:' line for this question");
	question->explanation = strdup(value);
	if (question->explanation == NULL)
		return out_of_memory(p);
	p->continued = &question->explanation;
	return 0;
}

/* ---- lines ---- */

static bool takes_label(const char *directive)
{
	return strcmp(directive, "run") == 0 || strcmp(directive, "measure") == 0;
}

static bool known_directive(const char *word)
{
	for (size_t i = 0; i < DIRECTIVE_COUNT; i++) {
		if (strcmp(word, directives[i]) == 0)
			return true;
	}
	return false;
}

/*
 * Recognises "word: value" and, for run and measure, "word LABEL: value".
 * The colon must end the line or be followed by a space, so "http://" and
 * "e.g.:" stay prose.
 */
static bool split_directive(const char *line, size_t length, char *word, size_t word_size,
    char *label, size_t label_size, const char **value)
{
	size_t i = 0, start;

	while (i < length && ((line[i] >= 'a' && line[i] <= 'z') || (i > 0 && line[i] == '-')))
		i++;
	if (i == 0 || i >= word_size)
		return false;
	memcpy(word, line, i);
	word[i] = '\0';
	label[0] = '\0';
	if (i < length && line[i] == ' ' && takes_label(word)) {
		start = ++i;
		while (i < length && line[i] != ':' && line[i] != ' ')
			i++;
		if (i == start || i - start >= label_size)
			return false;
		memcpy(label, line + start, i - start);
		label[i - start] = '\0';
	}
	if (i >= length || line[i] != ':' || (i + 1 < length && line[i + 1] != ' '))
		return false;
	*value = line + i + 1;
	return true;
}

static int unknown_directive(struct parser *p, const char *word)
{
	const char *guess = suggest_closest(word, directives, DIRECTIVE_COUNT);

	if (guess != NULL)
		return fail(p, p->line, "unknown directive \"%s:\" (did you mean \"%s:\"?); "
		    "a prose line that starts like this begins with a backslash", word, guess);
	return fail(p, p->line, "unknown directive \"%s:\"; see lessons/README.md "
	    "(a prose line that starts like this begins with a backslash)", word);
}

static int directive_line(struct parser *p, const char *word, const char *label, const char *value)
{
	bool question_part = strcmp(word, "answer") == 0 || strcmp(word, "choice") == 0 || strcmp(word, "explain") == 0;

	if (!question_part && end_open_blocks(p) != 0)
		return -1;
	if (question_part && flush_paragraph(p) != 0)
		return -1;
	if (label[0] != '\0' && !valid_label(label))
		return fail(p, p->line, "%s: a name is 1 to %d letters, digits, '-' or '_', not \"%s\"", word, LESSON_MAX_LABEL, label);
	if (value[0] == '\0')
		return fail(p, p->line, "'%s:' needs a value", word);
	if (strcmp(word, "title") == 0)
		return set_header(p, word, &p->lesson->title, value);
	if (strcmp(word, "summary") == 0)
		return set_header(p, word, &p->lesson->summary, value);
	if (strcmp(word, "source") == 0)
		return set_header(p, word, &p->lesson->source, value);
	if (strcmp(word, "page") == 0)
		return start_page(p, value);
	if (strcmp(word, "run") == 0)
		return add_run(p, label[0] ? label : NULL, value);
	if (strcmp(word, "measure") == 0)
		return add_measure(p, label[0] ? label : NULL, value);
	if (strcmp(word, "code") == 0)
		return add_region_code(p, value);
	if (strcmp(word, "question") == 0)
		return start_question(p, value);
	if (need_question(p, word) != 0)
		return -1;
	if (strcmp(word, "answer") == 0)
		return set_answer(p, value);
	if (strcmp(word, "choice") == 0)
		return add_choice(p, value);
	return set_explanation(p, value);
}

/* A line of text: it continues a question, or it is prose. */
static int text_line(struct parser *p, const char *line, size_t length)
{
	bool bullet = length >= 2 && line[0] == '-' && line[1] == ' ';

	if (p->in_question) {
		if (p->continued == NULL)
			return fail(p, p->line, "this line continues nothing: only a question's text, choices and explanation go on over lines");
		return append_words(p, p->continued, line, length);
	}
	if (bullet) {
		if (flush_paragraph(p) != 0)
			return -1;
		line += 2;
		length -= 2;
		text_trim(&line, &length);
	}
	if (length > 0 && line[0] == '\\') { /* an escaped line: prose that would look like a directive */
		line++;
		length--;
	}
	if (p->paragraph.length == 0) {
		p->paragraph_line = p->line;
		p->paragraph_bullet = bullet;
	} else {
		text_buffer_append_char(&p->paragraph, ' ');
	}
	text_buffer_append(&p->paragraph, line, length);
	return 0;
}

static int parse_line(struct parser *p, const char *line, size_t length)
{
	const char *trimmed = line;
	size_t trimmed_length = length;
	char word[16], label[LESSON_MAX_LABEL + 2], value[1024];
	const char *rest;

	if (memchr(line, '\0', length) != NULL)
		return fail(p, p->line, "the line holds a NUL byte: a lesson is text");
	if (p->in_fence)
		return fence_line(p, line, length);
	text_trim(&trimmed, &trimmed_length);
	if (trimmed_length == 0)
		return end_open_blocks(p);
	if (line[0] == '#')
		return 0;
	if (length >= 3 && memcmp(line, "```", 3) == 0) {
		if (end_open_blocks(p) != 0)
			return -1;
		return open_fence(p, line + 3, length - 3);
	}
	if (split_directive(line, length, word, sizeof word, label, sizeof label, &rest)) {
		size_t value_length = length - (size_t)(rest - line);

		/*
		 * Inside a paragraph or a question's text, "word:" may be prose that
		 * wrapped there ("run time: ..."). A mistyped part of a question is
		 * still caught: the question then lacks it.
		 */
		if (!known_directive(word) && (p->paragraph.length > 0 || (p->in_question && p->continued != NULL)))
			return text_line(p, trimmed, trimmed_length);
		if (!known_directive(word))
			return unknown_directive(p, word);
		text_trim(&rest, &value_length);
		if (value_length >= sizeof value)
			return fail(p, p->line, "'%s:' line is longer than %zu characters", word, sizeof value - 1);
		memcpy(value, rest, value_length);
		value[value_length] = '\0';
		return directive_line(p, word, label, value);
	}
	return text_line(p, trimmed, trimmed_length);
}

/* ---- after the last line ---- */

static const struct lesson_experiment *resolve_label(struct parser *p, const struct pending_answer *pending,
    const char *label)
{
	const struct lesson_experiment *experiment = find_experiment(p, label);
	const char **labels;
	const char *guess = NULL;
	size_t count = 0;

	if (experiment != NULL)
		return experiment;
	labels = calloc(p->lesson->experiment_count + 1, sizeof *labels);
	for (size_t i = 0; labels != NULL && i < p->lesson->page_count; i++) {
		for (size_t k = 0; k < p->lesson->pages[i].block_count; k++) {
			const struct lesson_block *block = &p->lesson->pages[i].blocks[k];

			if (block->kind == LESSON_EXPERIMENT && block->experiment.label != NULL)
				labels[count++] = block->experiment.label;
		}
	}
	if (labels != NULL)
		guess = suggest_closest(label, labels, count);
	if (guess != NULL)
		fail(p, pending->line, "answer: no experiment named \"%s\" (did you mean \"%s\"?)", label, guess);
	else
		fail(p, pending->line, "answer: no experiment named \"%s\": name one with 'run %s: ...' or 'measure %s: ...'",
		    label, label, label);
	free(labels);
	return NULL;
}

/* The words of an answer of `quantity`, with its experiments' names: "speedup of gil". */
static void form_text(enum lesson_quantity quantity, const struct pending_answer *pending, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < ANSWER_FORM_COUNT; i++) {
		char buffer[64], *words[ANSWER_MAX_WORDS];
		int count;

		if (answer_forms[i].quantity != quantity)
			continue;
		count = split_words(answer_forms[i].words, buffer, sizeof buffer, words, ANSWER_MAX_WORDS);
		for (int k = 0; k < count && used < size; k++) {
			const char *word = strcmp(words[k], "A") == 0 ? pending->label :
			    strcmp(words[k], "B") == 0 ? pending->other_label : words[k];

			used += (size_t)snprintf(out + used, size - used, "%s%s", k > 0 ? " " : "", word);
		}
		return;
	}
}

static bool is_run(const struct lesson_experiment *experiment)
{
	return experiment->kind == LESSON_RUN;
}

static bool is_measure(const struct lesson_experiment *experiment)
{
	return experiment->kind == LESSON_THREAD_START || experiment->kind == LESSON_PROCESS_START;
}

/*
 * Which run answers: a run with --python has two, and the answer must name
 * one ("c ..." or "python ..."); "python" needs --python. Measures and
 * snippets have one, and take no name.
 */
static int check_language(struct parser *p, const struct pending_answer *pending,
    const struct lesson_question *question, const struct lesson_experiment *a, const struct lesson_experiment *b)
{
	bool snippet = question->quantity == LESSON_OUTPUT || question->quantity == LESSON_PRINTED_NUMBER;
	bool in_python = question->language == LESSON_IN_PYTHON;

	if (snippet || !is_run(a) || (b != NULL && !is_run(b))) {
		if (pending->language_named)
			return fail(p, pending->line, "answer: 'c' and 'python' choose between a run and its --python version; "
			    "%s is a %s", !is_run(a) || snippet ? a->label : b->label, snippet ? "snippet (Python already)" : "measure (C)");
		return 0;
	}
	if (in_python && !a->options.python)
		return fail(p, pending->line, "answer: python ...: %s has no Python version: add --python to its 'run:' line", a->label);
	if (in_python && b != NULL && !b->options.python)
		return fail(p, pending->line, "answer: python ...: %s has no Python version: add --python to its 'run:' line", b->label);
	if (!pending->language_named && (a->options.python || (b != NULL && b->options.python))) {
		char form[128];

		form_text(question->quantity, pending, form, sizeof form);
		return fail(p, pending->line, "answer: %s runs in C and in Python (--python): say which run answers, "
		    "'c %s' or 'python %s'", a->options.python ? a->label : b->label, form, form);
	}
	return 0;
}

/* A run with a serial part and its baseline, for Amdahl's law. */
static int need_serial_part(struct parser *p, const struct pending_answer *pending, const struct lesson_experiment *a)
{
	if (!is_run(a) || a->options.spec.serial_ms == 0 || !a->options.compare)
		return fail(p, pending->line, "answer: Amdahl's law needs a run with a serial part and its baseline: "
		    "add --serial-ms N and --compare to %s's 'run:' line", a->label);
	return 0;
}

/* Checks that the experiments can measure what the question asks. */
static int check_answer_kinds(struct parser *p, const struct pending_answer *pending,
    const struct lesson_question *question, const struct lesson_experiment *a,
    const struct lesson_experiment *b)
{
	if (a->expect_failure || (b != NULL && b->expect_failure))
		return fail(p, pending->line, "answer: %s runs with --fault: its failure is the lesson, it cannot answer a question",
		    a->expect_failure ? a->label : b->label);
	if (check_language(p, pending, question, a, b) != 0)
		return -1;
	switch (question->quantity) {
	case LESSON_SPEEDUP:
		if (!is_run(a) || !a->options.compare)
			return fail(p, pending->line, "answer: speedup of %s needs a sequential baseline: add --compare to its 'run:' line",
			    a->label);
		break;
	case LESSON_SPEEDUP_OVER:
		if (a == b)
			return fail(p, pending->line, "answer: %s is compared with itself", a->label);
		if (is_run(a) != is_run(b) || is_measure(a) != is_measure(b) || a->kind == LESSON_SNIPPET ||
		    b->kind == LESSON_SNIPPET)
			return fail(p, pending->line, "answer: %s and %s measure different things: compare two runs, or two measures",
			    a->label, b->label);
		break;
	case LESSON_CPUS_BUSY:
	case LESSON_WAITING:
		if (!is_run(a))
			return fail(p, pending->line, "answer: %s: it is not a run", a->label);
		break;
	case LESSON_COST:
		if (!is_measure(a))
			return fail(p, pending->line, "answer: cost of %s: cost is of a 'measure:' (thread-start or process-start)", a->label);
		break;
	case LESSON_LOST_UPDATES:
		if (!is_run(a) || a->options.spec.technique != TECHNIQUE_RACE)
			return fail(p, pending->line, "answer: lost updates in %s: only technique race counts lost updates", a->label);
		break;
	case LESSON_AMDAHL_BOUND:
	case LESSON_SERIAL_SHARE:
		return need_serial_part(p, pending, a);
	case LESSON_PICKLING_COST:
		if (!is_run(a) || a->options.spec.technique != TECHNIQUE_POOL || a->options.spec.arg_kb == 0 ||
		    question->language != LESSON_IN_PYTHON)
			return fail(p, pending->line, "answer: only Python pickles a pool's arguments: ask 'python pickling cost in %s' "
			    "of a 'run: pool ... --arg-kb N --python'", a->label);
		break;
	case LESSON_OUTPUT:
	case LESSON_PRINTED_NUMBER:
		if (a->kind != LESSON_SNIPPET)
			return fail(p, pending->line, "answer: %s is not a snippet: what it prints is asked of a ```python snippet %s block",
			    a->label, a->label);
		break;
	}
	return 0;
}

static int resolve_answers(struct parser *p)
{
	for (size_t i = 0; i < p->answer_count; i++) {
		const struct pending_answer *pending = &p->answers[i];
		struct lesson_question *question = &p->lesson->pages[pending->page].blocks[pending->block].question;
		const struct lesson_experiment *a = resolve_label(p, pending, pending->label);
		const struct lesson_experiment *b = NULL;

		if (a == NULL)
			return -1;
		if (pending->other_label != NULL && (b = resolve_label(p, pending, pending->other_label)) == NULL)
			return -1;
		if (check_answer_kinds(p, pending, question, a, b) != 0)
			return -1;
		question->experiment = a->index;
		question->of_a_run = is_run(a);
		question->other = b != NULL ? b->index : LESSON_NO_EXPERIMENT;
		question->answered_after = b != NULL && b->index > a->index ? b->index : a->index;
		if (question->answered_after < pending->experiments_before)
			return fail(p, pending->line, "answer: the question comes after the experiment that answers it; "
			    "ask for a prediction before the run");
	}
	return 0;
}

/* Builds the lookup tables from experiment index and question number to the blocks. */
static int index_lesson(struct parser *p)
{
	struct lesson *lesson = p->lesson;

	lesson->experiments = calloc(lesson->experiment_count + 1, sizeof *lesson->experiments);
	lesson->questions = calloc(lesson->question_count + 1, sizeof *lesson->questions);
	if (lesson->experiments == NULL || lesson->questions == NULL)
		return out_of_memory(p);
	for (size_t i = 0; i < lesson->page_count; i++) {
		for (size_t k = 0; k < lesson->pages[i].block_count; k++) {
			const struct lesson_block *block = &lesson->pages[i].blocks[k];

			if (block->kind == LESSON_EXPERIMENT)
				lesson->experiments[block->experiment.index] = &block->experiment;
			else if (block->kind == LESSON_QUESTION)
				lesson->questions[block->question.number - 1] = &block->question;
		}
	}
	return 0;
}

static int finish(struct parser *p)
{
	if (p->in_fence)
		return fail(p, p->fence_line, "the code block is never closed (no ``` line after it)");
	if (end_open_blocks(p) != 0)
		return -1;
	if (p->lesson->title == NULL)
		return fail(p, 1, "the lesson has no 'title:' line");
	if (p->lesson->summary == NULL)
		return fail(p, 1, "the lesson has no 'summary:' line (one line for the lesson list)");
	if (p->lesson->page_count == 0)
		return fail(p, p->line > 0 ? p->line : 1, "the lesson has no pages: start one with 'page: HEADING'");
	if (check_page_not_empty(p) != 0)
		return -1;
	if (resolve_answers(p) != 0)
		return -1;
	return index_lesson(p);
}

int lesson_parse_buffer(struct lesson *lesson, const char *name, const char *data, size_t size,
    const char *source_root, char *why, size_t why_size)
{
	struct parser p = { .lesson = lesson, .source_root = source_root, .why = why, .why_size = why_size };
	struct text_lines lines;
	const char *line;
	size_t length;
	int rc = 0;

	memset(lesson, 0, sizeof *lesson);
	lesson->name = strdup(name);
	if (lesson->name == NULL) {
		snprintf(why, why_size, "%s: out of memory", name);
		return -1;
	}
	text_lines_init(&lines, data, size);
	while (rc == 0 && text_lines_next(&lines, &line, &length)) {
		p.line = lines.number;
		rc = parse_line(&p, line, length);
	}
	if (rc == 0)
		rc = finish(&p);
	text_buffer_free(&p.paragraph);
	text_buffer_free(&p.code);
	for (size_t i = 0; i < p.answer_count; i++) {
		free(p.answers[i].label);
		free(p.answers[i].other_label);
	}
	free(p.answers);
	if (rc != 0)
		lesson_free(lesson);
	return rc;
}

int lesson_parse_file(struct lesson *lesson, const char *path, const char *source_root, char *why,
    size_t why_size)
{
	char reason[256];
	char *data;
	size_t size;
	int rc;

	memset(lesson, 0, sizeof *lesson);
	if (text_read_file(path, &data, &size, reason, sizeof reason) != 0) {
		snprintf(why, why_size, "%s: cannot read it: %s", path, reason);
		return -1;
	}
	/* A lesson may come from a stranger: nothing in it may drive the learner's terminal. */
	size = text_sanitize(data, size);
	rc = lesson_parse_buffer(lesson, path, data, size, source_root, why, why_size);
	free(data);
	return rc;
}

static void free_block(struct lesson_block *block)
{
	switch (block->kind) {
	case LESSON_PROSE:
		free(block->prose.text);
		break;
	case LESSON_CODE:
		free(block->code.text);
		free(block->code.file);
		free(block->code.region);
		break;
	case LESSON_EXPERIMENT:
		free(block->experiment.label);
		free(block->experiment.command);
		free(block->experiment.code);
		break;
	case LESSON_QUESTION:
		free(block->question.text);
		for (size_t i = 0; i < block->question.choice_count; i++)
			free(block->question.choices[i].text);
		free(block->question.choices);
		free(block->question.explanation);
		break;
	}
}

void lesson_free(struct lesson *lesson)
{
	for (size_t i = 0; i < lesson->page_count; i++) {
		for (size_t k = 0; k < lesson->pages[i].block_count; k++)
			free_block(&lesson->pages[i].blocks[k]);
		free(lesson->pages[i].blocks);
		free(lesson->pages[i].heading);
	}
	free(lesson->pages);
	free(lesson->experiments);
	free(lesson->questions);
	free(lesson->name);
	free(lesson->title);
	free(lesson->summary);
	free(lesson->source);
	memset(lesson, 0, sizeof *lesson);
}
