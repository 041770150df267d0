import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {PlatformBindings} from '../../platform/keys';
import {ProviderBindings} from '../keys';
import {StoreBindings} from '../../store/keys';
import {MappedProfile} from '../profile-mappers';
import {ProviderTokens} from '../provider-login';
import {EphemeralStore} from '../../store/ephemeral-store';
import {CommittableFlow} from '../flows/provider-flow-commit.service';
import {SecretBox} from '../../platform/secret-box.service';
import {randomToken, sha256Digest} from '../../platform/token-digest';

/** The person has this long to answer the link confirmation page. */
export const PENDING_LINK_TTL_MS = 5 * 60_000;

/** HKDF purpose of pending links: they open as nothing else. */
const PENDING_LINK_PURPOSE = 'pending-link';

/** A link waiting for the person's confirmation: all a commit needs. */
export interface PendingLink {
  /** The providers.json entry's name. */
  entry: string;
  flow: CommittableFlow;
  profile: MappedProfile;
  tokens: ProviderTokens;
}

/**
 * Links parked until the person confirms them, keyed by a one-time random
 * confirm token stored only as a digest. The whole record is sealed: it
 * holds the provider's tokens and the person's email. `take` makes each
 * single use; the store's TTL makes it expire.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.PENDING_LINK_STORE},
})
export class PendingLinkStore {
  constructor(
    @inject(StoreBindings.STORE) private store: EphemeralStore,
    @inject(PlatformBindings.SECRET_BOX) private box: SecretBox,
  ) {}

  /** Parks `pending` for PENDING_LINK_TTL_MS; returns its confirm token. */
  async save(pending: PendingLink): Promise<string> {
    const token = randomToken(32);
    await this.store.set(
      pendingKey(token),
      this.box.sealJson(pending, PENDING_LINK_PURPOSE),
      PENDING_LINK_TTL_MS,
    );
    return token;
  }

  /** The pending link of `token`, once; undefined when unknown, used or expired. */
  async take(token: string): Promise<PendingLink | undefined> {
    const sealed = await this.store.take(pendingKey(token));
    return sealed
      ? this.box.openJson<PendingLink>(sealed, PENDING_LINK_PURPOSE)
      : undefined;
  }
}

function pendingKey(token: string): string {
  return `link-confirm:${sha256Digest(token)}`;
}
