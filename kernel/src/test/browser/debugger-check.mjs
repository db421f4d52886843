// JupyterLab 4's debugger with the conclab-java-debug kernel, as a person uses it, in Debian's
// headless Chromium: switch the debugger on (the bug icon), click a line's gutter for a
// breakpoint, run the cell, see the Call Stack and Variables panels, press continue, see the cell
// finish and the notebook's variables listed. Run by test_browser.py (LAB_URL, LAB_TOKEN,
// ARTIFACTS); each step waits, with a bound, for what it expects and leaves a screenshot; a failed
// step leaves one too and exits with 1.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

const url = process.env.LAB_URL;
const token = process.env.LAB_TOKEN;
const artifacts = process.env.ARTIFACTS;
mkdirSync(artifacts, { recursive: true });

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
let step = "start";
// JupyterLab's own errors (a debug reply it could not use, say) say more than a timeout does.
page.on("console", (message) => { if (message.type() === "error") console.error(`browser: ${message.text()}`); });

async function check(name, body) {
  step = name;
  console.log(`- ${name}`);
  await body();
  await page.screenshot({ path: `${artifacts}/${name}.png` });
}

async function until(what, condition, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`waited ${seconds} s for ${what}`);
    await page.waitForTimeout(100);
  }
}

// DEBUG_WS=1: prints the DAP traffic the page sends and hears (each request, reply and event, timed),
// to see what JupyterLab asked and what the kernel answered.
if (process.env.DEBUG_WS) page.on("websocket", (ws) => {
  const started = Date.now();
  const show = (dir) => (f) => {
    const t = String(f.payload);
    const type = /"msg_type":"(debug_request|debug_reply|debug_event|status)"/.exec(t);
    if (!type) return;
    // The message's own id and its parent's (the first two msg_ids in the frame), then its content.
    const ids = [...t.matchAll(/"msg_id":"([^"]*)"/g)].map((m) => m[1].slice(0, 8)).join("<");
    const body = type[1] === "status" ? /"execution_state":"\w+"/.exec(t)?.[0] ?? ""
      : t.slice(Math.max(t.lastIndexOf('{"seq"'), t.lastIndexOf('{"type"')));
    console.log(`${((Date.now() - started) / 1000).toFixed(2)} ${dir} ${type[1]} ${ids} ${body.slice(0, 300)}`);
  };
  ws.on("framesent", show(">>")); ws.on("framereceived", show("<<"));
});
const notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)");
const cell = notebook.locator(".jp-Notebook .jp-Cell").first();
const sidebar = page.locator("#jp-debugger-sidebar");
const text = async (locator) => ((await locator.count()) > 0 ? (await locator.first().innerText()).trim() : "");

try {
  await check("d1-debugger-kernel-notebook-open", async () => {
    await page.goto(`${url}/lab/tree/debugger-check.ipynb?token=${token}`);
    await cell.waitFor({ timeout: 60_000 });
    await until("the debugger kernel to be idle", async () =>
      /Concurrency Lab, debugger\) \| Idle/.test(await page.locator("#jp-main-statusbar").innerText()));
  });

  await check("d2-debugger-switched-on", async () => {
    const bug = notebook.locator(".jp-DebuggerBugButton").first();
    // Enabled once JupyterLab has seen the kernel say debugger: true.
    await until("the bug icon to be enabled", async () => (await bug.count()) > 0 && !(await bug.isDisabled()), 30);
    await bug.click();
    if (!(await sidebar.isVisible())) {
      await page.locator('.lm-TabBar-tab[data-id="jp-debugger-sidebar"]').click();
    }
    await until("the debugger's sidebar", () => sidebar.isVisible(), 20);
    // Started: the sidebar names the notebook (before, it says "-"), and breakpoints now reach the kernel.
    await until("the debug session to start", async () =>
      (await text(sidebar.locator(".jp-SidePanel-header h2"))).toLowerCase().includes("debugger-check.ipynb"), 30);
    // The debugger shows line numbers and a breakpoint gutter in each cell once it started.
    await until("the breakpoint gutter", async () => (await cell.locator(".cm-gutter.cm-breakpoint-gutter").count()) > 0, 30);
  });

  await check("d3-breakpoint-on-line-3", async () => {
    const lineNumber = cell.locator(".cm-lineNumbers .cm-gutterElement", { hasText: /^3$/ });
    const line = await lineNumber.boundingBox();
    const gutter = await cell.locator(".cm-gutter.cm-breakpoint-gutter").boundingBox();
    await page.mouse.click(gutter.x + gutter.width / 2, line.y + line.height / 2);
    await until("the breakpoint on line 3 in the Breakpoints panel", async () =>
      (await text(sidebar.locator(".jp-DebuggerBreakpoint .jp-DebuggerBreakpoint-line"))) === "3", 20);
  });

  await check("d4-call-stack-shows-the-cell-frame", async () => {
    await cell.locator(".cm-content").click();
    await page.keyboard.press("Control+Enter");
    await until("the stopped thread's frame in the Call Stack panel", async () =>
      /lambda in cell/.test(await text(sidebar.locator(".jp-DebuggerCallstackFrame-name"))), 60);
  });

  await check("d5-variables-panel-shows-a-local", async () => {
    const variables = sidebar.locator(".jp-DebuggerVariables");
    await until("the local answer = 42 in the Variables panel", async () => {
      const shown = await text(variables);
      return /answer/.test(shown) && /42/.test(shown);
    }, 30);
  });

  await check("d6-continue-lets-the-cell-finish", async () => {
    await sidebar.locator('[data-command="debugger:continue"]').first().click();
    await until("the cell's last line", async () =>
      (await text(cell.locator(".jp-OutputArea"))).includes("cell done"), 30);
    const output = await text(cell.locator(".jp-OutputArea"));
    if (!output.includes("worker 42")) throw new Error(`the thread's line is missing: ${output}`);
    // No thread stopped: the Variables panel lists the notebook's variables (inspectVariables).
    await until("the notebook's variable worker in the Variables panel", async () =>
      /worker/.test(await text(sidebar.locator(".jp-DebuggerVariables"))), 20);
  });
  console.log("all debugger checks passed");
} catch (error) {
  console.error(`FAILED at ${step}: ${error.message}`);
  console.error(`debugger sidebar: ${await sidebar.innerHTML().catch(() => "(none)")}`.slice(0, 4000));
  await page.screenshot({ path: `${artifacts}/FAILED-${step}.png` }).catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}
