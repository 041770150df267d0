import {expect} from '@loopback/testlab';
import {ConfigError, loadConfig} from '../../config';

const BASE_ENV = {
  NODE_ENV: 'test',
  APP_SECRET: 'test-secret-that-is-long-enough-0123456789',
  DATA_DIR: '/tmp/identity-unused',
};

describe('SMTP_URL configuration (unit)', () => {
  it('accepts smtp:// and smtps:// URLs unchanged', () => {
    for (const url of [
      'smtp://user:pass@mail.example.test:587',
      'smtps://user:p%40ss@mail.example.test',
    ]) {
      expect(loadConfig({...BASE_ENV, SMTP_URL: url}).config.smtpUrl).to.equal(
        url,
      );
    }
  });

  it('leaves SMTP off when unset, so mail goes to the outbox', () => {
    expect(loadConfig(BASE_ENV).config.smtpUrl).to.be.undefined();
  });

  it('rejects other URLs at start without repeating the password', () => {
    for (const url of [
      'http://user:hunter2@mail.example.test',
      'mail.example.test:hunter2',
    ]) {
      let error: unknown;
      try {
        loadConfig({...BASE_ENV, SMTP_URL: url});
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(ConfigError);
      const {problems} = error as ConfigError;
      expect(problems).to.have.length(1);
      expect(problems[0]).to.startWith('SMTP_URL: ');
      expect(problems[0]).not.to.containEql('hunter2');
    }
  });
});
