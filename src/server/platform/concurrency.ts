import "server-only";

// Caps how much of one kind of work runs at once in this process, so that kind of work can never take the
// whole event loop and database pool from every other page: a few run, a few wait briefly, the rest are
// refused at once, which costs the server almost nothing.

export interface ConcurrencyLimit {
  /** Named in errors and logs. */
  name: string;
  /** Tasks running at once. */
  concurrency: number;
  /** Tasks waiting for a slot; one more is refused at once. */
  maxQueue: number;
  /** How long a task may wait for a slot before it is refused. */
  maxWaitMs: number;
  /** What a refused caller is told to wait, e.g. as Retry-After. */
  retryAfterSeconds: number;
}

/** A task refused because every slot was taken and the queue was full, or its wait ran out. */
export class BusyError extends Error {
  constructor(
    readonly limiter: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`${limiter} is busy; try again in ${retryAfterSeconds} s`);
    this.name = "BusyError";
  }
}

export interface ConcurrencyLimiter {
  /** Runs `task` once a slot is free; rejects with BusyError instead of waiting longer than the limit allows. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running and waiting now. */
  load(): { running: number; waiting: number };
}

export function createConcurrencyLimiter(limit: ConcurrencyLimit): ConcurrencyLimiter {
  let running = 0;
  const waiting: { start: () => void; timer: NodeJS.Timeout }[] = [];
  const busy = () => new BusyError(limit.name, limit.retryAfterSeconds);

  // A finished task hands its slot straight to the longest waiter, so a newcomer cannot overtake the queue.
  const release = () => {
    const next = waiting.shift();
    if (!next) {
      running -= 1;
      return;
    }
    clearTimeout(next.timer);
    next.start();
  };

  const acquire = (): Promise<void> | BusyError | null => {
    if (running < limit.concurrency) {
      running += 1;
      return null;
    }
    if (waiting.length >= limit.maxQueue) return busy();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        start: resolve,
        timer: setTimeout(() => {
          waiting.splice(waiting.indexOf(waiter), 1);
          reject(busy());
        }, limit.maxWaitMs).unref(),
      };
      waiting.push(waiter);
    });
  };

  return {
    async run(task) {
      const slot = acquire();
      if (slot instanceof BusyError) throw slot;
      if (slot) await slot;
      try {
        return await task();
      } finally {
        release();
      }
    },
    load: () => ({ running, waiting: waiting.length }),
  };
}
