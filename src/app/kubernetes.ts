/** The Kubernetes adapter from the config, with a load failure reported as a config error naming the kubeconfig. */
import { createKubernetesAdapter, type KubernetesAdapter } from '../adapters/kubernetes/index.js';
import { errorMessage, TriagedError } from '../domain/errors.js';
import type { Config } from './config.js';

export function kubernetesFromConfig(config: Config, server?: string): KubernetesAdapter {
  try {
    return createKubernetesAdapter({ ...(server ? { server } : {}), ...(config.KUBECONFIG ? { kubeconfigPath: config.KUBECONFIG } : {}) });
  } catch (error) {
    const where = config.KUBECONFIG ? `KUBECONFIG (${config.KUBECONFIG})` : 'the default kubeconfig or in-cluster service account';
    throw new TriagedError('CONFIG_INVALID', `cannot load ${where}: ${errorMessage(error)}`, { cause: error });
  }
}
