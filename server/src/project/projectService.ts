import * as path from 'node:path';
import type { Project, SourceFile } from 'ts-morph';
import { createProject, disposeProject } from '../core/project';
import type { Workspace } from '../core/workspace';
import { forgetResolutions, keepResolutions } from './resolutionCache';

const PROJECT_FILES = new Set(['tsconfig.json', 'jsconfig.json']);
const OUTSIDE_FOLDERS = '(outside the workspace folders)';

interface Entry {
  project: Project;
  configPath: string | undefined;
  /** The folder the Project's options were computed for. */
  root: string;
}

/**
 * The server's ts-morph Projects: one long-lived Project per tsconfig/jsconfig (an inferred one per
 * workspace folder for loose files); which one a file belongs to is the workspace's answer
 * (core/workspace.ts). Open documents are pushed in as text; files changed on disk are re-read; a
 * changed tsconfig or package.json drops the Projects it affects, rebuilt on next use.
 */
export class ProjectService {
  private readonly projects = new Map<string, Entry>();
  private readonly configOf = new Map<string, string | undefined>();

  constructor(
    private readonly workspace: Workspace,
    private readonly log: (message: string) => void,
  ) {}

  private entryFor(filePath: string): Entry {
    const dir = path.dirname(filePath);
    let configPath = this.configOf.get(dir);
    if (!this.configOf.has(dir)) {
      configPath = this.workspace.projectConfigOf(filePath);
      this.configOf.set(dir, configPath);
    }
    // Loose files share one inferred Project per workspace folder; files outside every folder share
    // one too (each Project loads lib and @types/node: hundreds of MB if made per directory).
    const folder = this.workspace.folderOf(filePath);
    const root = folder ?? dir;
    const key = configPath ?? `inferred:${folder ?? OUTSIDE_FOLDERS}`;
    let entry = this.projects.get(key);
    if (!entry) {
      const started = performance.now();
      const { project, warning } = createProject(configPath, root);
      if (warning) this.log(warning);
      keepResolutions(project);
      entry = { project, configPath, root };
      this.projects.set(key, entry);
      this.log(`project ${configPath ?? `(inferred) ${root}`} created in ${Math.round(performance.now() - started)} ms`);
    }
    return entry;
  }

  /** The file's SourceFile holding exactly `text` (overwritten only when the text changed). */
  sourceFile(filePath: string, text: string): SourceFile {
    const { project } = this.entryFor(filePath);
    const existing = project.getSourceFile(filePath);
    if (existing && existing.getFullText() === text) return existing;
    // A file new to the Project (a document not yet saved) may be what an import failed to find.
    if (!existing) forgetResolutions(project);
    return project.createSourceFile(filePath, text, { overwrite: true });
  }

  /** A closed document returns to its contents on disk (or leaves the project when deleted). */
  closed(filePath: string): void {
    for (const { project } of this.projects.values()) {
      const sf = project.getSourceFile(filePath);
      if (!sf) continue;
      try {
        sf.refreshFromFileSystemSync();
      } catch (e) {
        this.log(`could not re-read ${filePath}: ${(e as Error).message}`);
        project.removeSourceFile(sf);
        // Imports that found the document's text no longer find a file.
        forgetResolutions(project);
      }
    }
  }

  /**
   * Reacts to files changed outside the editor. Returns true when cached results may be stale
   * (anything relevant changed).
   */
  filesChanged(changes: ReadonlyArray<{ filePath: string; change: 'created' | 'changed' | 'deleted' }>, isOpen: (filePath: string) => boolean): boolean {
    let relevant = false;
    for (const { filePath, change } of changes) {
      const base = path.basename(filePath);
      if (PROJECT_FILES.has(base) || base === 'package.json') {
        // A tsconfig appearing or vanishing changes which Project files belong to; package.json can
        // bring or take away @types. Rebuild what sits under it.
        this.dropProjectsUnder(path.dirname(filePath));
        relevant = true;
        continue;
      }
      if (isOpen(filePath)) continue; // the editor's buffer wins over the disk
      let known = false;
      for (const { project } of this.projects.values()) {
        const sf = project.getSourceFile(filePath);
        if (!sf) continue;
        known = true;
        try {
          sf.refreshFromFileSystemSync();
        } catch {
          project.removeSourceFile(sf);
        }
      }
      // A changed file no Project has read cannot change results: a build rewriting its output
      // folder does not re-analyse the open documents. New and deleted files may (imports).
      if (known || change !== 'changed') relevant = true;
      // Where an import leads, and where a file's package.json is, depends on which files exist.
      if (change !== 'changed') for (const { project } of this.projects.values()) forgetResolutions(project);
    }
    return relevant;
  }

  private dropProjectsUnder(dir: string): void {
    for (const key of [...this.configOf.keys()]) {
      if (key === dir || key.startsWith(dir + path.sep)) this.configOf.delete(key);
    }
    for (const [key, entry] of [...this.projects]) {
      const projectDir = entry.configPath ? path.dirname(entry.configPath) : entry.root;
      // A package.json above a project affects it too (types, engines); so does one below an inferred root.
      if (projectDir === dir || projectDir.startsWith(dir + path.sep) || dir.startsWith(projectDir + path.sep)) {
        disposeProject(entry.project);
        this.projects.delete(key);
        this.log(`project ${entry.configPath ?? key} dropped; rebuilt on next use`);
      }
    }
  }

  /** Drops every Project (revalidate, settings that change analysis). */
  clear(): void {
    for (const entry of this.projects.values()) disposeProject(entry.project);
    this.projects.clear();
    this.configOf.clear();
  }

  get size(): number {
    return this.projects.size;
  }
}
