import {AuthenticationStrategy} from '@loopback/authentication';
import {Request} from '@loopback/rest';
import {CurrentUser} from './current-user';

/**
 * For the few routes that serve signed-in and anonymous callers alike: the
 * caller when the request carries credentials one of `strategies` accepts,
 * undefined when it carries none. Credentials that are present but wrong
 * still throw, so a stale token is never silently treated as anonymous.
 */
export async function optionalCaller(
  request: Request,
  strategies: AuthenticationStrategy[],
): Promise<CurrentUser | undefined> {
  for (const strategy of strategies) {
    // Our strategies step aside (undefined) for a scheme they do not speak.
    const user = await strategy.authenticate(request);
    if (user) return user as CurrentUser;
  }
  return undefined;
}
