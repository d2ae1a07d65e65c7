import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrganisationContext } from './analysis-inputs.js';
import { ACCOUNT_STAGES } from '../../domain/matching/crm.js';

const write = (content: unknown) => {
  const file = join(mkdtempSync(join(tmpdir(), 'calintel-org-')), 'org.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
};

const account = (id: string, stage: unknown) => ({ id, name: id, domains: [], stage });

describe('loadOrganisationContext (account stages)', () => {
  it('reads every stage the CRM API accepts, and an absent or null stage', async () => {
    const accounts = [
      ...ACCOUNT_STAGES.map((stage) => account(`acc-${stage}`, stage)),
      { id: 'acc-none', name: 'None', domains: [] },
      account('acc-null', null),
    ];
    const { accounts: read } = await loadOrganisationContext(write({ accounts }));
    expect(read.map((a) => a.stage ?? null)).toEqual([...ACCOUNT_STAGES, null, null]);
  });

  it.each(['won', 'Negotiation', ' demo', 'closed won', ''])(
    'stops at stage %j, naming the account, the value and the stages it accepts',
    async (stage) => {
      const file = write({ accounts: [account('acc-1', 'demo'), account('acc-2', stage)] });
      const error = await loadOrganisationContext(file).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'invalid_input' });
      const message = (error as Error).message;
      expect(message).toContain(`--org: ${file} is not an organisation context: accounts.1.stage:`);
      expect(message).toContain(`account "acc-2" has stage ${JSON.stringify(stage)}`);
      expect(message).toContain(ACCOUNT_STAGES.join(', '));
      expect(message).not.toContain('\n');
    },
  );
});
