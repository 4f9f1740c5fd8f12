import * as errors from '../errors/thresholds.ts';

/** A comparison a threshold can make; `==` and `===` mean the same, as in k6. */
export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

/** One threshold in k6's syntax: `'p(95)<300'`, or k6's object form to keep `abortOnFail`. */
export type Threshold = string | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string };

/**
 * Thresholds by metric name, in k6's syntax.
 *
 * @example
 * const thresholds: Thresholds = {
 *   timeToFirstEvent: ['p(95)<300', 'max<1000'],
 *   errors: [{ threshold: 'rate<0.01', abortOnFail: true }],
 * };
 */
export type Thresholds = Readonly<Record<string, readonly Threshold[]>>;

/** A threshold taken apart by {@link parseThresholds}. */
export interface ParsedThreshold {
  metric: string;
  /** The expression as written, trimmed: `'p(95)<300'`. */
  expression: string;
  /** `'avg'`, `'min'`, `'max'`, `'med'`, `'count'`, `'rate'` or `'p'` (then see `percentile`). */
  aggregation: 'avg' | 'min' | 'max' | 'med' | 'count' | 'rate' | 'p';
  /** N of `p(N)`, from 0 to 100; `undefined` for other aggregations. */
  percentile: number | undefined;
  operator: ThresholdOperator;
  /** The number on the right. */
  target: number;
  /** Kept from k6's object form for the runner: stop the run once this threshold fails. Default false. */
  abortOnFail: boolean;
  /** Kept from k6's object form, such as `'10s'`; not interpreted here. */
  delayAbortEval: string | undefined;
}

const OPERATOR = /<=|>=|===|==|!=|<|>/;
const AGGREGATION = /^(?:(avg|min|max|med|count|rate)|p\(\s*(\d+(?:\.\d+)?|\.\d+)\s*\))$/;
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

/**
 * Takes k6-style thresholds apart and checks their syntax (which metrics exist is checked when they
 * are evaluated, since a test body creates custom metrics as it runs).
 *
 * @throws SseError of type `invalid-option` naming the metric, the expression and what is allowed.
 * @example parseThresholds({ errors: ['rate<0.01'] })[0]?.target; // 0.01
 */
export function parseThresholds(thresholds: Thresholds): ParsedThreshold[] {
  if (typeof thresholds !== 'object' || thresholds === null) {
    throw errors.thresholdsNotObject();
  }
  return Object.entries(thresholds).flatMap(([metric, list]) => {
    if (!Array.isArray(list)) {
      throw errors.thresholdsNotArray(metric);
    }
    return list.map((item: Threshold) => parseOne(metric, item));
  });
}

function parseOne(metric: string, item: Threshold): ParsedThreshold {
  const object = typeof item === 'object' && item !== null ? item : undefined;
  const source: unknown = object ? object.threshold : item;
  if (typeof source !== 'string') {
    throw errors.thresholdNotString(metric, source);
  }
  const expression = source.trim();
  const fail = (problem: string) => errors.badThresholdSyntax(expression, metric, problem);
  const operator = OPERATOR.exec(expression);
  if (operator === null) throw fail('has no comparison operator');
  const left = expression.slice(0, operator.index).trim();
  const right = expression.slice(operator.index + operator[0].length).trim();
  const aggregation = AGGREGATION.exec(left);
  if (aggregation === null) {
    throw fail(left === '' ? 'has no aggregation' : `has an unknown aggregation '${left}'`);
  }
  const percentile = aggregation[2] === undefined ? undefined : Number(aggregation[2]);
  if (percentile !== undefined && percentile > 100) throw fail(`asks for a percentile above 100`);
  if (!NUMBER.test(right)) {
    throw fail(
      right === '' ? 'has no number to compare with' : `compares with '${right}', which is not a number`,
    );
  }
  return {
    metric,
    expression,
    aggregation: (aggregation[1] ?? 'p') as ParsedThreshold['aggregation'],
    percentile,
    operator: operator[0] as ThresholdOperator,
    target: Number(right),
    abortOnFail: object?.abortOnFail === true,
    delayAbortEval: object?.delayAbortEval,
  };
}
