import * as vscode from 'vscode';

/**
 * The "Socklint LSP Trace" channel. vscode-languageclient traces only when its trace channel's log
 * level is Trace; this channel reports Trace whenever `socklint.trace.server` is not "off", so the
 * setting alone switches tracing on, and writes to a plain output channel.
 */
export class TraceChannel implements vscode.LogOutputChannel {
  readonly name = 'Socklint LSP Trace';
  private readonly channel = vscode.window.createOutputChannel(this.name);
  private readonly levelChanged = new vscode.EventEmitter<vscode.LogLevel>();
  readonly onDidChangeLogLevel = this.levelChanged.event;
  private readonly watcher = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('socklint.trace.server')) this.levelChanged.fire(this.logLevel);
  });

  get logLevel(): vscode.LogLevel {
    const setting = vscode.workspace.getConfiguration('socklint').get<string>('trace.server', 'off');
    return setting === 'off' ? vscode.LogLevel.Info : vscode.LogLevel.Trace;
  }

  private line(level: string, message: string): void {
    this.channel.appendLine(`${new Date().toISOString()} [${level}] ${message}`);
  }

  trace(message: string): void {
    this.line('trace', message);
  }
  debug(message: string): void {
    this.line('debug', message);
  }
  info(message: string): void {
    this.line('info', message);
  }
  warn(message: string): void {
    this.line('warning', message);
  }
  error(error: string | Error): void {
    this.line('error', typeof error === 'string' ? error : (error.stack ?? error.message));
  }
  append(value: string): void {
    this.channel.append(value);
  }
  appendLine(value: string): void {
    this.channel.appendLine(value);
  }
  replace(value: string): void {
    this.channel.replace(value);
  }
  clear(): void {
    this.channel.clear();
  }
  show(preserveFocus?: boolean): void;
  show(column?: vscode.ViewColumn, preserveFocus?: boolean): void;
  show(arg?: boolean | vscode.ViewColumn, preserveFocus?: boolean): void {
    if (typeof arg === 'boolean' || arg === undefined) this.channel.show(arg);
    else this.channel.show(arg, preserveFocus);
  }
  hide(): void {
    this.channel.hide();
  }
  dispose(): void {
    this.watcher.dispose();
    this.levelChanged.dispose();
    this.channel.dispose();
  }
}
