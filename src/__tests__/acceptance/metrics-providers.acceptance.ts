import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {IdentityBindings} from '../../keys';
import {
  FlowWorld,
  givenFlowWorld,
  signInWith,
} from '../fixtures/provider-flows';

/**
 * Provider sign-ins in the metrics: counted as `provider` sign-ins, and
 * the provider's side of the callback (code exchange, profile) timed by
 * entry. Read from the service itself:
 * the HTTP side of /metrics has its own suite.
 */
describe('Metrics of provider sign-ins (acceptance)', () => {
  let world: FlowWorld;
  before(async () => {
    world = await givenFlowWorld();
  });
  after(() => world.stop());

  async function samples(): Promise<Map<string, number>> {
    const text = await world.app.getSync(IdentityBindings.METRICS).text();
    const found = new Map<string, number>();
    for (const line of text.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const at = line.lastIndexOf(' ');
      found.set(line.slice(0, at), Number(line.slice(at + 1)));
    }
    return found;
  }

  it('counts provider sign-ins and times the provider by entry', async () => {
    world.facebook.signInAs({id: randomUUID(), name: 'Mia Metrics'});
    await signInWith(world, 'facebook-login');
    await signInWith(world, 'facebook-login');

    const found = await samples();
    expect(
      found.get('identity_sign_ins_total{method="provider",outcome="success"}'),
    ).to.equal(2);
    expect(
      found.get(
        'identity_upstream_request_duration_seconds_count{kind="provider",entry="facebook-login",outcome="ok"}',
      ),
    ).to.equal(2);
  });
});
