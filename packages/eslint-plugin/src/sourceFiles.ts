import * as path from 'node:path';
import { createWrappedNode, ts, type Project, type SourceFile } from 'ts-morph';
import { createProject } from '../../../server/src/core/project';
import type { Workspace } from '../../../server/src/core/workspace';

/** What typescript-eslint puts in `sourceCode.parserServices` when it has type information. */
export interface ParserServices {
  program?: ts.Program | null;
}

/** Whether a program loaded Node's declarations: without them every socket would be untyped. */
const hasNodeTypes = new WeakMap<ts.Program, boolean>();

function programHasNodeTypes(program: ts.Program): boolean {
  let known = hasNodeTypes.get(program);
  if (known === undefined) {
    known = program.getSourceFiles().some((f) => /[\\/]@types[\\/]node[\\/]/.test(f.fileName));
    hasNodeTypes.set(program, known);
  }
  return known;
}

/**
 * The file from the user's typescript-eslint program, wrapped for the rules: no second type-check.
 * Used only when it is the same text, was parsed by a TypeScript whose syntax kinds are ts-morph's
 * (another version numbers them differently and every kind test would be wrong), and the program
 * has Node's types (without them the CLI's own program, with the shipped types, finds more).
 */
export function fromParserServices(services: ParserServices | undefined, filePath: string, text: string): SourceFile | undefined {
  const program = services?.program;
  if (!program || typeof program.getSourceFile !== 'function') return undefined;
  const file = program.getSourceFile(filePath);
  if (!file || file.kind !== ts.SyntaxKind.SourceFile || file.text !== text) return undefined;
  if (!programHasNodeTypes(program)) return undefined;
  return createWrappedNode(file, { sourceFile: file, typeChecker: program.getTypeChecker(), compilerOptions: program.getCompilerOptions() }) as SourceFile;
}

/**
 * The plugin's own Projects, grouped as `socklint check` groups files: one per tsconfig/jsconfig,
 * and one inferred Project (rooted at ESLint's cwd) for loose files and installed packages.
 */
export class OwnProjects {
  private readonly projects = new Map<string, Project>();
  private readonly configOf = new Map<string, string>();

  constructor(private readonly workspace: Workspace) {}

  sourceFile(filePath: string, text: string, cwd: string): SourceFile {
    const project = this.projectFor(filePath, cwd);
    const existing = project.getSourceFile(filePath);
    if (existing && existing.getFullText() === text) return existing;
    return project.createSourceFile(filePath, text, { overwrite: true });
  }

  private projectFor(filePath: string, cwd: string): Project {
    const dir = path.dirname(filePath);
    let configPath = this.configOf.get(dir);
    if (configPath === undefined) {
      configPath = this.workspace.projectConfigOf(filePath) ?? '';
      this.configOf.set(dir, configPath);
    }
    const key = configPath || `inferred:${cwd}`;
    let project = this.projects.get(key);
    if (!project) {
      project = createProject(configPath || undefined, cwd).project;
      this.projects.set(key, project);
    }
    return project;
  }
}
