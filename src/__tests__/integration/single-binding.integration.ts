import {Binding, Constructor} from '@loopback/core';
import {expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {givenConfig} from '../fixtures/app';

/** The class a binding instantiates, when it is bound to a class or provider. */
function boundClass(binding: Readonly<Binding<unknown>>): unknown {
  return binding.valueConstructor ?? binding.providerConstructor;
}

describe('each class is bound once (integration)', () => {
  let app: IdentityApplication;

  before(async () => {
    app = new IdentityApplication(givenConfig());
    await app.boot();
  });
  after(() => app.stop());

  it('binds no class under two keys', () => {
    const keysByClass = new Map<unknown, string[]>();
    for (const binding of app.find(() => true)) {
      const cls = boundClass(binding);
      if (!cls) continue;
      keysByClass.set(cls, [...(keysByClass.get(cls) ?? []), binding.key]);
    }
    const twice = [...keysByClass.entries()]
      .filter(([, keys]) => keys.length > 1)
      .map(([cls, keys]) => `${(cls as Constructor<unknown>).name}: ${keys}`);
    expect(twice).to.eql([]);
  });

  it('resolves the typed key to the one singleton', async () => {
    const tokens = await app.get(IdentityBindings.TOKEN_SERVICE);
    expect(await app.get(IdentityBindings.TOKEN_SERVICE)).to.equal(tokens);
    expect(app.isBound('services.TokenService')).to.be.false();
  });
});
