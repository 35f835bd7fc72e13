/** What every tool module receives: the injected readers and the output bound. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from '../deps.js';

export interface ToolContext {
  readonly deps: McpDeps;
  readonly maxChars: number;
}

export type RegisterTools = (server: McpServer, context: ToolContext) => void;

/** Every tool only reads: clients may call them without asking the user to confirm a change. */
export const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true } as const;

/** Kubernetes object names (DNS subdomain / label). */
export const K8S_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
