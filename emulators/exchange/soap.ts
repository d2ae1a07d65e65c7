/**
 * SOAP 1.1 envelopes as Exchange 2013+ writes them (contract §3.1): a ServerVersionInfo header,
 * one `m:{Operation}Response` in the body, and per-message ResponseClass/ResponseCode. Failures
 * of the whole request are SOAP faults with HTTP 500 (§3.6).
 */
import { el, escapeXml, textEl } from './xml.js';

export const NS = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  m: 'http://schemas.microsoft.com/exchange/services/2006/messages',
  t: 'http://schemas.microsoft.com/exchange/services/2006/types',
  e: 'http://schemas.microsoft.com/exchange/services/2006/errors',
} as const;

const SERVER_VERSION = el('h:ServerVersionInfo', {
  MajorVersion: 15,
  MinorVersion: 1,
  MajorBuildNumber: 2507,
  MinorBuildNumber: 6,
  Version: 'V2017_07_11',
  'xmlns:h': NS.t,
  xmlns: NS.t,
});

/** A full response document around one operation's response element. */
export function envelope(operation: string, messages: string[]): string {
  const response = el(
    `m:${operation}Response`,
    { 'xmlns:m': NS.m, 'xmlns:t': NS.t },
    el('m:ResponseMessages', {}, ...messages),
  );
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    el(
      's:Envelope',
      { 'xmlns:s': NS.soap },
      el('s:Header', {}, SERVER_VERSION),
      el('s:Body', {}, response),
    )
  );
}

/** A successful `m:{Operation}ResponseMessage` with its elements after ResponseCode. */
export function successMessage(operation: string, ...elements: string[]): string {
  return el(
    `m:${operation}ResponseMessage`,
    { ResponseClass: 'Success' },
    textEl('m:ResponseCode', 'NoError'),
    ...elements,
  );
}

/** A per-message error: HTTP 200, ResponseClass Error (how most EWS errors arrive). */
export function errorMessage(operation: string, error: EwsError, ...elements: string[]): string {
  return el(
    `m:${operation}ResponseMessage`,
    { ResponseClass: 'Error' },
    textEl('m:MessageText', error.message),
    textEl('m:ResponseCode', error.code),
    textEl('m:DescriptiveLinkKey', 0),
    ...elements,
  );
}

/** An error that belongs in a response message (ResponseClass="Error"). */
export class EwsError extends Error {
  override readonly name = 'EwsError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A failure of the whole request: HTTP status plus SOAP fault (or no body at all, for 503). */
export class SoapFault extends Error {
  override readonly name = 'SoapFault';
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    /** t:MessageXml values, e.g. BackOffMilliseconds. */
    readonly values: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function faultDocument(fault: SoapFault): string {
  const values = Object.entries(fault.values).map(([name, value]) =>
    el('t:Value', { Name: name }, escapeXml(value)),
  );
  const detail = el(
    'detail',
    {},
    el('e:ResponseCode', { 'xmlns:e': NS.e }, escapeXml(fault.code)),
    el('e:Message', { 'xmlns:e': NS.e }, escapeXml(fault.message)),
    values.length ? el('t:MessageXml', { 'xmlns:t': NS.t }, ...values) : undefined,
  );
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    el(
      's:Envelope',
      { 'xmlns:s': NS.soap },
      el(
        's:Body',
        {},
        el(
          's:Fault',
          {},
          el('faultcode', { 'xmlns:a': NS.t }, `a:${escapeXml(fault.code)}`),
          el('faultstring', { 'xml:lang': 'en-US' }, escapeXml(fault.message)),
          detail,
        ),
      ),
    )
  );
}

export const serverBusy = (backOffMs: number): SoapFault =>
  new SoapFault(
    500,
    'ErrorServerBusy',
    'The server cannot service this request right now. Try again later.',
    { BackOffMilliseconds: String(backOffMs) },
  );

export const schemaValidation = (message: string): SoapFault =>
  new SoapFault(500, 'ErrorSchemaValidation', `The request failed schema validation: ${message}`);

export const invalidRequest = (message: string): SoapFault =>
  new SoapFault(500, 'ErrorInvalidRequest', message);
