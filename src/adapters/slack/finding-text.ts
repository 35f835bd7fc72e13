/** A finding as plain text: what the log notifier writes and the demo prints (no SDK, no markup). */
import type { FindingMessage } from '../../ports/notifier.js';
import { approvalStatus, viewFinding, type RenderOptions } from './finding-view.js';

export function renderFindingText(message: FindingMessage, options: RenderOptions = {}): string {
  const view = viewFinding(message, options);
  const lines = [`[${view.severity.toUpperCase()}] ${view.title}`, view.facts.map(([label, value]) => `${label}: ${value}`).join(' | '), '', view.summary];
  const section = (heading: string, items: readonly string[]): void => {
    if (items.length > 0) lines.push('', heading, ...items.map((item) => `  - ${item}`));
  };
  section('Evidence:', view.evidence);
  if (view.llmSummary) {
    lines.push('', "AI summary (an LLM on the redacted evidence; the category and remediations are the rules'):");
    for (const [heading, items] of view.llmSummary) lines.push(`  ${heading}:`, ...items.map((item) => `    - ${item}`));
  }
  section('Missing evidence:', view.missing);
  section('Steps:', view.timeline);
  section(
    'Proposed remediations:',
    view.proposals.map(({ approval, title, rationale }) => `${title} [${approvalStatus(approval, (id) => id) ?? `awaiting approval, id ${approval.id}`}]: ${rationale}`),
  );
  lines.push('', view.footer);
  return lines.join('\n');
}
