import {BindingKey} from '@loopback/core';
import type {EphemeralStore} from './ephemeral-store';
import type {StoreLockService} from './store-lock.service';

// Types only: the classes name these keys in their key tags.

/** The binding keys of the ephemeral store and its locks; also in IdentityBindings. */
export namespace StoreBindings {
  export const STORE = BindingKey.create<EphemeralStore>('identity.store');
  /** Mutual exclusion through the store's setIfAbsent with a TTL. */
  export const STORE_LOCK_SERVICE = BindingKey.create<StoreLockService>(
    'identity.services.store-lock',
  );
}
