/**
 * Summarizer over an OpenAI-compatible chat-completions API (OpenAI, Azure OpenAI, vLLM, Ollama,
 * LiteLLM …): asks for a JSON object and validates it. Plain fetch; the request it is given is
 * already redacted (core/summary.ts), this adds nothing from the cluster.
 */
import { z } from 'zod';
import { errorMessage, TriagedError } from '../../domain/errors.js';
import type { FindingSummary, SummaryRequest } from '../../domain/summary.js';
import type { Summarizer } from '../../ports/summarizer.js';

export interface OpenAiCompatibleOptions {
  /** Base URL up to `/chat/completions`: `https://api.openai.com/v1`, `https://x.openai.azure.com/openai/deployments/gpt-4o`. */
  readonly url: string;
  readonly apiKey?: string;
  readonly model: string;
  /** Azure style when set: the key goes in an `api-key` header and this in the `api-version` query. */
  readonly apiVersion?: string;
  /** Default 256 KiB. */
  readonly maxResponseBytes?: number;
}

const SYSTEM_PROMPT = [
  'You help an on-call engineer understand a Kubernetes incident.',
  'You get a finding made by deterministic rules (category, evidence, proposed remediations) and excerpts of logs.',
  'Secrets, e-mail addresses and IP addresses were removed and show as [REDACTED ...].',
  'Explain the most likely root cause using only the evidence given; say so when evidence is missing.',
  'Do not change the category and do not propose cluster changes beyond the remediations listed; fix steps may include manual checks.',
  'Answer with one JSON object and nothing else:',
  '{"root_cause": string, "contributing_factors": string[], "fix_steps": string[], "prevention": string[]}',
].join('\n');

/** Over-long prose is cut rather than refused: a long answer is still an answer. */
const prose = (max: number) => z.string().trim().min(1).transform((s) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`));
const items = z.array(prose(400)).transform((list) => list.slice(0, 8));

const summarySchema = z.object({
  root_cause: prose(1200),
  contributing_factors: items,
  fix_steps: items,
  prevention: items,
});

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
});

function failed(message: string, cause?: unknown): TriagedError {
  return new TriagedError('SUMMARY_FAILED', message, cause === undefined ? {} : { cause });
}

export class OpenAiCompatibleSummarizer implements Summarizer {
  readonly name = 'openai-compatible';
  private readonly endpoint: URL;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    const base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError(`LLM url must be http(s), got ${JSON.stringify(base.protocol)}`);
    this.endpoint = new URL('chat/completions', base);
    if (options.apiVersion) this.endpoint.searchParams.set('api-version', options.apiVersion);
  }

  async summarize(request: SummaryRequest, signal: AbortSignal): Promise<FindingSummary> {
    const { apiKey, apiVersion, model } = this.options;
    const auth: Record<string, string> = apiKey === undefined ? {} : apiVersion ? { 'api-key': apiKey } : { authorization: `Bearer ${apiKey}` };
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...auth },
        body: JSON.stringify({
          model,
          temperature: 0,
          response_format: { type: 'json_object' },
          messages: [
            { role: 'system', content: SYSTEM_PROMPT },
            { role: 'user', content: JSON.stringify(request) },
          ],
        }),
        redirect: 'error',
        signal,
      });
    } catch (error) {
      throw failed(`chat completions request failed: ${errorMessage(error)}`, error);
    }
    const text = await this.readBody(response, signal);
    if (!response.ok) throw failed(`chat completions answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    return parseSummary(text);
  }

  private async readBody(response: Response, signal: AbortSignal): Promise<string> {
    const max = this.options.maxResponseBytes ?? 256 * 1024;
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > max) {
      await response.body?.cancel();
      throw failed(`chat completions answer of ${declared} bytes exceeds ${max}`);
    }
    try {
      const body = await response.arrayBuffer();
      if (body.byteLength > max) throw failed(`chat completions answer of ${body.byteLength} bytes exceeds ${max}`);
      return new TextDecoder().decode(body);
    } catch (error) {
      if (error instanceof TriagedError) throw error;
      throw failed(`chat completions answer unreadable${signal.aborted ? ' (deadline)' : ''}: ${errorMessage(error)}`, error);
    }
  }
}

/** The completion envelope, then the model's JSON inside the message content. */
export function parseSummary(text: string): FindingSummary {
  let content: string;
  try {
    content = completionSchema.parse(JSON.parse(text)).choices[0]?.message.content ?? '';
  } catch (error) {
    throw failed(`chat completions answer is not a completion: ${errorMessage(error)}`, error);
  }
  let parsed: z.output<typeof summarySchema>;
  try {
    parsed = summarySchema.parse(JSON.parse(content));
  } catch (error) {
    throw failed(`the model's answer is not the summary JSON: ${errorMessage(error).slice(0, 300)}`, error);
  }
  return { rootCause: parsed.root_cause, contributingFactors: parsed.contributing_factors, fixSteps: parsed.fix_steps, prevention: parsed.prevention };
}
