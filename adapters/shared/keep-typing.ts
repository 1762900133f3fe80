/**
 * Shows "typing…" while the core works: once at once, then every `everyMs` (Teams' indicator
 * fades after about 3 s, Discord's after 10 s) until `stop` is called. A failed indicator is
 * not worth a log line per beat, so only the first failure is reported. `stop` resolves once
 * no indicator is in flight, so the reply that follows never lands before the last one.
 */
export function keepTyping(send: () => Promise<unknown>, everyMs: number, onError: (error: unknown) => void): { stop(): Promise<void> } {
  let stopped = false;
  let reported = false;
  let inFlight: Promise<void> = Promise.resolve();
  const beat = () => {
    inFlight = send().then(
      () => undefined,
      (error: unknown) => {
        if (!reported) onError(error);
        reported = true;
      },
    );
  };
  beat();
  const timer = setInterval(() => {
    if (!stopped) beat();
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}
