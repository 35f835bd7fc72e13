/**
 * A fake Kubernetes API server on 127.0.0.1 that kubectl and @kubernetes/client-node accept:
 * legacy discovery, CRUD + watch over an in-memory store, pods/log, metrics.k8s.io, Status errors,
 * a request log and fault injection. Used by tests, the demo and benchmarks (plain node:http).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startControllers, type ControllerOptions, type Controllers } from './controllers.js';
import { Faults } from './faults.js';
import { openApiGroupVersion, openApiIndex } from './openapi.js';
import { serveVerb, type ResourceRoute } from './handlers.js';
import { apiGroup, apiGroupList, apiResourceList, coreVersions, findByPath, versionInfo } from './resources.js';
import { ApiError, apiErrors, statusBody } from './status.js';
import { ObjectStore } from './store.js';
import { serveWatch } from './watch.js';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly contentType?: string;
  readonly userAgent?: string;
  /** Parsed JSON when the body was JSON, else the raw text; undefined when empty. */
  readonly body?: unknown;
  readonly status: number;
}

export interface KubeApiServerOptions {
  readonly port?: number;
  /** Watch history length before 410 Gone (default 1000). */
  readonly historyLimit?: number;
  /** How often open watches that allow bookmarks get one (default 10 s). */
  readonly bookmarkIntervalMs?: number;
  /** The controller simulation; on by default. `false` turns it off. */
  readonly controllers?: boolean | ControllerOptions;
  readonly now?: () => number;
}

export interface KubeApiServer {
  readonly url: string;
  readonly port: number;
  readonly store: ObjectStore;
  /** Every request served, oldest first (clear with `requests.length = 0`). */
  readonly requests: RecordedRequest[];
  readonly faults: Faults;
  /** Undefined when started with `controllers: false`. */
  readonly controllers: Controllers | undefined;
  close(): Promise<void>;
}

function parseRoute(segments: readonly string[]): ResourceRoute | undefined {
  let group: string;
  let version: string;
  let rest: readonly string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    [group, version, rest] = ['', segments[1]!, segments.slice(2)];
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    [group, version, rest] = [segments[1]!, segments[2]!, segments.slice(3)];
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const type = findByPath(group, version, rest[0]!);
  if (!type || rest.length > 3) return undefined;
  if (namespace !== undefined && !type.namespaced) return undefined;
  return { type, ...(namespace !== undefined ? { namespace } : {}), ...(rest[1] ? { name: rest[1] } : {}), ...(rest[2] ? { subresource: rest[2] } : {}) };
}

function discovery(segments: readonly string[], serverAddress: string): unknown | undefined {
  const path = segments.join('/');
  if (path === 'version') return versionInfo();
  if (path === 'api') return coreVersions(serverAddress);
  if (path === 'apis') return apiGroupList();
  if (segments[0] === 'api' && segments.length === 2) return apiResourceList('', segments[1]!);
  if (segments[0] === 'apis' && segments.length === 2) return apiGroup(segments[1]!);
  if (segments[0] === 'apis' && segments.length === 3) return apiResourceList(segments[1]!, segments[2]!);
  if (path === 'openapi/v3') return openApiIndex();
  if (segments[0] === 'openapi' && segments[1] === 'v3') return openApiGroupVersion(segments.slice(2).join('/'));
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json', headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' && contentType !== 'application/json' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function startKubeApiServer(options: KubeApiServerOptions = {}): Promise<KubeApiServer> {
  const store = new ObjectStore({ ...(options.historyLimit !== undefined ? { historyLimit: options.historyLimit } : {}), ...(options.now ? { now: options.now } : {}) });
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const controllers =
    options.controllers === false ? undefined : startControllers(store, typeof options.controllers === 'object' ? options.controllers : {});
  let serverAddress = '127.0.0.1:0';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    const raw = await readBody(req);
    let body: unknown = raw === '' ? undefined : raw;
    if (raw !== '' && contentType.includes('json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const segments = url.pathname.split('/').filter((s) => s.length > 0).map(decodeURIComponent);
    const isWatch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    const record = (status: number): void => {
      requests.push({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        ...(contentType ? { contentType } : {}),
        ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
        ...(body !== undefined ? { body } : {}),
        status,
      });
    };
    try {
      await faults.latency();
      const injected = faults.failureFor(method, url.pathname, isWatch);
      if (injected) throw injected;
      const doc = method === 'GET' ? discovery(segments, serverAddress) : undefined;
      if (doc !== undefined) {
        record(200);
        send(res, 200, doc);
        return;
      }
      const route = parseRoute(segments);
      if (!route) throw new ApiError(statusBody(404, 'NotFound', 'the server could not find the requested resource'));
      if (isWatch && method === 'GET' && !route.name) {
        if (!route.type.verbs.includes('watch')) throw apiErrors.methodNotAllowed('the server does not allow this method on the requested resource');
        record(200);
        serveWatch({ store, faults, bookmarkIntervalMs: options.bookmarkIntervalMs ?? 10_000 }, { type: route.type, ...(route.namespace ? { namespace: route.namespace } : {}), query: url.searchParams }, res);
        return;
      }
      const reply = serveVerb(store, { method, route, query: url.searchParams, contentType, body });
      record(reply.status);
      send(res, reply.status, reply.body, reply.contentType);
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(statusBody(500, 'InternalError', `Internal error occurred: ${String(error)}`));
      record(apiError.status.code);
      if (!res.headersSent) send(res, apiError.status.code, apiError.status, 'application/json', { ...apiError.headers });
      else res.destroy();
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  serverAddress = `127.0.0.1:${port}`;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    store,
    requests,
    faults,
    controllers,
    async close() {
      controllers?.stop();
      faults.wakeAll();
      faults.dropWatches();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
