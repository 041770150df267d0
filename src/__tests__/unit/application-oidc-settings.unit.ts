import {expect} from '@loopback/testlab';
import {AppError} from '../../errors';
import {Application, GrantType, TOKEN_EXCHANGE_GRANT} from '../../models';
import {
  checkAll,
  checkRedirectUri,
} from '../../services/applications/application-input';
import {
  oidcSettings,
  OidcSettingsInput,
  OidcSettingsTarget,
  settingsTarget,
} from '../../services/applications/application-oidc-settings';

const DEFINED = new Set(['orders:read', 'orders:write']);

/** Look-ups that count their calls, so a test sees what was fetched. */
function givenLookups({admin = false} = {}) {
  const calls = {isAdmin: 0, definedScopes: 0};
  return {
    calls,
    lookups: {
      isAdmin: async () => {
        calls.isAdmin++;
        return admin;
      },
      definedScopes: async () => {
        calls.definedScopes++;
        return DEFINED;
      },
    },
  };
}

function target(data: Partial<OidcSettingsTarget> = {}): OidcSettingsTarget {
  return {
    id: 'app-1',
    type: 'confidential',
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: [],
    ...data,
  };
}

async function codeOf(
  input: OidcSettingsInput,
  on: Partial<OidcSettingsTarget> = {},
  {admin = false} = {},
): Promise<string | undefined> {
  try {
    await oidcSettings(target(on), input, givenLookups({admin}).lookups);
  } catch (err) {
    return (err as AppError).code;
  }
  return undefined;
}

describe('application OpenID Provider settings (unit)', () => {
  it('changes nothing and looks nothing up when none is sent', async () => {
    const {calls, lookups} = givenLookups();
    expect(await oidcSettings(target(), {}, lookups)).to.eql({});
    expect(calls).to.eql({isAdmin: 0, definedScopes: 0});
  });

  it('takes grant types a confidential application may use, without duplicates', async () => {
    const {lookups} = givenLookups();
    const grants: GrantType[] = [
      'client_credentials',
      'authorization_code',
      'client_credentials',
    ];
    const data = await oidcSettings(target(), {grantTypes: grants}, lookups);
    expect(data).to.eql({
      grantTypes: ['client_credentials', 'authorization_code'],
    });
  });

  it('refuses client_credentials and token exchange to a public application', async () => {
    const pub = {type: 'public' as const};
    expect(await codeOf({grantTypes: ['client_credentials']}, pub)).to.equal(
      'GRANT_TYPE_NOT_ALLOWED',
    );
    const exchange: GrantType[] = ['authorization_code', TOKEN_EXCHANGE_GRANT];
    expect(await codeOf({grantTypes: exchange}, pub, {admin: true})).to.equal(
      'GRANT_TYPE_NOT_ALLOWED',
    );
  });

  it('refuses refresh_token without authorization_code, and no grant at all', async () => {
    expect(await codeOf({grantTypes: ['refresh_token']})).to.equal(
      'GRANT_TYPE_NOT_ALLOWED',
    );
    expect(await codeOf({grantTypes: []})).to.equal('VALIDATION_FAILED');
    const unknown = ['password'] as unknown as GrantType[];
    expect(await codeOf({grantTypes: unknown})).to.equal('VALIDATION_FAILED');
  });

  it('lets only an admin allow token exchange; an owner may keep or drop it', async () => {
    const exchange: GrantType[] = ['client_credentials', TOKEN_EXCHANGE_GRANT];
    expect(await codeOf({grantTypes: exchange})).to.equal('FORBIDDEN');
    expect(
      await codeOf({grantTypes: exchange}, {}, {admin: true}),
    ).to.be.undefined();
    const held = {grantTypes: exchange};
    expect(await codeOf({grantTypes: exchange}, held)).to.be.undefined();
    expect(
      await codeOf({grantTypes: ['client_credentials']}, held),
    ).to.be.undefined();
  });

  it('asks whether the caller is an admin only when token exchange is added', async () => {
    const {calls, lookups} = givenLookups();
    await oidcSettings(target(), {grantTypes: ['client_credentials']}, lookups);
    expect(calls.isAdmin).to.equal(0);
  });

  it("keeps the web page's own grants", async () => {
    const web = {id: 'web', type: 'public' as const};
    expect(
      await codeOf({grantTypes: ['authorization_code']}, web, {admin: true}),
    ).to.equal('CONFLICT');
    expect(
      await codeOf({grantTypes: ['authorization_code', 'refresh_token']}, web),
    ).to.be.undefined();
  });

  it('takes only scopes some resource defines', async () => {
    const {calls, lookups} = givenLookups();
    const data = await oidcSettings(
      target(),
      {scopes: ['orders:read', 'orders:read', 'orders:write']},
      lookups,
    );
    expect(data).to.eql({scopes: ['orders:read', 'orders:write']});
    expect(calls.definedScopes).to.equal(1);
    for (const scope of [
      'unknown',
      'openid',
      'account',
      '__proto__',
      'constructor',
    ]) {
      expect({scope, code: await codeOf({scopes: [scope]})}).to.eql({
        scope,
        code: 'INVALID_SCOPE',
      });
    }
  });

  it('keeps a scope the application held even if no resource defines it now', async () => {
    const {calls, lookups} = givenLookups();
    const held = target({scopes: ['retired:scope']});
    const data = await oidcSettings(held, {scopes: ['retired:scope']}, lookups);
    expect(data).to.eql({scopes: ['retired:scope']});
    expect(calls.definedScopes).to.equal(0);
    expect(await codeOf({scopes: ['retired:scope', 'new']}, held)).to.equal(
      'INVALID_SCOPE',
    );
  });

  it('checks post-logout redirect URIs as redirect URIs', async () => {
    const {lookups} = givenLookups();
    const uris = ['https://app.example.com/bye', 'http://localhost:8080/'];
    expect(
      await oidcSettings(target(), {postLogoutRedirectUris: uris}, lookups),
    ).to.eql({postLogoutRedirectUris: uris});
    const bad = [
      'https://app.example.com/bye#x',
      'http://app.example.com/bye',
      'https://app.example.com/a b',
      'https://app.example.com/\u0001',
      'javascript:alert(1)',
      'https://*.example.com/',
    ];
    for (const uri of bad) {
      expect({uri, code: await codeOf({postLogoutRedirectUris: [uri]})}).to.eql(
        {
          uri,
          code: 'INVALID_REDIRECT_URI',
        },
      );
    }
  });

  it('names a refused post-logout URI as such', async () => {
    const err = await oidcSettings(
      target(),
      {postLogoutRedirectUris: ['https://a.example/#x']},
      givenLookups().lookups,
    ).catch((e: AppError) => e);
    expect((err as AppError).message).to.match(/^post-logout redirect URI /);
  });

  it('still names a refused redirect URI a redirect URI in a list', () => {
    // checkAll must not hand the list index to a check as its label.
    let message = '';
    try {
      checkAll(['https://a.example/#x'], checkRedirectUri);
    } catch (err) {
      message = (err as AppError).message;
    }
    expect(message).to.match(/^redirect URI https:\/\/a\.example\/#x: /);
  });

  it('sets, clears and refuses ID token algorithms', async () => {
    const {lookups} = givenLookups();
    for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
      expect(
        await oidcSettings(target(), {idTokenSignedResponseAlg: alg}, lookups),
      ).to.eql({idTokenSignedResponseAlg: alg});
    }
    const cleared = await oidcSettings(
      target(),
      {idTokenSignedResponseAlg: null},
      lookups,
    );
    expect(cleared.idTokenSignedResponseAlg).to.be.null();
    const none = 'none' as unknown as 'RS256';
    expect(await codeOf({idTokenSignedResponseAlg: none})).to.equal(
      'VALIDATION_FAILED',
    );
  });

  it('reads a row older than the settings as holding the defaults', () => {
    const legacy = new Application({id: 'old', type: 'public'});
    expect(settingsTarget(legacy)).to.eql({
      id: 'old',
      type: 'public',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: [],
    });
  });
});
