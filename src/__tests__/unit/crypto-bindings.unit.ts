import {expect} from '@loopback/testlab';
import os from 'node:os';
import path from 'node:path';
import {IdentityApplication} from '../../application';
import {loadConfig} from '../../config';
import {IdentityBindings} from '../../keys';
import {PasswordService} from '../../services/accounts/password.service';
import {SecretBox} from '../../services/platform/secret-box.service';

describe('cryptographic service bindings (unit)', () => {
  it('binds the PasswordService and a SecretBox keyed by APP_SECRET', async () => {
    const app = givenApplication();
    const passwords = await app.get(IdentityBindings.PASSWORD_SERVICE);
    const box = await app.get(IdentityBindings.SECRET_BOX);

    expect(passwords).to.be.instanceOf(PasswordService);
    expect(box).to.be.instanceOf(SecretBox);
    const sealed = box.seal('secret', 'provider-token');
    expect(new SecretBox(APP_SECRET).open(sealed, 'provider-token')).to.equal(
      'secret',
    );
  });
});

const APP_SECRET = 'bindings-test-secret-0123456789abcdefghijkl';

function givenApplication(): IdentityApplication {
  const {config} = loadConfig({
    NODE_ENV: 'test',
    APP_SECRET,
    DATA_DIR: path.join(os.tmpdir(), 'identity-crypto-bindings'),
    LOG_LEVEL: 'silent',
  });
  return new IdentityApplication(config);
}
