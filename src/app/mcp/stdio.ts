/**
 * `triaged mcp`: the MCP server on stdin/stdout for a local client (Claude Desktop, an IDE).
 * stdout carries only the protocol, so the caller must log to stderr.
 */
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { McpDeps } from './deps.js';
import { createMcpServer } from './server.js';

/** Serves until stdin ends (the client went away) or the server is closed. */
export async function runMcpStdio(deps: McpDeps, streams: { readonly stdin?: Readable; readonly stdout?: Writable } = {}): Promise<void> {
  const stdin = streams.stdin ?? process.stdin;
  const server = createMcpServer(deps);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  const end = (): void => {
    void server.close();
  };
  stdin.once('end', end);
  stdin.once('close', end);
  await server.connect(new StdioServerTransport(stdin, streams.stdout ?? process.stdout));
  await closed;
  stdin.off('end', end);
  stdin.off('close', end);
}
