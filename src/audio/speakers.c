/* speakers.c: each speaker's loudness over their transcript cues (see
 * speakers.h). */
#include "audio/speakers_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audio/audio_int.h"
#include "podkit/transcript.h"

/* BS.1770: 400 ms gating blocks every 100 ms (in 10 ms blocks), the
 * absolute gate at -70 LUFS and the relative one 10 LU under. */
#define GATE_BLOCKS 40
#define GATE_STEP 10
#define ABS_GATE_LUFS -70.0
#define REL_GATE_LU 10.0

void pk_speaker_report_release(struct pk_speaker_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->v[i].name);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

int pk_speaker_index(const struct pk_speaker_report *r,
		     const struct pk_transcript *t, size_t i)
{
	size_t k;

	if (!t->v[i].speaker)
		return -1;
	for (k = 0; k < r->n; k++)
		if (strcmp(r->v[k].name, t->v[i].speaker) == 0)
			return (int)k;
	return -1;
}

int pk_speaker_report_init(struct pk_speaker_report *r,
			   const struct pk_transcript *t)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < t->n; i++) {
		struct pk_speaker_loudness *v;

		if (!t->v[i].speaker || pk_speaker_index(r, t, i) >= 0)
			continue;
		v = realloc(r->v, (r->n + 1) * sizeof(*v));
		if (!v)
			goto fail;
		r->v = v;
		memset(&v[r->n], 0, sizeof(*v));
		v[r->n].integrated = -HUGE_VAL;
		if (!(v[r->n].name = strdup(t->v[i].speaker)))
			goto fail;
		r->n++;
	}
	return 0;
fail:
	pk_speaker_report_release(r);
	return PK_ENOMEM;
}

/* The block whose centre is at or after time sec. */
static size_t block_at(const struct pk_blocks *b, double sec)
{
	double x = sec * b->rate / b->frames - 0.5;

	if (x <= 0)
		return 0;
	x = ceil(x);
	return x < (double)b->n ? (size_t)x : b->n;
}

/* The gated loudness of speaker s: the blocks of their cues, joined. gb
 * is scratch for the gating blocks. */
static double speaker_loudness(const struct pk_speaker_report *r,
			       const struct pk_transcript *t,
			       const struct pk_blocks *b, int s, double *gb)
{
	double ring[GATE_BLOCKS], win = 0, sum = 0, thr;
	double abs_e = pow(10, (ABS_GATE_LUFS + 0.691) / 10);
	size_t i, k, ng = 0, seen = 0, next = 0, kept = 0;

	for (i = 0; i < t->n; i++) {
		size_t lo, hi;

		if (pk_speaker_index(r, t, i) != s)
			continue;
		lo = block_at(b, t->v[i].start);
		hi = block_at(b, t->v[i].end);
		if (lo < next)
			lo = next; /* overlapping cues count once */
		for (k = lo; k < hi; k++) {
			double e = b->energy[k];

			if (seen >= GATE_BLOCKS)
				win -= ring[seen % GATE_BLOCKS];
			ring[seen % GATE_BLOCKS] = e;
			win += e;
			seen++;
			if (seen >= GATE_BLOCKS &&
			    (seen - GATE_BLOCKS) % GATE_STEP == 0)
				gb[ng++] = win / GATE_BLOCKS;
		}
		if (hi > next)
			next = hi;
	}
	for (k = 0; k < ng; k++)
		if (gb[k] > abs_e) {
			sum += gb[k];
			kept++;
		}
	if (!kept)
		return -HUGE_VAL;
	thr = sum / kept * pow(10, -REL_GATE_LU / 10);
	sum = 0;
	kept = 0;
	for (k = 0; k < ng; k++)
		if (gb[k] > abs_e && gb[k] > thr) {
			sum += gb[k];
			kept++;
		}
	return kept ? -0.691 + 10 * log10(sum / kept) : -HUGE_VAL;
}

int pk_speaker_report_measure(struct pk_speaker_report *r,
			      const struct pk_transcript *t,
			      const struct pk_blocks *b, double offset_db)
{
	double *gb, lo = HUGE_VAL, hi = -HUGE_VAL;
	size_t i;

	gb = malloc((b->n / GATE_STEP + 1) * sizeof(*gb));
	if (!gb)
		return PK_ENOMEM;
	for (i = 0; i < r->n; i++) {
		r->v[i].seconds = 0;
		r->v[i].turns = 0;
	}
	for (i = 0; i < t->n; i++) {
		int s = pk_speaker_index(r, t, i);

		if (s < 0 || t->v[i].end <= t->v[i].start)
			continue;
		r->v[s].seconds += t->v[i].end - t->v[i].start;
		r->v[s].turns++;
	}
	for (i = 0; i < r->n; i++) {
		double l = speaker_loudness(r, t, b, (int)i, gb);

		r->v[i].integrated = isfinite(l) ? l + offset_db : l;
		if (!isfinite(l))
			continue;
		if (r->v[i].integrated < lo)
			lo = r->v[i].integrated;
		if (r->v[i].integrated > hi)
			hi = r->v[i].integrated;
	}
	r->spread = hi >= lo ? hi - lo : 0;
	free(gb);
	return 0;
}

int pk_speakers_loudness_file(const char *path, const struct pk_transcript *t,
			      struct pk_loudness *whole,
			      struct pk_speaker_report *r, struct pk_error *err)
{
	struct pk_decoder *d = NULL;
	struct pk_blocks b = {0};
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = pk_decoder_open(&d, path, NULL, err)) < 0)
		return rc;
	rc = pk_loudness_measure(d, PK_MEASURE_RANGE | PK_MEASURE_TRUE_PEAK, 0,
				 whole, NULL, &b, NULL, NULL, err);
	if (rc < 0)
		goto out;
	if ((rc = pk_speaker_report_init(r, t)) < 0 ||
	    (rc = pk_speaker_report_measure(r, t, &b, 0)) < 0)
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
out:
	if (rc < 0)
		pk_speaker_report_release(r);
	pk_blocks_release(&b);
	pk_decoder_free(d);
	return rc;
}
