import {expect} from '@loopback/testlab';
import {AppError} from '../../errors';
import {
  checkCallbackUrl,
  checkOrigin,
  checkRedirectUri,
} from '../../services/applications/application-input';
import {ClientSecretHasher} from '../../services/tokens/client-secret-hasher';
import {LruMap} from '../../services/providers/passport/lru-map';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as AppError).code;
  }
  return undefined;
}

describe('client application input (unit)', () => {
  it('keeps accepted redirect URIs exactly as registered', () => {
    for (const uri of [
      'https://app.example.com/cb?x=1',
      'http://localhost:8080/',
      'http://127.0.0.1/cb',
      'http://[::1]:3000/cb',
      'com.example.app:/oauth2redirect',
    ]) {
      expect(checkRedirectUri(uri)).to.equal(uri);
    }
  });

  it('refuses fragments, wildcards, plain http, bare schemes', () => {
    for (const uri of [
      'https://a.example/cb#x',
      'https://*.example/cb',
      'http://a.example/cb',
      'data:text/html,hi',
      'file:///etc/passwd',
      'cb',
    ]) {
      expect(codeOf(() => checkRedirectUri(uri))).to.equal(
        'INVALID_REDIRECT_URI',
      );
    }
  });

  it('takes origins only as browsers send them', () => {
    expect(checkOrigin('https://a.example:8443')).to.equal(
      'https://a.example:8443',
    );
    expect(checkOrigin('http://localhost:5173')).to.equal(
      'http://localhost:5173',
    );
    for (const origin of ['https://a.example/', 'null', 'com.x.app://a']) {
      expect(codeOf(() => checkOrigin(origin))).to.equal('INVALID_ORIGIN');
    }
  });

  // The WHATWG parser drops leading/trailing spaces and controls and every
  // TAB, CR and LF, so each of these once passed as the URL without them
  // and was stored verbatim: exact matching compared something unchecked.
  const spaced = [
    ' https://a.example/cb',
    'https://a.example/cb ',
    'https://a.example/c b',
    'https://a.example/cb\t',
    'https://a.exa\tmple/cb',
    'https://a.example/cb\r\n',
    '\u0000https://a.example/cb',
    'https://a.example/cb\u001b',
    'https://a.example/cb\u007f',
    'https://a.example/cb\u00a0',
  ];

  it('refuses spaces, controls and non-ASCII in redirect URIs', () => {
    for (const uri of spaced) {
      expect(codeOf(() => checkRedirectUri(uri))).to.equal(
        'INVALID_REDIRECT_URI',
      );
    }
  });

  it('refuses spaces and controls in origins and callback URLs', () => {
    for (const uri of spaced) {
      expect(codeOf(() => checkCallbackUrl(uri))).to.equal('VALIDATION_FAILED');
      const origin = uri.replace('/cb', '');
      expect(codeOf(() => checkOrigin(origin))).to.equal('INVALID_ORIGIN');
    }
  });

  it('takes https callback URLs only', () => {
    expect(codeOf(() => checkCallbackUrl('ftp://x.example/cb'))).to.equal(
      'VALIDATION_FAILED',
    );
    expect(checkCallbackUrl('https://id.example/auth/x/callback')).to.equal(
      'https://id.example/auth/x/callback',
    );
  });
});

describe('ClientSecretHasher (unit)', () => {
  const hasher = new ClientSecretHasher('app-secret-one-0123456789abcdef');

  it('makes 256-bit secrets and verifies only the right one', () => {
    const {secret, hash} = hasher.generate();
    expect(secret).to.match(/^[\w-]{43}$/);
    expect(hash).to.match(/^hmac-sha256\.v1\.[0-9a-f]{64}$/);
    expect(hash).to.not.containEql(secret);
    expect(hasher.verify(secret, hash)).to.be.true();
    expect(hasher.verify(`${secret}x`, hash)).to.be.false();
    expect(hasher.verify(secret, undefined)).to.be.false();
  });

  it('is keyed by APP_SECRET, so a database dump alone cannot test guesses', () => {
    const other = new ClientSecretHasher('app-secret-two-0123456789abcdef');
    const {secret, hash} = hasher.generate();
    expect(other.verify(secret, hash)).to.be.false();
  });
});

describe('LruMap (unit)', () => {
  it('evicts the least recently used entry past its size', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1).set('b', 2);
    expect(map.get('a')).to.equal(1);
    map.set('c', 3);
    expect(map.get('b')).to.be.undefined();
    expect(map.get('a')).to.equal(1);
    expect(map.size).to.equal(2);
  });
});
