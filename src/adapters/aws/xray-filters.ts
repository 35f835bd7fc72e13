/** X-Ray filter expressions a playbook asks with, names quoted so a service name cannot change the filter. */

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Traces in which `service` faulted (5xx) or answered slower than `slowerThanSeconds`. With `type`
 * (`AWS::EKS::Container`) the same-named `client` node of the service graph cannot match.
 */
export function faultyOrSlowTraces(service: string, slowerThanSeconds = 1, type?: string): string {
  if (!(slowerThanSeconds > 0)) throw new RangeError(`slowerThanSeconds must be positive, got ${slowerThanSeconds}`);
  const id = type === undefined ? quote(service) : `id(name: ${quote(service)}, type: ${quote(type)})`;
  return `service(${id}) { fault = true OR responsetime > ${slowerThanSeconds} }`;
}
