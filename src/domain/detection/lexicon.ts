/**
 * Words that say what a meeting is for, in English, German, French and Spanish (and a little
 * Dutch and Portuguese), folded like normaliseText. A term matches at the start of a word
 * (`negoti` finds "negotiation" and "negotiating"); a leading `*` lets it match inside a word,
 * for German and Dutch compounds ("Vertragsverhandlung"); a trailing `$` makes it a whole word,
 * for short terms that begin common words ("KO" would otherwise find "Kontakt" and "Kosten").
 */
import { OTHER_TERMS } from './terms-other.js';
import { SALES_TERMS } from './terms-sales.js';

export const CONCEPTS = { ...SALES_TERMS, ...OTHER_TERMS } as const satisfies Record<
  string,
  readonly string[]
>;

export type Concept = keyof typeof CONCEPTS;

/**
 * The terms compiled once into one trie, read at each word start: a text is walked once, instead
 * of once per concept by 18 regular expressions. It finds what the patterns
 * `(?:^|\s)(?:a|b|...)|c|...` find (lexicon.test.ts compares them): a term matches at the start
 * of the text or after a white-space character (`\s`), a `*` term anywhere, and a term ending in
 * `$` only where no letter or digit follows.
 */
interface TermEnd {
  concept: number;
  wholeWord: boolean;
}

interface TrieNode {
  next: Map<number, TrieNode>;
  ends: TermEnd[];
}

interface Literal {
  text: string;
  wholeWord: boolean;
}

const CONCEPT_LIST = Object.keys(CONCEPTS) as Concept[];
const WORD_START_TERMS: TrieNode = { next: new Map(), ends: [] };
const ANYWHERE_TERMS: (Literal & { concept: number })[] = [];

CONCEPT_LIST.forEach((concept, index) => {
  for (const term of CONCEPTS[concept] as readonly string[]) {
    if (term.startsWith('*')) ANYWHERE_TERMS.push({ ...literalOf(term.slice(1)), concept: index });
    else addTerm(literalOf(term), index);
  }
});

/** The text a term stands for, as the patterns wrote it (trimmed, without its `$`). */
function literalOf(term: string): Literal {
  return term.endsWith('$')
    ? { text: term.slice(0, -1).trim(), wholeWord: true }
    : { text: term.trim(), wholeWord: false };
}

function addTerm({ text, wholeWord }: Literal, concept: number): void {
  let node = WORD_START_TERMS;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let child = node.next.get(code);
    if (!child) {
      child = { next: new Map(), ends: [] };
      node.next.set(code, child);
    }
    node = child;
  }
  node.ends.push({ concept, wholeWord });
}

/** The concepts a normalised text mentions. */
export function conceptsIn(normalised: string): Set<Concept> {
  const found = new Set<Concept>();
  if (!normalised) return found;
  const mentioned = new Uint8Array(CONCEPT_LIST.length);
  for (let start = 0; start < normalised.length; start++) {
    if (start === 0 || isSpace(normalised.charCodeAt(start - 1)))
      markWordStartTerms(normalised, start, mentioned);
  }
  for (const { text, wholeWord, concept } of ANYWHERE_TERMS)
    if (mentioned[concept] === 0 && occurs(normalised, text, wholeWord)) mentioned[concept] = 1;
  CONCEPT_LIST.forEach((concept, index) => {
    if (mentioned[index] === 1) found.add(concept);
  });
  return found;
}

/**
 * The trie as flat arrays, walked by the hot loop: a node's child for a character is
 * `NEXT[node * WIDTH + CLASS_OF[code]]` (0: none; the root, node 0, is nobody's child), classes
 * numbering the characters the terms use (0 for any other).
 */
const CLASS_OF = new Uint8Array(0x10000);
const TRIE_NODES: TrieNode[] = [WORD_START_TERMS];
const NODE_IDS = new Map<TrieNode, number>([[WORD_START_TERMS, 0]]);
let classes = 0;
for (let i = 0; i < TRIE_NODES.length; i++) {
  for (const [code, child] of TRIE_NODES[i]?.next ?? []) {
    if (CLASS_OF[code] === 0) CLASS_OF[code] = ++classes;
    NODE_IDS.set(child, TRIE_NODES.length);
    TRIE_NODES.push(child);
  }
}
// Classes are kept in a Uint8Array: the terms use about forty characters.
if (classes > 0xff) throw new Error('lexicon: too many distinct characters in the terms');
const WIDTH = classes + 1;
const NEXT = new Int32Array(TRIE_NODES.length * WIDTH);
TRIE_NODES.forEach((node, id) => {
  for (const [code, child] of node.next)
    NEXT[id * WIDTH + (CLASS_OF[code] ?? 0)] = NODE_IDS.get(child) ?? 0;
});
const ENDS: (readonly TermEnd[] | null)[] = TRIE_NODES.map((n) => (n.ends.length ? n.ends : null));

/** Marks the concepts of the terms that begin at `start`. */
function markWordStartTerms(text: string, start: number, mentioned: Uint8Array): void {
  let node = 0;
  for (let at = start; ; at++) {
    const ends = ENDS[node];
    if (ends)
      for (const end of ends)
        if (!end.wholeWord || !isWordChar(text.charCodeAt(at))) mentioned[end.concept] = 1;
    if (at >= text.length) return;
    node = NEXT[node * WIDTH + (CLASS_OF[text.charCodeAt(at)] ?? 0)] ?? 0;
    if (node === 0) return;
  }
}

function occurs(text: string, term: string, wholeWord: boolean): boolean {
  for (
    let at = text.indexOf(term);
    at >= 0;
    at = at < text.length ? text.indexOf(term, at + 1) : -1
  )
    if (!wholeWord || !isWordChar(text.charCodeAt(at + term.length))) return true;
  return false;
}

/** `[a-z0-9]`: what a whole-word term must not be followed by (NaN past the end is not). */
function isWordChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}

/** White space as `\s` has it in a regular expression. */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
