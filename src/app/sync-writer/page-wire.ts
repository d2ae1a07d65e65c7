/**
 * A page commit as it crosses to the writer thread: JSON text instead of objects. The structured
 * clone of a page of mapped events costs about twice its JSON both to send and to receive
 * (BENCHMARKS.md), and the raw payloads travel as the very JSON the store keeps, so the writer
 * thread neither parses nor serialises them again.
 */
import type { SyncPage } from '../../providers/provider.js';
import { SerialisedRaw } from '../../store/store.js';
import type { PageCommit } from './commit-page.js';

export interface WirePageCommit {
  /** The commit as JSON, with each upsert's raw payload left out (see `raws`). */
  json: string;
  /** Each upsert's raw payload as JSON, in the order of the upserts. */
  raws: string[];
}

type WirePage = Omit<SyncPage, 'upserts'> & { upserts: SyncPage['upserts'][number]['event'][] };

export function toWire(commit: PageCommit): WirePageCommit {
  const { page } = commit;
  const raws = page.upserts.map((upsert) => JSON.stringify(upsert.raw ?? null));
  const wirePage: WirePage = { ...page, upserts: page.upserts.map((upsert) => upsert.event) };
  return { json: JSON.stringify({ ...commit, page: wirePage }), raws };
}

export function fromWire(wire: WirePageCommit): PageCommit {
  const commit = JSON.parse(wire.json) as Omit<PageCommit, 'page'> & { page: WirePage };
  const { page } = commit;
  const upserts = page.upserts.map((event, index) => ({
    event,
    raw: new SerialisedRaw(wire.raws[index] ?? 'null'),
  }));
  return { ...commit, page: { ...page, upserts } };
}
