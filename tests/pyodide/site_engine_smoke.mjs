// Boot the engine from a built site exactly as engine-worker.mjs is meant to:
// read assets/infoshare/engine-config.json, resolve its URLs against the
// config's own directory, load Pyodide with the trimmed lock, unpack the
// decision_core wheel, and call the facade once.
//
// node tests/pyodide/site_engine_smoke.mjs --site SITE_DIR
// Prints one JSON line (the reply, module paths, and boot_ms / engine_ms:
// Pyodide start, then wheel unpack + import + first call); exits non-zero on
// any failure.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const { parseArgs } = await import(
  pathToFileURL(path.join(here, "..", "..", "site_plugins", "js", "boot.mjs")).href
);
const args = parseArgs(process.argv.slice(2));
const configPath = path.resolve(args.site, "assets", "infoshare", "engine-config.json");
const config = JSON.parse(readFileSync(configPath, "utf8"));
const resolve = (url) => fileURLToPath(new URL(url, pathToFileURL(configPath)));

const t0 = performance.now();
const indexDir = resolve(config.index_url);
const { loadPyodide } = await import(pathToFileURL(path.join(indexDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: indexDir,
  stdLibURL: resolve(config.stdlib_url),
  lockFileContents: config.lock_file_contents,
});
const t1 = performance.now();
// Without extractDir a wheel lands in the working directory (/home/pyodide).
const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
pyodide.unpackArchive(new Uint8Array(readFileSync(resolve(config.wheel_url))), "wheel", {
  extractDir: sitePackages,
});
const reply = pyodide.runPython(`
import json
from decision_core import facade
reply = json.loads(facade.handle(json.dumps({"op": "init", "flows": []})))
json.dumps({"reply": reply, "json_file": json.__file__, "facade_file": facade.__file__})
`);
const timings = { boot_ms: Math.round(t1 - t0), engine_ms: Math.round(performance.now() - t1) };
process.stdout.write(JSON.stringify({ ...JSON.parse(reply), ...timings }) + "\n");
