/**
 * The GitHub Actions endpoints of the loopback GitHub fake, registered through
 * `startGitHubApiServer({ routes: actions.routes })`: list jobs of a run attempt (paginated) and a
 * job's log, answered like github.com with a 302 to a signed download URL that needs no token.
 */
import { randomBytes } from 'node:crypto';
import type { FakeRoute } from './server.js';

export interface FakeActions {
  /** The jobs the API lists for this run attempt (objects in the REST `job` shape). */
  setJobs(owner: string, repo: string, runId: number, attempt: number, jobs: readonly unknown[]): void;
  /** The job's plain-text log; absent: the log endpoint answers 410 (expired) like GitHub. */
  setLog(jobId: number, text: string): void;
  /** How many times each job's log was downloaded. */
  readonly downloads: ReadonlyMap<number, number>;
  routes(base: () => string): FakeRoute[];
}

export function createFakeActions(): FakeActions {
  const jobs = new Map<string, readonly unknown[]>();
  const logs = new Map<number, string>();
  const downloads = new Map<number, number>();
  const signature = randomBytes(8).toString('hex');
  const key = (owner: string, repo: string, runId: number, attempt: number): string => `${owner}/${repo}/${runId}/${attempt}`;

  return {
    setJobs: (owner, repo, runId, attempt, list) => void jobs.set(key(owner, repo, runId, attempt), list),
    setLog: (jobId, text) => void logs.set(jobId, text),
    downloads,
    routes: (base) => [
      ['GET', /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/attempts\/(\d+)\/jobs$/, ([, owner = '', repo = '', runId, attempt], query) => {
        const all = jobs.get(key(owner, repo, Number(runId), Number(attempt)));
        if (!all) return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/actions/workflow-jobs' } };
        const perPage = Math.min(100, Number(query.get('per_page') ?? 30));
        const page = Math.max(1, Number(query.get('page') ?? 1));
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const last = Math.ceil(all.length / perPage);
        const path = `${base()}/repos/${owner}/${repo}/actions/runs/${runId}/attempts/${attempt}/jobs?per_page=${perPage}`;
        const link = page < last ? { link: `<${path}&page=${page + 1}>; rel="next", <${path}&page=${last}>; rel="last"` } : undefined;
        return { status: 200, body: { total_count: all.length, jobs: slice }, ...(link ? { headers: link } : {}) };
      }],
      ['GET', /^\/repos\/([^/]+)\/([^/]+)\/actions\/jobs\/(\d+)\/logs$/, ([, , , jobId]) => {
        if (!logs.has(Number(jobId))) return { status: 410, body: { message: 'Logs have expired', documentation_url: 'https://docs.github.com/rest/actions/workflow-jobs' } };
        return { status: 302, body: '', headers: { location: `${base()}/_blobs/job-logs/${jobId}?sig=${signature}`, 'content-type': 'text/html; charset=utf-8' } };
      }],
      ['GET', /^\/_blobs\/job-logs\/(\d+)$/, ([, jobId], query) => {
        const log = logs.get(Number(jobId));
        if (log === undefined || query.get('sig') !== signature) return { status: 403, body: '<Error><Code>AuthenticationFailed</Code></Error>', headers: { 'content-type': 'application/xml' } };
        downloads.set(Number(jobId), (downloads.get(Number(jobId)) ?? 0) + 1);
        return { status: 200, body: log, headers: { 'content-type': 'text/plain; charset=utf-8' } };
      }, { public: true }],
    ],
  };
}
