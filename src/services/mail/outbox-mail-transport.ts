import {randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {Clock} from '../platform/clock';
import {lazyModule} from '../platform/lazy-module';
import {nodemailer} from './nodemailer-module';
import {
  DeliveryReceipt,
  MailTransport,
  OutgoingMail,
  SAFE_COMPOSER_OPTIONS,
} from './mail-transport';

/**
 * Without SMTP, each message becomes two files a developer can open: the raw
 * RFC 822 `.eml` and its HTML part. Names start with the UTC time so a
 * directory listing is in sending order.
 */
export class OutboxMailTransport implements MailTransport {
  readonly kind = 'outbox';
  // Made at the first message: a node that sends none never loads nodemailer.
  private readonly composer = lazyModule(() =>
    nodemailer().createTransport({
      streamTransport: true,
      buffer: true,
      newline: 'windows',
      ...SAFE_COMPOSER_OPTIONS,
    }),
  );

  constructor(
    readonly dir: string,
    private readonly clock: Clock,
  ) {}

  async deliver(mail: OutgoingMail, purpose: string): Promise<DeliveryReceipt> {
    const info = await this.composer().sendMail(mail);
    if (!Buffer.isBuffer(info.message)) {
      throw new Error('stream transport did not return a buffer');
    }
    // The messages hold sign-in links: readable by the service's user only.
    await fs.mkdir(this.dir, {recursive: true, mode: 0o700});
    const base = path.join(this.dir, this.fileStem(purpose));
    const write = {mode: 0o600, flag: 'wx'};
    await fs.writeFile(`${base}.eml`, info.message, write);
    await fs.writeFile(`${base}.html`, mail.html, {...write, encoding: 'utf8'});
    return {messageId: info.messageId, outboxFile: `${base}.eml`};
  }

  private fileStem(purpose: string): string {
    // Colons are not allowed in Windows file names.
    const time = new Date(this.clock.now()).toISOString().replace(/:/g, '-');
    const id = randomBytes(4).toString('hex');
    return `${time}-${purpose}-${id}`;
  }
}
