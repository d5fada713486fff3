// The interactive flowchart stepper (progressive enhancement).
//
// The page already holds the first question (a hidden radio form plus links
// to the static question pages). This script reveals the form, starts the
// engine worker and, from then on, renders whatever decision_core.facade
// returns. It holds no routing and no record logic: every "what comes next"
// is a request to the engine.
//
// Privacy: the engine's state and the form details live in sessionStorage
// only (gone when the tab closes). Nothing goes in the URL, localStorage or
// cookies, and nothing is sent over the network.

const STORE_PREFIX = "infoshare:";

const DECISIONS = {
  share: "Share the information",
  "do-not-share": "Do not share the information",
  "seek-advice": "Get advice before you decide",
};

// ---------------------------------------------------------------- DOM helpers

/** Create an element: h("p", {class: "x"}, "text", child, ...). */
// The record keeps ISO 8601 with an offset; people read local date and time.
function readableTime(iso) {
  if (!iso) return "";
  const when = new Date(iso);
  return Number.isNaN(when.getTime()) ? iso : `${when.toLocaleString("en-GB", {
    dateStyle: "long", timeStyle: "short" })} (${iso})`;
}

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "hidden" && value === true) el.hidden = true;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const hidden = (text) => h("span", { class: "infoshare-visually-hidden" }, text);

function fieldId(key) {
  return "infoshare-field-" + key.replace(/[^a-z0-9]+/gi, "-");
}

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// --------------------------------------------------------------- the engine

/** Talks to engine-worker.mjs; requests made before it is ready wait there. */
class Engine {
  constructor(url, onReady, onFail) {
    this.pending = new Map();
    this.nextId = 1;
    this.ready = false;
    this.failure = null;
    this.onReady = onReady;
    this.onFail = onFail;
    try {
      this.worker = new Worker(url, { type: "module" });
    } catch (err) {
      this.fail(String(err?.message ?? err));
      return;
    }
    this.worker.onmessage = (event) => this.receive(event.data);
    // Fires when the module cannot load at all (e.g. no module workers).
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      this.fail(event.message || "the engine could not be loaded");
    };
  }

  receive(data) {
    if (data?.type === "ready") {
      this.ready = true;
      this.timings = data.timings;
      this.onReady(data);
    } else if (data?.type === "error") {
      this.fail(data.message);
    } else if (data && this.pending.has(data.id)) {
      this.pending.get(data.id).resolve(data.response);
      this.pending.delete(data.id);
    }
  }

  fail(message) {
    if (this.failure) return;
    this.failure = message;
    for (const { reject } of this.pending.values()) reject(new Error(message));
    this.pending.clear();
    this.onFail(message);
  }

  /** Send one facade request; resolves with the facade's response object. */
  call(request) {
    if (this.failure) return Promise.reject(new Error(this.failure));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, request });
    });
  }
}

/** The facade replied {ok: false}; carries its error object. */
class FacadeError extends Error {
  constructor(error) {
    super(error?.message || "the engine refused the request");
    this.code = error?.code;
    this.path = error?.path;
  }
}

// ------------------------------------------------------------------ the app

class Stepper {
  constructor(root) {
    this.root = root;
    this.flowId = root.dataset.flow;
    this.flowTitle = root.dataset.flowTitle || "";
    this.storeKey = STORE_PREFIX + this.flowId;
    this.stepEl = root.querySelector("[data-infoshare-step]");
    this.statusEl = root.querySelector(".infoshare-status");
    this.initialStep = this.stepEl.innerHTML;
    this.pageTitle = document.title;
    this.links = {};
    try {
      this.links = JSON.parse(root.querySelector(".infoshare-links")?.textContent || "{}");
    } catch {
      this.links = {};
    }
    this.bodies = new Map();
    for (const t of root.querySelectorAll("template.infoshare-outcome-body")) {
      this.bodies.set(t.dataset.node, t);
    }
    // UI state, mirrored in sessionStorage.
    this.s = { state: null, phase: "question", details: {}, record: null };
    this.view = null;
    this.form = null; // {fields, required} for the outcome reached
    this.queue = Promise.resolve();
    this.busy = 0;

    this.engine = new Engine(
      root.dataset.worker,
      () => this.engineReady(),
      (message) => this.engineFailed(message),
    );

    const saved = this.load();
    if (saved?.state) {
      this.s = saved;
      this.stepEl.hidden = true;
      this.status("Getting ready…");
      this.run(() => this.restore());
    } else {
      this.upgradeFirstQuestion();
      this.run(() => this.start());
    }
  }

  // -- storage -----------------------------------------------------------

  load() {
    try {
      const raw = sessionStorage.getItem(this.storeKey);
      const data = raw ? JSON.parse(raw) : null;
      if (data && typeof data === "object" && data.state) {
        return {
          state: data.state,
          phase: data.phase || "question",
          details: data.details && typeof data.details === "object" ? data.details : {},
          record: data.record || null,
        };
      }
    } catch {
      // Storage blocked or corrupt: start afresh rather than fail.
    }
    return null;
  }

  save() {
    try {
      sessionStorage.setItem(this.storeKey, JSON.stringify(this.s));
    } catch {
      // Storage full or blocked: the session still works until the page closes.
    }
  }

  // -- engine plumbing ----------------------------------------------------

  status(text) {
    this.statusEl.textContent = text;
  }

  engineReady() {
    if (this.statusEl.textContent === "Getting ready…") this.status("");
    this.root.dataset.engine = "ready";
  }

  engineFailed(message) {
    this.root.dataset.engine = "failed";
    // Fall back to the static pages: put the original first question back
    // without upgrading it, so its answers are plain links again.
    this.stepEl.innerHTML = this.initialStep;
    this.stepEl.hidden = false;
    const alert = h(
      "div",
      { class: "infoshare-notice", role: "alert" },
      h("p", {}, "The interactive version of this flowchart could not start on this device. ",
        "You can still answer the questions below: each answer opens the next question."),
      h("p", { class: "infoshare-notice__detail" }, `(${message})`),
    );
    this.stepEl.prepend(alert);
    this.status("");
    console.error("infoshare engine:", message);
  }

  /** Queue a UI action so actions run one at a time, in order. */
  run(action) {
    this.queue = this.queue.then(async () => {
      this.busy++;
      this.root.setAttribute("aria-busy", "true");
      try {
        await action();
      } catch (err) {
        if (!this.engine.failure) this.showProblem(err);
      } finally {
        if (--this.busy === 0) this.root.removeAttribute("aria-busy");
      }
    });
    return this.queue;
  }

  async call(request) {
    if (!this.engine.ready && !this.engine.failure) this.status("Getting ready…");
    const response = await this.engine.call(request);
    if (this.statusEl.textContent === "Getting ready…") this.status("");
    if (!response?.ok) throw new FacadeError(response?.error);
    return response;
  }

  showProblem(err) {
    console.error("infoshare:", err);
    const message =
      err instanceof FacadeError
        ? `Something went wrong: ${err.message}.`
        : "Something went wrong.";
    this.renderPage({
      heading: "Sorry, there is a problem",
      body: [
        h("p", {}, message),
        h("p", {}, "Start again to go back to the first question."),
      ],
      startAgain: true,
    });
  }

  // -- steps ----------------------------------------------------------------

  async start() {
    const r = await this.call({ op: "start", flow: this.flowId });
    this.s = { state: r.state, phase: "question", details: {}, record: null };
    this.view = r.view;
    // Not saved: there is nothing worth keeping until the first answer, and
    // "Start again" should leave sessionStorage empty.
    // The first question is already on screen; do not re-render it.
  }

  async restore() {
    let r;
    try {
      r = await this.call({ op: "view", state: this.s.state });
    } catch (err) {
      if (!(err instanceof FacadeError)) throw err;
      // The saved answers no longer fit this flow (e.g. it was updated).
      this.clearStore();
      this.stepEl.innerHTML = this.initialStep;
      this.stepEl.hidden = false;
      this.upgradeFirstQuestion();
      this.status("This flowchart has changed since you started, so it has started again.");
      await this.start();
      return;
    }
    this.stepEl.hidden = false;
    this.view = r.view;
    this.s.state = r.state;
    if (this.view.kind === "question") this.s.phase = "question";
    else if (this.s.phase === "question") this.s.phase = "check";
    this.save();
    await this.show({ focus: false });
  }

  async answer(value) {
    if (!this.s.state) await this.start();
    const r = await this.call({ op: "answer", state: this.s.state, answer: value });
    this.apply(r, r.view.kind === "question" ? "question" : "check");
    await this.show();
  }

  async back() {
    const r = await this.call({ op: "back", state: this.s.state });
    this.apply(r, "question");
    await this.show();
  }

  async change(node) {
    const r = await this.call({ op: "change", state: this.s.state, node });
    this.apply(r, "question");
    await this.show();
  }

  apply(r, phase) {
    this.s.state = r.state;
    this.s.phase = phase;
    this.s.record = null;
    this.view = r.view;
    this.form = null;
    this.save();
  }

  setPhase(phase) {
    this.s.phase = phase;
    this.save();
  }

  async show({ focus = true } = {}) {
    const v = this.view;
    if (v.kind === "question") this.renderQuestion(v);
    else if (this.s.phase === "check") this.renderCheck(v);
    else {
      if (!this.form) this.form = await this.call({ op: "form", state: this.s.state });
      if (this.s.phase === "record" && this.s.record) this.renderRecord(v);
      else this.renderOutcome(v);
    }
    if (focus) this.focusHeading();
  }

  startAgain() {
    this.clearStore();
    this.s = { state: null, phase: "question", details: {}, record: null };
    this.view = null;
    this.form = null;
    this.stepEl.innerHTML = this.initialStep;
    this.stepEl.hidden = false;
    this.upgradeFirstQuestion();
    document.title = this.pageTitle;
    this.status("");
    this.focusHeading();
    this.run(() => this.start());
  }

  clearStore() {
    try {
      // Start again forgets everything this site keeps in the tab.
      sessionStorage.clear();
    } catch {
      // nothing stored
    }
  }

  // -- rendering: shared pieces -------------------------------------------

  focusHeading() {
    const heading = this.stepEl.querySelector("h1");
    if (!heading) return;
    heading.setAttribute("tabindex", "-1");
    // Focus the heading for screen readers, but show the step from its top, so the
    // "Act now" panel above it stays in view.
    heading.focus({ preventScroll: true });
    const panel = this.root.querySelector(".infoshare-act-now") || heading;
    panel.scrollIntoView({ block: "start" });
    document.title = `${heading.textContent} - ${this.pageTitle}`;
  }

  caption() {
    return h("p", { class: "infoshare-caption" }, this.flowTitle);
  }

  backLink(view) {
    if (!view.can_go_back) return null;
    const prev = view.answered?.[view.answered.length - 1];
    // A real link to the static page, so it also works when opened in a new tab.
    return h(
      "a",
      {
        class: "infoshare-back-link",
        href: prev ? `${prev.node}/` : "./",
        onclick: (event) => {
          event.preventDefault();
          this.run(() => this.back());
        },
      },
      "Back",
    );
  }

  sources(list) {
    if (!list?.length) return null;
    return h(
      "details",
      { class: "infoshare-details infoshare-sources" },
      h("summary", { class: "infoshare-details__summary" }, "Where this comes from"),
      h(
        "ul",
        { class: "infoshare-list infoshare-details__text" },
        list.map((c) => {
          const title = c.url ? h("a", { href: c.url }, c.title) : h("cite", {}, c.title);
          const bits = [c.publisher, c.year ? `(${c.year})` : null].filter(Boolean).join(" ");
          return h("li", {}, title, bits ? `, ${bits}` : "", c.section ? `, ${c.section}` : "");
        }),
      ),
    );
  }

  related(list) {
    const items = (list || []).filter((r) => r.title);
    if (!items.length) return null;
    return h(
      "nav",
      { class: "infoshare-related", "aria-labelledby": "infoshare-related-title" },
      h("h2", { class: "infoshare-heading-s", id: "infoshare-related-title" }, "Related guidance"),
      h(
        "ul",
        { class: "infoshare-list" },
        items.map((r) => {
          const href = this.links[r.page];
          return h("li", {}, href ? h("a", { href }, r.title) : r.title);
        }),
      ),
    );
  }

  startAgainButton() {
    return h(
      "p",
      { class: "infoshare-start-again" },
      h(
        "button",
        { type: "button", class: "infoshare-link-button", onclick: () => this.startAgain() },
        "Start again",
      ),
    );
  }

  errorSummary(items) {
    // items: [{text, target}] where target is an element id.
    const summary = h(
      "div",
      {
        class: "infoshare-error-summary",
        role: "alert",
        tabindex: "-1",
        "aria-labelledby": "infoshare-error-summary-title",
      },
      h("h2", { class: "infoshare-error-summary__title", id: "infoshare-error-summary-title" },
        "There is a problem"),
      h(
        "ul",
        { class: "infoshare-list infoshare-error-summary__list" },
        items.map(({ text, target }) =>
          h("li", {}, h("a", {
            href: `#${target}`,
            onclick: (event) => {
              // Move focus without putting anything in the URL.
              event.preventDefault();
              const el = document.getElementById(target);
              el?.focus();
              el?.scrollIntoView({ block: "center" });
            },
          }, text)),
        ),
      ),
    );
    return summary;
  }

  renderPage({ heading, body = [], startAgain = false }) {
    this.stepEl.replaceChildren(
      this.caption(),
      h("h1", { class: "infoshare-heading", tabindex: "-1" }, heading),
      ...body,
      startAgain ? this.startAgainButton() : null,
    );
  }

  summaryList(rows) {
    return h(
      "dl",
      { class: "infoshare-summary-list" },
      rows.map(({ key, value, action }) =>
        h(
          "div",
          { class: "infoshare-summary-list__row" },
          h("dt", { class: "infoshare-summary-list__key" }, key),
          h("dd", { class: "infoshare-summary-list__value" }, value),
          action ? h("dd", { class: "infoshare-summary-list__actions" }, action) : null,
        ),
      ),
    );
  }

  answersList(view, { changeable = true } = {}) {
    return this.summaryList(
      (view.answered || []).map((a) => ({
        key: a.question,
        value: a.answer_label,
        action: changeable
          ? h(
              "a",
              {
                href: `${a.node}/`,
                class: "infoshare-change-link",
                onclick: (event) => {
                  event.preventDefault();
                  this.run(() => this.change(a.node));
                },
              },
              "Change",
              hidden(` your answer to: ${a.question}`),
            )
          : null,
      })),
    );
  }

  // -- rendering: question --------------------------------------------------

  /** Reveal the server-rendered radio form and hide the link fallback. */
  upgradeFirstQuestion() {
    const form = this.stepEl.querySelector("form.infoshare-form");
    if (!form) return;
    form.hidden = false;
    for (const el of this.stepEl.querySelectorAll(".infoshare-nojs")) el.hidden = true;
    this.bindQuestionForm(form);
  }

  bindQuestionForm(form) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      // One answer per form: a second press while the engine loads must not
      // answer the next question too.
      if (form.dataset.submitted) return;
      const checked = form.querySelector('input[name="answer"]:checked');
      if (!checked) {
        this.questionError(form);
        return;
      }
      this.clearQuestionError(form);
      form.dataset.submitted = "true";
      const button = form.querySelector('button[type="submit"]');
      if (button) button.setAttribute("aria-disabled", "true");
      this.run(() => this.answer(checked.value));
    });
  }

  questionError(form) {
    this.clearQuestionError(form);
    const first = form.querySelector('input[name="answer"]');
    const group = form.querySelector(".infoshare-form-group");
    const fieldset = form.querySelector("fieldset");
    const errorId = "infoshare-answer-error";
    group.classList.add("infoshare-form-group--error");
    const message = h("p", { class: "infoshare-error-message", id: errorId },
      hidden("Error: "), "Select an answer");
    const radios = fieldset.querySelector(".infoshare-radios");
    radios.before(message);
    const described = (fieldset.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    fieldset.setAttribute("aria-describedby", [...described, errorId].join(" "));
    const summary = this.errorSummary([{ text: "Select an answer", target: first.id }]);
    form.before(summary);
    if (!document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
    summary.focus();
  }

  clearQuestionError(form) {
    this.stepEl.querySelector(".infoshare-error-summary")?.remove();
    form.querySelector(".infoshare-error-message")?.remove();
    form.querySelector(".infoshare-form-group")?.classList.remove("infoshare-form-group--error");
    const fieldset = form.querySelector("fieldset");
    const described = (fieldset.getAttribute("aria-describedby") || "")
      .split(" ")
      .filter((id) => id && id !== "infoshare-answer-error");
    if (described.length) fieldset.setAttribute("aria-describedby", described.join(" "));
    else fieldset.removeAttribute("aria-describedby");
    document.title = document.title.replace(/^Error: /, "");
  }

  renderQuestion(v) {
    const hintId = "infoshare-q-hint";
    const form = h(
      "form",
      { class: "infoshare-form", "data-node": v.node, novalidate: true },
      h(
        "div",
        { class: "infoshare-form-group" },
        h(
          "fieldset",
          { class: "infoshare-fieldset", "aria-describedby": v.hint ? hintId : null },
          h("legend", { class: "infoshare-fieldset__legend" },
            h("h1", { class: "infoshare-heading", tabindex: "-1" }, v.text)),
          v.hint ? h("div", { class: "infoshare-hint", id: hintId }, v.hint) : null,
          h(
            "div",
            { class: "infoshare-radios" },
            v.answers.map((a, i) =>
              h(
                "div",
                { class: "infoshare-radios__item" },
                h("input", {
                  class: "infoshare-radios__input",
                  id: `infoshare-answer-${i}`,
                  name: "answer",
                  type: "radio",
                  value: a.value,
                  checked: v.previous_answer === a.value,
                }),
                h("label", { class: "infoshare-radios__label", for: `infoshare-answer-${i}` },
                  a.label),
              ),
            ),
          ),
        ),
      ),
      h("button", { type: "submit", class: "infoshare-button" }, "Continue"),
    );
    this.bindQuestionForm(form);
    this.stepEl.replaceChildren(
      this.backLink(v) || "",
      this.caption(),
      h("p", { class: "infoshare-progress" }, `Question ${v.progress?.step ?? 1}`),
      form,
      this.sources(v.sources) || "",
      this.related(v.related) || "",
      v.can_go_back ? this.startAgainButton() : "",
    );
  }

  // -- rendering: check your answers ----------------------------------------

  renderCheck(v) {
    this.stepEl.replaceChildren(
      this.backLink(v) || "",
      this.caption(),
      h("h1", { class: "infoshare-heading", tabindex: "-1" }, "Check your answers"),
      h("p", {}, "Check your answers before you see the outcome. ",
        "If you change an answer, the questions after it are asked again."),
      this.answersList(v),
      h(
        "button",
        {
          type: "button",
          class: "infoshare-button",
          onclick: () => {
            this.setPhase("outcome");
            this.run(() => this.show());
          },
        },
        "Continue",
      ),
      this.startAgainButton(),
    );
  }

  // -- rendering: outcome and the record form -------------------------------

  decisionPanel(v) {
    return h(
      "div",
      { class: `infoshare-decision infoshare-decision--${v.decision}` },
      h("p", { class: "infoshare-decision__label" },
        "Outcome: ", h("strong", {}, DECISIONS[v.decision] || v.decision)),
    );
  }

  outcomeBody(v) {
    const template = this.bodies.get(v.node);
    const div = h("div", { class: "infoshare-outcome-body" });
    if (template) div.append(template.content.cloneNode(true));
    // Without a template the Markdown source is still readable as text.
    else if (v.body) div.append(h("p", {}, v.body));
    return div;
  }

  actions(v) {
    if (!v.actions?.length) return null;
    return [
      h("h2", { class: "infoshare-heading-m" }, "What to do now"),
      h("ol", { class: "infoshare-list infoshare-list--number" }, v.actions.map((a) => h("li", {}, a))),
    ];
  }

  renderOutcome(v, problems = null) {
    const fields = this.form?.fields || [];
    const required = new Set(this.form?.required || []);
    const errors = new Map();
    for (const p of problems || []) {
      const key = String(p.path || "").replace(/^details\./, "");
      if (!errors.has(key)) errors.set(key, p.message);
    }
    // The summary lists problems in the order of the fields on the page.
    const order = new Map(fields.map((f, i) => [f.key, i]));
    const summaryItems = [...errors]
      .sort(([a], [b]) => (order.get(a) ?? -1) - (order.get(b) ?? -1))
      .map(([key, text]) => ({
        text,
        target: order.has(key)
          ? this.fieldTarget(fields[order.get(key)])
          : fieldId(fields[0]?.key || ""),
      }));

    const form = h(
      "form",
      {
        class: "infoshare-record-form",
        novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          this.s.details = this.readDetails(form, fields);
          this.save();
          this.run(() => this.createRecord());
        },
        oninput: () => {
          this.s.details = this.readDetails(form, fields);
          this.save();
        },
      },
      this.fieldGroups(fields, required, errors),
      h("button", { type: "submit", class: "infoshare-button" }, "Create the decision record"),
    );

    const summary = summaryItems.length ? this.errorSummary(summaryItems) : null;
    this.stepEl.replaceChildren(
      this.backLink(v) || "",
      this.caption(),
      summary || "",
      h("h1", { class: "infoshare-heading", tabindex: "-1" }, v.title),
      this.decisionPanel(v),
      this.outcomeBody(v),
      ...(this.actions(v) || []),
      this.sources(v.sources) || "",
      this.related(v.related) || "",
      h("h2", { class: "infoshare-heading-m" }, "Your answers"),
      this.answersList(v),
      h("section", { class: "infoshare-record", "aria-labelledby": "infoshare-record-title" },
        h("h2", { class: "infoshare-heading-m", id: "infoshare-record-title" }, "Record your decision"),
        h("p", {}, "Fill in what you know now. The record is made on this device and is not sent anywhere: ",
          "you download it and keep it with your own case notes."),
        fields.length ? form : h("p", {}, "No details are needed for this outcome."),
        fields.length ? "" : h("button", {
          type: "button", class: "infoshare-button",
          onclick: () => this.run(() => this.createRecord()),
        }, "Create the decision record"),
      ),
      this.startAgainButton(),
    );
    if (summary) {
      if (!document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
      summary.focus();
    }
  }

  /**
   * The fields in their groups (all "consent.*" together, ...). Groups the
   * outcome needs, or that hold a value or an error, are shown; the rest sit
   * in one collapsed "optional" section so the form stays short.
   */
  fieldGroups(fields, required, errors) {
    const groups = new Map();
    for (const f of fields) {
      if (!groups.has(f.group_title)) groups.set(f.group_title, []);
      groups.get(f.group_title).push(f);
    }
    const shown = [];
    const more = [];
    for (const [group, list] of groups) {
      const section = h(
        "div",
        { class: "infoshare-field-group" },
        h("h3", { class: "infoshare-heading-s" }, group),
        list.map((f) => this.field(f, required.has(f.key), errors.get(f.key))),
      );
      const needed = list.some((f) => required.has(f.key) || errors.has(f.key) || this.s.details[f.key]);
      (needed ? shown : more).push(section);
    }
    if (!more.length) return shown;
    return [
      ...shown,
      h(
        "details",
        { class: "infoshare-details infoshare-more-details" },
        h("summary", { class: "infoshare-details__summary" }, "Add more to the record (optional)"),
        h("div", { class: "infoshare-details__text" }, more),
      ),
    ];
  }

  fieldTarget(f) {
    // A choice is a group of radios: link to its first radio.
    return f.kind === "choice" ? `${fieldId(f.key)}-0` : fieldId(f.key);
  }

  field(f, isRequired, error) {
    const id = fieldId(f.key);
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    const value = this.s.details[f.key] ?? "";
    const label = `${f.label}${isRequired ? "" : " (optional)"}`;
    const describedBy = [f.hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || null;
    const hint = f.hint ? h("div", { class: "infoshare-hint", id: hintId }, f.hint) : null;
    const errorEl = error
      ? h("p", { class: "infoshare-error-message", id: errorId }, hidden("Error: "), error)
      : null;
    const groupClass = `infoshare-form-group${error ? " infoshare-form-group--error" : ""}`;

    if (f.kind === "choice") {
      return h(
        "div",
        { class: groupClass },
        h(
          "fieldset",
          { class: "infoshare-fieldset", "aria-describedby": describedBy },
          h("legend", { class: "infoshare-fieldset__legend infoshare-fieldset__legend--s" }, label),
          hint,
          errorEl,
          h(
            "div",
            { class: "infoshare-radios infoshare-radios--small" },
            (f.choices || []).map((c, i) => {
              const choice = typeof c === "string" ? { value: c, label: c } : c;
              return h(
                "div",
                { class: "infoshare-radios__item" },
                h("input", {
                  class: "infoshare-radios__input",
                  id: `${id}-${i}`,
                  name: f.key,
                  type: "radio",
                  value: choice.value,
                  checked: value === choice.value,
                }),
                h("label", { class: "infoshare-radios__label", for: `${id}-${i}` }, choice.label),
              );
            }),
          ),
        ),
      );
    }
    const common = {
      id,
      name: f.key,
      class: error ? "infoshare-input infoshare-input--error" : "infoshare-input",
      "aria-describedby": describedBy,
      "aria-invalid": error ? "true" : null,
    };
    let control;
    if (f.kind === "textarea") {
      control = h("textarea", { ...common, class: `${common.class} infoshare-textarea`, rows: 4 });
      control.value = value;
    } else {
      const type = f.kind === "date" ? "date" : f.kind === "datetime" ? "datetime-local" : "text";
      control = h("input", { ...common, type, autocomplete: "off", spellcheck: type === "text" ? null : "false" });
      control.value = value;
    }
    return h("div", { class: groupClass },
      h("label", { class: "infoshare-label", for: id }, label), hint, errorEl, control);
  }

  readDetails(form, fields) {
    const details = {};
    for (const f of fields) {
      let value;
      if (f.kind === "choice") value = form.querySelector(`input[name="${CSS.escape(f.key)}"]:checked`)?.value;
      else value = form.elements.namedItem(f.key)?.value;
      if (value !== undefined && value !== "") details[f.key] = value;
    }
    return details;
  }

  async createRecord() {
    // The engine takes the flat {"consent.status": v} form as it is.
    const details = { ...this.s.details };
    const check = await this.call({ op: "check_details", state: this.s.state, details });
    if (check.problems?.length) {
      this.renderOutcome(this.view, check.problems);
      return;
    }
    const r = await this.call({ op: "record", state: this.s.state, details });
    this.s.record = r.record;
    this.s.phase = "record";
    this.save();
    this.renderRecord(this.view);
    this.focusHeading();
  }

  // -- rendering: the record -------------------------------------------------

  renderRecord(v) {
    const record = this.s.record;
    const fields = this.form?.fields || [];
    const labels = new Map(fields.map((f) => [f.key, f]));
    const detailRows = Object.entries(this.s.details).map(([key, value]) => {
      const f = labels.get(key);
      const choice = f?.choices?.find((c) => c.value === value);
      return { key: f?.label || key, value: choice?.label || value };
    });
    const copyStatus = h("p", { class: "infoshare-copy-status", role: "status", "aria-live": "polite" });
    const fallback = h("div", { class: "infoshare-copy-fallback", hidden: true });

    this.stepEl.replaceChildren(
      this.caption(),
      h("h1", { class: "infoshare-heading", tabindex: "-1" }, "Your decision record is ready"),
      h("p", {}, "Nothing has been sent anywhere. Download the record or copy it into your case notes ",
        "now: when you close this tab, your answers are gone."),
      h(
        "div",
        { class: "infoshare-button-group infoshare-no-print" },
        h("button", { type: "button", class: "infoshare-button", onclick: () => this.download() },
          "Download record (JSON)"),
        h("button", {
          type: "button",
          class: "infoshare-button infoshare-button--secondary",
          onclick: () => this.run(() => this.copy(copyStatus, fallback)),
        }, "Copy as text"),
        h("button", {
          type: "button",
          class: "infoshare-button infoshare-button--secondary",
          onclick: () => window.print(),
        }, "Print"),
      ),
      copyStatus,
      fallback,
      h("h2", { class: "infoshare-heading-m" }, v.title),
      this.decisionPanel(v),
      this.summaryList([
        { key: "Record ID", value: record?.record_id || "" },
        { key: "Flowchart", value: `${record?.flow?.title || this.flowTitle} (version ${record?.flow?.version || ""})` },
        { key: "Completed", value: readableTime(record?.completed_at) },
      ]),
      h("h2", { class: "infoshare-heading-m" }, "Your answers"),
      this.answersList(v, { changeable: false }),
      detailRows.length ? h("h2", { class: "infoshare-heading-m" }, "Details") : "",
      detailRows.length ? this.summaryList(detailRows) : "",
      h("p", { class: "infoshare-no-print" }, h("button", {
        type: "button",
        class: "infoshare-link-button",
        onclick: () => {
          this.s.phase = "outcome";
          this.s.record = null;
          this.save();
          this.run(() => this.show());
        },
      }, "Change the details")),
      this.startAgainButton(),
    );
  }

  download() {
    const record = this.s.record;
    const blob = new Blob([JSON.stringify(record, null, 2) + "\n"], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: `decision-record-${this.flowId}-${today()}.json`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    // Give the browser time to start the download before freeing the blob.
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async copy(statusEl, fallback) {
    const { text } = await this.call({ op: "record_text", record: this.s.record });
    statusEl.textContent = "";
    try {
      if (!navigator.clipboard?.writeText) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      fallback.hidden = true;
      statusEl.textContent = "Copied. Paste it into your case notes.";
    } catch {
      // Clipboard refused (permissions, insecure context): let the user copy.
      const area = h("textarea", {
        id: "infoshare-record-text",
        class: "infoshare-input infoshare-textarea",
        rows: 12,
        readonly: true,
      });
      area.value = text;
      fallback.replaceChildren(
        h("label", { class: "infoshare-label", for: "infoshare-record-text" },
          "The record as text. It is selected: press Ctrl+C (or Cmd+C on a Mac) to copy it."),
        area,
      );
      fallback.hidden = false;
      area.focus();
      area.select();
    }
  }
}

const root = document.getElementById("infoshare-stepper");
if (root && !root.dataset.started) {
  root.dataset.started = "true";
  new Stepper(root);
  // A printed record should show its sources, which sit in closed <details>.
  window.addEventListener("beforeprint", () => {
    for (const d of root.querySelectorAll("details:not([open])")) {
      d.dataset.printOpened = "true";
      d.open = true;
    }
  });
  window.addEventListener("afterprint", () => {
    for (const d of root.querySelectorAll("details[data-print-opened]")) {
      delete d.dataset.printOpened;
      d.open = false;
    }
  });
}
