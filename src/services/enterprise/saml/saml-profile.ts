import type {Profile} from '@node-saml/passport-saml';
import {
  ProviderCredentials,
  ProviderEntry,
} from '../../../config/provider-entry';
import {SamlSettings} from '../../../config/saml-entry';
import {AppError} from '../../../errors';
import {MappedProfile} from '../../providers/profile-mappers';
import {
  mapSamlProfile,
  SamlProfileLike,
} from '../../providers/saml-profile-mapper';
import {scopedToApplication} from '../directory-scope';
import {assertionRecipients} from './saml-messages';

/**
 * The profile of a checked SAML assertion: it must be for this service's
 * ACS (every SubjectConfirmationData's Recipient, and at least one) and,
 * when the IdP names its issuer, from that issuer. An application's own
 * IdP is trusted for that application only (see scopedToApplication).
 */
export function samlProfileOf(
  entry: ProviderEntry,
  settings: SamlSettings,
  credentials: ProviderCredentials,
  profile: Profile | null,
  acs: string,
): MappedProfile {
  if (!profile) {
    throw new AppError(
      'PROVIDER_ERROR',
      'The SAML response holds no assertion.',
    );
  }
  const recipients = assertionRecipients(profile.getAssertionXml?.() ?? '');
  if (!recipients.length || recipients.some(r => r !== acs)) {
    throw new AppError(
      'PROVIDER_ERROR',
      'The SAML assertion is for another service (Recipient).',
    );
  }
  const idpIssuer = (credentials.saml ?? settings).idpIssuer;
  if (idpIssuer && profile.issuer !== idpIssuer) {
    throw new AppError(
      'PROVIDER_ERROR',
      'The SAML assertion comes from another identity provider (Issuer).',
    );
  }
  const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
  const mapped = mapSamlProfile(
    {
      ...ownProperties(attributes),
      nameID: profile.nameID,
      nameIDFormat: profile.nameIDFormat,
    } as SamlProfileLike,
    {attributes: settings.attributes, trustEmail: entry.trustEmail === true},
  );
  return scopedToApplication(mapped, credentials.applicationId);
}

/** Attributes named like Object.prototype's members never reach the mapping. */
function ownProperties(values: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(values).filter(([key]) => !(key in Object.prototype)),
  );
}
