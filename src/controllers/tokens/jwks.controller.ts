import {inject} from '@loopback/core';
import {get, oas, Response, RestBindings} from '@loopback/rest';
import {TOKEN_SIGNING_ALGS} from '../../config';
import {IdentityBindings} from '../../keys';
import {SigningKeyService} from '../../services/tokens/signing-key.service';
import {ApiArea} from '../../services/platform/api-areas';

/**
 * Short enough that a client sees a rotated key within minutes; a client
 * meeting an unknown `kid` should fetch again anyway.
 */
const MAX_AGE_S = 300;

/** The public keys tokens are signed with, of every algorithm in use (RFC 7517). */
@oas.tags(ApiArea.TOKENS_AND_SESSIONS)
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
          'Every key that currently verifies, of every algorithm in use (TOKEN_SIGNING_ALG and earlier ones whose tokens may still be valid); newest first',
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
                    required: ['kty', 'kid', 'alg', 'use'],
                    properties: {
                      kty: {type: 'string', enum: ['RSA', 'EC', 'OKP']},
                      kid: {type: 'string'},
                      alg: {type: 'string', enum: [...TOKEN_SIGNING_ALGS]},
                      use: {type: 'string', enum: ['sig']},
                      n: {type: 'string', description: 'RSA modulus'},
                      e: {type: 'string', description: 'RSA exponent'},
                      crv: {type: 'string', enum: ['P-256', 'Ed25519']},
                      x: {type: 'string'},
                      y: {type: 'string', description: 'EC (P-256) only'},
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
