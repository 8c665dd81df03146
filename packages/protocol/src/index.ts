// @socklint/protocol: what socklint's parts say to each other. This entry: the language client ↔
// server messages (lsp.ts). The inspector panel's messages (extension host ↔ webview) are
// `@socklint/protocol/webview`, apart: the webview's browser bundle must not load the LSP library.
export * from './lsp';
