import {AppError} from '../../errors';
import {User} from '../../models';
import {RequestContext} from '../../strategies/request-context';
import {RateLimiterService} from '../abuse/rate-limiter.service';
import {Logger} from '../platform/logger';
import {DeviceTokenService} from '../tokens/device-token.service';

/** The mails a quota bounds, as named in the `perAccount` limits. */
export type QuotaMail = 'passwordReset' | 'verificationSend';

/**
 * The hourly cap on mails sent to an address at a stranger's request
 * (`perAccount` limits). A request from a device that signed in to the
 * account before (a valid device token) counts against its own quota, so
 * strangers cannot spend the owner's.
 */
export class MailQuota {
  constructor(
    private limiter: RateLimiterService,
    private devices: DeviceTokenService,
    private logger: Logger,
  ) {}

  /**
   * Counts one mail against the quota of the device token presented, when
   * it is one of this user's, else against the address's; false past it.
   */
  async allows(
    action: QuotaMail,
    user: User,
    context: RequestContext,
  ): Promise<boolean> {
    const device = this.devices.deviceOf(context.deviceToken, user);
    const key = device ? `device:${user.id}:${device}` : `email:${user.email}`;
    try {
      await this.limiter.consume(`account:${action}`, key);
      return true;
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'RATE_LIMITED') throw err;
      this.logger.info(
        {userId: user.id, action},
        'Mail quota reached; nothing sent',
      );
      return false;
    }
  }
}
