// Runs before every npm script that starts a .ts file: those need Node's type stripping and
// `import.meta.main` (Node >= 22.18). An older Node gets one sentence instead of a stack trace.
// CommonJS and plain JavaScript on purpose, so that any Node version can run it.
'use strict';

/** The sentence to print for Node `version` (like "20.20.2"), or null when it is new enough. */
function nodeProblem(version) {
  const [major, minor] = version.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 18)) return null;
  return (
    `Latchkey needs Node.js 22.18 or newer (this is v${version}): install Node 24 LTS from ` +
    'nodejs.org or your package manager, or run `npm install --prefix ~/.cache/latchkey-node24 ' +
    'node@24` and put ~/.cache/latchkey-node24/node_modules/.bin first on your PATH.'
  );
}

module.exports = { nodeProblem };

if (require.main === module) {
  const problem = nodeProblem(process.versions.node);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
}
