import {expect} from '@loopback/testlab';
import {givenRunningApp, RunningApp} from '../fixtures/app';
import {givenProvidersFile} from '../fixtures/applications';
import {directoryLogin, givenLdapEntry} from '../fixtures/directory-app';
import {freePort} from '../fixtures/free-port';
import {requireSlapd, Slapd} from '../fixtures/slapd';
import {PEOPLE_OF} from '../fixtures/slapd-data';

const {alice} = PEOPLE_OF;

/** `name{labels} value` lines of a scrape, by series. */
async function scrape(running: RunningApp): Promise<Map<string, number>> {
  const res = await running.client.get('/metrics').expect(200);
  const samples = new Map<string, number>();
  for (const line of res.text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

/**
 * Directory sign-ins in the metrics, against a real OpenLDAP: counted as
 * `ldap` sign-ins, the directory's latency by entry, and a directory that
 * does not answer as `outcome="error"`.
 */
describe('Metrics of directory sign-ins (acceptance)', function (this: Mocha.Suite) {
  this.timeout(20000);
  let slapd: Slapd;
  let running: RunningApp;

  before(startDirectory);
  async function startDirectory(this: Mocha.Context): Promise<void> {
    requireSlapd(this);
    slapd = await Slapd.start();
    const closed = `ldap://127.0.0.1:${await freePort()}`;
    running = await givenRunningApp({
      METRICS_PUBLIC: 'true',
      PROVIDERS_FILE: givenProvidersFile({
        corp: givenLdapEntry(slapd),
        down: givenLdapEntry(slapd, {server: {url: closed}}),
      }),
    });
  }
  after(async () => {
    await running?.app.stop();
    await slapd?.remove();
  });

  it('counts ldap sign-ins by outcome and times the directory by entry', async () => {
    const login = (password: string, status: number) =>
      directoryLogin(
        running.client,
        'corp',
        {username: alice.uid, password},
        status,
      );
    await login(alice.password, 200);
    await login('not her password', 401);
    await directoryLogin(
      running.client,
      'down',
      {username: alice.uid, password: alice.password},
      503,
    );
    const samples = await scrape(running);
    expect(
      samples.get('identity_sign_ins_total{method="ldap",outcome="success"}'),
    ).to.equal(1);
    expect(
      samples.get('identity_sign_ins_total{method="ldap",outcome="failure"}'),
    ).to.be.greaterThanOrEqual(2);
    expect(
      samples.get(
        'identity_upstream_request_duration_seconds_count{kind="directory",entry="corp",outcome="ok"}',
      ),
    ).to.equal(2);
    expect(
      samples.get(
        'identity_upstream_request_duration_seconds_count{kind="directory",entry="down",outcome="error"}',
      ),
    ).to.equal(1);
  });
});
