import { describe, expect, it } from 'vitest';
import { demoPublicUrl } from './demo-public-url.js';

describe('demoPublicUrl', () => {
  it("is the service's own address by default, and reads empty settings as unset", () => {
    expect(demoPublicUrl({})).toBe('http://127.0.0.1:8000');
    expect(demoPublicUrl({ PORT: '', HOST: '', CALINTEL_PUBLIC_URL: '' })).toBe(
      'http://127.0.0.1:8000',
    );
    expect(demoPublicUrl({ PORT: '9100', HOST: '0.0.0.0' })).toBe('http://0.0.0.0:9100');
  });

  it('is the public URL when one is given', () => {
    expect(demoPublicUrl({ PORT: '9100', CALINTEL_PUBLIC_URL: 'https://crm.example' })).toBe(
      'https://crm.example',
    );
  });
});
