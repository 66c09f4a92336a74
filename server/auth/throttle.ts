import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Failed sign-ins allowed within the window (docs/security.md, "Sign-in throttling"), counted whether or not the
 * account exists, so a refusal says nothing about it:
 * - `max` from one address for one e-mail (guessing one password; a success clears it);
 * - `perAccount` for one e-mail from any mix of addresses (guessing through many addresses or proxies);
 * - `perAddress` from one address across any e-mails (password spraying).
 */
export interface SignInThrottle {
  max: number;
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottle = { max: 10, perAccount: 30, perAddress: 100, windowMs: 15 * 60_000 };

/** The three counters of failed sign-ins, in memory (one server process; see docs/security.md). */
export function createSignInThrottle(settings: SignInThrottle) {
  const duration = Math.max(1, Math.ceil(settings.windowMs / 1000));
  const limiters = {
    pair: new RateLimiterMemory({ keyPrefix: 'sign-in-pair', points: settings.max, duration }),
    account: new RateLimiterMemory({ keyPrefix: 'sign-in-account', points: settings.perAccount, duration }),
    address: new RateLimiterMemory({ keyPrefix: 'sign-in-address', points: settings.perAddress, duration }),
  };
  const keys = (address: string, email: string) => ({ pair: `${address}|${email}`, account: email, address });

  const names = ['pair', 'account', 'address'] as const;

  return {
    /**
     * Counts an attempt against all three before the password is checked, so parallel guesses cannot slip past
     * the limit; answers the seconds to wait when one of them is used up, else 0.
     */
    async begin(address: string, email: string): Promise<number> {
      const k = keys(address, email);
      const results = await Promise.allSettled(names.map((name) => limiters[name].consume(k[name])));
      let wait = 0;
      for (const result of results) {
        if (result.status === 'fulfilled') continue;
        const refusal = result.reason as RateLimiterRes | Error;
        if (refusal instanceof Error) throw refusal;
        wait = Math.max(wait, Math.ceil(refusal.msBeforeNext / 1000), 1);
      }
      return wait;
    },
    /** A success was no failure: it clears this address's count for the account and gives the other two back their point. */
    async succeeded(address: string, email: string): Promise<void> {
      const k = keys(address, email);
      await limiters.pair.delete(k.pair);
      await limiters.account.reward(k.account, 1);
      await limiters.address.reward(k.address, 1);
    },
  };
}
