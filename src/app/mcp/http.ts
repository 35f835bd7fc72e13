/**
 * MCP over streamable HTTP, mounted on the daemon's port at POST/GET/DELETE /mcp (off unless
 * TRIAGED_MCP_ENABLED). A bearer token is required (constant-time compare); each session gets its
 * own server and transport, the oldest closed when too many are open.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { errorMessage } from '../../domain/errors.js';
import type { RouteHandler } from '../http-server.js';
import type { McpDeps } from './deps.js';
import { createMcpServer } from './server.js';

export const MCP_PATH = '/mcp';
const MAX_SESSIONS = 32;
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface McpHttpHandler extends RouteHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Ends every session (open SSE streams included); call before the HTTP server stops. */
  close(): Promise<void>;
  readonly sessionCount: number;
}

interface Session {
  readonly server: McpServer;
  readonly transport: StreamableHTTPServerTransport;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Hashing first makes both sides one length, so the compare leaks neither content nor length. */
function authorized(req: IncomingMessage, expected: Buffer): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return timingSafeEqual(digest(match?.[1] ?? ''), expected) && match !== null;
}

function jsonRpcError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

export function createMcpHttpHandler(deps: McpDeps, token: string): McpHttpHandler {
  if (token.length < 16) throw new RangeError('the MCP token must be at least 16 characters');
  const expected = digest(token);
  const sessions = new Map<string, Session>();

  const closeSession = async (session: Session): Promise<void> => {
    if (session.transport.sessionId) sessions.delete(session.transport.sessionId);
    await session.transport.close().catch(() => {});
    await session.server.close().catch(() => {});
  };

  const open = (): Session => {
    const server = createMcpServer(deps);
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      maxRequestBodySize: MAX_BODY_BYTES,
      onsessioninitialized: (id) => {
        sessions.set(id, session);
        // Maps keep insertion order: the first key is the oldest session.
        const oldest = sessions.size > MAX_SESSIONS ? sessions.values().next().value : undefined;
        if (oldest) void closeSession(oldest);
      },
      onsessionclosed: (id) => {
        sessions.delete(id);
      },
    });
    const session: Session = { server, transport };
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    return session;
  };

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!authorized(req, expected)) return jsonRpcError(res, 401, 'unauthorized: send Authorization: Bearer <TRIAGED_MCP_TOKEN>', { 'www-authenticate': 'Bearer realm="triaged-mcp"' });
    const id = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(id) ? id[0] : id;
    if (sessionId !== undefined) {
      const session = sessions.get(sessionId);
      if (!session) return jsonRpcError(res, 404, 'session not found; initialize a new one');
      return session.transport.handleRequest(req, res);
    }
    if (req.method !== 'POST') return jsonRpcError(res, 400, 'an mcp-session-id header is required');
    // Without a session id only an initialize request is valid; the transport answers anything else with 400.
    const session = open();
    await session.server.connect(session.transport);
    try {
      await session.transport.handleRequest(req, res);
    } catch (error) {
      deps.logger.warn({ err: errorMessage(error) }, 'MCP request failed');
      if (!res.headersSent) jsonRpcError(res, 500, 'internal error');
    }
    if (!session.transport.sessionId || !sessions.has(session.transport.sessionId)) await closeSession(session);
  };

  // defineProperties, not Object.assign: assign would copy the getter's value once.
  return Object.defineProperties(handler, {
    close: { value: async () => void (await Promise.all([...sessions.values()].map(closeSession))) },
    sessionCount: { get: () => sessions.size },
  }) as McpHttpHandler;
}

/** The three routes for HttpServer's map. */
export function mcpRoutes(handler: McpHttpHandler): Record<string, RouteHandler> {
  return { [`POST ${MCP_PATH}`]: handler, [`GET ${MCP_PATH}`]: handler, [`DELETE ${MCP_PATH}`]: handler };
}
