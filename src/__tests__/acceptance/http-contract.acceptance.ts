import {OpenApiSpec} from '@loopback/rest';
import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import path from 'node:path';
import {givenRunningApp, RunningApp} from '../fixtures/app';
import {givenProvidersFile} from '../fixtures/applications';

const CONTRACT = path.resolve(__dirname, '../../../docs/http-contract.md');
/** The entry whose routes stand for every entry's `/auth/{name}` routes. */
const ENTRY = 'example';

describe('docs/http-contract.md against the running service (acceptance)', () => {
  let running: RunningApp;
  before(async () => {
    running = await givenRunningApp({
      PROVIDERS_FILE: givenProvidersFile({
        [ENTRY]: {provider: 'google', clientID: 'id', clientSecret: 'secret'},
      }),
    });
  });
  after(() => running.app.stop());

  it('names every route of the OpenAPI document', async () => {
    const spec: OpenApiSpec = (
      await running.client.get('/openapi.json').expect(200)
    ).body;
    const routes = Object.entries(spec.paths).flatMap(([route, item]) =>
      Object.keys(item).map(method => {
        const generic = route.replace(`/auth/${ENTRY}`, '/auth/{name}');
        return `\`${method.toUpperCase()} ${generic}\``;
      }),
    );
    expect(routes).to.containEql('`GET /auth/{name}/callback`');
    const contract = fs.readFileSync(CONTRACT, 'utf8');
    expect(routes.filter(route => !contract.includes(route))).to.eql([]);
  });
});
