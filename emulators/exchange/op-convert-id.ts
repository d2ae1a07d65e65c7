/**
 * ConvertId (learn.microsoft.com, EWS reference: "ConvertId operation", "AlternateId"): each
 * t:AlternateId of m:SourceIds is answered, in order, with the id in DestinationFormat and the
 * primary SMTP address of the mailbox that holds it (its Mailbox attribute). An EwsId carries
 * its mailbox, so the Mailbox sent with it is not needed to find the id, and the answer names
 * the id's own mailbox whatever was sent. The emulator converts EwsIds (of folders and items)
 * to EwsId (the same id) and to HexEntryId (the id's bytes in hex, a stand-in for a MAPI entry
 * id); other formats are refused with ErrorInvalidRequest, an unknown id with
 * ErrorInvalidIdMalformed.
 */
import type { EmulatorContext } from './context.js';
import type { Mailbox } from './mailbox.js';
import { EwsError, errorMessage, schemaValidation, successMessage } from './soap.js';
import { child, el, type XmlNode } from './xml.js';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const CONVERSIONS: Record<string, (id: string) => string> = {
  EwsId: (id) => id,
  HexEntryId: (id) => Buffer.from(id, 'utf8').toString('hex').toUpperCase(),
};

export function convertId(op: XmlNode, _caller: Mailbox, ctx: EmulatorContext): string[] {
  const destination = op.attrs.DestinationFormat ?? '';
  const sources = child(op, 'SourceIds')?.children ?? [];
  if (!sources.length) throw schemaValidation('SourceIds needs at least one AlternateId.');
  return sources.map((source) => {
    try {
      const convert = CONVERSIONS[destination];
      if (source.name !== 'AlternateId' || source.attrs.Format !== 'EwsId' || !convert)
        throw new EwsError(
          'ErrorInvalidRequest',
          'The emulator converts EwsIds of folders and items to EwsId or HexEntryId.',
        );
      if (!source.attrs.Mailbox)
        throw schemaValidation("The 'Mailbox' attribute of AlternateId is required.");
      const id = source.attrs.Id ?? '';
      const owner = holderOf(id, ctx);
      return successMessage(
        'ConvertId',
        el('m:AlternateId', {
          'xmlns:xsi': XSI,
          'xsi:type': 't:AlternateIdType',
          Format: destination,
          Id: convert(id),
          Mailbox: owner.email,
        }),
      );
    } catch (error) {
      if (!(error instanceof EwsError)) throw error;
      return errorMessage('ConvertId', error);
    }
  });
}

/** The mailbox whose folder or item has this id. */
function holderOf(id: string, ctx: EmulatorContext): Mailbox {
  const owner = [...ctx.state.mailboxes.values()].find(
    (mailbox) => mailbox.folders.has(id) || mailbox.items.has(id),
  );
  if (!owner) throw new EwsError('ErrorInvalidIdMalformed', 'Id is malformed.');
  return owner;
}
