/**
 * QA (black box) of the CRM bulk upserts: a misspelled field was dropped with a 200
 * (`{"domain": ..., "Stage": ...}` stored an account without domains or stage), and a refused
 * batch said one concatenated message, schema errors without the item's externalId, the
 * reference checks' problems only once the schema's were fixed. Every problem is now named at
 * once, in `error.errors` too.
 */
import { expect, it } from 'vitest';
import { useApi } from '../support/crm-meetings-api.js';
import { describeEachDialect } from '../support/databases.js';
import { putCrm, seedNorthwind, storedCrm } from '../support/meetings.js';

describeEachDialect('CRM API: refused batches', (context) => {
  const api = useApi(context);

  const put = (token: string, kind: string, payload: object) =>
    putCrm(api().server, token, kind, payload);

  const stored = (orgId: string) => storedCrm(context().store, orgId);

  it('an unknown or misspelled field is a 400 naming it, with the field it probably meant', async () => {
    const { orgId, token } = await seedNorthwind(context().store);
    const account = await put(token, 'accounts', {
      accounts: [{ externalId: 'typo-1', name: 'Typo Co', domain: 'typo.example', Stage: 'demo' }],
    });
    expect(account.statusCode).toBe(400);
    expect(account.json().error).toEqual({
      code: 'invalid_input',
      message:
        'body.accounts.0.domain: Unrecognized key: "domain" (did you mean "domains"?); ' +
        'body.accounts.0.Stage: Unrecognized key: "Stage" (did you mean "stage"?)',
      errors: [
        {
          index: 0,
          externalId: 'typo-1',
          field: 'domain',
          message: 'Unrecognized key: "domain" (did you mean "domains"?)',
        },
        {
          index: 0,
          externalId: 'typo-1',
          field: 'Stage',
          message: 'Unrecognized key: "Stage" (did you mean "stage"?)',
        },
      ],
    });
    const lead = await put(token, 'leads', {
      leads: [{ email: 'a@typo.example', accountExternalID: 'typo-1', foo: 1 }],
    });
    expect(lead.statusCode).toBe(400);
    expect(lead.json().error.message).toBe(
      'body.leads.0.accountExternalID: Unrecognized key: "accountExternalID" (did you mean "accountExternalId"?); ' +
        'body.leads.0.foo: Unrecognized key: "foo"',
    );
    const extraList = await put(token, 'contacts', { contacts: [{ email: 'a@b.com' }], leads: [] });
    expect(extraList.statusCode).toBe(400);
    expect(extraList.json().error.message).toContain('Unrecognized key: "leads"');
    expect(await stored(orgId)).toEqual({ accounts: [], leads: [], contacts: [] });
  });

  it('names every problem of both kinds at once, each by index, externalId and field', async () => {
    const { orgId, token } = await seedNorthwind(context().store);
    const response = await put(token, 'leads', {
      leads: [
        { externalId: 'l-0', email: 'not-an-email' },
        { externalId: 'l-1', email: 'b@acme.com', accountExternalId: 'no-such-account' },
        { externalId: 'l-2', email: 'c@acme.com' },
        { externalId: 'l-2', email: 'd@acme.com' },
        { externalId: 'l-4', company: 'No email, not stored' },
        { email: 'e@acme.com', nmae: 'Eve' },
      ],
    });
    expect(response.statusCode).toBe(400);
    const { errors, message } = response.json().error;
    expect(errors).toEqual([
      { index: 0, externalId: 'l-0', field: 'email', message: expect.any(String) },
      {
        index: 1,
        externalId: 'l-1',
        field: 'accountExternalId',
        message: 'no account with externalId "no-such-account" in your organisation',
      },
      {
        index: 3,
        externalId: 'l-2',
        field: 'externalId',
        message: '"l-2" is also item 2\'s; each record once per request',
      },
      {
        index: 4,
        externalId: 'l-4',
        field: 'email',
        message:
          'is required for a new lead, and no lead of your organisation has externalId "l-4"',
      },
      {
        index: 5,
        externalId: null,
        field: 'nmae',
        message: 'Unrecognized key: "nmae" (did you mean "name"?)',
      },
    ]);
    for (const where of [
      'body.leads.0.email: ',
      'body.leads.1.accountExternalId: no account',
      'body.leads.3.externalId: "l-2" is also item 2\'s',
      'body.leads.4.email: is required for a new lead',
      'body.leads.5.nmae: Unrecognized key',
    ])
      expect(message).toContain(where);
    expect(await stored(orgId)).toEqual({ accounts: [], leads: [], contacts: [] });
  });

  it('the envelope is still checked before the items, as before', async () => {
    const { token } = await seedNorthwind(context().store);
    const empty = await put(token, 'accounts', { accounts: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('body.accounts');
    const missing = await put(token, 'accounts', { acounts: [{ name: 'A' }] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('body.accounts: is required');
  });
});
