import { SseError } from './sse-error.ts';

/** What each kind of metric can be judged on, as the messages say it. */
const AGGREGATIONS = {
  trend: 'avg, min, max, med, count and p(N) with N from 0 to 100 (such as p(99.9))',
  counter: 'count and rate (per second)',
  rate: 'only rate (from 0 to 1)',
} as const;

/** `thresholds` is not an object of metric name to expressions. */
export function thresholdsNotObject(): SseError {
  return new SseError(
    'invalid-option',
    `Thresholds must be an object of metric name to expressions, such as { errors: ['rate<0.01'] }.`,
  );
}

/** One metric's thresholds are not an array. */
export function thresholdsNotArray(metric: string): SseError {
  return new SseError(
    'invalid-option',
    `Thresholds for ${metric} must be an array of expressions, such as ['p(95)<300'].`,
  );
}

/** A threshold that is neither an expression nor `{ threshold }`. */
export function thresholdNotString(metric: string, source: unknown): SseError {
  return new SseError(
    'invalid-option',
    `A threshold on ${metric} must be a string such as 'p(95)<300' or { threshold: 'p(95)<300', abortOnFail: true }; received ${String(source)}.`,
  );
}

/** An expression that does not parse: what is wrong with it, then the whole grammar. */
export function badThresholdSyntax(expression: string, metric: string, problem: string): SseError {
  return new SseError(
    'invalid-option',
    `Threshold '${expression}' on ${metric} ${problem}. Write <aggregation><operator><number>, such as 'p(95)<300'. Trends allow ${AGGREGATIONS.trend}; counters allow ${AGGREGATIONS.counter}; rates allow ${AGGREGATIONS.rate}. Operators: <, <=, >, >=, ==, ===, !=.`,
  );
}

/** A threshold on a metric the run does not have. */
export function unknownThresholdMetric(
  expression: string,
  metric: string,
  known: readonly string[],
): SseError {
  return new SseError(
    'invalid-option',
    `Threshold '${expression}' names an unknown metric ${metric}. Known metrics: ${known.join(', ')} (a custom metric exists once the test body records it).`,
  );
}

/** A counter's rate judged without the run's duration. */
export function thresholdNeedsDuration(expression: string, metric: string): SseError {
  return new SseError(
    'invalid-option',
    `Threshold '${expression}' on ${metric} needs the run's duration (durationMs).`,
  );
}

/** An aggregation the metric's kind does not have (`p(95)` on a counter). */
export function aggregationNotAllowed(
  expression: string,
  metric: string,
  kind: keyof typeof AGGREGATIONS,
  aggregation: string,
): SseError {
  return new SseError(
    'invalid-option',
    `Threshold '${expression}' on ${metric}: a ${kind} has no ${aggregation === 'p' ? 'percentiles' : aggregation}; it allows ${AGGREGATIONS[kind]}.`,
  );
}
