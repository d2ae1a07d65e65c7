/**
 * FindFolder's Restriction, as far as listing folders by class needs (learn.microsoft.com, EWS
 * reference: "Restriction", "IsEqualTo"; a FindFolder restriction uses folder properties only):
 * IsEqualTo of folder:FolderClass or folder:DisplayName with a t:Constant, compared exactly (the
 * reference gives IsEqualTo no matching options; Contains has them). Any other search expression
 * or property is refused with ErrorInvalidOperation rather than ignored, so a client that relies
 * on one the emulator does not evaluate fails instead of seeing every folder.
 */
import type { MailFolder } from './mail-folders.js';
import { EwsError } from './soap.js';
import { child, type XmlNode } from './xml.js';

const PROPERTIES: Record<string, (folder: MailFolder) => string | null> = {
  'folder:FolderClass': (f) => f.folderClass,
  'folder:DisplayName': (f) => f.displayName,
};

/** Whether a folder passes the Restriction (every folder does without one). */
export function folderRestriction(restriction: XmlNode | undefined): (f: MailFolder) => boolean {
  if (!restriction) return () => true;
  const [expression, ...rest] = restriction.children;
  const field = child(expression, 'FieldURI')?.attrs.FieldURI ?? '';
  const read = PROPERTIES[field];
  const constant = child(child(expression, 'FieldURIOrConstant'), 'Constant')?.attrs.Value;
  if (expression?.name !== 'IsEqualTo' || rest.length || !read || constant === undefined)
    throw new EwsError(
      'ErrorInvalidOperation',
      'The emulator evaluates a FindFolder Restriction of one IsEqualTo, of folder:FolderClass ' +
        'or folder:DisplayName with a Constant.',
    );
  return (folder) => read(folder) === constant;
}
