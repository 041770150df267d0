/** Time as the service sees it; injected so expiry can be tested frozen. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = {now: () => Date.now()};
