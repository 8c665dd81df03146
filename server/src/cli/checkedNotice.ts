import { shownPath } from '../core/runner';

/**
 * What a run did not check, said on stderr: build-output folders skipped by default (with how to
 * include them), and a run that checked no file at all (which would otherwise look like a clean one).
 */
export function checkedNotice(skippedFolders: readonly string[], filesChecked: number, paths: readonly string[], cwd: string): string[] {
  const lines: string[] = [];
  if (skippedFolders.length > 0) {
    const names = [...new Set(skippedFolders.map((f) => f.split(/[\\/]/).pop()!))];
    const one = skippedFolders.length === 1;
    const example = shownPath(cwd, skippedFolders[0]);
    lines.push(
      `skipped ${skippedFolders.length} folder${one ? '' : 's'} by default (${names.join(', ')}: build output): ` +
        `name ${one ? 'it' : 'them'} to check ${one ? 'it' : 'them'}, e.g. socklint check ${example}`,
    );
  }
  if (filesChecked === 0) {
    const where = paths.length > 0 ? paths.join(' ') : '.';
    lines.push(`no files checked: no JavaScript or TypeScript file to check in ${where}`);
  }
  return lines;
}
