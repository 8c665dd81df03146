// `socklint inspect` as its own process for the tests that signal or kill it: the CLI's code
// straight from the sources (no build needed), with the real process's signals and streams.
import { runInspect } from '../../../server/src/cli/inspect';

runInspect(process.argv.slice(2)).then((code) => process.exit(code));
