import {lazyModule} from '../../platform/lazy-module';
import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import type {SamlConfig, ValidateInResponseTo} from '@node-saml/node-saml';
import type {Profile, VerifiedCallback} from '@node-saml/passport-saml';
import type {Request} from '@loopback/rest';
import {Strategy} from 'passport';
import {
  ProviderCredentials,
  ProviderEntry,
} from '../../../config/provider-entry';
import {SamlSettings} from '../../../config/saml-entry';
import {AppError} from '../../../errors';
import {Clock} from '../../platform/clock';
import {PlatformBindings} from '../../platform/keys';
import {FLOW_TTL_MS} from '../../providers/flows/provider-flow-store';
import {ProviderBindings} from '../../providers/keys';
import {SamlStrategyBuilder} from '../../providers/passport/saml-strategy-port';
import {
  finishVerify,
  providerLogin,
  ProviderVerify,
} from '../../providers/provider-login';
import {EphemeralStore} from '../../store/ephemeral-store';
import {StoreBindings} from '../../store/keys';
import {SamlFlowStrategy} from './saml-flow-strategy';
import {SamlAssertionLedger} from './saml-assertion-ledger';
import {samlSignInOf} from './saml-profile';
import {StoreSamlRequestCache} from './saml-request-cache';

// Loaded on first use: a service with no SAML entry never loads it.
const loadSaml = lazyModule(
  () =>
    require('@node-saml/passport-saml') as typeof import('@node-saml/passport-saml'),
);

/**
 * Builds the Passport strategy of a SAML 2.0 entry on
 * `@node-saml/passport-saml`, for the entry's IdP or an application's own
 * (`credentials.saml`): HTTP-Redirect out, HTTP-POST back; a signed
 * response or assertion always required; audience, NotOnOrAfter (skew
 * bounded by the entry), InResponseTo (ids kept in the shared store),
 * Recipient and the IdP's issuer checked; each assertion signs in once.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.SAML_STRATEGY_BUILDER},
})
export class SamlStrategyService implements SamlStrategyBuilder {
  private requests: StoreSamlRequestCache;
  private assertions: SamlAssertionLedger;

  constructor(
    @inject(StoreBindings.STORE) store: EphemeralStore,
    @inject(PlatformBindings.CLOCK) clock: Clock,
  ) {
    const now = () => clock.now();
    this.requests = new StoreSamlRequestCache(store, FLOW_TTL_MS, now);
    this.assertions = new SamlAssertionLedger(store, now);
  }

  build(
    entry: ProviderEntry,
    credentials: ProviderCredentials,
    verify: ProviderVerify,
  ): Strategy {
    const settings = settingsOf(entry);
    const idp = credentials.saml ?? settings;
    const acs = credentials.callbackURL;
    const {Strategy: SamlStrategy} = loadSaml();
    const inner = new SamlStrategy(
      {
        ...this.options(entry, settings, acs),
        entryPoint: idp.entryPoint,
        idpCert: [...idp.idpCert],
      },
      (req: Request, profile: Profile | null, done: VerifiedCallback) =>
        finishVerify(
          req,
          async () => {
            const signIn = samlSignInOf(
              entry,
              settings,
              credentials,
              profile,
              acs,
            );
            await this.assertions.useOnce(
              `${entry.name}/${credentials.applicationId ?? ''}`,
              signIn.assertionId,
              signIn.notOnOrAfter + settings.acceptedClockSkewMs,
            );
            return providerLogin(entry, signIn.profile, {});
          },
          verify,
          (err, user) =>
            done(err as Error | null, user as Record<string, unknown>),
        ),
      (_req: Request, _profile: Profile | null, done: VerifiedCallback) =>
        done(new AppError('PROVIDER_ERROR', 'Single logout is not served.')),
    );
    return new SamlFlowStrategy(entry.name, inner, acs, settings);
  }

  metadata(entry: ProviderEntry): string {
    const settings = settingsOf(entry);
    const acs = entry.credentials.callbackURL;
    const {SAML} =
      require('@node-saml/node-saml') as typeof import('@node-saml/node-saml');
    const saml = new SAML({
      ...this.options(entry, settings, acs),
      entryPoint: settings.entryPoint,
      idpCert: [...settings.idpCert],
    });
    return saml.generateServiceProviderMetadata(
      settings.decryptionCert ?? null,
      settings.publicCert ?? null,
    );
  }

  /** node-saml's options of `entry`, whatever the IdP. */
  private options(
    entry: ProviderEntry,
    settings: SamlSettings,
    acs: string,
  ): Omit<SamlConfig, 'idpCert'> & {passReqToCallback: true; name: string} {
    return {
      name: entry.name,
      passReqToCallback: true,
      ...settings.requestOptions,
      issuer: settings.spEntityId,
      callbackUrl: acs,
      audience: settings.audience,
      identifierFormat: settings.identifierFormat,
      acceptedClockSkewMs: settings.acceptedClockSkewMs,
      wantAssertionsSigned: settings.wantAssertionsSigned,
      wantAuthnResponseSigned: settings.wantAuthnResponseSigned,
      // Both written out: node-saml's defaults are SHA-1 (digests of a
      // POST-bound AuthnRequest or signed metadata included).
      signatureAlgorithm: settings.signatureAlgorithm,
      digestAlgorithm: settings.signatureAlgorithm,
      ...(settings.privateKey ? {privateKey: settings.privateKey} : {}),
      ...(settings.publicCert ? {publicCert: settings.publicCert} : {}),
      ...(settings.decryptionPvk
        ? {decryptionPvk: settings.decryptionPvk}
        : {}),
      // The enum's value, written out: importing the enum would load
      // node-saml at start.
      validateInResponseTo: 'always' as ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: FLOW_TTL_MS,
      cacheProvider: this.requests,
    };
  }
}

function settingsOf(entry: ProviderEntry): SamlSettings {
  if (!entry.saml) throw new Error(`${entry.name} is not a SAML entry`);
  return entry.saml;
}
