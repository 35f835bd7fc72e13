/** MCP over streamable HTTP on the daemon's own HttpServer (loopback, port 0), with the SDK's Client. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpServer } from '../../src/app/http-server.js';
import { createMcpHttpHandler, mcpRoutes, type McpHttpHandler } from '../../src/app/mcp/http.js';
import { silentLogger } from '../../src/ports/logger.js';
import type { IncidentStore } from '../../src/ports/store.js';
import { baseDeps, seededStore } from './fixtures.js';

const TOKEN = 'test-token-0123456789abcdef';
const INITIALIZE = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } } };

let store: IncidentStore;
let handler: McpHttpHandler;
let http: HttpServer;
let url: URL;

beforeEach(async () => {
  store = await seededStore();
  handler = createMcpHttpHandler(baseDeps(store), TOKEN);
  http = new HttpServer({ port: 0, host: '127.0.0.1', logger: silentLogger, routes: mcpRoutes(handler), readiness: () => ({ ready: true, checks: {} }), metrics: async () => ({ contentType: 'text/plain', body: '' }) });
  await http.start();
  url = new URL(`http://127.0.0.1:${http.port}/mcp`);
});

afterEach(async () => {
  // Sessions first: an open SSE stream would hold the HTTP server's close.
  await handler.close();
  await http.stop();
  await store.close();
});

async function post(headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(INITIALIZE) });
}

async function connectedClient(token = TOKEN): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${token}` } } });
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

describe('MCP over streamable HTTP', () => {
  it('answers 401 without the bearer token or with a wrong one, and opens no session', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: `Basic ${TOKEN}` }, { authorization: `Bearer ${TOKEN}x` }];
    for (const headers of attempts) {
      const response = await post(headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      await response.body?.cancel();
    }
    const get = await fetch(url, { headers: { accept: 'text/event-stream' } });
    expect(get.status).toBe(401);
    await get.body?.cancel();
    expect(handler.sessionCount).toBe(0);
  });

  it('lists the tools with their schemas and runs list_incidents / get_incident on the SQLite store', async () => {
    const { client } = await connectedClient();
    expect(handler.sessionCount).toBe(1);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(7);
    for (const tool of tools) expect(tool.inputSchema.type).toBe('object');
    const list = (await client.callTool({ name: 'list_incidents', arguments: { limit: 2 } })) as CallToolResult;
    const text = list.content[0]?.type === 'text' ? list.content[0].text : '';
    expect(JSON.parse(text)).toMatchObject({ total: 3, incidents: [{ id: 'inc-3' }, { id: 'inc-1' }] });
    const one = (await client.callTool({ name: 'get_incident', arguments: { id: 'inc-1' } })) as CallToolResult;
    expect(one.isError).toBeFalsy();
    await client.close();
  });

  it('ends a session on DELETE and refuses its id afterwards', async () => {
    const { client, transport } = await connectedClient();
    const sessionId = transport.sessionId ?? '';
    expect(sessionId).not.toBe('');
    await transport.terminateSession();
    expect(handler.sessionCount).toBe(0);
    const stale = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'mcp-session-id': sessionId, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
    expect(stale.status).toBe(404);
    await stale.body?.cancel();
    await client.close();
  });

  it('refuses a request without a session that is not an initialize, and keeps no session for it', async () => {
    const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
    expect(response.status).toBe(400);
    await response.body?.cancel();
    expect(handler.sessionCount).toBe(0);
  });

  it('refuses a token shorter than 16 characters at construction', () => {
    expect(() => createMcpHttpHandler(baseDeps(store), 'short')).toThrow(/16/);
  });
});
