/** The assistant's settings read from the config (docs/assistant.md): right-sizing factors and prices, auto-restart list. */
import type { RightsizingOptions } from '../domain/rightsizing.js';
import type { Config } from './config.js';

export function rightsizingOptionsFromConfig(config: Config): RightsizingOptions {
  const cpuLimit = config.TRIAGED_RIGHTSIZING_CPU_LIMIT_FACTOR;
  return {
    factors: {
      cpuRequest: config.TRIAGED_RIGHTSIZING_CPU_REQUEST_FACTOR,
      memoryRequest: config.TRIAGED_RIGHTSIZING_MEMORY_REQUEST_FACTOR,
      cpuLimit: cpuLimit === 'none' ? null : cpuLimit,
      memoryLimit: config.TRIAGED_RIGHTSIZING_MEMORY_LIMIT_FACTOR,
    },
    prices: { vcpuHour: config.TRIAGED_PRICE_VCPU_HOUR, gibHour: config.TRIAGED_PRICE_GIB_HOUR },
    minCoverageSeconds: config.TRIAGED_RIGHTSIZING_MIN_HOURS * 3600,
    minSamples: 100,
    tolerance: 0.1,
  };
}
