import {BindingKey} from '@loopback/core';
import type {AuditService} from './audit.service';
import type {Clock} from './clock';
import type {CorsPolicyService} from './cors-policy.service';
import type {Logger} from './logger';
import type {SecretBox} from './secret-box.service';

// Types only: the classes name these keys in their key tags.

/** The binding keys of the platform (clock, logger, audit, secret box, CORS policy); also in IdentityBindings. */
export namespace PlatformBindings {
  export const CLOCK = BindingKey.create<Clock>('identity.clock');
  export const LOGGER = BindingKey.create<Logger>('identity.logger');
  export const SECRET_BOX = BindingKey.create<SecretBox>(
    'identity.services.secret-box',
  );
  export const AUDIT_SERVICE = BindingKey.create<AuditService>(
    'identity.services.audit',
  );
  /** The origins CORS allows, cached briefly. */
  export const CORS_POLICY_SERVICE = BindingKey.create<CorsPolicyService>(
    'identity.services.cors-policy',
  );
}
