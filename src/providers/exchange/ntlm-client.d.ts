/**
 * The part of @ewsjs/ntlm-client (no typings of its own) that exchange-ntlm.ts uses: the three
 * NTLM messages as `NTLM <base64>` header values, NTLMv2 when the challenge asks for it.
 */
declare module '@ewsjs/ntlm-client' {
  /** What decodeType2Message read from the server's challenge; only createType3Message reads it. */
  export interface NtlmType2Message {
    readonly flags: number;
  }
  interface NtlmClient {
    createType1Message(workstation?: string, target?: string): string;
    /** Throws when the header value is not `NTLM <base64>` of a valid challenge. */
    decodeType2Message(headerValue: string): NtlmType2Message;
    createType3Message(
      type2Message: NtlmType2Message,
      username: string,
      password: string,
      workstation?: string,
      target?: string,
    ): string;
  }
  /** Only the default export: Node's ESM loader names none of its CommonJS exports but the first. */
  const ntlmClient: NtlmClient;
  export default ntlmClient;
}
