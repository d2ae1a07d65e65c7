/**
 * Just enough XML for SOAP: requests are parsed into an ordered tree with namespace prefixes
 * dropped (EWS clients pick their own prefixes, and the order of ItemIds decides the order of
 * the answers), and responses are written as strings with every text and attribute escaped.
 */
import { XMLParser } from 'fast-xml-parser';

export interface XmlNode {
  /** Local name, without prefix. */
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

/** The document element of an XML text; throws on text that is not XML. */
export function parseXml(text: string): XmlNode {
  const nodes = toNodes(parser.parse(text) as Ordered[]);
  const root = nodes.find((n) => n.name !== '?xml');
  if (!root) throw new Error('no document element');
  return root;
}

function toNodes(list: Ordered[]): XmlNode[] {
  const nodes: XmlNode[] = [];
  for (const entry of list) {
    const name = Object.keys(entry).find((key) => key !== ':@');
    if (!name || name === '#text') continue;
    const content = (entry[name] ?? []) as Ordered[];
    const text = content
      .filter((c) => '#text' in c)
      .map((c) => String(c['#text']))
      .join('');
    nodes.push({ name, attrs: { ...(entry[':@'] ?? {}) }, children: toNodes(content), text });
  }
  return nodes;
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

export function childrenNamed(node: XmlNode | undefined, name: string): XmlNode[] {
  return node?.children.filter((c) => c.name === name) ?? [];
}

/** The text of a path of child elements, e.g. textAt(request, 'SyncState'). */
export function textAt(node: XmlNode | undefined, ...path: string[]): string | undefined {
  let current = node;
  for (const name of path) current = child(current, name);
  return current?.text;
}

export function escapeXml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

export type Attrs = Record<string, string | number | boolean | undefined>;

/** One element; children are already-written XML, so callers nest calls to el(). */
export function el(name: string, attrs: Attrs = {}, ...children: (string | undefined)[]): string {
  const written = Object.entries(attrs)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join('');
  const body = children.filter((c) => c !== undefined).join('');
  return body ? `<${name}${written}>${body}</${name}>` : `<${name}${written}/>`;
}

/** An element holding text (escaped); nothing when the value is undefined. */
export function textEl(name: string, value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
