/**
 * The signing key of the emulator's tokens, generated at start and published as a JWKS. MSAL does
 * not check id token signatures, but a service that does (or a JWT library) finds a real key.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { randomToken } from './ids.js';

export class SigningKey {
  readonly kid = randomToken(20);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  /** A compact JWS (RS256) of the claims. */
  sign(claims: Record<string, unknown>): string {
    const header = { typ: 'JWT', alg: 'RS256', kid: this.kid };
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${encode(header)}.${encode(claims)}`;
    const signature = createSign('RSA-SHA256').update(input).sign(this.privateKey, 'base64url');
    return `${input}.${signature}`;
  }

  jwks(issuer: string): { keys: Record<string, unknown>[] } {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return {
      keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, x5t: this.kid, n: jwk.n, e: jwk.e, issuer }],
    };
  }
}
