// Drives JupyterLab 4 in Debian's headless Chromium the way a person would, and checks what they
// would see. Run by kernel/src/test/python/test_browser.py, which starts JupyterLab and passes
// LAB_URL, LAB_TOKEN and ARTIFACTS. Each step waits for what it expects, with a bound, and leaves a
// screenshot in ARTIFACTS; a failed step leaves one too and ends the run with exit code 1.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

const url = process.env.LAB_URL;
const token = process.env.LAB_TOKEN;
const artifacts = process.env.ARTIFACTS;
mkdirSync(artifacts, { recursive: true });

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
let step = "start";

async function check(name, body) {
  step = name;
  console.log(`- ${name}`);
  await body();
  await page.screenshot({ path: `${artifacts}/${name}.png` });
}

const cells = () => page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell");
const cell = (index) => cells().nth(index);
const outputText = async (index) => (await cell(index).locator(".jp-OutputArea").innerText()).trim();
const prompt = async (index) => (await cell(index).locator(".jp-InputPrompt").innerText()).trim();

async function until(what, condition, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`waited ${seconds} s for ${what}`);
    await page.waitForTimeout(100);
  }
}

async function open(notebook) {
  await page.goto(`${url}/lab/tree/${notebook}?token=${token}`);
  await cell(0).waitFor({ timeout: 60_000 });
  // The kernel is ready when the status bar shows this notebook, names the kernel and says it is
  // idle (before it connects, the bar says "No Kernel" and Run All would ask for one).
  await until("the kernel to be idle", async () => {
    const bar = await page.locator("#jp-main-statusbar").innerText();
    return bar.includes(notebook) && /Concurrency Lab\) \| Idle/.test(bar);
  });
}

// JupyterLab draws only the cells near the view, so the page alone cannot say whether a long
// notebook has finished; its model can. Returns, for each code cell, its count and output types.
const codeCellsOfModel = () => page.evaluate(() => {
  const notebook = window.jupyterapp.shell.currentWidget.content;
  return notebook.widgets.map((widget, index) => ({ index, model: widget.model }))
    .filter(({ model }) => model.type === "code")
    .map(({ index, model }) => ({
      index,
      count: model.executionCount,
      types: Array.from({ length: model.outputs.length }, (_, i) => model.outputs.get(i).type),
      mimes: Array.from({ length: model.outputs.length }, (_, i) => Object.keys(model.outputs.get(i).data)).flat(),
    }));
});

// The text of cell `index`'s outputs as JupyterLab holds them, drawn or not.
const outputsOfModel = (index) => page.evaluate((index) => {
  const outputs = window.jupyterapp.shell.currentWidget.content.widgets[index].model.outputs;
  return Array.from({ length: outputs.length }, (_, i) => outputs.get(i).toJSON());
}, index);

// Scrolls cell `index` into view, as a reader would, and returns its element on the page.
async function scrollTo(index) {
  await page.evaluate(async (index) => {
    const notebook = window.jupyterapp.shell.currentWidget.content;
    document.querySelectorAll("[data-check-target]").forEach((node) => node.removeAttribute("data-check-target"));
    await notebook.scrollToItem(index, "center");
    notebook.widgets[index].node.setAttribute("data-check-target", "");
  }, index);
  const element = page.locator("[data-check-target]");
  await element.waitFor({ timeout: 10_000 });
  return element;
}

// The index of the first code cell whose stored output has `mime` containing `marker`, or -1.
const cellWithOutput = (mime, marker) => page.evaluate(([mime, marker]) => {
  const notebook = window.jupyterapp.shell.currentWidget.content;
  return notebook.widgets.findIndex((widget) => widget.model.type === "code"
    && Array.from({ length: widget.model.outputs.length }, (_, i) => widget.model.outputs.get(i).data[mime])
      .some((data) => data !== undefined && String(data).includes(marker)));
}, [mime, marker]);

async function runAll() {
  await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
  await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
}

try {
  await check("1-scratch-notebook-open", () => open("browser-check.ipynb"));
  await runAll();

  await check("2-thread-of-cell-1-prints-into-cell-1-while-cell-2-runs", async () => {
    await until("cell 2 to run", async () => (await prompt(1)) === "[*]:");
    const ticks = async () => (await outputText(0)).split("\n").filter((l) => l.startsWith("tick")).length;
    const before = await ticks();
    await until("a new tick in cell 1 while cell 2 runs", async () => (await ticks()) > before && (await prompt(1)) === "[*]:", 20);
    await until("cell 2 to finish", async () => (await outputText(1)).includes("cell two done"));
    const second = await outputText(1);
    if (second.includes("tick")) throw new Error(`cell 2 shows the thread's lines: ${second}`);
  });

  await check("3-timeline-image-rendered", async () => {
    const image = cell(2).locator(".jp-OutputArea-output img");
    await image.waitFor({ timeout: 60_000 });
    await until("the timeline image to be drawn", async () => image.evaluate((img) => img.complete && img.naturalWidth > 0));
  });

  await check("4-toolbar-interrupt-stops-the-spinning-cell", async () => {
    await until("the spinning cell to run", async () => (await prompt(3)) === "[*]:");
    await page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) [data-jp-item-name='interrupt'] button, .jp-NotebookPanel:not(.lm-mod-hidden) jp-button[data-command='notebook:interrupt-kernel']").first().click();
    await until("the cell to say it was interrupted", async () => (await outputText(3)).includes("Interrupted"), 20);
    await until("the cell to end", async () => (await prompt(3)) !== "[*]:", 20);
  });

  await check("5-every-tick-reached-cell-1", async () => {
    // The interrupt's report may have scrolled cell 1 out of view, where JupyterLab skips drawing
    // it: a reader scrolls back up to it.
    const first = await scrollTo(0);
    try {
      await until("the thread's last line", async () => (await first.locator(".jp-OutputArea").innerText()).includes("tick 14"), 20);
    } catch (error) {
      // Tells a line the kernel never sent from one JupyterLab holds but has not drawn.
      throw new Error(`${error.message}; cell 1's outputs in JupyterLab's model: ${JSON.stringify(await outputsOfModel(0))}`);
    }
  });

  await check("6-completer-offers-println", async () => {
    await cell(4).locator(".cm-content").click();
    await page.keyboard.type("System.out.pri");
    await page.keyboard.press("Tab");
    const item = page.locator(".jp-Completer .jp-Completer-item", { hasText: "println" });
    await item.first().waitFor({ timeout: 20_000 });
  });

  await check("7-provided-notebook-runs-all", async () => {
    await open("01-threads-for-io-bound-work.ipynb");
    await runAll();
    let model = [];
    await until("every code cell of notebook 01 to have run", async () => {
      model = await codeCellsOfModel();
      return model.length > 0 && model.every((c) => c.count !== null);
    }, 150);
    if (model.some((c) => c.types.includes("error"))) throw new Error(`notebook 01 has a failing cell: ${JSON.stringify(model)}`);
    const timed = await scrollTo(model.find((c) => c.count !== null && c.index > 1).index);
    // A cell scrolled into view is drawn a moment later (JupyterLab renders the notebook in windows).
    await until("notebook 01's first timed cell to show its total time", async () =>
      (await timed.locator(".jp-OutputArea").innerText()).includes("Total time"), 20);
    const charted = model.find((c) => c.mimes.includes("image/svg+xml"));
    if (!charted) throw new Error("no cell of notebook 01 has an image output");
    const image = (await scrollTo(charted.index)).locator(".jp-OutputArea-output img").first();
    await until("notebook 01's image to be drawn", async () =>
      (await image.count()) > 0 && (await image.evaluate((img) => img.complete && img.naturalWidth > 0)), 30);
  });
  await check("8-notebook-7-runs-a-cell", async () => {
    // Notebook 7's interface, served by the same server: one page per notebook, no status bar.
    await page.goto(`${url}/notebooks/notebook7-check.ipynb?token=${token}`);
    await cell(0).waitFor({ timeout: 60_000 });
    // The page's execution indicator says "idle" before the page has a kernel at all, and a cell
    // run then does nothing: wait until the server has this notebook's kernel, started and idle.
    await until("the server to have the notebook's kernel, idle", async () => {
      const sessions = await (await fetch(`${url}/api/sessions?token=${token}`)).json();
      return sessions.some((s) => s.path.endsWith("notebook7-check.ipynb") && s.kernel?.execution_state === "idle");
    }, 120);
    await until("the kernel to be idle", async () =>
      (await page.locator(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator, .jp-Notebook-ExecutionIndicator").first().getAttribute("data-status")) === "idle");
    await cell(0).locator(".cm-content").click();
    await page.keyboard.press("Shift+Enter");
    await until("the cell's printed line", async () => (await outputText(0)).includes("hello from Notebook 7"), 60);
    const image = cell(0).locator(".jp-OutputArea-output img");
    await until("the chart to be drawn", async () =>
      (await image.count()) > 0 && (await image.first().evaluate((img) => img.complete && img.naturalWidth > 0)), 30);
  });
  await check("9-race-lab-views-render", async () => {
    // Notebook 08 as stored: the outcome histograms and Lincheck's schedule, one column per thread.
    await open("08-races-you-can-see.ipynb");
    const histogram = await cellWithOutput("text/html", "conclab-race");
    if (histogram < 0) throw new Error("notebook 08 has no stored outcome histogram");
    // The chart is an <img>: JupyterLab drops an inline <svg> from an untrusted notebook's HTML.
    const bars = (await scrollTo(histogram)).locator(".jp-OutputArea-output img").first();
    await until("a histogram's chart to be drawn", async () =>
      (await bars.count()) > 0 && (await bars.evaluate((img) => img.complete && img.naturalWidth > 0)), 30);
    await page.screenshot({ path: `${artifacts}/9-histogram-as-stored.png` });
    const schedule = await cellWithOutput("text/html", "conclab-interleaving");
    if (schedule < 0) throw new Error("notebook 08 has no stored interleaving table");
    const table = (await scrollTo(schedule)).locator(".jp-OutputArea-output table").first();
    await table.waitFor({ timeout: 30_000 });
    const headers = await table.locator("th").allInnerTexts();
    if (!headers.includes("Thread 1") || !headers.includes("Thread 2")) throw new Error(`the schedule's columns are ${headers}`);
    const body = await table.innerText();
    if (!body.includes("count")) throw new Error(`the schedule shows no read or write of count: ${body}`);
    // Notebook 04 as stored: the timeline recorded with locks shows who waited for whom.
    await open("04-synchronization.ipynb");
    const locks = await page.evaluate(() => {
      const notebook = window.jupyterapp.shell.currentWidget.content;
      return notebook.widgets.findIndex((widget) => widget.model.type === "code"
        && widget.model.sharedModel.getSource().includes("recordWithLocks")
        && Array.from({ length: widget.model.outputs.length }, (_, i) => widget.model.outputs.get(i).data["image/svg+xml"]).some(Boolean));
    });
    if (locks < 0) throw new Error("notebook 04 has no stored timeline recorded with locks");
    const image = (await scrollTo(locks)).locator(".jp-OutputArea-output img").first();
    await until("the contention timeline to be drawn", async () =>
      (await image.count()) > 0 && (await image.evaluate((img) => img.complete && img.naturalWidth > 0)), 30);
  });
  console.log("all browser checks passed");
} catch (error) {
  console.error(`FAILED at ${step}: ${error.message}`);
  await page.screenshot({ path: `${artifacts}/FAILED-${step}.png` }).catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}
