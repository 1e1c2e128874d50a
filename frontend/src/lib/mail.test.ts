import { describe, expect, it } from 'vitest';
import { mailColor, mailReason } from './mail';

describe('mail status', () => {
  it('colours each status', () => {
    expect(mailColor('SENT')).toBe('success');
    expect(mailColor('FAILED')).toBe('danger');
    expect(mailColor('NOT_SENT')).toBe('warning');
  });
  it('names the reasons the sender gives', () => {
    expect(mailReason('no SMTP server configured; written to the log')).toBe('register.mail.noServer');
    expect(mailReason('no address: the service has no leader with an e-mail address')).toBe('register.mail.noAddress');
    expect(mailReason('revoked')).toBe('register.mail.revoked');
    expect(mailReason('550 mailbox unavailable')).toBe('550 mailbox unavailable');
  });
});
