/** What an optional LLM summary of a finding holds: prose beside the rules' finding, never a decision. */
export interface FindingSummary {
  readonly rootCause: string;
  readonly contributingFactors: readonly string[];
  readonly fixSteps: readonly string[];
  readonly prevention: readonly string[];
}
