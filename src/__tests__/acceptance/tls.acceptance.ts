import {expect} from '@loopback/testlab';
import {execFileSync} from 'node:child_process';
import https from 'node:https';
import path from 'node:path';
import {TLSSocket} from 'node:tls';
import {
  givenDataDir,
  givenRunningApp,
  removeDataDir,
  RunningApp,
} from '../fixtures/app';

describe('serving HTTPS with TLS_CERT_FILE and TLS_KEY_FILE', () => {
  let dir: string;
  let running: RunningApp;

  before(async function () {
    dir = givenDataDir();
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    // A throwaway self-signed certificate for localhost.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      {stdio: 'ignore'},
    );
    running = await givenRunningApp({
      DATA_DIR: dir,
      TLS_CERT_FILE: cert,
      TLS_KEY_FILE: key,
    });
  });
  after(async () => {
    await running?.app.stop();
    removeDataDir(dir);
  });

  it('answers over https with the configured certificate, and HSTS', async () => {
    const url = running.app.restServer.url!;
    expect(url).to.match(/^https:\/\//);
    const {status, body, subject, hsts} = await new Promise<{
      status?: number;
      body: string;
      subject?: string;
      hsts?: string;
    }>((resolve, reject) => {
      https
        .get(`${url}/health`, {rejectUnauthorized: false}, res => {
          const commonName = String(
            (res.socket as TLSSocket).getPeerCertificate().subject?.CN,
          );
          let text = '';
          res.on('data', chunk => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode,
              body: text,
              subject: commonName,
              hsts: res.headers['strict-transport-security'],
            }),
          );
        })
        .on('error', reject);
    });
    expect(status).to.equal(200);
    expect(JSON.parse(body)).to.eql({status: 'ok'});
    expect(subject).to.equal('localhost');
    // Over https only: the http suites see no HSTS.
    expect(hsts).to.equal('max-age=31536000; includeSubDomains');
  });
});
