/* The CPU time of each step of the search worker's first search, under node (tests/benchmark.py runs it):
 * a steadier figure than the browser's wall clock on a shared machine.
 *
 *     node tests/search_steps.js SITE QUERY…
 *
 * SITE is a built site. Its own search worker (Material's, with macros/search_worker.js before it) runs in
 * a fresh context that looks like a worker's, fetching from SITE's files; it is sent the set-up message as
 * Material's search box sends it (search/search_index.json), then each query. Prints one JSON object:
 * {index: "prebuilt" or "built", setup: ms, queries: [ms, …]}, CPU milliseconds (user + system, the
 * garbage collector's threads included) of the set-up (fetching and parsing the search data included) and
 * of each query until its answer is posted. */
"use strict"
const fs = require("fs")
const path = require("path")
const vm = require("vm")

const [site, ...queries] = process.argv.slice(2)
const folder = path.join(site, "assets", "javascripts", "workers")
const name = fs.readdirSync(folder).find(file => /^search\..*\.min\.js$/.test(file))
const scriptURL = `http://127.0.0.1/assets/javascripts/workers/${name}`
const answers = []
const listeners = []
const context = {
  console,
  URL,
  location: { href: scriptURL },
  addEventListener: (type, listener) => {
    if (type === "message") listeners.push(listener)
  },
  postMessage: message => answers.push(message),
  fetch: async url => {
    const file = path.join(site, decodeURIComponent(new URL(url).pathname))
    return { ok: true, url, json: async () => JSON.parse(fs.readFileSync(file, "utf8")) }
  },
  importScripts: () => {
    throw new Error("search_steps: the index needs lunr language files (lang other than en)")
  }
}
context.self = context
vm.createContext(context)
vm.runInContext(fs.readFileSync(path.join(folder, name), "utf8"), context, { filename: name })

const cpu = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}
/* the CPU time from sending `message` until the worker posts its answer */
async function step(message) {
  answers.length = 0
  const start = cpu()
  for (const listener of listeners) listener({ data: message })
  while (!answers.length) await new Promise(resolve => setImmediate(resolve))
  return cpu() - start
}

;(async () => {
  const { config, docs } = JSON.parse(fs.readFileSync(path.join(site, "search", "search_index.json"), "utf8"))
  const setup = await step({ type: 0, data: { config, docs, options: { suggest: true } } })
  const times = []
  for (const query of queries) times.push(await step({ type: 2, data: query }))
  process.stdout.write(JSON.stringify({ index: context.courseSearchIndex, setup, queries: times }))
})()
