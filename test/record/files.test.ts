import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRecording, open, type SseError, saveRecording } from '../../src/index.ts';
import { startServer } from '../support/server.ts';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sse-test-record-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** The message of the error `loadRecording` throws for a file holding `content`, the folder masked. */
async function loadError(content: string): Promise<SseError> {
  const path = join(folder, 'x.sse.json');
  await writeFile(path, content);
  const error = (await loadRecording(path).then(
    () => undefined,
    (caught: unknown) => caught,
  )) as SseError;
  error.message = error.message.replace(folder, '<dir>');
  return error;
}

const valid = {
  version: 1,
  recordedAt: '2026-12-02T15:00:00.000Z',
  request: { method: 'GET', url: 'http://127.0.0.1:3000/e', headers: {} },
  connections: [
    { at: 1, status: 200, headers: {}, chunks: [{ at: 2, text: 'data: x\n\n' }], ending: 'ended' },
  ],
};

describe('saveRecording() and loadRecording()', () => {
  it('round-trips a stream: what loads equals toRecording()', async () => {
    const server = await startServer();
    server.route('/mixed', async (sse) => {
      await sse.send({ id: '1', data: 'plain' });
      await sse.writeRaw(Buffer.from([0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xff, 0x0a, 0x0a]));
      await sse.send({ data: 'é€👋' });
    });
    const stream = await open(`${server.url}/mixed`);
    await stream.closed;
    const path = join(folder, 'deep', 'mixed.sse.json');
    await saveRecording(path, stream);
    expect(await loadRecording(path)).toEqual(stream.toRecording());
    expect((await readFile(path, 'utf8')).endsWith('}\n')).toBe(true);
  });

  it('saves a recording as given, and as HAR with format: "har"', async () => {
    const path = join(folder, 'given.sse.json');
    await saveRecording(path, valid as never);
    expect(await loadRecording(path)).toEqual(valid);
    const har = join(folder, 'given.har');
    await saveRecording(har, valid as never, { format: 'har' });
    const log = JSON.parse(await readFile(har, 'utf8')).log;
    expect(log.version).toBe('1.2');
    expect(log.entries).toHaveLength(1);
  });

  it('names a file that does not exist', async () => {
    const error = (await loadRecording(join(folder, 'none.sse.json')).catch((e: unknown) => e)) as SseError;
    expect(error.type).toBe('bad-recording');
    expect(error.code).toBe('ENOENT');
    expect(error.message.replace(folder, '<dir>')).toMatchInlineSnapshot(
      `"Cannot load the recording <dir>/none.sse.json: no such file."`,
    );
  });

  it('quotes the text around a JSON error', async () => {
    const error = await loadError('{\n  "version": 1,\n  "recordedAt": "2026", oops\n}');
    expect(error.type).toBe('bad-recording');
    expect(error.message).toMatchInlineSnapshot(
      `"Cannot load the recording <dir>/x.sse.json: it is not JSON (Expected double-quoted property name) at line 3, column 25: "  \\"recordedAt\\": \\"2026\\", " ⟶ "oops\\n}"."`,
    );
    // Node names no place for an unexpected token: the longest prefix that could be JSON does.
    expect((await loadError('{"version": 1,\n"recordedAt": x}')).message).toMatchInlineSnapshot(
      `"Cannot load the recording <dir>/x.sse.json: it is not JSON (Unexpected token 'x') at line 2, column 15: "sion\\": 1,\\n\\"recordedAt\\": " ⟶ "x}"."`,
    );
    expect((await loadError('{"version": 1, "connections": [')).message).toMatchInlineSnapshot(
      `"Cannot load the recording <dir>/x.sse.json: it is not JSON (Unexpected end of JSON input) at line 1, column 32: "on\\": 1, \\"connections\\": [" ⟶ ""."`,
    );
  });

  it('says what is missing from a JSON file that is no recording', async () => {
    expect((await loadError('[1, 2]')).message).toMatchInlineSnapshot(
      `"Cannot load the recording <dir>/x.sse.json: it is not an sse-test recording: it is an array, not an object (the format: docs/recording-format.md)."`,
    );
    expect((await loadError('{"name": "package"}')).message).toMatchInlineSnapshot(
      `"Cannot load the recording <dir>/x.sse.json: it is not an sse-test recording: "version" is missing (the format: docs/recording-format.md)."`,
    );
    const { request: _, ...noRequest } = valid;
    expect((await loadError(JSON.stringify(noRequest))).message).toMatchInlineSnapshot(
      `"Cannot load the recording <dir>/x.sse.json: it is not an sse-test recording: "request" is missing (the format: docs/recording-format.md)."`,
    );
    const badChunk = structuredClone(valid);
    (badChunk.connections[0] as { chunks: unknown[] }).chunks.push({ at: 3 });
    expect((await loadError(JSON.stringify(badChunk))).message).toMatchInlineSnapshot(
      `"Cannot load the recording <dir>/x.sse.json: it is not an sse-test recording: connections[0].chunks[1] has neither "text" nor "base64" (the format: docs/recording-format.md)."`,
    );
    const badEnding = structuredClone(valid);
    (badEnding.connections[0] as { ending: string }).ending = 'done';
    expect((await loadError(JSON.stringify(badEnding))).message).toMatchInlineSnapshot(
      `"Cannot load the recording <dir>/x.sse.json: it is not an sse-test recording: "connections[0].ending" should be one of "ended", "errored", "closed", "open", not the string "done" (the format: docs/recording-format.md)."`,
    );
  });

  it('names another format version and the one this package reads', async () => {
    const error = await loadError(JSON.stringify({ ...valid, version: 2 }));
    expect(error.type).toBe('bad-recording');
    expect(error.message).toMatchInlineSnapshot(
      `"Cannot load the recording <dir>/x.sse.json: it is format version 2, and this sse-test reads version 1 only (a newer sse-test wrote it; upgrade sse-test)."`,
    );
    expect((await loadError(JSON.stringify({ ...valid, version: 0 }))).message).toMatchInlineSnapshot(
      `"Cannot load the recording <dir>/x.sse.json: it is format version 0, and this sse-test reads version 1 only (record it again)."`,
    );
  });
});
