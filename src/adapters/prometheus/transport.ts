/**
 * The HTTP(S) exchange under PrometheusClient: node:http/https (fetch cannot take a private CA
 * without an undici dependency), a body size cap, and the caller's AbortSignal on the socket.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface TransportOptions {
  /** PEM bundle trusted for an https URL, in place of the system roots. */
  readonly ca?: string | Buffer;
  readonly maxResponseBytes: number;
}

export interface HttpExchange {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal: AbortSignal;
}

export interface HttpReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export class ResponseTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`response larger than ${limit} bytes`);
    this.name = 'ResponseTooLarge';
  }
}

export class Transport {
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent: HttpsAgent;

  constructor(private readonly options: TransportOptions) {
    this.httpsAgent = new HttpsAgent({ keepAlive: true, ...(options.ca !== undefined ? { ca: options.ca } : {}) });
  }

  send(exchange: HttpExchange): Promise<HttpReply> {
    const secure = exchange.url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const limit = this.options.maxResponseBytes;
    return new Promise<HttpReply>((resolve, reject) => {
      const req = send(
        exchange.url,
        {
          method: exchange.method,
          headers: { ...exchange.headers, ...(exchange.body !== undefined ? { 'content-length': String(Buffer.byteLength(exchange.body)) } : {}) },
          agent: secure ? this.httpsAgent : this.httpAgent,
          signal: exchange.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= limit) {
              chunks.push(chunk);
              return;
            }
            reject(new ResponseTooLarge(limit));
            req.destroy();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(exchange.body);
    });
  }

  /** Destroys the pooled keep-alive sockets; call once no query is in flight. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
