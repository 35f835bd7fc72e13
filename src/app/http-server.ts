/**
 * The daemon's one HTTP port: health, readiness, metrics and the webhook receivers mounted by the
 * wiring. Unknown paths get 404; a handler that throws gets a 500 without taking the server down.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../ports/logger.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface Readiness {
  ready: boolean;
  checks: Record<string, string>;
}

export interface HttpServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly logger: Logger;
  readonly readiness: () => Readiness;
  readonly metrics: () => Promise<{ contentType: string; body: string }>;
  /** `METHOD /path` → handler. */
  readonly routes: Readonly<Record<string, RouteHandler>>;
}

export class HttpServer {
  private server?: Server;

  constructor(private readonly options: HttpServerOptions) {}

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      void this.dispatch(req, res);
    });
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '0.0.0.0', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      if (req.method === 'GET' && path === '/healthz') return send(res, 200, { status: 'ok' });
      if (req.method === 'GET' && path === '/readyz') {
        const readiness = this.options.readiness();
        return send(res, readiness.ready ? 200 : 503, { status: readiness.ready ? 'ready' : 'not ready', checks: readiness.checks });
      }
      if (req.method === 'GET' && path === '/metrics') {
        const { contentType, body } = await this.options.metrics();
        res.writeHead(200, { 'content-type': contentType }).end(body);
        return;
      }
      const handler = this.options.routes[`${req.method ?? 'GET'} ${path}`];
      if (handler) return await handler(req, res);
      const allowed = Object.keys(this.options.routes).some((route) => route.endsWith(` ${path}`));
      send(res, allowed ? 405 : 404, { error: allowed ? `method ${req.method} not allowed on ${path}` : `no route for ${path}` });
    } catch (error) {
      this.options.logger.error({ err: error instanceof Error ? error.message : String(error), path }, 'request handler failed');
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.end();
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
