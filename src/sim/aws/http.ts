/** HTTP plumbing shared by the loopback AWS fakes: JSON bodies, AWS-style errors, request records, listen and close. */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedAwsRequest {
  /** `StartQuery`, `GetServiceGraph`, … */
  readonly operation: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Readonly<Record<string, unknown>>;
  /** Epoch ms when it arrived. */
  readonly at: number;
}

export class AwsFault extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let parsed: unknown;
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new AwsFault(400, 'SerializationException', 'body is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new AwsFault(400, 'SerializationException', 'body is not a JSON object');
  return parsed as Record<string, unknown>;
}

/** Both protocols accept the type in `x-amzn-errortype`; JSON 1.1 also reads `__type` from the body. */
export function sendFault(res: ServerResponse, fault: AwsFault, contentType: string): void {
  sendJson(res, fault.status, { __type: fault.type, message: fault.message }, contentType, { 'x-amzn-errortype': fault.type });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType: string, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': randomUUID(), ...headers }).end(text);
}

/** Resolves after `ms`, or at once when the client goes away. */
export function delay(res: ServerResponse, ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export interface Listening {
  readonly url: string;
  close(): Promise<void>;
}

export async function listen(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>, contentType: string): Promise<Listening> {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      const fault = error instanceof AwsFault ? error : new AwsFault(500, 'InternalFailure', String(error));
      sendFault(res, fault, contentType);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
