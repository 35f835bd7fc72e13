/** MCP over stdio: the SDK's Client spawns `triaged mcp` over a seeded store file and talks to it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { seededStore } from './fixtures.js';
import { writeKubeconfig } from '../support/daemon-process.js';

/** A cluster nobody serves: these tests never need it to answer. */
const NOWHERE = 'http://127.0.0.1:9';

const BIN = fileURLToPath(new URL('../../bin/triaged.js', import.meta.url));
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('MCP over stdio', () => {
  it('initialises, lists tools, answers a call and exits when the client closes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'triaged-mcp-'));
    const storePath = join(dir, 'triaged.db');
    await (await seededStore(0, storePath)).close();
    await writeKubeconfig(join(dir, 'kubeconfig'), NOWHERE);
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TRIAGED_STORE_PATH: storePath, KUBECONFIG: join(dir, 'kubeconfig'), TRIAGED_LOG_LEVEL: 'warn' };
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], env, stderr: 'pipe' });
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
