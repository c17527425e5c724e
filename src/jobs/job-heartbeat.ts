export interface JobHeartbeat {
  /** Aborted once a renewal reports that the lease was lost. */
  readonly signal: AbortSignal;
  /** Stops renewing and waits for a renewal in flight. */
  stop(): Promise<void>;
}

/**
 * Calls `renew` every `intervalMs` (one call at a time, on an unref'd timer) until stopped. When it
 * resolves false the lease was lost: `signal` is aborted and renewing stops. A renewal that throws is
 * reported and retried at the next beat: the lease may still hold.
 */
export function startJobHeartbeat(
  renew: () => Promise<boolean>,
  intervalMs: number,
  onError: (error: unknown) => void,
): JobHeartbeat {
  const controller = new AbortController();
  let pending: Promise<void> | undefined;
  let stopped = false;
  const beat = async (): Promise<void> => {
    try {
      if (!(await renew()) && !stopped) {
        stopped = true;
        clearInterval(timer);
        controller.abort(new Error('another worker took the job over: this worker lost its lease'));
      }
    } catch (error) {
      try {
        onError(error);
      } catch {
        // A failing logger must not become an unhandled rejection.
      }
    } finally {
      pending = undefined;
    }
  };
  const timer = setInterval(
    () => {
      if (!stopped && pending === undefined) pending = beat();
    },
    Math.max(1, intervalMs),
  );
  timer.unref();
  return {
    signal: controller.signal,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await pending;
    },
  };
}
