import {expect} from '@loopback/testlab';
import {givenRunningApp, RunningApp} from '../fixtures/app';
import {givenWebApp} from '../fixtures/browser';
import {
  callJson,
  CookieJar,
  givenPerson,
  Person,
  signInThrough,
  TestClient,
} from '../fixtures/oidc';
import {givenTestClient} from '../fixtures/oidc-clients';

// Who may open the service's browser sign-in (only the page: a web token
// from its own origin), and the cookie it sets.
describe('OpenID Provider: opening the browser sign-in (acceptance)', () => {
  let running: RunningApp;
  let base: string;
  let person: Person;
  let appA: TestClient;

  before(async () => {
    running = await givenWebApp();
    base = running.config.baseUrl;
    const owner = await givenPerson(base);
    person = await givenPerson(base);
    appA = await givenTestClient(base, owner, 'http://localhost:9/a');
  });
  after(() => running?.app.stop());

  /** The Set-Cookie line of the sign-in cookie. */
  function signInCookie(response: Response): string {
    const line = response.headers
      .getSetCookie()
      .find(c => c.startsWith('identity-sign-in='));
    expect(line).to.be.a.String();
    return line!;
  }

  it("is opened only by a web token from the page's own origin", async () => {
    const jar = new CookieJar();
    const login = await callJson(base, 'POST', '/auth/login', {
      body: {login: person.email, password: person.password},
    });
    const token = login.body.access_token as string;
    const open = (options: {origin?: string; token?: string}) =>
      callJson(base, 'POST', '/oauth/browser-session', {
        jar,
        body: {},
        ...options,
      });
    const codeOf = (res: {body: Record<string, unknown>}) =>
      (res.body.error as {code: string}).code;

    const noOrigin = await open({token});
    expect([noOrigin.status, codeOf(noOrigin)]).to.eql([
      403,
      'ORIGIN_NOT_ALLOWED',
    ]);
    const otherOrigin = await open({token, origin: 'https://evil.example'});
    expect([otherOrigin.status, codeOf(otherOrigin)]).to.eql([
      403,
      'ORIGIN_NOT_ALLOWED',
    ]);
    const anonymous = await open({origin: base});
    expect(anonymous.status).to.equal(401);

    const thirdParty = await signInThrough(base, new CookieJar(), person, appA);
    const foreign = await open({
      token: thirdParty.tokens.access_token as string,
      origin: base,
    });
    expect([foreign.status, codeOf(foreign)]).to.eql([
      403,
      'FIRST_PARTY_REQUIRED',
    ]);
    // The password itself (Basic) is no sign-in of the page either.
    const basic = await fetch(`${base}/oauth/browser-session`, {
      method: 'POST',
      headers: {
        origin: base,
        authorization: `Basic ${Buffer.from(`${person.email}:${person.password}`).toString('base64')}`,
      },
    });
    expect(basic.status).to.equal(403);
    expect(jar.has('identity-sign-in')).to.be.false();

    const ok = await open({token, origin: base});
    expect(ok.status).to.equal(200);
    const cookie = signInCookie(ok.response);
    expect(cookie).to.match(/; HttpOnly/);
    expect(cookie).to.match(/; SameSite=Lax/);
    expect(cookie).to.match(/; Path=\//);
    // Over http (development on 127.0.0.1) the cookie cannot be Secure.
    expect(cookie).not.to.match(/; Secure/);
  });
});

describe('OpenID Provider: the browser sign-in over https (acceptance)', () => {
  let running: RunningApp;
  const BASE = 'https://id.example.com';

  before(async () => {
    running = await givenRunningApp({BASE_URL: BASE});
  });
  after(() => running?.app.stop());

  it('sets a __Host- cookie that is Secure, HttpOnly and SameSite=Lax', async () => {
    const {client: http} = running;
    const email = 'secure-cookie@example.com';
    await http
      .post('/users')
      .send({email, password: 'correct horse battery staple 42'})
      .expect(201);
    const login = await http
      .post('/auth/login')
      .send({login: email, password: 'correct horse battery staple 42'})
      .expect(200);
    const res = await http
      .post('/oauth/browser-session')
      .set('Origin', BASE)
      .set('Authorization', `Bearer ${login.body.access_token}`)
      .send({})
      .expect(200);
    const cookie = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find(c => c.startsWith('__Host-identity-sign-in='));
    expect(cookie).to.match(/; Path=\//);
    expect(cookie).to.match(/; HttpOnly/);
    expect(cookie).to.match(/; Secure/);
    expect(cookie).to.match(/; SameSite=Lax/);
    expect(cookie).not.to.match(/; Domain=/);
  });
});
