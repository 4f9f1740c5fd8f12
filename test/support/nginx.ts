import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** How the proxy in front of the upstream behaves. */
export interface NginxOptions {
  /** The server nginx forwards every request to, such as `http://127.0.0.1:4312`. */
  upstream: string;
  /** `proxy_buffering`; default `true`, as nginx ships it. */
  buffering?: boolean;
  /** `proxy_read_timeout` in ms (the longest silence from the upstream); default nginx's 60 s. */
  readTimeout?: number;
  /** `gzip on` for `text/event-stream`; default off. */
  gzip?: boolean;
  /**
   * `proxy_http_version`; default `'1.0'`, nginx's own default. Over HTTP/1.0 the upstream's body is
   * not chunked and nginx 1.22 with buffering on releases it in pages (4 KB); over 1.1 it forwards each chunk.
   */
  httpVersion?: '1.0' | '1.1';
}

/** A running nginx; `close()` ends it and removes its folder. */
export interface Nginx {
  /** `http://127.0.0.1:<port>`, the proxy's address. */
  readonly url: string;
  /** The nginx process (one, with `master_process off`). */
  readonly pid: number;
  /** nginx's error log so far, for a failing test's message. */
  errorLog(): string;
  close(): Promise<void>;
}

/** Where Debian puts nginx; `/usr/sbin` is often not on a non-root user's PATH. */
const CANDIDATES = [
  '/usr/sbin/nginx',
  ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'nginx')),
];
const READY_WITHIN = 5_000;
const EXIT_WITHIN = 3_000;
/** A free port can be taken between our probe and nginx's bind: try a few. */
const BIND_TRIES = 3;

const running = new Set<ChildProcess>();
// A crashed or interrupted test run must not leave nginx listening behind it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The nginx binary, or an error that says how to install it (the proxy tests must not skip silently). */
export function nginxBinary(candidates: readonly string[] = CANDIDATES): string {
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {}
  }
  throw new Error(
    'The proxy tests need nginx, which is not installed (looked in /usr/sbin and on PATH): apt-get install nginx',
  );
}

/**
 * Starts Debian's nginx in the foreground (`daemon off`, no master process) as a reverse proxy to
 * `options.upstream`, on a free loopback port, with its config, logs, pid and temp files in a fresh
 * temp folder (so it runs as any user). Resolves once it accepts connections.
 *
 * @example
 * const proxy = await startNginx({ upstream: server.url, buffering: true });
 * const stream = await open(`${proxy.url}/events`);
 * await proxy.close();
 */
export async function startNginx(options: NginxOptions): Promise<Nginx> {
  const binary = nginxBinary();
  let last: Error | undefined;
  for (let attempt = 0; attempt < BIND_TRIES; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'sse-test-nginx-'));
    const port = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), config(dir, port, options));
    const child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    running.add(child);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const errorLog = () => readLog(dir) + stderr;
    const close = () => stop(child, dir);
    try {
      await listening(child, port, errorLog);
      return { url: `http://127.0.0.1:${port}`, pid: child.pid as number, errorLog, close };
    } catch (error) {
      await close();
      last = error as Error;
      if (!/Address already in use/.test(last.message)) throw last;
    }
  }
  throw last;
}

function config(dir: string, port: number, options: NginxOptions): string {
  const upstream = new URL(options.upstream);
  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  const lines = [
    'daemon off;',
    'master_process off;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} info;`,
    'events { worker_connections 64; }',
    'http {',
    `  access_log off;`,
    `  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}`,
    `  server {`,
    `    listen 127.0.0.1:${port};`,
    '    location / {',
    `      proxy_pass http://${upstream.host};`,
    `      proxy_http_version ${options.httpVersion ?? '1.0'};`,
    ...(options.httpVersion === '1.1' ? [`      proxy_set_header Connection '';`] : []),
    `      proxy_buffering ${options.buffering === false ? 'off' : 'on'};`,
    ...(options.readTimeout === undefined ? [] : [`      proxy_read_timeout ${options.readTimeout}ms;`]),
    ...(options.gzip
      ? [
          '      gzip on;',
          '      gzip_types text/event-stream;',
          '      gzip_min_length 0;',
          '      gzip_proxied any;',
        ]
      : []),
    '    }',
    '  }',
    '}',
    '',
  ];
  return lines.join('\n');
}

/** A port nothing listens on now (the kernel's pick for port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Resolves once the port accepts a connection; rejects with nginx's log if it exits or takes too long. */
async function listening(child: ChildProcess, port: number, errorLog: () => string): Promise<void> {
  const until = Date.now() + READY_WITHIN;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `nginx exited (${child.exitCode ?? child.signalCode}) before listening:\n${errorLog()}`,
      );
    }
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nginx did not listen on 127.0.0.1:${port} within ${READY_WITHIN} ms:\n${errorLog()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Ends nginx (fast shutdown, then SIGKILL if it lingers), waits for its exit, removes its folder. */
async function stop(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_WITHIN);
    await exited;
    clearTimeout(timer);
  }
  running.delete(child);
  rmSync(dir, { recursive: true, force: true });
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'error.log'), 'utf8');
  } catch {
    return '';
  }
}
