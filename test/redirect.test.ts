import { describe, expect, it } from 'vitest';
import { open } from '../src/index.ts';
import { startServer } from './support/server.ts';

const credentials = { authorization: 'Bearer secret', cookie: 'session=1', 'x-keep': 'yes' };

describe('redirects', () => {
  it('follows a relative redirect and reports the final url', async () => {
    const server = await startServer();
    server.route('/old', (sse) => sse.respond(302, '', { location: '/new?from=old' }));
    server.route('/new', (sse) => sse.send('moved'));
    const stream = await open(`${server.url}/old`);
    expect(stream.url).toBe(`${server.url}/new?from=old`);
    expect((await stream.next({ within: 2_000 })).data).toBe('moved');
  });

  it('keeps credentials on a same-origin redirect', async () => {
    const server = await startServer();
    server.route('/a', (sse) => sse.respond(307, '', { location: '/b' }));
    server.route('/b', (sse) => sse.end());
    await (await open(`${server.url}/a`, { headers: credentials })).closed;
    expect(server.requests[1]?.headers).toMatchObject(credentials);
  });

  it('drops Authorization and Cookie on a cross-origin redirect, as fetch does', async () => {
    const first = await startServer();
    const second = await startServer();
    first.route('/a', (sse) => sse.respond(308, '', { location: `${second.url}/b` }));
    second.route('/b', (sse) => sse.end());
    await (await open(`${first.url}/a`, { headers: credentials })).closed;
    const headers = second.requests[0]?.headers ?? {};
    expect(headers.authorization).toBeUndefined();
    expect(headers.cookie).toBeUndefined();
    expect(headers['x-keep']).toBe('yes');
  });

  it('turns POST into GET without a body on 303, and keeps both on 307', async () => {
    const server = await startServer();
    server.route('/see-other', (sse) => sse.respond(303, '', { location: '/target' }));
    server.route('/temporary', (sse) => sse.respond(307, '', { location: '/target' }));
    server.route('/target', (sse) => sse.end());
    await (await open(`${server.url}/see-other`, { method: 'POST', json: { q: 1 } })).closed;
    await (await open(`${server.url}/temporary`, { method: 'POST', json: { q: 2 } })).closed;
    const targets = server.requests.filter((r) => r.path === '/target');
    expect(targets.map((r) => [r.method, r.body, r.headers['content-type']])).toEqual([
      ['GET', '', undefined],
      ['POST', '{"q":2}', 'application/json'],
    ]);
  });

  it('rejects a redirect loop with too-many-redirects', async () => {
    const server = await startServer();
    server.route('/loop', (sse) => sse.respond(302, '', { location: '/loop' }));
    await expect(open(`${server.url}/loop`)).rejects.toMatchObject({
      type: 'too-many-redirects',
      message: `${server.url}/loop redirected more than 20 times; last to ${server.url}/loop.`,
    });
    expect(server.requests).toHaveLength(21);
  });

  it('rejects a redirect to another scheme with bad-redirect', async () => {
    const server = await startServer();
    server.route('/ftp', (sse) => sse.respond(301, '', { location: 'ftp://127.0.0.1/file' }));
    await expect(open(`${server.url}/ftp`)).rejects.toMatchObject({ type: 'bad-redirect', status: 301 });
  });
});
