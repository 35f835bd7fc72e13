/** MCP over stdio: the SDK's Client spawns a server process (stdio-entry.ts, an in-memory store) and talks to it. */
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';

const ENTRY = fileURLToPath(new URL('./stdio-entry.ts', import.meta.url));

describe('MCP over stdio', () => {
  it('initialises, lists tools, answers a call and exits when the client closes', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', ENTRY], cwd: fileURLToPath(new URL('../..', import.meta.url)), stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()).toMatchObject({ name: 'triaged' });
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('query_prometheus');
      const result = (await client.callTool({ name: 'list_chaos_scenarios', arguments: {} })) as CallToolResult;
      const text = result.content[0]?.type === 'text' ? result.content[0].text : '';
      expect(JSON.parse(text).scenarios).toHaveLength(9);
      const incidents = (await client.callTool({ name: 'list_incidents', arguments: {} })) as CallToolResult;
      expect(incidents.content[0]?.type === 'text' && JSON.parse(incidents.content[0].text).total).toBe(3);
    } finally {
      const pid = transport.pid;
      await client.close();
      expect(pid === null ? false : isAlive(pid), stderr).toBe(false);
    }
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
