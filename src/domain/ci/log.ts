/**
 * Reading a GitHub Actions job log: strips the BOM and each line's RFC 3339 timestamp, follows
 * `##[group]Run …` to know which step a line belongs to, and drops the runner's group markers.
 */
export interface LogLine {
  /** 1-based, in the text given. */
  readonly n: number;
  readonly step?: string;
  readonly text: string;
  /** `##[error]` annotations, with the marker removed from `text`. */
  readonly error: boolean;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}) ?/;
const STEP_START = /^##\[group\]Run (.+)$/;
const MARKER = /^##\[(?:group|endgroup)\]/;
const ERROR = /^##\[error\]/;

export function readJobLog(text: string): LogLine[] {
  const lines: LogLine[] = [];
  let step: string | undefined;
  const raw = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  raw.forEach((rawLine, index) => {
    // eslint-disable-next-line no-control-regex
    const line = rawLine.replace(TIMESTAMP, '').replace(/\x1b\[[0-9;]*m/g, '');
    const start = STEP_START.exec(line);
    if (start) step = start[1]?.trim();
    if (MARKER.test(line)) return;
    const error = ERROR.test(line);
    const body = error ? line.replace(ERROR, '') : line;
    if (body.trim() === '') return;
    lines.push({ n: index + 1, ...(step ? { step } : {}), text: body, error });
  });
  return lines;
}
