import type {MfaFactor} from '../../models';
import {
  ACR_MULTI_FACTOR,
  ACR_PHISHING_RESISTANT,
  ACR_VALUES,
  acrOf,
  meetsAcr,
} from '../tokens/authentication-methods';

/**
 * The `acr` a browser sign-in must reach before the authorization endpoint
 * issues a code (DESIGN §9), or undefined when it is enough.
 *
 * A person with a confirmed factor always needs it: multi-factor, even
 * when the sign-in was made before the factor was enrolled. `acr_values`
 * (any one of them will do) can ask more, but only what the person's
 * factors can give (`phr` needs a passkey); a value they cannot reach asks
 * nothing. A person without factors gets the acr they have, and the ID
 * token's `acr` tells the client.
 */
export function acrShortfall(
  amr: readonly string[],
  acrValues: readonly string[],
  factors: readonly Pick<MfaFactor, 'type' | 'confirmedAt'>[],
): string | undefined {
  const confirmed = factors.filter(f => f.confirmedAt);
  if (!confirmed.length) return undefined;
  const reachable = rank(
    confirmed.some(f => f.type === 'webauthn')
      ? ACR_PHISHING_RESISTANT
      : ACR_MULTI_FACTOR,
  );
  const asked = acrValues
    .map(rank)
    .filter(value => value >= 0 && value <= reachable);
  const weakestAsked = asked.length ? Math.min(...asked) : 0;
  const needed = ACR_VALUES[Math.max(rank(ACR_MULTI_FACTOR), weakestAsked)]!;
  return meetsAcr(acrOf(amr), [needed]) ? undefined : needed;
}

function rank(acr: string): number {
  return ACR_VALUES.indexOf(acr as (typeof ACR_VALUES)[number]);
}
