import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/seeded-random.js';
import { HASH_BUCKETS, hashedGrams } from './hashed-grams.js';
import { charGrams, hash32, normaliseText, words } from './text.js';

describe('hashedGrams', () => {
  /** The buckets as first written: a string per token, hashed, deduplicated in order. */
  function byStrings(title: string, description: string): number[] {
    const titleWords = words(title);
    const descriptionWords = words(description).slice(0, 200);
    const tokens: string[] = [];
    for (const word of titleWords) tokens.push(`t:${word}`);
    for (let i = 0; i + 1 < titleWords.length; i++)
      tokens.push(`t2:${titleWords[i]} ${titleWords[i + 1]}`);
    for (const gram of charGrams(titleWords)) tokens.push(`tc:${gram}`);
    for (const word of descriptionWords) tokens.push(`d:${word}`);
    return [...new Set(tokens.map((t) => hash32(t) % HASH_BUCKETS))];
  }

  it('gives the buckets of the token strings, in the same order, without building them', () => {
    const texts = [
      '',
      'a',
      'Acme – quote for our office chairs',
      'Vertragsverhandlung Q3 mit Müller & Söhne (Preisangebot)',
      'Démo produit : présentation à l’équipe achats',
      'Renewal renewal RENEWAL kickoff kick-off',
      'x'.repeat(300),
      'Call 📞 with 株式会社 about 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 pricing',
      Array.from({ length: 260 }, (_, i) => `word${i % 37} w${i}`).join(' '),
    ];
    // Not the floating-point LCG this used before, which lost precision and repeated values.
    const next = seededRandom(11);
    const alphabet = 'abcdefghijklmnopqrstuvwxyzäöüéß0123456789 .@-<>';
    for (let i = 0; i < 300; i++) {
      const length = Math.floor(next() * 80);
      texts.push(
        Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''),
      );
    }
    for (const title of texts) {
      for (const description of [texts[3] ?? '', texts[8] ?? '', title]) {
        for (const [t, d] of [
          [normaliseText(title), normaliseText(description)],
          [title, description],
        ] as const) {
          expect(hashedGrams(t, d)).toEqual(byStrings(t, d));
        }
      }
    }
  });
});
