// The command ids of the editor's live features (package.json contributes the user-facing ones).
export const SHOW_SITES_COMMAND = 'socklint.live.showSites';
export const WATCH_LINE_COMMAND = 'socklint.live.watchLine';
export const CLEAR_STALE_COMMAND = 'socklint.live.clearStale';

/** The source of the live diagnostics (the lint findings' source is "socklint"). */
export const LIVE_SOURCE = 'socklint live';
export const LINT_SOURCE = 'socklint';

export const WATCH_TITLE = 'Watch this line live';
