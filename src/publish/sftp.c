/* sftp.c: the SFTP target (sftp://user@host:port/path) through libcurl
 * and libssh2: key authentication, the host key pinned by its SHA-256,
 * each file written beside its place and renamed over it, a manifest. */
#include <stdlib.h>
#include <string.h>

#include "base/buf_int.h"
#include "podkit/fsio.h"
#include "publish/jobs_int.h"

struct sftp {
	struct pk_target *t;
	char *base_url;  /* sftp://user@host:port/path/ */
	char *base_path; /* /path/ as the server sees it (for rename, rm) */
	char *pin;       /* base64 SHA-256 of the host key, padded */
	char *known_hosts;
	char *pubkey;
};

enum { K_GET, K_PUT, K_STAT, K_QUOTE };

/* An SFTP job: the common one and its quote commands. */
struct sftp_job {
	struct pk_job j;
	struct curl_slist *quote; /* owned: commands after the transfer */
};

#define QUOTE(j) (((struct sftp_job *)(j))->quote)

static int setup(struct pk_job *j, CURL *h, struct curl_slist **hdrs)
{
	struct sftp *s = j->t->impl;
	const struct pk_credentials *c = s->t->cred;

	(void)hdrs;
	curl_easy_setopt(h, CURLOPT_URL, j->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "sftp");
	curl_easy_setopt(h, CURLOPT_SSH_AUTH_TYPES,
			 (long)CURLSSH_AUTH_PUBLICKEY);
	curl_easy_setopt(h, CURLOPT_SSH_PRIVATE_KEYFILE, c->ssh_key);
	/* "" lets libssh2 derive the public key from the private one. */
	curl_easy_setopt(h, CURLOPT_SSH_PUBLIC_KEYFILE,
			 s->pubkey ? s->pubkey : "");
	if (c->ssh_passphrase)
		curl_easy_setopt(h, CURLOPT_KEYPASSWD, c->ssh_passphrase);
	if (s->pin)
		curl_easy_setopt(h, CURLOPT_SSH_HOST_PUBLIC_KEY_SHA256,
				 s->pin);
	else
		curl_easy_setopt(h, CURLOPT_SSH_KNOWNHOSTS, s->known_hosts);
	switch (j->kind) {
	case K_PUT:
		curl_easy_setopt(h, CURLOPT_FTP_CREATE_MISSING_DIRS,
				 (long)CURLFTP_CREATE_DIR);
		curl_easy_setopt(h, CURLOPT_NEW_FILE_PERMS, 0644L);
		curl_easy_setopt(h, CURLOPT_NEW_DIRECTORY_PERMS, 0755L);
		if (QUOTE(j))
			curl_easy_setopt(h, CURLOPT_POSTQUOTE, QUOTE(j));
		break;
	case K_STAT:
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
		break;
	case K_QUOTE:
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
		curl_easy_setopt(h, CURLOPT_QUOTE, QUOTE(j));
		break;
	default:
		break;
	}
	return 0;
}

/* A stat's answer: the size the server has. */
static void stat_done(struct pk_job *j, CURL *h)
{
	curl_off_t len = -1;

	if (j->kind == K_STAT && j->x.ok) {
		curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len);
		j->got_size = (int64_t)len;
	}
}

static char *join(const char *a, const char *b, const char *c)
{
	struct pk_buf buf;

	pk_buf_init(&buf);
	pk_buf_printf(&buf, "%s%s%s", a, b, c ? c : "");
	return pk_buf_detach(&buf);
}

static char *job_url(struct pk_target *t, const char *key,
		     const char *query)
{
	struct sftp *s = t->impl;
	char *enc = pk_url_encode(key, 1), *url;

	(void)query;
	if (!enc)
		return NULL;
	url = join(s->base_url, enc, NULL);
	free(enc);
	return url;
}

static void release(struct pk_job *j)
{
	curl_slist_free_all(QUOTE(j));
}

static struct pk_job *upload_put(struct pk_target *t, struct pk_pub_file *f);
static struct pk_job *upload_stat(struct pk_target *t, struct pk_pub_file *f);

static const struct pk_job_handler sftp_jobs = {
	.size = sizeof(struct sftp_job),
	.url = job_url,
	.setup = setup,
	.done = stat_done,
	.release = release,
	.put = upload_put,
	.stat = upload_stat,
};

static struct pk_job *job_new(struct sftp *s, int kind, const char *key,
			      struct pk_pub_file *f)
{
	return pk_job_new(s->t, &sftp_jobs, kind, key, NULL, f);
}

/* A quote command with its paths in double quotes (libcurl's SFTP quote
 * syntax), so names with spaces work. */
static int quote_add(struct curl_slist **l, const char *cmd, const char *a,
		     const char *b)
{
	struct pk_buf buf;
	struct curl_slist *n;

	pk_buf_init(&buf);
	pk_buf_printf(&buf, "%s \"%s\"", cmd, a);
	if (b)
		pk_buf_printf(&buf, " \"%s\"", b);
	n = pk_buf_ok(&buf) == 0 ? curl_slist_append(*l, buf.data) : NULL;
	pk_buf_release(&buf);
	if (!n)
		return -1;
	*l = n;
	return 0;
}

/* The name a file is written to before the rename: a dot file beside
 * it. */
static char *tmp_key(const char *key)
{
	const char *slash = strrchr(key, '/');
	struct pk_buf b;

	pk_buf_init(&b);
	if (slash)
		pk_buf_printf(&b, "%.*s.%s.podkit-tmp", (int)(slash - key + 1),
			      key, slash + 1);
	else
		pk_buf_printf(&b, ".%s.podkit-tmp", key);
	return pk_buf_detach(&b);
}

/* An upload to the temporary name, then (same connection) the old file
 * removed and the new one renamed over it. OpenSSH's server refuses a
 * rename onto an existing file (SFTP v3), hence the "*rm" first (the '*'
 * lets it fail when there is nothing to remove); the file is missing only
 * between those two commands. */
static struct pk_job *put_job(struct sftp *s, const char *key,
			   struct pk_pub_file *f)
{
	char *tk = tmp_key(key);
	char *tpath = tk ? join(s->base_path, tk, NULL) : NULL;
	char *fpath = join(s->base_path, key, NULL);
	struct pk_job *j = tk ? job_new(s, K_PUT, tk, f) : NULL;

	if (!j || !tpath || !fpath ||
	    quote_add(&QUOTE(j), "*rm", fpath, NULL) ||
	    quote_add(&QUOTE(j), "rename", tpath, fpath)) {
		pk_job_free(j);
		j = NULL;
	} else {
		j->x.label = key;
		j->x.upload = 1;
	}
	free(tk);
	free(tpath);
	free(fpath);
	return j;
}

/* pk_jobs_upload's jobs: the file written beside its place and renamed
 * over it, then its size asked. */
static struct pk_job *upload_put(struct pk_target *t, struct pk_pub_file *f)
{
	return put_job(t->impl, f->key, f);
}

static struct pk_job *upload_stat(struct pk_target *t, struct pk_pub_file *f)
{
	return job_new(t->impl, K_STAT, f->key, f);
}

static int s_list(struct pk_target *t, struct pk_remote_state *st,
		  struct pk_error *err)
{
	struct sftp *s = t->impl;
	struct pk_job *j = job_new(s, K_GET, PK_MANIFEST_NAME, NULL);
	int r = 0;

	if (!j)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	j->x.keep_body = 1;
	if (pk_jobs_run(s->t, &j, 1) != 0) {
		if (j->x.cc != CURLE_REMOTE_FILE_NOT_FOUND)
			r = pk_xfer_error(err, &j->x, "cannot read");
	} else {
		r = pk_manifest_parse(j->x.body.data ? j->x.body.data : "",
				      j->x.body.len, st, err);
	}
	pk_job_free(j);
	return r;
}

static int s_upload(struct pk_target *t, struct pk_pub_file **f, size_t n,
		    struct pk_error *err)
{
	return pk_jobs_upload(t, &sftp_jobs, f, n, err);
}

static int s_upload_feed(struct pk_target *t, struct pk_pub_file *f,
			 struct pk_error *err)
{
	return s_upload(t, &f, 1, err);
}

static int s_remove(struct pk_target *t, struct pk_remote_obj **o, size_t n,
		    struct pk_error *err)
{
	struct sftp *s = t->impl;
	struct pk_job *j;
	size_t i;
	int r = 0;

	if (!n)
		return 0;
	/* All the removals in one request on the target folder; '*' keeps
	 * going past a file that is already gone. */
	if (!(j = job_new(s, K_QUOTE, "", NULL)))
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	j->x.label = s->base_url;
	for (i = 0; i < n; i++) {
		char *p = join(s->base_path, o[i]->key, NULL);

		if (!p || quote_add(&QUOTE(j), "*rm", p, NULL)) {
			free(p);
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		free(p);
	}
	if (pk_jobs_run(s->t, &j, 1) != 0)
		r = pk_xfer_error(err, &j->x, "cannot delete in");
out:
	pk_job_free(j);
	return r;
}

static int s_save(struct pk_target *t, const struct pk_remote_state *st,
		  struct pk_error *err)
{
	struct sftp *s = t->impl;
	char *json = pk_manifest_format(st);
	struct pk_job *j = json ? put_job(s, PK_MANIFEST_NAME, NULL) : NULL;
	int r = 0;

	if (!j) {
		free(json);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	j->x.mem = json;
	j->x.memlen = strlen(json);
	if (pk_jobs_run(s->t, &j, 1) != 0)
		r = pk_xfer_error(err, &j->x, "cannot upload");
	pk_job_free(j);
	free(json);
	return r;
}

static void s_free(struct pk_target *t)
{
	struct sftp *s = t->impl;

	if (!s)
		return;
	free(s->base_url);
	free(s->base_path);
	free(s->pin);
	free(s->known_hosts);
	free(s->pubkey);
	free(s);
	t->impl = NULL;
}

static int s_fetch(struct pk_target *t, const char *key, char **data,
		   size_t *len, struct pk_error *err)
{
	struct sftp *s = t->impl;
	struct pk_job *j = job_new(s, K_GET, key, NULL);
	int r = 0;

	if (!j)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	j->x.keep_body = 1;
	if (pk_jobs_run(s->t, &j, 1) != 0)
		r = j->x.cc == CURLE_REMOTE_FILE_NOT_FOUND
			? PK_ENOENT
			: pk_xfer_error(err, &j->x, "cannot read");
	else {
		*len = j->x.body.len;
		*data = pk_buf_detach(&j->x.body);
		if (!*data)
			r = pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	pk_job_free(j);
	return r;
}

static const struct pk_target_ops sftp_ops = {
    s_list, s_upload, s_upload_feed, s_remove, s_save, s_free, s_fetch,
};

/* "SHA256:abc..." (ssh-keygen -l) or "abc..." with or without its '='
 * padding: curl wants the 44-character padded base64. */
static char *norm_pin(const char *p)
{
	struct pk_buf b;

	if (strncmp(p, "SHA256:", 7) == 0)
		p += 7;
	pk_buf_init(&b);
	pk_buf_puts(&b, p);
	while (b.len % 4)
		pk_buf_putc(&b, '=');
	return pk_buf_detach(&b);
}

int pk_target_sftp_new(struct pk_target *t, struct pk_error *err)
{
	struct sftp *s = calloc(1, sizeof(*s));
	const char *u = t->opts->target, *host = u + 7, *path;
	struct pk_buf b;
	char *dec = NULL;
	CURL *h;
	int len;

	if (!s)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	t->impl = s;
	t->ops = &sftp_ops;
	s->t = t;
	path = strchr(host, '/');
	if (!path || path == host)
		return pk_error_set(err, PK_EINVAL,
				    "'%s': an SFTP target is "
				    "sftp://user@host[:port]/path", u);
	if (memchr(host, ':', (size_t)(path - host)) &&
	    memchr(host, '@', (size_t)(path - host)) &&
	    (char *)memchr(host, ':', (size_t)(path - host)) <
		    (char *)memchr(host, '@', (size_t)(path - host)))
		return pk_error_set(err, PK_EINVAL,
				    "the SFTP target holds a password: use a "
				    "key (PODKIT_SSH_KEY)");
	if (!t->cred->ssh_key)
		return pk_error_set(err, PK_EAUTH,
				    "no SSH key: set PODKIT_SSH_KEY to the "
				    "private key file");
	if (!pk_is_file(t->cred->ssh_key))
		return pk_error_set(err, PK_EAUTH, "'%s': no such key file",
				    t->cred->ssh_key);
	pk_buf_init(&b);
	pk_buf_puts(&b, u);
	if (b.len && b.data[b.len - 1] != '/')
		pk_buf_putc(&b, '/');
	s->base_url = pk_buf_detach(&b);
	/* The path as the server sees it, decoded, for rename and rm. */
	h = curl_easy_init();
	if (h) {
		dec = curl_easy_unescape(h, path, 0, &len);
		curl_easy_cleanup(h);
	}
	if (!dec || !s->base_url)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	/* "/~/dir" is the home folder's dir in curl's URLs and "~/dir" in
	 * its quote commands. */
	s->base_path = join(strncmp(dec, "/~/", 3) == 0 ? dec + 1 : dec,
			    dec[strlen(dec) - 1] == '/' ? "" : "/", NULL);
	curl_free(dec);
	if (t->opts->host_key_sha256) {
		s->pin = norm_pin(t->opts->host_key_sha256);
	} else {
		const char *home = getenv("HOME");

		s->known_hosts = join(home ? home : "", "/.ssh/known_hosts",
				      NULL);
		if (s->known_hosts && !pk_is_file(s->known_hosts))
			return pk_error_set(err, PK_EAUTH,
					    "no host key to check the server "
					    "against: set 'publish: "
					    "host_key_sha256' (ssh-keygen -lf "
					    "the server's key) or add it to "
					    "~/.ssh/known_hosts");
	}
	s->pubkey = join(t->cred->ssh_key, ".pub", NULL);
	if (s->pubkey && !pk_is_file(s->pubkey)) {
		free(s->pubkey);
		s->pubkey = NULL;
	}
	if (!s->base_path || (!s->pin && !s->known_hosts))
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	return 0;
}
