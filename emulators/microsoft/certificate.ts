/**
 * The emulator's TLS certificate, generated at start: MSAL refuses an http:// authority and the
 * Graph SDK sends the bearer token to https:// URLs only (contract §2.5, §2.6). It is its own CA
 * (basicConstraints cA) for localhost, 127.0.0.1 and ::1, so a client trusts it by being given
 * the PEM (NODE_EXTRA_CA_CERTS, or `ca` of an agent); TLS checks stay on.
 */
import selfsigned from 'selfsigned';

export interface Certificate {
  cert: string;
  key: string;
}

export async function generateCertificate(nowMs: number = Date.now()): Promise<Certificate> {
  const notBefore = new Date(nowMs - 86_400_000);
  const notAfter = new Date(nowMs + 365 * 86_400_000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
