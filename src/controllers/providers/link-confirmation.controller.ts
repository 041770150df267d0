import {inject} from '@loopback/core';
import {
  oas,
  post,
  requestBody,
  Response,
  RestBindings,
  SchemaObject,
} from '@loopback/rest';
import {IdentityBindings} from '../../keys';
import {
  LinkConfirmationService,
  LinkDecision,
} from '../../services/providers/linking/link-confirmation.service';
import {errorResponses, VALIDATION_ERROR} from '../accounts/account-schemas';
import {LINK_CONFIRM_PATH} from './link-confirmation-page';
import {redirectWithoutReferrer} from '../platform/response-headers';
import {ApiArea} from '../../services/platform/api-areas';

const CONFIRM_FORM: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  required: ['confirm_token', 'decision'],
  properties: {
    confirm_token: {type: 'string', minLength: 1, maxLength: 128},
    decision: {type: 'string', enum: ['link', 'cancel']},
  },
};

/**
 * The answer to the link confirmation page. It needs no sign-in: the
 * one-time confirm token, handed only to the browser that came back from
 * the provider, is the authority.
 */
@oas.tags(ApiArea.THIRD_PARTY)
export class LinkConfirmationController {
  constructor(
    @inject(RestBindings.Http.RESPONSE) private response: Response,
    @inject(IdentityBindings.LINK_CONFIRMATION_SERVICE)
    private confirmations: LinkConfirmationService,
  ) {}

  @post(LINK_CONFIRM_PATH, {
    summary: 'Confirm or decline a pending link (the confirmation page’s form)',
    responses: {
      '302': {
        description:
          '`link`: to redirect_uri with `code` and `state` (or the `error` a linking rule gives, e.g. `identity_already_linked`); ' +
          '`cancel`: to redirect_uri with `error=access_denied` and `state`',
      },
      ...errorResponses({
        '400':
          '`INVALID_STATE`: the confirm token is unknown, used or expired; never a redirect',
        ...VALIDATION_ERROR,
      }),
    },
  })
  async confirm(
    @requestBody({
      required: true,
      content: {'application/x-www-form-urlencoded': {schema: CONFIRM_FORM}},
    })
    form: {
      confirm_token: string;
      decision: LinkDecision;
    },
  ): Promise<Response> {
    const location = await this.confirmations.decide(
      form.confirm_token,
      form.decision,
    );
    return redirectWithoutReferrer(this.response, location);
  }
}
