// Passkeys (WebAuthn) in the browser. The service sends its options as
// JSON (binary members in base64url) and expects the authenticator's answer
// the same way; the browser's API takes and gives ArrayBuffers. This module
// converts both ways, so the page needs no library.

/** Whether this browser can use passkeys at all. */
export function passkeysSupported() {
  return (
    typeof window.PublicKeyCredential === 'function' &&
    typeof navigator.credentials?.create === 'function'
  );
}

/** Registers a new passkey from PublicKeyCredentialCreationOptionsJSON. */
export async function createPasskey(options) {
  const publicKey = {
    ...options,
    challenge: fromBase64Url(options.challenge),
    user: {...options.user, id: fromBase64Url(options.user.id)},
    excludeCredentials: (options.excludeCredentials ?? []).map(toDescriptor),
  };
  const credential = await navigator.credentials.create({publicKey});
  const response = credential.response;
  return {
    ...common(credential),
    response: {
      clientDataJSON: toBase64Url(response.clientDataJSON),
      attestationObject: toBase64Url(response.attestationObject),
      transports: response.getTransports?.() ?? [],
    },
  };
}

/** Answers PublicKeyCredentialRequestOptionsJSON with a passkey. */
export async function usePasskey(options) {
  const publicKey = {
    ...options,
    challenge: fromBase64Url(options.challenge),
    allowCredentials: (options.allowCredentials ?? []).map(toDescriptor),
  };
  const credential = await navigator.credentials.get({publicKey});
  const response = credential.response;
  return {
    ...common(credential),
    response: {
      clientDataJSON: toBase64Url(response.clientDataJSON),
      authenticatorData: toBase64Url(response.authenticatorData),
      signature: toBase64Url(response.signature),
      ...(response.userHandle
        ? {userHandle: toBase64Url(response.userHandle)}
        : {}),
    },
  };
}

function common(credential) {
  return {
    id: credential.id,
    rawId: toBase64Url(credential.rawId),
    type: credential.type,
    clientExtensionResults: credential.getClientExtensionResults(),
    ...(credential.authenticatorAttachment
      ? {authenticatorAttachment: credential.authenticatorAttachment}
      : {}),
  };
}

function toDescriptor(descriptor) {
  return {...descriptor, id: fromBase64Url(descriptor.id)};
}

function fromBase64Url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

function toBase64Url(buffer) {
  let binary = '';
  for (const b of new Uint8Array(buffer)) binary += String.fromCharCode(b);
  return btoa(binary)
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
