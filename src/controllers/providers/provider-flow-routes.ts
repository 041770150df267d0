import {
  createControllerFactoryForClass,
  OperationObject,
  ParameterObject,
  RestApplication,
} from '@loopback/rest';
import {ProviderEntry} from '../../config/provider-entry';
import {samlMetadataPath} from '../../config/provider-paths';
import {errorResponses} from '../accounts/account-schemas';
import {ApiArea} from '../../services/platform/api-areas';
import {ProviderFlowController} from './provider-flow.controller';

const factory = createControllerFactoryForClass(ProviderFlowController);

const query = (name: string, description: string): ParameterObject => ({
  name,
  in: 'query',
  schema: {type: 'string', maxLength: 2048},
  description,
});

const ERRORS = errorResponses({
  '400':
    '`INVALID_CLIENT`, `INVALID_REDIRECT_URI`, `INVALID_REQUEST`, `INVALID_PARAMETER_VALUE` (a parameter that is not a string): never a redirect',
  '403': '`LOGIN_NOT_ALLOWED`: a link-only entry',
});

function startSpec(entry: ProviderEntry): OperationObject {
  return {
    'x-operation-name': 'start',
    operationId: `ProviderFlowController.${entry.name}.start`,
    tags: [ApiArea.THIRD_PARTY],
    summary: `Sign in with ${entry.name}: redirects to the provider`,
    parameters: [
      query('client_id', 'The client application (default `web`)'),
      query('redirect_uri', 'Exactly one of the client’s registered URIs'),
      query('state', 'Echoed back to redirect_uri'),
      query('code_challenge', 'PKCE S256 challenge (required)'),
      query('code_challenge_method', 'Must be `S256`'),
      {
        name: 'response_mode',
        in: 'query',
        schema: {type: 'string', enum: ['json']},
        description: '`json` answers 200 `{url}` instead of a 302',
      },
    ],
    responses: {
      '200': {
        description: 'With response_mode=json: the provider URL',
        content: {
          'application/json': {
            schema: {type: 'object', properties: {url: {type: 'string'}}},
          },
        },
      },
      '302': {description: 'To the provider'},
      ...ERRORS,
    },
  };
}

function callbackSpec(entry: ProviderEntry, post: boolean): OperationObject {
  return {
    'x-operation-name': post ? 'callbackPost' : 'callback',
    operationId: `ProviderFlowController.${entry.name}.${post ? 'callbackPost' : 'callback'}`,
    tags: [ApiArea.THIRD_PARTY],
    summary: `The provider returns here after ${entry.name}`,
    ...(post
      ? {
          requestBody: {
            content: {
              'application/x-www-form-urlencoded': {
                schema: {
                  type: 'object',
                  additionalProperties: {type: 'string'},
                },
              },
            },
          },
        }
      : {
          parameters: [
            query(
              'posted',
              'Set by this service’s own 303 after a POST callback of a link flow: finishes that POST with this browser’s cookies',
            ),
          ],
        }),
    responses: {
      ...(post
        ? {
            '303': {
              description:
                'A link flow’s POST without the binding cookie (a provider’s cross-site form post cannot carry it): back to this path with `posted`, as a GET that carries it (empty body)',
            },
          }
        : {}),
      '200': {
        description:
          'A link flow returning to a browser other than the one that called ' +
          '`POST /link/{name}` (no matching binding cookie): a page asking the ' +
          'person to confirm the link; its form posts to `POST /link/confirm`',
        content: {'text/html': {schema: {type: 'string'}}},
      },
      '302': {
        description:
          'To redirect_uri with `code` and `state`, or `error`, `error_description` and `state`',
      },
      ...errorResponses({
        '400':
          '`INVALID_STATE`: missing, unknown, used or expired; never a redirect',
      }),
    },
  };
}

function metadataSpec(entry: ProviderEntry): OperationObject {
  return {
    'x-operation-name': 'metadata',
    operationId: `ProviderFlowController.${entry.name}.metadata`,
    tags: [ApiArea.THIRD_PARTY],
    summary: `This service's SAML 2.0 service provider metadata for ${entry.name}`,
    responses: {
      '200': {
        description:
          'EntityDescriptor: entity ID, AssertionConsumerService (HTTP-POST), NameID format, signing and encryption certificates when configured',
        content: {'application/samlmetadata+xml': {schema: {type: 'string'}}},
      },
    },
  };
}

/**
 * Serves every entry's authPath and callbackPath (and a SAML entry's
 * metadata). The paths come from
 * providers.json (LoopBack 3 entries name their own), so they are routes
 * added at start rather than decorators.
 */
export function registerProviderFlowRoutes(
  app: RestApplication,
  entries: readonly ProviderEntry[],
): void {
  for (const entry of entries) {
    if (entry.saml) {
      app.route(
        'get',
        samlMetadataPath(entry),
        metadataSpec(entry),
        ProviderFlowController,
        factory,
        'metadata',
      );
    }
    app.route(
      'get',
      entry.authPath,
      startSpec(entry),
      ProviderFlowController,
      factory,
      'start',
    );
    for (const verb of ['get', 'post'] as const) {
      app.route(
        verb,
        entry.callbackPath,
        callbackSpec(entry, verb === 'post'),
        ProviderFlowController,
        factory,
        verb === 'post' ? 'callbackPost' : 'callback',
      );
    }
  }
}
