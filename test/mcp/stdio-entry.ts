/** A stdio MCP server over a seeded in-memory store, spawned by mcp-stdio.test.ts (until `triaged mcp` is wired). */
import { runMcpStdio } from '../../src/app/mcp/stdio.js';
import { baseDeps, seededStore } from './fixtures.js';

const store = await seededStore();
await runMcpStdio(baseDeps(store, { chaosDir: new URL('../../chaos/', import.meta.url).pathname }));
await store.close();
