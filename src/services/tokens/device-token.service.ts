import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {createHmac, hkdfSync, randomBytes, timingSafeEqual} from 'node:crypto';
import {AppConfig} from '../../config';
import {SharedBindings} from '../platform/keys';
import {TokenBindings} from './keys';

const VERSION = 'd1';
/** Separates this key from every other key derived from APP_SECRET. */
const HKDF_SALT = 'identity-service/device-token/v1';
const NONCE_BYTES = 16;
/** Longer than any user id the service makes (UUIDs); refuses junk early. */
const MAX_TOKEN_LENGTH = 256;

/**
 * OWASP's device cookies ("Slow Down Online Guessing Attacks with Device
 * Cookies"): a browser or client that signed in with a user's password
 * keeps a token `d1.<userId>.<nonce>.<mac>`, the MAC an HMAC-SHA256 under a
 * key derived from APP_SECRET. Password attempts that carry a valid token
 * for the account they name are the owner's device: they are not locked out
 * by strangers' guesses, and their own failures lock out that token only.
 *
 * A token proves nothing by itself (the password is still checked); a
 * forged token, or one of another user, is simply ignored.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.DEVICE_TOKEN_SERVICE},
})
export class DeviceTokenService {
  private readonly key: Buffer;

  constructor(@inject(SharedBindings.CONFIG) config: AppConfig) {
    this.key = Buffer.from(
      hkdfSync('sha256', config.appSecret, HKDF_SALT, 'device-token', 32),
    );
  }

  /** A new device token for the user. */
  issue(userId: string): string {
    const nonce = randomBytes(NONCE_BYTES).toString('base64url');
    return `${VERSION}.${userId}.${nonce}.${this.mac(userId, nonce)}`;
  }

  /**
   * The device id (the token's nonce) when `token` is a genuine device token
   * of `userId`; undefined for anything else, without saying why.
   */
  deviceOf(token: string | undefined, userId: string): string | undefined {
    if (!token || token.length > MAX_TOKEN_LENGTH) return undefined;
    const parts = token.split('.');
    if (parts.length !== 4) return undefined;
    const [version, owner, nonce, mac] = parts as [
      string,
      string,
      string,
      string,
    ];
    if (version !== VERSION || owner !== userId || !nonce) return undefined;
    const expected = Buffer.from(this.mac(userId, nonce));
    const given = Buffer.from(mac);
    if (given.length !== expected.length) return undefined;
    return timingSafeEqual(given, expected) ? nonce : undefined;
  }

  /**
   * The token to hand back after a successful sign-in: the one presented
   * when it is the user's, otherwise a new one.
   */
  renew(userId: string, presented: string | undefined): string {
    return this.deviceOf(presented, userId) ? presented! : this.issue(userId);
  }

  private mac(userId: string, nonce: string): string {
    return createHmac('sha256', this.key)
      .update(`${VERSION}.${userId}.${nonce}`)
      .digest('base64url');
  }
}
