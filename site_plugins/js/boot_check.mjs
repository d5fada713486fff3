// Boot Pyodide with a given stdlib zip, import the modules the engine needs,
// and report timings as JSON. Used to check a precompiled stdlib before it is
// shipped, and by the benchmark to compare stock and precompiled boots.
//
// node boot_check.mjs --runtime DIR [--stdlib ZIP] [--repeat N] [--modules a,b]
import { bootPyodide, parseArgs } from "./boot.mjs";

const ENGINE_MODULES = [
  "json", "dataclasses", "re", "hashlib", "uuid", "datetime", "typing",
  "enum", "collections", "functools", "itertools", "copy", "textwrap", "zipfile",
];

const args = parseArgs(process.argv.slice(2));
const repeat = Number(args.repeat ?? 1);
const modules = args.modules ? args.modules.split(",") : ENGINE_MODULES;
const runs = [];
for (let i = 0; i < repeat; i++) {
  const t0 = performance.now();
  const pyodide = await bootPyodide({ runtimeDir: args.runtime, stdlibPath: args.stdlib });
  const t1 = performance.now();
  pyodide.runPython(`import importlib\nfor _m in ${JSON.stringify(modules)}: importlib.import_module(_m)`);
  const t2 = performance.now();
  runs.push({
    boot_ms: Math.round(t1 - t0),
    import_ms: Math.round(t2 - t1),
    total_ms: Math.round(t2 - t0),
    // Proves which zip was used: stock modules have a .py __file__.
    json_file: pyodide.runPython("import json; json.__file__"),
  });
}
process.stdout.write(JSON.stringify({ runs }) + "\n");
