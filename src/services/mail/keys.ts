import {BindingKey} from '@loopback/core';
import type {MailService} from './mail.service';

// Types only: the classes name these keys in their key tags.

/** The binding keys of outgoing mail; also in IdentityBindings. */
export namespace MailBindings {
  /** Sends account mail over SMTP, or into the data directory's outbox. */
  export const MAIL_SERVICE = BindingKey.create<MailService>(
    'identity.services.mail',
  );
}
