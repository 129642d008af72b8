// A small seeded random generator (mulberry32), shared by the property tests and generators so a failure reproduces from its seed.

// @ts-expect-error: a plain JavaScript module (the scripts use it without a build step), typed here.
import { seededRandom as mulberry32 } from '../../scripts/random.mjs';

/** Returns a function giving numbers in [0, 1), the same sequence for the same seed. */
export const seededRandom: (seed: number) => () => number = mulberry32;
