/*
 * replay.c -- main() for the fuzz harnesses built without libFuzzer (gcc,
 * ASan + UBSan): feeds each file named on the command line, or each file of
 * each directory named (sorted, dot files skipped), to
 * LLVMFuzzerTestOneInput, each in its own child process, so that a crash
 * fails that input only; a path that does not exist is skipped.  Prints "ok"/"FAILED" per input and
 * "<harness>: N passed, N failed"; exits non-zero on any failure.
 * `make fuzz-replay` runs it on test/fuzz/regress/<harness>/ and
 * test/fuzz/seeds/<harness>/.
 */
#include <dirent.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stddef.h>
#include <stdint.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int			LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

#define REPLAY_TIMEOUT 60		/* seconds per input */

static int	passed,
			failed;

static void
replay_run(const char *path)
{
	pid_t		pid;
	int			status;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
	{
		perror("fork");
		exit(2);
	}
	if (pid == 0)
	{
		FILE	   *f = fopen(path, "rb");
		uint8_t    *buf;
		long		n;

		if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
			fseek(f, 0, SEEK_SET) != 0)
		{
			perror(path);
			_exit(2);
		}
		buf = malloc((size_t) n + 1);
		if (buf == NULL || fread(buf, 1, (size_t) n, f) != (size_t) n)
		{
			perror(path);
			_exit(2);
		}
		fclose(f);
		alarm(REPLAY_TIMEOUT);
		LLVMFuzzerTestOneInput(buf, (size_t) n);
		free(buf);
		exit(0);				/* exit, not _exit: LeakSanitizer runs at exit */
	}
	if (waitpid(pid, &status, 0) < 0)
	{
		perror("waitpid");
		exit(2);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
	{
		printf("ok      %s\n", path);
		passed++;
	}
	else
	{
		if (WIFSIGNALED(status))
			printf("FAILED  %s (signal %d)\n", path, WTERMSIG(status));
		else
			printf("FAILED  %s (exit status %d)\n", path, WEXITSTATUS(status));
		failed++;
	}
}

static int
replay_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

static void
replay_dir(const char *dir)
{
	DIR		   *d = opendir(dir);
	struct dirent *e;
	char	  **names = NULL;
	size_t		n = 0,
				cap = 0,
				i;

	if (d == NULL)
		return;					/* no such directory: no inputs */
	while ((e = readdir(d)) != NULL)
	{
		if (e->d_name[0] == '.')
			continue;
		if (n == cap)
		{
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof(char *));
			if (names == NULL)
				abort();
		}
		names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
		if (names[n] == NULL)
			abort();
		sprintf(names[n], "%s/%s", dir, e->d_name);
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(char *), replay_cmp);
	for (i = 0; i < n; i++)
	{
		replay_run(names[i]);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	char	   *name = basename(argv[0]);
	int			i;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
	{
		struct stat sb;

		if (stat(argv[i], &sb) != 0)
			continue;			/* a harness without regression inputs yet */
		if (S_ISDIR(sb.st_mode))
			replay_dir(argv[i]);
		else
			replay_run(argv[i]);
	}
	printf("%s: %d passed, %d failed\n", name, passed, failed);
	return failed ? 1 : 0;
}
