import { describe, expect, it } from 'vitest';
import { connectNotice } from './connect-notice';

describe('connectNotice', () => {
  it('reports a provider connected', () => {
    expect(connectNotice(new URLSearchParams('connected=google'))).toEqual({
      tone: 'success',
      text: 'Google Calendar is connected. Its calendars are syncing now.',
    });
    expect(connectNotice(new URLSearchParams('connected=outlook'))?.text).toMatch(/^Outlook/);
  });

  it('reports the failure with the message the callback gave', () => {
    const notice = connectNotice(new URLSearchParams('connect_error=access_denied'));
    expect(notice?.tone).toBe('error');
    expect(notice?.text).toContain('access_denied');
  });

  it('says nothing without those parameters', () => {
    expect(connectNotice(new URLSearchParams('tab=1'))).toBeNull();
  });
});
