/**
 * Kubernetes resource quantities ("256Mi", "500m", "1e3", "251347812n"): parsed to base units
 * (bytes, cores) and formatted back, rounded up, as a person would write a limit.
 */
const SUFFIX_FACTORS: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

// The exponent form is tried first so that "1e3" is 1000 while "1E" stays one exa.
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/** Bytes for memory, cores for CPU; undefined when the text is not a quantity. */
export function parseQuantity(text: string | number | undefined | null): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined;
  if (typeof text !== 'string') return undefined;
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  const [, digits, exponent, suffix] = match;
  const value = Number(digits) * (exponent === undefined ? (SUFFIX_FACTORS[suffix ?? ''] ?? 1) : 10 ** Number(exponent));
  return Number.isFinite(value) ? value : undefined;
}

const KI = 2 ** 10;
const MI = 2 ** 20;
const GI = 2 ** 30;

function ceilTo(value: number, step: number): number {
  // A tiny tolerance keeps 256Mi from becoming 257Mi through floating-point noise.
  return Math.ceil(value / step - 1e-9) * step;
}

function trimDecimals(value: number): string {
  return String(Number(value.toFixed(2)));
}

/** A byte count as people read it, rounded up: "980Ki", "251Mi", "1.25Gi". */
export function formatBytes(bytes: number): string {
  if (bytes < MI) return `${Math.max(0, Math.ceil(bytes / KI - 1e-9))}Ki`;
  if (bytes < GI) return `${Math.ceil(bytes / MI - 1e-9)}Mi`;
  return `${trimDecimals(ceilTo(bytes, GI / 100) / GI)}Gi`;
}

/** A memory limit for at least `bytes`: rounded up to a step that suits its size (384Mi, 1.5Gi, 12Gi). */
export function roundUpBytes(bytes: number): string {
  if (bytes <= 128 * MI) return `${ceilTo(Math.max(bytes, MI), 8 * MI) / MI}Mi`;
  if (bytes <= GI) return `${ceilTo(bytes, 32 * MI) / MI}Mi`;
  if (bytes <= 8 * GI) return `${trimDecimals(ceilTo(bytes, GI / 4) / GI)}Gi`;
  return `${ceilTo(bytes, GI) / GI}Gi`;
}

/** A core count as people read it, rounded up: "250m", "1500m", "2". */
export function formatCores(cores: number): string {
  const millicores = Math.max(0, Math.ceil(cores * 1000 - 1e-6));
  return millicores % 1000 === 0 && millicores > 0 ? String(millicores / 1000) : `${millicores}m`;
}

/** A CPU limit for at least `cores`: 50m steps below one core, 100m steps above. */
export function roundUpCores(cores: number): string {
  const step = cores <= 1 ? 0.05 : 0.1;
  return formatCores(ceilTo(Math.max(cores, 0.05), step));
}
