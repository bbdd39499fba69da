/* gainplan_int.h: choosing the one gain that lands on the target after the
 * limiter has taken its share.
 *
 * A limiter lowers the loudness of whatever it touches, so "target minus
 * measured" falls short on peaky speech (and far short when a loud burst
 * dominates the measurement). From pass 1's per-block energies and peaks
 * (struct pk_blocks) this models the limiter's gain block by block (its
 * look-ahead attack and release), gates the result as BS.1770 does, and
 * solves for the gain, so the single encode is already on target.
 */
#ifndef PODKIT_GAINPLAN_H
#define PODKIT_GAINPLAN_H

#include "podkit/loudness.h"

/* The loudness (LUFS) the model expects after gain_db and a limiter with
 * ceiling ceil_db, for a source measured at integrated LUFS. */
double pk_gainplan_predict(const struct pk_blocks *b, double integrated,
			   double gain_db, double ceil_db);

/* The BS.1770 gated loudness (LUFS) of the blocks as they are: what the
 * meter would read for audio with these blocks (the programme of
 * music_int.h, whose blocks are put together rather than measured).
 * -HUGE_VAL under 400 ms or below the gate; NAN when out of memory. */
double pk_gainplan_loudness(const struct pk_blocks *b);

/* The gain in dB that the model says reaches target (at most 24 dB more
 * than target - integrated). */
double pk_gainplan_solve(const struct pk_blocks *b, double integrated,
			 double target, double ceil_db);

/* d(predicted loudness)/d(gain) at gain_db: 1 where the limiter is idle,
 * less where it works. */
double pk_gainplan_slope(const struct pk_blocks *b, double integrated,
			 double gain_db, double ceil_db);

#endif
