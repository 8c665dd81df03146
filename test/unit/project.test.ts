import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createProject, disposeProject } from '../../server/src/core/project';

/** The library files a project's program loaded for one file that uses Node's net module. */
function libsLoaded(compilerOptions: Record<string, unknown>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-project-'));
  try {
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions }));
    const file = path.join(dir, 'a.ts');
    fs.writeFileSync(file, `import * as net from 'node:net';\nexport const s = net.connect(80);\n`);
    const { project, warning } = createProject(path.join(dir, 'tsconfig.json'), dir);
    assert.equal(warning, undefined);
    const sf = project.addSourceFileAtPath(file);
    assert.match(sf.getVariableDeclarationOrThrow('s').getType().getText(), /Socket/, 'Node types still resolve');
    const libs = project
      .getProgram()
      .compilerObject.getSourceFiles()
      .map((f) => path.basename(f.fileName))
      .filter((n) => /^lib\..*\.d\.ts$/.test(n));
    disposeProject(project);
    return libs;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('projects from a tsconfig', () => {
  it('leave out the DOM library a tsconfig only gets by default', () => {
    const libs = libsLoaded({ target: 'es2022', module: 'nodenext', strict: true });
    assert.ok(libs.includes('lib.es2022.d.ts'), libs.join(', '));
    assert.ok(!libs.includes('lib.dom.d.ts'), libs.join(', '));
  });

  it('keep a lib the tsconfig names, DOM included', () => {
    const libs = libsLoaded({ target: 'es2022', module: 'nodenext', lib: ['es2022', 'dom'] });
    assert.ok(libs.includes('lib.dom.d.ts'), libs.join(', '));
  });

  it('map an ES5 target to the ES5 library without DOM', () => {
    const libs = libsLoaded({ target: 'es5', module: 'commonjs' });
    assert.ok(libs.includes('lib.es5.d.ts') && !libs.includes('lib.dom.d.ts'), libs.join(', '));
  });
});
