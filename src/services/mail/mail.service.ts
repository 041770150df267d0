import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import path from 'node:path';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {MailBindings} from './keys';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {Clock} from '../platform/clock';
import {
  EmailChangedMailData,
  EmailChangeMailData,
  EmailInUseMailData,
  renderEmailChangedMail,
  renderEmailChangeMail,
  renderEmailInUseMail,
} from './email-change-mail-templates';
import {Logger} from '../platform/logger';
import {
  PasswordResetMailData,
  renderPasswordResetMail,
  renderVerificationMail,
  VerificationMailData,
} from './mail-templates';
import {DeliveryReceipt, MailTransport} from './mail-transport';
import {OutboxMailTransport} from './outbox-mail-transport';
import {SmtpMailTransport} from './smtp-mail-transport';

/** A message to one recipient, with a plain-text and an HTML part. */
export interface MailMessage {
  /** Exactly one address. */
  to: string;
  subject: string;
  text: string;
  html: string;
  /** A short label for logs and outbox file names, e.g. `verify-email`. */
  purpose?: string;
}

export type SentMail = DeliveryReceipt;

/**
 * One bare address: anything else (a list, a display name, a line break)
 * would let a stored value add recipients.
 */
const SINGLE_ADDRESS = /^[^\s@,;:<>()[\]"\\]+@[^\s@,;:<>()[\]"\\]+$/;

/**
 * Outgoing mail: SMTP when SMTP_URL is set, otherwise the data directory's
 * outbox. `From` is always MAIL_FROM.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: MailBindings.MAIL_SERVICE},
})
export class MailService {
  private readonly transport: MailTransport;

  constructor(
    @inject(SharedBindings.CONFIG) private readonly config: AppConfig,
    @inject(PlatformBindings.LOGGER) private readonly logger: Logger,
    @inject(PlatformBindings.CLOCK) clock: Clock,
  ) {
    this.transport = config.smtpUrl
      ? new SmtpMailTransport(config.smtpUrl)
      : new OutboxMailTransport(path.join(config.dataDir, 'outbox'), clock);
  }

  /**
   * Outside production, the folder messages are written to instead of being
   * sent (no SMTP_URL), so the page can tell a developer where a link went;
   * undefined in production or when mail goes over SMTP.
   */
  developmentOutbox(): string | undefined {
    if (this.config.env === 'production') return undefined;
    return this.transport instanceof OutboxMailTransport
      ? this.transport.dir
      : undefined;
  }

  /**
   * Sends one message from MAIL_FROM. Rejects with `MAIL_UNAVAILABLE` (503)
   * when the SMTP server or the outbox cannot take it; the cause is logged,
   * never put in the error.
   */
  async send(message: MailMessage): Promise<SentMail> {
    const {purpose: label, ...content} = message;
    if (!SINGLE_ADDRESS.test(content.to)) {
      throw new AppError(
        'VALIDATION_FAILED',
        'A message is sent to exactly one email address',
      );
    }
    const purpose = fileSafe(label ?? 'message');
    let receipt: SentMail;
    try {
      receipt = await this.transport.deliver(
        {...content, from: this.config.mailFrom},
        purpose,
      );
    } catch (err) {
      this.logger.error(
        {transport: this.transport.kind, purpose, cause: describe(err)},
        'mail could not be sent',
      );
      throw new AppError(
        'MAIL_UNAVAILABLE',
        'The email could not be sent. Please try again later.',
      );
    }
    // Never the recipient's links: they are bearer secrets.
    this.logger.info(
      {
        transport: this.transport.kind,
        purpose,
        messageId: receipt.messageId,
        file: receipt.outboxFile,
      },
      receipt.outboxFile
        ? `mail written to ${receipt.outboxFile}`
        : 'mail sent over SMTP',
    );
    return receipt;
  }

  /**
   * Sends the link that confirms `to` belongs to the user. `name` may be
   * anything the user typed: it is escaped in the HTML part.
   */
  async sendVerificationEmail(
    to: string,
    data: VerificationMailData,
  ): Promise<SentMail> {
    return this.send({
      to,
      ...renderVerificationMail(data),
      purpose: 'verify-email',
    });
  }

  /** Sends the one-time password reset link, saying when it expires. */
  async sendPasswordResetEmail(
    to: string,
    data: PasswordResetMailData,
  ): Promise<SentMail> {
    return this.send({
      to,
      ...renderPasswordResetMail(data),
      purpose: 'password-reset',
    });
  }

  /** Sends the link that moves an account to `to`, its requested address. */
  async sendEmailChangeEmail(
    to: string,
    data: EmailChangeMailData,
  ): Promise<SentMail> {
    return this.send({
      to,
      ...renderEmailChangeMail(data),
      purpose: 'email-change',
    });
  }

  /** Tells the owner of `to` that another account asked for their address. */
  async sendEmailInUseEmail(
    to: string,
    data: EmailInUseMailData,
  ): Promise<SentMail> {
    return this.send({
      to,
      ...renderEmailInUseMail(data),
      purpose: 'email-in-use',
    });
  }

  /** Tells the old address `to` that its account moved to another one. */
  async sendEmailChangedEmail(
    to: string,
    data: EmailChangedMailData,
  ): Promise<SentMail> {
    return this.send({
      to,
      ...renderEmailChangedMail(data),
      purpose: 'email-changed',
    });
  }
}

function fileSafe(label: string): string {
  const clean = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return clean || 'message';
}

/**
 * The fields of a nodemailer or file-system error worth logging. Picked one
 * by one so nothing the transport attaches (commands, buffers) reaches logs.
 */
function describe(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return {message: String(err)};
  const {code, responseCode, command} = err as Error & {
    code?: unknown;
    responseCode?: unknown;
    command?: unknown;
  };
  // Not `code`: the logger redacts that key, as it usually holds OAuth codes.
  return {
    name: err.name,
    message: err.message,
    errorCode: code,
    responseCode,
    command,
  };
}
