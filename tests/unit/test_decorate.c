/* test_decorate.c: wrappers compose, keep the wrapped name, and futures deliver results and failures. */
#include <string.h>

#include "check.h"
#include "techniques/decorate.h"

struct square_call {
	int input;
	int output;
	int error; /* what Python would raise */
};

static void *square(void *arg)
{
	struct square_call *call = arg;

	if (call->input < 0)
		call->error = 1;
	else
		call->output = call->input * call->input;
	return call;
}

DEFINE_CONCURRENT(square)

static void test_concurrent_returns_a_future(void)
{
	struct callable plain = decorate_callable_function("square", square);
	struct callable parallel = decorate_concurrent(&plain);
	struct square_call calls[8];
	struct future *futures[8];

	CHECK(strcmp(parallel.name, "square") == 0); /* functools.wraps */
	for (int i = 0; i < 8; i++) {
		calls[i] = (struct square_call){ .input = i == 5 ? -1 : i };
		futures[i] = decorate_callable_call(&parallel, &calls[i]);
		CHECK(futures[i] != NULL);
	}
	for (int i = 0; i < 8; i++) {
		struct square_call *result = decorate_future_result(futures[i]);

		CHECK(result == &calls[i]);
		if (i == 5)
			CHECK(result->error == 1); /* the failure reached the caller */
		else
			CHECK(result->output == i * i);
	}
}

static void test_wrappers_compose(void)
{
	struct timer_totals totals = { 0 };
	struct callable plain = decorate_callable_function("square", square);
	struct callable timed_square = decorate_timed(&plain, &totals);
	struct callable outer = decorate_concurrent(&timed_square);
	struct callable inner_first = decorate_timed(&outer, &totals);
	struct square_call call = { .input = 7 };
	char description[96];
	struct future *future;

	decorate_callable_describe(&outer, description, sizeof description);
	CHECK(strcmp(description, "concurrent(timed(square))") == 0);
	decorate_callable_describe(&inner_first, description, sizeof description);
	CHECK(strcmp(description, "timed(concurrent(timed(square)))") == 0);
	CHECK(strcmp(inner_first.name, "square") == 0);
	CHECK(inner_first.wrapped == &outer && outer.wrapped == &timed_square);

	future = decorate_callable_call(&outer, &call);
	CHECK(future != NULL);
	CHECK(((struct square_call *)decorate_future_result(future))->output == 49);
	CHECK(totals.calls == 1);
	CHECK(totals.total_ns > 0);

	/* A description never overflows its buffer. */
	decorate_callable_describe(&inner_first, description, 10);
	CHECK(strlen(description) < 10);
}

static void test_preprocessor_wrapper(void)
{
	struct square_call call = { .input = 12 };
	struct future *future = square_concurrent(&call);

	CHECK(future != NULL);
	CHECK(((struct square_call *)decorate_future_result(future))->output == 144);
}

int main(void)
{
	test_concurrent_returns_a_future();
	test_wrappers_compose();
	test_preprocessor_wrapper();
	return check_report("decorate");
}
