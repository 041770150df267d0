import {expect} from '@loopback/testlab';
import {AppError} from '../../errors';
import {SecretBox} from '../../services/platform/secret-box.service';

const APP_SECRET = 'test-app-secret-0123456789abcdefghijklmnop';

describe('SecretBox (unit)', () => {
  const box = givenSecretBox();

  it('round-trips a secret', () => {
    const secret = 'ya29.provider-access-token \u00e9\u{1F511}';
    const sealed = box.seal(secret, 'provider-token');
    expect(sealed).to.match(/^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(sealed).to.not.containEql('provider-access-token');
    expect(box.open(sealed, 'provider-token')).to.equal(secret);
  });

  it('round-trips the empty string', () => {
    expect(box.open(box.seal('', 'provider-token'), 'provider-token')).to.equal(
      '',
    );
  });

  it('uses a fresh IV, so the same secret seals differently', () => {
    expect(box.seal('same', 'provider-token')).to.not.equal(
      box.seal('same', 'provider-token'),
    );
  });

  it('round-trips JSON', () => {
    const jwk = {kty: 'OKP', crv: 'Ed25519', d: 'secret', x: 'public'};
    const sealed = box.sealJson(jwk, 'signing-key');
    expect(box.openJson(sealed, 'signing-key')).to.deepEqual(jwk);
  });

  it('opens with another instance built from the same APP_SECRET', () => {
    const sealed = box.seal('shared', 'client-secret');
    expect(givenSecretBox().open(sealed, 'client-secret')).to.equal('shared');
  });

  describe('refuses with DECRYPTION_FAILED', () => {
    const sealed = box.seal('the secret', 'provider-token');

    for (const [index, part] of ['iv', 'ciphertext', 'tag'].entries()) {
      it(`a value whose ${part} had one bit flipped`, () => {
        const tampered = flipBit(sealed, index + 1);
        expectUnopenable(() => box.open(tampered, 'provider-token'));
      });
    }

    it('a value sealed for another purpose', () => {
      expectUnopenable(() => box.open(sealed, 'signing-key'));
    });

    it('a value sealed under another APP_SECRET', () => {
      const other = givenSecretBox('another-app-secret-0123456789abcdefghijk');
      expectUnopenable(() => other.open(sealed, 'provider-token'));
    });

    it('malformed values', () => {
      const [, iv, ciphertext, tag] = sealed.split('.');
      for (const bad of [
        '',
        'the secret',
        `v2.${iv}.${ciphertext}.${tag}`,
        `v1.${iv}.${ciphertext}`,
        `v1.${iv}.${ciphertext}.${tag}.extra`,
        `v1.${iv}.${ciphertext}.${tag?.slice(0, 10)}`,
      ]) {
        expectUnopenable(() => box.open(bad, 'provider-token'));
      }
    });
  });

  it('refuses a missing APP_SECRET and an unusable purpose', () => {
    expect(() => givenSecretBox('')).to.throw(AppError);
    expect(() => box.seal('x', '')).to.throw(/purpose/);
    expect(() => box.seal('x', 'Has Spaces')).to.throw(/purpose/);
  });
});

function givenSecretBox(appSecret = APP_SECRET): SecretBox {
  return new SecretBox(appSecret);
}

/** Flips the lowest bit of the first byte of the dot-separated part. */
function flipBit(sealed: string, partIndex: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[partIndex] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  parts[partIndex] = bytes.toString('base64url');
  return parts.join('.');
}

function expectUnopenable(open: () => unknown): void {
  expect(open).to.throw(AppError);
  try {
    open();
  } catch (err) {
    expect((err as AppError).code).to.equal('DECRYPTION_FAILED');
    expect((err as AppError).message).to.match(/cannot be opened/);
  }
}
