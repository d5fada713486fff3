// Run the decision_core unit tests inside real Pyodide under Node.
//
// node tests/pyodide/run_core_tests.mjs --runtime DIR --stdlib ZIP \
//      --wheels DIR --project ROOT [--tests DIR] [-- extra pytest args]
//
// --runtime  an extracted Pyodide runtime (pyodide.mjs, pyodide.asm.*)
// --stdlib   the python_stdlib.zip to boot with (the precompiled one)
// --wheels   a directory of pure-Python wheels (pytest, hypothesis, deps)
// --project  the repository root: decision_core/ is copied from there
// --tests    the tests to run (default <project>/tests/core); copied with
//            <project>/tests/golden, which they read
//
// Prefer `python tests/pyodide/run_core_tests.py`, which fetches all of these.
// Exits with pytest's exit code.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const { bootPyodide, parseArgs } = await import(
  pathToFileURL(path.join(here, "..", "..", "site_plugins", "js", "boot.mjs")).href
);

const args = parseArgs(process.argv.slice(2));
for (const key of ["runtime", "stdlib", "wheels", "project"]) {
  if (!args[key]) {
    process.stderr.write(`run_core_tests.mjs: missing --${key}\n`);
    process.exit(2);
  }
}
const project = path.resolve(args.project);
const testsDir = path.resolve(args.tests ?? path.join(project, "tests", "core"));
const ROOT = "/work/project"; // where the project lives inside Pyodide's FS

const pyodide = await bootPyodide({ runtimeDir: args.runtime, stdlibPath: args.stdlib });
// Raw writes, not line batching, so pytest's progress dots stay on one line.
for (const [setter, stream] of [["setStdout", process.stdout], ["setStderr", process.stderr]]) {
  pyodide[setter]({ write: (bytes) => (stream.write(bytes), bytes.length) });
}

// Wheels are unpacked, not installed with micropip: loadPackage("micropip")
// would fetch from a CDN, and these wheels have no compiled parts anyway.
const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
for (const name of readdirSync(args.wheels).filter((n) => n.endsWith(".whl")).sort()) {
  const bytes = new Uint8Array(readFileSync(path.join(args.wheels, name)));
  pyodide.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
}

// Copy a host directory tree into the FS, skipping bytecode caches.
function copyTree(hostDir, fsDir) {
  pyodide.FS.mkdirTree(fsDir);
  for (const name of readdirSync(hostDir)) {
    if (name === "__pycache__" || name.startsWith(".")) continue;
    const hostPath = path.join(hostDir, name);
    const fsPath = `${fsDir}/${name}`;
    if (statSync(hostPath).isDirectory()) copyTree(hostPath, fsPath);
    else if (!name.endsWith(".pyc")) pyodide.FS.writeFile(fsPath, readFileSync(hostPath));
  }
}
copyTree(path.join(project, "decision_core"), `${ROOT}/decision_core`);
copyTree(testsDir, `${ROOT}/tests/core`);
// Golden records that the core tests compare against.
const golden = path.join(project, "tests", "golden");
if (existsSync(golden)) copyTree(golden, `${ROOT}/tests/golden`);

// A minimal ini replaces pyproject's [tool.pytest.ini_options]: its testpaths
// and e2e/browser settings mean nothing here, but its strictness does.
pyodide.FS.writeFile(
  `${ROOT}/pytest-pyodide.ini`,
  [
    "[pytest]",
    "addopts = --strict-markers --strict-config -ra",
    "xfail_strict = true",
    "filterwarnings = error",
    "markers =",
    "    e2e: end-to-end tests in a real browser (Chromium)",
    "    pyodide: tests that run the engine inside Pyodide under Node.js",
    "",
  ].join("\n"),
);

// Pyodide is several times slower than CPython: per-example deadlines would
// fail on speed alone, and there is nowhere useful to keep a database. A
// rootdir conftest registers the profile before Hypothesis's plugin loads it
// (importing hypothesis any earlier would defeat pytest's assert rewriting).
pyodide.FS.writeFile(
  `${ROOT}/conftest.py`,
  [
    "from hypothesis import settings",
    "",
    'settings.register_profile("pyodide", deadline=None, database=None)',
    "",
  ].join("\n"),
);

let exitCode;
try {
  exitCode = pyodide.runPython(`
import os, sys
os.chdir(${JSON.stringify(ROOT)})
sys.path.insert(0, ${JSON.stringify(ROOT)})
import pytest
int(pytest.main([
    "tests/core", "-q",
    "-c", "pytest-pyodide.ini", "--rootdir", ".",
    "-p", "no:cacheprovider",
    "--hypothesis-profile", "pyodide",
    *${JSON.stringify(args.rest)},
]))
`);
} catch (error) {
  // A PythonError's message is the Python traceback; its JS stack is noise.
  process.stderr.write(`run_core_tests.mjs: pytest did not run:\n${error.message ?? error}\n`);
  exitCode = 3;
}
// exitCode rather than exit(): let buffered output drain first.
process.exitCode = exitCode;
