import {expect} from '@loopback/testlab';
import {demoClaims} from '../../demo/demo-oidc-provider';
import {ExpiringMap} from '../../demo/expiring-map';
import {demoUser} from '../../demo/facebook-demo-server';
import {ManualClock} from '../fixtures/manual-clock';

describe('demo providers (unit)', () => {
  describe('Demo (OpenID Connect) claims', () => {
    it('shares an email typed as the login as a verified email', () => {
      expect(demoClaims('Ada.Lovelace@Example.com')).to.eql({
        sub: 'Ada.Lovelace@Example.com',
        name: 'Ada Lovelace',
        preferred_username: 'ada.lovelace',
        email: 'ada.lovelace@example.com',
        email_verified: true,
      });
    });

    it('shares no email for any other login', () => {
      expect(demoClaims('olive')).to.eql({
        sub: 'olive',
        name: 'Olive',
        preferred_username: 'olive',
      });
    });
  });

  describe('Facebook (demo) users', () => {
    it('is the same account for the same email, whatever the name', () => {
      const a = demoUser('Fay', 'Fay@Example.com', true);
      const b = demoUser('Fay Book', 'fay@example.com', true);
      expect(a.id).to.equal(b.id);
      expect(a.id).to.match(/^\d+$/);
      expect(b).to.eql({id: a.id, name: 'Fay Book', email: 'fay@example.com'});
    });

    it('shares an unconfirmed email with nobody, as Facebook does', () => {
      const user = demoUser('Fay', 'fay@example.com', false);
      expect(user).to.not.have.property('email');
      expect(user.id).to.equal(demoUser('X', 'fay@example.com', true).id);
    });

    it('is keyed by the name without an email', () => {
      expect(demoUser('Zed', undefined, true).id).to.equal(
        demoUser(' zed ', '', true).id,
      );
      expect(demoUser('Zed', undefined, true).id).to.not.equal(
        demoUser('Zoe', undefined, true).id,
      );
    });
  });

  describe('ExpiringMap', () => {
    it('gives a code once and forgets it after its lifetime', () => {
      const clock = new ManualClock();
      const codes = new ExpiringMap<string>(60_000, () => clock.now());
      const once = codes.add('grant');
      expect(codes.take(once)).to.equal('grant');
      expect(codes.take(once)).to.be.undefined();

      const late = codes.add('grant');
      clock.advance(60_000);
      expect(codes.get(late)).to.be.undefined();
      expect(codes.get(undefined)).to.be.undefined();
    });
  });
});
