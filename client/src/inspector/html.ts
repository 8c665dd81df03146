// The panel's HTML document (no vscode import: the webview tests load the same document).
import { LAYOUT_HTML } from './webview/layout';

export interface PanelHtmlOptions {
  /** The webview's cspSource: where its scripts and styles may come from. */
  cspSource: string;
  /** A fresh random value per document; only the script carrying it runs. */
  nonce: string;
  /** URL of a file in dist/ (webview.js, webview.css, uPlot.min.css). */
  asset: (name: string) => string;
}

export function panelHtml({ cspSource, nonce, asset }: PanelHtmlOptions): string {
  const csp = ["default-src 'none'", `style-src ${cspSource}`, `img-src ${cspSource} data:`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${asset('uPlot.min.css')}" rel="stylesheet">
<link href="${asset('webview.css')}" rel="stylesheet">
<title>Socklint Inspector</title>
</head>
<body>
${LAYOUT_HTML}
<script nonce="${nonce}" src="${asset('webview.js')}"></script>
</body>
</html>`;
}
