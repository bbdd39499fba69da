/* credentials.c: secrets from the environment or a private file. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "publish/credentials_int.h"
#include "podkit/fsio.h"

struct slot {
	const char *name;
	size_t off;
};

static const struct slot slots[] = {
	{"AWS_ACCESS_KEY_ID", offsetof(struct pk_credentials, access_key)},
	{"AWS_SECRET_ACCESS_KEY", offsetof(struct pk_credentials, secret_key)},
	{"AWS_SESSION_TOKEN", offsetof(struct pk_credentials, session_token)},
	{"PODKIT_WEBDAV_USER", offsetof(struct pk_credentials, user)},
	{"PODKIT_WEBDAV_PASSWORD", offsetof(struct pk_credentials, password)},
	{"PODKIT_SSH_KEY", offsetof(struct pk_credentials, ssh_key)},
	{"PODKIT_SSH_KEY_PASSPHRASE",
	 offsetof(struct pk_credentials, ssh_passphrase)},
};
#define NSLOTS (sizeof(slots) / sizeof(slots[0]))

static char **slot_ptr(struct pk_credentials *c, size_t i)
{
	return (char **)((char *)c + slots[i].off);
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int load_file(struct pk_credentials *c, const char *path,
		     struct pk_error *err)
{
	struct stat st;
	char *data = NULL, *line, *next;
	size_t len = 0, i;
	int lineno = 0, r = 0;

	if (stat(path, &st) != 0)
		return errno == ENOENT ? 0 : pk_error_errno(err, PK_EIO,
							     "'%s'", path);
	if (st.st_mode & (S_IRGRP | S_IROTH | S_IWGRP | S_IWOTH))
		return pk_error_set(err, PK_EAUTH,
				    "%s: credentials file readable by group or "
				    "others; run 'chmod 600 %s'", path, path);
	r = pk_read_file(path, 65536, &data, &len, err);
	if (r != 0)
		return r;
	for (line = data; line && *line; line = next) {
		char *eq, *name, *val;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		line = trim(line);
		if (!*line || *line == '#')
			continue;
		eq = strchr(line, '=');
		if (!eq) {
			r = pk_error_set(err, PK_EINVAL,
					 "%s:%d: expected 'NAME = value'", path,
					 lineno);
			goto out;
		}
		*eq = '\0';
		name = trim(line);
		val = trim(eq + 1);
		for (i = 0; i < NSLOTS; i++)
			if (strcmp(name, slots[i].name) == 0)
				break;
		if (i == NSLOTS) {
			r = pk_error_set(err, PK_EINVAL,
					 "%s:%d: unknown name '%s'", path,
					 lineno, name);
			goto out;
		}
		if (!*slot_ptr(c, i)) {
			*slot_ptr(c, i) = strdup(val);
			if (!*slot_ptr(c, i)) {
				r = pk_error_set(err, PK_ENOMEM,
						 "out of memory");
				goto out;
			}
		}
	}
out:
	if (data) {
		memset(data, 0, len);
		free(data);
	}
	return r;
}

int pk_credentials_load(struct pk_credentials *c, struct pk_error *err)
{
	const char *file = getenv("PODKIT_CREDENTIALS");
	char *dflt = NULL;
	size_t i;
	int r;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < NSLOTS; i++) {
		const char *v = getenv(slots[i].name);

		if (v && *v && !(*slot_ptr(c, i) = strdup(v)))
			return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	if (!file || !*file) {
		const char *home = getenv("HOME");

		if (!home)
			return 0;
		dflt = pk_path_join(home, ".config/podkit/credentials");
		if (!dflt)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		file = dflt;
	}
	r = load_file(c, file, err);
	free(dflt);
	return r;
}

void pk_credentials_release(struct pk_credentials *c)
{
	size_t i;

	for (i = 0; i < NSLOTS; i++) {
		char **p = slot_ptr(c, i);

		if (*p) {
			memset(*p, 0, strlen(*p));
			free(*p);
			*p = NULL;
		}
	}
}
