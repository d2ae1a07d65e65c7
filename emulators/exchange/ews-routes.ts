/**
 * /EWS/Exchange.asmx: authentication, then fault injection, then the operation named by the
 * SOAP body's first element. Any path case works, as IIS paths are case-insensitive.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from './auth.js';
import type { EmulatorContext } from './context.js';
import type { Mailbox } from './mailbox.js';
import { convertId } from './op-convert-id.js';
import { findFolder, getFolder } from './op-find-folder.js';
import { findItem } from './op-find-item.js';
import { getItem } from './op-get-item.js';
import { getEvents, subscribe, unsubscribe } from './op-notifications.js';
import { syncFolderItems } from './op-sync-folder-items.js';
import { injectFault } from './fault-injection.js';
import { envelope, faultDocument, invalidRequest, SoapFault } from './soap.js';
import { child, parseXml, type XmlNode } from './xml.js';

type Operation = (op: XmlNode, mailbox: Mailbox, ctx: EmulatorContext) => string | string[];

const OPERATIONS: Record<string, Operation> = {
  SyncFolderItems: syncFolderItems,
  GetItem: getItem,
  FindItem: findItem,
  FindFolder: findFolder,
  GetFolder: getFolder,
  Subscribe: subscribe,
  GetEvents: getEvents,
  Unsubscribe: unsubscribe,
  ConvertId: convertId,
};

export const EWS_PATH = '/EWS/Exchange.asmx';

export function registerEwsRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.addContentTypeParser(
    ['text/xml', 'application/soap+xml'],
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );
  // The NTLM client sends its negotiate message with a GET before every POST.
  app.get(EWS_PATH, async (request, reply) => {
    const auth = authenticate(request.headers.authorization, ctx);
    if (!auth.ok) return unauthorized(reply, auth.challenge);
    return reply.type('text/html').send('<html><body>Exchange Web Services</body></html>');
  });
  app.post(EWS_PATH, async (request, reply) => {
    const auth = authenticate(request.headers.authorization, ctx);
    if (!auth.ok) return unauthorized(reply, auth.challenge);
    try {
      return await answer(request, reply, auth.mailbox, ctx);
    } catch (error) {
      if (!(error instanceof SoapFault)) throw error;
      return sendFault(reply, error);
    }
  });
}

async function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  mailbox: Mailbox,
  ctx: EmulatorContext,
): Promise<FastifyReply> {
  const op = operationOf(request.body);
  const handler = OPERATIONS[op.name];
  if (!handler) throw invalidRequest(`The emulator does not implement ${op.name}.`);
  ctx.operations.set(op.name, (ctx.operations.get(op.name) ?? 0) + 1);
  const injected = await injectFault(op.name, mailbox, request, reply, ctx);
  if (injected) return injected;
  const messages = handler(op, mailbox, ctx);
  return sendXml(reply, 200, envelope(op.name, Array.isArray(messages) ? messages : [messages]));
}

function operationOf(body: unknown): XmlNode {
  let root: XmlNode;
  try {
    root = parseXml(typeof body === 'string' ? body : '');
  } catch {
    throw invalidRequest('The request is not well-formed XML.');
  }
  const op = child(root, 'Body')?.children[0];
  if (root.name !== 'Envelope' || !op) throw invalidRequest('The request is not a SOAP envelope.');
  return op;
}

export function sendXml(reply: FastifyReply, status: number, xml: string): FastifyReply {
  return reply.code(status).type('text/xml; charset=utf-8').send(xml);
}

export function sendFault(reply: FastifyReply, fault: SoapFault): FastifyReply {
  return sendXml(reply, fault.httpStatus, faultDocument(fault));
}

function unauthorized(reply: FastifyReply, challenge: string[]): FastifyReply {
  return reply
    .code(401)
    .header('www-authenticate', challenge)
    .type('text/html')
    .send(
      '<html><body>401 - Unauthorized: Access is denied due to invalid credentials.</body></html>',
    );
}
