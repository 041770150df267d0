import type {SMTPSentMessageInfo, Transporter} from 'nodemailer';
import {
  DeliveryReceipt,
  MailTransport,
  OutgoingMail,
  SAFE_COMPOSER_OPTIONS,
} from './mail-transport';
import {nodemailer} from './nodemailer-module';

/**
 * Shorter than nodemailer's defaults (up to 10 minutes of socket idle time):
 * mail is sent while a client waits for an answer.
 */
const TIMEOUTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
};

/** Sends through the server named by SMTP_URL (smtp:// or smtps://). */
export class SmtpMailTransport implements MailTransport {
  readonly kind = 'smtp';
  private readonly transporter: Transporter<SMTPSentMessageInfo>;

  constructor(url: string) {
    // Options next to `url` apply where the URL does not set them, so an
    // operator's `?connectionTimeout=…` in SMTP_URL still wins.
    this.transporter = nodemailer().createTransport({
      url,
      ...TIMEOUTS,
      ...SAFE_COMPOSER_OPTIONS,
    });
  }

  async deliver(mail: OutgoingMail): Promise<DeliveryReceipt> {
    const info = await this.transporter.sendMail(mail);
    return {messageId: info.messageId};
  }
}
