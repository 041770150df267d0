import {RestApplication} from '@loopback/rest';
import {registerProviderFlowRoutes} from '../../../controllers/providers/provider-flow-routes';
import {IdentityBindings} from '../../../keys';
import {flowStateStore} from './flow-state';

/**
 * The browser flows of every providers.json entry: OAuth 2.0 strategies
 * keep their state in the flow (not a session), and each entry's authPath
 * and callbackPath are served. Call after bindProviders.
 */
export function bindProviderFlows(app: RestApplication): void {
  app.bind(IdentityBindings.OAUTH2_STATE_STORE).to(flowStateStore);
  registerProviderFlowRoutes(app, app.getSync(IdentityBindings.PROVIDERS));
}
