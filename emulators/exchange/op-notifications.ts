/**
 * Subscribe (pull only), GetEvents and Unsubscribe (contract §3.5). A subscription watches one
 * mailbox: the caller's, or another person's whose Calendar the caller may read as their
 * delegate, named as every other operation names it (a t:Mailbox on the folder id, or the
 * FolderId explicit access gave; delegates.ts decides, with the same ErrorAccessDenied,
 * ErrorNonExistentMailbox and ErrorFolderNotFound). Folders of two mailboxes in one Subscribe are
 * ErrorInvalidSubscriptionRequest (learn.microsoft.com, "Handling notification-related errors in
 * EWS": one subscription per mailbox). GetEvents checks the permission again: once the owner
 * withdraws it, the subscription answers ErrorAccessDenied (the emulator's reading of a store
 * that reads events with its creator's rights), and a new Subscribe is refused as above. With the
 * `delegateSubscriptions` setting off, a Subscribe to another mailbox is
 * ErrorSubscriptionDelegateAccessNotSupported, as Exchange 2007 answers it.
 */
import type { EmulatorContext } from './context.js';
import { locateFolder, mustReadItems, type LocatedFolder } from './delegates.js';
import { itemId, utc } from './item-xml.js';
import type { Mailbox } from './mailbox.js';
import { EwsError, errorMessage, successMessage } from './soap.js';
import type { PullSubscription } from './subscriptions.js';
import { child, childrenNamed, el, textAt, textEl, type XmlNode } from './xml.js';

export function subscribe(op: XmlNode, mailbox: Mailbox, ctx: EmulatorContext): string {
  try {
    const request = child(op, 'PullSubscriptionRequest');
    if (!request)
      throw new EwsError(
        'ErrorInvalidSubscriptionRequest',
        'The emulator supports pull subscriptions only.',
      );
    // Every folder named must exist and open (one that does not fails the whole Subscribe).
    const watched =
      request.attrs.SubscribeToAllFolders === 'true'
        ? { mailbox, folderIds: null }
        : watchedFolders(child(request, 'FolderIds'), mailbox, ctx);
    const eventTypes = childrenNamed(child(request, 'EventTypes'), 'EventType').map((e) => e.text);
    const created = ctx.subscriptions.subscribe(
      watched.mailbox,
      mailbox,
      eventTypes,
      Number(textAt(request, 'Timeout') ?? 30),
      textAt(request, 'Watermark') || undefined,
      watched.folderIds,
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
      stillReadable(subscription, mailbox, ctx),
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

/** The folders a Subscribe names (at least one), all of one mailbox the caller may read. */
function watchedFolders(
  folderIds: XmlNode | undefined,
  caller: Mailbox,
  ctx: EmulatorContext,
): { mailbox: Mailbox; folderIds: string[] } {
  const ids = folderIds?.children ?? [];
  if (!ids.length) throw new EwsError('ErrorInvalidRequest', 'A folder id is required.');
  const located: LocatedFolder[] = ids.map((id) => mustReadItems(locateFolder(id, caller, ctx)));
  const mailbox = located[0]!.mailbox;
  if (located.some((l) => l.mailbox !== mailbox))
    throw new EwsError(
      'ErrorInvalidSubscriptionRequest',
      'A subscription can only include folders of a single mailbox.',
    );
  if (mailbox !== caller && !ctx.settings.delegateSubscriptions)
    throw new EwsError(
      'ErrorSubscriptionDelegateAccessNotSupported',
      'Subscriptions are not supported for delegate user access.',
    );
  return { mailbox, folderIds: located.map((l) => l.folder.id) };
}

/**
 * The mailbox a subscription watches, if its creator may still read what it watches there: their
 * own, or another person's Calendar while its owner's permission (Reviewer) stands.
 */
function stillReadable(
  subscription: PullSubscription,
  caller: Mailbox,
  ctx: EmulatorContext,
): Mailbox {
  const watched = ctx.state.mailboxes.get(subscription.mailbox);
  if (!watched)
    throw new EwsError(
      'ErrorNonExistentMailbox',
      'The SMTP address has no mailbox associated with it.',
    );
  if (watched !== caller && watched.delegates.get(caller.email) !== 'reviewer')
    throw new EwsError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  return watched;
}
