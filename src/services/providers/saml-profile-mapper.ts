import {
  NAMEID_PERSISTENT,
  NAMEID_TRANSIENT,
  NAMEID_UNSPECIFIED,
  SamlAttributeNames,
} from '../../config/saml-entry';
import {AppError} from '../../errors';
import {MappedProfile, mapClaims} from './profile-mappers';

/** A SAML profile as node-saml hands it over: NameID, issuer and attributes. */
export interface SamlProfileLike {
  nameID?: unknown;
  nameIDFormat?: unknown;
  [attribute: string]: unknown;
}

export interface SamlMappingRules {
  readonly attributes: SamlAttributeNames;
  /** Whether the IdP's email counts as verified (the entry's `trustEmail`). */
  readonly trustEmail: boolean;
  /** The NameID format the entry asks for (its `identifierFormat`). */
  readonly identifierFormat: string | null;
}

/**
 * A SAML assertion as this service keeps it. The id is the attribute the
 * entry names (`profileAttributes.id`), else the NameID, which must then be
 * of the format the entry asks for (see nameIdFormatProblem): a transient
 * NameID changes at every sign-in, an email address can be given to
 * someone else. Those are refused as ids (`PROVIDER_ERROR`), as is an id
 * that cannot be kept exactly as signed (requireId, through mapClaims:
 * never trimmed nor cut). Groups are every value of the group attributes.
 */
export function mapSamlProfile(
  profile: SamlProfileLike,
  rules: SamlMappingRules,
): MappedProfile {
  const {attributes: names} = rules;
  const transient = profile.nameIDFormat === NAMEID_TRANSIENT;
  if (!names.id && transient) {
    throw new AppError(
      'PROVIDER_ERROR',
      'The identity provider sent a transient NameID: ask it for a persistent one, or name an id attribute (profileAttributes.id).',
    );
  }
  const problem = names.id
    ? undefined
    : nameIdFormatProblem(profile.nameIDFormat, rules.identifierFormat);
  if (problem) throw new AppError('PROVIDER_ERROR', problem);
  const id = names.id ? first(profile, [names.id]) : profile.nameID;
  const mapped = mapClaims({
    sub: id,
    email: first(profile, names.email),
    email_verified: rules.trustEmail,
    name: first(profile, names.name),
    preferred_username: transient ? undefined : profile.nameID,
  });
  // Always a list, empty too: no group means no directory role.
  const groups = names.groups.flatMap(name => texts(profile[name]));
  return {...mapped, groups};
}

/**
 * Why a NameID of `format` cannot be the id of an entry asking for
 * `expected`, or undefined. A NameID without a Format is unspecified. An
 * entry asking for none (null) takes persistent and unspecified only: an
 * email address, a Kerberos or X.509 name, an entity is reassignable or no
 * person's stable id.
 */
function nameIdFormatProblem(
  format: unknown,
  expected: string | null,
): string | undefined {
  const received =
    typeof format === 'string' && format ? format : NAMEID_UNSPECIFIED;
  const accepted =
    expected === null ? [NAMEID_PERSISTENT, NAMEID_UNSPECIFIED] : [expected];
  if (accepted.includes(received)) return undefined;
  const wanted = expected ?? `${NAMEID_PERSISTENT} or ${NAMEID_UNSPECIFIED}`;
  return `The identity provider sent a NameID of format ${received} where ${wanted} was asked for: ask it for that format, or name an id attribute (profileAttributes.id).`;
}

/** The first value of the first attribute present. */
function first(profile: SamlProfileLike, names: readonly string[]) {
  for (const name of names) {
    const [value] = texts(profile[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}

function texts(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === 'string' && !!v);
}
