import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {Options, repository} from '@loopback/repository';
import {createHmac, hkdfSync, randomBytes, timingSafeEqual} from 'node:crypto';
import {AppConfig} from '../../config';
import {User} from '../../models';
import {UserRepository} from '../../repositories';
import {SharedBindings} from '../platform/keys';
import {TokenBindings} from './keys';

/**
 * d2: the MAC covers the user's device epoch too. A d1 token (no epoch)
 * is one version behind and simply stops counting, as a forged one.
 */
const VERSION = 'd2';
/** Separates this key from every other key derived from APP_SECRET. */
const HKDF_SALT = 'identity-service/device-token/v1';
const NONCE_BYTES = 16;
const EPOCH_BYTES = 16;
/** Longer than any user id the service makes (UUIDs); refuses junk early. */
const MAX_TOKEN_LENGTH = 256;

/**
 * Whose device a token is: the user, and their device epoch as stored
 * (User.deviceEpoch; absent until their password first changes).
 */
export type DeviceOwner = Pick<User, 'id' | 'deviceEpoch'>;

/**
 * OWASP's device cookies ("Slow Down Online Guessing Attacks with Device
 * Cookies"): a browser or client that signed in with a user's password
 * keeps a token `d2.<userId>.<nonce>.<mac>`, the MAC an HMAC-SHA256 under a
 * key derived from APP_SECRET over the version, the user id, the nonce and
 * the user's device epoch. Password attempts that carry a valid token for
 * the account they name are the owner's device: they are not locked out
 * by strangers' guesses, and their own failures lock out that token only.
 *
 * A token proves nothing by itself (the password is still checked); a
 * forged token, or one of another user, is simply ignored. So is one
 * issued before the user's password last changed: whoever knew the old
 * password must not keep a lock-out of their own (revokeAll).
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.DEVICE_TOKEN_SERVICE},
})
export class DeviceTokenService {
  private readonly key: Buffer;

  constructor(
    @inject(SharedBindings.CONFIG) config: AppConfig,
    @repository(UserRepository) private users: UserRepository,
  ) {
    this.key = Buffer.from(
      hkdfSync('sha256', config.appSecret, HKDF_SALT, 'device-token', 32),
    );
  }

  /** A new device token for the user, in their current epoch. */
  issue(owner: DeviceOwner): string {
    const nonce = randomBytes(NONCE_BYTES).toString('base64url');
    return `${VERSION}.${owner.id}.${nonce}.${this.mac(owner, nonce)}`;
  }

  /**
   * The device id (the token's nonce) when `token` is a genuine device token
   * of `owner` from their current epoch; undefined for anything else, forged
   * or stale alike, without saying why and with the same work once the
   * user id matches (one HMAC), so a stale token cannot be told apart.
   */
  deviceOf(token: string | undefined, owner: DeviceOwner): string | undefined {
    if (!token || token.length > MAX_TOKEN_LENGTH) return undefined;
    const parts = token.split('.');
    if (parts.length !== 4) return undefined;
    const [version, userId, nonce, mac] = parts as [
      string,
      string,
      string,
      string,
    ];
    if (version !== VERSION || userId !== owner.id || !nonce) return undefined;
    const expected = Buffer.from(this.mac(owner, nonce));
    const given = Buffer.from(mac);
    if (given.length !== expected.length) return undefined;
    return timingSafeEqual(given, expected) ? nonce : undefined;
  }

  /**
   * The token to hand back after a successful sign-in of `userId`: the one
   * presented when it is theirs and current, otherwise a new one.
   */
  async renew(userId: string, presented: string | undefined): Promise<string> {
    // A sign-in that just succeeded names a user who exists; should they be
    // deleted meanwhile, a token of nobody is harmless.
    const owner = (await this.users.findOne({where: {id: userId}})) ?? {
      id: userId,
    };
    return this.deviceOf(presented, owner) ? presented! : this.issue(owner);
  }

  /**
   * Ends every device token of the user by giving them a new epoch. Called
   * in the same unit as each password change, reset or first set.
   */
  async revokeAll(userId: string, options: Options = {}): Promise<void> {
    const deviceEpoch = randomBytes(EPOCH_BYTES).toString('base64url');
    await this.users.updateById(userId, {deviceEpoch}, options);
  }

  private mac(owner: DeviceOwner, nonce: string): string {
    return createHmac('sha256', this.key)
      .update(`${VERSION}.${owner.id}.${nonce}.${owner.deviceEpoch ?? ''}`)
      .digest('base64url');
  }
}
