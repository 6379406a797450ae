// How long this thread's event loop was held up while `work` ran: a timer asks to fire every 5 ms, and the longest
// wait between its firings is what any other request would have waited. Pure, so unit and integration tests share it.

export async function whileTicking<T>(work: () => Promise<T>): Promise<{ result: T; longestGapMs: number; elapsedMs: number }> {
  let last = performance.now();
  let longestGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  try {
    const result = await work();
    return { result, longestGapMs: Math.max(longestGapMs, performance.now() - last), elapsedMs: performance.now() - started };
  } finally {
    clearInterval(timer);
  }
}
