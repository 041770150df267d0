import {expect} from '@loopback/testlab';
import fs from 'node:fs/promises';
import path from 'node:path';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {ManualClock} from '../fixtures/manual-clock';
import {MailService} from '../../services/mail/mail.service';
import {CapturedLogger, givenCapturedLogger} from '../fixtures/captured-logger';
import {givenMailConfig, givenTempDir, readOutbox} from '../fixtures/mail';

const LINK = 'https://id.example.test/verify-email?token=tok_outbox_0123456789';
const MALICIOUS_NAME = '<img src=x onerror=alert(1)>';
const STEM = /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z-[a-z0-9-]+-[0-9a-f]{8}$/;

describe('MailService outbox (integration)', () => {
  let dataDir: string;
  let clock: ManualClock;
  let logs: CapturedLogger;
  let mail: MailService;

  beforeEach(async () => {
    dataDir = await givenTempDir();
    clock = new ManualClock(Date.UTC(2030, 0, 2, 3, 4, 5, 678));
    logs = givenCapturedLogger();
    mail = new MailService(givenMailConfig({dataDir}), logs.logger, clock);
  });
  afterEach(async () => {
    await fs.rm(dataDir, {recursive: true, force: true});
  });

  it('writes an .eml message and an escaped .html page into DATA_DIR/outbox', async () => {
    const sent = await mail.sendVerificationEmail('alice@example.test', {
      name: MALICIOUS_NAME,
      link: LINK,
    });

    const [entry, ...others] = await readOutbox(dataDir);
    expect(others).to.be.empty();
    expect(entry?.name).to.match(STEM);
    expect(entry?.name).to.startWith('2030-01-02T03-04-05.678Z-verify-email-');
    expect(sent.outboxFile).to.equal(
      path.join(dataDir, 'outbox', `${entry?.name}.eml`),
    );
    const message = entry!.message;
    expect(message.headers.from).to.equal(
      'Identity Tests <no-reply@identity.test>',
    );
    expect(message.headers.to).to.equal('alice@example.test');
    expect(message.headers.subject).to.equal('Confirm your email address');
    expect(message.text).to.containEql(LINK);
    expect(entry?.htmlFile).to.containEql(`href="${LINK}"`);
    expect(entry?.htmlFile).to.containEql('&lt;img src=x onerror=alert(1)&gt;');
    expect(entry?.htmlFile).not.to.containEql('<img');
  });

  it('names files so a listing is in sending order and never collides', async () => {
    await mail.sendPasswordResetEmail('alice@example.test', {
      link: LINK,
      expiresInMinutes: 30,
    });
    await mail.sendPasswordResetEmail('alice@example.test', {
      link: LINK,
      expiresInMinutes: 30,
    });
    clock.advance(1000);
    await mail.sendVerificationEmail('alice@example.test', {link: LINK});

    const names = (await readOutbox(dataDir)).map(entry => entry.name);
    expect(names).to.have.length(3);
    expect(new Set(names).size).to.equal(3);
    expect(names[2]).to.startWith('2030-01-02T03-04-06.678Z-verify-email-');
    expect(
      names.slice(0, 2).every(n => n.includes('-password-reset-')),
    ).to.be.true();
  });

  it('keeps the files private to the service user', async () => {
    const {outboxFile} = await mail.sendVerificationEmail(
      'alice@example.test',
      {link: LINK},
    );

    const eml = await fs.stat(outboxFile!);
    const html = await fs.stat(outboxFile!.replace(/\.eml$/, '.html'));
    expect(eml.mode & 0o077).to.equal(0);
    expect(html.mode & 0o077).to.equal(0);
  });

  it('logs where the message was written, without the link', async () => {
    const {outboxFile} = await mail.sendVerificationEmail(
      'alice@example.test',
      {link: LINK},
    );

    expect(logs.lines).to.containDeep([
      {level: 'info', transport: 'outbox', file: outboxFile},
    ]);
    expect(logs.text()).not.to.containEql('tok_outbox');
  });

  it('answers MAIL_UNAVAILABLE when the outbox cannot be written', async () => {
    // A file where the outbox directory should be.
    await fs.writeFile(path.join(dataDir, 'outbox'), 'not a directory');

    await expect(
      mail.sendVerificationEmail('alice@example.test', {link: LINK}),
    ).to.be.rejectedWith({code: 'MAIL_UNAVAILABLE', statusCode: 503});
    expect(logs.lines).to.containDeep([{level: 'error', transport: 'outbox'}]);
  });

  it('is bound in the application as one shared instance', async () => {
    const app = new IdentityApplication(givenMailConfig({dataDir}), {
      logger: logs.logger,
      clock,
    });

    const first = await app.get(IdentityBindings.MAIL_SERVICE);
    expect(first).to.be.instanceOf(MailService);
    expect(await app.get(IdentityBindings.MAIL_SERVICE)).to.equal(first);
  });
});
