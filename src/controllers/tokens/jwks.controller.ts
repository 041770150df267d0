import {inject} from '@loopback/core';
import {get, Response, RestBindings} from '@loopback/rest';
import {IdentityBindings} from '../../keys';
import {SigningKeyService} from '../../services/tokens/signing-key.service';

/**
 * Short enough that a client sees a rotated key within minutes; a client
 * meeting an unknown `kid` should fetch again anyway.
 */
const MAX_AGE_S = 300;

/** The public keys access tokens are signed with (RFC 7517). */
export class JwksController {
  constructor(
    @inject(IdentityBindings.SIGNING_KEY_SERVICE)
    private keys: SigningKeyService,
  ) {}

  @get('/.well-known/jwks.json', {
    summary: 'Public keys that verify access tokens (JWK Set)',
    responses: {
      '200': {
        description:
          'Every key that currently verifies; newest (signing) first',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['keys'],
              properties: {
                keys: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      kty: {type: 'string'},
                      crv: {type: 'string'},
                      x: {type: 'string'},
                      kid: {type: 'string'},
                      alg: {type: 'string'},
                      use: {type: 'string'},
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  })
  async jwks(
    @inject(RestBindings.Http.RESPONSE) response: Response,
  ): Promise<object> {
    const jwks = await this.keys.jwks();
    response.setHeader('Cache-Control', `public, max-age=${MAX_AGE_S}`);
    return jwks;
  }
}
