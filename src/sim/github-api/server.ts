/**
 * A loopback fake of the GitHub REST API's issue endpoints (plain node:http) for the issue
 * tracker's tests: open, list by label, search, comment; a token check, a request log and
 * injectable failures.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeIssue {
  readonly number: number;
  readonly owner: string;
  readonly repo: string;
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
  state: 'open' | 'closed';
  readonly comments: string[];
}

export interface GitHubCall {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly status: number;
}

export interface GitHubApiServer {
  readonly url: string;
  readonly issues: FakeIssue[];
  readonly calls: GitHubCall[];
  /** The next matching request (method and path prefix) answers with this status. */
  failNext(rule: { readonly method: string; readonly path: string; readonly status: number }): void;
  close(): Promise<void>;
}

/** A reply; a string body with a `content-type` header is sent as is (logs), anything else as JSON. */
export interface FakeReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}
export type Route = (match: RegExpExecArray, query: URLSearchParams, body: unknown) => FakeReply;
/** Extra endpoints (actions.ts); `public` ones skip the token check (signed download URLs). */
export type FakeRoute = readonly [method: string, path: RegExp, run: Route, options?: { readonly public: boolean }];

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function startGitHubApiServer(options: { readonly token: string; readonly routes?: (base: () => string) => readonly FakeRoute[] }): Promise<GitHubApiServer> {
  const issues: FakeIssue[] = [];
  const calls: GitHubCall[] = [];
  const failures: { method: string; path: string; status: number }[] = [];
  let base = '';

  const view = (issue: FakeIssue): Record<string, unknown> => ({
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    labels: issue.labels.map((name) => ({ name })),
    comments: issue.comments.length,
    html_url: `${base}/${issue.owner}/${issue.repo}/issues/${issue.number}`,
    url: `${base}/repos/${issue.owner}/${issue.repo}/issues/${issue.number}`,
  });
  const find = (owner: string, repo: string, number: number): FakeIssue | undefined => issues.find((i) => i.owner === owner && i.repo === repo && i.number === number);
  const notFound = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };

  const routes: FakeRoute[] = [
    ['POST', /^\/repos\/([^/]+)\/([^/]+)\/issues$/, ([, owner = '', repo = ''], _q, body) => {
      const input = (body ?? {}) as { title?: unknown; body?: unknown; labels?: unknown };
      if (typeof input.title !== 'string' || input.title === '') return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }] } };
      const labels = Array.isArray(input.labels) ? input.labels.map(String) : [];
      const issue: FakeIssue = { number: issues.filter((i) => i.owner === owner && i.repo === repo).length + 1, owner, repo, title: input.title, body: typeof input.body === 'string' ? input.body : '', labels, state: 'open', comments: [] };
      issues.push(issue);
      return { status: 201, body: view(issue) };
    }],
    ['GET', /^\/repos\/([^/]+)\/([^/]+)\/issues$/, ([, owner, repo], query) => {
      const state = query.get('state') ?? 'open';
      const labels = (query.get('labels') ?? '').split(',').filter((l) => l !== '');
      const found = issues.filter((i) => i.owner === owner && i.repo === repo && (state === 'all' || i.state === state) && labels.every((l) => i.labels.includes(l)));
      return { status: 200, body: found.map(view) };
    }],
    ['POST', /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/, ([, owner = '', repo = '', number], _q, body) => {
      const issue = find(owner, repo, Number(number));
      if (!issue) return notFound;
      const text = (body as { body?: unknown } | undefined)?.body;
      if (typeof text !== 'string' || text === '') return { status: 422, body: { message: 'Validation Failed' } };
      issue.comments.push(text);
      return { status: 201, body: { id: issue.comments.length, body: text, html_url: `${base}/${owner}/${repo}/issues/${issue.number}#issuecomment-${issue.comments.length}` } };
    }],
    ['GET', /^\/search\/issues$/, (_m, query) => {
      const items = issues.filter((issue) => searchMatches(issue, query.get('q') ?? ''));
      return { status: 200, body: { total_count: items.length, incomplete_results: false, items: items.map(view) } };
    }],
  ];
  routes.push(...(options.routes?.(() => base) ?? []));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const body = await readJson(req);
    const auth = req.headers.authorization ?? '';
    let reply: FakeReply;
    const failure = failures.findIndex((f) => f.method === method && url.pathname.startsWith(f.path));
    const isPublic = routes.some(([m, pattern, , flags]) => flags?.public === true && m === method && pattern.test(url.pathname));
    if (!isPublic && auth !== `token ${options.token}` && auth !== `Bearer ${options.token}`) {
      reply = { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } };
    } else if (failure >= 0) {
      reply = { status: failures.splice(failure, 1)[0]!.status, body: { message: 'Server Error' } };
    } else {
      const route = routes.map(([m, pattern, run]) => [m === method ? pattern.exec(url.pathname) : null, run] as const).find(([match]) => match);
      reply = route ? route[1](route[0]!, url.searchParams, body) : notFound;
    }
    calls.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), ...(body !== undefined ? { body } : {}), status: reply.status });
    const raw = typeof reply.body === 'string' && reply.headers?.['content-type'] !== undefined;
    const text = raw ? (reply.body as string) : JSON.stringify(reply.body);
    const headers = raw ? { ...reply.headers } : { ...reply.headers, 'content-type': 'application/json; charset=utf-8' };
    res.writeHead(reply.status, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    issues,
    calls,
    failNext: (rule) => void failures.push({ ...rule }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The subset of GitHub's search syntax we need: repo:, is:open/closed/issue, label:, and free text in title or body. */
function searchMatches(issue: FakeIssue, q: string): boolean {
  const terms = q.match(/"[^"]*"|\S+/g) ?? [];
  return terms.every((term) => {
    const [key, ...rest] = term.split(':');
    const value = rest.join(':').replace(/^"|"$/g, '');
    if (key === 'repo' && rest.length > 0) return value === `${issue.owner}/${issue.repo}`;
    if (key === 'is' && value === 'issue') return true;
    if (key === 'is' && (value === 'open' || value === 'closed')) return issue.state === value;
    if (key === 'label' && rest.length > 0) return issue.labels.includes(value);
    if (key === 'in' && rest.length > 0) return true;
    const text = term.replace(/^"|"$/g, '');
    return issue.title.includes(text) || issue.body.includes(text);
  });
}
