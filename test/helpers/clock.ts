/**
 * A clock for the auth core's `clock` port: it runs with real time from the moment it is made,
 * and `advance(ms)` moves it ahead at once. Tests jump past an access token's expiry with it
 * instead of sleeping; only the core's view of time moves (the emulator keeps real time).
 */
export interface TestClock {
  now(): number;
  /** Moves the clock `ms` milliseconds ahead of real time (cumulative). */
  advance(ms: number): void;
}

export function testClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}
