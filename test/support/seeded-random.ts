/** The seeded generator the emulators use (mulberry32), for tests that draw their inputs. */
export { seededRandom } from '../../emulators/shared/prng.js';
