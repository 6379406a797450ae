import "server-only";

// Per-client budgets kept in this process's memory. They guard this process's own capacity, so a count
// shared across instances would buy nothing, and a database write per request (as the application rate
// limits make) would itself be the load they are meant to keep off.

export interface TokenBucketRule {
  /** Requests a client may make at once after a quiet spell. */
  capacity: number;
  /** Requests regained per second, up to capacity. */
  refillPerSecond: number;
  /** Clients remembered; past this the least recently seen is forgotten (and starts afresh when it returns). */
  maxClients: number;
}

export type TokenBucketAnswer = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface TokenBuckets {
  /** Spends one token of `client`'s bucket, or says how long until one is back. */
  take(client: string): TokenBucketAnswer;
}

export function createTokenBuckets(rule: TokenBucketRule, now: () => number = () => performance.now()): TokenBuckets {
  // A Map iterates in insertion order; re-inserting on each visit keeps the least recently seen client first.
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(client) {
      const at = now();
      const prior = buckets.get(client);
      const tokens = prior ? Math.min(rule.capacity, prior.tokens + ((at - prior.at) / 1000) * rule.refillPerSecond) : rule.capacity;
      buckets.delete(client);
      if (tokens < 1) {
        buckets.set(client, { tokens, at });
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / rule.refillPerSecond)) };
      }
      buckets.set(client, { tokens: tokens - 1, at });
      if (buckets.size > rule.maxClients) buckets.delete(buckets.keys().next().value!);
      return { allowed: true };
    },
  };
}
