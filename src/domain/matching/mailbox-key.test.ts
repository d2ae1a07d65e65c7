import { describe, expect, it } from 'vitest';
import { mailboxKey, mailboxKeyOfParsed, parseAddress } from './addresses.js';

describe('mailboxKeyOfParsed', () => {
  it('gives mailboxKey of the parsed email, odd addresses included', () => {
    const locals = ['ana', 'Ana.Ruiz', 'a.b+tag', '+x', 'x+', 'İlker', 'ſam', 'K', '', ' mailto:b'];
    const domains = ['acme.com', 'ACME.com.', 'gmail.com', 'GoogleMail.com', 'x', '', 'a.b.'];
    const wrappers = [
      (a: string) => a,
      (a: string) => ` ${a} `,
      (a: string) => `mailto:${a}`,
      (a: string) => `MAILTO: ${a}`,
      (a: string) => `mailto:mailto:${a}`,
      (a: string) => `mailto:\u00a0${a}`,
      (a: string) => a.toUpperCase(),
    ];
    let parsed = 0;
    for (const local of locals)
      for (const domain of domains)
        for (const wrap of wrappers) {
          const address = parseAddress(wrap(`${local}@${domain}`));
          if (!address) continue;
          parsed += 1;
          expect(mailboxKeyOfParsed(address)).toBe(mailboxKey(address.email));
        }
    expect(parsed).toBeGreaterThan(300);
  });
});
