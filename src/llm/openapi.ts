import type { SseEvent } from '../client/event.ts';
import { buildContract, type ContractShape } from './contract.ts';
import { compileSchema, type JsonSchema, type SchemaIssue } from './json-schema.ts';
import { formatPath, show } from './path.ts';
import type { StreamContract } from './protocol.ts';

/** An OpenAPI 3.2 Media Type Object for `text/event-stream`: the part we read is `itemSchema`. */
export interface OpenApiMediaType {
  /** The Schema Object each event must match, as the item `{ event, data, id, retry }`. */
  readonly itemSchema?: JsonSchema | undefined;
  readonly [field: string]: unknown;
}

/** Options of {@link openApiContract}: an order and an end as for `streamContract()`, and the document for `$ref`s. */
export interface OpenApiContractOptions extends ContractShape {
  /** The OpenAPI document that `#/...` references resolve in (`#/components/schemas/Event`). Default: the media type object. */
  readonly document?: object | undefined;
}

/**
 * A {@link StreamContract} from an OpenAPI 3.2 `text/event-stream` media type: every event must match
 * its `itemSchema`. As OpenAPI 3.2 says, each event is validated as the item `{ event, data, id?, retry? }`:
 * `event` its type (`'message'` when the server sent no `event:` field), `data` the text, which a
 * `contentMediaType: application/json` with `contentSchema` on `data` parses and validates; `id` the
 * last event ID, when one was set, and `retry` the reconnection time, when the server sent one.
 * Unknown event types fail when the schema says which it allows (a `oneOf` with `event` consts, an `enum`).
 * OpenAPI says nothing about order: give `order` and `end` for that.
 *
 * The schema checks cover JSON Schema 2020-12's validation keywords but `unevaluated*`,
 * `dependentSchemas`, `min/maxContains` and dynamic references (refused when the contract is made);
 * `$ref` resolves `#/...` pointers in `document`; `format` is not checked.
 *
 * @param mediaType The media type object, such as `doc.paths['/chat'].post.responses['200'].content['text/event-stream']`.
 * @param options `document` for `$ref`s, `order`, `end` and `name` (default `'your contract'`).
 * @throws TypeError when `mediaType` has no `itemSchema`, or the schema uses what the checks do not implement.
 *
 * @example
 * const content = openapi.paths['/ticker'].get.responses['200'].content['text/event-stream'];
 * await expect(stream).toFollowProtocol(openApiContract(content, { document: openapi, end: 'done' }));
 */
export function openApiContract(
  mediaType: OpenApiMediaType,
  options: OpenApiContractOptions = {},
): StreamContract {
  const schema = mediaType?.itemSchema;
  if (schema === undefined) {
    const fields =
      typeof mediaType === 'object' && mediaType !== null
        ? Object.keys(mediaType).join(', ')
        : show(mediaType);
    throw new TypeError(
      `openApiContract() needs an OpenAPI 3.2 media type object with itemSchema, the schema of each event; ` +
        `received one with ${fields || 'no fields'}.`,
    );
  }
  const validate = compileSchema(schema, options.document ?? mediaType, '#/itemSchema');
  return buildContract(options, (event) => {
    const issue = validate(item(event));
    if (!issue) return undefined;
    return {
      index: event.index,
      rule: 'itemSchema',
      expected: `${event.type} event matching itemSchema`,
      received: `${formatPath('', issue.path)}: ${issue.message}${hint(issue, event)}`,
    };
  });
}

/** The event as OpenAPI 3.2 models it: the fields of the parsed event, `retry` a number. */
function item(event: SseEvent): { [field: string]: unknown } {
  return {
    event: event.type,
    data: event.data,
    ...(event.id === '' ? {} : { id: event.id }),
    ...(event.retry === undefined ? {} : { retry: event.retry }),
  };
}

// A common slip (and what some generators emit): `data: { type: object }` for JSON data, which
// OpenAPI 3.2 models as a string.
function hint(issue: SchemaIssue, event: SseEvent): string {
  if (issue.keyword !== 'type' || issue.path.length !== 1 || issue.path[0] !== 'data') return '';
  try {
    JSON.parse(event.data);
  } catch {
    return '';
  }
  return ' (OpenAPI 3.2 models data as a string: describe JSON data with contentMediaType: application/json and contentSchema)';
}
