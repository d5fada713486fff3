// The decision engine in a module Web Worker: Pyodide + decision_core.
//
// Started by stepper.js with `new Worker(url, {type: "module"})`. Everything
// it loads comes from this site: engine-config.json and flows.json sit next
// to this file, and the Pyodide files and the decision_core wheel are at the
// URLs the config gives (relative to the config). No package manager, no CDN.
//
// Protocol:
//   worker -> page  {type: "ready", timings}      engine loaded and initialised
//   worker -> page  {type: "error", message}      engine could not start
//   page -> worker  {id, request}                 a facade request (JSON object)
//   worker -> page  {id, response}                the facade's JSON reply
// Requests that arrive before the engine is ready wait for it, in order.

const here = new URL(".", import.meta.url);

async function fetchOk(url, kind) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) {
    throw new Error(`could not load ${kind} (${url.pathname}): HTTP ${response.status}`);
  }
  return response;
}

function sameOrigin(url) {
  if (url.origin !== self.location.origin) {
    throw new Error(`refusing to load ${url.href}: not on this site`);
  }
  return url;
}

async function boot() {
  const t0 = performance.now();
  const timings = {};
  const mark = (name, since) => {
    timings[name] = Math.round(performance.now() - since);
    return performance.now();
  };

  const configUrl = new URL("engine-config.json", here);
  const [config, flowsDoc] = await Promise.all([
    fetchOk(configUrl, "engine-config.json").then((r) => r.json()),
    fetchOk(new URL("flows.json", here), "flows.json").then((r) => r.json()),
  ]);
  let t = mark("config", t0);

  const indexURL = sameOrigin(new URL(config.index_url, configUrl)).href;
  const stdLibURL = sameOrigin(new URL(config.stdlib_url, configUrl)).href;
  const wheelURL = sameOrigin(new URL(config.wheel_url, configUrl));
  // Start fetching the wheel while Pyodide boots.
  const wheelBytes = fetchOk(wheelURL, "the decision_core wheel").then((r) => r.arrayBuffer());

  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  t = mark("import", t);

  const pyodide = await loadPyodide({
    indexURL,
    stdLibURL,
    lockFileContents: config.lock_file_contents,
    // Packages are never fetched; this only stops Pyodide defaulting to a CDN.
    packageBaseUrl: indexURL,
    packages: [],
    checkAPIVersion: true,
  });
  t = mark("pyodide", t);

  // site-packages is /lib/python3.<minor>/site-packages; ask Python rather
  // than hard-code the minor version.
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  pyodide.unpackArchive(await wheelBytes, "wheel", { extractDir: sitePackages });
  t = mark("wheel", t);

  const facade = pyodide.pyimport("decision_core.facade");
  const handle = (request) => JSON.parse(facade.handle(JSON.stringify(request)));
  const init = handle({ op: "init", flows: flowsDoc.flows, edition: flowsDoc.edition ?? null });
  if (!init.ok) {
    throw new Error(`engine init failed: ${init.error?.code}: ${init.error?.message}`);
  }
  mark("init", t);
  timings.total = Math.round(performance.now() - t0);
  return { handle, timings, flows: init.flows };
}

const ready = boot();

ready.then(
  ({ timings, flows }) => self.postMessage({ type: "ready", timings, flows }),
  (err) => self.postMessage({ type: "error", message: String(err?.message ?? err) }),
);

// A chain keeps replies in the order the page sent the requests.
let chain = ready.catch(() => null);

self.onmessage = (event) => {
  const { id, request } = event.data ?? {};
  chain = chain.then(async () => {
    let response;
    let engine = null;
    try {
      engine = await ready;
      response = engine.handle(request);
    } catch (err) {
      // The facade answers every request itself; reaching here means the
      // engine never started, or Python raised past the facade (a bug).
      const code = engine ? "engine_error" : "engine_unavailable";
      response = { ok: false, error: { code, message: String(err?.message ?? err), path: "" } };
    }
    self.postMessage({ id, response });
  });
};
