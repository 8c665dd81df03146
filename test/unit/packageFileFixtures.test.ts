import * as assert from 'node:assert/strict';
import { tmpProject, type TmpProject } from './tmpProject';
import preferPipeline from '../../server/src/rules/prefer-pipeline';
import { clearTestFileCache } from '../../server/src/core/testFiles';

// A benchmark or script of a package runs from the package's folder: a relative path naming a
// file the package has is the package's own file, not the user's.
describe("prefer-pipeline: a script's relative path to a file of its own package", () => {
  let project: TmpProject;
  beforeEach(() => {
    project = tmpProject('socklint-package-files-', [preferPipeline]);
    clearTestFileCache();
  });
  afterEach(() => project.dispose());

  // split2's bench.js: the package's own package.json through its splitter, into memory.
  const bench = (file: string) => `var split = require('./');
var fs = require('fs');
function benchSplit(cb) {
  fs.createReadStream('${file}').pipe(split()).on('end', cb).resume();
}
benchSplit(function () {});
`;

  it('is not reported when the path names a file of the package, read into an in-memory parser', () => {
    project.write('package.json', JSON.stringify({ name: 'split2' }));
    project.write('bench.js', bench('package.json'));
    assert.deepEqual(project.findings('bench.js'), []);
  });

  it("is reported when the path names no file of the package (the user's file, relative to where it runs)", () => {
    project.write('package.json', JSON.stringify({ name: 'split2' }));
    project.write('bench.js', bench('myFile'));
    assert.deepEqual(
      project.findings('bench.js').map((f) => `${f.ruleId}:${f.line}`),
      ['prefer-pipeline:4'],
    );
  });
});
