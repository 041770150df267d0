/**
 * Access tokens whose signature this node already checked, so a client
 * calling many times with one token pays for one signature verification.
 * Only the signature work is cached: expiry, key retirement and revocation
 * are still checked on every request. Bounded; the oldest entry goes first.
 */
export class VerifiedTokenCache<T extends {exp: number}> {
  private readonly entries = new Map<string, {kid: string; claims: T}>();

  constructor(private readonly maxEntries = 10_000) {}

  /** The claims of a token verified before, if it is not yet expired. */
  get(token: string, nowSeconds: number): {kid: string; claims: T} | undefined {
    const entry = this.entries.get(token);
    if (entry && entry.claims.exp <= nowSeconds) {
      this.entries.delete(token);
      return undefined;
    }
    return entry;
  }

  set(token: string, kid: string, claims: T): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, {kid, claims});
  }
}
