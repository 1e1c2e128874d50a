// What became of an e-mail from the outbox, in words a person reads.
import type { MessageKey } from '../i18n';

export type MailStatus = 'PENDING' | 'SENT' | 'FAILED' | 'NOT_SENT';

/** mailColor is the tag colour of a mail status. */
export function mailColor(status: MailStatus): 'success' | 'danger' | 'warning' | 'neutral' {
  return ({ SENT: 'success', FAILED: 'danger', NOT_SENT: 'warning', PENDING: 'neutral' } as const)[status];
}

/** mailReason turns the sender's reason for a message not sent into a message key, or gives the server's words when it is not one it knows. */
// MessageKey | string says that the result is a message key when the error is one we know.
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents
export function mailReason(error: string): MessageKey | string {
  if (error.includes('no SMTP')) return 'register.mail.noServer';
  if (error.startsWith('no address')) return 'register.mail.noAddress';
  if (error === 'revoked') return 'register.mail.revoked';
  return error;
}

/** isMailKey says whether mailReason found a reason it knows (a message key) rather than the server's words. */
export function isMailKey(reason: string): reason is MessageKey {
  return reason.startsWith('register.mail.');
}
