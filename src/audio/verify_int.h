/* verify_int.h: checking an encode while it happens: the encoder's packets
 * are decoded and measured on a second thread (libavcodec, libebur128 and
 * the 4x true-peak meter), so the check costs no extra pass over the file.
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
 * everything). curve: also fill a short-term loudness curve. */
int pk_verifier_start(struct pk_verifier **out,
		      const struct AVCodecParameters *par, int skip,
		      int64_t frames, int curve, struct pk_error *err);

/* Hands over a copy of pkt; waits when the checker is far behind, so
 * memory stays flat. Suits pk_encoder_set_tap. Returns 0 or a PK_E*
 * code. */
int pk_verifier_tap(void *verifier, const struct AVPacket *pkt);

/* Ends the stream, waits for the checker and fills out (and curve). */
int pk_verifier_finish(struct pk_verifier *v, struct pk_loudness *out,
		       struct pk_curve *curve, struct pk_error *err);

/* Stops the thread if still running and frees everything. NULL: no-op. */
void pk_verifier_free(struct pk_verifier *v);

#endif
