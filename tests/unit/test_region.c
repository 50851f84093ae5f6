/* test_region.c: marked regions are found, nested markers left out, and every broken marker reported. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "course/region.h"

static int extract(const char *text, enum region_style style, const char *name, struct region *region,
    char *why, size_t why_size)
{
	return region_extract(text, strlen(text), style, name, region, why, why_size);
}

static void test_c_region(void)
{
	const char *text =
	    "#include <stdio.h>\n"
	    "/* region: hello */\n"
	    "int hello(void)\n"
	    "{\n"
	    "\treturn puts(\"hello\");  \n"
	    "\t/* endregion */\n"
	    "}\n";
	struct region region;
	char why[256];

	CHECK(extract(text, REGION_C, "hello", &region, why, sizeof why) == 0);
	CHECK(strcmp(region.text, "int hello(void)\n{\n\treturn puts(\"hello\");  \n") == 0);
	CHECK(region.first_line == 3 && region.last_line == 5);
	region_free(&region);
}

static void test_python_region(void)
{
	const char *text =
	    "import threading\n"
	    "# region: spawn\n"
	    "def spawn(count):\n"
	    "\n"
	    "    return [threading.Thread() for _ in range(count)]\n"
	    "# endregion\n";
	struct region region;
	char why[256];

	CHECK(extract(text, REGION_PYTHON, "spawn", &region, why, sizeof why) == 0);
	CHECK(strcmp(region.text, "def spawn(count):\n\n    return [threading.Thread() for _ in range(count)]\n") == 0);
	CHECK(region.first_line == 3 && region.last_line == 5);
	region_free(&region);
	/* C markers mean nothing in Python, and the other way round. */
	CHECK(extract(text, REGION_C, "spawn", &region, why, sizeof why) == -1);
	CHECK(strcmp(why, "no region \"spawn\": the file has no region markers") == 0);
}

static void test_nested_regions(void)
{
	const char *text =
	    "/* region: outer */\n"
	    "a\n"
	    "   /* region: inner */\n"
	    "b\n"
	    "   /* endregion */\n"
	    "c\n"
	    "/* endregion */\n";
	struct region region;
	char why[256];

	CHECK(extract(text, REGION_C, "outer", &region, why, sizeof why) == 0);
	CHECK(strcmp(region.text, "a\nb\nc\n") == 0);
	CHECK(region.first_line == 2 && region.last_line == 6);
	region_free(&region);
	CHECK(extract(text, REGION_C, "inner", &region, why, sizeof why) == 0);
	CHECK(strcmp(region.text, "b\n") == 0);
	CHECK(region.first_line == 4 && region.last_line == 4);
	region_free(&region);
}

static void test_markers_must_stand_alone(void)
{
	const char *text =
	    "int x; /* region: not-a-marker */\n"
	    "/* a region: of prose, not a marker */\n"
	    "/* region: real */\n"
	    "int y;\n"
	    "/* endregion */\n";
	struct region region;
	char why[256];

	CHECK(extract(text, REGION_C, "real", &region, why, sizeof why) == 0);
	CHECK(strcmp(region.text, "int y;\n") == 0);
	region_free(&region);
	CHECK(extract(text, REGION_C, "not-a-marker", &region, why, sizeof why) == -1);
}

static void test_missing_region_suggests(void)
{
	const char *text = "/* region: concurrent */\nx\n/* endregion */\n/* region: decorate-run */\ny\n/* endregion */\n";
	struct region region;
	char why[256];

	CHECK(extract(text, REGION_C, "concurent", &region, why, sizeof why) == -1);
	CHECK(strcmp(why, "no region \"concurent\" (did you mean \"concurrent\"?)") == 0);
	CHECK(region.text == NULL);
	CHECK(extract(text, REGION_C, "pool", &region, why, sizeof why) == -1);
	CHECK(strcmp(why, "no region \"pool\" (its regions: concurrent, decorate-run)") == 0);
}

static void test_broken_markers(void)
{
	struct region region;
	char why[256];

	CHECK(extract("/* region: open */\nx\n", REGION_C, "open", &region, why, sizeof why) == -1);
	CHECK(strcmp(why, "line 1: region \"open\" is never closed (no endregion marker after it)") == 0);
	CHECK(extract("x\n/* endregion */\n", REGION_C, "x", &region, why, sizeof why) == -1);
	CHECK(strcmp(why, "line 2: an endregion marker without a region") == 0);
	CHECK(extract("# region: a\n1\n# endregion\n# region: a\n2\n# endregion\n", REGION_PYTHON, "a", &region,
	    why, sizeof why) == -1);
	CHECK(strcmp(why, "line 4: a second region \"a\" (the first begins on line 1)") == 0);
	CHECK(extract("/* region: two words */\nx\n/* endregion */\n", REGION_C, "two", &region, why, sizeof why) == -1);
	CHECK(strncmp(why, "line 1: a region name is", 24) == 0);
	CHECK(extract("/* region: */\nx\n/* endregion */\n", REGION_C, "", &region, why, sizeof why) == -1);
	CHECK(extract("/* region: empty */\n/* endregion */\n", REGION_C, "empty", &region, why, sizeof why) == -1);
	CHECK(strcmp(why, "line 1: region \"empty\" is empty") == 0);
	/* A broken marker elsewhere in the file is reported too. */
	CHECK(extract("/* region: ok */\nx\n/* endregion */\n/* endregion */\n", REGION_C, "ok", &region, why,
	    sizeof why) == -1);
	CHECK(strcmp(why, "line 4: an endregion marker without a region") == 0);
}

static void test_style_and_files(void)
{
	enum region_style style;
	struct region region;
	char path[] = "/tmp/metaconc-test-region-XXXXXX.c";
	char why[256];
	int fd;

	CHECK(region_style_for("lib/spawn.c", &style) == 0 && style == REGION_C);
	CHECK(region_style_for("lib/spawn.h", &style) == 0 && style == REGION_C);
	CHECK(region_style_for("python/spawn.py", &style) == 0 && style == REGION_PYTHON);
	CHECK(region_style_for("README.md", &style) == -1);
	CHECK(region_style_for("Makefile", &style) == -1);

	fd = mkstemps(path, 2);
	CHECK(fd >= 0);
	CHECK(write(fd, "/* region: r */\nint r;\n/* endregion */\n", 39) == 39);
	close(fd);
	CHECK(region_read(path, "r", &region, why, sizeof why) == 0);
	CHECK(strcmp(region.text, "int r;\n") == 0);
	region_free(&region);
	unlink(path);
	CHECK(region_read(path, "r", &region, why, sizeof why) == -1);
	CHECK(strcmp(why, "No such file or directory") == 0);
	CHECK(region_read("notes.txt", "r", &region, why, sizeof why) == -1);
	CHECK(strcmp(why, "regions are marked only in .c, .h and .py files") == 0);
}

int main(void)
{
	test_c_region();
	test_python_region();
	test_nested_regions();
	test_markers_must_stand_alone();
	test_missing_region_suggests();
	test_broken_markers();
	test_style_and_files();
	return check_report("region");
}
