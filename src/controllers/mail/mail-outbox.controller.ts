import {inject} from '@loopback/core';
import {get, oas} from '@loopback/rest';
import path from 'node:path';
import {AppError} from '../../errors';
import {errorResponse} from '../../errors/error-responses';
import {MailBindings} from '../../services/mail/keys';
import type {MailService} from '../../services/mail/mail.service';
import {ApiArea} from '../../services/platform/api-areas';

/**
 * Where development mail goes: the page says so after it asks for a mailed
 * link, so a developer without SMTP finds the message. Production never
 * answers it.
 */
@oas.tags(ApiArea.OPERATIONS)
export class MailOutboxController {
  constructor(
    @inject(MailBindings.MAIL_SERVICE) private readonly mail: MailService,
  ) {}

  @get('/mail/outbox', {
    summary: 'Development only: the folder mail is written to instead of sent',
    responses: {
      '200': {
        description:
          'NODE_ENV is not production and SMTP_URL is unset: messages (`.eml` and `.html`) are written to `directory` (relative to the working directory when inside it)',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {directory: {type: 'string'}},
              required: ['directory'],
            },
          },
        },
      },
      '404': errorResponse(
        '`NOT_FOUND`: in production, or mail goes over SMTP',
      ),
    },
  })
  outbox(): {directory: string} {
    const dir = this.mail.developmentOutbox();
    if (!dir)
      throw new AppError('NOT_FOUND', 'Mail is not written to a folder here.');
    return {directory: shown(dir)};
  }
}

/** `./data/outbox` for a folder under the working directory, else as is. */
function shown(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) {
    return dir;
  }
  return `.${path.sep}${relative}`;
}
