import {expect} from '@loopback/testlab';
import {AppConfig} from '../../config';
import {DeviceTokenService} from '../../services/tokens/device-token.service';

describe('DeviceTokenService (unit)', () => {
  function givenService(appSecret = 'a'.repeat(40)): DeviceTokenService {
    return new DeviceTokenService({appSecret} as AppConfig);
  }

  it('recognises its own token for the user it was issued to', () => {
    const devices = givenService();
    const token = devices.issue('user-1');
    const [, , nonce] = token.split('.');
    expect(devices.deviceOf(token, 'user-1')).to.equal(nonce);
    expect(devices.renew('user-1', token)).to.equal(token);
  });

  it('ignores another user’s token, a tampered one and one of another APP_SECRET', () => {
    const devices = givenService();
    const token = devices.issue('user-1');
    expect(devices.deviceOf(token, 'user-2')).to.be.undefined();
    expect(
      devices.deviceOf(token.replace('user-1', 'user-2'), 'user-2'),
    ).to.be.undefined();
    const [version, user, , mac] = token.split('.');
    expect(
      devices.deviceOf(`${version}.${user}.other-nonce.${mac}`, 'user-1'),
    ).to.be.undefined();
    const foreign = givenService('b'.repeat(40)).issue('user-1');
    expect(devices.deviceOf(foreign, 'user-1')).to.be.undefined();
    for (const junk of [undefined, '', 'x', 'd1.user-1..', 'd1.'.repeat(100)]) {
      expect(devices.deviceOf(junk, 'user-1')).to.be.undefined();
    }
    expect(devices.renew('user-1', foreign)).to.not.equal(foreign);
  });

  it('gives every sign-in without a token a new device', () => {
    const devices = givenService();
    expect(devices.issue('user-1')).to.not.equal(devices.issue('user-1'));
  });
});
