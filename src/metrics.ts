import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/**
 * Prometheus counters for /metrics. prom-client rather than hand-written text:
 * it gets the exposition format right and adds the process metrics (memory,
 * event-loop lag, GC) that explain most incidents. One registry per app, so
 * tests and several apps in one process never share counters.
 */
export interface Metrics {
  registry: Registry;
  /** every slash command, autocomplete and button, by outcome */
  interactions: Counter<'command' | 'kind' | 'outcome'>;
  /** daily quiz posts and closes, by outcome */
  quizEvents: Counter<'event' | 'outcome'>;
  /** answers to daily, practice and review questions: recorded once, or repeated (not counted) */
  answers: Counter<'kind' | 'outcome'>;
}

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'studybot_' });
  return {
    registry,
    interactions: new Counter({
      name: 'studybot_interactions_total',
      help:
        'Interactions handled, by command, kind (command, autocomplete, button) ' +
        'and outcome (served, refused, unknown, user_error, failed)',
      labelNames: ['command', 'kind', 'outcome'],
      registers: [registry],
    }),
    quizEvents: new Counter({
      name: 'studybot_quiz_events_total',
      help: 'Daily quiz posts and closes, by outcome (ok, failed)',
      labelNames: ['event', 'outcome'],
      registers: [registry],
    }),
    answers: new Counter({
      name: 'studybot_answers_total',
      help: 'Answers by kind (daily, practice, review) and outcome (recorded, repeated)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
  };
}
