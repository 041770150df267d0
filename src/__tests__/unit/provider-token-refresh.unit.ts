import {expect} from '@loopback/testlab';
import {afterRefresh} from '../../services/providers/provider-token.service';

// What is stored after a provider answered a refresh grant.
describe('afterRefresh (unit)', () => {
  const stored = {
    accessToken: 'old-access',
    refreshToken: 'the-refresh-token',
    expiresAt: 1_000,
    scope: 'email',
  };

  it('takes the new token, its expiry and scope, keeping a refresh token the provider did not rotate', () => {
    expect(
      afterRefresh(stored, {accessToken: 'new-access', expiresAt: 5_000}),
    ).to.eql({
      accessToken: 'new-access',
      refreshToken: 'the-refresh-token',
      expiresAt: 5_000,
      scope: 'email',
    });
    expect(
      afterRefresh(stored, {accessToken: 'new', refreshToken: 'rotated'})
        .refreshToken,
    ).to.equal('rotated');
  });

  it('leaves the expiry unknown when the answer has no expires_in, never the old past one', () => {
    // Keeping 1_000 would make the new token look expired at once, and
    // every later use would refresh it again.
    const next = afterRefresh(stored, {accessToken: 'new-access'});
    expect(next.accessToken).to.equal('new-access');
    expect(next).to.not.have.property('expiresAt');
  });
});
