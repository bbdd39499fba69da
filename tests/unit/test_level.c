/* test_level.c: the speaker-levelling curve on synthetic block data: two
 * "speakers" 10 dB apart taking turns over a noise floor, a steady tone,
 * silence; the slew, boost and pause bounds; the sample-level applier. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "audio/level_int.h"
#include "podkit/loudness.h"
#include "audio/speakers_int.h"
#include "podkit/transcript.h"

#define RATE 48000
#define PER 480 /* 10 ms */
#define BLOCK_S 0.01

static double e_of(double db)
{
	return pow(10, db / 10);
}

/* turns of speech_s seconds, alternately at level a and b (dB), with a
 * pause of pause_s at noise (dB) between; syllables: 150 ms at the level,
 * 50 ms 20 dB under. Fills starts/ends of each turn when not NULL. */
static void make(struct pk_blocks *bl, int turns, double speech_s,
		 double pause_s, double a, double b, double noise,
		 double *starts, double *ends)
{
	size_t per_turn = (size_t)((speech_s + pause_s) / BLOCK_S + 0.5);
	size_t sp = (size_t)(speech_s / BLOCK_S + 0.5), i;
	int t;

	memset(bl, 0, sizeof(*bl));
	bl->n = bl->cap = per_turn * turns;
	bl->energy = calloc(bl->n, sizeof(float));
	bl->peak = calloc(bl->n, sizeof(float));
	bl->frames = PER;
	bl->rate = RATE;
	for (t = 0; t < turns; t++) {
		double lv = t % 2 ? b : a;
		size_t o = t * per_turn;

		if (starts) {
			starts[t] = o * BLOCK_S;
			ends[t] = (o + sp) * BLOCK_S;
		}
		for (i = 0; i < per_turn; i++) {
			double db =
			    i < sp ? (i % 20 < 15 ? lv : lv - 20) : noise;

			bl->energy[o + i] = (float)e_of(db);
			bl->peak[o + i] = (float)pow(10, (db + 3) / 20);
		}
	}
}

/* The largest change between neighbouring blocks, over all blocks and
 * over blocks that are both speech. */
static void slews(const struct pk_level_plan *p, double *all, double *speech)
{
	size_t i;

	*all = *speech = 0;
	for (i = 1; i < p->n; i++) {
		double d = fabs(p->gain_db[i] - p->gain_db[i - 1]);

		if (d > *all)
			*all = d;
		if (p->speech[i] && p->speech[i - 1] && d > *speech)
			*speech = d;
	}
}

/* The mean level (dB of mean energy) after the curve of the speech
 * blocks of turns of one parity. */
static double turns_level(const struct pk_blocks *b,
			  const struct pk_level_plan *p, int parity,
			  double turn_s)
{
	double sum = 0, n = 0;
	size_t i;

	for (i = 0; i < b->n; i++) {
		int t = (int)(i * BLOCK_S / turn_s);

		if (!p->speech[i] || t % 2 != parity)
			continue;
		sum += b->energy[i] * pow(10, p->gain_db[i] / 10);
		n++;
	}
	return n ? 10 * log10(sum / n) : -HUGE_VAL;
}

/* For every pause: its highest gain is no higher than the higher speech
 * gain beside it (a pause is never raised over the speech around it) and,
 * when it is long enough for the change at the bound, its lowest is the
 * lower of the two. */
static int pauses_ok(const struct pk_level_plan *p)
{
	size_t i = 0, j, k;

	while (i < p->n) {
		double lo = HUGE_VAL, hi = -HUGE_VAL, before, after;

		if (p->speech[i]) {
			i++;
			continue;
		}
		for (j = i; j < p->n && !p->speech[j]; j++)
			;
		if (i == 0 || j == p->n) {
			i = j;
			continue;
		}
		before = p->gain_db[i - 1];
		after = p->gain_db[j];
		for (k = i; k < j; k++) {
			if (p->gain_db[k] < lo)
				lo = p->gain_db[k];
			if (p->gain_db[k] > hi)
				hi = p->gain_db[k];
		}
		if (hi > fmax(before, after) + 1e-4)
			return 0;
		if ((j - i) * BLOCK_S * PK_LEVEL_MAX_DB_PER_S >
			fabs(after - before) + 0.1 &&
		    lo > fmin(before, after) + 1e-4)
			return 0;
		i = j;
	}
	return 1;
}

static void test_adaptive(void)
{
	struct pk_blocks b;
	struct pk_level_plan p;
	double all, speech, la, lb;
	size_t i;
	int bounded = 1;

	make(&b, 10, 3.0, 0.5, -20, -30, -60, NULL, NULL);
	CHECK_INT(pk_level_plan_make(&b, NULL, 0, 0, &p), 0);
	CHECK_INT(p.levelled, 1);
	CHECK_NEAR(p.speech_sec, 30, 1.5);
	slews(&p, &all, &speech);
	/* the bounds the header states, per 10 ms block */
	CHECK(all <= PK_LEVEL_MAX_DB_PER_S * BLOCK_S + 1e-4);
	CHECK(speech <= PK_LEVEL_SPEECH_DB_PER_S * BLOCK_S + 1e-4);
	for (i = 0; i < p.n; i++)
		if (p.gain_db[i] > PK_LEVEL_MAX_BOOST_DB + 1e-4 ||
		    p.gain_db[i] < -PK_LEVEL_MAX_CUT_DB - 1e-4)
			bounded = 0;
	CHECK(bounded);
	CHECK(pauses_ok(&p));
	la = turns_level(&b, &p, 0, 3.5);
	lb = turns_level(&b, &p, 1, 3.5);
	CHECK_NEAR(la - lb, 0, 0.5);
	/* the noise in the pause after the louder speaker keeps their gain
	 * until the change just before the quieter one speaks */
	{
		double mid = p.gain_db[(size_t)(3.1 / BLOCK_S)];

		CHECK(mid <= p.gain_db[(size_t)(1.0 / BLOCK_S)] + 1e-4);
	}
	pk_level_plan_release(&p);
	pk_blocks_release(&b);
}

static void test_speakers(void)
{
	struct pk_blocks b;
	struct pk_level_plan p;
	struct pk_level_turn turns[10];
	double starts[10], ends[10], all, speech;
	int t;

	make(&b, 10, 3.0, 0.3, -20, -30, -60, starts, ends);
	for (t = 0; t < 10; t++) {
		turns[t].start = starts[t];
		turns[t].end = ends[t];
		turns[t].speaker = t % 2;
	}
	CHECK_INT(pk_level_plan_make(&b, turns, 10, 2, &p), 0);
	CHECK_INT(p.levelled, 1);
	CHECK_NEAR(turns_level(&b, &p, 0, 3.3) - turns_level(&b, &p, 1, 3.3), 0,
		   0.3);
	/* one gain per speaker: B 10 dB over A in the middle of turns */
	CHECK_NEAR(p.gain_db[(size_t)(4.8 / BLOCK_S)] -
		       p.gain_db[(size_t)(1.5 / BLOCK_S)],
		   10, 0.1);
	slews(&p, &all, &speech);
	CHECK(all <= PK_LEVEL_MAX_DB_PER_S * BLOCK_S + 1e-4);
	CHECK(pauses_ok(&p));
	pk_level_plan_release(&p);
	pk_blocks_release(&b);
}

/* a speaker 30 dB under the other is raised by at most the bound */
static void test_bounds(void)
{
	struct pk_blocks b;
	struct pk_level_plan p;
	size_t i;
	double hi = -HUGE_VAL, lo = HUGE_VAL;

	make(&b, 6, 3.0, 0.5, -15, -45, -75, NULL, NULL);
	CHECK_INT(pk_level_plan_make(&b, NULL, 0, 0, &p), 0);
	CHECK_INT(p.levelled, 1);
	for (i = 0; i < p.n; i++) {
		hi = fmax(hi, p.gain_db[i]);
		lo = fmin(lo, p.gain_db[i]);
	}
	CHECK(hi <= PK_LEVEL_MAX_BOOST_DB + 1e-4);
	CHECK(lo >= -PK_LEVEL_MAX_CUT_DB - 1e-4);
	pk_level_plan_release(&p);
	pk_blocks_release(&b);
}

/* no speech: a steady tone, silence, noise alone: a flat curve */
static void test_no_speech(void)
{
	struct pk_blocks b;
	struct pk_level_plan p;
	size_t i;
	int flat = 1;

	make(&b, 1, 20.0, 0, -20, -20, -20, NULL, NULL);
	for (i = 0; i < b.n; i++)
		b.energy[i] = (float)e_of(i < b.n / 2 ? -40 : -18);
	CHECK_INT(pk_level_plan_make(&b, NULL, 0, 0, &p), 0);
	CHECK_INT(p.levelled, 0);
	for (i = 0; i < p.n; i++)
		if (p.gain_db[i] != 0)
			flat = 0;
	CHECK(flat);
	pk_level_plan_release(&p);
	for (i = 0; i < b.n; i++)
		b.energy[i] = 0;
	CHECK_INT(pk_level_plan_make(&b, NULL, 0, 0, &p), 0);
	CHECK_INT(p.levelled, 0);
	pk_level_plan_release(&p);
	pk_blocks_release(&b);
}

/* the applier: at each block centre the curve's gain, in between a line,
 * whatever size the pieces come in */
static void test_leveler(void)
{
	struct pk_level_plan p = {0};
	struct pk_leveler *l;
	float *in, *out;
	const float *o;
	size_t n = 20 * PER, i, done = 0, piece = 333;
	double worst = 0, jump = 0;

	p.n = 20;
	p.frames = PER;
	p.rate = RATE;
	p.levelled = 1;
	p.gain_db = calloc(p.n, sizeof(float));
	for (i = 0; i < p.n; i++)
		p.gain_db[i] = (float)(i < 10 ? 0 : 6);
	in = malloc(n * 2 * sizeof(float));
	out = malloc(n * 2 * sizeof(float));
	for (i = 0; i < 2 * n; i++)
		in[i] = 0.5f;
	l = pk_leveler_new(&p, 2);
	CHECK(l != NULL);
	while (done < n) {
		size_t k = n - done < piece ? n - done : piece;

		CHECK_INT(pk_leveler_process(l, in + done * 2, k, &o), 0);
		memcpy(out + done * 2, o, k * 2 * sizeof(float));
		done += k;
		piece = piece == 333 ? 4096 : 333;
	}
	for (i = 0; i < p.n; i++) {
		size_t c = i * PER + PER / 2;
		double want = 0.5 * pow(10, p.gain_db[i] / 20);

		worst = fmax(worst, fabs(out[2 * c] - want));
		worst = fmax(worst, fabs(out[2 * c + 1] - want));
	}
	for (i = 1; i < n; i++)
		jump = fmax(jump, fabs(out[2 * i] - out[2 * i - 2]));
	CHECK(worst < 1e-5);
	/* 0.5 to 1.0 spread over one block: no step */
	CHECK(jump <= 0.5 * (pow(10, 6 / 20.0) - 1) / PER + 1e-5);
	pk_leveler_free(l);
	free(in);
	free(out);
	free(p.gain_db);
}

/* each speaker's loudness over their cues, gated as BS.1770 gates it:
 * steady blocks at -20 and -30 dB of energy read -20.691 and -30.691
 * LUFS, the pauses between (under the gates) do not count */
static void test_report(void)
{
	struct pk_blocks b;
	struct pk_transcript t;
	struct pk_speaker_report r;
	struct pk_cue cues[4];
	double starts[4], ends[4];
	char a[] = "Maya Ortiz", bname[] = "Jonah Kessler";
	size_t i;

	make(&b, 4, 3.0, 0.5, -20, -30, -80, starts, ends);
	for (i = 0; i < b.n; i++)
		if (b.energy[i] > e_of(-79))
			b.energy[i] = (float)e_of((i / 350) % 2 ? -30 : -20);
	memset(cues, 0, sizeof(cues));
	for (i = 0; i < 4; i++) {
		cues[i].start = starts[i];
		cues[i].end = ends[i];
		cues[i].speaker = i % 2 ? bname : a;
	}
	t.v = cues;
	t.n = 4;
	CHECK_INT(pk_speaker_report_init(&r, &t), 0);
	CHECK_INT(r.n, 2);
	CHECK_STR(r.v[0].name, "Maya Ortiz");
	CHECK_INT(pk_speaker_report_measure(&r, &t, &b, 0), 0);
	CHECK_NEAR(r.v[0].integrated, -20.691, 0.01);
	CHECK_NEAR(r.v[1].integrated, -30.691, 0.01);
	CHECK_NEAR(r.spread, 10, 0.02);
	CHECK_NEAR(r.v[1].seconds, 6.0, 0.001);
	CHECK_INT(r.v[1].turns, 2);
	/* cues 0.3 s too long take in some pause: the 400 ms windows over
	 * the joins read a little lower, as ffmpeg's would */
	for (i = 0; i < 4; i++)
		cues[i].end = ends[i] + 0.3;
	CHECK_INT(pk_speaker_report_measure(&r, &t, &b, 0), 0);
	CHECK(r.v[0].integrated < -20.691 && r.v[0].integrated > -21.5);
	CHECK_NEAR(r.v[1].seconds, 6.6, 0.001);
	/* an offset moves every speaker, not the spread */
	{
		double before = r.v[0].integrated;

		CHECK_INT(pk_speaker_report_measure(&r, &t, &b, 5), 0);
		CHECK_NEAR(r.v[0].integrated, before + 5, 0.001);
	}
	CHECK_NEAR(r.spread, 10, 0.02);
	pk_speaker_report_release(&r);
	pk_blocks_release(&b);
}

int main(void)
{
	test_adaptive();
	test_speakers();
	test_bounds();
	test_no_speech();
	test_leveler();
	test_report();
	return harness_done();
}
