/** Subscribe (pull only), GetEvents and Unsubscribe (contract §3.5). */
import type { EmulatorContext } from './context.js';
import { resolveFolders } from './folders.js';
import { itemId, utc } from './item-xml.js';
import type { Mailbox } from './mailbox.js';
import { EwsError, errorMessage, successMessage } from './soap.js';
import { child, childrenNamed, el, textAt, textEl, type XmlNode } from './xml.js';

export function subscribe(op: XmlNode, mailbox: Mailbox, ctx: EmulatorContext): string {
  try {
    const request = child(op, 'PullSubscriptionRequest');
    if (!request)
      throw new EwsError(
        'ErrorInvalidSubscriptionRequest',
        'The emulator supports pull subscriptions only.',
      );
    // Every folder named must exist (one unknown or deleted fails the whole Subscribe).
    const folderIds =
      request.attrs.SubscribeToAllFolders === 'true'
        ? null
        : resolveFolders(child(request, 'FolderIds'), mailbox).map((f) => f.id);
    const eventTypes = childrenNamed(child(request, 'EventTypes'), 'EventType').map((e) => e.text);
    const created = ctx.subscriptions.subscribe(
      mailbox,
      eventTypes,
      Number(textAt(request, 'Timeout') ?? 30),
      textAt(request, 'Watermark') || undefined,
      folderIds,
    );
    return successMessage(
      'Subscribe',
      textEl('m:SubscriptionId', created.id),
      textEl('m:Watermark', created.watermark),
    );
  } catch (error) {
    if (!(error instanceof EwsError)) throw error;
    return errorMessage('Subscribe', error);
  }
}

export function getEvents(op: XmlNode, mailbox: Mailbox, ctx: EmulatorContext): string {
  try {
    const subscriptionId = textAt(op, 'SubscriptionId') ?? '';
    const subscription = ctx.subscriptions.get(subscriptionId, mailbox);
    const batch = ctx.subscriptions.events(
      subscription,
      mailbox,
      textAt(op, 'Watermark') ?? '',
      ctx.settings.maxEventsPerGetEvents,
    );
    const events = batch.events.map(({ event, watermark }) =>
      el(
        `t:${event.kind}`,
        {},
        textEl('t:Watermark', watermark),
        textEl('t:TimeStamp', utc(event.timeMs)),
        itemId(event.itemId, event.changeKey),
        el('t:ParentFolderId', { Id: event.folderId, ChangeKey: 'AQAAAA==' }),
      ),
    );
    // Nothing new: Exchange answers with a StatusEvent carrying the current watermark.
    if (!events.length)
      events.push(el('t:StatusEvent', {}, textEl('t:Watermark', batch.watermark)));
    return successMessage(
      'GetEvents',
      el(
        'm:Notification',
        {},
        textEl('t:SubscriptionId', subscription.id),
        textEl('t:PreviousWatermark', batch.previousWatermark),
        textEl('t:MoreEvents', batch.moreEvents),
        ...events,
      ),
    );
  } catch (error) {
    if (!(error instanceof EwsError)) throw error;
    return errorMessage('GetEvents', error);
  }
}

export function unsubscribe(op: XmlNode, mailbox: Mailbox, ctx: EmulatorContext): string {
  try {
    ctx.subscriptions.unsubscribe(textAt(op, 'SubscriptionId') ?? '', mailbox);
    return successMessage('Unsubscribe');
  } catch (error) {
    if (!(error instanceof EwsError)) throw error;
    return errorMessage('Unsubscribe', error);
  }
}
