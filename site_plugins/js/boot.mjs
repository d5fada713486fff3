// Boot Pyodide under Node from a local runtime directory, with nothing
// fetched from the network: the lock file is passed trimmed (no packages) and
// the stdlib zip is chosen explicitly, exactly as the browser worker does.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** The lock file's `info` with an empty package index, as a JSON string. */
export function trimmedLock(runtimeDir) {
  const lock = JSON.parse(readFileSync(path.join(runtimeDir, "pyodide-lock.json"), "utf8"));
  return JSON.stringify({ info: lock.info, packages: {} });
}

/**
 * Load Pyodide from `runtimeDir` (pyodide.mjs, pyodide.asm.*), using the
 * stdlib zip at `stdlibPath` (default: the stock one beside the runtime).
 * Output from Python goes to `stdout`/`stderr` callbacks, batched by line.
 */
export async function bootPyodide({ runtimeDir, stdlibPath, stdout, stderr } = {}) {
  const dir = path.resolve(runtimeDir) + path.sep;
  const { loadPyodide } = await import(pathToFileURL(path.join(dir, "pyodide.mjs")).href);
  return loadPyodide({
    indexURL: dir,
    stdLibURL: path.resolve(stdlibPath ?? path.join(dir, "python_stdlib.zip")),
    lockFileContents: trimmedLock(dir),
    stdout: stdout ?? ((line) => process.stdout.write(line + "\n")),
    stderr: stderr ?? ((line) => process.stderr.write(line + "\n")),
  });
}

/** Parse `--name value` pairs into an object; everything after `--` is `rest`. */
export function parseArgs(argv) {
  const options = { rest: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--") {
      options.rest = argv.slice(i + 1);
      break;
    }
    if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
      throw new Error(`unexpected argument '${argv[i]}'`);
    }
    options[argv[i].slice(2)] = argv[++i];
  }
  return options;
}
