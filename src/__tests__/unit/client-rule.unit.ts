import {
  createStubInstance,
  expect,
  StubbedInstanceWithSinonAccessor,
} from '@loopback/testlab';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {Application, ApplicationCredential} from '../../models';
import {
  ApplicationCredentialRepository,
  ApplicationRepository,
} from '../../repositories';
import {
  ClientRefusal,
  ClientRuleService,
  FlowClientRequest,
} from '../../services/tokens/client-rule.service';
import {checkS256} from '../../services/tokens/pkce';
import {givenPkce} from '../fixtures/oauth';

const BASE_URL = 'https://id.example.com';
const CALLBACK = 'https://app.example.com/cb';

describe('ClientRuleService (unit)', () => {
  let applications: StubbedInstanceWithSinonAccessor<ApplicationRepository>;
  let credentials: StubbedInstanceWithSinonAccessor<ApplicationCredentialRepository>;
  let rule: ClientRuleService;

  beforeEach(() => {
    applications = createStubInstance(ApplicationRepository);
    credentials = createStubInstance(ApplicationCredentialRepository);
    applications.stubs.findOne.resolves(null);
    credentials.stubs.findOne.resolves(null);
    rule = new ClientRuleService(applications, credentials, {
      baseUrl: BASE_URL,
    } as AppConfig);
  });

  function givenStored(fields: Partial<Application>): void {
    applications.stubs.findOne.resolves(
      new Application({
        id: 'app-1',
        type: 'public',
        redirectUris: [CALLBACK],
        allowedOrigins: [],
        verifiedOrigins: [],
        disabled: false,
        firstParty: false,
        ...fields,
      }),
    );
  }

  function flowRequest(
    overrides: Partial<FlowClientRequest> = {},
  ): FlowClientRequest {
    return {
      client_id: 'app-1',
      redirect_uri: CALLBACK,
      code_challenge: givenPkce().challenge,
      code_challenge_method: 'S256',
      ...overrides,
    };
  }

  async function refusalOf(promise: Promise<unknown>): Promise<AppError> {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(AppError);
    return err as AppError;
  }

  it('refuses an unknown and a disabled client alike: INVALID_CLIENT, telling why', async () => {
    const unknown = await rule.lookup('nobody');
    givenStored({disabled: true});
    const disabled = await rule.lookup('app-1');
    for (const [refusal, reason] of [
      [unknown, 'unknown'],
      [disabled, 'disabled'],
    ] as const) {
      expect(refusal).to.be.instanceOf(ClientRefusal);
      expect(refusal).to.containDeep({code: 'INVALID_CLIENT', reason});
    }
    await expect(rule.require('app-1')).to.be.rejectedWith(ClientRefusal);
  });

  it('serves `web` as the first start stores it while that row is still being written', async () => {
    const client = await rule.forFlow(
      flowRequest({client_id: undefined, redirect_uri: undefined}),
      'facebook-login',
    );
    expect(client).to.containDeep({
      clientId: 'web',
      clientType: 'public',
      firstParty: true,
      redirectUri: `${BASE_URL}/`,
    });
    // Any other unstored client is unknown.
    await expect(rule.require('not-web')).to.be.rejectedWith(ClientRefusal);
  });

  it('serves `explorer` the same way, for its own redirect page only', async () => {
    const redirect = `${BASE_URL}/explorer/oauth2-redirect.html`;
    const client = await rule.forFlow(
      flowRequest({client_id: 'explorer', redirect_uri: redirect}),
    );
    expect(client).to.containDeep({
      clientId: 'explorer',
      clientType: 'public',
      firstParty: true,
      redirectUri: redirect,
    });
    const elsewhere = rule.forFlow(
      flowRequest({client_id: 'explorer', redirect_uri: `${BASE_URL}/`}),
    );
    expect(await refusalOf(elsewhere)).to.containDeep({
      code: 'INVALID_REDIRECT_URI',
    });
  });

  it('accepts only a registered redirect URI; without one, the only one registered', async () => {
    givenStored({redirectUris: [CALLBACK]});
    const only = await rule.forFlow(
      flowRequest({redirect_uri: undefined}),
      'facebook-login',
    );
    expect(only.redirectUri).to.equal(CALLBACK);
    const elsewhere = await refusalOf(
      rule.forFlow(
        flowRequest({redirect_uri: `${CALLBACK}/x`}),
        'facebook-login',
      ),
    );
    expect(elsewhere.code).to.equal('INVALID_REDIRECT_URI');
    givenStored({redirectUris: [CALLBACK, 'https://b.example.com/cb']});
    const ambiguous = await refusalOf(
      rule.forFlow(flowRequest({redirect_uri: undefined}), 'facebook-login'),
    );
    expect(ambiguous.code).to.equal('INVALID_REDIRECT_URI');
  });

  it('wants PKCE S256 from every client, confidential ones too', async () => {
    givenStored({type: 'confidential', secretHash: 'hmac-sha256.v1.x'});
    for (const overrides of [
      {code_challenge: undefined},
      {code_challenge_method: 'plain'},
      {code_challenge: 'too-short'},
    ]) {
      const err = await refusalOf(
        rule.forFlow(flowRequest(overrides), 'facebook-login'),
      );
      expect(err.code).to.equal('INVALID_REQUEST');
    }
  });

  it("carries the application's own provider credentials still sealed, and never its secret hash", async () => {
    givenStored({type: 'confidential', secretHash: 'hmac-sha256.v1.x'});
    const stored = {clientID: 'fb-own', clientSecret: 'sealed:abc'};
    credentials.stubs.findOne.resolves(
      new ApplicationCredential({
        id: 'cred-1',
        applicationId: 'app-1',
        credentials: stored,
      }),
    );
    const client = await rule.forFlow(flowRequest(), 'facebook-login');
    expect(client.providerCredentials).to.eql({
      id: 'cred-1',
      applicationId: 'app-1',
      stored,
    });
    expect(JSON.stringify(client)).to.not.match(/secretHash|hmac-sha256/);
    expect(credentials.stubs.findOne.firstCall.args[0]).to.eql({
      where: {applicationId: 'app-1', provider: 'facebook-login'},
    });
    expect(applications.stubs.findOne.callCount).to.equal(1);
  });
});

describe('the PKCE rule, checkS256 (unit)', () => {
  it('accepts an S256 challenge sent as S256, and nothing else', () => {
    const {challenge} = givenPkce();
    expect(checkS256(challenge, 'S256')).to.equal(challenge);
    expect(checkS256(challenge, 'plain')).to.be.undefined();
    expect(checkS256(challenge, undefined)).to.be.undefined();
    expect(checkS256(`${challenge}x`, 'S256')).to.be.undefined();
    expect(checkS256(undefined, 'S256')).to.be.undefined();
  });
});
