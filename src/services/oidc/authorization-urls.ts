/** Where the hosted sign-in page takes a pending authorization. */
export function hostedSignInUrl(baseUrl: string, id: string): string {
  return `${baseUrl}/?interaction=${encodeURIComponent(id)}`;
}

/** Where the page sends the browser once the person is signed in. */
export function resumeUrl(baseUrl: string, interactionId: string): string {
  return `${baseUrl}/oauth/authorize/resume?interaction=${encodeURIComponent(interactionId)}`;
}

/** The consent page of a pending consent. */
export function consentPageUrl(baseUrl: string, id: string): string {
  return `${baseUrl}/oauth/consent?interaction=${encodeURIComponent(id)}`;
}
