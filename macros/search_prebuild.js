/* Build Material's lunr index under node, exactly as Material's search worker builds it in the browser
 * (macros/search_prebuilt.py runs this; macros/search_worker.js explains how the browser loads it).
 *
 *     node macros/search_prebuild.js WORKER_SCRIPT < search_index.json > prebuilt.json
 *
 * WORKER_SCRIPT is the site's Material worker with macros/search_worker.js before it. It runs in a fresh
 * context that looks like a worker's (self, addEventListener, postMessage), is sent the index as the
 * search box sends it, and the index its `lunr(…)` builds (without token positions: search_worker.js)
 * is written out in the compact form below. */
"use strict"
const fs = require("fs")
const vm = require("vm")

const [script] = process.argv.slice(2)

/* lunr's index JSON, smaller: documents by their number in `docs`, postings as gaps between those numbers,
 * no token positions (the browser places highlighting in the documents a query matches:
 * macros/search_worker.js), and, with Material's b = 0 (no field-length normalisation), no field vectors
 * either: each posting carries its term frequency, from which the browser scores as lunr's builder does */
function compact(index, builder) {
  const number = new Map(data.docs.map((doc, i) => [doc.location, i]))
  const fields = index.fields
  const frequencies = builder._b === 0 ? builder.fieldTermFrequencies : null
  const terms = index.invertedIndex.map(([term, posting]) => [term, posting._index, ...fields.map(field => {
    const refs = Object.keys(posting[field] || {}).sort((a, b) => number.get(a) - number.get(b))
    return refs.flatMap((ref, i) => {
      const step = number.get(ref) - (i ? number.get(refs[i - 1]) : 0)
      return frequencies ? [step, frequencies[`${field}/${ref}`][term]] : [step]
    })
  })])
  if (frequencies) return { fields, terms, frequencies: true, pipeline: index.pipeline }
  const vectors = index.fieldVectors.map(([key, vector]) => {
    const cut = key.indexOf("/")
    return [fields.indexOf(key.slice(0, cut)), number.get(key.slice(cut + 1)), vector]
  })
  return { fields, terms, vectors, pipeline: index.pipeline }
}
const data = JSON.parse(fs.readFileSync(0, "utf8"))
delete data.config.prebuilt
const listeners = []
const context = {
  console,
  addEventListener: (type, listener) => { if (type === "message") listeners.push(listener) },
  postMessage: () => {},
  importScripts: () => { throw new Error("prebuild: the index needs lunr language files (lang other than en)") },
  __coursePrebuild: (index, builder) => {
    process.stdout.write(JSON.stringify(compact(index.toJSON(), builder)))
  }
}
context.self = context
vm.createContext(context)
vm.runInContext(fs.readFileSync(script, "utf8"), context, { filename: script })
context.postMessage = reply => { if (reply && reply.type !== 1) process.exitCode = 1 }
for (const listener of listeners) listener({ data: { type: 0, data } })
