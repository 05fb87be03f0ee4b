import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../../main/core/api/dispatch';
import { startWebHost, type WebHost } from '../../../main/hosts/web/server';
import { CONTENT_SECURITY_POLICY } from '../../../main/hosts/web/static';
import { CasefileError } from '../../../shared/api/result';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http rather than fetch: fetch forbids setting Host, and the Host guard is what we test. */
function send(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const calls: Array<{ method: string; input: unknown }> = [];

// Only what these tests call is real; the rest throw so an unexpected route to them shows up as INTERNAL.
const handlers = {
  'app.info': async () => {
    calls.push({ method: 'app.info', input: {} });
    return { version: '9.9.9', host: 'web' as const, researcher: 'tester' };
  },
  'sources.read': async (input: { id: string }) => {
    calls.push({ method: 'sources.read', input });
    throw new CasefileError('NOT_FOUND', `No source ${input.id}.`);
  },
} as unknown as Handlers;

let host: WebHost;
let root: string;
let staticDir: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'casefile-web-'));
  staticDir = path.join(root, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Casefile</title>');
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(staticDir, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  await writeFile(path.join(root, 'secret.txt'), 'TOP SECRET');
  await symlink(path.join(root, 'secret.txt'), path.join(staticDir, 'assets', 'leak.txt'));
  host = await startWebHost({ handlers, staticDir, port: 0, maxBodyBytes: 1024 });
});

afterAll(async () => {
  await host.close();
  await rm(root, { recursive: true, force: true });
});

const hostHeader = (): string => `127.0.0.1:${host.port}`;
const authed = (extra: Record<string, string> = {}): Record<string, string> => ({
  Host: hostHeader(),
  'X-Casefile-Token': host.token,
  ...extra,
});

describe('web host', () => {
  it('listens on loopback with a 256-bit token in the printed URL', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(Buffer.from(host.token, 'base64url')).toHaveLength(32);
  });

  it('answers 401 without a token, with a wrong token and with a wrong cookie', async () => {
    expect((await send(host.port, { path: '/' })).status).toBe(401);
    expect((await send(host.port, { path: '/', headers: { 'X-Casefile-Token': 'x'.repeat(43) } })).status).toBe(401);
    expect((await send(host.port, { path: '/', headers: { Cookie: `casefile_${host.port}=nope` } })).status).toBe(401);
    expect((await send(host.port, { path: '/?token=wrong' })).status).toBe(401);
    const api = await send(host.port, {
      method: 'POST',
      path: '/api/app.info',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls.some((c) => c.method === 'app.info')).toBe(false);
  });

  it('swaps a valid ?token= for an HttpOnly SameSite=Strict cookie and redirects without it', async () => {
    const reply = await send(host.port, { path: `/?token=${host.token}&view=library`, headers: { Host: hostHeader() } });
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('/?view=library');
    const cookie = String(reply.headers['set-cookie']);
    expect(cookie).toContain(`casefile_${host.port}=${host.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');

    const page = await send(host.port, { path: '/', headers: { Host: hostHeader(), Cookie: `casefile_${host.port}=${host.token}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Casefile</title>');
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    for (const bad of ['evil.example:' + String(host.port), `127.0.0.1:${host.port + 1}`, '127.0.0.1', `localhost.evil:${host.port}`]) {
      const reply = await send(host.port, { path: '/', headers: authed({ Host: bad }) });
      expect(reply.status, bad).toBe(403);
    }
    expect((await send(host.port, { path: '/', headers: authed({ Host: `localhost:${host.port}` }) })).status).toBe(200);
  });

  it('refuses a foreign Origin, on pages and on the API', async () => {
    const page = await send(host.port, { path: '/', headers: authed({ Origin: 'https://evil.example' }) });
    expect(page.status).toBe(403);
    const api = await send(host.port, {
      method: 'POST',
      path: '/api/app.info',
      headers: authed({ Origin: `http://127.0.0.1:${host.port + 1}`, 'Content-Type': 'application/json' }),
      body: '{}',
    });
    expect(api.status).toBe(403);
    const same = await send(host.port, {
      method: 'POST',
      path: '/api/app.info',
      headers: authed({ Origin: `http://127.0.0.1:${host.port}`, 'Content-Type': 'application/json' }),
      body: '{}',
    });
    expect(same.status).toBe(200);
  });

  it('serves static files with types and the security headers', async () => {
    const js = await send(host.port, { path: '/assets/app.js', headers: authed() });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    expect(js.headers['referrer-policy']).toBe('no-referrer');
    expect(js.headers['cache-control']).toBe('no-store');
    const font = await send(host.port, { path: '/assets/font.woff2', headers: authed() });
    expect(font.headers['content-type']).toBe('font/woff2');
    expect((await send(host.port, { path: '/assets/missing.js', headers: authed() })).status).toBe(404);
  });

  it('refuses path traversal, encoded or not, and symlinks out of the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/assets/..%5c..%5csecret.txt', '/%00index.html', '/assets/leak.txt']) {
      const reply = await send(host.port, { path: p, headers: authed() });
      expect([403, 404], p).toContain(reply.status);
      expect(reply.body, p).not.toContain('TOP SECRET');
    }
  });

  it('round-trips a contract method and returns core errors as Results', async () => {
    const info = await send(host.port, {
      method: 'POST',
      path: '/api/app.info',
      headers: authed({ 'Content-Type': 'application/json' }),
      body: '{}',
    });
    expect(info.status).toBe(200);
    expect(info.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(info.body)).toEqual({ ok: true, value: { version: '9.9.9', host: 'web', researcher: 'tester' } });

    const read = await send(host.port, {
      method: 'POST',
      path: '/api/sources.read',
      headers: authed({ 'Content-Type': 'application/json' }),
      body: JSON.stringify({ id: 'src_1' }),
    });
    expect(JSON.parse(read.body)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No source src_1.' } });
    expect(calls).toContainEqual({ method: 'sources.read', input: { id: 'src_1' } });
  });

  it('answers BAD_INPUT for bad JSON, contract violations and unknown methods, and refuses other verbs', async () => {
    const post = (p: string, body: string, type = 'application/json') =>
      send(host.port, { method: 'POST', path: p, headers: authed({ 'Content-Type': type }), body });
    expect(JSON.parse((await post('/api/app.info', '{not json')).body).error.code).toBe('BAD_INPUT');
    expect(JSON.parse((await post('/api/sources.read', '{"id":""}')).body).error.code).toBe('BAD_INPUT');
    expect(JSON.parse((await post('/api/vault.dump', '{}')).body).error.code).toBe('BAD_INPUT');
    // A cross-site form can post text/plain without a preflight; JSON only shuts that door too.
    expect((await post('/api/app.info', '{}', 'text/plain')).status).toBe(415);
    expect((await send(host.port, { method: 'GET', path: '/api/app.info', headers: authed() })).status).toBe(405);
    expect((await send(host.port, { method: 'DELETE', path: '/', headers: authed() })).status).toBe(405);
  });

  it('refuses a body over the limit with 413', async () => {
    const reply = await send(host.port, {
      method: 'POST',
      path: '/api/app.info',
      headers: authed({ 'Content-Type': 'application/json' }),
      body: JSON.stringify({ pad: 'x'.repeat(4096) }),
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body).error.code).toBe('BAD_INPUT');
  });
});
