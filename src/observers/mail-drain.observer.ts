import {inject, LifeCycleObserver, lifeCycleObserver} from '@loopback/core';
import {IdentityBindings} from '../keys';
import {EmailFlowService} from '../services/accounts/email-flow.service';

/**
 * Reset and verification mails are sent after the response (so its timing
 * tells nothing). On shutdown, wait for the ones still going out, after the
 * REST server has stopped taking requests, so no promised mail is lost.
 */
@lifeCycleObserver()
export class MailDrainObserver implements LifeCycleObserver {
  constructor(
    @inject(IdentityBindings.EMAIL_FLOW_SERVICE)
    private readonly emailFlows: EmailFlowService,
  ) {}

  async stop(): Promise<void> {
    await this.emailFlows.whenIdle();
  }
}
