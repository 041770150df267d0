import {expect} from '@loopback/testlab';
import fs from 'node:fs/promises';
import {AddressInfo, createServer} from 'node:net';
import {ManualClock} from '../fixtures/manual-clock';
import {MailService} from '../../services/mail/mail.service';
import {CapturedLogger, givenCapturedLogger} from '../fixtures/captured-logger';
import {givenMailConfig, givenTempDir, parseMail} from '../fixtures/mail';
import {givenSmtpServer, TestSmtpServer} from '../fixtures/smtp-server';

// Characters that must survive URL-encoding in SMTP_URL.
const SMTP_USER = 'mailer@identity.test';
const SMTP_PASS = 'p@ss:w/rd%&secret';
const LINK = 'https://id.example.test/verify-email?token=tok_smtp_0123456789';
const MALICIOUS_NAME = '<img src=x onerror=alert(1)>';

describe('MailService over SMTP (integration)', () => {
  let smtp: TestSmtpServer;
  let logs: CapturedLogger;
  const dataDirs: string[] = [];

  before(async () => {
    smtp = await givenSmtpServer({user: SMTP_USER, pass: SMTP_PASS});
  });
  after(async () => {
    await smtp.stop();
    for (const dir of dataDirs)
      await fs.rm(dir, {recursive: true, force: true});
  });
  beforeEach(() => {
    smtp.received.length = 0;
    logs = givenCapturedLogger();
  });

  it('delivers the verification mail with envelope, headers and both parts', async () => {
    const mail = await givenMailService(smtp.url(SMTP_USER, SMTP_PASS));

    const sent = await mail.sendVerificationEmail('alice@example.test', {
      name: MALICIOUS_NAME,
      link: LINK,
    });

    expect(smtp.received).to.have.length(1);
    const [received] = smtp.received;
    expect(received?.user).to.equal(SMTP_USER);
    expect(received?.mailFrom).to.equal('no-reply@identity.test');
    expect(received?.rcptTo).to.deepEqual(['alice@example.test']);
    const message = parseMail(received!.raw);
    expect(message.headers.from).to.equal(
      'Identity Tests <no-reply@identity.test>',
    );
    expect(message.headers.to).to.equal('alice@example.test');
    expect(message.headers.subject).to.equal('Confirm your email address');
    expect(message.headers['message-id']).to.equal(sent.messageId);
    expect(message.text).to.containEql(LINK);
    expect(message.html).to.containEql(`href="${LINK}"`);
    expect(message.html).to.containEql('&lt;img src=x onerror=alert(1)&gt;');
    expect(message.html).not.to.containEql('<img');
  });

  it('delivers the password reset mail with its expiry', async () => {
    const mail = await givenMailService(smtp.url(SMTP_USER, SMTP_PASS));

    await mail.sendPasswordResetEmail('bob@example.test', {
      link: LINK,
      expiresInMinutes: 60,
    });

    const message = parseMail(smtp.received[0]!.raw);
    expect(message.headers.subject).to.equal('Reset your password');
    expect(message.text).to.containEql(LINK);
    expect(message.text).to.containEql('expires in 60 minutes');
  });

  it('logs that it sent, without the link', async () => {
    const mail = await givenMailService(smtp.url(SMTP_USER, SMTP_PASS));

    await mail.sendVerificationEmail('alice@example.test', {link: LINK});

    expect(logs.lines).to.containDeep([
      {level: 'info', transport: 'smtp', purpose: 'verify-email'},
    ]);
    expect(logs.text()).not.to.containEql('tok_smtp');
  });

  it('answers MAIL_UNAVAILABLE when the server refuses the credentials', async () => {
    const mail = await givenMailService(smtp.url(SMTP_USER, 'wrong-password'));

    const err = await mail
      .sendVerificationEmail('alice@example.test', {link: LINK})
      .catch(e => e);

    expectUnavailable(err, ['wrong-password', SMTP_USER, String(smtp.port)]);
    expect(smtp.received).to.be.empty();
    expect(logs.lines).to.containDeep([
      {level: 'error', transport: 'smtp', cause: {errorCode: 'EAUTH'}},
    ]);
    expect(logs.text()).not.to.containEql('wrong-password');
  });

  it('answers MAIL_UNAVAILABLE when the server is unreachable', async () => {
    const port = await givenClosedPort();
    const mail = await givenMailService(
      `smtp://${encodeURIComponent(SMTP_USER)}:secret-pass@127.0.0.1:${port}`,
    );

    const err = await mail
      .sendVerificationEmail('alice@example.test', {link: LINK})
      .catch(e => e);

    expectUnavailable(err, ['secret-pass', '127.0.0.1', String(port)]);
    expect(logs.lines).to.containDeep([
      {level: 'error', transport: 'smtp', cause: {errorCode: 'ESOCKET'}},
    ]);
  });

  it('sends to exactly one address, so a stored value cannot add recipients', async () => {
    const mail = await givenMailService(smtp.url(SMTP_USER, SMTP_PASS));

    for (const to of [
      'alice@example.test, eve@example.test',
      'Eve <eve@example.test>',
      'alice@example.test\r\nBcc: eve@example.test',
    ]) {
      await expect(
        mail.sendVerificationEmail(to, {link: LINK}),
      ).to.be.rejectedWith({code: 'VALIDATION_FAILED'});
    }
    expect(smtp.received).to.be.empty();
  });

  async function givenMailService(smtpUrl: string): Promise<MailService> {
    const dataDir = await givenTempDir();
    dataDirs.push(dataDir);
    const config = givenMailConfig({dataDir, smtpUrl});
    return new MailService(config, logs.logger, new ManualClock());
  }
});

function expectUnavailable(err: unknown, secrets: string[]): void {
  expect(err).to.match({code: 'MAIL_UNAVAILABLE', statusCode: 503});
  const {message} = err as Error;
  for (const secret of [...secrets, 'smtp', 'SMTP', '535']) {
    expect(message).not.to.containEql(secret);
  }
}

/** A local port nothing listens on: bound once, then released. */
async function givenClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}
