/** Kept so this emulator's modules (and the bench) import the generator from beside them. */
export { seededRandom } from '../shared/prng.js';
