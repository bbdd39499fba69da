/* mix_int.h: the parts of pk_mix: a track's envelope and speech level
 * (align.c), the search for the lag between two envelopes (align.c) and
 * the crosstalk gate that mixes the tracks block by block (mixgate.c).
 */
#ifndef PODKIT_MIX_INT_H
#define PODKIT_MIX_INT_H

#include <ebur128.h>
#include <stddef.h>
#include <stdint.h>

#include "podkit/error.h"

/* ---- envelope: log energy in 5 ms hops, one byte each ---------------- */

/* The hop, seconds: fine enough to place a clap within a millisecond or
 * two once the correlation peak is interpolated, coarse enough that three
 * hours take 2 MB. */
#define PK_ENV_HOP_SEC 0.005
/* Byte 0 is this level (dBFS) or less; steps of PK_ENV_STEP_DB. */
#define PK_ENV_FLOOR_DB (-100.0)
#define PK_ENV_STEP_DB 0.5

/* Momentary loudness histogram bins: 0.1 LU from -70 LUFS up to +10. */
#define PK_LEVEL_BINS 800

struct pk_trackscan {
	/* envelope (owned; n bytes) */
	uint8_t *env;
	size_t n, cap;
	/* the hop being summed */
	double sum;
	int64_t frames;	 /* frames seen */
	int64_t hop_end; /* frame at which the current hop ends */
	int rate;
	/* momentary loudness every 100 ms (libebur128) */
	ebur128_state *meter;
	int64_t step_left; /* frames to the next reading */
	int step;	   /* frames (of the meter's rate) per reading */
	int dec;	   /* frames averaged into one for the meter */
	int dcount;	   /* frames in dsum */
	float dsum;
	uint32_t hist[PK_LEVEL_BINS];
	/* every reading kept too, one byte each (PK_MOM_*): 36 KB an hour */
	uint8_t *mom;
	size_t nmom, capmom;
};

/* A kept momentary reading: 0 is under -70 LUFS, else v / 2 - 70 LUFS;
 * reading i covers the 400 ms that end (i + 1) * PK_MOM_STEP_SEC in. */
#define PK_MOM_STEP_SEC 0.1
#define PK_MOM_WINDOW_SEC 0.4
static inline double pk_mom_lufs(uint8_t v)
{
	return v / 2.0 - 70;
}

/* _init for a mono stream at rate; _process on n frames; _finish ends the
 * last hop; _release frees. */
int pk_trackscan_init(struct pk_trackscan *s, int rate);
int pk_trackscan_process(struct pk_trackscan *s, const float *x, size_t n);
int pk_trackscan_finish(struct pk_trackscan *s);
void pk_trackscan_release(struct pk_trackscan *s);

/* The track's speech loudness (LUFS): the power mean of its momentary
 * readings within PK_SPEECH_GATE_LU of its loud end. -HUGE_VAL when it
 * has no speech (everything under PK_SILENT_LUFS). */
double pk_trackscan_speech(const struct pk_trackscan *s);

/* The integrated loudness (BS.1770's relative gate, on momentary
 * readings) of the readings whose keep[i] is set; -HUGE_VAL when none is
 * over -70 LUFS. *count is set to the readings kept. */
double pk_mom_integrated(const uint8_t *mom, size_t n, const uint8_t *keep,
			 size_t *count);

/* ---- alignment -------------------------------------------------------- */

/* Finds the lag (in hops, fractional) at which trk best matches ref over
 * ref's hops [start, start + len): trk's hop i - lag lines up with ref's
 * hop i. Lags from lo to hi are tried. Sets *lag, *match (the normalised
 * correlation at the peak, 0-1) and *prominence (how many standard
 * deviations of the correlation at the other lags, 0.25 s or more away,
 * the peak stands above their mean). Returns 0, or PK_EINVAL when too
 * little of the window overlaps trk at any lag, PK_ENOMEM. */
int pk_align_lag(const uint8_t *ref, size_t nref, const uint8_t *trk,
		 size_t ntrk, size_t start, size_t len, long lo, long hi,
		 double *lag, double *match, double *prominence);

/* ---- the crosstalk gate and mixer -------------------------------------- */

struct pk_xgate {
	int tracks, block, lookahead; /* block in frames, lookahead in blocks */
	double depth_db;	      /* how far a closed gate turns down */
	double presence;	      /* dBFS a speaking mic reaches */
	float *ring;	 /* tracks x (lookahead + 1) blocks of delayed audio */
	int head;	 /* the ring's oldest block */
	double *env;	 /* per track: envelope follower, dB */
	double *gain_db; /* per track: the gain now */
	int *hold;	 /* per track: blocks the gate stays open */
	int64_t *closed; /* per track: blocks spent closed */
	double *floor;	 /* per track: its noise floor, dB */
};

/* A gate for tracks mono tracks at rate, levelled so that speech reads
 * about level_db (LUFS) on each; depth_db 0: never gates (only mixes). */
int pk_xgate_init(struct pk_xgate *g, int tracks, int rate, double depth_db,
		  double level_db);
/* Frames per block (10 ms). */
int pk_xgate_block(const struct pk_xgate *g);
/* Takes one block of every track (in[k], block frames) and writes one
 * block of the mix to out: the mix of the blocks given lookahead calls
 * ago, so the gain of a block is decided with the next 30 ms in view. */
void pk_xgate_process(struct pk_xgate *g, const float *const *in, float *out);
/* The lookahead in blocks (the mix is that many blocks late). */
int pk_xgate_latency(const struct pk_xgate *g);
void pk_xgate_release(struct pk_xgate *g);

#endif
