/*
 * replay.c: runs a fuzz target on files, without libFuzzer.
 *
 *     build/fuzz/replay-lesson lessons/01-concurrency-vs-parallelism.lesson
 *
 * Linked with one fuzz_*.c, it reads each file whole and hands it to that
 * target's LLVMFuzzerTestOneInput, exactly as the fuzzer did. The normal
 * build makes one per target, so the seed corpus and every input that once
 * crashed are replayed by `make test` (tests/fuzz.bats).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int replay(const char *path)
{
	FILE *in = fopen(path, "rb");
	char *data = NULL;
	size_t size = 0, capacity = 0, n;

	if (in == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (size == capacity) {
			char *grown = realloc(data, capacity = capacity * 2 + 4096);

			if (grown == NULL) {
				fprintf(stderr, "replay: %s: out of memory\n", path);
				free(data);
				fclose(in);
				return -1;
			}
			data = grown;
		}
		n = fread(data + size, 1, capacity - size, in);
		size += n;
	} while (n > 0);
	fclose(in);
	LLVMFuzzerTestOneInput((const uint8_t *)data, size);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	int replayed = 0;

	for (int i = 1; i < argc; i++) {
		if (replay(argv[i]) == 0)
			replayed++;
	}
	printf("replayed %d of %d input%s\n", replayed, argc - 1, argc - 1 == 1 ? "" : "s");
	return replayed == argc - 1 ? 0 : 1;
}
