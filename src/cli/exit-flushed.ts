// How every `signoff` command ends.

/**
 * Exits once standard output and error have handed all that was written to them to the system:
 * on Linux a pipe is written asynchronously, and process.exit drops what is still queued (under
 * load, a reader of `signoff audit export | …` got a cut document). A write's callback runs after
 * the writes before it.
 */
export async function exitFlushed(code: number): Promise<never> {
  await Promise.all(
    [process.stdout, process.stderr].map((s) => new Promise<void>((resolve) => (s.writableLength === 0 ? resolve() : s.write('', () => resolve())))),
  );
  process.exit(code);
}
