/* music_speech.c: the programme's recording as both passes read it:
 * decoded, cleaned, levelled, then cut (music_pass_int.h). */
#include "audio/music_pass_int.h"

#include <stdlib.h>
#include <string.h>

#include "audio/audio_int.h"

/* The fade on each side of a cut (s): a splice inside a pause must not
 * click, and 10 ms is too short to hear as a fade. */
#define CUT_FADE_S 0.010

void pk_program_speech_free(struct speech *s)
{
	pk_decoder_free(s->d);
	pk_cleanup_free(s->c);
	pk_leveler_free(s->lev);
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

/* level: the curve to level the cleaned recording by (NULL, or not
 * levelled: none); borrowed, as cuts, until pk_program_speech_free. */
int pk_program_speech_open(struct speech *s, const char *path,
			   const struct pk_decoder_opts *dopts,
			   const struct pk_cleanup_opts *clean,
			   const struct pk_level_plan *level,
			   const struct pk_cuts *cuts, struct pk_error *err)
{
	int r;

	memset(s, 0, sizeof(*s));
	if ((r = pk_decoder_open(&s->d, path, dopts, err)) < 0)
		return r;
	s->ch = pk_decoder_channels(s->d);
	s->cuts = cuts && cuts->n ? cuts : NULL;
	s->fade = (int64_t)(CUT_FADE_S * pk_decoder_rate(s->d));
	if (s->fade < 1)
		s->fade = 1;
	r = pk_cleanup_new(&s->c, s->ch, pk_decoder_rate(s->d), clean, err);
	if (r == 0 && level && level->levelled &&
	    !(s->lev = pk_leveler_new(level, s->ch)))
		r = pk_error_set(err, PK_ENOMEM, "out of memory");
	if (r < 0)
		pk_program_speech_free(s);
	return r;
}

/* Copies the frames of in that no cut removes into s->buf, faded beside
 * each cut; sets *n to how many. */
static int apply_cuts(struct speech *s, const float *in, size_t n, size_t *kept)
{
	const struct pk_cuts *c = s->cuts;
	size_t i, k = 0;
	int ch;

	if (n > s->cap) {
		float *p = realloc(s->buf, n * s->ch * sizeof(float));

		if (!p)
			return PK_ENOMEM;
		s->buf = p;
		s->cap = n;
	}
	for (i = 0; i < n; i++) {
		int64_t t = s->pos + (int64_t)i;
		double g = 1;

		while (s->ci < c->n && t >= c->v[s->ci].b)
			s->ci++;
		if (s->ci < c->n && t >= c->v[s->ci].a)
			continue;
		if (s->ci < c->n && t >= c->v[s->ci].a - s->fade)
			g = (double)(c->v[s->ci].a - t) / s->fade;
		if (s->ci > 0 && t < c->v[s->ci - 1].b + s->fade) {
			double h =
			    (double)(t - c->v[s->ci - 1].b + 1) / s->fade;

			g = h < g ? h : g;
		}
		for (ch = 0; ch < s->ch; ch++)
			s->buf[k * s->ch + ch] =
			    (float)(in[i * s->ch + ch] * g);
		k++;
	}
	s->pos += (int64_t)n;
	*kept = k;
	return 0;
}

/* As pk_decoder_read, for the cleaned and cut recording. */
int pk_program_speech_read(struct speech *s, const float **f, size_t *n,
			   struct pk_error *err)
{
	for (;;) {
		const float *in;
		size_t k;
		int r;

		*n = 0;
		if (s->finished)
			return 0;
		r = pk_decoder_read(s->d, &in, &k, err);
		if (r < 0)
			return r;
		if (r == 0) {
			s->finished = 1;
			if (!s->c)
				return 0;
			r = pk_cleanup_finish(s->c, &in, &k, err);
		} else if (s->c) {
			r = pk_cleanup_process(s->c, in, k, &in, &k, err);
		}
		if (r < 0)
			return r;
		/* levelled in the recording's own time, before any cut */
		if (s->lev && k > 0 &&
		    pk_leveler_process(s->lev, in, k, &in) < 0)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		if (s->cuts) {
			if (apply_cuts(s, in, k, n) < 0)
				return pk_error_set(err, PK_ENOMEM,
						    "out of memory");
			*f = s->buf;
		} else {
			s->pos += (int64_t)k;
			*f = in;
			*n = k;
		}
		if (*n > 0)
			return 1;
	}
}
