import {expect} from '@loopback/testlab';
import {AppError} from '../../errors';
import {PasswordContext} from '../../services/accounts/password-policy';
import {PasswordService} from '../../services/accounts/password.service';

describe('PasswordService.checkPolicy (unit)', () => {
  const service = new PasswordService();

  function expectRefused(
    password: string,
    reason: string,
    context?: PasswordContext,
  ): AppError {
    let error: unknown;
    try {
      service.checkPolicy(password, context);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).to.equal('WEAK_PASSWORD');
    expect(appError.statusCode).to.equal(422);
    expect(appError.details).to.containDeep({reason});
    expect(appError.message).to.not.be.empty();
    return appError;
  }

  it('accepts a strong password', () => {
    expect(() => service.checkPolicy('Vq7#mTz!pL2w')).to.not.throw();
    expect(() =>
      service.checkPolicy('Vq7#mTz!pL2w', {
        email: 'alice@example.com',
        username: 'alice',
        name: 'Alice Smith',
      }),
    ).to.not.throw();
  });

  describe('TOO_SHORT', () => {
    it('refuses fewer than 8 characters and says the minimum', () => {
      const err = expectRefused('Xy7#kq2', 'TOO_SHORT');
      expect(err.details).to.containDeep({minLength: 8});
      expect(err.message).to.match(/at least 8 characters/);
    });

    it('counts code points, not UTF-16 units', () => {
      // Four emoji are eight UTF-16 units but four characters.
      expectRefused('\u{1F600}\u{1F680}\u{1F308}\u{1F40D}', 'TOO_SHORT');
    });

    it('counts after NFC normalisation', () => {
      // Seven accented letters typed decomposed (14 code points in NFD).
      expectRefused('e\u0301'.repeat(7), 'TOO_SHORT');
      expect(() =>
        service.checkPolicy('e\u0301a\u0300o\u0302u\u0308'.repeat(2)),
      ).to.not.throw();
    });
  });

  describe('TOO_LONG', () => {
    it('refuses more than 128 characters and says the maximum', () => {
      const err = expectRefused('a1B!'.repeat(32) + 'x', 'TOO_LONG');
      expect(err.details).to.containDeep({maxLength: 128});
    });

    it('accepts 128 characters of astral symbols (256 UTF-16 units)', () => {
      const emoji = ['\u{1F600}', '\u{1F680}', '\u{1F308}', '\u{1F40D}'];
      const password = Array.from({length: 128}, (_, i) => emoji[i % 4]).join(
        '',
      );
      expect(password.length).to.equal(256);
      expect(() => service.checkPolicy(password)).to.not.throw();
    });
  });

  describe('COMMON', () => {
    for (const common of [
      'password1',
      'qwertyuiop',
      'iloveyou',
      'PassWord1',
      'QWERTYUIOP',
    ]) {
      it(`refuses "${common}"`, () => {
        expectRefused(common, 'COMMON');
      });
    }
  });

  describe('CONTAINS_ACCOUNT_NAME', () => {
    const context = {
      email: 'Alice.Smith@example.com',
      username: 'wonderland',
      name: 'Alice Smith',
    };

    it('refuses the email address, in any case', () => {
      expectRefused(
        'alice.smith@example.com',
        'CONTAINS_ACCOUNT_NAME',
        context,
      );
    });

    it('refuses the username, and a password built on it', () => {
      expectRefused('Wonderland', 'CONTAINS_ACCOUNT_NAME', {
        username: 'wonderland',
      });
      expectRefused('wonderland2024!', 'CONTAINS_ACCOUNT_NAME', context);
    });

    it("refuses the email's local part and the name", () => {
      expectRefused('alice.smith-99', 'CONTAINS_ACCOUNT_NAME', context);
      expectRefused('alicesmith', 'CONTAINS_ACCOUNT_NAME', context);
    });

    it('does not refuse a password that merely contains a short name', () => {
      expect(() =>
        service.checkPolicy('channel-ferry-42', {username: 'ann'}),
      ).to.not.throw();
    });
  });
});
