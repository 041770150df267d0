import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {
  codeOf,
  givenSignedUpUser,
  linkToken,
  SignedUpUser,
} from '../fixtures/accounts';
import {givenRunningApp, removeDataDir} from '../fixtures/app';
import {parseMail} from '../fixtures/mail';
import {givenSmtpServer, TestSmtpServer} from '../fixtures/smtp-server';

describe('password reset through a real SMTP server (acceptance)', () => {
  let smtp: TestSmtpServer;
  let app: IdentityApplication;
  let client: Client;
  let user: SignedUpUser;

  before(async () => {
    smtp = await givenSmtpServer({user: 'mailer', pass: 's3cret'});
    ({app, client} = await givenRunningApp({
      SMTP_URL: smtp.url('mailer', 's3cret'),
      BASE_URL: 'https://id.example.test',
    }));
    user = await givenSignedUpUser(client);
  });
  after(async () => {
    await app.stop();
    await smtp.stop();
    removeDataDir(app.config.dataDir);
  });

  it('mails the links over SMTP and the reset link sets the password', async () => {
    const verify = received('verify-email');
    expect(verify).to.have.length(1);
    await client
      .post('/auth/password-reset')
      .send({email: user.email})
      .expect(202);
    await (await app.get(IdentityBindings.EMAIL_FLOW_SERVICE)).whenIdle();
    const [token] = received('reset-password');
    expect(token).to.be.a.String();
    await client
      .post('/auth/password-reset/confirm')
      .send({token, password: 'set over smtp 2030'})
      .expect(204);
    const reused = await client
      .post('/auth/password-reset/confirm')
      .send({token, password: 'set over smtp 2031'})
      .expect(400);
    expect(codeOf(reused)).to.equal('INVALID_EMAIL_TOKEN');
    await client
      .post('/auth/login')
      .send({login: user.email, password: 'set over smtp 2030'})
      .expect(200);
  });

  function received(page: string): string[] {
    return smtp.received
      .filter(m => m.rcptTo.includes(user.email))
      .map(m => parseMail(m.raw).text ?? '')
      .map(text => {
        expect(text).to.containEql('https://id.example.test/#');
        return linkToken(text, page);
      })
      .filter((t): t is string => t !== undefined);
  }
});
