import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {Options, repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {PlatformBindings} from '../platform/keys';
import {TokenBindings} from './keys';
import {EmailToken, EmailTokenPurpose} from '../../models';
import {EmailTokenRepository} from '../../repositories';
import {Clock} from '../platform/clock';
import {randomToken, sha256Digest} from '../platform/token-digest';

/** How long a mailed link stays usable, per purpose. */
export const EMAIL_TOKEN_LIFETIME_MS: Readonly<
  Record<EmailTokenPurpose, number>
> = {
  verify: 24 * 60 * 60 * 1000,
  reset: 30 * 60 * 1000,
  'email-change': 24 * 60 * 60 * 1000,
};

/** What `randomToken()` produces; anything else is refused unlooked-up. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Single-use, expiring tokens for the links of verification and reset
 * mail. Only the SHA-256 digest is stored; the token itself exists only in
 * the mail. Each token is bound to the address it was sent to.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.EMAIL_TOKEN_SERVICE},
})
export class EmailTokenService {
  constructor(
    @repository(EmailTokenRepository) private tokens: EmailTokenRepository,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
  ) {}

  /** Creates a token for `user` and returns it with its expiry. */
  async issue(
    user: {id: string; email: string},
    purpose: EmailTokenPurpose,
  ): Promise<{token: string; expiresAt: Date}> {
    const token = randomToken(32);
    const expiresAt = new Date(
      this.clock.now() + EMAIL_TOKEN_LIFETIME_MS[purpose],
    );
    await this.tokens.create({
      userId: user.id,
      email: user.email,
      purpose,
      tokenHash: sha256Digest(token),
      expiresAt,
    });
    return {token, expiresAt};
  }

  /**
   * The unused, unexpired record of `token` for `purpose`, without using it
   * up (so a refused new password does not burn the link). Throws
   * `INVALID_EMAIL_TOKEN` for anything else, without saying why.
   */
  async findUsable(
    token: string,
    purpose: EmailTokenPurpose,
  ): Promise<EmailToken> {
    const record = TOKEN_SHAPE.test(token)
      ? await this.tokens.findOne({
          where: {tokenHash: sha256Digest(token), purpose},
        })
      : null;
    if (!record || !this.isUsable(record)) throw invalidEmailToken();
    return record;
  }

  /**
   * Uses the token up. One conditional update decides, so of two
   * concurrent uses exactly one succeeds; the other gets
   * `INVALID_EMAIL_TOKEN`. `options` makes it part of a unit of work.
   */
  async consume(record: EmailToken, options: Options = {}): Promise<void> {
    const now = new Date(this.clock.now());
    const {count} = await this.tokens.updateAll(
      {usedAt: now},
      {id: record.id, usedAt: null, expiresAt: {gt: now}} as object,
      options,
    );
    if (count !== 1) throw invalidEmailToken();
  }

  /**
   * Makes a token used by `consume` usable again, for when the change it
   * authorised could not be made: nothing is changed, the link included.
   */
  async release(record: EmailToken): Promise<void> {
    await this.tokens.updateById(record.id, {usedAt: null} as object);
  }

  /**
   * Uses up every outstanding token of the user (of one purpose, or all):
   * after a reset or an email change, older links must stop working.
   */
  async consumeAll(
    userId: string,
    purpose?: EmailTokenPurpose,
    options: Options = {},
  ): Promise<number> {
    const {count} = await this.tokens.updateAll(
      {usedAt: new Date(this.clock.now())},
      {userId, usedAt: null, ...(purpose ? {purpose} : {})} as object,
      options,
    );
    return count;
  }

  /** Deletes every token of the user, used or not; for account deletion. */
  async deleteAllForUser(userId: string, options: Options = {}): Promise<void> {
    await this.tokens.deleteAll({userId}, options);
  }

  private isUsable(record: EmailToken): boolean {
    // A token without its address could not be checked against the account.
    const bound = typeof record.email === 'string' && record.email !== '';
    const unused = record.usedAt === undefined || record.usedAt === null;
    const live = new Date(record.expiresAt).getTime() > this.clock.now();
    return bound && unused && live;
  }
}

function invalidEmailToken(): AppError {
  return new AppError(
    'INVALID_EMAIL_TOKEN',
    'This link is invalid, expired or already used. Ask for a new one.',
  );
}
