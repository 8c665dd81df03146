import { formatSize, type ResolvedConfig, type RuleSetting } from '../core/config';
import { analyzeSourceFile, isStackOverflow, mightTouchSockets, resetParserState, TOO_DEEP, type InternalError } from '../core/engine';
import { defaultOptions, type Finding, type Rule } from '../core/rule';
import { Workspace } from '../core/workspace';
import type { ProjectService } from '../project/projectService';
import { fileOverrides, type Settings } from './settings';
import { customizeSeverity, type EditorSeverity } from './severity';

export interface DocumentAnalysis {
  findings: Finding[];
  /** The editor severity of every rule (config, then settings). */
  severities: Map<string, EditorSeverity>;
  internalErrors: InternalError[];
  configError?: string;
  /** Set when the whole analysis failed (the document then shows no findings). */
  failure?: string;
  /** Why the document was not analysed (too large, nested too deeply); it then shows no findings. */
  notChecked?: string;
  ignored: boolean;
  timeMs: number;
  /** Where the time went: pushing the text into the Project, rebuilding program and type checker, running the rules. */
  phases: { updateMs: number; programMs: number; rulesMs: number };
}

/** The text's size in UTF-8 bytes when it is above `limit`, else undefined (without encoding a text that is clearly below). */
function byteLengthAbove(text: string, limit: number): number | undefined {
  if (text.length * 3 <= limit) return undefined; // at most 3 bytes per UTF-16 unit
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > limit ? bytes : undefined;
}

/**
 * The workspace as the editor sees it: projects looked up to the innermost workspace folder, and
 * installed packages opened while browsing (go to definition) ignored, as not the user's code.
 */
export function editorWorkspace(rules: readonly Rule[], folders: () => readonly string[]): Workspace {
  return new Workspace(rules, { folders, ignoreInstalledPackages: true });
}

/** Runs the engine on a document's live text with the configuration and settings that apply to it. */
export class Analyzer {
  constructor(
    private readonly rules: readonly Rule[],
    private readonly projects: ProjectService,
    private readonly workspace: Workspace,
  ) {}

  analyse(filePath: string, text: string, settings: Settings): DocumentAnalysis {
    const started = performance.now();
    const file = this.workspace.file(filePath, fileOverrides(settings));
    const { config, configError } = file;
    const severities = new Map<string, EditorSeverity>();
    for (const rule of this.rules) {
      const configured = config.rules.get(rule.meta.id)?.severity ?? rule.meta.defaultSeverity;
      severities.set(rule.meta.id, customizeSeverity(rule.meta.id, configured, settings.customizations));
    }
    const phases = { updateMs: 0, programMs: 0, rulesMs: 0 };
    const result: DocumentAnalysis = { findings: [], severities, internalErrors: [], configError, ignored: false, timeMs: 0, phases };
    const limit = file.sizeLimit;
    const size = limit > 0 ? byteLengthAbove(text, limit) : undefined;
    if (file.ignored) {
      result.ignored = true;
    } else if (size !== undefined) {
      // Before the Project sees the text: parsing and type-querying a bundle takes seconds and gigabytes.
      result.notChecked = `${formatSize(size)}, larger than the limit of ${formatSize(limit)} (setting socklint.maxFileSizeKb, or maxFileSize in socklint.config.json)`;
    } else {
      try {
        let mark = performance.now();
        const sourceFile = this.projects.sourceFile(filePath, text);
        const nodeVersion = file.nodeVersion();
        phases.updateMs = performance.now() - mark;
        mark = performance.now();
        // The rules' type queries would rebuild these lazily anyway; done here so the cost shows on its own.
        if (mightTouchSockets(text)) void sourceFile.getProject().getTypeChecker().compilerObject;
        phases.programMs = performance.now() - mark;
        mark = performance.now();
        const engineResult = analyzeSourceFile(sourceFile, { rules: this.rules, config: this.engineConfig(config, severities), nodeVersion });
        phases.rulesMs = performance.now() - mark;
        result.findings = engineResult.findings;
        result.internalErrors = engineResult.internalErrors;
        result.notChecked = engineResult.notChecked;
      } catch (e) {
        if (isStackOverflow(e)) {
          resetParserState();
          result.notChecked = `${TOO_DEEP} (the parser ran out of stack)`;
        } else result.failure = (e as Error)?.stack ?? String(e);
      }
    }
    result.timeMs = performance.now() - started;
    return result;
  }

  /** The configuration the engine runs with: rules off in the editor are skipped (options come with the file's configuration). */
  private engineConfig(config: ResolvedConfig, severities: Map<string, EditorSeverity>): ResolvedConfig {
    const rules = new Map<string, RuleSetting>();
    for (const rule of this.rules) {
      const id = rule.meta.id;
      const editor = severities.get(id) ?? 'off';
      rules.set(id, {
        severity: editor === 'off' ? 'off' : editor === 'info' ? 'warn' : editor,
        options: config.rules.get(id)?.options ?? defaultOptions(rule),
      });
    }
    return { ...config, rules };
  }
}
