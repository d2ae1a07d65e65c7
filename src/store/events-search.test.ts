/** The events list's `q` ignores case and accents the same way on SQLite and PostgreSQL. */
import { expect, it } from 'vitest';
import { buildEvent, describeEachDialect, seedTenant } from '../../test/support/databases.js';

describeEachDialect('events search', (context) => {
  it('finds words typed without accents, in any case, in text written with them', async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const events = [
      buildEvent({ title: 'Reunión de seguimiento' }),
      buildEvent({ title: 'Lunch', description: 'Démo produit pour Société Générale' }),
      buildEvent({ title: 'Call', location: 'São Paulo office' }),
      buildEvent({ title: 'Re\u0301union d’équipe' }),
      buildEvent({ title: 'Übergabe Zoë' }),
      buildEvent({ title: 'Standup' }),
      buildEvent({ title: 'Renewal at 50% off' }),
      buildEvent({ title: 'Sync re_org' }),
    ];
    await store.events.applyPage(
      scope,
      calendar.id,
      {
        upserts: events.map((event) => ({ event, raw: { id: event.providerEventId } })),
        deletions: [],
      },
      1,
    );
    const titles = async (q: string) =>
      (await store.events.list(scope, { q })).items.map((e) => e.event.title).sort();
    // Before, "reunion" found neither the precomposed nor the decomposed "Réunion".
    expect(await titles('reunion')).toEqual(['Reunión de seguimiento', 'Re\u0301union d’équipe']);
    expect(await titles('RÉUNION')).toEqual(['Reunión de seguimiento', 'Re\u0301union d’équipe']);
    expect(await titles('DEMO PRODUIT')).toEqual(['Lunch']);
    expect(await titles('societe generale')).toEqual(['Lunch']);
    expect(await titles('sao paulo')).toEqual(['Call']);
    expect(await titles('ubergabe zoe')).toEqual(['Übergabe Zoë']);
    expect(await titles('equipe')).toEqual(['Re\u0301union d’équipe']);
    expect(await titles('standup')).toEqual(['Standup']);
    // LIKE's wildcards are the characters themselves, as in the meetings and relationships q.
    expect(await titles('%')).toEqual(['Renewal at 50% off']);
    expect(await titles('_')).toEqual(['Sync re_org']);
  });
});
