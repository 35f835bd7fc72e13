/** `triaged capture` and `triaged investigate`: not built yet (issue: playbooks with real evidence sources). */
export async function runOneShot(command: string, _args: readonly string[], io: { stderr: (s: string) => void }): Promise<number> {
  io.stderr(`triaged ${command}: not built yet`);
  return 2;
}
