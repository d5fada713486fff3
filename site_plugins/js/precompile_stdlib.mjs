// Build time: compile Pyodide's stdlib to sourceless .pyc inside Pyodide
// itself (so the bytecode magic matches the engine) and write the new zip.
//
// node precompile_stdlib.mjs --runtime DIR --script sourceless_zip.py --out ZIP
// Prints one JSON line with the summary; exits non-zero on any failure.
import { readFileSync, writeFileSync } from "node:fs";
import { bootPyodide, parseArgs } from "./boot.mjs";

const args = parseArgs(process.argv.slice(2));
for (const key of ["runtime", "script", "out"]) {
  if (!args[key]) throw new Error(`missing --${key}`);
}
// Python's own prints would mix with our JSON line: send them to stderr.
const pyodide = await bootPyodide({
  runtimeDir: args.runtime,
  stdout: (line) => process.stderr.write(line + "\n"),
});
pyodide.runPython(readFileSync(args.script, "utf8"));
const summary = pyodide.runPython(
  "build_sourceless_zip('/lib/python314.zip', '/tmp/stdlib.zip', mount_point='/lib/python314.zip')",
);
writeFileSync(args.out, pyodide.FS.readFile("/tmp/stdlib.zip"));
process.stdout.write(summary + "\n");
