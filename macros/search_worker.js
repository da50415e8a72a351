/* A lunr index built at build time, loaded by Material's search worker instead of built in the browser
 * (macros/search_prebuilt.py explains the why; the build puts this file before Material's worker script).
 *
 * Material's worker answers its first message ({type: 0, data: search_index.json}) with `new Search(data)`,
 * which calls the global `lunr(function () {…})` to build the index from `docs`: set-up (tokenizer,
 * separator, pipeline, fields with an extractor that records where each token is, for highlighting),
 * then `this.add(doc)` per document. When the index's `config` carries `prebuilt` (Material's search box
 * passes `config` and `docs` on, nothing else; `prebuilt` is lunr's `index.toJSON()` in a compact form,
 * built with that same set-up by Material's worker run under node), this file's `lunr` runs the set-up
 * on a builder that only collects the documents, and returns `lunr.Index.load(prebuilt)`. The positions
 * for highlighting are recorded only for the documents a result list shows: Material reads them from a
 * Map its extractors write to, and that Map's `get` tokenizes the document on first use, with Material's
 * own extractor and tokenizer. Without `prebuilt`, or if anything is not as expected, Material builds
 * the index as before.
 *
 * `self.courseSearchIndex` says which it was ("prebuilt" or "built"), for tests and a look in DevTools.
 *
 * Under node (macros/search_prebuild.js), `self.__coursePrebuild` is set: the index Material builds is
 * handed to it instead. */
(() => {
  "use strict"
  let original = null
  let pending = null

  /* Registered before Material's handler, which builds the index in a microtask that runs before any
   * later listener would see the message */
  addEventListener("message", event => {
    const message = event.data
    const config = message && message.type === 0 && message.data && message.data.config
    if (config && config.prebuilt) {
      pending = config.prebuilt
      delete config.prebuilt
    }
  })

  /* The Map Material's extractors write positions to: caught as the first extractor writes to it. */
  function positionsMap(name, extractor) {
    const set = Map.prototype.set
    let map = null
    Map.prototype.set = function (...args) {
      map = this
      return set.apply(this, args)
    }
    try {
      extractor({ location: "\u2060", [name]: "" })
    } finally {
      Map.prototype.set = set
    }
    return map
  }

  /* lunr's `Index.toJSON()` from the compact form of search_prebuild.js: documents by number, postings
   * without positions (they are most of lunr's JSON; see tokens() below). */
  function expand(compact, refs) {
    const fields = compact.fields
    const invertedIndex = compact.terms.map(([term, number, ...postings]) => {
      const posting = { _index: number }
      fields.forEach((field, i) => {
        const docs = {}
        let ref = 0
        for (const step of postings[i] || []) docs[refs[ref += step]] = {}
        posting[field] = docs
      })
      return [term, posting]
    })
    const fieldVectors = compact.vectors.map(([field, doc, vector]) => [`${fields[field]}/${refs[doc]}`, vector])
    return { version: original.version, fields, fieldVectors, invertedIndex, pipeline: compact.pipeline }
  }

  function load(setup, compact) {
    const builder = new original.Builder()
    builder.pipeline.add(original.trimmer, original.stopWordFilter, original.stemmer)
    builder.searchPipeline.add(original.stemmer)
    const docs = new Map(), refs = []
    builder.add = doc => {
      docs.set(doc.location, doc)
      refs.push(doc.location)
    }
    setup.call(builder, builder)
    const index = original.Index.load(expand(compact, refs))
    const fields = builder._fields
    const name = Object.keys(fields).find(key => fields[key].extractor)
    const map = name && positionsMap(name, fields[name].extractor)
    if (!map) return null
    map.clear()

    /* a document's field, tokenized once, as Material's builder would: the extractor writes the field's
     * highlighting table into `map`, and each token's position is noted by term */
    const tokenized = new Map()
    const tokens = key => {
      if (!tokenized.has(key)) {
        const cut = key.lastIndexOf(":")
        const doc = docs.get(key.slice(0, cut)), fieldName = key.slice(cut + 1)
        const field = fields[fieldName]
        const byTerm = new Map()
        if (doc && field && field.extractor) {
          const value = field.extractor(doc)
          if (value !== undefined)
            for (const token of builder.tokenizer(value, { fields: [fieldName] })) {
              const term = token.toString()
              if (!byTerm.has(term)) byTerm.set(term, [])
              byTerm.get(term).push(token.metadata.position)
            }
        }
        tokenized.set(key, byTerm)
      }
      return tokenized.get(key)
    }
    const get = Map.prototype.get
    map.get = function (key) {
      tokens(key)
      return get.call(this, key)
    }
    /* results carry the positions of their matched terms, as if the index had stored them */
    const query = index.query
    index.query = function (...args) {
      const results = query.apply(this, args)
      for (const { ref, matchData } of results)
        for (const [term, byField] of Object.entries(matchData.metadata))
          for (const [field, metadata] of Object.entries(byField))
            metadata.position = tokens(`${ref}:${field}`).get(term) || []
      return results
    }
    return index
  }

  function lunr(setup) {
    const prebuilt = pending
    pending = null
    if (prebuilt && !self.__coursePrebuild && original.Index && original.Builder) {
      try {
        const index = load(setup, prebuilt)
        if (index) {
          self.courseSearchIndex = "prebuilt"
          return index
        }
      } catch (error) {
        console.warn("prebuilt search index not loaded, building it", error)
      }
    }
    const index = original(setup)
    self.courseSearchIndex = "built"
    if (self.__coursePrebuild) self.__coursePrebuild(index)
    return index
  }
  /* Material's worker sets `self.lunr` once, and calls the global `lunr` by name: it gets this one */
  Object.defineProperty(self, "lunr", {
    configurable: true,
    get: () => original && lunr,
    set: value => {
      original = value
      Object.setPrototypeOf(lunr, value)
    }
  })
})()
