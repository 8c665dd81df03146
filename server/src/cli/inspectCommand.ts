/**
 * `socklint inspect` lives in ./inspect.ts (the inspector's own module). Until it is part of
 * the build this says so instead of failing obscurely.
 */
export async function runInspectCommand(_argv: string[]): Promise<number> {
  process.stderr.write('socklint: the inspect command is not available in this build\n');
  return 2;
}
