import fs from 'node:fs';
import path from 'node:path';
import {DemoOidcProvider} from './demo-oidc-provider';
import {FacebookDemoServer} from './facebook-demo-server';

/** Entry names, so the callback paths are known before the file exists. */
export const DEMO_ENTRY = 'demo';
export const FACEBOOK_DEMO_ENTRY = 'facebook-demo';

/** `{BASE_URL}/auth/{name}/callback`, the entries' default callback URL. */
export function callbackUrl(baseUrl: string, entry: string): string {
  return `${baseUrl}/auth/${entry}/callback`;
}

/**
 * providers.json for the two local providers: "Demo" (OpenID Connect through
 * openid-client) and "Facebook (demo)" (passport-facebook pointed at the
 * local server). Their secrets are new on every start, so the file is
 * written again each time, readable by its owner only.
 */
export function writeDemoProviders(
  dataDir: string,
  oidc: DemoOidcProvider,
  facebook: FacebookDemoServer,
): string {
  const providers = {
    [DEMO_ENTRY]: {
      provider: 'demo',
      displayName: 'Demo',
      module: 'openid-client',
      issuer: oidc.issuer,
      clientID: oidc.clientId,
      clientSecret: oidc.clientSecret,
      // Show the login page every time, so a person can be someone else.
      authOptions: {prompt: 'login'},
    },
    [FACEBOOK_DEMO_ENTRY]: {
      provider: 'facebook-demo',
      displayName: 'Facebook (demo)',
      module: 'passport-facebook',
      clientID: facebook.clientId,
      clientSecret: facebook.clientSecret,
      scope: ['email'],
      profileFields: ['id', 'displayName', 'emails'],
      ...facebook.entryOptions(),
    },
  };
  fs.mkdirSync(dataDir, {recursive: true});
  const file = path.join(dataDir, 'providers.json');
  fs.writeFileSync(file, JSON.stringify(providers, null, 2) + '\n', {
    mode: 0o600,
  });
  return file;
}
