/**
 * The `triaged` command: `run` (the daemon), `demo` (the whole flow on a simulated cluster),
 * `diagnose` (a saved snapshot), `capture` and `investigate` (one target, no notification).
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage, TriagedError } from '../domain/errors.js';

const USAGE = `usage: triaged <command> [options]

commands:
  run                          start the daemon (configuration from the environment)
  demo                         run one alarm end to end on a simulated cluster, no cloud account
  diagnose --snapshot FILE|DIR [--json]
                               diagnose saved snapshots offline
  capture  (--alarm FILE | --target ns/kind/name) [--out FILE]
                               gather evidence once and write a snapshot, notify nobody
  investigate (--alarm FILE | --target ns/kind/name) [--json]
                               gather evidence, diagnose and print the finding, notify nobody
  mcp                          the read-only MCP server on stdio (for AI assistants)
  report [--json]              the cluster health report, printed instead of posted
  rightsize [--namespace NS] [--json]
                               resource recommendations from Prometheus usage (P95 over 7 days)
`;

async function listJsonFiles(path: string): Promise<string[] | null> {
  const info = await stat(path).catch(() => null);
  if (!info?.isDirectory()) return null;
  const entries = await readdir(path, { recursive: true });
  return entries.filter((e) => e.endsWith('.json')).map((e) => join(path, e)).sort();
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  const io = {
    stdout: (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
    stderr: (s: string) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
  };
  switch (command) {
    case 'run': {
      const { runDaemon } = await import('./run.js');
      return runDaemon();
    }
    case 'demo': {
      const { runDemo } = await import('./demo.js');
      return runDemo({ out: io.stdout });
    }
    case 'diagnose': {
      const { runDiagnoseCommand } = await import('./cli/diagnose.js');
      return runDiagnoseCommand(args, { ...io, readFile: (p) => readFile(p, 'utf8'), listDir: listJsonFiles });
    }
    case 'mcp': {
      const { runMcpCommand } = await import('./cli/mcp.js');
      return runMcpCommand();
    }
    case 'report': {
      const { runReportCommand } = await import('./cli/report.js');
      return runReportCommand(args, io);
    }
    case 'rightsize': {
      const { runRightsizeCommand } = await import('./cli/rightsize.js');
      return runRightsizeCommand(args, io);
    }
    case 'capture':
    case 'investigate': {
      const { runOneShot } = await import('./cli/one-shot.js');
      return runOneShot(command, args, io);
    }
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.stderr(`triaged: unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

// A reader that went away (`triaged diagnose … | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const code = error instanceof TriagedError ? error.code : 'FATAL';
    process.stderr.write(`triaged: ${code}: ${errorMessage(error)}\n`);
    process.exitCode = error instanceof TriagedError && error.code === 'CONFIG_INVALID' ? 78 : 1;
  },
);
