/**
 * The control API under /__control/ (JSON): the same operations as ExchangeEmulatorControl, for
 * tests and tools in another process. It needs no credentials: the emulator is a local test tool.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ExchangeEmulatorControl } from './control.js';
import { faultRuleSchema } from './faults.js';
import { delegateSchema, folderSchema, itemSchema, occurrenceSchema } from './seed.js';
import type { SettingsPatch } from './settings.js';
import type { CalendarItemPatch } from './types.js';

type MailboxParams = { Params: { mailbox: string } };
type ItemParams = { Params: { mailbox: string; id: string } };

const moveSchema = z.object({ start: z.string(), end: z.string() });

export function registerControlRoutes(
  app: FastifyInstance,
  control: ExchangeEmulatorControl,
): void {
  registerItemControls(app, control);
  registerMailboxControls(app, control);
  registerFolderControls(app, control);
  registerFaultControls(app, control);
  app.get('/__control/settings', async () => control.settings());
  app.patch('/__control/settings', async (request) =>
    control.updateSettings((request.body ?? {}) as SettingsPatch),
  );
  app.get('/__control/operations', async () => control.operationCounts());
  app.delete('/__control/operations', async (_request, reply) => {
    control.resetOperationCounts();
    return reply.code(204).send();
  });
  app.post('/__control/reset', async (_request, reply) => {
    control.reset();
    return reply.code(204).send();
  });
}

function registerItemControls(app: FastifyInstance, control: ExchangeEmulatorControl): void {
  const base = '/__control/mailboxes/:mailbox/items';
  app.get<MailboxParams>(base, async (request) => ({
    items: control.items(request.params.mailbox),
  }));
  app.post<MailboxParams>(base, async (request, reply) =>
    reply.code(201).send(control.addItem(request.params.mailbox, itemSchema.parse(request.body))),
  );
  app.patch<ItemParams>(`${base}/:id`, async (request) =>
    control.updateItem(
      request.params.mailbox,
      request.params.id,
      itemSchema.partial().parse(request.body) as CalendarItemPatch,
    ),
  );
  app.post<ItemParams>(`${base}/:id/move`, async (request) =>
    control.moveItem(request.params.mailbox, request.params.id, moveSchema.parse(request.body)),
  );
  app.post<ItemParams>(`${base}/:id/cancel`, async (request) =>
    control.cancelItem(request.params.mailbox, request.params.id),
  );
  app.delete<ItemParams>(`${base}/:id`, async (request, reply) => {
    control.deleteItem(request.params.mailbox, request.params.id);
    return reply.code(204).send();
  });
  app.post<ItemParams>(`${base}/:id/occurrences/modify`, async (request) => {
    const { originalStart, ...change } = occurrenceSchema.parse(request.body);
    return control.modifyOccurrence(
      request.params.mailbox,
      request.params.id,
      originalStart,
      change,
    );
  });
  app.post<ItemParams>(`${base}/:id/occurrences/delete`, async (request) =>
    control.deleteOccurrence(
      request.params.mailbox,
      request.params.id,
      z.object({ originalStart: z.string() }).parse(request.body).originalStart,
    ),
  );
}

function registerFolderControls(app: FastifyInstance, control: ExchangeEmulatorControl): void {
  const base = '/__control/mailboxes/:mailbox/folders';
  app.get<MailboxParams>(base, async (request) => ({
    folders: control.folders(request.params.mailbox),
  }));
  app.post<MailboxParams>(base, async (request, reply) =>
    reply
      .code(201)
      .send(control.createFolder(request.params.mailbox, folderSchema.parse(request.body))),
  );
  app.patch<ItemParams>(`${base}/:id`, async (request) =>
    control.renameFolder(
      request.params.mailbox,
      request.params.id,
      z.object({ displayName: z.string().min(1) }).parse(request.body).displayName,
    ),
  );
  app.delete<ItemParams>(`${base}/:id`, async (request, reply) => {
    control.deleteFolder(request.params.mailbox, request.params.id);
    return reply.code(204).send();
  });
}

function registerMailboxControls(app: FastifyInstance, control: ExchangeEmulatorControl): void {
  app.get('/__control/mailboxes', async () => control.mailboxes());
  app.get<MailboxParams>('/__control/mailboxes/:mailbox/view', async (request) => {
    const params = new URL(request.url, 'http://emulator').searchParams;
    return {
      items: control.view(
        request.params.mailbox,
        params.get('start') ?? '',
        params.get('end') ?? '',
        params.get('folder') ?? undefined,
      ),
    };
  });
  const delegates = '/__control/mailboxes/:mailbox/delegates';
  app.get<MailboxParams>(delegates, async (request) => ({
    delegates: control.delegates(request.params.mailbox),
  }));
  app.post<MailboxParams>(delegates, async (request, reply) => {
    const grant = delegateSchema.parse(request.body);
    control.grantDelegate(request.params.mailbox, grant.email, grant.level);
    return reply.code(204).send();
  });
  app.delete<ItemParams>(`${delegates}/:id`, async (request, reply) => {
    control.revokeDelegate(request.params.mailbox, request.params.id);
    return reply.code(204).send();
  });
  app.post<MailboxParams>(
    '/__control/mailboxes/:mailbox/invalidate-sync-states',
    async (request, reply) => {
      control.invalidateSyncStates(request.params.mailbox);
      return reply.code(204).send();
    },
  );
  app.post<MailboxParams>(
    '/__control/mailboxes/:mailbox/invalidate-watermarks',
    async (request, reply) => {
      control.invalidateWatermarks(request.params.mailbox);
      return reply.code(204).send();
    },
  );
  app.post('/__control/subscriptions/expire', async (request) => ({
    expired: control.expireSubscriptions(
      z.object({ mailbox: z.string().optional() }).parse(request.body ?? {}).mailbox,
    ),
  }));
}

function registerFaultControls(app: FastifyInstance, control: ExchangeEmulatorControl): void {
  app.get('/__control/faults', async () => control.faults());
  app.post('/__control/faults', async (request, reply) =>
    reply.code(201).send(control.addFault(faultRuleSchema.parse(request.body))),
  );
  app.delete('/__control/faults', async (_request, reply) => {
    control.clearFaults();
    return reply.code(204).send();
  });
  app.delete<{ Params: { id: string } }>('/__control/faults/:id', async (request, reply) =>
    reply.code(control.removeFault(request.params.id) ? 204 : 404).send(),
  );
  app.post('/__control/faults/seed', async (request, reply) => {
    control.seedFaults(z.object({ seed: z.number().int() }).parse(request.body).seed);
    return reply.code(204).send();
  });
}
