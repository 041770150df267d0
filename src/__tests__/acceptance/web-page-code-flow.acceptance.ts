import {expect} from '@loopback/testlab';
import {createHash} from 'node:crypto';
import {Page, Request} from 'playwright-core';
import {PHONE, screenshot, givenAppPageSuite} from '../fixtures/browser';
import {errorBody, fakeTokens, givenFakeApi} from '../fixtures/fake-api';

// The page's side of third-party sign-in and of the error wording, with the
// API answered in the browser (fixtures/fake-api.ts) as DESIGN §4 specifies.
describe('web page: code + PKCE flow and error wording (browser)', function () {
  const web = givenAppPageSuite();

  const DEMO = {
    name: 'demo',
    provider: 'demo',
    authScheme: 'openid connect',
    login: true,
    link: true,
    tokenExchange: false,
  };
  const USER = {id: 'u1', email: 'ada@example.com', emailVerified: true};
  const SESSIONS = [
    {
      id: 's2',
      userAgent: 'curl/8.5.0',
      ip: '10.0.0.2',
      lastUsedAt: hoursAgo(3),
    },
    {
      id: 's1',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0',
      ip: '127.0.0.1',
      lastUsedAt: hoursAgo(0),
    },
  ];

  /** A provider that sends the browser straight back with `answer`. */
  function givenDemoProvider(answer: (state: string) => string) {
    const start = (request: Request) => {
      const query = new URL(request.url()).searchParams;
      return {
        body: {url: `${web.origin}/?${answer(query.get('state') ?? '')}`},
      };
    };
    return {'GET /auth/providers': {body: [DEMO]}, 'GET /auth/demo': start};
  }

  it('continues with a provider, exchanges the code with its verifier and cleans the URL', async () => {
    const api = await givenFakeApi(web.page, web.origin, {
      ...givenDemoProvider(state => `code=the-code&state=${state}`),
      'POST /auth/token': {body: fakeTokens('s1')},
      'GET /users/me': {body: USER},
      'GET /users/me/identities': {
        body: [
          {
            id: 'i1',
            provider: 'demo',
            externalId: 'x',
            profile: {displayName: 'Ada at Demo'},
          },
        ],
      },
      'GET /sessions': {body: SESSIONS},
    });
    await web.page.goto(`${web.origin}/`);
    await web.page.getByRole('button', {name: 'Continue with Demo'}).click();
    await web.page.getByRole('heading', {name: 'Your account'}).waitFor();

    const start = new URL(findCall(api.calls, 'GET /auth/demo').url());
    expect(Object.fromEntries(start.searchParams)).to.containDeep({
      client_id: 'web',
      redirect_uri: `${web.origin}/`,
      code_challenge_method: 'S256',
      response_mode: 'json',
    });
    const form = new URLSearchParams(
      findCall(api.calls, 'POST /auth/token').postData() ?? '',
    );
    expect(form.get('grant_type')).to.equal('authorization_code');
    expect(form.get('code')).to.equal('the-code');
    expect(form.get('client_id')).to.equal('web');
    expect(form.get('redirect_uri')).to.equal(`${web.origin}/`);
    expect(s256(form.get('code_verifier') ?? '')).to.equal(
      start.searchParams.get('code_challenge'),
    );
    expect(web.page.url()).to.equal(`${web.origin}/`);
    await expectText(web.page, '#identity-list', 'Ada at Demo');
    await expectText(web.page, '[data-session-id="s1"]', 'this device');
    await screenshot(web.page, 'account-desktop');
    await web.page.setViewportSize(PHONE);
    await screenshot(web.page, 'account-360');
  });

  it('ignores a return whose state this tab did not send, without exchanging the code', async () => {
    const api = await givenFakeApi(web.page, web.origin, {});
    await web.page.goto(`${web.origin}/?code=stolen&state=forged`);
    await expectText(web.page, '#notice', 'not meant for this tab');
    expect(api.calls.map(c => c.url())).to.not.containEql(
      `${web.origin}/auth/token`,
    );
    expect(web.page.url()).to.equal(`${web.origin}/`);
  });

  it('tells an ACCOUNT_EXISTS return in words', async () => {
    await givenFakeApi(
      web.page,
      web.origin,
      givenDemoProvider(
        state => `error=ACCOUNT_EXISTS&error_description=x&state=${state}`,
      ),
    );
    await web.page.goto(`${web.origin}/`);
    await web.page.getByRole('button', {name: 'Continue with Demo'}).click();
    await expectText(web.page, '#notice', 'Sign in with it first, then link');
  });

  it('explains LAST_LOGIN_METHOD when unlinking the only way to sign in', async () => {
    await givenFakeApi(web.page, web.origin, {
      ...givenDemoProvider(state => `code=c&state=${state}`),
      'POST /auth/token': {body: fakeTokens('s1')},
      'GET /users/me': {body: USER},
      'GET /users/me/identities': {
        body: [{id: 'i1', provider: 'demo', externalId: 'x', profile: {}}],
      },
      'GET /sessions': {body: SESSIONS},
      'DELETE /users/me/identities/i1': {
        status: 409,
        body: errorBody(409, 'LAST_LOGIN_METHOD'),
      },
    });
    await web.page.goto(`${web.origin}/`);
    await web.page.getByRole('button', {name: 'Continue with Demo'}).click();
    await web.page.getByRole('button', {name: 'Unlink Demo'}).click();
    await expectText(web.page, '#notice', 'only way left to sign in');
  });

  it('says how long to wait when RATE_LIMITED, from Retry-After', async () => {
    await givenFakeApi(web.page, web.origin, {
      'POST /auth/login': {
        status: 429,
        headers: {'Retry-After': '30'},
        body: errorBody(429, 'RATE_LIMITED'),
      },
    });
    await web.page.goto(`${web.origin}/`);
    const signIn = web.page.locator('#view-sign-in');
    await signIn.getByLabel('Email or username').fill('ada');
    await signIn.getByLabel('Password').fill('whatever-it-is');
    await signIn.getByRole('button', {name: 'Sign in', exact: true}).click();
    await expectText(web.page, '#notice', 'wait 30 seconds');
  });

  it('tells which rule a WEAK_PASSWORD broke', async () => {
    await givenFakeApi(web.page, web.origin, {
      'POST /users': {
        status: 422,
        body: errorBody(422, 'WEAK_PASSWORD', {reason: 'COMMON'}),
      },
    });
    await web.page.goto(`${web.origin}/#sign-up`);
    const signUp = web.page.locator('#view-sign-up');
    await signUp.getByLabel('Email').fill('ada@example.com');
    await signUp.getByLabel('Password').fill('password1');
    await signUp.getByRole('button', {name: 'Create account'}).click();
    await expectText(web.page, '#notice', 'one of the most common');
  });
});

function findCall(calls: Request[], key: string): Request {
  const [method, path] = key.split(' ');
  const call = calls.find(
    c => c.method() === method && new URL(c.url()).pathname === path,
  );
  if (!call) throw new Error(`the page never called ${key}`);
  return call;
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * 3_600_000).toISOString();
}

async function expectText(page: Page, selector: string, text: string) {
  await page.locator(selector).filter({hasText: text}).first().waitFor();
}
