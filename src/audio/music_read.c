/* music_read.c: the programme's pass 2: the recording and the music
 * read and mixed block by block as the plan lays them out (see
 * music_int.h). */
#include "audio/music_int.h"

#include <stdlib.h>
#include <string.h>

#include "audio/audio_int.h"
#include "audio/music_pass_int.h"

/* Frames read from a part at a time. */
#define CHUNK 4096

/* A part being read: its frames pass through a small queue so the mixer
 * can take exactly what a block needs. */
struct source {
	const struct pk_program_part *part; /* NULL for the speech */
	struct speech sp;
	struct pk_decoder *d;
	float *q;
	size_t len, cap; /* frames queued, room */
	int eof;
};

struct pk_program {
	const struct pk_program_plan *plan;
	struct source speech, intro, outro, bed;
	int64_t pos;
	float *out; /* one block (owned) */
};

static void source_free(struct source *s)
{
	pk_program_speech_free(&s->sp);
	pk_decoder_free(s->d);
	free(s->q);
}

/* Takes n frames from the start of s's queue, reading more as needed;
 * zeros once the part has ended. */
static int source_pull(struct source *s, int ch, size_t n, const float **f,
		       struct pk_error *err)
{
	while (s->len < n && !s->eof) {
		const float *in;
		size_t k;
		int r = s->part ? pk_decoder_read(s->d, &in, &k, err)
				: pk_program_speech_read(&s->sp, &in, &k, err);

		if (r < 0)
			return r;
		if (r == 0) {
			s->eof = 1;
			break;
		}
		if (s->len + k > s->cap) {
			size_t cap = (s->len + k) * 2;
			float *p = realloc(s->q, cap * ch * sizeof(float));

			if (!p)
				return pk_error_set(err, PK_ENOMEM,
						    "out of memory");
			s->q = p;
			s->cap = cap;
		}
		memcpy(s->q + s->len * ch, in, k * ch * sizeof(float));
		s->len += k;
	}
	if (s->len < n) {
		if (n > s->cap) {
			float *p = realloc(s->q, n * ch * sizeof(float));

			if (!p)
				return pk_error_set(err, PK_ENOMEM,
						    "out of memory");
			s->q = p;
			s->cap = n;
		}
		memset(s->q + s->len * ch, 0,
		       (n - s->len) * ch * sizeof(float));
		s->len = n;
	}
	*f = s->q;
	return 0;
}

static void source_drop(struct source *s, int ch, size_t n)
{
	memmove(s->q, s->q + n * ch, (s->len - n) * ch * sizeof(float));
	s->len -= n;
}

int pk_program_open(struct pk_program **out, const char *path,
		    const struct pk_decoder_opts *dopts,
		    const struct pk_program_plan *plan, struct pk_error *err)
{
	const struct pk_program_opts *o = &plan->opts;
	struct pk_program *p;
	int r;

	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (!p || !(p->out = malloc(CHUNK * plan->channels * sizeof(float)))) {
		free(p);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	p->plan = plan;
	p->intro.part = &plan->intro;
	p->outro.part = &plan->outro;
	p->bed.part = &plan->bed;
	r = pk_program_speech_open(&p->speech.sp, path, dopts, &o->clean,
				   &plan->level, &plan->cuts, err);
	if (r < 0)
		goto out;
	if (o->intro &&
	    (r = pk_decoder_open(&p->intro.d, o->intro, dopts, err)) < 0)
		goto out;
	if (o->outro &&
	    (r = pk_decoder_open(&p->outro.d, o->outro, dopts, err)) < 0)
		goto out;
	if (o->bed && (r = pk_decoder_open(&p->bed.d, o->bed, dopts, err)) < 0)
		goto out;
	*out = p;
	p = NULL;
	r = 0;
out:
	pk_program_free(p);
	return r;
}

/* Mixes part s (programme frames [pos, pos + n)) into the block. */
static int mix_part(struct pk_program *p, struct source *s, size_t n,
		    struct pk_error *err)
{
	const struct pk_program_part *part = s->part;
	int ch = p->plan->channels, c;
	int64_t from = p->pos > part->at ? p->pos : part->at;
	int64_t to = p->pos + (int64_t)n, end = part->at + part->frames;
	const float *f;
	size_t i, k;
	int r;

	if (!s->d)
		return 0;
	if (to > end)
		to = end;
	if (to <= from)
		return 0;
	k = (size_t)(to - from);
	if ((r = source_pull(s, ch, k, &f, err)) < 0)
		return r;
	for (i = 0; i < k; i++) {
		int64_t t = from + (int64_t)i;
		float g = (float)(part->gain * pk_program_part_fade(part, t));
		float *o = p->out + (size_t)(t - p->pos) * ch;

		for (c = 0; c < ch; c++)
			o[c] += g * f[i * ch + c];
	}
	source_drop(s, ch, k);
	return 0;
}

int pk_program_read(struct pk_program *p, const float **frames, size_t *n,
		    struct pk_error *err)
{
	const struct pk_program_plan *pl = p->plan;
	int ch = pl->channels;
	int64_t from, to, left = pl->total - p->pos;
	size_t k = left < CHUNK ? (size_t)left : CHUNK;
	const float *f;
	int r;

	*frames = p->out;
	*n = 0;
	if (left <= 0)
		return 0;
	memset(p->out, 0, k * ch * sizeof(float));
	from = p->pos > pl->speech_at ? p->pos : pl->speech_at;
	to = p->pos + (int64_t)k;
	if (to > pl->speech_at + pl->speech_frames)
		to = pl->speech_at + pl->speech_frames;
	if (to > from) {
		size_t m = (size_t)(to - from);

		if ((r = source_pull(&p->speech, ch, m, &f, err)) < 0)
			return r;
		memcpy(p->out + (size_t)(from - p->pos) * ch, f,
		       m * ch * sizeof(float));
		source_drop(&p->speech, ch, m);
	}
	if ((r = mix_part(p, &p->intro, k, err)) < 0 ||
	    (r = mix_part(p, &p->bed, k, err)) < 0 ||
	    (r = mix_part(p, &p->outro, k, err)) < 0)
		return r;
	p->pos += (int64_t)k;
	*n = k;
	return 1;
}

int64_t pk_program_position(const struct pk_program *p)
{
	return p->pos;
}

const struct AVFormatContext *pk_program_format(const struct pk_program *p)
{
	return pk_decoder_format(p->speech.sp.d);
}

void pk_program_free(struct pk_program *p)
{
	if (!p)
		return;
	source_free(&p->speech);
	source_free(&p->intro);
	source_free(&p->outro);
	source_free(&p->bed);
	free(p->out);
	free(p);
}
