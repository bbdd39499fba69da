/* credentials_int.h: the secrets `podkit publish` needs, from the environment
 * or from a credentials file only its owner can read.
 *
 * Sources, first found wins per value: the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; PODKIT_WEBDAV_USER,
 * PODKIT_WEBDAV_PASSWORD; PODKIT_SSH_KEY, PODKIT_SSH_KEY_PASSPHRASE), then
 * the file named by PODKIT_CREDENTIALS (default
 * ~/.config/podkit/credentials) with lines `NAME = value` using the same
 * names ('#' starts a comment). The file is refused when its group or
 * others can read it. No function here prints or logs a value.
 */
#ifndef PODKIT_CREDENTIALS_H
#define PODKIT_CREDENTIALS_H

#include "podkit/error.h"

struct pk_credentials {
	char *access_key;    /* AWS_ACCESS_KEY_ID */
	char *secret_key;    /* AWS_SECRET_ACCESS_KEY */
	char *session_token; /* AWS_SESSION_TOKEN */
	char *user;          /* PODKIT_WEBDAV_USER */
	char *password;      /* PODKIT_WEBDAV_PASSWORD */
	char *ssh_key;       /* PODKIT_SSH_KEY: private key file */
	char *ssh_passphrase;/* PODKIT_SSH_KEY_PASSPHRASE */
};

/* Fills c (owned by the caller; release with pk_credentials_release,
 * which wipes the secrets). A missing file is not an error; a file that
 * group or others can read, or a malformed line, is (PK_EAUTH / PK_EINVAL,
 * the message names the file and line, never a value). */
int pk_credentials_load(struct pk_credentials *c, struct pk_error *err);
void pk_credentials_release(struct pk_credentials *c);

#endif
