import {expect} from '@loopback/testlab';
import {CapturedLogger, givenCapturedLogger} from '../fixtures/captured-logger';
import {startLogin} from '../fixtures/provider-flows';
import {withEncryptedAssertion} from '../fixtures/saml-encrypt';
import {
  DIGEST_ALGORITHMS,
  givenSigningKey,
  responseXml,
  SIGNATURE_ALGORITHMS,
  signed,
  SigningAlgorithms,
} from '../fixtures/saml-forge';
import {expectForgeryRefused} from '../fixtures/saml-refusals';
import {
  givenSamlWorld,
  SamlWorld,
  samlSignInWith,
} from '../fixtures/saml-world';

const SHA1_DIGEST: SigningAlgorithms = {digest: 'sha1'};
const RSA_SHA1: SigningAlgorithms = {signature: 'rsa-sha1', digest: 'sha1'};

/**
 * SHA-1 collisions are practical: a response or assertion signed RSA-SHA1,
 * or whose signed reference is digested with SHA-1, is refused with
 * `provider_error` naming the algorithm (no code, no user written), unless
 * the entry accepts SHA-1 (`signatureAlgorithm: "sha1"`, an IdP that only
 * speaks SHA-1). The service never offers SHA-1 itself unless so told.
 */
describe('SAML 2.0 sign-in refuses SHA-1 signatures unless the entry accepts them (acceptance)', function () {
  const sp = givenSigningKey('sp.test');
  const spKeys = {
    privateKey: sp.key,
    publicCert: sp.cert,
    decryptionPvk: sp.key,
    decryptionCert: sp.cert,
  };
  let strict: SamlWorld;
  let lenient: SamlWorld;
  let logs: CapturedLogger;

  before(async () => {
    logs = givenCapturedLogger();
    strict = await givenSamlWorld(spKeys, undefined, {logger: logs.logger});
    lenient = await givenSamlWorld({...spKeys, signatureAlgorithm: 'sha1'});
  });
  after(async () => {
    await strict.running.app.stop();
    await lenient.running.app.stop();
  });

  /** The refusal's description names `algorithm`. */
  const naming = (location: URL, algorithm: string) =>
    expect(location.searchParams.get('error_description')).to.containEql(
      algorithm,
    );

  it('refuses an assertion or a response signed RSA-SHA256 over a SHA-1 digest', async () => {
    for (const which of ['Assertion', 'Response'] as const) {
      const refused = await expectForgeryRefused(strict, facts =>
        signed(responseXml(facts), strict.idp, which, SHA1_DIGEST),
      );
      naming(refused, DIGEST_ALGORITHMS.sha1);
    }
  });

  it('refuses an assertion or a response signed RSA-SHA1, and logs why', async () => {
    for (const which of ['Assertion', 'Response'] as const) {
      const refused = await expectForgeryRefused(strict, facts =>
        signed(responseXml(facts), strict.idp, which, RSA_SHA1),
      );
      naming(refused, SIGNATURE_ALGORITHMS['rsa-sha1']);
    }
    const logged = logs.lines.filter(l => l.msg === 'provider flow failed');
    expect(logged.at(-1)?.entry).to.equal('corp');
    expect(JSON.stringify(logged.at(-1)?.err)).to.containEql(
      SIGNATURE_ALGORITHMS['rsa-sha1'],
    );
  });

  it('refuses an encrypted assertion signed with SHA-1 inside', async () => {
    const refused = await expectForgeryRefused(strict, facts =>
      withEncryptedAssertion(
        signed(responseXml(facts), strict.idp, 'Assertion', RSA_SHA1),
        sp.cert,
      ),
    );
    naming(refused, SIGNATURE_ALGORITHMS['rsa-sha1']);
  });

  it("signs in with an encrypted SHA-256 assertion (RSA-OAEP's SHA-1 digest signs nothing)", async () => {
    const tokens = await samlSignInWith(strict, facts =>
      withEncryptedAssertion(
        signed(responseXml(facts), strict.idp, 'Assertion'),
        sp.cert,
      ),
    );
    expect(tokens.access_token).to.be.a.String();
  });

  it('signs in with SHA-1 when the entry accepts it (signatureAlgorithm "sha1")', async () => {
    for (const algorithms of [SHA1_DIGEST, RSA_SHA1]) {
      for (const which of ['Assertion', 'Response'] as const) {
        await samlSignInWith(lenient, facts =>
          signed(responseXml(facts), lenient.idp, which, algorithms),
        );
      }
    }
    await samlSignInWith(lenient, facts =>
      withEncryptedAssertion(
        signed(responseXml(facts), lenient.idp, 'Assertion', RSA_SHA1),
        sp.cert,
      ),
    );
  });

  it('signs its AuthnRequests RSA-SHA256 and names no SHA-1 in its metadata, unless the entry accepts SHA-1', async () => {
    const sigAlg = async (world: SamlWorld) =>
      new URL((await startLogin(world.client, 'corp')).url).searchParams.get(
        'SigAlg',
      );
    expect(await sigAlg(strict)).to.equal(SIGNATURE_ALGORITHMS['rsa-sha256']);
    expect(await sigAlg(lenient)).to.equal(SIGNATURE_ALGORITHMS['rsa-sha1']);
    const metadata = await strict.client.get('/auth/corp/metadata').expect(200);
    expect(metadata.text).to.containEql('use="signing"');
    expect(metadata.text).to.not.match(/sha1/i);
  });
});
