/** `tokenfold wrap`: not built yet (placeholder so the CLI compiles; its issue's work replaces this file). @module */
export async function run(_args: string[]): Promise<number> {
  process.stderr.write("tokenfold: 'wrap' is not built yet\n");
  return 1;
}
