/* audio_build.c: the audio step of `podkit build`, episodes in parallel. */
#include "podkit/audio_build.h"

#include <libavutil/log.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "podkit/fsio.h"
#include "podkit/normalize.h"

struct work {
	struct pk_show *show;
	char *audio_dir;
	pthread_mutex_t lock;
	size_t next;
	/* one slot per episode, written only by the worker that took it */
	struct pk_error *errs;
	char **names;
	int *made;
};

static void *worker(void *arg)
{
	struct work *w = arg;

	for (;;) {
		struct pk_episode *ep;
		char *src;
		size_t i;

		pthread_mutex_lock(&w->lock);
		i = w->next++;
		pthread_mutex_unlock(&w->lock);
		if (i >= w->show->nepisodes)
			return NULL;
		ep = &w->show->episodes[i];
		if (ep->audio_is_url || !ep->audio)
			continue;
		src = pk_path_join(ep->dir, ep->audio);
		if (!src) {
			pk_error_set(&w->errs[i], PK_ENOMEM, "out of memory");
			continue;
		}
		pk_audio_process_episode(src, &w->show->audio, w->audio_dir,
					 &w->names[i], &ep->media,
					 &w->made[i], &w->errs[i]);
		free(src);
	}
}

static int cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

int pk_audio_build(struct pk_show *show, const char *outdir, int jobs,
		   int *encoded, struct pk_diags *diags, struct pk_error *err)
{
	struct work w;
	pthread_t *tid = NULL;
	int i, started = 0, r = 0, failed = 0;
	size_t k, n = show->nepisodes;

	if (encoded)
		*encoded = 0;
	memset(&w, 0, sizeof(w));
	w.show = show;
	if (jobs <= 0)
		jobs = cores();
	if ((size_t)jobs > n)
		jobs = n ? (int)n : 1;
	w.audio_dir = pk_path_join(outdir, "audio");
	w.errs = calloc(n + 1, sizeof(*w.errs));
	w.names = calloc(n + 1, sizeof(*w.names));
	w.made = calloc(n + 1, sizeof(*w.made));
	tid = calloc(jobs, sizeof(*tid));
	if (!w.audio_dir || !w.errs || !w.names || !w.made || !tid) {
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = pk_mkdir_p(w.audio_dir, err)) < 0)
		goto out;
	av_log_set_level(AV_LOG_QUIET); /* the library does not print */
	pthread_mutex_init(&w.lock, NULL);
	for (i = 0; i < jobs; i++) {
		if (pthread_create(&tid[i], NULL, worker, &w) != 0)
			break;
		started++;
	}
	if (started == 0) /* no threads to be had: do it here */
		worker(&w);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	pthread_mutex_destroy(&w.lock);
	for (k = 0; k < n; k++) {
		struct pk_episode *ep = &show->episodes[k];
		char rel[1024];

		if (w.errs[k].code) {
			pk_diags_add(diags, PK_ERROR, ep->file, 0, "'audio': %s",
				     w.errs[k].msg);
			pk_media_release(&ep->media);
			failed++;
			continue;
		}
		if (!w.names[k])
			continue;
		if (encoded && w.made[k])
			(*encoded)++;
		snprintf(rel, sizeof(rel), "audio/%s", w.names[k]);
		if ((r = pk_media_set_path(show, &ep->media, rel, err)) < 0)
			goto out;
	}
	r = failed ? PK_EMEDIA : 0;
	if (failed)
		pk_error_set(err, PK_EMEDIA, "%d episode%s could not be encoded",
			     failed, failed > 1 ? "s" : "");
out:
	for (k = 0; w.names && k < n; k++)
		free(w.names[k]);
	free(w.names);
	free(w.errs);
	free(w.made);
	free(w.audio_dir);
	free(tid);
	return r;
}
