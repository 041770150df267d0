import {inject} from '@loopback/core';
import {
  get,
  oas,
  post,
  Request,
  Response,
  RestBindings,
  SchemaObject,
} from '@loopback/rest';
import {IdentityBindings} from '../../keys';
import {UserinfoService} from '../../services/oidc/userinfo.service';
import {authCredentials} from '../../strategies/auth-header';
import {ApiArea} from '../../services/platform/api-areas';

const CLAIMS: SchemaObject = {
  type: 'object',
  required: ['sub'],
  properties: {
    sub: {type: 'string'},
    name: {type: 'string', description: 'scope profile'},
    preferred_username: {type: 'string', description: 'scope profile'},
    updated_at: {type: 'integer', description: 'scope profile, epoch seconds'},
    email: {type: 'string', description: 'scope email'},
    email_verified: {type: 'boolean', description: 'scope email'},
  },
};

/** RFC 6750 §3 error body. */
const BEARER_ERROR: SchemaObject = {
  type: 'object',
  required: ['error'],
  properties: {error: {type: 'string'}, error_description: {type: 'string'}},
};
const bearerError = (description: string) => ({
  description,
  content: {'application/json': {schema: BEARER_ERROR}},
});

const RESPONSES = {
  '200': {
    description: 'The claims of the scope granted to the token',
    content: {'application/json': {schema: CLAIMS}},
  },
  '401': bearerError(
    '`invalid_token`, with `WWW-Authenticate: Bearer error="invalid_token"` (no error when no token was sent)',
  ),
  '403': bearerError(
    '`insufficient_scope`: the token was not granted `openid` (`WWW-Authenticate: Bearer error="insufficient_scope"`)',
  ),
};

/** The UserInfo endpoint (OpenID Connect Core §5.3). */
@oas.tags(ApiArea.CLIENT_APPLICATIONS)
export class UserinfoController {
  constructor(
    @inject(IdentityBindings.USERINFO_SERVICE)
    private userinfo: UserinfoService,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @get('/oauth/userinfo', {
    summary: 'Claims about the signed-in person (bearer access token)',
    responses: RESPONSES,
  })
  async read(): Promise<object> {
    return this.answer();
  }

  @post('/oauth/userinfo', {
    summary: 'The UserInfo endpoint, by POST (the token in the header)',
    responses: RESPONSES,
  })
  async readByPost(): Promise<object> {
    return this.answer();
  }

  private async answer(): Promise<object> {
    const claims = await this.userinfo.claims(
      authCredentials(this.request, 'bearer'),
    );
    this.response.setHeader('Cache-Control', 'no-store');
    return claims;
  }
}
