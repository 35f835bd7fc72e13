/**
 * The MCP server: read-only tools over the incident store, the diagnosis rules, Prometheus and the
 * cluster. Transports live in stdio.ts and http.ts; each connection gets its own McpServer.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { DEFAULT_MAX_OUTPUT_CHARS } from './bounded.js';
import type { IncidentReader, McpDeps } from './deps.js';
import { registerClusterTools } from './tools/cluster.js';
import { registerDiagnosisTools } from './tools/diagnosis.js';
import { registerIncidentTools } from './tools/incidents.js';
import { registerPrometheusTools } from './tools/prometheus.js';

export const MCP_SERVER_NAME = 'triaged';

/** Only the read methods, bound: the store object itself (with its writes) never reaches a tool. */
function readOnly(store: IncidentReader): IncidentReader {
  return {
    listIncidents: (options) => store.listIncidents(options),
    getIncident: (id) => store.getIncident(id),
    latestFinding: (id) => store.latestFinding(id),
    approvalsOf: (id) => store.approvalsOf(id),
  };
}

export function createMcpServer(deps: McpDeps, version = '0.1.0'): McpServer {
  const server = new McpServer(
    { name: MCP_SERVER_NAME, version },
    { instructions: 'triaged: Kubernetes incidents, their evidence-backed diagnoses and read-only cluster queries. No tool changes the cluster; remediations are approved in Slack.' },
  );
  const context = { deps: { ...deps, incidents: readOnly(deps.incidents) }, maxChars: deps.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS };
  for (const register of [registerIncidentTools, registerDiagnosisTools, registerPrometheusTools, registerClusterTools]) register(server, context);
  return server;
}
