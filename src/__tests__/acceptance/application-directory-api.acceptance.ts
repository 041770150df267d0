import {expect} from '@loopback/testlab';
import {X509Certificate} from 'node:crypto';
import {givenRunningApp, RunningApp} from '../fixtures/app';
import {
  givenTenant,
  LDAP_ENTRY,
  namedFields,
  putDirectory,
  serverBody,
  Tenant,
} from '../fixtures/app-directory';
import {
  APPS_PROVIDERS,
  Caller,
  givenCaller,
  givenProvidersFile,
} from '../fixtures/applications';
import {givenSigningKey, SigningKey} from '../fixtures/saml-forge';
import {givenSamlEntry} from '../fixtures/saml-world';

/**
 * `PUT/GET/DELETE /applications/{id}/credentials/{name}` for a SAML and an
 * LDAP entry: the two body shapes, what is shown back (certificates by
 * fingerprint, never a password), every refusal naming its field, and who
 * may set them.
 */
describe('Per-application directories: the credentials API (acceptance)', () => {
  let running: RunningApp;
  let owner: Caller;
  let idp: SigningKey;
  let rollover: SigningKey;

  before(async () => {
    idp = givenSigningKey('tenant-idp.test');
    rollover = givenSigningKey('tenant-idp-next.test');
    running = await givenRunningApp({
      PROVIDERS_FILE: givenProvidersFile({
        ...APPS_PROVIDERS,
        'corp-saml': givenSamlEntry(givenSigningKey()),
        'corp-ldap': LDAP_ENTRY,
      }),
    });
    owner = await givenCaller(running.app);
  });
  after(() => running.app.stop());

  function put(tenant: Tenant, name: string, body: object) {
    return putDirectory(running.client, owner, tenant, name, body);
  }

  it('stores a SAML IdP and shows its certificates by subject and fingerprint, not their text', async () => {
    const tenant = await givenTenant(running.client, owner);
    const bare = rollover.cert.replace(/-----[A-Z ]+-----|\s/g, '');
    const res = await put(tenant, 'corp-saml', {
      entryPoint: 'https://idp.tenant.test/sso',
      // CR LF line breaks, as a file from Windows has them.
      cert: [idp.cert.replace(/\n/g, '\r\n'), bare],
      idpIssuer: 'https://idp.tenant.test/metadata',
    }).expect(200);
    expect(res.body).to.containDeep({
      provider: 'corp-saml',
      authScheme: 'saml',
      entryPoint: 'https://idp.tenant.test/sso',
      idpIssuer: 'https://idp.tenant.test/metadata',
    });
    expect(res.body.certificates).to.containDeep([
      {
        subject: 'CN=tenant-idp.test',
        fingerprint256: new X509Certificate(idp.cert).fingerprint256,
      },
      {subject: 'CN=tenant-idp-next.test'},
    ]);
    expect(res.text).to.not.match(/BEGIN CERTIFICATE/);
    expect(res.text).to.not.containEql(bare.slice(40, 120));
    const got = await running.client
      .get(`/applications/${tenant.id}/credentials/corp-saml`)
      .set('Authorization', owner.auth)
      .expect(200);
    expect(got.body).to.eql(res.body);
  });

  it('refuses a bad SAML IdP with 422 naming the field, and stores nothing', async () => {
    const tenant = await givenTenant(running.client, owner);
    const good = {entryPoint: 'https://idp.tenant.test/sso', cert: idp.cert};
    const cases: [object, string[]][] = [
      [{entryPoint: good.entryPoint}, ['cert']],
      [{...good, cert: 'not a certificate'}, ['cert']],
      [{...good, cert: [idp.cert, 'MIIBroken']}, ['cert[1]']],
      [{...good, entryPoint: 'http://idp.tenant.test/sso'}, ['entryPoint']],
      [{...good, entryPoint: 'idp.tenant.test'}, ['entryPoint']],
      [{cert: idp.cert}, ['entryPoint']],
    ];
    for (const [body, fields] of cases) {
      const res = await put(tenant, 'corp-saml', body).expect(422);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(namedFields(res.body)).to.eql(fields);
    }
    for (const body of [
      {...good, certPath: '/etc/passwd'},
      {...good, clientID: 'x', clientSecret: 'y'},
    ]) {
      const res = await put(tenant, 'corp-saml', body).expect(422);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    }
    await running.client
      .get(`/applications/${tenant.id}/credentials/corp-saml`)
      .set('Authorization', owner.auth)
      .expect(404);
  });

  it('takes line breaks in certificates only, and no other control character', async () => {
    const tenant = await givenTenant(running.client, owner);
    const good = {entryPoint: 'https://idp.tenant.test/sso', cert: idp.cert};
    for (const body of [
      {...good, cert: `${idp.cert}\u0000`},
      {...good, cert: [idp.cert.replace('\n', '\u001b\n')]},
      {...good, idpIssuer: 'https://idp.tenant.test/\r\nmetadata'},
    ]) {
      const res = await put(tenant, 'corp-saml', body).expect(400);
      expect(res.body.error.code).to.equal('INVALID_CHARACTERS');
    }
  });

  it('stores an LDAP server and never shows its password', async () => {
    const tenant = await givenTenant(running.client, owner);
    const res = await put(tenant, 'corp-ldap', serverBody(idp.cert)).expect(
      200,
    );
    expect(res.body).to.containDeep({
      provider: 'corp-ldap',
      authScheme: 'ldap',
      server: {
        url: 'ldaps://directory.tenant.test:636',
        bindDn: 'cn=reader,dc=tenant,dc=test',
        hasBindCredentials: true,
        searchScope: 'sub',
        starttls: false,
        tlsOptions: {ca: [{subject: 'CN=tenant-idp.test'}]},
      },
    });
    expect(res.text).to.not.containEql('tenant-reader-secret');
    expect(res.body.server).to.not.have.property('bindCredentials');
    const anonymous = await put(
      tenant,
      'corp-ldap',
      serverBody(idp.cert, {bindDn: undefined, bindCredentials: undefined}),
    ).expect(200);
    expect(anonymous.body.server.hasBindCredentials).to.be.false();
  });

  it('refuses a bad LDAP server with 422 naming the field: TLS always, no files, no unused key', async () => {
    const tenant = await givenTenant(running.client, owner);
    const cases: [object, string[]][] = [
      [
        serverBody(idp.cert, {url: 'ldap://directory.tenant.test'}),
        ['server.url'],
      ],
      [serverBody(idp.cert, {url: 'ldap://127.0.0.1:389'}), ['server.url']],
      [serverBody(idp.cert, {url: 'https://x.test'}), ['server.url']],
      [
        serverBody(idp.cert, {
          tlsOptions: {ca: idp.cert, rejectUnauthorized: false},
        }),
        ['server.tlsOptions.rejectUnauthorized'],
      ],
      [
        serverBody(idp.cert, {tlsOptions: {caFile: '/etc/ssl/certs/ca.pem'}}),
        ['server.tlsOptions.caFile'],
      ],
      [
        serverBody(
          '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
        ),
        ['server.tlsOptions.ca[0]'],
      ],
      [serverBody(idp.cert, {searchBase: undefined}), ['server.searchBase']],
      [
        serverBody(idp.cert, {bindCredentials: undefined}),
        ['server.bindCredentials'],
      ],
      [
        serverBody(idp.cert, {searchFilter: '(uid=alice)'}),
        ['server.searchFilter'],
      ],
      [serverBody(idp.cert, {timeout: 60000}), ['server.timeout']],
      [serverBody(idp.cert, {reconnectx: true}), ['server.reconnectx']],
      [{}, ['server']],
    ];
    for (const [body, fields] of cases) {
      const res = await put(tenant, 'corp-ldap', body).expect(422);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(namedFields(res.body)).to.eql(fields);
    }
    const startTls = serverBody(idp.cert, {
      url: 'ldap://directory.tenant.test',
      starttls: true,
    });
    await put(tenant, 'corp-ldap', startTls).expect(200);
  });

  it("refuses one kind's body for another kind of entry", async () => {
    const tenant = await givenTenant(running.client, owner);
    const saml = {entryPoint: 'https://idp.tenant.test/sso', cert: idp.cert};
    for (const [name, body] of [
      ['corp-ldap', saml],
      ['corp-ldap', {clientID: 'x', clientSecret: 'y'}],
      ['corp-saml', serverBody(idp.cert)],
      ['facebook-login', saml],
      ['facebook-login', serverBody(idp.cert)],
    ] as const) {
      const res = await put(tenant, name, body).expect(422);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    }
  });

  it("lets only the application's owner or an admin set, see and remove them", async () => {
    const tenant = await givenTenant(running.client, owner);
    const stranger = await givenCaller(running.app);
    const admin = await givenCaller(running.app, {admin: true});
    const path = `/applications/${tenant.id}/credentials/corp-ldap`;
    const body = serverBody(idp.cert);
    const refused = await putDirectory(
      running.client,
      stranger,
      tenant,
      'corp-ldap',
      body,
    ).expect(404);
    expect(refused.body.error.code).to.equal('APPLICATION_NOT_FOUND');
    await running.client.get(path).set('Authorization', owner.auth).expect(404);
    await putDirectory(running.client, admin, tenant, 'corp-ldap', body).expect(
      200,
    );
    for (const [method, who] of [
      ['get', stranger],
      ['delete', stranger],
    ] as const) {
      const res = await running.client[method](path)
        .set('Authorization', who.auth)
        .expect(404);
      expect(res.body.error.code).to.equal('APPLICATION_NOT_FOUND');
    }
    await running.client.get(path).set('Authorization', owner.auth).expect(200);
    await running.client.del(path).set('Authorization', owner.auth).expect(204);
  });
});
