/** One message as handed to a transport, sender included. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Where a delivered message went, for the caller's log and audit trail. */
export interface DeliveryReceipt {
  messageId: string;
  /** The `.eml` file, when the message went to the outbox. */
  outboxFile?: string;
}

/**
 * A way out for mail: SMTP in production, the outbox folder otherwise.
 * Implementations reject with their own error; MailService translates it.
 */
export interface MailTransport {
  readonly kind: 'smtp' | 'outbox';
  deliver(mail: OutgoingMail, purpose: string): Promise<DeliveryReceipt>;
}

/**
 * Message fields are plain strings; nodemailer could otherwise read local
 * files or fetch URLs named in them.
 */
export const SAFE_COMPOSER_OPTIONS = {
  disableFileAccess: true,
  disableUrlAccess: true,
} as const;
