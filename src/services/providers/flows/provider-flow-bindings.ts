import {Application} from '@loopback/core';
import {ProviderBindings} from '../keys';
import {flowStateStore} from './flow-state';

/**
 * OAuth 2.0 strategies keep their state in the flow (not a session). The
 * routes of each entry's authPath and callbackPath are the controllers'
 * (`registerProviderFlowRoutes`), registered by the component.
 */
export function bindProviderFlows(app: Application): void {
  app.bind(ProviderBindings.OAUTH2_STATE_STORE).to(flowStateStore);
}
