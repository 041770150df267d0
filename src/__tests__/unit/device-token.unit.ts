import {expect} from '@loopback/testlab';
import {AppConfig} from '../../config';
import {UserRepository} from '../../repositories';
import {
  DeviceOwner,
  DeviceTokenService,
} from '../../services/tokens/device-token.service';

describe('DeviceTokenService (unit)', () => {
  function givenService(appSecret = 'a'.repeat(40)): DeviceTokenService {
    const users = {findOne: async () => owner};
    return new DeviceTokenService(
      {appSecret} as AppConfig,
      users as unknown as UserRepository,
    );
  }
  const owner: DeviceOwner = {id: 'user-1', deviceEpoch: 'epoch-2'};
  const user2: DeviceOwner = {id: 'user-2'};

  it('recognises its own token for the user it was issued to', async () => {
    const devices = givenService();
    const token = devices.issue(owner);
    const [version, , nonce] = token.split('.');
    expect(version).to.equal('d2');
    expect(devices.deviceOf(token, owner)).to.equal(nonce);
    expect(await devices.renew('user-1', token)).to.equal(token);
  });

  it('ignores a token issued before the user’s epoch changed', async () => {
    const devices = givenService();
    const before = devices.issue({id: 'user-1', deviceEpoch: 'epoch-1'});
    expect(devices.deviceOf(before, owner)).to.be.undefined();
    const unset = devices.issue({id: 'user-1'});
    expect(devices.deviceOf(unset, owner)).to.be.undefined();
    const renewed = await devices.renew('user-1', before);
    expect(renewed).to.not.equal(before);
    expect(devices.deviceOf(renewed, owner)).to.be.a.String();
  });

  it('ignores another user’s token, a tampered one and one of another APP_SECRET', async () => {
    const devices = givenService();
    const token = devices.issue(owner);
    expect(devices.deviceOf(token, user2)).to.be.undefined();
    expect(
      devices.deviceOf(token.replace('user-1', 'user-2'), user2),
    ).to.be.undefined();
    const [version, user, , mac] = token.split('.');
    expect(
      devices.deviceOf(`${version}.${user}.other-nonce.${mac}`, owner),
    ).to.be.undefined();
    const foreign = givenService('b'.repeat(40)).issue(owner);
    expect(devices.deviceOf(foreign, owner)).to.be.undefined();
    const d1 = `d1.${user}.other-nonce.${mac}`;
    for (const junk of [
      undefined,
      '',
      'x',
      'd2.user-1..',
      'd2.'.repeat(99),
      d1,
    ]) {
      expect(devices.deviceOf(junk, owner)).to.be.undefined();
    }
    expect(await devices.renew('user-1', foreign)).to.not.equal(foreign);
  });

  it('gives every sign-in without a token a new device', () => {
    const devices = givenService();
    expect(devices.issue(owner)).to.not.equal(devices.issue(owner));
  });
});
