import type {Profile} from '@node-saml/passport-saml';
import {
  ProviderCredentials,
  ProviderEntry,
} from '../../../config/provider-entry';
import {SamlSettings} from '../../../config/saml-entry';
import {AppError} from '../../../errors';
import {hasControlCharacter} from '../../platform/control-characters';
import {MappedProfile} from '../../providers/profile-mappers';
import {
  mapSamlProfile,
  SamlProfileLike,
} from '../../providers/saml-profile-mapper';
import {scopedToApplication} from '../directory-scope';
import {AssertionFacts, assertionFacts} from './saml-assertion';

/** A checked assertion: whom it signs in, and what makes it single use. */
export interface SamlSignIn {
  readonly profile: MappedProfile;
  readonly assertionId: string;
  /** When no check accepts it any more (ms), clock skew not counted. */
  readonly notOnOrAfter: number;
}

/**
 * The sign-in of a SAML assertion node-saml has verified: it must be for
 * this service's ACS (every SubjectConfirmationData's Recipient, and at
 * least one), from the IdP's issuer when one is named, with attribute names
 * that are plain names. An application's own IdP is trusted for that
 * application only (see scopedToApplication).
 */
export function samlSignInOf(
  entry: ProviderEntry,
  settings: SamlSettings,
  credentials: ProviderCredentials,
  profile: Profile | null,
  acs: string,
): SamlSignIn {
  const facts = profile && assertionFacts(profile.getAssertionXml?.() ?? '');
  if (!profile || !facts?.id || facts.notOnOrAfter === undefined) {
    throw new AppError(
      'PROVIDER_ERROR',
      'The SAML response holds no assertion with an ID and a NotOnOrAfter.',
    );
  }
  const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
  // As the DOM read them (xmldom normalises some characters) and as node-saml did.
  checkFacts(facts, [...facts.attributeNames, ...Object.keys(attributes)], acs);
  const idpIssuer = (credentials.saml ?? settings).idpIssuer;
  if (idpIssuer && profile.issuer !== idpIssuer) {
    throw new AppError(
      'PROVIDER_ERROR',
      'The SAML assertion comes from another identity provider (Issuer).',
    );
  }
  const mapped = mapSamlProfile(
    {
      ...attributes,
      nameID: profile.nameID,
      nameIDFormat: profile.nameIDFormat,
    } as SamlProfileLike,
    {
      attributes: settings.attributes,
      trustEmail: entry.trustEmail === true,
      identifierFormat: settings.identifierFormat,
    },
  );
  return {
    profile: scopedToApplication(mapped, credentials.applicationId),
    assertionId: facts.id,
    notOnOrAfter: facts.notOnOrAfter,
  };
}

function checkFacts(
  {recipients}: AssertionFacts,
  attributeNames: string[],
  acs: string,
): void {
  if (!recipients.length || recipients.some(r => r !== acs)) {
    throw new AppError(
      'PROVIDER_ERROR',
      'The SAML assertion is for another service (Recipient).',
    );
  }
  // node-saml copies attributes by name onto plain objects: `__proto__`
  // would replace their prototype. No directory names an attribute so.
  if (
    attributeNames.some(n => n in Object.prototype || hasControlCharacter(n))
  ) {
    throw new AppError(
      'PROVIDER_ERROR',
      'The SAML assertion names an attribute this service cannot read.',
    );
  }
}
