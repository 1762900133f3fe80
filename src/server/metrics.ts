import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TurnObserver } from '../core/engine.js';
import type { BacklogState } from '../store/types.js';

export interface Metrics {
  registry: Registry;
  observer: TurnObserver;
  httpRequests: Histogram<'method' | 'route' | 'status'>;
  /** Reads the unfinished-message counts at each scrape (the store is shared by every process, so any one reports them). */
  watchBacklog(count: () => Promise<Record<BacklogState, number>>): void;
}

/** One registry per app instance, so tests can run several servers in one process. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'aftercare_process_' });
  const turns = new Counter({
    name: 'aftercare_turns_total',
    help: 'Customer turns handled, by channel, intent, reply kind and escalation',
    labelNames: ['channel', 'intent', 'reply_kind', 'escalated'] as const,
    registers: [registry],
  });
  const stageSecondsHistogram = new Histogram({
    name: 'aftercare_turn_stage_duration_seconds',
    help: 'Time each pipeline stage took in a committed turn (reply includes the language model)',
    labelNames: ['stage'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const turnSeconds = new Histogram({
    name: 'aftercare_turn_duration_seconds',
    help: 'Time from receiving a customer message to its committed outcome',
    labelNames: ['channel'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const escalations = new Counter({
    name: 'aftercare_escalations_total',
    help: 'Escalations to staff, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const failures = new Counter({
    name: 'aftercare_turn_failures_total',
    help: 'Turns that threw, by the stage that failed; the message stays in the inbox for retry',
    labelNames: ['stage', 'channel'] as const,
    registers: [registry],
  });
  const httpRequests = new Histogram({
    name: 'aftercare_http_request_duration_seconds',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  let countBacklog: (() => Promise<Record<BacklogState, number>>) | null = null;
  new Gauge({
    name: 'aftercare_inbox_backlog',
    help: 'Unfinished messages by state: in_progress, stuck (worker stopped), failed (retrying), given_up, reply_pending, reply_unsent (sender stopped), reply_failed',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      if (!countBacklog) return;
      this.reset();
      for (const [state, count] of Object.entries(await countBacklog())) this.set({ state }, count);
    },
  });
  const observer: TurnObserver = {
    turnCompleted(outcome, channel, seconds, stageSeconds) {
      for (const [stage, stageTime] of stageSeconds) stageSecondsHistogram.observe({ stage }, stageTime);
      turns.inc({ channel, intent: outcome.intent, reply_kind: outcome.replyKind, escalated: String(outcome.escalated) });
      turnSeconds.observe({ channel }, seconds);
      for (const reason of outcome.escalationReasons) escalations.inc({ reason });
    },
    turnFailed(stage, channel) {
      failures.inc({ stage, channel });
    },
  };
  return {
    registry,
    observer,
    httpRequests,
    watchBacklog(count) {
      countBacklog = count;
    },
  };
}
