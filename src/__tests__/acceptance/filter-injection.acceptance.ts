import {expect} from '@loopback/testlab';
import {FlowWorld, givenFlowWorld} from '../fixtures/provider-flows';

/**
 * Query parameters reach `where` filters (client_id, email): a LoopBack
 * operator object such as `client_id[neq]=x` must be refused before any
 * lookup, not matched against the first application or user.
 */
describe('LoopBack operators in query parameters (acceptance)', () => {
  let world: FlowWorld;
  before(async () => {
    world = await givenFlowWorld();
  });
  after(() => world.stop());

  it('refuses an operator object as client_id on POST /auth/login', async () => {
    const res = await world.client
      .post('/auth/login?client_id[neq]=nobody')
      .send({login: 'nobody@example.com', password: 'whatever-it-is'})
      .expect(400);
    expect(res.body.error.code).to.equal('INVALID_PARAMETER_VALUE');
  });

  it('refuses an operator object as client_id when a provider flow starts', async () => {
    const res = await world.client
      .get('/auth/facebook-login?client_id[neq]=nobody&response_mode=json')
      .expect(400);
    expect(res.body.error.code).to.equal('INVALID_PARAMETER_VALUE');
    expect(res.headers.location).to.be.undefined();
  });

  it('refuses an operator object as state on a provider callback', async () => {
    const res = await world.client
      .get('/auth/facebook-login/callback?state[neq]=x&code=y')
      .expect(400);
    expect(res.body.error.code).to.equal('INVALID_STATE');
    expect(res.headers.location).to.be.undefined();
  });
});
