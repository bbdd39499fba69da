/* tool.c: messages, usage, diagnostics and stdout for the subcommands. */
#include "tool.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "podkit/transcript.h"

int pk_tool_usage(const struct pk_command *cmd)
{
	fprintf(stderr, "usage: %s\n", cmd->usage);
	fprintf(stderr, "podkit: try 'podkit help %s'\n", cmd->name);
	return PK_EXIT_USAGE;
}

int pk_tool_help(const struct pk_command *cmd)
{
	printf("usage: %s\n\n%s\n", cmd->usage, cmd->summary);
	if (cmd->help && *cmd->help)
		printf("\n%s", cmd->help);
	return PK_EXIT_OK;
}

static void vmsg(const char *prefix, const char *fmt, va_list ap)
    PK_PRINTF(2, 0);

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "podkit: %s", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void pk_tool_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void pk_tool_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void pk_tool_report(const struct pk_error *err)
{
	pk_tool_error("%s", err->msg[0] ? err->msg : pk_strerror(err->code));
}

void pk_tool_print_diags(struct pk_diags *d)
{
	char line[4096];
	size_t i;

	pk_diags_sort(d);
	fflush(stdout);
	for (i = 0; i < d->n; i++) {
		pk_diag_format(&d->v[i], line, sizeof(line));
		fprintf(stderr, "podkit: %s\n", line);
	}
}

int pk_tool_load_speakers(const char *path, struct pk_transcript *t)
{
	struct pk_diags d;
	size_t i, named = 0;
	int r = 0;

	pk_diags_init(&d);
	pk_transcript_init(t);
	pk_transcript_load(path, NULL, 0, t, &d);
	pk_tool_print_diags(&d);
	if (d.errors)
		r = -1;
	for (i = 0; r == 0 && i < t->n; i++)
		named += t->v[i].speaker != NULL;
	if (r == 0 && named == 0) {
		pk_tool_error("%s: no cue names a speaker (WebVTT <v Name> or "
			      "SRT 'Name: ')", path);
		r = -1;
	}
	pk_diags_release(&d);
	if (r < 0)
		pk_transcript_release(t);
	return r;
}

int pk_tool_load_show(const char *dir, int check_audio, int jobs,
		      struct pk_show **show)
{
	struct pk_show_load_opts opts = {0};

	opts.check_audio = check_audio;
	opts.jobs = jobs;
	return pk_tool_load_show_opts(dir, &opts, show);
}

int pk_tool_load_show_opts(const char *dir,
			   const struct pk_show_load_opts *opts,
			   struct pk_show **show)
{
	struct pk_error err = {0};
	struct pk_diags d;
	int r;

	pk_diags_init(&d);
	r = pk_show_load(dir, opts, show, &d, &err);
	pk_tool_print_diags(&d);
	pk_diags_release(&d);
	if (r != 0 && !*show) {
		if (err.msg[0])
			pk_tool_report(&err);
		return -1;
	}
	return r != 0;
}

int pk_tool_parse_jobs(const char *arg)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (end == arg || *end || n < 1 || n > 256) {
		pk_tool_error("'%s' is not a number of jobs (1-256)", arg);
		return 0;
	}
	return (int)n;
}

int pk_tool_finish(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		perror("podkit: stdout");
		return PK_EXIT_FAIL;
	}
	return code;
}

int pk_tool_progress_wanted(int quiet)
{
	return !quiet && isatty(STDERR_FILENO);
}

const char *pk_tool_default_show_dir(void)
{
	struct stat st;

	if (stat("episodes", &st) != 0 && stat("show.yaml", &st) == 0 &&
	    S_ISREG(st.st_mode))
		return ".";
	return "episodes";
}
