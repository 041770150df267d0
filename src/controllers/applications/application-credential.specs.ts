import {ResponsesObject, SchemaObject} from '@loopback/rest';

const PEM: SchemaObject = {type: 'string', minLength: 1, maxLength: 16384};

/** One certificate, or several (an IdP's rollover, a CA chain). */
const PEM_LIST: SchemaObject = {
  anyOf: [PEM, {type: 'array', minItems: 1, maxItems: 5, items: PEM}],
};

/** Body fields that may span lines: PEM certificates. */
export const MULTILINE_CREDENTIAL_FIELDS = [
  'cert',
  'idpCert',
  'server.tlsOptions.ca',
];

export const CREDENTIAL_INPUT_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    clientID: {type: 'string', minLength: 1, maxLength: 500},
    clientSecret: {type: 'string', minLength: 1, maxLength: 2000},
    consumerKey: {type: 'string', minLength: 1, maxLength: 500},
    consumerSecret: {type: 'string', minLength: 1, maxLength: 2000},
    callbackURL: {type: 'string', minLength: 1, maxLength: 2048},
    entryPoint: {
      type: 'string',
      minLength: 1,
      maxLength: 2048,
      description: "SAML: the IdP's single sign-on URL (https)",
    },
    cert: {
      ...PEM_LIST,
      description:
        "SAML: the IdP's signing certificate, PEM or bare base64, or an array of them",
    },
    idpCert: {...PEM_LIST, description: 'SAML: another name for `cert`'},
    idpIssuer: {
      type: 'string',
      minLength: 1,
      maxLength: 1024,
      description: 'SAML: the Issuer every response must name',
    },
    server: {
      type: 'object',
      maxProperties: 30,
      description:
        'LDAP: `{url, bindDn, bindCredentials, searchBase, searchFilter, searchScope, searchAttributes, groupSearchBase, groupSearchFilter, starttls, tlsOptions: {ca, servername}, connectTimeout, timeout}` as in providers.json; ldaps:// or starttls required, timeouts of at most 10000 ms',
    },
  },
  description:
    "By the entry's kind. OAuth 2 / OpenID Connect: clientID + clientSecret; oAuth 1: consumerKey + consumerSecret (callbackURL defaults to the service callback of the entry). SAML: entryPoint + cert (+ idpIssuer). LDAP: server.",
};

const CERTIFICATE: SchemaObject = {
  type: 'object',
  properties: {
    subject: {type: 'string'},
    issuer: {type: 'string'},
    fingerprint256: {type: 'string'},
    notAfter: {type: 'string', format: 'date-time'},
  },
};

const SERVER_VIEW: SchemaObject = {
  type: 'object',
  description: 'LDAP: the server, without bindCredentials',
  properties: {
    url: {type: 'string'},
    bindDn: {type: 'string'},
    hasBindCredentials: {type: 'boolean'},
    searchBase: {type: 'string'},
    searchFilter: {type: 'string'},
    searchScope: {type: 'string', enum: ['base', 'one', 'sub']},
    searchAttributes: {type: 'array', items: {type: 'string'}},
    groupSearchBase: {type: 'string'},
    groupSearchFilter: {type: 'string'},
    starttls: {type: 'boolean'},
    tlsOptions: {
      type: 'object',
      properties: {
        ca: {type: 'array', items: CERTIFICATE},
        servername: {type: 'string'},
      },
    },
    connectTimeout: {type: 'integer'},
    timeout: {type: 'integer'},
  },
};

export const CREDENTIAL_RESPONSE: ResponsesObject[string] = {
  description:
    'The stored credentials, without secrets: OAuth keys (`hasClientSecret`), a SAML IdP (its certificates by subject and fingerprint), or an LDAP server (`hasBindCredentials`)',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          provider: {type: 'string'},
          authScheme: {type: 'string'},
          clientID: {type: 'string'},
          consumerKey: {type: 'string'},
          callbackURL: {type: 'string'},
          hasClientSecret: {type: 'boolean', enum: [true]},
          entryPoint: {type: 'string'},
          idpIssuer: {type: 'string'},
          certificates: {type: 'array', items: CERTIFICATE},
          server: SERVER_VIEW,
          created: {type: 'string', format: 'date-time'},
          modified: {type: 'string', format: 'date-time'},
        },
      },
    },
  },
};
