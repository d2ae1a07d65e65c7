/** Applies the fault rules (faults.ts) to authenticated EWS calls. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from './context.js';
import type { Mailbox } from './mailbox.js';
import { EwsError, envelope, errorMessage, faultDocument, serverBusy } from './soap.js';

const DEFAULT_BACK_OFF_MS = 30_000;

/** The reply a fault produced, or null to answer normally (also after a `slow` wait). */
export async function injectFault(
  operation: string,
  mailbox: Mailbox,
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: EmulatorContext,
): Promise<FastifyReply | null> {
  const rule = ctx.faults.pick(operation, mailbox.email, null);
  if (!rule) return null;
  switch (rule.fault) {
    case 'slow':
      await new Promise((resolve) => setTimeout(resolve, rule.delayMs ?? 1_000));
      return null;
    case 'drop':
      // No response at all: the client sees a reset connection (a network error, no status).
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    case 'serverBusy':
      return reply
        .code(500)
        .type('text/xml; charset=utf-8')
        .send(faultDocument(serverBusy(rule.backOffMs ?? DEFAULT_BACK_OFF_MS)));
    case 'serviceUnavailable':
      return reply
        .code(503)
        .type('text/html')
        .send('<html><body>Service Unavailable</body></html>');
    case 'internalServerError': {
      const error = new EwsError(
        'ErrorInternalServerError',
        'An internal server error occurred. The operation failed.',
      );
      return reply
        .code(200)
        .type('text/xml; charset=utf-8')
        .send(envelope(operation, [errorMessage(operation, error)]));
    }
    case 'itemError':
    case 'itemMalformed':
      // Item faults are picked per item by GetItem (itemFault), never for a whole call.
      return null;
  }
}

/** What an item fault does to one item of a GetItem. */
export type ItemFault = { kind: 'error'; error: EwsError } | { kind: 'malformed' };

/** The item fault that fires for this id of a GetItem, or null to answer it normally. */
export function itemFault(
  operation: string,
  mailbox: Mailbox,
  itemId: string,
  ctx: EmulatorContext,
): ItemFault | null {
  const rule = ctx.faults.pick(operation, mailbox.email, itemId);
  if (!rule) return null;
  if (rule.fault === 'itemMalformed') return { kind: 'malformed' };
  const code = rule.responseCode ?? 'ErrorCorruptData';
  return {
    kind: 'error',
    error: new EwsError(code, rule.message ?? ITEM_ERROR_TEXT[code] ?? 'The item cannot be read.'),
  };
}

/** Exchange's MessageText for the item errors tests ask for most. */
const ITEM_ERROR_TEXT: Record<string, string> = {
  ErrorCorruptData: 'Data is corrupt.',
  ErrorItemCorrupt: 'The item is corrupt.',
  ErrorInvalidIdMalformed: 'Id is malformed.',
  ErrorItemNotFound: 'The specified object was not found in the store.',
  ErrorAccessDenied: 'Access is denied. Check credentials and try again.',
};
