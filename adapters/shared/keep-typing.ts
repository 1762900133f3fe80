export interface TypingRhythm {
  /** Wait this long before the first indicator: an answer that is ready sooner needs none. */
  firstAfterMs: number;
  /** Then repeat this often (Teams' indicator fades after about 3 s, Discord's after 10 s). */
  everyMs: number;
}

/**
 * Shows "typing…" while the core works, until `stop` is called. A failed indicator is not
 * worth a log line per beat, so only the first failure is reported. `stop` resolves once no
 * indicator is in flight, so the reply that follows never lands before the last one.
 */
export function keepTyping(send: () => Promise<unknown>, rhythm: TypingRhythm, onError: (error: unknown) => void): { stop(): Promise<void> } {
  let stopped = false;
  let reported = false;
  let inFlight: Promise<void> = Promise.resolve();
  let interval: NodeJS.Timeout | null = null;
  const beat = () => {
    if (stopped) return;
    inFlight = send().then(
      () => undefined,
      (error: unknown) => {
        if (!reported) onError(error);
        reported = true;
      },
    );
  };
  const start = () => {
    beat();
    interval = setInterval(beat, rhythm.everyMs);
    interval.unref();
  };
  const first = rhythm.firstAfterMs > 0 ? setTimeout(start, rhythm.firstAfterMs) : null;
  first?.unref();
  if (!first) start();
  return {
    async stop() {
      stopped = true;
      if (first) clearTimeout(first);
      if (interval) clearInterval(interval);
      await inFlight;
    },
  };
}
