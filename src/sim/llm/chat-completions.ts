/**
 * A loopback fake of the OpenAI chat-completions API for tests: records every request as received
 * (to prove what left the process) and answers as each test scripts it, including never.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  /** Path and query. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** `content`: a completion whose message says this; `raw`: this body as is; `hang`: no answer until close. */
export type ScriptedReply = { readonly status?: number; readonly content: string } | { readonly status?: number; readonly raw: string } | 'hang';

export interface FakeChatCompletions {
  /** Base URL, as TRIAGED_LLM_URL takes it (`…/v1`). */
  readonly url: string;
  readonly received: readonly ReceivedRequest[];
  close(): Promise<void>;
}

export async function startFakeChatCompletions(reply: (request: ReceivedRequest) => ScriptedReply): Promise<FakeChatCompletions> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(request);
      if (request.method !== 'POST' || !request.url.startsWith('/v1/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${request.method} ${request.url}` } }));
        return;
      }
      const scripted = reply(request);
      if (scripted === 'hang') return;
      const body =
        'raw' in scripted
          ? scripted.raw
          : JSON.stringify({
              id: `chatcmpl-${received.length}`,
              object: 'chat.completion',
              created: 1_763_805_600,
              model: 'fake',
              choices: [{ index: 0, message: { role: 'assistant', content: scripted.content }, finish_reason: 'stop' }],
              usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
            });
      res.writeHead(scripted.status ?? 200, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
