import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Project, SourceFile } from 'ts-morph';
import { fixText } from './autofix';
import { formatSize, type ResolvedConfig } from './config';
import { discoverFiles } from './discover';
import { analyzeSourceFile, isStackOverflow, mightTouchSockets, resetParserState, TOO_DEEP } from './engine';
import type { NodeVersionInfo } from './nodeVersion';
import { createProject, disposeProject } from './project';
import { autoFixOf, type Finding, type Rule } from './rule';
import { Workspace, type WorkspaceFile } from './workspace';

export interface RunOptions {
  /** Files or folders, relative to `cwd`. */
  paths: readonly string[];
  cwd: string;
  rules: readonly Rule[];
  /** An explicit configuration file used for every file instead of the nearest one. */
  configFile?: string;
  /** Overrides the Node.js version (otherwise engines.node, then the config's nodeVersion). */
  nodeVersion?: string;
  /** Compute fixed texts (applied pass after pass); the caller writes them. */
  fix?: boolean;
  /** Files larger than this many bytes are skipped (0: no limit); overrides the config's maxFileSize. */
  maxFileSize?: number;
  /** Called after each file. */
  onProgress?: (done: number, total: number) => void;
  /** The most source text (bytes) one project holds at a time (default 4 MB). */
  pieceBytes?: number;
}

export interface FileOutcome {
  /** Absolute path. */
  filePath: string;
  findings: Finding[];
  /** With `fix`: the fixed text when it differs from the file's. */
  fixedText?: string;
  /** With `fix`: how many of the file's problems the fixes made go away. */
  problemsFixed?: number;
}

export interface RuleFailure {
  ruleId: string;
  message: string;
  /** The first file where the rule threw, and how many files it threw on. */
  filePath: string;
  count: number;
}

export interface RunResult {
  files: FileOutcome[];
  warnings: string[];
  /** Rules that threw, once per rule. */
  internalErrors: RuleFailure[];
  /** Build-output folders skipped by default (absolute paths): the CLI says so and how to include them. */
  skippedFolders: string[];
}

export interface FileInput {
  filePath: string;
  text: string;
  config: ResolvedConfig;
  nodeVersion: () => NodeVersionInfo;
}

function readInput(filePath: string, shown: string, file: WorkspaceFile, warnings: string[]): string | undefined {
  try {
    const size = fs.statSync(filePath).size;
    if (file.tooLarge(size)) {
      warnings.push(`${shown}: not checked: ${formatSize(size)}, larger than the limit of ${formatSize(file.sizeLimit)} (maxFileSize, --max-file-size)`);
      return undefined;
    }
    const buffer = fs.readFileSync(filePath);
    if (buffer.includes(0)) {
      warnings.push(`${shown}: binary file (contains NUL bytes), skipped`);
      return undefined;
    }
    return buffer.toString('utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    warnings.push(`${shown}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}), skipped`);
    return undefined;
  }
}

function parseProblem(sourceFile: SourceFile, shown: string): string | undefined {
  const diagnostics = (sourceFile.compilerNode as unknown as { parseDiagnostics?: Array<{ start?: number; messageText: unknown }> }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (!first) return undefined;
  const { line, column } = sourceFile.getLineAndColumnAtPos(first.start ?? 0);
  const text = typeof first.messageText === 'string' ? first.messageText : 'syntax error';
  return `${shown}:${line}:${column}: syntax error (${text}); checked what could be parsed`;
}

/** A path as the user sees it in messages: relative to where they ran the command. */
export function shownPath(cwd: string, filePath: string): string {
  const rel = path.relative(cwd, filePath);
  return rel && !rel.startsWith('..') ? rel : filePath;
}

/** A project's candidate files (those the prefilter keeps), in discovery order; `configPath` '' is the inferred project. */
export interface ProjectGroup {
  configPath: string;
  inputs: FileInput[];
}

/** A discovered file settled while reading: ruled out by the prefilter (an empty outcome) or skipped with a warning. */
export interface SettledFile {
  filePath: string;
  outcome?: FileOutcome;
  warning?: string;
}

/**
 * What a run will do, before any project is built: discovery, configuration, reading and the
 * prefilter done. runCheck executes all of it; `--shard` and `--jobs` split `groups` first.
 */
export interface CheckPlan {
  discoveryWarnings: string[];
  skippedFolders: string[];
  settled: SettledFile[];
  groups: ProjectGroup[];
  /** Files discovered, and how many planning has already finished (ignored or settled), for progress. */
  total: number;
  done: number;
}

/** A candidate file's own part of the result, kept apart so that any split of a group reassembles in one order. */
export interface FileRecord {
  filePath: string;
  outcome?: FileOutcome;
  /** Set when the file could not be parsed at all (reported with the group's parse warnings, before the checks'). */
  parseWarning?: string;
  warnings: string[];
  failures: { ruleId: string; message: string }[];
}

/** A slice of one group, checked in one project: `records[k]` belongs to `inputs[indices[k]]`. */
export interface GroupPieceResult {
  group: number;
  indices: number[];
  projectWarning?: string;
  records: FileRecord[];
}

/**
 * Discovery, configuration, reading and the prefilter. Throws PathError for a missing path and
 * ConfigError for an invalid configuration.
 */
export function planCheck(options: RunOptions): CheckPlan {
  const { files: discovered, warnings, skippedFolders } = discoverFiles(options.paths, options.cwd);
  const configFile = options.configFile && path.resolve(options.cwd, options.configFile);
  const workspace = new Workspace(options.rules, { configFile, strict: true });
  // An invalid explicit configuration stops the run before any file is read.
  if (configFile) workspace.configOf(configFile);
  const plan: CheckPlan = { discoveryWarnings: warnings, skippedFolders, settled: [], groups: [], total: discovered.length, done: 0 };

  // Group candidate files by project configuration; files the prefilter rules out need no project.
  const groups = new Map<string, FileInput[]>();
  for (const filePath of discovered) {
    const file = workspace.file(filePath, { nodeVersion: options.nodeVersion, maxFileSize: options.maxFileSize });
    if (file.ignored) {
      options.onProgress?.(++plan.done, plan.total);
      continue;
    }
    const readWarnings: string[] = [];
    const text = readInput(filePath, shownPath(options.cwd, filePath), file, readWarnings);
    if (text === undefined || !mightTouchSockets(text)) {
      plan.settled.push({ filePath, outcome: text !== undefined ? { filePath, findings: [] } : undefined, warning: readWarnings[0] });
      options.onProgress?.(++plan.done, plan.total);
      continue;
    }
    // Files without a tsconfig (installed packages among them) share one inferred project: one copy of lib and @types/node.
    const key = workspace.projectConfigOf(filePath) ?? '';
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push({ filePath, text, config: file.config, nodeVersion: file.nodeVersion });
  }
  plan.groups = [...groups].map(([configPath, inputs]) => ({ configPath, inputs }));
  return plan;
}

/** A plan of one group from files another thread read and planned (a worker thread's share of the run). */
export function planOfGroup(configPath: string, files: readonly { filePath: string; text: string }[], options: RunOptions): CheckPlan {
  const configFile = options.configFile && path.resolve(options.cwd, options.configFile);
  const workspace = new Workspace(options.rules, { configFile, strict: true });
  const inputs = files.map(({ filePath, text }) => {
    const file = workspace.file(filePath, { nodeVersion: options.nodeVersion, maxFileSize: options.maxFileSize });
    return { filePath, text, config: file.config, nodeVersion: file.nodeVersion };
  });
  return { discoveryWarnings: [], skippedFolders: [], settled: [], groups: [{ configPath, inputs }], total: inputs.length, done: 0 };
}

/**
 * The most source text one project holds at a time. A program's memory grows with its files, and
 * a large program makes every type query dearer: more files than this are checked in runs of
 * consecutive files (a folder's files stay together), one project after the other.
 */
const PIECE_BYTES = 4_000_000;

/** Runs of consecutive entries of `indices` whose files hold at most `limit` bytes of text each. */
export function runsOf(inputs: readonly { text: string }[], indices: readonly number[], limit = PIECE_BYTES): number[][] {
  const runs: number[][] = [];
  let current: number[] = [];
  let size = 0;
  for (const i of indices) {
    if (current.length > 0 && size + inputs[i].text.length > limit) {
      runs.push(current);
      current = [];
      size = 0;
    }
    current.push(i);
    size += inputs[i].text.length;
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/** Checks some files of one group (`indices` into its inputs, in order), in one project per run of PIECE_BYTES. */
export function checkGroupPiece(plan: CheckPlan, group: number, indices: readonly number[], options: RunOptions, onFile?: () => void): GroupPieceResult {
  const { configPath, inputs } = plan.groups[group];
  const records: FileRecord[] = [];
  let projectWarning: string | undefined;
  for (const run of runsOf(inputs, indices, options.pieceBytes)) {
    const { project, warning } = createProject(configPath || undefined, options.cwd);
    projectWarning ??= warning;
    try {
      // From disk, not createSourceFile(…, { overwrite: true }): that parses the file on disk first and
      // then the given text again (twice the parse time on a large corpus). All files first: one program.
      const chosen = run.map((i) => inputs[i]);
      const first = records.length;
      const sourceFiles = chosen.map((input) => {
        const record: FileRecord = { filePath: input.filePath, warnings: [], failures: [] };
        records.push(record);
        return parseOne(project, input, options, record);
      });
      chosen.forEach((input, k) => {
        const sourceFile = sourceFiles[k];
        if (sourceFile) records[first + k].outcome = checkIsolated(project, sourceFile, input, options, records[first + k]);
        onFile?.();
      });
    } finally {
      disposeProject(project);
    }
  }
  return { group, indices: [...indices], projectWarning, records };
}

/**
 * The run's result from the plan and its groups' pieces, in the order one sequential run gives:
 * discovery and reading warnings, then per group its project's warning, the files it could not
 * parse, and each file's warnings; the first failure of a rule is the first in that order.
 */
export function assembleResult(plan: CheckPlan, pieces: readonly GroupPieceResult[]): RunResult {
  const result: RunResult = { files: [], warnings: [...plan.discoveryWarnings], internalErrors: [], skippedFolders: plan.skippedFolders };
  for (const settled of plan.settled) {
    if (settled.warning) result.warnings.push(settled.warning);
    if (settled.outcome) result.files.push(settled.outcome);
  }
  const failures = new Map<string, RuleFailure>();
  const byGroup = new Map<number, GroupPieceResult[]>();
  for (const piece of pieces) byGroup.set(piece.group, [...(byGroup.get(piece.group) ?? []), piece]);
  for (const group of [...byGroup.keys()].sort((a, b) => a - b)) {
    const groupPieces = byGroup.get(group)!;
    const projectWarning = groupPieces.find((p) => p.projectWarning)?.projectWarning;
    if (projectWarning) result.warnings.push(projectWarning);
    const records = groupPieces
      .flatMap((p) => p.records.map((record, k) => ({ index: p.indices[k], record })))
      .sort((a, b) => a.index - b.index)
      .map((r) => r.record);
    for (const record of records) if (record.parseWarning) result.warnings.push(record.parseWarning);
    for (const record of records) {
      result.warnings.push(...record.warnings);
      if (record.outcome) result.files.push(record.outcome);
      for (const failure of record.failures) {
        const known = failures.get(failure.ruleId);
        if (known) known.count++;
        else failures.set(failure.ruleId, { ruleId: failure.ruleId, message: failure.message, filePath: record.filePath, count: 1 });
      }
    }
  }
  result.files.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  result.internalErrors = [...failures.values()];
  return result;
}

/**
 * Checks files and folders with the given rules: discovery, configuration, one ts-morph Project
 * per tsconfig/jsconfig (or one inferred project), the engine per file. Throws PathError for a
 * missing path and ConfigError for an invalid configuration; everything else becomes a warning.
 */
export function runCheck(options: RunOptions): RunResult {
  return runPlan(planCheck(options), options);
}

/** Executes a plan in this thread, group after group. */
export function runPlan(plan: CheckPlan, options: RunOptions): RunResult {
  const pieces = plan.groups.map((group, g) =>
    checkGroupPiece(
      plan,
      g,
      group.inputs.map((_, i) => i),
      options,
      () => options.onProgress?.(++plan.done, plan.total),
    ),
  );
  return assembleResult(plan, pieces);
}

/** A file's SourceFile, or undefined (with a warning) when it cannot be parsed at all. */
function parseOne(project: Project, input: FileInput, options: RunOptions, record: FileRecord): SourceFile | undefined {
  try {
    return project.addSourceFileAtPath(input.filePath);
  } catch (e) {
    record.parseWarning = `${shownPath(options.cwd, input.filePath)}: not checked: ${notCheckedReason(e)}`;
    return undefined;
  }
}

function notCheckedReason(e: unknown): string {
  if (!isStackOverflow(e)) return `internal error (${(e as Error)?.message ?? String(e)})`;
  resetParserState();
  return `${TOO_DEEP} (the parser ran out of stack)`;
}

/**
 * Checks one file; whatever goes wrong is that file's warning, never the run's end. A file that
 * could not be checked leaves the Project, so the next files' program is built without it.
 */
function checkIsolated(project: Project, sourceFile: SourceFile, input: FileInput, options: RunOptions, record: FileRecord): FileOutcome | undefined {
  const shown = shownPath(options.cwd, input.filePath);
  let reason: string | undefined;
  try {
    const outcome = checkOne(project, sourceFile, input, options, record);
    if (typeof outcome !== 'string') return outcome;
    reason = outcome;
  } catch (e) {
    reason = notCheckedReason(e);
  }
  record.warnings.push(`${shown}: not checked: ${reason}`);
  const current = project.getSourceFile(input.filePath);
  if (current) project.removeSourceFile(current);
  return undefined;
}

/** The file's outcome, or why it could not be checked. */
function checkOne(project: Project, sourceFile: SourceFile, input: FileInput, options: RunOptions, record: FileRecord): FileOutcome | string {
  const warnings = record.warnings;
  const problem = parseProblem(sourceFile, shownPath(options.cwd, input.filePath));
  if (problem) warnings.push(problem);
  const nodeVersion = input.nodeVersion();
  let notChecked: string | undefined;
  const analyse = (sf: SourceFile): Finding[] => {
    const outcome = analyzeSourceFile(sf, { rules: options.rules, config: input.config, nodeVersion });
    notChecked ??= outcome.notChecked;
    for (const error of outcome.internalErrors) record.failures.push({ ruleId: error.ruleId, message: error.message });
    return outcome.findings;
  };
  const findings = analyse(sourceFile);
  if (notChecked) return notChecked;
  if (!options.fix || !findings.some((f) => autoFixOf(f))) return { filePath: input.filePath, findings };
  const fixed = fixText(input.text, input.filePath, (text) => analyse(project.createSourceFile(input.filePath, text, { overwrite: true })), findings);
  const shown = shownPath(options.cwd, input.filePath);
  for (const d of fixed.dropped) warnings.push(`${shown}:${d.line}: fix "${d.title}" (${d.ruleId}) not applied: the fixed file would not parse`);
  return {
    filePath: input.filePath,
    findings: fixed.findings,
    fixedText: fixed.text !== input.text ? fixed.text : undefined,
    problemsFixed: Math.max(0, findings.length - fixed.findings.length),
  };
}
