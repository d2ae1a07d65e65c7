import { describe, expect, it } from 'vitest';
import { citesTicket } from './signals.js';
import { normaliseText } from './text.js';

const cites = (text: string) => citesTicket(normaliseText(text));

describe('citesTicket', () => {
  it('finds ticket and incident numbers however they are written', () => {
    expect(cites('Ticket HA-SUP-2291 / Log-Export seit 02:14 leer')).toBe(true);
    expect(cites('rutas no sincronizan #INC-2291')).toBe(true);
    expect(cites('Ticket #4471 - Vernier - export comptable Sage KO')).toBe(true);
    expect(cites('PagerDuty #88213. Dispatch board times out')).toBe(true);
  });

  it('does not take quote numbers, dates or the bare word for a ticket', () => {
    expect(cites('Offerte HA-2026-014 durchgehen')).toBe(false);
    expect(cites('Ticket-Übersicht und Roadmap H1')).toBe(false);
    expect(cites('Call on 12/03 at 10:00')).toBe(false);
  });
});
