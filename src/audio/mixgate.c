/* mixgate.c: mixes levelled mono tracks, turning down each mic while its
 * own speaker is silent, so the other voices' bleed into it (an echo or a
 * comb filter once the tracks are summed) drops out of the mix. */
#include "audio/mix_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The decision is taken every 10 ms: shorter than a syllable's onset. */
#define BLOCK_SEC 0.01
/* The gain of a block is decided with this many blocks (30 ms) after it
 * in view, so a gate is open before the word that opens it starts. */
#define LOOKAHEAD_BLOCKS 3
/* An open gate stays open this long (300 ms) after its speaker was last
 * heard: the gaps between words do not close it. */
#define HOLD_BLOCKS 30
/* A gate closes over this many blocks (200 ms): no click, no pumping. */
#define CLOSE_BLOCKS 20
/* The envelope follower falls 1 dB per block (100 dB/s): it bridges the
 * pitch periods and plosive gaps in a syllable, not a pause. */
#define ENV_DECAY_DB 1.0
/* A mic is taken to carry its own speaker when its envelope is within
 * 10 dB of the loudest mic's (bleed lies 15-20 dB under; two people
 * talking at once are both within it) ... */
#define DOMINANCE_DB 10.0
/* ... and no more than 20 dB under the speech level all tracks were
 * levelled to (room tone and breaths lie lower) ... */
#define PRESENCE_DB 20.0
/* ... and 10 dB over its own noise floor (a mic's hiss or hum is no
 * speaker, nor is the bleed that barely rises over it). The floor follows
 * a quieter block at once and rises 2 dB a second (0.02 dB a block), so
 * the gaps between words keep it down through a long turn. */
#define OVER_FLOOR_DB 10.0
#define FLOOR_RISE_DB 0.02
/* Blocks under this (dBFS) are digital silence, not a mic's floor. */
#define DIGITAL_SILENCE_DB (-100.0)

int pk_xgate_init(struct pk_xgate *g, int tracks, int rate, double depth_db,
		  double level_db)
{
	int k;

	memset(g, 0, sizeof(*g));
	g->tracks = tracks;
	g->block = (int)lround(rate * BLOCK_SEC);
	g->lookahead = LOOKAHEAD_BLOCKS;
	g->depth_db = depth_db > 0 ? depth_db : 0;
	g->ring =
	    calloc((size_t)tracks * (LOOKAHEAD_BLOCKS + 1) * (size_t)g->block,
		   sizeof(*g->ring));
	g->env = calloc((size_t)tracks, sizeof(*g->env));
	g->gain_db = calloc((size_t)tracks, sizeof(*g->gain_db));
	g->hold = calloc((size_t)tracks, sizeof(*g->hold));
	g->closed = calloc((size_t)tracks, sizeof(*g->closed));
	g->floor = calloc((size_t)tracks, sizeof(*g->floor));
	if (!g->ring || !g->env || !g->gain_db || !g->hold || !g->closed ||
	    !g->floor || g->block < 1) {
		pk_xgate_release(g);
		return PK_ENOMEM;
	}
	for (k = 0; k < tracks; k++) {
		g->env[k] = PK_ENV_FLOOR_DB;
		g->floor[k] = 0; /* the first block brings it down */
	}
	/* level_db is where the speech of every track reads */
	g->presence = level_db - PRESENCE_DB;
	return 0;
}

int pk_xgate_block(const struct pk_xgate *g)
{
	return g->block;
}

int pk_xgate_latency(const struct pk_xgate *g)
{
	return g->lookahead;
}

static float *slot(struct pk_xgate *g, int k, int s)
{
	return g->ring + ((size_t)k * (LOOKAHEAD_BLOCKS + 1) + (size_t)s) *
			     (size_t)g->block;
}

/* Whether track k's own speaker is talking, as its envelope says. */
static int talking(const struct pk_xgate *g, int k, double loudest)
{
	return g->env[k] >= g->presence &&
	       g->env[k] >= loudest - DOMINANCE_DB &&
	       g->env[k] >= g->floor[k] + OVER_FLOOR_DB;
}

/* Where each gate should go, from the blocks just taken in. */
static void decide(struct pk_xgate *g, const float *const *in)
{
	double loudest = PK_ENV_FLOOR_DB;
	int k, i, any = 0;

	for (k = 0; k < g->tracks; k++) {
		double sum = 0, e;

		for (i = 0; i < g->block; i++)
			sum += (double)in[k][i] * in[k][i];
		e = 10 * log10(sum / g->block + 1e-12);
		/* digital silence (before a track starts, after it ends) is
		 * no mic's floor */
		if (e > DIGITAL_SILENCE_DB)
			g->floor[k] =
			    e < g->floor[k] ? e : g->floor[k] + FLOOR_RISE_DB;
		g->env[k] =
		    e > g->env[k] - ENV_DECAY_DB ? e : g->env[k] - ENV_DECAY_DB;
		if (g->env[k] > loudest)
			loudest = g->env[k];
	}
	for (k = 0; k < g->tracks; k++)
		if (talking(g, k, loudest))
			any = 1;
	/* nobody talking: every gate stays as it is (the last speaker's mic
	 * open), so the room tone does not come and go */
	if (!any)
		return;
	for (k = 0; k < g->tracks; k++) {
		if (talking(g, k, loudest))
			g->hold[k] = HOLD_BLOCKS;
		else if (g->hold[k] > 0)
			g->hold[k]--;
	}
}

void pk_xgate_process(struct pk_xgate *g, const float *const *in, float *out)
{
	int k, i, in_slot = (g->head + g->lookahead) % (g->lookahead + 1);

	for (k = 0; k < g->tracks; k++)
		memcpy(slot(g, k, in_slot), in[k],
		       (size_t)g->block * sizeof(float));
	memset(out, 0, (size_t)g->block * sizeof(float));
	if (g->depth_db > 0)
		decide(g, in);
	for (k = 0; k < g->tracks; k++) {
		const float *x = slot(g, k, g->head);
		double from = g->gain_db[k], to, a0, a1, step;

		if (g->depth_db <= 0)
			to = 0;
		else if (g->hold[k] > 0)
			to = 0; /* open within one block */
		else
			to = fmax(from - g->depth_db / CLOSE_BLOCKS,
				  -g->depth_db);
		g->gain_db[k] = to;
		if (to <= -g->depth_db + 1e-9 && g->depth_db > 0)
			g->closed[k]++;
		a0 = pow(10, from / 20);
		a1 = pow(10, to / 20);
		step = (a1 - a0) / g->block;
		for (i = 0; i < g->block; i++)
			out[i] += (float)((a0 + step * (i + 1)) * x[i]);
	}
	g->head = (g->head + 1) % (g->lookahead + 1);
}

void pk_xgate_release(struct pk_xgate *g)
{
	free(g->ring);
	free(g->env);
	free(g->gain_db);
	free(g->hold);
	free(g->closed);
	free(g->floor);
	memset(g, 0, sizeof(*g));
}
