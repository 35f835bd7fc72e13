/**
 * The one door to the Kubernetes API for our adapters: a KubeConfig (kubeconfig file, default
 * chain, in-cluster, or an explicit server URL), client-node's own HTTP stack for auth and TLS,
 * raw JSON in and out (objects stay as the API serves them), and a client-side rate limit.
 */
import { HttpMethod, IsomorphicFetchHttpLibrary, KubeConfig, RequestContext } from '@kubernetes/client-node';
import PQueue from 'p-queue';

export interface RateLimit {
  /** Sustained requests per second. */
  readonly qps: number;
  /** Requests allowed at once before the rate applies. */
  readonly burst: number;
}

export interface KubeClientOptions {
  /** A kubeconfig file; otherwise KUBECONFIG, ~/.kube/config or the in-cluster service account. */
  readonly kubeconfigPath?: string;
  /** An explicit API server URL (tests, `kubectl proxy`): no credentials. */
  readonly server?: string;
  readonly rateLimit?: RateLimit;
}

export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly signal?: AbortSignal | undefined;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

export interface KubeClient {
  readonly kubeConfig: KubeConfig;
  /** Sends one request through the rate limit; resolves with any HTTP status, rejects on network errors. */
  request(request: ApiRequest): Promise<ApiResponse>;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { qps: 20, burst: 40 };

export function loadKubeConfig(options: Pick<KubeClientOptions, 'kubeconfigPath' | 'server'>): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (options.server !== undefined) {
    // client-node refuses plain http unless TLS verification is declared off; there is no TLS to verify then.
    const plainHttp = options.server.startsWith('http:');
    kubeConfig.loadFromClusterAndUser({ name: 'explicit', server: options.server, skipTLSVerify: plainHttp }, { name: 'anonymous' });
  } else if (options.kubeconfigPath !== undefined) {
    kubeConfig.loadFromFile(options.kubeconfigPath);
  } else {
    kubeConfig.loadFromDefault();
  }
  return kubeConfig;
}

export function createKubeClient(options: KubeClientOptions = {}): KubeClient {
  const kubeConfig = loadKubeConfig(options);
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const { qps, burst } = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  if (!(qps > 0) || !(burst >= 1)) throw new Error(`rate limit needs qps > 0 and burst >= 1, got qps=${qps} burst=${burst}`);
  // A window of `burst` requests per burst/qps seconds: bursts up to `burst`, averages `qps`.
  const queue = new PQueue({ intervalCap: Math.floor(burst), interval: Math.ceil((Math.floor(burst) / qps) * 1000) });
  const http = new IsomorphicFetchHttpLibrary();

  async function send(request: ApiRequest): Promise<ApiResponse> {
    const url = new URL(cluster!.server.replace(/\/$/, '') + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const context = new RequestContext(url.toString(), HttpMethod[request.method]);
    context.setHeaderParam('Accept', 'application/json, */*');
    if (request.body !== undefined) {
      context.setHeaderParam('Content-Type', request.contentType ?? 'application/json');
      context.setBody(JSON.stringify(request.body));
    }
    if (request.signal) context.setSignal(request.signal);
    await kubeConfig.applySecurityAuthentication(context);
    const response = await http.send(context).toPromise();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) headers[name.toLowerCase()] = value;
    return { status: response.httpStatusCode, headers, text: await response.body.text() };
  }

  return {
    kubeConfig,
    request: (request) => queue.add(() => send(request), request.signal ? { signal: request.signal } : {}),
  };
}
