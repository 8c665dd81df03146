// The panel's static markup, embedded by the host into the webview's HTML. Ids and data
// attributes here are what the webview script fills in and what UI tests select.
export const LAYOUT_HTML = /* html */ `
<header class="bar">
  <div class="who">
    <span id="status" class="status" data-status="detached">detached</span>
    <span id="target" class="target">No process attached</span>
  </div>
  <div class="actions">
    <label class="toggle" title="Record where each new socket is created (diagnostics_channel; about 20% slower connects)">
      <input type="checkbox" id="trace-sites"> creation sites
    </label>
    <button id="detach" class="secondary" hidden>Detach</button>
    <button id="reattach" hidden>Re-attach</button>
    <button id="attach-new" class="secondary">Attach…</button>
    <button id="export-json" class="secondary" title="Save the current snapshot as JSON">Export JSON</button>
    <button id="export-md" class="secondary" title="Save the current snapshot as a markdown report">Export report</button>
  </div>
</header>
<section id="verdict" class="verdict" data-ok="" hidden>
  <p id="verdict-line" class="verdict-line"></p>
  <ul id="verdict-more" class="verdict-more"></ul>
  <p id="verdict-hint" class="hint" hidden></p>
  <p id="trends" class="hint" hidden></p>
</section>
<p id="status-message" class="message" hidden></p>
<p id="sample-notes" class="message" hidden></p>

<section class="cards">
  <div class="card"><span class="value" id="socket-total" data-value="0">–</span><span class="label" id="socket-total-label">sockets</span></div>
  <div class="card"><span class="value" id="tcp-established">–</span><span class="label">ESTABLISHED</span></div>
  <div class="card"><span class="value" id="tcp-close-wait">–</span><span class="label">CLOSE_WAIT</span></div>
  <div class="card"><span class="value"><span id="fds-open">–</span> / <span id="fds-limit">–</span></span><span class="label">fds / limit</span></div>
  <div class="card"><span class="value" id="no-timeout">–</span><span class="label">no timeout</span><span class="label" id="no-timeout-covered"></span></div>
  <div class="card"><span class="value" id="no-error-listener">–</span><span class="label">no 'error' listener</span></div>
  <div class="card"><span class="value" id="sample-cost">–</span><span class="label">ms / sample</span></div>
</section>

<section class="charts">
  <div class="chart" id="chart-tcp" data-points="0"><h2>Sockets by TCP state <span class="hint">(drag across it: which sites grew)</span></h2><div class="plot"></div>
    <div id="range-sites" class="range-sites" hidden>
      <p><span id="range-title"></span> <button id="clear-range" class="secondary">Clear</button></p>
      <ul id="range-list"></ul>
    </div>
  </div>
  <div class="chart" id="chart-handles" data-points="0"><h2>Active handles</h2><div class="plot"></div></div>
  <div class="chart" id="chart-fds" data-points="0"><h2>File descriptors <span class="hint">(log scale)</span></h2><div class="plot"></div></div>
  <div class="chart" id="chart-memory" data-points="0"><h2>Memory (MiB)</h2><div class="plot"></div></div>
</section>

<section class="panel-section" id="groups-section" hidden>
  <h2>Groups <span class="hint">(CLOSE_WAIT, and ESTABLISHED without traffic for 60 s)</span></h2>
  <ul id="verdicts" class="verdicts"></ul>
  <table id="groups-table" class="grid">
    <thead><tr><th>state</th><th>peer</th><th>local port</th><th>sockets</th><th>with unread data</th><th>unread bytes</th><th>idle</th></tr></thead>
    <tbody></tbody>
  </table>
</section>

<section class="panel-section">
  <h2>Servers</h2>
  <table id="servers-table" class="grid">
    <thead><tr><th>address</th><th>kind</th><th>connections</th><th>timeout</th><th>keepAliveTimeout</th><th>headersTimeout</th><th>requestTimeout</th></tr></thead>
    <tbody></tbody>
  </table>
</section>

<section class="panel-section">
  <h2>Agent pools</h2>
  <table id="agents-table" class="grid">
    <thead><tr><th>origin</th><th>agent</th><th>keep-alive</th><th>active</th><th>free</th><th>queued</th><th>maxSockets</th><th>timeout</th></tr></thead>
    <tbody></tbody>
  </table>
</section>

<section class="panel-section">
  <h2>Creation sites</h2>
  <p id="sites-hint" class="hint">Switch on “creation sites” to record where new sockets are created.</p>
  <table id="sites-table" class="grid">
    <thead><tr><th>site</th><th>kind</th><th>open</th><th>created</th></tr></thead>
    <tbody></tbody>
  </table>
</section>

<section class="panel-section">
  <h2>Sockets <span id="sockets-shown" class="hint"></span></h2>
  <div class="filters">
    <label><input type="checkbox" data-filter="noTimeout"> no timeout</label>
    <label><input type="checkbox" data-filter="noErrorListener"> no error listener</label>
    <label><input type="checkbox" data-filter="closeWait"> CLOSE_WAIT</label>
    <label><input type="checkbox" data-filter="idle60"> idle &gt; 60 s</label>
    <input type="search" id="socket-search" placeholder="filter by address, owner, site…">
    <span id="site-filter" class="site-filter" hidden>created at <code id="site-filter-label"></code> <button id="clear-site-filter" class="secondary" title="Show the sockets of every site">×</button></span>
    <button id="refresh-sockets" class="secondary">Refresh</button>
    <button id="more-sockets" class="secondary" hidden>Load more</button>
  </div>
  <table id="sockets-table" class="grid sortable">
    <thead><tr>
      <th data-sort="fd">fd</th><th data-sort="kind">kind</th><th data-sort="local">local</th><th data-sort="remote">remote</th>
      <th data-sort="state">state</th><th data-sort="ageMs">age</th><th data-sort="idleMs">idle</th><th data-sort="timeout">timeout</th>
      <th data-sort="listeners">listeners</th><th data-sort="bytes">bytes r/w</th><th data-sort="owner">owner</th><th data-sort="site">site</th>
    </tr></thead>
    <tbody></tbody>
  </table>
</section>
`;
