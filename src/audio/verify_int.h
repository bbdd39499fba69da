/* verify_int.h: checking an encode while it happens: the encoder's packets
 * are decoded and measured on a second thread (libavcodec, libebur128 and
 * the 8x true-peak meter of limiter_int.h), so the check costs no extra pass over the file.
 * What is measured is what a listener's decoder produces from the file.
 */
#ifndef PODKIT_VERIFY_H
#define PODKIT_VERIFY_H

#include <stdint.h>

#include "podkit/error.h"
#include "podkit/loudness.h"

struct AVCodecParameters;
struct AVPacket;

struct pk_verifier;

/* Starts a checker for packets of the stream par describes (copied).
 * skip: priming frames to drop at the start; frames: how many frames
 * were fed to the encoder (the codec's end padding is left out; -1: keep
 * everything). what: PK_MEASURE_CURVE also fills a short-term loudness
 * curve, PK_MEASURE_BLOCKS keeps the per-block figures. */
int pk_verifier_start(struct pk_verifier **out,
		      const struct AVCodecParameters *par, int skip,
		      int64_t frames, int what, struct pk_error *err);

/* Hands over a copy of pkt; waits when the checker is far behind, so
 * memory stays flat. Suits pk_encoder_set_tap. Returns 0 or a PK_E*
 * code. */
int pk_verifier_tap(void *verifier, const struct AVPacket *pkt);

/* Ends the stream, waits for the checker and fills out (and curve). */
int pk_verifier_finish(struct pk_verifier *v, struct pk_loudness *out,
		       struct pk_curve *curve, struct pk_error *err);

/* After pk_verifier_finish: moves the blocks (PK_MEASURE_BLOCKS) to the
 * caller, who releases them with pk_blocks_release. */
void pk_verifier_take_blocks(struct pk_verifier *v, struct pk_blocks *out);

/* Stops the thread if still running and frees everything. NULL: no-op. */
void pk_verifier_free(struct pk_verifier *v);

#endif
