/**
 * normaliseText, words and conceptsIn compared with the regular-expression versions they replace (kept
 * here as written before), on the corpus and on generated text made of the pieces each fast path
 * decides on: boilerplate in any case, accents, ß, emoji, white space of every kind, whole-word
 * terms followed by every kind of character.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/seeded-random.js';
import { CONCEPTS, conceptsIn, type Concept } from './lexicon.js';
import { normaliseText, words } from './text.js';

const BOILERPLATE: readonly RegExp[] = [
  /https?:\/\/\S+/gi,
  /join (zoom|microsoft teams|google meet|webex) meeting.*$/gim,
  /meeting id:?\s*[\d ]+/gi,
  /passcode:?\s*\S+/gi,
  /(need to|want to) (make changes|reschedule|cancel)[^.\n]*[.\n]?/gi,
  /powered by (calendly|chili ?piper|hubspot)/gi,
  /-{3,}[\s\S]*?-{3,}/g,
  /<[^>]+>/g,
  /&[a-z]+;|&#\d+;/gi,
];

function normaliseByPatterns(text: string | null | undefined): string {
  if (!text) return '';
  let cleaned = text;
  for (const pattern of BOILERPLATE) cleaned = cleaned.replace(pattern, ' ');
  return cleaned
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9@.\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const escape = (term: string) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const termSource = (term: string) =>
  term.endsWith('$') ? `${escape(term.slice(0, -1).trim())}(?![a-z0-9])` : escape(term.trim());
const PATTERNS = (Object.entries(CONCEPTS) as [Concept, readonly string[]][]).map(
  ([concept, terms]) => {
    const start = terms.filter((t) => !t.startsWith('*')).map(termSource);
    const anywhere = terms.filter((t) => t.startsWith('*')).map((t) => termSource(t.slice(1)));
    const parts = start.length > 0 ? [`(?:^|\\s)(?:${start.join('|')})`] : [];
    return [concept, new RegExp([...parts, ...anywhere].join('|'))] as const;
  },
);

function wordsByPatterns(normalised: string): string[] {
  return normalised
    .split(' ')
    .map((w) => w.replace(/^[.@]+|[.@]+$/g, ''))
    .filter((w) => w.length > 1 && !/^\d+$/.test(w));
}

function conceptsByPatterns(normalised: string): Concept[] {
  if (!normalised) return [];
  return PATTERNS.filter(([, pattern]) => pattern.test(normalised)).map(([concept]) => concept);
}

function corpusTexts(): string[] {
  const root = join(import.meta.dirname, '../../../corpus');
  return ['helvetia-analytics', 'lumiere-paie', 'ruta-logistica'].flatMap((name) =>
    readFileSync(join(root, name, 'events.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .flatMap((line) => {
        const event = JSON.parse(line) as Record<string, unknown>;
        return [event['title'], event['description'], event['location']].filter(
          (v): v is string => typeof v === 'string',
        );
      }),
  );
}

const TERMS = Object.values(CONCEPTS).flatMap((terms) =>
  terms.map((t) => t.replace(/^\*/, '').replace(/\$$/, '')),
);
const PIECES = [
  ...TERMS,
  ...TERMS.map((t) => t.toUpperCase()),
  'https://acme.zoom.us/j/1?pwd=x',
  'HTTP://X.Y',
  'Join Zoom Meeting',
  'JOIN microsoft teams MEETING now',
  'join  zoom meeting',
  'Meeting ID: 123 456',
  'meeting id',
  'PASSCODE: 9f8',
  'Passcode',
  'need to reschedule? go.',
  'Want To Cancel\n',
  'want to',
  'powered by Calendly',
  'Powered By chilipiper',
  'powered by',
  '---',
  '-----',
  '<b>',
  '</p>',
  '<',
  '>',
  '&amp;',
  '&#39;',
  '&',
  'Démo',
  'Müller',
  'Straße',
  'STRASSE',
  'ẞ',
  'İstanbul',
  'K',
  'ſ',
  'ﬁnance',
  '①',
  '📞',
  '株式会社',
  'ä',
  'a\u0301',
  'acme.com',
  'a@b.de',
  '.@.',
  '12',
  'x',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\u00a0',
  '\u2028',
  '\u3000',
  '\ufeff',
  '\u200b',
  '-',
  '_',
  ',',
  '/',
  ':',
];

function generatedTexts(count: number): string[] {
  const next = seededRandom(26);
  const pick = () => PIECES[Math.floor(next() * PIECES.length)] ?? '';
  return Array.from({ length: count }, () =>
    Array.from({ length: Math.floor(next() * 12) }, () => {
      const piece = pick();
      return next() < 0.5 ? piece : `${piece}${pick()}`;
    }).join(next() < 0.3 ? '' : ' '),
  );
}

describe('normaliseText', () => {
  it('folds as the chain of regular expressions did, on the corpus and generated text', () => {
    const texts = [...corpusTexts(), ...generatedTexts(40_000), '', '   ', '\u00a0x\u2028'];
    for (const text of texts) expect(normaliseText(text)).toBe(normaliseByPatterns(text));
    expect(normaliseText(null)).toBe('');
  });

  it('folds every UTF-16 code unit as the regular expressions did', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const text = `Demo${String.fromCharCode(code)}x ${String.fromCharCode(code)}`;
      expect(normaliseText(text)).toBe(normaliseByPatterns(text));
    }
  });
});

describe('conceptsIn', () => {
  it('finds what the per-concept patterns found, in the same order', () => {
    const texts = [...corpusTexts(), ...generatedTexts(40_000)];
    for (const text of texts) {
      for (const candidate of [normaliseText(text), text, ` ${normaliseText(text)}`])
        expect([...conceptsIn(candidate)]).toEqual(conceptsByPatterns(candidate));
    }
  });

  it('takes for a word start what \\s takes for white space, every UTF-16 code unit', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const text = `x${String.fromCharCode(code)}demo ko${String.fromCharCode(code)}`;
      expect([...conceptsIn(text)]).toEqual(conceptsByPatterns(text));
    }
  });
});

describe('words', () => {
  it('splits and trims as the regular expressions did', () => {
    const texts = [
      ...corpusTexts(),
      ...generatedTexts(20_000),
      '',
      ' ',
      '..',
      '@.a.@',
      '1.5',
      '٣٤',
    ];
    for (const text of texts) {
      for (const candidate of [normaliseText(text), text])
        expect(words(candidate)).toEqual(wordsByPatterns(candidate));
    }
  });
});
