/**
 * A loopback HTTP proxy that holds every request a random time in [minMs, maxMs] before passing it
 * to the real peer: how the benchmarks give a real Prometheus (or the X-Ray fake) a network's latency.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DelayProxy {
  readonly url: string;
  close(): Promise<void>;
}

export async function startDelayProxy(target: string, minMs: number, maxMs: number): Promise<DelayProxy> {
  const upstream = new URL(target);
  const timers = new Set<NodeJS.Timeout>();
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const outgoing = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    outgoing.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(outgoing);
  };
  const server = createServer((req, res) => {
    req.pause();
    const timer = setTimeout(() => {
      timers.delete(timer);
      req.resume();
      forward(req, res);
    }, minMs + Math.random() * (maxMs - minMs));
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
