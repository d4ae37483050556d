/** Reads an environment variable in Deno or Node (lib/ is loaded by both runtimes). */
export function readEnv(name: string): string | undefined {
  // deno-lint-ignore no-explicit-any
  const g = globalThis as any;
  if (g.Deno?.env) return g.Deno.env.get(name) ?? undefined;
  return g.process?.env?.[name] ?? undefined;
}
